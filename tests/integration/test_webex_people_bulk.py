"""webex_people's write_api: SCIM Bulk for profile fields and deletes, PATCH /licenses/users for licenses, the People API otherwise.

Each test asserts on the request log (methods, paths, counts) and on what the emulator holds, read beside the module.
"""

from __future__ import annotations

from typing import Any, Dict, List

from playbook_runs import task_play, writes_in
from emulator.harness import license_seed_id, person_seed_id, scim_org_id, scim_user_id
from test_webex_people import CAROL, DAVE, by_email, on_server, people_task, seed_with

ADVANCED = license_seed_id("Advanced Messaging")
MEETINGS = license_seed_id("Webex Meetings - Enterprise", "Sub-1")
BULK_PATH = "/identity/scim/%s/v2/Bulk" % scim_org_id()


def staff(count: int) -> List[Dict[str, Any]]:
    return [{"emails": ["staff%03d@example.com" % n], "display_name": "Staff %03d" % n, "title": "Engineer"}
            for n in range(count)]


def emails(count: int) -> List[str]:
    return ["staff%03d@example.com" % n for n in range(count)]


def calls(log: List[Dict[str, Any]]) -> List[tuple]:
    """(method, path) of every API call, the People API's person ids folded into one name."""
    out = []
    for entry in log:
        path = entry["path"]
        if path.startswith("/v1/people/") and path != "/v1/people/me":
            path = "/v1/people/{id}"
        out.append((entry["method"], path))
    return out


def test_one_field_on_many_people_goes_in_bulk_requests_without_a_read_per_person(emulator, run_playbook):
    seed_with(emulator, staff(150))
    config = [{"email": email, "title": "Staff Engineer"} for email in emails(150)]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config)), diff=True)
    assert run.rc == 0, run.stdout[-3000:]
    result = run.task("people")
    assert result["summary"] == {"updated": 150}
    made = calls(emulator.requests_log())
    # One people page (1,000 a page) and two Bulk requests (100 + 50 operations): no GET or PUT per person.
    assert sorted(set(made)) == [("GET", "/v1/people"), ("POST", BULK_PATH)]
    assert made.count(("POST", BULK_PATH)) == 2 and len(made) == 3
    server = on_server(emulator)
    assert {server[email]["title"] for email in emails(150)} == {"Staff Engineer"}
    assert server[CAROL]["title"] == "Account Executive"
    diff = {d["before_header"]: d for d in result["diff"]}
    assert diff["staff000@example.com"]["before"] == {"title": "Engineer"}
    assert diff["staff000@example.com"]["after"] == {"title": "Staff Engineer"}


def test_check_mode_and_rendered_show_the_plan_a_bulk_run_carries_and_send_no_write(emulator, run_playbook):
    config = [{"email": CAROL, "title": "Director", "department": ""}, {"email": DAVE, "title": "Engineer"}]
    emulator.clear_log()
    check = run_playbook(task_play(people_task(config=config)), check=True, diff=True)
    rendered = run_playbook(task_play(people_task(config=config, state="rendered")))
    assert check.rc == 0 and rendered.rc == 0, check.stdout[-3000:] + rendered.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    shown = rendered.task("people")["rendered"]
    assert [(c["method"], c["path"], c["bulk"], c["email"]) for c in shown] == [
        ("PATCH", "/identity/scim/%s/v2/Users/%s" % (scim_org_id(), scim_user_id(email)), "POST " + BULK_PATH, email)
        for email in (CAROL, DAVE)]
    assert shown[0]["body"]["Operations"] == [
        {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
        {"op": "replace", "path": "title", "value": "Director"}]
    applied = run_playbook(task_play(people_task(config=config)), diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]
    assert check.task("people")["diff"] == applied.task("people")["diff"]
    assert check.task("people")["results"] == applied.task("people")["results"]
    server = on_server(emulator)
    assert server[CAROL]["title"] == "Director" and "department" not in server[CAROL]
    assert server[CAROL]["extension"] == "4101" and server[DAVE]["title"] == "Engineer"
    assert server[DAVE]["loginEnabled"] is False  # a SCIM PATCH leaves every other field as it is
    again = run_playbook(task_play(people_task(config=config)))
    assert again.rc == 0 and again.changed == 0


def test_deletes_go_in_bulk_and_someone_gone_is_unchanged(emulator, run_playbook):
    seed_with(emulator, staff(3))
    config = [{"email": email} for email in emails(3)] + [{"email": "nobody@example.com"}]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config, state="deleted", results="all")))
    assert run.rc == 0, run.stdout[-3000:]
    actions = {r["email"]: r["action"] for r in run.task("people")["results"]}
    assert actions == dict({email: "deleted" for email in emails(3)}, **{"nobody@example.com": "unchanged"})
    assert [c for c in calls(emulator.requests_log()) if c[0] != "GET"] == [("POST", BULK_PATH)]
    assert not set(emails(3)) & set(on_server(emulator))


def test_licenses_alone_go_by_patch_licenses_users_and_a_206_fails_that_person_naming_the_license(emulator, run_playbook):
    seed_with(emulator, staff(3))
    # display_name as Webex holds it: unchanged, so the licenses alone change.
    config = [{"email": email, "display_name": "Staff %03d" % n,
               "licenses": {"add": ["Advanced Messaging", "Webex Meetings - Enterprise"]}} for n, email in enumerate(emails(3))]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config, parallel=1)))
    assert run.rc != 0
    results = by_email(run.task("people")["results"])
    # Advanced Messaging has two seats: the third person gets Meetings only (206).
    assert [results[email]["action"] for email in emails(3)] == ["updated", "updated", "failed"]
    assert "did not assign Advanced Messaging" in results["staff002@example.com"]["msg"]
    assert [results[email]["msg"] for email in emails(2)] == ["", ""]
    assert results["staff000@example.com"]["id"] == person_seed_id("staff000@example.com")
    writes = [c for c in calls(emulator.requests_log()) if c[0] != "GET"]
    assert writes == [("PATCH", "/v1/licenses/users")] * 3
    assert ("GET", "/v1/people/{id}") not in calls(emulator.requests_log())
    server = on_server(emulator)
    assert sorted(server["staff000@example.com"]["licenses"]) == sorted([ADVANCED, MEETINGS])
    assert server["staff002@example.com"]["licenses"] == [MEETINGS]
    statuses = [e["status"] for e in emulator.requests_log() if e["path"] == "/v1/licenses/users"]
    assert statuses == [200, 200, 206]


def test_a_failed_operation_inside_a_bulk_answer_fails_that_person_only(emulator, run_playbook):
    seed_with(emulator, staff(3))
    # A well-formed person id that names nobody of the org: Webex refuses that operation alone.
    stranger = person_seed_id("stranger@elsewhere.example.com")
    config = [{"email": "staff000@example.com", "title": "Lead"},
              {"email": "staff001@example.com", "manager_id": stranger},
              {"email": "staff002@example.com", "title": "Lead"}]
    run = run_playbook(task_play(people_task(config=config)))
    assert run.rc != 0
    result = run.task("people")
    results = by_email(result["results"])
    assert [results[email]["action"] for email in emails(3)] == ["updated", "failed", "updated"]
    msg = results["staff001@example.com"]["msg"]
    assert msg.startswith("Webex answered 400 to PATCH /Users/%s:" % scim_user_id("staff001@example.com")), msg
    assert "not a user of this organization" in msg and "SCIM Bulk" in msg
    assert result["msg"].startswith("1 of 3 people failed, the others were handled: ")
    server = on_server(emulator)
    assert server["staff000@example.com"]["title"] == "Lead" and server["staff002@example.com"]["title"] == "Lead"
    assert "managerId" not in server["staff001@example.com"]


def test_dropped_bulk_answers_are_sent_again_and_every_person_is_reported_as_the_server_holds_them(emulator, run_playbook):
    seed_with(emulator, staff(40))
    config = [{"email": email, "title": "Staff Engineer"} for email in emails(30)]
    deleted = [{"email": email} for email in emails(40)[30:]]
    licensed = [{"email": email, "licenses": {"add": ["Webex Meetings - Enterprise"]}} for email in emails(10)]
    emulator.clear_log()
    # Every write answered at most half the time: the change is made, then the connection closes without an answer.
    emulator.set_faults(rate=0.5, kinds=["write-drop"], seed=10)
    try:
        updated = run_playbook(task_play(people_task(config=config, parallel=1),
                                         people_task(config=deleted, state="deleted", max_deletions=10, parallel=1),
                                         people_task(config=licensed, parallel=1)))
    finally:
        emulator.set_faults(rate=0.0)
    assert updated.rc == 0, updated.stdout[-3000:]
    log = emulator.requests_log()
    bulk = [e for e in log if e["path"] == BULK_PATH]
    assert any(e["fault"] == "write-drop" for e in bulk), bulk  # an answer was lost, and the request went again
    assert bulk[-1]["fault"] is None
    first, second, third = [r["result"]["results"] for r in updated.results if r["task"] == "people"]
    assert {r["action"] for r in first} == {"updated"} and {r["action"] for r in second} == {"deleted"}
    assert {r["action"] for r in third} == {"updated"}
    assert any(e["fault"] == "write-drop" for e in log if e["path"] == "/v1/licenses/users")
    server = on_server(emulator)
    assert {server[email]["title"] for email in emails(30)} == {"Staff Engineer"}
    assert not set(emails(40)[30:]) & set(server)
    assert all(MEETINGS in server[email]["licenses"] for email in emails(10))
    again = run_playbook(task_play(people_task(config=config), people_task(config=licensed)))
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]


def test_write_api_people_keeps_the_full_read_and_put(emulator, run_playbook):
    seed_with(emulator, staff(2))
    config = [{"email": email, "title": "Lead"} for email in emails(2)]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config, write_api="people")))
    assert run.rc == 0, run.stdout[-3000:]
    made = calls(emulator.requests_log())
    assert sorted(made) == [("GET", "/v1/people")] + [("GET", "/v1/people/{id}")] * 2 + [("PUT", "/v1/people/{id}")] * 2
    assert {on_server(emulator)[email]["title"] for email in emails(2)} == {"Lead"}


def test_a_token_without_scim_gets_its_bulk_refused_once_and_the_people_api_carries_the_plans(emulator, run_playbook):
    import yaml  # pylint: disable=import-outside-toplevel
    from emulator.harness import DEFAULT_SEED_FILE  # pylint: disable=import-outside-toplevel
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["people"] += staff(3)
    no_scim = "emulator-no-scim-token-0123456789"
    seed["tokens"].append({"token": no_scim, "person": "admin@example.com",
                           "scopes": ["spark-admin:people_read", "spark-admin:people_write"]})
    emulator.load_seed(seed)
    config = [{"email": email, "title": "Lead"} for email in emails(2)]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config, access_token=no_scim),
                                 people_task(config=[{"email": emails(3)[2]}], state="deleted", access_token=no_scim)))
    assert run.rc == 0, run.stdout[-3000:]
    results = [r["result"]["results"] for r in run.results if r["task"] == "people"]
    assert [r["action"] for r in results[0]] == ["updated", "updated"] and results[1][0]["action"] == "deleted"
    assert all("SCIM Bulk was refused" in r["msg"] and "write_api: people" in r["msg"] for r in results[0] + results[1])
    made = [(e["method"], e["status"]) for e in emulator.requests_log() if e["method"] != "GET"]
    assert made == [("POST", 403), ("PUT", 200), ("PUT", 200), ("POST", 403), ("DELETE", 204)]
    server = on_server(emulator)
    assert {server[email]["title"] for email in emails(2)} == {"Lead"} and emails(3)[2] not in server
