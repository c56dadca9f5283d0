"""Groups in webex_people and the users file, run by ansible-playbook against the emulator: memberships add, remove
and set, declared groups, a group nobody has, gathered and its round trip, offboarding; the server is read with plain
HTTP beside the module."""

from __future__ import annotations

import zlib
from typing import Any, Dict, List

import requests
import yaml

from test_webex_person import module_examples
from collection_tree import REPO_ROOT
from playbook_runs import task_play, writes_in
from emulator import ids
from emulator.harness import (DEFAULT_SEED_FILE, READONLY_TOKEN, admin_headers, group_seed_id, scim_org_id, scim_url,
                              scim_user_id)

ADMIN = "admin@example.com"
CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"
SALES = "Sales Team"


def people_task(**options: Any) -> Dict[str, Any]:
    return {"name": "people", "webexops.identity.webex_people": options}


def memberships(emulator) -> Dict[str, List[str]]:
    """Every group's user members by group display name (and id, for the two named Support), straight from SCIM."""
    answer = requests.get(scim_url(emulator.direct_url, scim_org_id()) + "/Groups", params={"includeMembers": "true"},
                          headers=admin_headers(), timeout=10)
    answer.raise_for_status()
    held = {}
    for group in answer.json()["Resources"]:
        name = group["displayName"] if group["displayName"] != "Support" else group["id"]
        held[name] = sorted(m["value"] for m in group.get("members", []))
    return held


def users_file(tmp_path, people: List[Dict[str, Any]], groups: List[Dict[str, Any]] = None) -> str:
    path = tmp_path / "users.yml"
    document: Dict[str, Any] = {"people": people}
    if groups is not None:
        document["groups"] = groups
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return str(path)


def group_writes(log: List[Dict[str, Any]]) -> List[str]:
    """The group writes sent, method and path end (the org id varies)."""
    return ["%s %s" % (e["method"], e["path"].rsplit("/v2", 1)[-1]) for e in writes_in(log) if "/Groups" in e["path"]]


def test_memberships_from_a_users_file_in_four_steps(emulator, run_playbook, tmp_path):
    support_2 = group_seed_id("Support", occurrence=1)
    path = users_file(tmp_path, [
        {"email": CAROL, "groups": {"add": [support_2]}},  # the second Support, by id: the name is not unique
        {"email": DAVE, "groups": [SALES]},  # set: leaves Support, joins Sales Team
        {"email": ADMIN, "groups": {"remove": [SALES]}},  # not a member: nothing to do
    ])
    play = task_play(people_task(users_file=path, return_plan=True, results="all"))
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    planned = check.task("people")
    assert [(r["email"], r["action"], r["changed_fields"]) for r in planned["results"]] == [
        (CAROL, "updated", ["groups"]), (DAVE, "updated", ["groups"]), (ADMIN, "unchanged", [])]
    assert planned["diff"][1] == {"before": {"groups": [support_2]}, "after": {"groups": [SALES]},
                                  "before_header": DAVE, "after_header": DAVE}
    # One PATCH per group that changes, each with every member it adds and removes.
    patches = {c["path"].rsplit("/", 1)[-1]: c["body"]["Operations"] for c in planned["group_requests"]}
    assert patches == {
        group_seed_id(SALES): [{"op": "add", "path": "members", "value": [{"value": scim_user_id(DAVE), "type": "user"}]}],
        support_2: [{"op": "add", "path": "members", "value": [{"value": scim_user_id(CAROL), "type": "user"}]},
                    {"op": "remove", "path": 'members[value eq "%s"]' % scim_user_id(DAVE)}],
    }

    emulator.clear_log()
    applied = run_playbook(play)
    assert applied.rc == 0 and applied.changed == 1, applied.stdout[-3000:]
    assert sorted(group_writes(emulator.requests_log())) == sorted(
        "PATCH /Groups/%s" % key for key in (group_seed_id(SALES), support_2))
    held = memberships(emulator)
    assert held[SALES] == sorted([scim_user_id(CAROL), scim_user_id(DAVE)])
    assert held[support_2] == [scim_user_id(CAROL)]

    emulator.clear_log()
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    # No read per person: the organisation, the people list, one page of groups with their members.
    scim_reads = [e["path"].rsplit("/v2", 1)[-1] for e in emulator.requests_log() if "/identity/scim/" in e["path"]]
    assert scim_reads == ["/Groups"]


def test_declared_groups_are_created_with_their_new_members(emulator, run_playbook, tmp_path):
    path = users_file(tmp_path, [
        {"email": "erin@example.com", "display_name": "Erin", "groups": ["Engineering"]},
        {"email": CAROL, "groups": {"add": ["Engineering"]}},
    ], groups=[{"display_name": "Engineering", "external_id": "hr-7"}, {"display_name": "Empty"}])
    play = task_play(people_task(users_file=path))
    check = run_playbook(play, check=True)
    assert check.rc == 0 and check.changed == 1, check.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == [] and "Engineering" not in memberships(emulator)

    emulator.clear_log()
    applied = run_playbook(play)
    assert applied.rc == 0, applied.stdout[-3000:]
    assert group_writes(emulator.requests_log()) == ["POST /Groups", "POST /Groups"]
    erin = next(p for p in emulator.state()["people"] if p["emails"] == ["erin@example.com"])
    held = memberships(emulator)
    # Erin was created by the same run, before the group that holds her.
    assert held["Engineering"] == sorted([scim_user_id(CAROL), ids.decode_id(erin["id"])[1]])
    assert held["Empty"] == []
    assert [g.get("externalId") for g in emulator.state()["groups"] if g["displayName"] == "Engineering"] == ["hr-7"]
    assert {r["display_name"]: r["action"] for r in applied.task("people")["groups"]} == {"Engineering": "created", "Empty": "created"}

    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]


def test_a_group_nobody_has_fails_only_that_person(emulator, run_playbook):
    config = [{"email": CAROL, "title": "Director", "groups": {"add": ["Sales Teem"]}},
              {"email": DAVE, "groups": {"add": [SALES]}},
              {"email": "new@example.com", "display_name": "New", "groups": ["Support"]}]
    run = run_playbook(task_play(dict(people_task(config=config), ignore_errors=True)))
    results = {r["email"]: r for r in run.task("people")["results"]}
    assert results[CAROL]["action"] == "failed"
    assert results[CAROL]["msg"] == ("groups: no group is named 'Sales Teem'; check the spelling, or declare it in the "
                                     "groups section to create it.")
    assert results["new@example.com"]["msg"].startswith("groups: 2 groups are named 'Support'; give the id of the one you mean")
    assert results[DAVE]["action"] == "updated"
    state = {p["emails"][0]: p for p in emulator.state()["people"]}
    assert "title" not in state[CAROL] or state[CAROL]["title"] != "Director"  # the failed person was not written
    assert "new@example.com" not in state
    assert scim_user_id(DAVE) in memberships(emulator)[SALES]


def test_a_refused_group_request_fails_the_people_it_carries(emulator, run_playbook):
    # The read-only token reads people and groups, and may not change a group.
    config = [{"email": DAVE, "groups": {"add": [SALES]}}, {"email": ADMIN}]
    run = run_playbook(task_play(dict(people_task(config=config, results="all"), ignore_errors=True)), env={"WEBEX_ACCESS_TOKEN": READONLY_TOKEN})
    result = run.task("people")
    dave, admin = result["results"]
    assert (dave["action"], admin["action"]) == ("failed", "unchanged")
    assert dave["msg"].startswith("groups: the group Sales Team could not be updated: Webex answered 403 to PATCH ")
    assert "identity:people_rw" in dave["msg"] and result["failed"] is True
    assert result["groups"] == [{"display_name": SALES, "id": group_seed_id(SALES), "action": "failed"}]
    assert memberships(emulator)[SALES] == [scim_user_id(CAROL)]


def test_gathered_gives_groups_and_applied_back_changes_nothing(emulator, run_playbook, tmp_path):
    gathered_file = str(tmp_path / "org.yml")
    gather = people_task(state="gathered", scope={"exclude_admins": False}, gathered_file=gathered_file)
    run = run_playbook(task_play(gather))
    assert run.rc == 0, run.stdout[-3000:]
    people = {p["email"]: p for p in run.task("people")["gathered"]}
    assert people[CAROL]["groups"] == [SALES]
    assert people[DAVE]["groups"] == [group_seed_id("Support", occurrence=1)]  # two groups are named Support
    assert "groups" not in people[ADMIN]
    emulator.clear_log()
    back = run_playbook(task_play(dict(people_task(users_file=gathered_file, state="replaced"), name="back")))
    assert back.rc == 0 and back.changed == 0, back.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


def test_rendered_shows_the_group_requests_last_and_sends_none(emulator, run_playbook):
    config = [{"email": CAROL, "title": "Director", "groups": {"remove": [SALES]}},
              {"email": "new@example.com", "display_name": "New", "groups": {"add": [SALES]}}]
    run = run_playbook(task_play(people_task(config=config, state="rendered")))
    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    calls = run.task("people")["rendered"]
    assert [(c["method"], c.get("email") or c["group"]) for c in calls] == [
        ("PATCH", CAROL), ("POST", "new@example.com"), ("PATCH", SALES)]
    assert calls[-1]["path"] == "/identity/scim/%s/v2/Groups/%s" % (scim_org_id(), group_seed_id(SALES))
    assert calls[-1]["body"]["Operations"] == [
        {"op": "add", "path": "members", "value": [{"value": "(id of new@example.com, created in this run)", "type": "user"}]},
        {"op": "remove", "path": 'members[value eq "%s"]' % scim_user_id(CAROL)}]


def test_the_group_examples_run(emulator, run_playbook):
    names = ["People join and leave groups; a declared group is created first",
             "Offboard a person who left and take them out of every group"]
    examples = [task for task in module_examples("webex_people") if task["name"] in names]
    run = run_playbook(task_play(*examples))
    assert run.rc == 0, run.stdout[-3000:]
    held = memberships(emulator)
    people = {p["emails"][0]: ids.decode_id(p["id"])[1] for p in emulator.state()["people"]}
    assert held["Engineering"] == [people["alice@example.com"]]
    assert held[SALES] == sorted([scim_user_id(CAROL), people["bob@example.com"]])
    assert run.task(names[1])["summary"] == {"gone": 1}


def test_offboarding_leaves_every_group_by_policy(emulator, run_playbook):
    keep = run_playbook(task_play(people_task(config=[{"email": CAROL}], state="offboarded")))
    assert keep.rc == 0, keep.stdout[-3000:]
    assert scim_user_id(CAROL) in memberships(emulator)[SALES]

    emulator.reset()
    leave = task_play(people_task(config=[{"email": CAROL}], state="offboarded", offboard_leave_groups=True))
    check = run_playbook(leave, check=True)
    assert check.task("people")["results"][0]["changed_fields"] == ["extension", "groups", "licenses", "location", "login_enabled"]
    assert scim_user_id(CAROL) in memberships(emulator)[SALES]
    applied = run_playbook(leave)
    assert applied.rc == 0 and applied.task("people")["results"][0]["action"] == "disabled", applied.stdout[-3000:]
    assert memberships(emulator)[SALES] == []
    again = run_playbook(leave)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]


def role_task(role: str, variables: Dict[str, Any]) -> Dict[str, Any]:
    return {"name": role, "ansible.builtin.include_role": {"name": "webexops.identity." + role}, "vars": variables}


def test_onboarding_passes_groups_and_offboarding_leaves_them_by_default(emulator, run_playbook):
    onboard = role_task("onboarding", {
        "onboarding_people": [{"email": DAVE, "groups": {"add": ["Engineering"]}}],
        "onboarding_groups": [{"display_name": "Engineering"}]})
    run = run_playbook(task_play(onboard))
    assert run.rc == 0, run.stdout[-3000:]
    assert memberships(emulator)["Engineering"] == [scim_user_id(DAVE)]

    kept = run_playbook(task_play(role_task("offboarding", {"offboarding_people": [DAVE], "offboarding_leave_groups": False})))
    assert kept.rc == 0, kept.stdout[-3000:]
    assert memberships(emulator)["Engineering"] == [scim_user_id(DAVE)]
    left = run_playbook(task_play(role_task("offboarding", {"offboarding_people": [DAVE]})))
    assert left.rc == 0, left.stdout[-3000:]
    held = memberships(emulator)
    assert held["Engineering"] == [] and held[group_seed_id("Support", occurrence=1)] == []


def test_sync_applies_a_users_file_with_a_groups_section(emulator, run_playbook, tmp_path):
    path = users_file(tmp_path, [{"email": DAVE, "groups": ["Engineering"]}], groups=[{"display_name": "Engineering"}])
    run = run_playbook(REPO_ROOT / "playbooks" / "sync.yml", {"users_file": path})
    assert run.rc == 0, run.stdout[-3000:]
    held = memberships(emulator)
    assert held["Engineering"] == [scim_user_id(DAVE)] and held[group_seed_id("Support", occurrence=1)] == []


def test_gathered_without_the_scim_scope_gives_the_people_and_warns_of_the_groups(emulator, run_playbook):
    seed = yaml.safe_load(open(DEFAULT_SEED_FILE).read())
    seed["tokens"][0]["scopes"].remove("identity:people_rw")
    emulator.reset(seed)
    run = run_playbook(task_play(people_task(state="gathered", scope={"exclude_admins": False})))
    assert run.rc == 0, run.stdout[-3000:]
    result = run.task("people")
    people = {p["email"]: p for p in result["gathered"]}
    assert CAROL in people and all("groups" not in p for p in people.values())
    warning = [w for w in result["warnings"] if w.startswith("gathered leaves out each person's groups: Webex answered 403")]
    assert len(warning) == 1 and "identity:people_read" in warning[0]


def in_slice(email: str, count: int) -> int:
    """The slice webex_people puts a person in (crc32 of the lower-case email), as docs/awx.md says."""
    return zlib.crc32(email.lower().encode("utf-8")) % count + 1


def test_only_slice_one_creates_declared_groups(emulator, run_playbook):
    emails = ["slice%d@example.com" % n for n in range(20)]
    first = next(e for e in emails if in_slice(e, 2) == 1)
    second = next(e for e in emails if in_slice(e, 2) == 2)
    config = [{"email": e, "display_name": e.split("@")[0], "groups": {"add": ["Night Shift"]}} for e in (first, second)]
    declared = [{"display_name": "Night Shift"}]

    def run_slice(number: int):
        task = people_task(config=config, groups=declared, slice={"number": number, "count": 2}, results="all")
        return run_playbook(task_play(dict(task, ignore_errors=True))).task("people")

    two = run_slice(2)
    assert [(r["email"], r["action"]) for r in two["results"]] == [(second, "failed")]  # before any write for them
    assert two["results"][0]["msg"].startswith("groups: no group is named 'Night Shift'")
    assert "Night Shift" not in memberships(emulator)
    one = run_slice(1)
    assert [(r["email"], r["action"]) for r in one["results"]] == [(first, "created")]
    assert memberships(emulator)["Night Shift"] == [ids.decode_id(one["results"][0]["id"])[1]]
    two_again = run_slice(2)
    assert [(r["email"], r["action"]) for r in two_again["results"]] == [(second, "created")]
    both = [ids.decode_id(r["id"])[1] for r in one["results"] + two_again["results"]]
    assert memberships(emulator)["Night Shift"] == sorted(both)
