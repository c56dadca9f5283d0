"""The playbooks (sync, onboard, offboard) and the roles they call, against the emulator's default org."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, Dict, Optional

import pytest
import yaml

from collection_tree import REPO_ROOT
from emulator.harness import DEFAULT_SEED_FILE, DEMO_SEED_FILE, GUEST_ISSUER_TOKEN
from playbook_runs import writes_in

PLAYBOOKS = REPO_ROOT / "playbooks"
OFFBOARDING_RECORD = "webexops.identity.offboarding : Record what was done for each person"

USERS = {
    "people": [
        {"email": "new.person@example.com", "display_name": "New Person", "first_name": "New", "last_name": "Person",
         "department": "Engineering", "licenses": ["Messaging", "Webex Meetings - Enterprise"]},
        {"email": "carol.calling@example.com", "title": "Sales Director"},
    ],
    "leaving": ["dave.disabled@example.com"],
}


def person(state: Dict[str, Any], email: str) -> Optional[Dict[str, Any]]:
    found = [p for p in state["people"] if email in p["emails"]]
    return found[0] if found else None


def consumed(state: Dict[str, Any]) -> Dict[str, int]:
    """Seats used per license (id: both Webex Calling - Professional subscriptions stay apart)."""
    return {lic["id"]: lic["consumedUnits"] for lic in state["licenses"]}


def license_ids(state: Dict[str, Any], *names: str) -> set:
    return {lic["id"] for lic in state["licenses"] if lic["name"] in names}


def v1_calls(log: list) -> list:
    return [entry for entry in log if entry["path"].startswith("/v1/")]


@pytest.fixture
def users_file(tmp_path):
    def write(content: Any) -> str:
        path = tmp_path / "users.yml"
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False))
        return str(path)
    return write


def summary(run) -> list:
    return run.task("Show the summary")["msg"]


def test_check_mode_plans_and_sends_no_write(emulator, run_playbook, users_file):
    before = emulator.state()
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users_file(USERS)}, check=True, diff=True)
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    assert writes_in(emulator.requests_log()) == []
    assert emulator.state()["people"] == before["people"]
    lines = summary(run)
    assert lines[0].startswith("Plan (check mode")
    assert any(line.startswith("created") and "new.person@example.com" in line for line in lines)
    assert any(line.startswith("updated") and "carol.calling@example.com: title" in line for line in lines)
    assert any(line.startswith("disabled") and "dave.disabled@example.com: frees Messaging" in line for line in lines)
    assert run.changed > 0


def test_apply_reaches_the_declared_state_and_a_rerun_changes_nothing(emulator, run_playbook, users_file):
    path = users_file(USERS)
    seats_before = consumed(emulator.state())
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": path})
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    state = emulator.state()
    new = person(state, "new.person@example.com")
    assert new["displayName"] == "New Person" and new["department"] == "Engineering"
    assert set(new["licenses"]) == license_ids(state, "Messaging", "Webex Meetings - Enterprise")
    carol = person(state, "carol.calling@example.com")
    assert carol["title"] == "Sales Director" and carol["avatar"] == "https://avatars.example.com/carol.png"
    dave = person(state, "dave.disabled@example.com")
    assert dave["loginEnabled"] is False and dave.get("licenses", []) == [] and dave.get("roles", []) == []
    messaging = license_ids(state, "Messaging").pop()
    assert consumed(state)[messaging] == seats_before[messaging]  # one seat taken by the new person, one freed by dave
    report = run.task(OFFBOARDING_RECORD)["ansible_facts"]["offboarding_report"]
    assert report["people"] == [{"email": "dave.disabled@example.com", "action": "disabled", "licenses_freed": ["Messaging"],
                                 "roles_removed": ["Read-only Administrator"]}]

    emulator.clear_log()
    again = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": path})
    assert again.rc == 0, again.stdout[-3000:] + again.stderr
    assert again.changed == 0
    assert writes_in(emulator.requests_log()) == []
    assert summary(again) == ["Done", "unchanged 3 people"]


def test_onboard_leaves_the_leaving_list_alone(emulator, run_playbook, users_file):
    run = run_playbook(PLAYBOOKS / "onboard.yml", {"users_file": users_file(USERS)})
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    state = emulator.state()
    assert person(state, "new.person@example.com") is not None
    assert person(state, "dave.disabled@example.com").get("licenses")


LEAVING = "old.account@demo.example.com,marco.rossi@demo.example.com,gone.already@demo.example.com"


@pytest.mark.parametrize("action", ["disable", "delete"])
def test_offboarding_frees_the_seats_and_keeps_or_deletes(emulator, run_playbook, action):
    emulator.load_seed(Path(DEMO_SEED_FILE).read_text())
    state = emulator.state()
    held = {email: person(state, email)["licenses"] for email in LEAVING.split(",")[:2]}
    seats_before = consumed(state)
    run = run_playbook(PLAYBOOKS / "offboard.yml", {"leaving": LEAVING, "offboarding_action": action})
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    state = emulator.state()
    for license_id, seats in seats_before.items():
        assert consumed(state)[license_id] == seats - sum(license_id in ids for ids in held.values())
    for email in held:
        after = person(state, email)
        if action == "delete":
            assert after is None
        else:
            assert after["loginEnabled"] is False and after.get("licenses", []) == []
    if action == "disable":
        assert person(state, "marco.rossi@demo.example.com")["avatar"] == "https://avatars.example.com/marco.png"
    report = run.task(OFFBOARDING_RECORD)["ansible_facts"]["offboarding_report"]
    done = "deleted" if action == "delete" else "disabled"
    assert report["people"] == [
        {"email": "old.account@demo.example.com", "action": done,
         "licenses_freed": ["Messaging", "Webex Meetings - Enterprise"], "roles_removed": []},
        {"email": "marco.rossi@demo.example.com", "action": done, "licenses_freed": ["Messaging"], "roles_removed": []},
        {"email": "gone.already@demo.example.com", "action": "gone", "licenses_freed": [], "roles_removed": []},
    ]
    assert report["seats_freed"] == {"Messaging": 2, "Webex Meetings - Enterprise": 1}

    emulator.clear_log()
    again = run_playbook(PLAYBOOKS / "offboard.yml", {"leaving": LEAVING, "offboarding_action": action})
    assert again.rc == 0 and again.changed == 0
    assert writes_in(emulator.requests_log()) == []


def test_offboarding_a_calling_user_clears_the_calling_location(emulator, run_playbook):
    run = run_playbook(PLAYBOOKS / "offboard.yml", {"leaving": "carol.calling@example.com"})
    assert run.rc == 0, run.stdout[-3000:]
    carol = person(emulator.state(), "carol.calling@example.com")
    assert carol.get("licenses", []) == [] and not carol.get("locationId") and not carol.get("extension")
    assert carol["loginEnabled"] is False


def test_offboarding_stops_before_deleting_more_than_allowed(emulator, run_playbook):
    run = run_playbook(PLAYBOOKS / "offboard.yml", {
        "leaving": ["carol.calling@example.com", "dave.disabled@example.com"],
        "offboarding_action": "delete", "offboarding_max_deletions": 1})
    assert run.rc != 0
    # The module's guard (the role passes offboarding_max_deletions as max_deletions): one guard, one sentence.
    assert "this run would delete 2 people (carol.calling@example.com, dave.disabled@example.com), more than " \
           "max_deletions (1); nothing was changed." in run.stdout, run.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


@pytest.mark.parametrize("content, expected", [
    ({"people": [{"email": "bob@example.com", "titel": "Engineer"}]},
     "users.yml: person bob@example.com has the unknown key titel; did you mean title?"),
    ({"people": [{"email": "bob@example.com", "licences": ["Messaging"]}]},
     "users.yml: person bob@example.com has the unknown key licences; did you mean licenses?"),
    ({"people": [{"email": "bob@example.com", "login_enabled": "maybe"}]},
     "users.yml: person bob@example.com: argument 'login_enabled' is of type"),
    ({"people": [{"email": "bob@example.com", "licenses": "Messaging", "extra": 1}]},
     "users.yml: person bob@example.com has the unknown key extra; items take addresses, avatar"),
    ({"people": [{"display_name": "No Email"}]}, "users.yml: person number 1 needs an email or an id."),
    ({"peple": [{"email": "bob@example.com"}]}, "unknown sections peple"),
    ({"people": {"email": "bob@example.com"}}, "people must be a list"),
    ({"people": [{"email": "bob@example.com"}, {"email": "BOB@example.com"}]}, "lists bob@example.com more than once"),
    ({"people": [{"email": "bob@example.com"}], "leaving": ["Bob@example.com"]}, "both people and leaving"),
    ({"leaving": [{"email": "bob@example.com"}]}, "leaving must list emails"),
])
def test_an_invalid_users_file_fails_before_any_api_call(emulator, run_playbook, users_file, content, expected):
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users_file(content)})
    assert run.rc != 0
    assert expected in run.stdout, run.stdout[-3000:]
    [failure] = [entry["result"] for entry in run.results if entry["result"].get("failed")]
    assert expected in failure["msg"] and "\n" not in failure["msg"]
    assert "argument_spec_data" not in failure  # one sentence, not the whole argument spec after it
    assert v1_calls(emulator.requests_log()) == []


def test_guest_tokens_are_written_to_private_files(emulator, run_playbook, users_file, tmp_path):
    token_dir = tmp_path / "tokens"
    extra = {"users_file": users_file({"guests": [{"subject": "lobby-kiosk", "display_name": "Lobby kiosk"}]}),
             "onboarding_guest_token_dir": str(token_dir)}
    run = run_playbook(PLAYBOOKS / "sync.yml", extra, env={"WEBEX_GUEST_ISSUER_TOKEN": GUEST_ISSUER_TOKEN})
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    token_file = token_dir / "lobby-kiosk.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_dir.stat().st_mode) == 0o700
    assert yaml.safe_load(token_file.read_text())["access_token"] not in run.stdout
    assert [g["displayName"] for g in emulator.state()["guests"]] == ["Lobby kiosk"]
    again = run_playbook(PLAYBOOKS / "sync.yml", extra, env={"WEBEX_GUEST_ISSUER_TOKEN": GUEST_ISSUER_TOKEN})
    assert again.rc == 0 and again.changed == 0


def test_the_example_users_file_is_valid():
    users = yaml.safe_load(Path(PLAYBOOKS / "vars" / "users.yml").read_text())
    assert set(users) == {"people", "leaving", "guests"}
    assert all("email" in p for p in users["people"])


@pytest.mark.parametrize("write_api, method, path", [("auto", "POST", "/identity/scim/"), ("people", "PUT", "/v1/people/")])
def test_onboarding_write_api_chooses_the_api_that_carries_an_update(emulator, run_playbook, users_file, write_api, method, path):
    users = {"people": [{"email": "carol.calling@example.com", "title": "Sales Director"}]}
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users_file(users), "onboarding_write_api": write_api})
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    writes = [(call["method"], call["path"]) for call in writes_in(emulator.requests_log())]
    assert len(writes) == 1 and writes[0][0] == method and writes[0][1].startswith(path), writes
    assert person(emulator.state(), "carol.calling@example.com")["title"] == "Sales Director"


def test_offboarding_without_the_scim_scope_offboards_nobody_and_says_how_to_go_on(emulator, run_playbook):
    seed = yaml.safe_load(Path(DEFAULT_SEED_FILE).read_text())
    seed["tokens"][0]["scopes"].remove("identity:people_rw")
    emulator.reset(seed)
    run = run_playbook(PLAYBOOKS / "offboard.yml", {"leaving": "dave.disabled@example.com"})
    assert run.rc != 0
    assert "nobody was offboarded: taking them out of their groups needs a token that may read and change SCIM groups" in run.stdout
    assert "offboarding_leave_groups" in run.stdout and "identity:people_rw" in run.stdout
    assert writes_in(emulator.requests_log()) == []
    kept = run_playbook(PLAYBOOKS / "offboard.yml", {"leaving": "dave.disabled@example.com", "offboarding_leave_groups": False})
    assert kept.rc == 0, kept.stdout[-3000:]
    assert person(emulator.state(), "dave.disabled@example.com").get("licenses", []) == []
