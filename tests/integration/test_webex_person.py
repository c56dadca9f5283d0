"""webex_person run by ansible-playbook against the emulator: the four steps, failures, adoption, request counts."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Dict, List

import requests
import yaml

from collection_tree import REPO_ROOT
from playbook_runs import PlaybookRun, task_play, writes_in
from emulator.harness import (
    DEFAULT_SEED_FILE,
    READONLY_TOKEN,
    admin_headers,
    license_seed_id,
    location_seed_id,
    person_seed_id,
    role_seed_id,
)

CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"
ADMIN = "admin@example.com"
MESSAGING = license_seed_id("Messaging")
MEETINGS = license_seed_id("Webex Meetings - Enterprise", "Sub-1")
ADVANCED = license_seed_id("Advanced Messaging")
CALLING_SUB1 = license_seed_id("Webex Calling - Professional", "Sub-1")
CALLING_SUB2 = license_seed_id("Webex Calling - Professional", "Sub-2")
# Fields Webex sets itself; everything else in a record is what a task may or may not change.
SERVER_FIELDS = ("lastModified",)


def person_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_person": options}


def people_on_server(emulator) -> Dict[str, Dict[str, Any]]:
    """Every person the emulator holds, in full API form, by email."""
    return {p["emails"][0]: p for p in emulator.state()["people"]}


def without_server_fields(person: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in person.items() if k not in SERVER_FIELDS}


def full_record(emulator, person_id: str) -> Dict[str, Any]:
    """What GET /people/{id} answers, read with plain requests (not with the module under test)."""
    response = requests.get("%s/people/%s" % (emulator.direct_url, person_id), params={"callingData": "true"},
                            headers=admin_headers(), timeout=10)
    response.raise_for_status()
    return response.json()


@dataclass
class FourSteps:
    check: PlaybookRun
    applied: PlaybookRun
    again: PlaybookRun
    before: Dict[str, Dict[str, Any]]
    again_log: List[Dict[str, Any]]


def four_steps(emulator, run_playbook, play: Dict[str, Any]) -> FourSteps:
    """Check mode reports the change and writes nothing -> the server is unchanged -> apply -> again: no change, no write."""
    before = people_on_server(emulator)
    emulator.clear_log()
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    assert check.changed > 0
    assert writes_in(emulator.requests_log()) == []
    assert people_on_server(emulator) == before

    applied = run_playbook(play, diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]
    assert applied.changed == check.changed
    for name in {r["task"] for r in applied.results}:
        assert check.task(name)["changed"] == applied.task(name)["changed"], name
        assert check.task(name).get("diff") == applied.task(name).get("diff"), name

    emulator.clear_log()
    again = run_playbook(play, diff=True)
    again_log = emulator.requests_log()
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert writes_in(again_log) == []
    return FourSteps(check, applied, again, before, again_log)


def test_create_a_person(emulator, run_playbook):
    play = task_play(person_task(
        "create", email="Erin.New@Example.com", first_name="Erin", last_name="New", display_name="Erin New",
        department="Support", licenses={"add": ["Messaging"]}, roles=["Read-only Administrator"], login_enabled=False,
        phone_numbers=[{"type": "mobile", "value": "+1 555 0100"}], site_urls=["example.webex.com#attendee"]))

    steps = four_steps(emulator, run_playbook, play)

    check, applied = steps.check.task("create"), steps.applied.task("create")
    assert check["action"] == "created" and check["person"]["id"] == "(id assigned by Webex on creation)"
    assert check["diff"]["before"] == {}
    assert check["diff"]["after"]["licenses"] == ["Messaging"]
    assert check["diff"]["after"]["roles"] == ["Read-only Administrator"]
    assert check["diff"]["after"]["email"] == "erin.new@example.com"
    erin = people_on_server(emulator)["erin.new@example.com"]
    assert applied["action"] == "created" and applied["person"]["id"] == erin["id"]
    assert erin["displayName"] == "Erin New" and erin["department"] == "Support"
    assert erin["licenses"] == [MESSAGING] and erin["roles"] == [role_seed_id("Read-only Administrator")]
    assert erin["loginEnabled"] is False
    assert erin["phoneNumbers"] == [{"type": "mobile", "value": "+1 555 0100", "primary": False}] or \
        erin["phoneNumbers"] == [{"type": "mobile", "value": "+1 555 0100"}]
    assert erin["siteUrls"] == ["example.webex.com#attendee"]
    assert applied["person"]["login_enabled"] is False and applied["person"]["licenses"] == [MESSAGING]
    assert steps.again.task("create")["action"] == "unchanged"


def test_creating_sends_one_post_and_completes_what_post_does_not_take(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook(task_play(person_task("create", email="fay@example.com", display_name="Fay",
                                             licenses=["Messaging"])))
    assert run.rc == 0 and run.task("create")["action"] == "created"
    calls = [(e["method"], e["path"]) for e in emulator.requests_log()]
    # Look the email up, read the license names, create: nothing else.
    assert calls == [("GET", "/v1/people"), ("GET", "/v1/licenses"), ("POST", "/v1/people")], calls


def test_an_update_of_one_field_keeps_every_other_field(emulator, run_playbook):
    play = task_play(
        person_task("carol", email=CAROL, department="Marketing"),
        person_task("dave", email=DAVE, title="Engineer"),
    )

    steps = four_steps(emulator, run_playbook, play)

    assert steps.applied.task("carol")["diff"]["before"] == {"department": "Sales"}
    assert steps.applied.task("carol")["diff"]["after"] == {"department": "Marketing"}
    after = people_on_server(emulator)
    carol_before, carol_after = steps.before[CAROL], after[CAROL]
    assert carol_after["department"] == "Marketing"
    assert without_server_fields(dict(carol_after, department="Sales")) == without_server_fields(carol_before)
    # Dave's sign-in stays disabled although the task did not mention it.
    assert after[DAVE]["loginEnabled"] is False and after[DAVE]["title"] == "Engineer"
    assert without_server_fields({k: v for k, v in after[DAVE].items() if k != "title"}) == \
        without_server_fields(steps.before[DAVE])
    assert steps.applied.task("dave")["person"]["login_enabled"] is False
    # The idempotent run sends one request per person: the email look-up.
    assert [(e["method"], e["path"]) for e in steps.again_log] == [("GET", "/v1/people")] * 2


def test_licenses_and_roles_by_name_add_remove_set(emulator, run_playbook):
    play = task_play(
        person_task("add", email=DAVE, licenses={"add": ["Webex Meetings - Enterprise"]}),
        person_task("remove", email=CAROL, licenses={"remove": ["Webex Meetings - Enterprise"]}),
        person_task("set", email=ADMIN, licenses=["Messaging", "Advanced Messaging"]),
        person_task("roles", email=DAVE, roles={"add": ["User Administrator"], "remove": ["Read-only Administrator"]}),
    )

    steps = four_steps(emulator, run_playbook, play)

    after = people_on_server(emulator)
    assert sorted(after[DAVE]["licenses"]) == sorted([MESSAGING, MEETINGS])
    assert sorted(after[CAROL]["licenses"]) == sorted([MESSAGING, CALLING_SUB1])
    assert sorted(after[ADMIN]["licenses"]) == sorted([MESSAGING, ADVANCED])
    assert after[DAVE]["roles"] == [role_seed_id("User Administrator")]
    assert after[ADMIN]["roles"] == [role_seed_id("Full Administrator")]
    # Calling data survived the license change on carol.
    assert after[CAROL]["locationId"] == location_seed_id("Headquarters") and after[CAROL]["extension"] == "4101"
    applied = steps.applied
    assert applied.task("add")["diff"] == dict(applied.task("add")["diff"], before={"licenses": ["Messaging"]},
                                               after={"licenses": ["Messaging", "Webex Meetings - Enterprise"]})
    assert applied.task("set")["diff"]["after"] == {"licenses": ["Advanced Messaging", "Messaging"]}
    assert applied.task("roles")["diff"]["before"] == {"roles": ["Read-only Administrator"]}
    assert applied.task("roles")["diff"]["after"] == {"roles": ["User Administrator"]}
    # Idempotent with names: per task the email look-up and the full record; the license and role lists once each.
    assert len(steps.again_log) == 4 * 2 + 3 + 1, steps.again_log


def test_a_calling_license_with_location_and_extension(emulator, run_playbook):
    play = task_play(person_task(
        "calling", email="gus@example.com", display_name="Gus Calling", licenses=["Messaging", CALLING_SUB2],
        location="Branch Office", extension="5001"), person_task(
        "calling update", email=DAVE, licenses={"add": [CALLING_SUB1]}, location=location_seed_id("Headquarters"),
        extension="4102"))

    steps = four_steps(emulator, run_playbook, play)

    dave = people_on_server(emulator)[DAVE]
    assert sorted(dave["licenses"]) == sorted([MESSAGING, CALLING_SUB1]) and dave["extension"] == "4102"
    assert dave["locationId"] == location_seed_id("Headquarters") and dave["loginEnabled"] is False
    update = steps.applied.task("calling update")
    assert update["person"]["extension"] == "4102" and not update.get("warnings"), update

    gus = people_on_server(emulator)["gus@example.com"]
    assert sorted(gus["licenses"]) == sorted([MESSAGING, CALLING_SUB2])
    assert gus["locationId"] == location_seed_id("Branch Office") and gus["extension"] == "5001"
    result = steps.applied.task("calling")
    assert result["person"]["location_id"] == gus["locationId"] and result["person"]["extension"] == "5001"
    assert steps.check.task("calling")["diff"]["after"]["location"] == "Branch Office"
    assert not result.get("warnings"), result


def test_delete_then_delete_again(emulator, run_playbook):
    play = task_play(person_task("delete", email=CAROL, state="absent"))

    steps = four_steps(emulator, run_playbook, play)

    assert CAROL not in people_on_server(emulator)
    assert steps.applied.task("delete")["action"] == "deleted"
    assert steps.applied.task("delete")["diff"]["before"]["email"] == CAROL
    assert steps.again.task("delete")["action"] == "unchanged"


def test_find_by_id(emulator, run_playbook):
    carol_id = person_seed_id(CAROL)
    emulator.clear_log()
    run = run_playbook(task_play(
        person_task("same", id=carol_id, department="Sales"),
        person_task("title", id=carol_id, email=CAROL.upper(), title="Director"),
    ))
    assert run.rc == 0, run.stdout[-3000:]
    assert not run.task("same")["changed"] and run.task("same")["person"]["emails"] == [CAROL]
    assert run.task("title")["changed"]
    assert full_record(emulator, carol_id)["title"] == "Director"
    assert full_record(emulator, carol_id)["avatar"] == "https://avatars.example.com/carol.png"


def failing(name: str, **options: Any) -> Dict[str, Any]:
    return dict(person_task(name, **options), ignore_errors=True)


def test_clear_failures_change_nothing(emulator, run_playbook):
    before = people_on_server(emulator)
    emulator.clear_log()
    run = run_playbook(task_play(
        failing("unknown license", email=CAROL, licenses={"add": ["Mesaging"]}),
        failing("ambiguous license", email=DAVE, licenses={"add": ["Webex Calling - Professional"]}),
        failing("unknown role", email=DAVE, roles=["Full Admin"]),
        failing("unknown location", email=DAVE, location="Head Quarters"),
        failing("no name", email="nameless@example.com", department="Sales"),
        failing("bad email", email="not-an-email", display_name="X"),
        failing("id and other email", id=person_seed_id(CAROL), email=DAVE, title="X"),
    ))

    # ignore_errors: the play completes, and each of the seven tasks is a failure ansible-playbook ignored.
    assert run.rc == 0 and run.stats["localhost"]["ignored"] == 7, run.stdout[-3000:]
    messages = {name: run.task(name)["msg"] for name in (
        "unknown license", "ambiguous license", "unknown role", "unknown location", "no name", "bad email",
        "id and other email")}
    assert all(run.task(name)["failed"] for name in messages)
    assert messages == {
        "unknown license": "licenses: no license is named 'Mesaging'; did you mean 'Messaging' or 'Advanced Messaging'?",
        "ambiguous license": "licenses: 2 licenses are named 'Webex Calling - Professional'; give the id of the one you "
                             "mean: %s (subscription Sub-1); %s (subscription Sub-2)." % (CALLING_SUB1, CALLING_SUB2),
        "unknown role": "roles: no role is named 'Full Admin'; did you mean 'Full Administrator'?",
        "unknown location": "location: no location is named 'Head Quarters'; did you mean 'Headquarters'?",
        "no name": "creating nameless@example.com needs display_name, first_name or last_name.",
        "bad email": "email 'not-an-email' is not an email address; give it as name@example.com.",
        "id and other email": "the person with id %s has the email %s, not %s; give the id or the email alone."
                              % (person_seed_id(CAROL), CAROL, DAVE),
    }
    assert writes_in(emulator.requests_log()) == []
    assert people_on_server(emulator) == before


def test_a_token_without_the_write_scope_names_it(emulator, run_playbook):
    before = people_on_server(emulator)
    run = run_playbook(task_play(
        failing("update", email=CAROL, department="Marketing"),
        failing("create", email="hal@example.com", display_name="Hal"),
    ), env=dict(WEBEX_ACCESS_TOKEN=READONLY_TOKEN))

    for name in ("update", "create"):
        result = run.task(name)
        assert result["failed"] and result["status"] == 403, result
        assert "spark-admin:people_write" in result["msg"] and result["tracking_id"]
        assert READONLY_TOKEN not in run.stdout
    assert people_on_server(emulator) == before


def test_a_create_answered_400_after_creating_is_adopted(emulator, run_playbook):
    emulator.set_faults(rate=1.0, kinds=["create-400"])
    emulator.clear_log()
    run = run_playbook(task_play(person_task("create", email="ivy@example.com", display_name="Ivy",
                                             login_enabled=False)))
    log = emulator.requests_log()
    emulator.clear_faults()

    assert run.rc == 0, run.stdout[-3000:]
    result = run.task("create")
    matching = [p for p in emulator.state()["people"] if p["emails"] == ["ivy@example.com"]]
    assert len(matching) == 1
    assert result["action"] == "created" and result["person"]["id"] == matching[0]["id"]
    assert matching[0]["loginEnabled"] is False
    posts = [e for e in log if e["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["status"] == 400 and posts[0]["fault"] == "create-400"


def module_examples(module: str) -> List[Dict[str, Any]]:
    """The tasks of a module's EXAMPLES, read from its source without importing it."""
    tree = ast.parse((REPO_ROOT / "plugins" / "modules" / ("%s.py" % module)).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["EXAMPLES"]:
            return yaml.safe_load(ast.literal_eval(node.value))
    raise AssertionError("%s has no EXAMPLES" % module)


def test_the_examples_run(emulator, run_playbook):
    examples = module_examples("webex_person")
    run = run_playbook([task_play(*examples), task_play(*module_examples("webex_person_info"))])

    assert run.rc == 0, run.stdout[-3000:]
    person_tasks = [t["name"] for t in examples if "webexops.identity.webex_person" in t] + ["Give Alice a title"]
    assert all(run.task(name)["changed"] for name in person_tasks), person_tasks
    assert run.task("Give Alice a title")["person"]["title"] == "Engineer"
    assert "alice@example.com" not in people_on_server(emulator)
    assert [p["id"] for p in run.task("Look a person up by email")["people"]] == [person_seed_id(CAROL)]
    assert [p["id"] for p in run.task("The full administrators")["people"]] == [person_seed_id(ADMIN)]


def test_a_failed_update_reports_what_webex_now_holds(emulator, run_playbook):
    # The write is applied, then every answer to a write is lost: the PUT and its one retry.
    emulator.set_faults(rate=1.0, kinds=["write-drop"])
    run = run_playbook(task_play(failing("update", email=CAROL, department="Marketing", retries=1)))
    emulator.clear_faults()

    result = run.task("update")
    assert result["failed"] and "could not connect" in result["msg"], result
    assert result["body"]["person_now"]["department"] == "Marketing"
    assert result["body"]["person_now"]["licenses"] == people_on_server(emulator)[CAROL]["licenses"]
    assert people_on_server(emulator)[CAROL]["department"] == "Marketing"


def test_removing_an_attendee_site_sends_show_all_types(emulator, run_playbook):
    play = task_play(person_task("carol", email=CAROL, site_urls={"remove": ["example.webex.com#attendee"]}))

    steps = four_steps(emulator, run_playbook, play)

    assert steps.applied.task("carol")["diff"]["before"] == {"site_urls": ["example.webex.com#attendee"]}
    assert "siteUrls" not in people_on_server(emulator)[CAROL]
    puts = [entry for entry in steps.again_log + emulator.requests_log() if entry["method"] == "PUT"]
    assert puts == []  # the idempotent run writes nothing


def test_every_put_asks_for_all_types(emulator, run_playbook):
    emulator.clear_log()
    result = run_playbook(task_play(person_task("carol", email=CAROL, title="Director")))
    assert result.rc == 0, result.stdout[-3000:]
    puts = [entry for entry in emulator.requests_log() if entry["method"] == "PUT"]
    assert len(puts) == 1 and "showAllTypes=true" in puts[0]["query"]
    # The attendee site the task did not mention is kept, and the answer (compared by the module) shows it.
    assert people_on_server(emulator)[CAROL]["siteUrls"] == ["example.webex.com#attendee"]
    assert result.task("carol")["person"]["site_urls"] == ["example.webex.com#attendee"]


def test_a_license_webex_could_not_assign_fails_the_task(emulator, run_playbook):
    for n in range(2):  # every seat of Advanced Messaging taken
        body = {"emails": ["seat%d@example.com" % n], "displayName": "Seat %d" % n, "licenses": [ADVANCED]}
        requests.post("%s/people" % emulator.direct_url, json=body, headers=admin_headers(), timeout=10).raise_for_status()
    play = task_play(person_task("carol", email=CAROL, title="Director", licenses={"add": ["Advanced Messaging"]}))

    for _run in range(2):  # the next run tries again and fails again: never a silent success
        result = run_playbook(play)
        assert result.rc != 0
        msg = result.task("carol")["msg"]
        assert "did not assign Advanced Messaging" in msg and person_seed_id(CAROL) in msg, msg
    carol = people_on_server(emulator)[CAROL]
    assert carol["title"] == "Director" and ADVANCED not in carol["licenses"] and MESSAGING in carol["licenses"]


def test_phone_numbers_leave_the_derived_work_extension_alone(emulator, run_playbook):
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    carol = next(p for p in seed["people"] if p["emails"] == [CAROL])
    carol["phone_numbers"].append({"type": "work_extension", "value": "84101", "primary": False})
    emulator.load_seed(seed)
    numbers = [{"value": "+1 408 555 0101", "primary": True}, {"type": "mobile", "value": "+1 408 555 0199"},
               {"type": "enterprise", "value": "84101"}]
    play = task_play(person_task("carol", email=CAROL, phone_numbers=numbers, title="Director"))

    steps = four_steps(emulator, run_playbook, play)

    assert steps.applied.task("carol")["diff"]["before"] == {"title": "Account Executive"}  # numbers unchanged
    types = [number["type"] for number in people_on_server(emulator)[CAROL]["phoneNumbers"]]
    assert types == ["work", "mobile", "enterprise", "work_extension"]
