"""Partner administrators: org_id makes every module work in a customer's organisation, and only there.

The default seed's ADMIN_TOKEN belongs to a partner administrator of "Customer Org"; READONLY_TOKEN's may not manage it.
Each test reads what the emulator holds for both organisations, not what the modules say.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs

import pytest
import yaml

from collection_tree import REPO_ROOT
from emulator.harness import (CUSTOMER_ORG_NAME, READONLY_TOKEN, license_seed_id, location_seed_id, org_seed_id,
                              person_seed_id)
from playbook_runs import task_play, writes_in

CUSTOMER = org_seed_id(CUSTOMER_ORG_NAME)
CUSTOMER_MESSAGING = license_seed_id("Messaging", org_name=CUSTOMER_ORG_NAME)
CUSTOMER_CALLING = license_seed_id("Webex Calling - Professional", "Cust-Sub-1", CUSTOMER_ORG_NAME)
CUSTOMER_HQ = location_seed_id("Headquarters", CUSTOMER_ORG_NAME)
CORA = person_seed_id("cora.customer@customer.example.net")
NEW_EMAIL = "nina.new@customer.example.net"
# The calls whose query takes orgId; the others (GET /people/{id}, GET /licenses/{id}, GET /roles) name no org.
ORG_QUERY_PATHS = ("/v1/people", "/v1/licenses", "/v1/locations")


def person_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_person": options}


def info_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_person_info": options}


def people_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_people": options}


def home(state: Dict[str, Any]) -> Dict[str, Any]:
    """The partner's own organisation as the emulator holds it."""
    return {key: state[key] for key in ("org", "people", "licenses", "locations")}


def customer(state: Dict[str, Any]) -> Dict[str, Any]:
    (org,) = [entry for entry in state["customer_orgs"] if entry["org"]["id"] == CUSTOMER]
    return org


def held(org: Dict[str, Any], email: str) -> Optional[Dict[str, Any]]:
    found = [person for person in org["people"] if email in person["emails"]]
    return found[0] if found else None


def org_ids_sent(log: List[Dict[str, Any]]) -> List[Optional[str]]:
    """The orgId of each list call that takes one (None where it was left out)."""
    return [parse_qs(entry["query"]).get("orgId", [None])[0] for entry in log if entry["path"] in ORG_QUERY_PATHS]


def test_create_update_read_delete_a_person_in_the_customer_org(emulator, run_playbook):
    before = emulator.state()
    wanted = dict(email=NEW_EMAIL, display_name="Nina New", department="Support", org_id=CUSTOMER,
                  licenses=["Messaging", "Webex Calling - Professional"], location="Headquarters", extension="2102")
    emulator.clear_log()

    plan = run_playbook(task_play(person_task("create", **wanted)), check=True)
    assert plan.rc == 0 and plan.task("create")["changed"] and plan.task("create")["action"] == "created", plan.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == [] and emulator.state() == before

    created = run_playbook(task_play(person_task("create", **wanted)))
    assert created.rc == 0 and created.task("create")["action"] == "created", created.stdout[-3000:]
    nina = held(customer(emulator.state()), NEW_EMAIL)
    assert nina["orgId"] == CUSTOMER and nina["department"] == "Support" and nina["extension"] == "2102"
    assert sorted(nina["licenses"]) == sorted([CUSTOMER_MESSAGING, CUSTOMER_CALLING]) and nina["locationId"] == CUSTOMER_HQ
    assert home(emulator.state()) == home(before)

    emulator.clear_log()
    again = run_playbook(task_play(person_task("create", **wanted)))
    assert again.rc == 0 and again.changed == 0 and writes_in(emulator.requests_log()) == []

    updated = run_playbook(task_play(person_task("update", email=NEW_EMAIL, title="Team Lead", org_id=CUSTOMER),
                                     info_task("read", email=NEW_EMAIL, details=True, org_id=CUSTOMER)))
    assert updated.rc == 0 and updated.task("update")["changed_fields"] == ["title"], updated.stdout[-3000:]
    assert held(customer(emulator.state()), NEW_EMAIL)["title"] == "Team Lead"
    (read,) = updated.task("read")["people"]
    assert read["id"] == nina["id"] and read["title"] == "Team Lead" and sorted(read["licenses"]) == sorted(nina["licenses"])

    deleted = run_playbook(task_play(person_task("delete", email=NEW_EMAIL, state="absent", org_id=CUSTOMER)))
    assert deleted.rc == 0 and deleted.task("delete")["action"] == "deleted", deleted.stdout[-3000:]
    assert held(customer(emulator.state()), NEW_EMAIL) is None
    assert home(emulator.state()) == home(before)
    assert set(org_ids_sent(emulator.requests_log())) == {CUSTOMER}


def test_without_org_id_nothing_of_the_customer_org_is_read_or_written(emulator, run_playbook):
    before = emulator.state()
    emulator.clear_log()
    run = run_playbook(task_play(
        info_task("by email", email="cora.customer@customer.example.net"),
        info_task("by name", display_name="Co"),
        person_task("absent", email="cora.customer@customer.example.net", state="absent"),
        people_task("gathered", state="gathered", scope={"exclude_admins": False}),
        people_task("deleted", state="deleted", config=[{"email": "cole.calling@customer.example.net"}]),
    ))

    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    assert run.task("by email")["people"] == [] and run.task("by name")["people"] == []
    assert run.task("absent")["action"] == "unchanged"
    gathered = sorted(person["email"] for person in run.task("gathered")["gathered"])
    assert gathered == sorted(person["emails"][0] for person in before["people"])
    assert customer(emulator.state()) == customer(before)
    assert writes_in(emulator.requests_log()) == []
    assert set(org_ids_sent(emulator.requests_log())) == {None}


def test_names_resolve_within_the_customer_org(emulator, run_playbook):
    """Example Org has two "Webex Calling - Professional" licenses (ambiguous there); Customer Org has one."""
    before = emulator.state()
    emulator.clear_log()
    run = run_playbook(task_play(
        people_task("add calling", org_id=CUSTOMER, config=[
            {"email": "cora.customer@customer.example.net", "licenses": {"add": ["Webex Calling - Professional"]},
             "location": "Headquarters", "extension": "2103"}]),
        info_task("in headquarters", location="Headquarters", org_id=CUSTOMER),
        dict(people_task("same names at home", config=[
            {"email": "carol.calling@example.com", "licenses": {"add": ["Webex Calling - Professional"]}}]),
            ignore_errors=True),
    ))

    assert run.task("add calling")["changed"], run.stdout[-3000:]
    cora = held(customer(emulator.state()), "cora.customer@customer.example.net")
    assert sorted(cora["licenses"]) == sorted([CUSTOMER_MESSAGING, CUSTOMER_CALLING])
    assert cora["locationId"] == CUSTOMER_HQ and cora["extension"] == "2103"
    licenses = {lic["id"]: lic["consumedUnits"] for lic in customer(emulator.state())["licenses"]}
    assert licenses[CUSTOMER_CALLING] == 2
    assert sorted(p["id"] for p in run.task("in headquarters")["people"]) == sorted(
        [CORA, person_seed_id("cole.calling@customer.example.net")])
    assert "2 licenses are named 'Webex Calling - Professional'" in run.task("same names at home")["msg"]
    assert home(emulator.state()) == home(before)


def test_a_token_that_may_not_manage_the_org_gets_one_sentence(emulator, run_playbook):
    before = emulator.state()
    run = run_playbook(task_play(
        dict(info_task("read", email="cora.customer@customer.example.net", org_id=CUSTOMER), ignore_errors=True),
        dict(person_task("write", email="cora.customer@customer.example.net", title="Boss", org_id=CUSTOMER),
             ignore_errors=True),
    ), env={"WEBEX_ACCESS_TOKEN": READONLY_TOKEN})

    for task in ("read", "write"):
        result = run.task(task)
        assert result["failed"] and result["status"] == 403
        assert result["msg"].startswith(
            "Webex answered 403 to GET /people: The access token is not authorized to access organization %s - the "
            "token's user may not manage the organisation %s given in org_id (it must be a partner administrator of it), "
            "or the token lacks the scope spark-admin:people_read. (trackingId ROUTER_" % (CUSTOMER, CUSTOMER)), result["msg"]
        assert "\n" not in result["msg"] and "Traceback" not in run.stdout
    assert emulator.state() == before


def test_an_unknown_org_id_is_refused_too(emulator, run_playbook):
    unknown = org_seed_id("Nobody's Org")
    run = run_playbook(task_play(dict(info_task("read", org_id=unknown), ignore_errors=True)))
    assert run.task("read")["status"] == 403 and unknown in run.task("read")["msg"]


@pytest.mark.parametrize("where", ["users file", "extra var"])
def test_sync_playbook_applies_a_users_file_to_the_customer_org(emulator, run_playbook, tmp_path, where):
    users = {"people": [{"email": NEW_EMAIL, "display_name": "Nina New", "licenses": ["Messaging"]},
                        {"email": "cora.customer@customer.example.net", "title": "Controller"}],
             "leaving": ["cole.calling@customer.example.net"]}
    extra = {"users_file": str(tmp_path / "users.yml")}
    if where == "users file":
        users = {"org_id": CUSTOMER, **users}
    else:
        extra["org_id"] = CUSTOMER
    (tmp_path / "users.yml").write_text(yaml.safe_dump(users))
    before = emulator.state()

    run = run_playbook(REPO_ROOT / "playbooks" / "sync.yml", extra)

    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    org = customer(emulator.state())
    assert held(org, NEW_EMAIL)["licenses"] == [CUSTOMER_MESSAGING]
    assert held(org, "cora.customer@customer.example.net")["title"] == "Controller"
    cole = held(org, "cole.calling@customer.example.net")
    assert cole["loginEnabled"] is False and cole.get("licenses", []) == []
    assert home(emulator.state()) == home(before)
