"""Every documented credential set-up (docs/authentication.md, docs/ci.md, docs/awx.md) through every playbook and role.

The set-ups that mint tokens point WEBEX_API_URL at the emulator itself (emulator.direct_url): POST /v1/access_token is
not part of the identity spec that spec-proxy checks. The guests always come from the Service App's guest issuer token.
"""

from __future__ import annotations

import stat
from typing import Any, Dict

import pytest
import requests
import yaml

from collection_tree import REPO_ROOT
from emulator.harness import ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, DEFAULT_SEED_FILE, GUEST_ISSUER_TOKEN, REFRESH_TOKEN

PLAYBOOKS = REPO_ROOT / "playbooks"
NEW = "new.person@example.com"
LEAVING = "dave.disabled@example.com"
USERS = {
    "people": [{"email": NEW, "display_name": "New Person", "licenses": ["Messaging"]}],
    "leaving": [LEAVING],
    "guests": [{"subject": "lobby-kiosk", "display_name": "Lobby kiosk"}],
}
NO_CREDENTIALS = {"WEBEX_ACCESS_TOKEN": "", "WEBEX_CLIENT_ID": "", "WEBEX_CLIENT_SECRET": "", "WEBEX_REFRESH_TOKEN": "",
                  "WEBEX_REFRESH_TOKEN_FILE": "", "WEBEX_GUEST_ISSUER_TOKEN": GUEST_ISSUER_TOKEN}
REFRESH_ENV = {"WEBEX_CLIENT_ID": CLIENT_ID, "WEBEX_CLIENT_SECRET": CLIENT_SECRET, "WEBEX_REFRESH_TOKEN": REFRESH_TOKEN}


def rotate_refresh_tokens(emulator) -> None:
    """The default org, with an integration that replaces its refresh token on every refresh."""
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["integrations"][0]["rotate_refresh_token"] = True
    emulator.load_seed(seed)
    emulator.clear_log()


def environment(setup: str, emulator, tmp_path) -> Dict[str, str]:
    """The environment of a documented set-up: what a CI secret store or an AWX credential injects."""
    env = dict(NO_CREDENTIALS)
    if setup == "access token in the environment":
        env.update(WEBEX_ACCESS_TOKEN=ADMIN_TOKEN)
    elif setup == "refresh token in the environment":
        env.update(REFRESH_ENV, WEBEX_API_URL=emulator.direct_url)
    elif setup == "refresh token with refresh_token_file":
        env.update(REFRESH_ENV, WEBEX_API_URL=emulator.direct_url, WEBEX_REFRESH_TOKEN_FILE=str(tmp_path / "refresh-token"))
    return env


def token_calls(emulator) -> list:
    return [entry["status"] for entry in emulator.requests_log() if entry["path"] == "/v1/access_token"]


def refresh_token_works(emulator, refresh_token: str) -> bool:
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "refresh_token": refresh_token}
    return requests.post(emulator.direct_url + "/access_token", data=form, timeout=30).status_code == 200


def person(state: Dict[str, Any], email: str) -> Dict[str, Any]:
    return next(p for p in state["people"] if email in p["emails"])


def assert_applied(emulator, playbook: str, token_dir) -> None:
    """What the playbook was asked to do is what the emulator holds."""
    state = emulator.state()
    emails = [email for p in state["people"] for email in p["emails"]]
    onboards, offboards = playbook in ("sync.yml", "onboard.yml"), playbook in ("sync.yml", "offboard.yml")
    assert (NEW in emails) is onboards
    assert ([g["subject"] for g in state["guests"]] == ["lobby-kiosk"]) is onboards
    if onboards:
        assert stat.S_IMODE((token_dir / "lobby-kiosk.json").stat().st_mode) == 0o600
    assert (person(state, LEAVING).get("licenses", []) == []) is offboards  # offboarding frees the seats


ENV_SETUPS = ["access token in the environment", "refresh token in the environment",
              "refresh token with refresh_token_file"]


@pytest.mark.parametrize("playbook", ["sync.yml", "onboard.yml", "offboard.yml"])
@pytest.mark.parametrize("setup", ENV_SETUPS)
def test_each_playbook_runs_on_each_documented_setup(emulator, run_playbook, users_file_path, tmp_path, setup, playbook):
    token_dir = tmp_path / "guest-tokens"
    extra = {"users_file": users_file_path, "onboarding_guest_token_dir": str(token_dir)}
    if setup == "refresh token with refresh_token_file":
        # Without the file, a rotated refresh token is reported and must be stored by hand (docs/authentication.md).
        rotate_refresh_tokens(emulator)

    run = run_playbook(PLAYBOOKS / playbook, extra, env=environment(setup, emulator, tmp_path))

    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    assert_applied(emulator, playbook, token_dir)
    if setup == "access token in the environment":
        assert token_calls(emulator) == []
    else:
        assert token_calls(emulator) and set(token_calls(emulator)) == {200}  # no revoked refresh token ever sent
    if setup == "refresh token with refresh_token_file":
        kept = (tmp_path / "refresh-token").read_text().strip()
        assert kept != REFRESH_TOKEN and refresh_token_works(emulator, kept)


def module_defaults_play(credentials: Dict[str, str]) -> list:
    """A playbook of one's own: the connection options in module_defaults, the roles as sync.yml runs them."""
    return [{
        "name": "sync with module_defaults",
        "hosts": "localhost",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "module_defaults": {"group/webexops.identity.webex": credentials},
        "tasks": [
            {"name": "Onboard", "ansible.builtin.include_role": {"name": "webexops.identity.onboarding"},
             "vars": {"onboarding_people": USERS["people"], "onboarding_guests": USERS["guests"],
                      "onboarding_guest_issuer_token": "{{ guest_issuer_token }}"}},
            {"name": "Offboard", "ansible.builtin.include_role": {"name": "webexops.identity.offboarding"},
             "vars": {"offboarding_people": USERS["leaving"]}},
        ],
    }]


@pytest.mark.parametrize("setup", ["access token as a variable", "refresh token as variables"])
def test_the_roles_run_with_credentials_in_module_defaults(emulator, run_playbook, tmp_path, setup):
    token_dir = tmp_path / "guest-tokens"
    if setup == "access token as a variable":
        credentials = {"access_token": "{{ webex_access_token }}"}
    else:
        credentials = {"client_id": "{{ webex_client_id }}", "client_secret": "{{ webex_client_secret }}",
                       "refresh_token": "{{ webex_refresh_token }}", "api_url": emulator.direct_url}
    extra = {"webex_access_token": ADMIN_TOKEN, "webex_client_id": CLIENT_ID, "webex_client_secret": CLIENT_SECRET,
             "webex_refresh_token": REFRESH_TOKEN, "guest_issuer_token": GUEST_ISSUER_TOKEN,
             "onboarding_guest_token_dir": str(token_dir)}
    env = dict(NO_CREDENTIALS, WEBEX_GUEST_ISSUER_TOKEN="")  # everything comes from the playbook's variables

    run = run_playbook(module_defaults_play(credentials), extra, env=env)

    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    assert_applied(emulator, "sync.yml", token_dir)
    assert (token_calls(emulator) != []) is (setup == "refresh token as variables")


@pytest.fixture
def users_file_path(tmp_path) -> str:
    path = tmp_path / "users.yml"
    path.write_text(yaml.safe_dump(USERS, sort_keys=False))
    return str(path)


def guest_token_play(token_file, **options: Any) -> Dict[str, Any]:
    task = {"name": "guest", "no_log": False, "webexops.identity.webex_guest_token": dict(
        subject="lobby-kiosk", display_name="Lobby kiosk", token_file=str(token_file), **options)}
    return {"name": "guest", "hosts": "localhost", "gather_facts": False, "tasks": [task]}


@pytest.fixture
def cached_guest_token(emulator, run_playbook, tmp_path):
    """A guest token file holding a fresh token: a webex_guest_token run with it sends no request at all."""
    token_file = tmp_path / "lobby-kiosk.json"
    issued = run_playbook(guest_token_play(token_file), env=dict(NO_CREDENTIALS, WEBEX_ACCESS_TOKEN=GUEST_ISSUER_TOKEN))
    assert issued.rc == 0 and issued.task("guest")["action"] == "issued"
    return token_file


# 203.0.113.5 is a documentation address: these runs must not connect to it, and do not need to.
REMOTE_HTTP = dict(NO_CREDENTIALS, WEBEX_ACCESS_TOKEN=GUEST_ISSUER_TOKEN, WEBEX_API_URL="http://203.0.113.5/v1")


def test_plain_http_to_a_remote_host_is_refused_before_anything_else(cached_guest_token, run_playbook):
    run = run_playbook(guest_token_play(cached_guest_token), env=REMOTE_HTTP)

    msg = run.task("guest")["msg"]
    assert run.rc != 0 and msg.startswith("api_url http://203.0.113.5:80 is plain http") and "allow_insecure_http" in msg
    assert "\n" not in msg and GUEST_ISSUER_TOKEN not in run.stdout + run.stderr


@pytest.mark.parametrize("how", ["option", "environment variable"])
def test_allow_insecure_http_accepts_a_remote_http_url(cached_guest_token, run_playbook, how):
    env = dict(REMOTE_HTTP, WEBEX_ALLOW_INSECURE_HTTP="true") if how == "environment variable" else REMOTE_HTTP
    options = {"allow_insecure_http": True} if how == "option" else {}

    run = run_playbook(guest_token_play(cached_guest_token, **options), env=env)

    assert run.rc == 0 and run.task("guest")["action"] == "reused"  # accepted, and the cached token needed no call
