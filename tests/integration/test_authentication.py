"""Unattended authentication: modules run on an integration's client id, secret and refresh token.

POST /v1/access_token is not part of the official identity spec, so spec-proxy would flag every call to it: these
tests point WEBEX_API_URL at the emulator itself (emulator.direct_url), not at the proxy.
"""

from __future__ import annotations

import stat

import pytest
import yaml

from playbook_runs import task_play
from emulator.harness import ADMIN_EMAIL, CLIENT_ID, CLIENT_SECRET, DEFAULT_SEED_FILE, REFRESH_TOKEN

PERSON_READ = {"name": "read admin", "webexops.identity.webex_person": {
    "email": ADMIN_EMAIL, "display_name": "Ada Admin", "licenses": {"add": ["Messaging"]}}}


@pytest.fixture
def refresh_env(emulator):
    """Only the integration's credentials, and the emulator without spec-proxy (see the module docstring)."""
    return dict(WEBEX_API_URL=emulator.direct_url, WEBEX_ACCESS_TOKEN="", WEBEX_CLIENT_ID=CLIENT_ID,
                WEBEX_CLIENT_SECRET=CLIENT_SECRET, WEBEX_REFRESH_TOKEN=REFRESH_TOKEN)


@pytest.fixture
def rotating(emulator):
    """The default org, with an integration that replaces its refresh token on every refresh."""
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["integrations"][0]["rotate_refresh_token"] = True
    emulator.load_seed(seed)
    emulator.clear_log()
    return emulator


def calls(emulator):
    return [(e["method"], e["path"], e["status"]) for e in emulator.requests_log()]


def test_a_token_is_minted_from_the_refresh_token(emulator, run_playbook, refresh_env):
    run = run_playbook(task_play(PERSON_READ), env=refresh_env)

    result = run.task("read admin")
    assert run.rc == 0 and not result["changed"] and result["person"]["emails"] == [ADMIN_EMAIL]
    log = calls(emulator)
    assert log[0] == ("POST", "/v1/access_token", 200)
    assert [c for c in log if c[1] == "/v1/access_token"] == [log[0]]  # minted once for the whole module run
    assert all(call[2] == 200 for call in log)


MINT = ("POST", "/v1/access_token", 200)


def refreshed_every(answered, uses: int):
    """The log a client makes when each token answers `uses` calls: the next call gets 401, one refresh, the same call again."""
    expected = [MINT]
    for n, call in enumerate(answered):
        if n and n % uses == 0:
            expected += [(call[0], call[1], 401), MINT]
        expected.append(call)
    return expected


def test_a_token_that_expires_mid_run_is_refreshed_once(emulator, run_playbook, refresh_env):
    # Minted tokens answer two calls, then count as expired: the module's third call finds its token expired.
    emulator.set_faults(access_token_uses=2)

    run = run_playbook(task_play(PERSON_READ), env=refresh_env)

    assert run.rc == 0 and not run.task("read admin")["changed"], run.stdout[-3000:]
    log = calls(emulator)
    answered = [call for call in log if call[1] != MINT[1] and call[2] == 200]
    assert len(answered) >= 3, log  # at least one expiry to refresh after
    assert log == refreshed_every(answered, 2)


def test_a_revoked_refresh_token_fails_with_one_sentence(emulator, run_playbook, refresh_env):
    emulator.revoke_refresh_tokens()

    run = run_playbook(task_play(PERSON_READ), env=refresh_env)

    result = run.task("read admin")
    assert run.rc != 0 and result["status"] == 400
    assert "the refresh token was refused" in result["msg"] and "create a new one for the integration" in result["msg"]
    assert "\n" not in result["msg"] and "Traceback" not in run.stdout + run.stderr
    assert REFRESH_TOKEN not in run.stdout and CLIENT_SECRET not in run.stdout
    assert calls(emulator) == [("POST", "/v1/access_token", 400)]


def test_a_missing_secret_is_one_sentence_and_nothing_is_sent(emulator, run_playbook, refresh_env):
    env = dict(refresh_env, WEBEX_CLIENT_SECRET="")

    run = run_playbook(task_play(PERSON_READ), env=env)

    msg = run.task("read admin")["msg"]
    assert run.rc != 0 and msg.startswith("The refresh-token credentials are incomplete: client_secret (or WEBEX_CLIENT_SECRET)")
    assert "\n" not in msg and calls(emulator) == []


def test_no_credentials_at_all(emulator, run_playbook, refresh_env):
    env = dict(refresh_env, WEBEX_CLIENT_ID="", WEBEX_CLIENT_SECRET="", WEBEX_REFRESH_TOKEN="")

    run = run_playbook(task_play(PERSON_READ), env=env)

    msg = run.task("read admin")["msg"]
    assert run.rc != 0 and msg.startswith("No Webex credentials: set access_token (or WEBEX_ACCESS_TOKEN)")
    assert calls(emulator) == []


def test_an_access_token_and_a_refresh_token_together_are_refused(emulator, run_playbook, refresh_env):
    run = run_playbook(task_play(PERSON_READ), env=dict(refresh_env, WEBEX_ACCESS_TOKEN="some-token"))

    assert run.rc != 0 and "keep one way to authenticate" in run.task("read admin")["msg"]
    assert calls(emulator) == []


def test_a_rotated_refresh_token_is_saved_to_refresh_token_file(rotating, run_playbook, refresh_env, tmp_path):
    refresh_file = tmp_path / "refresh-token"
    env = dict(refresh_env, WEBEX_REFRESH_TOKEN_FILE=str(refresh_file))

    first = run_playbook(task_play(PERSON_READ), env=env)

    assert first.rc == 0
    saved = refresh_file.read_text().strip()
    assert saved and saved != REFRESH_TOKEN and stat.S_IMODE(refresh_file.stat().st_mode) == 0o600
    assert any("saved to %s (mode 0600)" % refresh_file in w for w in first.task("read admin")["warnings"])
    assert saved not in first.stdout + first.stderr

    # The first refresh revoked REFRESH_TOKEN, still in the environment: the file's newer token is the one used.
    second = run_playbook(task_play(PERSON_READ), env=env)

    assert second.rc == 0 and refresh_file.read_text().strip() not in ("", saved, REFRESH_TOKEN)
    assert [c for c in calls(rotating) if c[1] == "/v1/access_token"] == [("POST", "/v1/access_token", 200)] * 2


def test_a_rotated_refresh_token_without_a_file_is_reported_but_not_shown(rotating, run_playbook, refresh_env):
    run = run_playbook(task_play(PERSON_READ), env=refresh_env)

    warnings = run.task("read admin")["warnings"]
    assert run.rc == 0 and any("Webex issued a new refresh token" in w and "refresh_token_file" in w for w in warnings)
    # The old refresh token no longer works, which is why the warning matters.
    assert run_playbook(task_play(PERSON_READ), env=refresh_env).rc != 0


def test_an_empty_refresh_token_file_and_no_refresh_token(emulator, run_playbook, refresh_env, tmp_path):
    env = dict(refresh_env, WEBEX_REFRESH_TOKEN="", WEBEX_REFRESH_TOKEN_FILE=str(tmp_path / "none"))

    run = run_playbook(task_play(PERSON_READ), env=env)

    assert run.rc != 0 and "does not exist or is empty; set refresh_token" in run.task("read admin")["msg"]
    assert calls(emulator) == []


def test_no_secret_in_a_verbose_run(rotating, run_playbook, refresh_env, tmp_path):
    refresh_file = tmp_path / "refresh-token"
    env = dict(refresh_env, WEBEX_REFRESH_TOKEN_FILE=str(refresh_file))
    rotating.set_faults(access_token_uses=1)  # a refresh mid-run too: each token answers one call

    run = run_playbook(task_play(PERSON_READ), env=env, verbosity=3, diff=True, callback="default")

    output = run.stdout + run.stderr
    assert run.rc == 0, output[-3000:]
    assert "Webex issued a new refresh token" in output  # the run did rotate, so there was something to leak
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, refresh_file.read_text().strip()):
        assert secret not in output
    log = calls(rotating)
    answered = [call for call in log if call[1] != MINT[1] and call[2] == 200]
    assert len(answered) >= 2 and log == refreshed_every(answered, 1), log
