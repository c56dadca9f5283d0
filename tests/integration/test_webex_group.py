"""webex_group run by ansible-playbook against the emulator (SCIM 2 through spec-proxy): the four steps, members, absent,
bad input; the server is read with plain HTTP."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import requests

from playbook_runs import task_play, writes_in
from emulator.harness import (CUSTOMER_ORG_NAME, READONLY_TOKEN, admin_headers, group_seed_id, org_seed_id,
                              person_seed_id, scim_org_id, scim_url, scim_user_id)

CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"
ADMIN = "admin@example.com"


def group_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_group": options}


def failing(task: Dict[str, Any]) -> Dict[str, Any]:
    return dict(task, ignore_errors=True)


def groups_named(emulator, name: str, org: Optional[str] = None) -> List[Dict[str, Any]]:
    """The groups of this name as SCIM answers them, members included (plain HTTP, straight to the emulator)."""
    base = scim_url(emulator.direct_url, scim_org_id(org) if org else scim_org_id())
    found = requests.get(base + "/Groups", params={"filter": 'displayName eq "%s"' % name, "includeMembers": "true"},
                         headers=admin_headers(), timeout=10)
    found.raise_for_status()
    return found.json()["Resources"]


def member_ids(group: Dict[str, Any]) -> List[str]:
    return sorted(m["value"] for m in group.get("members", []))


def four_steps(emulator, run_playbook, task: Dict[str, Any]):
    """check mode reports a change -> nothing written -> apply -> the re-run reports none."""
    check = run_playbook(task_play(task), check=True, diff=True)
    assert check.rc == 0, check.stdout
    assert check.task(task["name"])["changed"] is True
    assert writes_in(emulator.requests_log()) == []
    applied = run_playbook(task_play(task), diff=True)
    assert applied.rc == 0, applied.stdout
    emulator.clear_log()
    again = run_playbook(task_play(task))
    assert again.rc == 0 and again.changed == 0, again.stdout
    assert writes_in(emulator.requests_log()) == []
    return check.task(task["name"]), applied.task(task["name"])


def idempotent_run_paths(emulator, run_playbook, task: Dict[str, Any]) -> List[str]:
    """The calls of one more run that changes nothing, path ends only (the org id varies)."""
    emulator.clear_log()
    run = run_playbook(task_play(task))
    assert run.rc == 0 and run.changed == 0, run.stdout
    return [e["path"].rsplit("/v2", 1)[-1] if "/v2" in e["path"] else e["path"] for e in emulator.requests_log()]


def test_create_with_members_in_four_steps(emulator, run_playbook):
    task = group_task("make", display_name="Engineering", members=[CAROL, person_seed_id(DAVE)])
    check, applied = four_steps(emulator, run_playbook, task)
    assert check["group"]["id"] == "(id assigned by Webex on creation)"
    assert check["diff"]["after"] == {"display_name": "Engineering", "members": sorted([CAROL, scim_user_id(DAVE)])}
    assert applied["action"] == "created" and applied["changed_fields"] == ["display_name", "members"]
    (held,) = groups_named(emulator, "Engineering")
    assert member_ids(held) == sorted([scim_user_id(CAROL), scim_user_id(DAVE)])
    assert applied["group"]["id"] == held["id"]


def test_members_add_remove_and_set(emulator, run_playbook):
    add = group_task("add", display_name="Sales Team", members={"add": [DAVE, ADMIN]})
    check, applied = four_steps(emulator, run_playbook, add)
    assert check["diff"]["before"] == {"members": [scim_user_id(CAROL)]}
    assert applied["diff"]["after"] == {"members": sorted([scim_user_id(CAROL), DAVE, ADMIN])}
    assert member_ids(groups_named(emulator, "Sales Team")[0]) == sorted(scim_user_id(e) for e in (CAROL, DAVE, ADMIN))
    # The organisation, the group search, its members, and one user search for both emails.
    assert idempotent_run_paths(emulator, run_playbook, add) == [
        "/v1/people/me", "/Groups", "/Users", "/Groups/%s/Members" % group_seed_id("Sales Team")]

    remove = group_task("remove", display_name="Sales Team", members={"remove": [CAROL]})
    four_steps(emulator, run_playbook, remove)
    assert member_ids(groups_named(emulator, "Sales Team")[0]) == sorted(scim_user_id(e) for e in (DAVE, ADMIN))

    exact = group_task("set", display_name="Sales Team", members=[CAROL])
    _check, applied = four_steps(emulator, run_playbook, exact)
    assert applied["action"] == "updated" and applied["changed_fields"] == ["members"]
    assert member_ids(groups_named(emulator, "Sales Team")[0]) == [scim_user_id(CAROL)]


def test_rename_by_id_and_external_id(emulator, run_playbook):
    task = group_task("rename", id=group_seed_id("Sales Team"), display_name="Sales EMEA", external_id="hr-42")
    _check, applied = four_steps(emulator, run_playbook, task)
    assert applied["diff"]["before"] == {"display_name": "Sales Team", "external_id": ""}
    (held,) = groups_named(emulator, "Sales EMEA")
    assert (held["id"], held["externalId"], member_ids(held)) == (group_seed_id("Sales Team"), "hr-42", [scim_user_id(CAROL)])


def test_absent_deletes_once(emulator, run_playbook):
    task = group_task("drop", display_name="Sales Team", state="absent")
    _check, applied = four_steps(emulator, run_playbook, task)
    assert applied["action"] == "deleted" and groups_named(emulator, "Sales Team") == []


def test_bad_input_is_one_sentence_and_writes_nothing(emulator, run_playbook):
    before = emulator.state()["groups"]
    run = run_playbook(task_play(
        failing(group_task("unknown email", display_name="Sales Team", members={"add": ["nobody@example.com", DAVE]})),
        failing(group_task("two of that name", display_name="Support", members=[CAROL])),
        failing(group_task("not a member", display_name="Sales Team", members=["not an email"])),
        failing(group_task("unknown id", id="00000000-0000-0000-0000-000000000000", display_name="X")),
        failing(group_task("blank name", display_name=" ")),
        failing(group_task("bad members", display_name="Sales Team", members={"keep": [CAROL]})),
    ))
    messages = {r["task"]: r["result"]["msg"] for r in run.results}
    assert messages == {
        "unknown email": "members: nobody in the organisation has the email nobody@example.com; check the spelling, "
                         "or create the person first.",
        "two of that name": "display_name: 2 groups are named 'Support'; give the id of the one you mean: %s."
                            % ", ".join(sorted([group_seed_id("Support"), group_seed_id("Support", occurrence=1)])),
        "not a member": "members: 'not an email' is neither an email nor a person id (a People API id or a SCIM uuid).",
        "unknown id": "no group has the id 00000000-0000-0000-0000-000000000000; to create a group give display_name "
                      "and leave id out.",
        "blank name": "display_name must not be empty; give the group's name, or leave it out and give id.",
        "bad members": "members takes the keys add, remove and set, not keep.",
    }
    assert "Traceback" not in run.stdout + run.stderr
    assert writes_in(emulator.requests_log()) == [] and emulator.state()["groups"] == before


def test_a_read_only_token_names_the_scope(emulator, run_playbook):
    run = run_playbook(task_play(failing(group_task("no rights", display_name="New", members=[CAROL]))),
                       env={"WEBEX_ACCESS_TOKEN": READONLY_TOKEN})
    message = run.task("no rights")["msg"]
    assert message.startswith("Webex answered 403 to POST /identity/scim/%s/v2/Groups: " % scim_org_id())
    assert "identity:people_rw" in message and groups_named(emulator, "New") == []


def test_org_id_works_on_the_customer_org(emulator, run_playbook):
    task = group_task("customer", display_name="Finance", org_id=org_seed_id(CUSTOMER_ORG_NAME),
                      members=["cora.customer@customer.example.net"])
    four_steps(emulator, run_playbook, task)
    (held,) = groups_named(emulator, "Finance", CUSTOMER_ORG_NAME)
    assert len(held["members"]) == 1 and groups_named(emulator, "Finance") == []
