"""Guest logic without a server: durations, the token file, the plan, and the forms of the guest count."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport import private_files
from ansible_collections.webexops.identity.plugins.module_utils.guests.tokens import (
    CACHE_FORMAT,
    CachedGuest,
    GuestInputError,
    cached_guest_from_answer,
    check_token_file_folder,
    guest_result,
    load_cached_guest,
    parse_duration,
    parse_guest_count,
    plan_guest_token,
    save_cached_guest,
)

NOW = 1_800_000_000
TOKEN = "guest-token-" + "x" * 2000


def cached(display_name: str = "Kiosk", expires_at: int = NOW + 86400, subject: str = "kiosk-1") -> CachedGuest:
    guest = {"id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ndWVzdA", "subject": subject, "display_name": display_name,
             "email": "a@appid.ciscospark.com"}
    return CachedGuest(guest=guest, access_token=TOKEN, expires_at=expires_at)


# --- durations -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, seconds", [
    (90, 90), ("90", 90), ("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1h30m", 5400),
    (" 2H ", 7200), ("1h 30m 15s", 5415), (0, 0),
])
def test_durations_in_seconds(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "two hours", "2x", "h", "-5", "1.5h", True, "2h and 3m"])
def test_bad_durations_name_the_forms_that_work(value):
    with pytest.raises(GuestInputError) as caught:
        parse_duration(value)
    assert "2h" in str(caught.value) and "\n" not in str(caught.value)


def test_negative_seconds_are_refused():
    with pytest.raises(GuestInputError, match="negative"):
        parse_duration(-1)


# --- the token file ------------------------------------------------------------------------------

def test_missing_file_means_nothing_cached(tmp_path):
    assert load_cached_guest(str(tmp_path / "absent.json"), "kiosk-1") is None


def test_saved_guest_reads_back_and_the_file_is_0600(tmp_path):
    path = str(tmp_path / "kiosk.json")
    save_cached_guest(path, cached())

    loaded = load_cached_guest(path, "kiosk-1")

    assert loaded == cached()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.json"]  # no temporary file left behind


def test_saving_replaces_a_wider_mode_with_0600(tmp_path):
    path = tmp_path / "kiosk.json"
    path.write_text("{}")
    path.chmod(0o644)

    save_cached_guest(str(path), cached())

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_file_is_never_readable_by_others_while_written(tmp_path, monkeypatch):
    """Every file in the folder, the temporary one included, is 0600 at the moment the token is written."""
    seen = []
    real_fdopen = os.fdopen

    def spying_fdopen(fd, *args, **kwargs):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(private_files.os, "fdopen", spying_fdopen)
    save_cached_guest(str(tmp_path / "kiosk.json"), cached())

    assert seen == [0o600]


@pytest.mark.parametrize("content, words", [
    ("not json at all", "not a guest token file"),
    (json.dumps({"some": "other tool"}), "not a guest token file"),
    (json.dumps([1, 2]), "not a guest token file"),
    (json.dumps({"format": CACHE_FORMAT, "guest": {"subject": "kiosk-1"}, "expires_at": NOW}), "damaged"),
    (json.dumps({"format": CACHE_FORMAT, "guest": {"subject": "kiosk-1", "display_name": "K"}, "access_token": "t",
                 "expires_at": "tomorrow"}), "damaged"),
])
def test_foreign_or_damaged_files_fail_and_stay_as_they_are(tmp_path, content, words):
    path = tmp_path / "kiosk.json"
    path.write_text(content)
    path.chmod(0o600)  # a private file of ours: only its content is wrong

    with pytest.raises(GuestInputError) as caught:
        load_cached_guest(str(path), "kiosk-1")

    assert words in str(caught.value) and str(path) in str(caught.value)
    assert path.read_text() == content


def test_a_file_of_another_subject_is_refused(tmp_path):
    path = str(tmp_path / "kiosk.json")
    save_cached_guest(path, cached(subject="kiosk-2"))

    with pytest.raises(GuestInputError, match="another subject .kiosk-2.; use one file per subject"):
        load_cached_guest(path, "kiosk-1")


def test_an_unreadable_file_fails_with_the_reason(tmp_path):
    path = tmp_path / "kiosk.json"
    path.mkdir()  # a folder cannot be read as a file, whoever runs the test (root ignores mode bits)

    with pytest.raises(GuestInputError, match="cannot be read"):
        load_cached_guest(str(path), "kiosk-1")


def test_a_file_in_a_missing_folder_cannot_be_written(tmp_path):
    with pytest.raises(GuestInputError, match="cannot be written .*folder exists"):
        save_cached_guest(str(tmp_path / "no-such-folder" / "kiosk.json"), cached())


def test_a_missing_folder_is_refused_before_any_token_is_issued(tmp_path):
    check_token_file_folder(str(tmp_path / "kiosk.json"))
    with pytest.raises(GuestInputError, match="its folder does not exist or is not writable"):
        check_token_file_folder(str(tmp_path / "no-such-folder" / "kiosk.json"))


def test_the_token_never_shows_in_the_repr():
    assert TOKEN not in repr(cached())


# --- the plan ------------------------------------------------------------------------------------

def test_nothing_cached_issues():
    plan = plan_guest_token(None, "Kiosk", NOW, 3600)
    assert (plan.action, plan.before, plan.after) == ("issue", {"token": "none cached"}, {"token": "issued"})


def test_a_token_valid_long_enough_is_reused():
    plan = plan_guest_token(cached(expires_at=NOW + 3600), "Kiosk", NOW, 3600)
    assert (plan.action, plan.needs_call, plan.before, plan.after) == ("reuse", False, {}, {})


def test_a_token_expiring_too_soon_is_replaced():
    plan = plan_guest_token(cached(expires_at=NOW + 3599), "Kiosk", NOW, 3600)
    assert (plan.action, plan.before) == ("issue", {"token": "expires too soon"})


def test_an_expired_token_is_replaced():
    assert plan_guest_token(cached(expires_at=NOW - 1), "Kiosk", NOW, 0).before == {"token": "expired"}


def test_a_new_display_name_renames():
    plan = plan_guest_token(cached(), "Kiosk 2", NOW, 3600)
    assert (plan.action, plan.before, plan.after) == ("rename", {"display_name": "Kiosk"},
                                                      {"display_name": "Kiosk 2", "token": "issued"})


def test_an_answer_becomes_a_cached_guest_with_an_expiry_time():
    answer = {"id": "gid", "subject": "kiosk-1", "displayName": "Kiosk", "email": "e@appid.ciscospark.com",
              "accessToken": TOKEN, "expiresIn": 86400, "somethingNew": 1}

    issued = cached_guest_from_answer(answer, NOW)

    assert issued.expires_at == NOW + 86400 and issued.access_token == TOKEN
    assert issued.guest == {"id": "gid", "subject": "kiosk-1", "display_name": "Kiosk", "email": "e@appid.ciscospark.com"}


def test_an_answer_without_a_token_is_an_error():
    with pytest.raises(GuestInputError, match="without an access token"):
        cached_guest_from_answer({"id": "gid", "subject": "kiosk-1"}, NOW)


def test_the_result_holds_the_time_left_and_the_utc_expiry_but_no_token():
    result = guest_result(cached().guest, NOW + 7200, NOW)
    assert result["expires_in"] == 7200 and result["expires_at"] == "2027-01-15T10:00:00Z"
    assert TOKEN not in json.dumps(result)


# --- the guest count -----------------------------------------------------------------------------

@pytest.mark.parametrize("body, count", [
    (3, 3), ("3", 3), ("3\n", 3), (3.0, 3), ({"count": 3}, 3), ({"total": 3}, 3), ('{"count": 3}', 3), (0, 0),
])
def test_every_form_of_the_count(body, count):
    assert parse_guest_count(body) == count


@pytest.mark.parametrize("body", [None, "", "three", True, {"a": 1, "b": 2}, [3], 2.5, {"count": "many"}])
def test_a_body_without_one_number_is_an_error(body):
    with pytest.raises(GuestInputError, match="holds no count"):
        parse_guest_count(body)
