"""webex_people run by ansible-playbook against the emulator: every state, the guards, partial failure, check mode and diff."""

from __future__ import annotations

from typing import Any, Dict, List

from playbook_runs import task_play, writes_in
from emulator.harness import license_seed_id, person_seed_id, role_seed_id

ADMIN = "admin@example.com"
CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"
MESSAGING = license_seed_id("Messaging")
ADVANCED = license_seed_id("Advanced Messaging")


def people_task(**options: Any) -> Dict[str, Any]:
    return {"name": "people", "webexops.identity.webex_people": options}


def on_server(emulator) -> Dict[str, Dict[str, Any]]:
    """Every person the emulator holds, in full API form, by email (read beside the module, not through it)."""
    return {p["emails"][0]: p for p in emulator.state()["people"]}


def by_email(results: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return {r["email"]: r for r in results}


def v1_calls(log: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [entry for entry in log if entry["path"].startswith("/v1/")]


def extra_people(count: int, domain: str = "example.com") -> List[Dict[str, Any]]:
    return [{"emails": ["extra%02d@%s" % (n, domain)], "display_name": "Extra %02d" % n, "licenses": ["Messaging"]}
            for n in range(count)]


def seed_with(emulator, people: List[Dict[str, Any]]) -> None:
    """The default org plus these people."""
    import yaml  # pylint: disable=import-outside-toplevel
    from emulator.harness import DEFAULT_SEED_FILE  # pylint: disable=import-outside-toplevel
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["people"] += people
    emulator.load_seed(seed)


def test_merged_four_steps_creates_updates_and_then_changes_nothing(emulator, run_playbook):
    config = [
        {"email": "Erin@Example.com", "display_name": "Erin Example", "first_name": "Erin", "licenses": ["Messaging"],
         "login_enabled": False},
        {"email": CAROL, "title": "Director", "licenses": {"add": ["Advanced Messaging"]}},
        {"email": DAVE},
    ]
    play = task_play(people_task(config=config))
    before = on_server(emulator)
    emulator.clear_log()

    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    assert on_server(emulator) == before
    applied = run_playbook(play, diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]

    for run in (check, applied):
        result = run.task("people")
        assert result["changed"] is True
        actions = {r["email"]: r["action"] for r in result["results"]}
        # Dave is left as he is: counted in the summary, not listed (results: changed is the default).
        assert actions == {"erin@example.com": "created", CAROL: "updated"}
        assert by_email(result["results"])[CAROL]["changed_fields"] == ["licenses", "title"]
        assert result["summary"] == {"created": 1, "unchanged": 1, "updated": 1}
    assert check.task("people")["diff"] == applied.task("people")["diff"]
    diffs = {d["before_header"]: d for d in applied.task("people")["diff"]}
    assert sorted(diffs) == [CAROL, "erin@example.com"]  # nobody who does not change
    assert diffs[CAROL]["before"] == {"licenses": ["Messaging", "Webex Calling - Professional", "Webex Meetings - Enterprise"],
                                      "title": "Account Executive"}
    assert diffs[CAROL]["after"]["licenses"] == ["Advanced Messaging", "Messaging", "Webex Calling - Professional",
                                                 "Webex Meetings - Enterprise"]

    server = on_server(emulator)
    erin = server["erin@example.com"]
    assert erin["displayName"] == "Erin Example" and erin["licenses"] == [MESSAGING] and erin["loginEnabled"] is False
    assert server[CAROL]["title"] == "Director" and ADVANCED in server[CAROL]["licenses"]
    assert server[CAROL]["extension"] == "4101" and server[CAROL]["nickName"] == "Caz"  # kept by the full-record PUT
    assert server[DAVE] == before[DAVE]

    emulator.clear_log()
    again = run_playbook(play, diff=True)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert again.task("people")["results"] == [] and again.task("people")["summary"] == {"unchanged": 3}
    log = v1_calls(emulator.requests_log())
    assert writes_in(log) == []
    # Lists only, plus one full read for erin, whose login_enabled is managed (lists do not carry it).
    assert [e["path"] for e in log if e["path"].startswith("/v1/people/")] == ["/v1/people/" + erin["id"]]
    listed = run_playbook(task_play(people_task(config=config, results="all")))
    assert [(r["email"], r["action"]) for r in listed.task("people")["results"]] == [
        ("erin@example.com", "unchanged"), (CAROL, "unchanged"), (DAVE, "unchanged")]


def test_an_idempotent_merged_run_reads_lists_not_people(emulator, run_playbook):
    seed_with(emulator, extra_people(30))
    config = [{"email": "extra%02d@example.com" % n, "display_name": "Extra %02d" % n, "licenses": ["Messaging"],
               "roles": []} for n in range(30)]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=config)))
    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    paths = [e["path"] for e in v1_calls(emulator.requests_log())]
    assert not any(p.startswith("/v1/people/") for p in paths)
    assert len(paths) <= 15, paths  # people page, license list and holders, role list and holders


def test_one_person_failing_does_not_stop_the_others(emulator, run_playbook):
    config = [
        {"email": "a1@example.com", "display_name": "A One", "licenses": ["Advanced Messaging"]},
        {"email": "a2@example.com", "display_name": "A Two", "licenses": ["Advanced Messaging"]},
        {"email": "a3@example.com", "display_name": "A Three", "licenses": ["Advanced Messaging"]},
        {"email": "typo@example.com", "display_name": "Typo", "licenses": ["Mesaging"]},
        {"email": CAROL, "department": "Marketing"},
    ]
    run = run_playbook(task_play(people_task(config=config, parallel=1)))
    assert run.rc != 0
    result = run.task("people")
    results = by_email(result["results"])
    # Advanced Messaging has 2 seats: Webex creates the third person without it (it assigns what it can), which
    # fails that person; the typo never leaves the module.
    assert [results[e]["action"] for e in ("a1@example.com", "a2@example.com", "a3@example.com")] == ["created", "created", "failed"]
    assert "did not assign Advanced Messaging" in results["a3@example.com"]["msg"]
    assert results["typo@example.com"]["action"] == "failed"
    assert "no license is named 'Mesaging'" in results["typo@example.com"]["msg"]
    assert results[CAROL]["action"] == "updated"
    assert result["msg"].startswith("2 of 5 people failed, the others were handled: ")
    assert result["changed"] is True
    server = on_server(emulator)
    assert server["a3@example.com"]["licenses"] == [] and "typo@example.com" not in server
    assert server["a1@example.com"]["licenses"] == [ADVANCED] and server[CAROL]["department"] == "Marketing"


def test_replaced_gives_exactly_the_fields_given(emulator, run_playbook):
    play = task_play(people_task(config=[{"email": DAVE, "display_name": "Dave D", "first_name": "Dave",
                                          "licenses": ["Messaging"]}], state="replaced"))
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    applied = run_playbook(play, diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]
    assert check.task("people")["diff"] == applied.task("people")["diff"]
    assert by_email(applied.task("people")["results"])[DAVE]["changed_fields"] == [
        "avatar", "display_name", "last_name", "login_enabled", "phone_numbers", "roles"]

    dave = on_server(emulator)[DAVE]
    assert dave["displayName"] == "Dave D" and dave["firstName"] == "Dave" and dave["licenses"] == [MESSAGING]
    assert dave["loginEnabled"] is True  # not given: true
    assert dave["roles"] == []
    for cleared in ("lastName", "avatar", "phoneNumbers"):
        assert cleared not in dave
    emulator.clear_log()
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


def test_overridden_offboards_unlisted_people_in_scope_but_never_admins(emulator, run_playbook):
    seed_with(emulator, extra_people(1, "other.example.org"))
    config = [{"email": "new@example.com", "display_name": "New Person", "first_name": "New"}]
    play = task_play(people_task(config=config, state="overridden", scope={"email_domains": ["example.com"]}))
    before = on_server(emulator)
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    assert on_server(emulator) == before
    applied = run_playbook(play, diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]
    for run in (check, applied):
        assert {r["email"]: r["action"] for r in run.task("people")["results"]} == {"new@example.com": "created", CAROL: "deleted"}

    server = on_server(emulator)
    assert CAROL not in server
    assert ADMIN in server and DAVE in server  # they hold roles: never offboarded by default
    assert "extra00@other.example.org" in server  # outside the scope
    assert "new@example.com" in server
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]


def test_overridden_can_disable_instead_of_delete(emulator, run_playbook):
    config = [{"email": "new@example.com", "display_name": "New Person", "first_name": "New"}]
    play = task_play(people_task(config=config, state="overridden", offboard_action="disable",
                                 scope={"email_domains": ["example.com"], "exclude_admins": False}, max_deletions=3))
    run = run_playbook(play, diff=True)
    assert run.rc == 0, run.stdout[-3000:]
    results = {r["email"]: r for r in run.task("people")["results"]}
    assert {email: r["action"] for email, r in results.items()} == {
        "new@example.com": "created", ADMIN: "disabled", CAROL: "disabled", DAVE: "disabled"}
    # An offboarded administrator keeps no admin role; the results name what each person lost.
    assert results[ADMIN]["roles_removed"] == ["Full Administrator"]
    assert results[DAVE]["roles_removed"] == ["Read-only Administrator"]
    assert results[DAVE]["licenses_removed"] == ["Messaging"]
    server = on_server(emulator)
    for email in (ADMIN, CAROL, DAVE):
        assert server[email]["loginEnabled"] is False and server[email]["licenses"] == []
        assert server[email].get("roles", []) == []
    assert "locationId" not in server[CAROL]  # Webex keeps a location only with a calling license
    assert server[CAROL]["nickName"] == "Caz"
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]


def test_max_deletions_stops_the_run_before_any_write(emulator, run_playbook):
    seed_with(emulator, extra_people(8))
    emulator.clear_log()
    config = [{"email": CAROL, "display_name": "Carol Calling", "title": "Boss"},
              {"email": "brand.new@example.com", "display_name": "Brand New"}]
    run = run_playbook(task_play(people_task(config=config, state="overridden")))
    assert run.rc != 0
    msg = run.task("people")["msg"]
    assert msg.startswith("this run would delete 8 people (extra00@example.com, ")
    assert "and 3 more), more than max_deletions (5); nothing was changed" in msg
    assert writes_in(emulator.requests_log()) == []

    allowed = run_playbook(task_play(people_task(config=config, state="overridden", max_deletions=8)))
    assert allowed.rc == 0, allowed.stdout[-3000:]
    assert allowed.task("people")["summary"] == {"created": 1, "deleted": 8, "updated": 1}
    carol = on_server(emulator)[CAROL]
    assert carol["title"] == "Boss" and carol["displayName"] == "Carol Calling" and carol["licenses"] == []
    assert "department" not in carol and carol["loginEnabled"] is True


def test_replaced_without_any_name_fails_that_person_only(emulator, run_playbook):
    config = [{"email": CAROL, "title": "Boss"}, {"email": DAVE, "display_name": "Dave Disabled", "login_enabled": False}]
    run = run_playbook(task_play(people_task(config=config, state="replaced")))
    assert run.rc != 0
    results = by_email(run.task("people")["results"])
    assert results[CAROL] == {"email": CAROL, "id": person_seed_id(CAROL), "action": "failed", "changed_fields": [],
                              "licenses_removed": [], "roles_removed": [],
                              "msg": "with state replaced give display_name, first_name or last_name: Webex requires a display name."}
    assert results[DAVE]["action"] == "updated"
    assert [e["method"] for e in writes_in(emulator.requests_log())] == ["PUT"]


def test_an_empty_config_with_overridden_needs_max_deletions_set(emulator, run_playbook):
    run = run_playbook(task_play(people_task(config=[], state="overridden")))
    assert run.rc != 0
    assert "config is empty and state is overridden" in run.task("people")["msg"]
    assert v1_calls(emulator.requests_log()) == []
    explicit = run_playbook(task_play(people_task(config=[], state="overridden", max_deletions=1)))
    assert explicit.rc == 0, explicit.stdout[-3000:]
    assert [r["email"] for r in explicit.task("people")["results"]] == [CAROL]
    assert CAROL not in on_server(emulator)


def test_deleted_deletes_the_listed_people_and_respects_max_deletions(emulator, run_playbook):
    play = task_play(people_task(config=[{"email": CAROL}, {"id": person_seed_id(DAVE)}, {"email": "nobody@example.com"}],
                                 state="deleted"))
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0 and writes_in(emulator.requests_log()) == []
    run = run_playbook(play, diff=True)
    assert run.rc == 0, run.stdout[-3000:]
    actions = [(r["email"], r["action"]) for r in run.task("people")["results"]]
    assert actions == [(CAROL, "deleted"), (person_seed_id(DAVE), "deleted")]
    assert run.task("people")["summary"] == {"deleted": 2, "unchanged": 1}
    assert check.task("people")["diff"] == run.task("people")["diff"]
    assert CAROL not in on_server(emulator) and DAVE not in on_server(emulator)
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0

    seed_with(emulator, extra_people(3))
    emulator.clear_log()
    many = run_playbook(task_play(people_task(config=[{"email": "extra%02d@example.com" % n} for n in range(3)],
                                              state="deleted", max_deletions=2)))
    assert many.rc != 0 and "this run would delete 3 people" in many.task("people")["msg"]
    assert writes_in(emulator.requests_log()) == []


def seats_used(emulator) -> Dict[str, int]:
    return {lic["id"]: lic["consumedUnits"] for lic in emulator.state()["licenses"]}


def test_offboarded_disables_the_listed_people_as_overridden_does_and_reports_what_they_lost(emulator, run_playbook):
    seats_before = seats_used(emulator)
    config = [{"email": ADMIN}, {"email": CAROL}, {"id": person_seed_id(DAVE)}, {"email": "nobody@example.com"}]
    # Disabling is not limited by max_deletions (nothing is deleted): 3 people with a limit of 1.
    play = task_play(people_task(config=config, state="offboarded", max_deletions=1, results="all"))
    before = on_server(emulator)
    emulator.clear_log()
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == [] and on_server(emulator) == before
    applied = run_playbook(play, diff=True)
    assert applied.rc == 0, applied.stdout[-3000:]

    for run in (check, applied):
        result = run.task("people")
        lines = {r["email"]: (r["action"], r["licenses_removed"], r["roles_removed"]) for r in result["results"]}
        assert lines == {
            ADMIN: ("disabled", ["Messaging"], ["Full Administrator"]),  # an offboarded administrator keeps no admin role
            CAROL: ("disabled", ["Messaging", "Webex Calling - Professional", "Webex Meetings - Enterprise"], []),
            person_seed_id(DAVE): ("disabled", ["Messaging"], ["Read-only Administrator"]),
            "nobody@example.com": ("gone", [], []),
        }
        assert result["seats_freed"] == {"Messaging": 3, "Webex Calling - Professional": 1, "Webex Meetings - Enterprise": 1}
        assert result["summary"] == {"disabled": 3, "gone": 1}
    assert check.task("people")["diff"] == applied.task("people")["diff"]

    server = on_server(emulator)
    for email in (ADMIN, CAROL, DAVE):
        assert server[email]["loginEnabled"] is False and server[email]["licenses"] == []
        assert server[email].get("roles", []) == []
    assert "locationId" not in server[CAROL] and "extension" not in server[CAROL]
    assert server[CAROL]["nickName"] == "Caz" and server[CAROL]["avatar"] == before[CAROL]["avatar"]
    freed = {MESSAGING: 3, license_seed_id("Webex Meetings - Enterprise", "Sub-1"): 1,
             license_seed_id("Webex Calling - Professional", "Sub-1"): 1}
    assert seats_used(emulator) == {lic: seats - freed.get(lic, 0) for lic, seats in seats_before.items()}

    emulator.clear_log()
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    assert again.task("people")["summary"] == {"gone": 1, "unchanged": 3}
    assert "seats_freed" not in again.task("people")


def test_offboarded_with_delete_frees_then_deletes_within_max_deletions(emulator, run_playbook):
    seats_before = seats_used(emulator)
    config = [{"email": CAROL}, {"email": DAVE}, {"email": "nobody@example.com"}]
    emulator.clear_log()
    guarded = run_playbook(task_play(people_task(config=config, state="offboarded", offboard_action="delete", max_deletions=1)))
    assert guarded.rc != 0
    assert guarded.task("people")["msg"] == (
        "this run would delete 2 people (%s, %s), more than max_deletions (1); nothing was changed. "
        "Check config and scope, or raise max_deletions." % (CAROL, DAVE))
    assert writes_in(emulator.requests_log()) == []

    play = task_play(people_task(config=config, state="offboarded", offboard_action="delete", max_deletions=2, results="all"))
    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0 and writes_in(emulator.requests_log()) == []
    emulator.clear_log()
    run = run_playbook(play, diff=True)
    assert run.rc == 0, run.stdout[-3000:]
    for planned_or_done in (check, run):
        result = planned_or_done.task("people")
        lines = {r["email"]: (r["action"], r["licenses_removed"], r["roles_removed"]) for r in result["results"]}
        assert lines == {
            CAROL: ("deleted", ["Messaging", "Webex Calling - Professional", "Webex Meetings - Enterprise"], []),
            DAVE: ("deleted", ["Messaging"], ["Read-only Administrator"]),
            "nobody@example.com": ("gone", [], []),
        }
        assert result["seats_freed"] == {"Messaging": 2, "Webex Calling - Professional": 1, "Webex Meetings - Enterprise": 1}
    assert check.task("people")["diff"] == run.task("people")["diff"]
    # Each person: the disabling PUT first (sign-in off, no licenses, no roles), then the DELETE.
    writes = [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in writes_in(emulator.requests_log())]
    for email in (CAROL, DAVE):
        assert [method for method, person_id in writes if person_id == person_seed_id(email)] == ["PUT", "DELETE"]
    assert CAROL not in on_server(emulator) and DAVE not in on_server(emulator)
    freed = {MESSAGING: 2, license_seed_id("Webex Meetings - Enterprise", "Sub-1"): 1,
             license_seed_id("Webex Calling - Professional", "Sub-1"): 1}
    assert seats_used(emulator) == {lic: seats - freed.get(lic, 0) for lic, seats in seats_before.items()}

    emulator.clear_log()
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert [r["action"] for r in again.task("people")["results"]] == ["gone", "gone", "gone"]
    assert writes_in(emulator.requests_log()) == []


def test_offboarded_with_delete_sends_only_the_delete_for_someone_already_disabled(emulator, run_playbook):
    disabled = run_playbook(task_play(people_task(config=[{"email": DAVE}], state="offboarded")))
    assert disabled.rc == 0, disabled.stdout[-3000:]
    emulator.clear_log()
    run = run_playbook(task_play(people_task(config=[{"email": DAVE}], state="offboarded", offboard_action="delete")))
    assert run.rc == 0, run.stdout[-3000:]
    assert run.task("people")["results"][0]["action"] == "deleted"
    assert "seats_freed" not in run.task("people")
    # Nothing to free first: the delete alone, as one operation of a SCIM Bulk request.
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in writes_in(emulator.requests_log())] == [("POST", "Bulk")]
    assert DAVE not in on_server(emulator)


def test_gathered_reads_the_scope_in_config_shape_and_replaced_takes_it_back_unchanged(emulator, run_playbook):
    emulator.clear_log()
    gathered = run_playbook(task_play(people_task(state="gathered", scope={"exclude_admins": False})))
    assert gathered.rc == 0, gathered.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []
    people = {p["email"]: p for p in gathered.task("people")["gathered"]}
    assert sorted(people) == [ADMIN, CAROL, DAVE]
    assert people[ADMIN]["roles"] == ["Full Administrator"] and people[ADMIN]["licenses"] == ["Messaging"]
    assert people[DAVE]["login_enabled"] is False
    # Two licenses share the name "Webex Calling - Professional": gathered gives the id, so it resolves back.
    assert people[CAROL]["licenses"] == sorted([license_seed_id("Webex Calling - Professional", "Sub-1"), "Messaging",
                                                "Webex Meetings - Enterprise"])
    assert people[CAROL]["location"] == "Headquarters" and people[CAROL]["extension"] == "4101"
    assert people[CAROL]["phone_numbers"][0] == {"type": "work", "value": "+1 408 555 0101", "primary": True}

    default_scope = run_playbook(task_play(people_task(state="gathered")))
    assert [p["email"] for p in default_scope.task("people")["gathered"]] == [CAROL]  # admins left out

    emulator.clear_log()
    back = run_playbook(task_play(people_task(config=list(people.values()), state="replaced")))
    assert back.rc == 0 and back.changed == 0, back.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


def test_gathered_without_login_enabled_reads_lists_only_and_merged_takes_it_back_unchanged(emulator, run_playbook):
    seed_with(emulator, extra_people(30))
    full = run_playbook(task_play(people_task(state="gathered", scope={"exclude_admins": False})))
    assert full.rc == 0, full.stdout[-3000:]
    emulator.clear_log()
    lists = run_playbook(task_play(people_task(state="gathered", scope={"exclude_admins": False}, gather_login_enabled=False)))
    assert lists.rc == 0, lists.stdout[-3000:]
    paths = [e["path"] for e in v1_calls(emulator.requests_log())]
    assert not any(p.startswith("/v1/people/") and p != "/v1/people/me" for p in paths), paths  # no full record read
    assert len(paths) <= 15, paths  # people pages with calling data, license list and holders, role list and holders
    # The same people and fields as the full read, login_enabled left out.
    without_login = [{k: v for k, v in p.items() if k != "login_enabled"} for p in full.task("people")["gathered"]]
    assert lists.task("people")["gathered"] == without_login and len(without_login) == 33

    emulator.clear_log()
    back = run_playbook(task_play(people_task(config=lists.task("people")["gathered"], state="merged")))
    assert back.rc == 0 and back.changed == 0, back.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


def test_rendered_shows_the_requests_and_sends_none(emulator, run_playbook):
    config = [{"email": CAROL, "title": "Director"}, {"email": "new@example.com", "display_name": "New", "nick_name": "Newt"},
              {"email": DAVE}]
    before = on_server(emulator)
    emulator.clear_log()
    # The People API's full-replacement PUT (write_api auto renders a SCIM operation: test_webex_people_bulk.py).
    run = run_playbook(task_play(people_task(config=config, state="rendered", write_api="people")))
    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == [] and on_server(emulator) == before
    calls = run.task("people")["rendered"]
    assert [(c["method"], c["email"]) for c in calls] == [("PUT", CAROL), ("POST", "new@example.com"), ("PUT", "new@example.com")]
    put = calls[0]
    assert put["path"] == "/people/" + person_seed_id(CAROL)
    assert put["body"]["title"] == "Director" and put["body"]["extension"] == "4101" and put["body"]["loginEnabled"] is True
    assert calls[1]["body"] == {"emails": ["new@example.com"], "displayName": "New"}
    assert calls[2]["body"]["nickName"] == "Newt"


def test_bad_items_fail_in_one_sentence_before_any_call(emulator, run_playbook):
    cases = [
        ([{"email": "bob@example.com", "titel": "Engineer"}], "config item bob@example.com has the unknown key titel; did you mean title?"),
        ([{"email": "bob@example.com", "login_enabled": "maybe"}], "config item bob@example.com: argument 'login_enabled'"),
        ([{"display_name": "No Email"}], "config item number 1 needs an email or an id."),
        ([{"email": "bob@example.com"}, {"email": "BOB@example.com"}], "config lists bob@example.com more than once"),
        ([{"email": "not-an-address", "display_name": "X"}], "config item not-an-address: email 'not-an-address' is not an email address"),
    ]
    for config, expected in cases:
        run = run_playbook(task_play(people_task(config=config)))
        assert run.rc != 0
        assert run.task("people")["msg"].startswith(expected), run.task("people")["msg"]
    replaced = run_playbook(task_play(people_task(config=[{"email": CAROL, "licenses": {"add": ["Messaging"]}}], state="replaced")))
    assert "with state replaced give licenses as a list" in replaced.task("people")["msg"]
    assert v1_calls(emulator.requests_log()) == []


def test_roles_by_name_are_compared_from_role_lists(emulator, run_playbook):
    config = [{"email": CAROL, "roles": ["User Administrator"]}, {"email": DAVE, "roles": {"remove": ["Read-only Administrator"]}}]
    run = run_playbook(task_play(people_task(config=config)))
    assert run.rc == 0, run.stdout[-3000:]
    server = on_server(emulator)
    assert server[CAROL]["roles"] == [role_seed_id("User Administrator")] and server[DAVE]["roles"] == []
    assert server[DAVE]["loginEnabled"] is False  # the PUT carried the current value
    again = run_playbook(task_play(people_task(config=config)))
    assert again.changed == 0


def test_a_manager_created_in_the_same_run_is_set_on_their_reports(emulator, run_playbook):
    config = [
        {"email": "report@example.com", "display_name": "Rea Port", "manager_id": "Boss@example.com"},
        {"email": "boss@example.com", "display_name": "Bo Ss"},
    ]
    play = task_play(people_task(config=config))

    check = run_playbook(play, check=True, diff=True)
    assert check.rc == 0, check.stdout[-3000:]
    planned = by_email(check.task("people")["results"])
    assert planned["report@example.com"]["action"] == "created" and "manager_id" in planned["report@example.com"]["changed_fields"]
    assert "boss@example.com" not in on_server(emulator)

    applied = run_playbook(play)
    assert applied.rc == 0, applied.stdout[-3000:]
    server = on_server(emulator)
    assert server["report@example.com"]["managerId"] == server["boss@example.com"]["id"]

    emulator.clear_log()
    again = run_playbook(play)
    assert again.rc == 0 and again.changed == 0
    assert writes_in(emulator.requests_log()) == []
