"""No secret leaks: every module and both roles at -vvv with --diff print no token, and leave none in any file but
the 0600 token files. Error messages carry the trackingId, never the Authorization header.

The secrets: the admin, read-only, guest-issuer and an unknown access token, the integration's client secret and
refresh token, the access tokens and refresh tokens the emulator mints (random: found by their shape), and the guest
tokens the run issues (read from the token files, which are the one place they may be).
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from collection_tree import REPO_ROOT, make_collection_importable
from playbook_runs import task_play
from emulator.harness import (ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, DEFAULT_SEED_FILE, GUEST_ISSUER_TOKEN, READONLY_TOKEN,
                              REFRESH_TOKEN)

UNKNOWN_TOKEN = "emulator-unknown-token-0123456789"
FIXED_SECRETS = {"admin token": ADMIN_TOKEN, "read-only token": READONLY_TOKEN, "guest issuer token": GUEST_ISSUER_TOKEN,
                 "unknown token": UNKNOWN_TOKEN, "client secret": CLIENT_SECRET, "refresh token": REFRESH_TOKEN}
# The emulator mints access and refresh tokens with token_urlsafe(48) (64 characters) and guest tokens with
# token_urlsafe(1600). Ids are longer base64 and trackingIds are UUIDs, so neither shape matches them.
MINTED_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])")
GUEST_SHAPE = re.compile(r"[A-Za-z0-9_-]{1000,}")


def env_lookup(name: str) -> str:
    """A task option read from the environment, so the play file itself holds no secret."""
    return "{{ lookup('ansible.builtin.env', '%s') }}" % name


def refresh_auth() -> Dict[str, str]:
    """Options that authenticate with the integration (refresh calls go to the emulator itself: spec-proxy flags them)."""
    return {"access_token": "", "client_id": env_lookup("SECRET_CLIENT_ID"), "client_secret": env_lookup("SECRET_CLIENT_SECRET"),
            "refresh_token": env_lookup("SECRET_REFRESH_TOKEN"), "refresh_token_file": env_lookup("SECRET_REFRESH_FILE"),
            "api_url": env_lookup("DIRECT_API_URL")}


def every_module_play(guest_dir: Path) -> List[dict]:
    """Each module in each way it runs: create, update with diff, delete, bulk states, failures, guests, refresh auth."""
    person = {"email": "secret.keeper@example.com", "display_name": "Secret Keeper", "licenses": ["Messaging"],
              "phone_numbers": [{"type": "mobile", "value": "+1 555 0100"}]}
    issuer = {"access_token": env_lookup("WEBEX_GUEST_ISSUER_TOKEN")}
    tasks = [
        {"name": "create", "webexops.identity.webex_person": person},
        {"name": "update", "webexops.identity.webex_person": dict(person, department="Vault", title="Keeper")},
        {"name": "update with refresh auth", "webexops.identity.webex_person": dict(person, title="Chief Keeper", **refresh_auth())},
        {"name": "people merged", "webexops.identity.webex_people": {"config": [
            dict(person, title="Head Keeper"), {"email": "second.keeper@example.com", "display_name": "Second Keeper"}]}},
        {"name": "people with refresh auth", "webexops.identity.webex_people": dict(
            {"config": [{"email": "second.keeper@example.com", "department": "Vault"}]}, **refresh_auth())},
        {"name": "people gathered", "webexops.identity.webex_people": {"state": "gathered", "scope": {"email_domains": ["example.com"]}}},
        {"name": "people rendered", "webexops.identity.webex_people": {"state": "rendered", "config": [{"email": "third@example.com",
                                                                                                       "display_name": "Third"}]}},
        {"name": "people deleted", "webexops.identity.webex_people": {"state": "deleted", "config": [{"email": "second.keeper@example.com"}]}},
        {"name": "read-only token fails", "ignore_errors": True, "webexops.identity.webex_person": dict(
            person, department="Nope", access_token=env_lookup("SECRET_READONLY_TOKEN"))},
        {"name": "unknown token fails", "ignore_errors": True, "webexops.identity.webex_people": {
            "config": [person], "access_token": env_lookup("SECRET_UNKNOWN_TOKEN")}},
        {"name": "guest token", "no_log": True, "webexops.identity.webex_guest_token": dict(
            issuer, subject="vault-kiosk", display_name="Vault Kiosk", token_file=str(guest_dir / "vault-kiosk.json"))},
        {"name": "guest renamed", "no_log": True, "webexops.identity.webex_guest_token": dict(
            issuer, subject="vault-kiosk", display_name="Vault Kiosk 2", token_file=str(guest_dir / "vault-kiosk.json"))},
        {"name": "guest info", "webexops.identity.webex_guest_info": dict(
            issuer, subject="vault-kiosk", token_file=str(guest_dir / "vault-kiosk.json"))},
        {"name": "guest token with the wrong token fails", "ignore_errors": True, "webexops.identity.webex_guest_token": dict(
            subject="vault-kiosk", display_name="Vault Kiosk", access_token=env_lookup("SECRET_READONLY_TOKEN"))},
        {"name": "delete", "webexops.identity.webex_person": {"email": person["email"], "state": "absent"}},
    ]
    return [task_play(*tasks), {"import_playbook": str(REPO_ROOT / "playbooks" / "sync.yml")}]


def rotating_seed() -> dict:
    """The default org, with an integration that replaces its refresh token on every refresh (more secrets to leak)."""
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["integrations"][0]["rotate_refresh_token"] = True
    return seed


def secrets_env(emulator, refresh_file: Path) -> Dict[str, str]:
    return dict(WEBEX_GUEST_ISSUER_TOKEN=GUEST_ISSUER_TOKEN, SECRET_CLIENT_ID=CLIENT_ID,
                SECRET_CLIENT_SECRET=CLIENT_SECRET, SECRET_REFRESH_TOKEN=REFRESH_TOKEN, SECRET_REFRESH_FILE=str(refresh_file),
                SECRET_READONLY_TOKEN=READONLY_TOKEN, SECRET_UNKNOWN_TOKEN=UNKNOWN_TOKEN, DIRECT_API_URL=emulator.direct_url,
                ANSIBLE_LOG_PATH=str(refresh_file.parent.parent / "ansible.log"),
                ANSIBLE_REMOTE_TMP=str(refresh_file.parent.parent / "remote-tmp"))


def leaks(text: str, secrets: Dict[str, str]) -> List[str]:
    """The names of the secrets found in a text, and any string shaped like a minted or guest token."""
    found = [name for name, value in secrets.items() if value and value in text]
    found += ["a minted token %s..." % m[:6] for m in MINTED_SHAPE.findall(text)]
    found += ["a guest token %s..." % m[:6] for m in GUEST_SHAPE.findall(text)]
    return found


def test_no_secret_in_a_vvv_diff_run_of_every_module_and_role_nor_in_any_file(emulator, run_playbook, tmp_path):
    emulator.load_seed(rotating_seed())
    secret_dir = tmp_path / "secret"
    secret_dir.mkdir(mode=0o700)
    refresh_file = secret_dir / "refresh-token"
    guest_dir = tmp_path / "guest-tokens"
    guest_dir.mkdir(mode=0o700)
    users = {"people": [{"email": "sync.keeper@example.com", "display_name": "Sync Keeper", "licenses": ["Messaging"]}],
             "leaving": ["dave.disabled@example.com"], "guests": [{"subject": "sync-kiosk", "display_name": "Sync Kiosk"}]}
    (tmp_path / "users.yml").write_text(yaml.safe_dump(users))
    extra = {"users_file": str(tmp_path / "users.yml"), "onboarding_guest_token_dir": str(guest_dir)}

    run = run_playbook(every_module_play(guest_dir), extra_vars=extra, verbosity=3, diff=True, callback="default",
                       env=secrets_env(emulator, refresh_file))

    output = run.stdout + run.stderr
    assert run.rc == 0, output[-3000:]
    # The run did all there was to leak: minted and rotated tokens, issued guest tokens, a diff, failures.
    log = emulator.requests_log()
    assert len([e for e in log if e["path"] == "/v1/access_token"]) >= 2
    assert len([e for e in log if e["path"] == "/v1/guests/token" and e["status"] == 200]) == 3
    assert "--- before" in output and "+++ after" in output and "[WARNING]" in output and "...ignoring" in output
    token_files = sorted(guest_dir.iterdir()) + [refresh_file]
    guest_tokens = {"guest token in %s" % f.name: json.loads(f.read_text())["access_token"] for f in guest_dir.iterdir()}
    assert len(guest_tokens) == 2 and all(len(t) > 2000 for t in guest_tokens.values())
    secrets = dict(FIXED_SECRETS, rotated_refresh_token=refresh_file.read_text().strip(), **guest_tokens)
    assert secrets["rotated_refresh_token"] != REFRESH_TOKEN

    assert leaks(output, secrets) == []
    for token_file in token_files:
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600, token_file
    scanned = [path for path in tmp_path.rglob("*") if path.is_file() and path not in token_files]
    assert any(path.name == "ansible.log" for path in scanned)
    assert {str(path.relative_to(tmp_path)): leaks(path.read_text(errors="replace"), secrets) for path in scanned
            if leaks(path.read_text(errors="replace"), secrets)} == {}


def test_a_guest_token_is_only_in_access_token_of_the_result(emulator, run_playbook, tmp_path):
    """Without no_log the result holds the token (the user asked for it), but never its diff, msg or warnings."""
    task = {"name": "guest token", "register": "issued", "webexops.identity.webex_guest_token": {
        "subject": "result-kiosk", "display_name": "Result Kiosk", "token_file": str(tmp_path / "kiosk.json"),
        "access_token": GUEST_ISSUER_TOKEN}}
    rename = dict(task, name="guest renamed")
    rename["webexops.identity.webex_guest_token"] = dict(task["webexops.identity.webex_guest_token"], display_name="Kiosk 2")

    run = run_playbook(task_play(task, rename), diff=True)

    assert run.rc == 0
    for name in ("guest token", "guest renamed"):
        result = dict(run.task(name))
        token = result.pop("access_token")
        assert len(token) > 2000
        result.pop("invocation", None)  # the task's own options, masked by no_log options
        assert token not in json.dumps(result), name
        assert "diff" in result or name == "guest token"


def test_webex_errors_carry_the_tracking_id_and_never_the_authorization_header(emulator):
    make_collection_importable()
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError

    client = WebexClient(api_url=emulator.base_url, access_token=READONLY_TOKEN, retries=0)
    with pytest.raises(WebexError) as raised:
        client.post("/people", json={"emails": ["nobody@example.com"], "displayName": "Nobody"})
    error = raised.value
    text = " ".join([str(error), repr(error), json.dumps(error.as_result())])
    assert error.status == 403 and error.tracking_id.startswith("ROUTER_")
    assert "(trackingId %s)" % error.tracking_id in str(error)
    assert READONLY_TOKEN not in text and "Bearer" not in text and "Authorization" not in text
    assert error.body["trackingId"] == error.tracking_id  # Webex's own id for the call, as support asks for it

    refused = WebexClient(api_url="http://127.0.0.1:9/v1", access_token=ADMIN_TOKEN, retries=0)
    with pytest.raises(WebexError) as no_answer:
        refused.get("/people/me")
    text = " ".join([str(no_answer.value), repr(no_answer.value), json.dumps(no_answer.value.as_result())])
    assert ADMIN_TOKEN not in text and "Bearer" not in text and "could not connect" in text
