"""webex_guest_token and webex_guest_info run by ansible-playbook against the emulator."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest
import requests

from playbook_runs import task_play, writes_in
from emulator.harness import ADMIN_TOKEN, GUEST_ISSUER_TOKEN, admin_headers

ISSUER = dict(WEBEX_ACCESS_TOKEN=GUEST_ISSUER_TOKEN)


def guest_token_task(name="guest token", no_log=False, **options):
    options.setdefault("subject", "kiosk-1")
    options.setdefault("display_name", "Kiosk One")
    task = {"name": name, "webexops.identity.webex_guest_token": options, "register": "issued"}
    if no_log:
        task["no_log"] = True
    return task


def guests_on_server(emulator):
    return {g["subject"]: g for g in emulator.state()["guests"]}


def token_posts(emulator):
    return [e for e in emulator.requests_log() if e["method"] == "POST" and e["path"] == "/v1/guests/token"]


def token_works(emulator, token):
    """The guest token is a real one: GET /people/me with it answers the guest (type appuser)."""
    response = requests.get(emulator.direct_url + "/people/me", headers=admin_headers(token), timeout=10)
    return response.status_code == 200 and response.json()["type"] == "appuser"


def test_without_a_file_every_run_issues_a_new_token(emulator, run_playbook):
    first = run_playbook(task_play(guest_token_task()), env=ISSUER)
    second = run_playbook(task_play(guest_token_task()), env=ISSUER)

    one, two = first.task("guest token"), second.task("guest token")
    assert first.rc == 0 and one["changed"] and one["action"] == "issued"
    assert second.rc == 0 and two["changed"]
    assert one["access_token"] != two["access_token"]
    assert token_works(emulator, one["access_token"]) and token_works(emulator, two["access_token"])
    guest = guests_on_server(emulator)["kiosk-1"]
    assert guest["tokens_issued"] == 2 and guest["displayName"] == "Kiosk One"
    assert one["guest"]["id"] == guest["id"] and one["guest"]["email"] == guest["email"]
    assert one["guest"]["subject"] == "kiosk-1" and 86000 < one["guest"]["expires_in"] <= 86400
    assert one["guest"]["expires_at"].endswith("Z")
    assert any("set no_log: true on this task" in w for w in one["warnings"])


def test_a_cached_token_is_reused_without_any_call(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    first = run_playbook(task_play(guest_token_task(token_file=token_file, min_valid_for="2h")), env=ISSUER)
    emulator.clear_log()

    second = run_playbook(task_play(guest_token_task(token_file=token_file, min_valid_for="2h")), env=ISSUER)

    one, two = first.task("guest token"), second.task("guest token")
    assert one["changed"] and one["action"] == "issued"
    assert second.rc == 0 and not two["changed"] and two["action"] == "reused"
    assert two["access_token"] == one["access_token"] and two["guest"]["id"] == one["guest"]["id"]
    assert emulator.requests_log() == []
    assert guests_on_server(emulator)["kiosk-1"]["tokens_issued"] == 1


def test_a_token_valid_for_less_than_min_valid_for_is_reissued(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    first = run_playbook(task_play(guest_token_task(token_file=token_file, min_valid_for="2h")), env=ISSUER)
    emulator.clear_log()

    # The emulator's guest tokens live 24 hours: asking for 25 hours of validity makes the cached one too short.
    second = run_playbook(task_play(guest_token_task(token_file=token_file, min_valid_for="25h")), env=ISSUER,
                          diff=True)

    two = second.task("guest token")
    assert two["changed"] and two["action"] == "issued"
    assert two["diff"]["before"] == {"token": "expires too soon"} and two["diff"]["after"] == {"token": "issued"}
    assert two["access_token"] != first.task("guest token")["access_token"]
    assert len(token_posts(emulator)) == 1
    assert json.loads(open(token_file).read())["access_token"] == two["access_token"]


def test_check_mode_reports_the_issue_and_calls_nothing(emulator, run_playbook, tmp_path):
    token_file = tmp_path / "kiosk.json"

    checked = run_playbook(task_play(guest_token_task(token_file=str(token_file))), env=ISSUER, check=True, diff=True)

    result = checked.task("guest token")
    assert checked.rc == 0 and result["changed"] and result["action"] == "issued" and result["access_token"] == ""
    assert result["diff"]["after"] == {"token": "issued"}
    assert emulator.requests_log() == [] and not token_file.exists() and "kiosk-1" not in guests_on_server(emulator)


def test_a_new_display_name_renames_the_guest(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    run_playbook(task_play(guest_token_task(token_file=token_file)), env=ISSUER)
    emulator.clear_log()

    checked = run_playbook(task_play(guest_token_task(token_file=token_file, display_name="Kiosk Lobby")), env=ISSUER,
                           check=True, diff=True)
    assert checked.task("guest token")["changed"] and emulator.requests_log() == []
    assert guests_on_server(emulator)["kiosk-1"]["displayName"] == "Kiosk One"

    renamed = run_playbook(task_play(guest_token_task(token_file=token_file, display_name="Kiosk Lobby")), env=ISSUER,
                           diff=True)
    again = run_playbook(task_play(guest_token_task(token_file=token_file, display_name="Kiosk Lobby")), env=ISSUER)

    result = renamed.task("guest token")
    assert result["changed"] and result["action"] == "renamed" and result["guest"]["display_name"] == "Kiosk Lobby"
    assert result["diff"] == checked.task("guest token")["diff"]
    assert result["diff"]["before"] == {"display_name": "Kiosk One"}
    assert result["diff"]["after"] == {"display_name": "Kiosk Lobby", "token": "issued"}
    assert len(token_posts(emulator)) == 1
    assert guests_on_server(emulator)["kiosk-1"]["displayName"] == "Kiosk Lobby"
    assert not again.task("guest token")["changed"] and len(writes_in(emulator.requests_log())) == 1


def test_the_token_file_is_0600(emulator, run_playbook, tmp_path):
    token_file = tmp_path / "kiosk.json"

    run_playbook(task_play(guest_token_task(token_file=str(token_file))), env=ISSUER)

    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kiosk")) == []


@pytest.mark.parametrize("content", ["garbage {", json.dumps({"token": "from another tool"})])
def test_a_corrupt_or_foreign_file_fails_and_is_left_alone(emulator, run_playbook, tmp_path, content):
    token_file = tmp_path / "kiosk.json"
    token_file.write_text(content)
    token_file.chmod(0o600)  # a private file of ours: only its content is wrong

    run = run_playbook(task_play(guest_token_task(token_file=str(token_file))), env=ISSUER)

    result = run.task("guest token")
    assert run.rc != 0 and result["failed"]
    assert "is not a guest token file of webexops.identity" in result["msg"] and "Traceback" not in run.stdout + run.stderr
    assert token_file.read_text() == content
    assert writes_in(emulator.requests_log()) == []


def test_a_file_of_another_subject_fails(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    run_playbook(task_play(guest_token_task(token_file=token_file, subject="kiosk-2")), env=ISSUER)
    before = open(token_file).read()

    run = run_playbook(task_play(guest_token_task(token_file=token_file)), env=ISSUER)

    assert run.rc != 0 and "another subject (kiosk-2)" in run.task("guest token")["msg"]
    assert open(token_file).read() == before and "kiosk-1" not in guests_on_server(emulator)


def test_a_token_file_in_a_missing_folder_fails_before_any_call(emulator, run_playbook, tmp_path):
    run = run_playbook(task_play(guest_token_task(token_file=str(tmp_path / "missing" / "kiosk.json"))), env=ISSUER)

    assert run.rc != 0 and "its folder does not exist" in run.task("guest token")["msg"]
    assert emulator.requests_log() == [] and guests_on_server(emulator) == {}


def test_a_bad_duration_is_one_sentence(emulator, run_playbook, tmp_path):
    run = run_playbook(task_play(guest_token_task(token_file=str(tmp_path / "k.json"), min_valid_for="two hours")),
                       env=ISSUER)

    assert run.rc != 0 and "is not a duration; use e.g. 2h" in run.task("guest token")["msg"]
    assert emulator.requests_log() == []


def test_a_token_without_guest_issuer_scope_gets_a_clear_403(emulator, run_playbook):
    run = run_playbook(task_play(guest_token_task()), env=dict(WEBEX_ACCESS_TOKEN=ADMIN_TOKEN))

    result = run.task("guest token")
    assert run.rc != 0 and result["status"] == 403 and result["tracking_id"]
    assert "guest-issuer:write" in result["msg"] and "\n" not in result["msg"]
    assert guests_on_server(emulator) == {}


@pytest.mark.parametrize("form", ["text", "json-number", "json-object"])
def test_the_count_in_each_body_form(emulator, run_playbook, form):
    for subject in ("a", "b", "c"):
        requests.post(emulator.direct_url + "/guests/token", json={"subject": subject, "displayName": subject},
                      headers=admin_headers(GUEST_ISSUER_TOKEN), timeout=10).raise_for_status()
    emulator.set_faults(guest_count_form=form)
    emulator.clear_log()

    run = run_playbook(task_play({"name": "count", "webexops.identity.webex_guest_info": {}}), env=ISSUER, check=True)

    result = run.task("count")
    assert run.rc == 0 and result["count"] == 3 and not result["changed"]
    assert [(e["method"], e["path"]) for e in emulator.requests_log()] == [("GET", "/v1/guests/count")]


def test_info_reports_the_cached_guest_without_its_token(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    issued = run_playbook(task_play(guest_token_task(token_file=token_file)), env=ISSUER).task("guest token")
    info_task = {"name": "info", "webexops.identity.webex_guest_info": {"subject": "kiosk-1", "token_file": token_file}}

    run = run_playbook(task_play(info_task), env=ISSUER)

    result = run.task("info")
    assert run.rc == 0 and result["count"] == 1 and not result["changed"]
    cached = result["cached_guest"]
    assert cached["id"] == issued["guest"]["id"] and cached["valid"] and 86000 < cached["expires_in"] <= 86400
    assert issued["access_token"] not in run.stdout + run.stderr
    assert json.loads(open(token_file).read())["access_token"] == issued["access_token"]


def test_info_without_a_file_yet_reports_an_empty_guest(emulator, run_playbook, tmp_path):
    info_task = {"name": "info", "webexops.identity.webex_guest_info":
                 {"subject": "kiosk-1", "token_file": str(tmp_path / "none.json")}}

    result = run_playbook(task_play(info_task), env=ISSUER).task("info")

    assert result["cached_guest"] == {} and result["count"] == 0


def test_no_token_in_a_verbose_diff_run(emulator, run_playbook, tmp_path):
    token_file = str(tmp_path / "kiosk.json")
    keep = str(tmp_path / "handed-over")
    plays = task_play(
        guest_token_task(token_file=token_file, no_log=True),
        guest_token_task("rename", token_file=token_file, display_name="Kiosk Lobby", no_log=True),
        {"name": "hand over", "ansible.builtin.copy": {"content": "{{ issued.access_token }}", "dest": keep,
                                                       "mode": "0600"}, "no_log": True},
        {"name": "info", "webexops.identity.webex_guest_info": {"subject": "kiosk-1", "token_file": token_file}},
    )

    run = run_playbook(plays, verbosity=3, diff=True, callback="default", env=ISSUER)

    assert run.rc == 0, run.stdout[-3000:]
    handed_over = open(keep).read()
    first_token = json.loads(open(token_file).read())["access_token"]
    assert handed_over == first_token and token_works(emulator, handed_over)
    output = run.stdout + run.stderr
    assert handed_over not in output and handed_over[:40] not in output
    # Guest tokens are over 2,000 characters: no long token-like run, of the first token or the second, is shown.
    assert not re.search(r"[A-Za-z0-9_-]{200,}", output)
    assert GUEST_ISSUER_TOKEN not in output and "set no_log: true" not in output
    assert "count" in output  # the info task's result is shown in full
    assert os.path.getsize(token_file) > 2000


def test_return_token_false_keeps_the_token_in_its_file_only(emulator, run_playbook, tmp_path):
    token_file = tmp_path / "kiosk.json"
    run = run_playbook(task_play(guest_token_task(token_file=str(token_file), return_token=False)), env=ISSUER)

    result = run.task("guest token")
    assert run.rc == 0 and result["changed"] and result["action"] == "issued"
    assert "access_token" not in result
    assert not any("no_log" in w for w in result.get("warnings", []))  # nothing to hide, nothing to warn of
    stored = json.loads(token_file.read_text())["access_token"]
    assert token_works(emulator, stored) and stored not in run.stdout + run.stderr
    assert result["guest"]["id"] == guests_on_server(emulator)["kiosk-1"]["id"]


def test_return_token_false_without_a_token_file_fails_before_any_call(emulator, run_playbook):
    run = run_playbook(task_play(guest_token_task(return_token=False)), env=ISSUER)

    assert run.rc != 0
    assert run.task("guest token")["msg"] == "return_token=false needs token_file, or the token would be lost; set token_file."
    assert token_posts(emulator) == [] and "kiosk-1" not in guests_on_server(emulator)
