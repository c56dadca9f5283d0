"""webex_person_info's pre-flight: me returns the token's own person, required_scopes names the scopes a token lacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import yaml

from playbook_runs import task_play, writes_in
from emulator.harness import ADMIN_TOKEN, CUSTOMER_ORG_NAME, DEFAULT_SEED_FILE, READONLY_TOKEN, org_seed_id, person_seed_id

ADMIN = person_seed_id("admin@example.com")
PEOPLE_ONLY_TOKEN = "emulator-people-only-token-0123456789"
ALL_READ_SCOPES = ["spark-admin:people_read", "spark-admin:licenses_read", "spark-admin:roles_read",
                   "spark-admin:locations_read"]


def info_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_person_info": options}


def failing(task: Dict[str, Any]) -> Dict[str, Any]:
    return dict(task, ignore_errors=True)


def with_people_only_token(emulator) -> None:
    """The default seed plus a token of the admin that holds spark-admin:people_read alone."""
    seed = yaml.safe_load(Path(DEFAULT_SEED_FILE).read_text())
    seed["tokens"].append({"token": PEOPLE_ONLY_TOKEN, "person": "admin@example.com", "scopes": ["spark-admin:people_read"]})
    emulator.reset(seed)


def probe_paths(log: List[Dict[str, Any]]) -> List[str]:
    return ["%s %s" % (entry["method"], entry["path"]) for entry in log]


def test_me_returns_the_tokens_person_in_full(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook(task_play(info_task("me", me=True), info_task("me with calling data", me=True, calling_data=True)))

    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    me = run.task("me")["people"]
    held = next(person for person in emulator.state()["people"] if person["id"] == ADMIN)
    assert [person["id"] for person in me] == [ADMIN]
    assert me[0]["emails"] == ["admin@example.com"] and me[0]["display_name"] == "Ada Admin"
    assert me[0]["licenses"] == held["licenses"] and me[0]["roles"] == held["roles"] and me[0]["login_enabled"] is True
    assert probe_paths(emulator.requests_log()) == ["GET /v1/people/me", "GET /v1/people/me"]
    assert writes_in(emulator.requests_log()) == []


def test_me_needs_no_scope_and_ignores_org_id(emulator, run_playbook):
    with_people_only_token(emulator)
    emulator.clear_log()
    run = run_playbook(task_play(info_task("me", me=True, org_id=org_seed_id(CUSTOMER_ORG_NAME))),
                       env={"WEBEX_ACCESS_TOKEN": PEOPLE_ONLY_TOKEN})

    assert run.rc == 0, run.stdout[-3000:]
    assert [person["id"] for person in run.task("me")["people"]] == [ADMIN]
    assert [entry["query"] for entry in emulator.requests_log()] == [""]


def test_required_scopes_all_present(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook(task_play(info_task("preflight", me=True, required_scopes=ALL_READ_SCOPES)))

    assert run.rc == 0, run.stdout[-3000:]
    assert run.task("preflight")["checked_scopes"] == ALL_READ_SCOPES
    assert probe_paths(emulator.requests_log()) == ["GET /v1/people", "GET /v1/licenses", "GET /v1/roles",
                                                    "GET /v1/locations", "GET /v1/people/me"]


def test_missing_scopes_are_named_in_one_sentence(emulator, run_playbook):
    with_people_only_token(emulator)
    run = run_playbook(task_play(failing(info_task("preflight", me=True, required_scopes=ALL_READ_SCOPES))),
                       env={"WEBEX_ACCESS_TOKEN": PEOPLE_ONLY_TOKEN})

    result = run.task("preflight")
    assert result["failed"] and "people" not in result
    # GET /locations answers a token with spark-admin:people_read too (the spec): the run can read locations.
    assert result["msg"] == (
        "The token lacks the scopes spark-admin:licenses_read, spark-admin:roles_read: "
        "Webex answered 403 to GET /licenses, GET /roles; add them to the integration or Service App "
        "and authorise it again, or use an administrator's token that has them.")
    assert PEOPLE_ONLY_TOKEN not in run.stdout


def test_guest_issuer_scope_is_checked_by_the_guest_count(emulator, run_playbook):
    run = run_playbook(task_play(failing(info_task("admin token", required_scopes=["guest-issuer:read"]))))

    assert run.task("admin token")["msg"].startswith("The token lacks the scope guest-issuer:read: Webex answered 403 "
                                                     "to GET /guests/count; add it to")


def test_write_scopes_and_unknown_scopes_are_refused_before_any_call(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook(task_play(
        failing(info_task("write scope", required_scopes=["spark-admin:people_write"])),
        failing(info_task("typo", required_scopes=["spark-admin:people_raed"])),
        failing(info_task("me and a filter", me=True, email="carol.calling@example.com")),
    ))

    assert run.task("write scope")["msg"].startswith(
        "required_scopes: spark-admin:people_write cannot be checked without writing (Webex has no call that lists a "
        "token's scopes); list only the read scopes spark-admin:people_read, ")
    assert run.task("typo")["msg"].startswith("required_scopes: 'spark-admin:people_raed' is not a scope this collection "
                                              "uses; choose from spark-admin:people_read, ")
    assert run.task("me and a filter")["msg"] == "me returns the token's own person and takes no filter; remove email or me."
    assert emulator.requests_log() == []


def test_required_scopes_in_a_customer_org_the_token_may_not_manage(emulator, run_playbook):
    customer = org_seed_id(CUSTOMER_ORG_NAME)
    run = run_playbook(task_play(
        failing(info_task("not a partner", org_id=customer, required_scopes=["spark-admin:people_read", "spark-admin:roles_read"])),
    ), env={"WEBEX_ACCESS_TOKEN": READONLY_TOKEN})
    partner = run_playbook(task_play(info_task("partner", org_id=customer, required_scopes=ALL_READ_SCOPES)),
                           env={"WEBEX_ACCESS_TOKEN": ADMIN_TOKEN})

    assert run.task("not a partner")["msg"] == (
        "The token lacks the scope spark-admin:people_read (or its user may not manage the organisation %s given in "
        "org_id): Webex answered 403 to GET /people; add it to the integration or Service App and authorise it again, "
        "or use an administrator's token that has it." % customer)
    assert partner.rc == 0 and partner.task("partner")["checked_scopes"] == ALL_READ_SCOPES
