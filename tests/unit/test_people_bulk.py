"""The pure parts of webex_people: config items, replaced fields, the snapshot index, scope, guards, the bounded pool."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.person.bounded_pool import run_bounded
from ansible_collections.webexops.identity.plugins.module_utils.person.engine import failure_message, seats_freed, summary_of, unique_names
from ansible_collections.webexops.identity.plugins.module_utils.person.config import (
    config_item_from_record,
    read_config,
    replaced_fields,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.scope import (
    Scope,
    check_deletions,
    check_empty_overridden,
    scope_from_params,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.snapshot import SnapshotNeeds, build_snapshot
from ansible_collections.webexops.identity.plugins.module_utils.person.state import plan_absent, preview, requests_of
from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import ListChange, PersonPlan


# --- config items ------------------------------------------------------------------------------------

def test_items_are_parsed_with_the_person_field_table():
    items = read_config([{"email": "Alice@Example.com", "title": 7, "licenses": {"add": ["Messaging"]}, "login_enabled": "yes"}],
                        "merged")
    assert len(items) == 1
    item = items[0]
    assert (item.label, item.email, item.person_id) == ("alice@example.com", "alice@example.com", None)
    assert item.wanted == {"title": "7", "licenses": ListChange(add=["Messaging"]), "login_enabled": True}


@pytest.mark.parametrize("config, message", [
    ([{"email": "bob@example.com", "titel": "x"}], "config item bob@example.com has the unknown key titel; did you mean title?"),
    ([{"email": "bob@example.com", "a": 1, "b": 2}], "config item bob@example.com has the unknown keys a, b;"),
    ([{"email": "bob@example.com", "login_enabled": "maybe"}], "config item bob@example.com: argument 'login_enabled' is of type"),
    ([{"email": "bob@example.com", "licenses": {"put": ["x"]}}], "config item bob@example.com: licenses takes the keys add, remove and set"),
    ([{"id": "abc", "phone_numbers": [{"number": "1"}]}], "config item abc: phone_numbers items take type, value, primary"),
    ([{"title": "x"}], "config item number 1 needs an email or an id."),
    (["bob@example.com"], "config item 1 must be a dict"),
    ([{"email": "bob"}], "config item bob: email 'bob' is not an email address"),
    ([{"email": "bob@example.com"}, {"email": "Bob@Example.com"}], "config lists bob@example.com more than once"),
    ([{"id": "X1"}, {"id": "X1", "email": "x@example.com"}], "config lists X1 more than once"),
])
def test_a_bad_item_fails_in_one_sentence_naming_it(config, message):
    with pytest.raises(InvalidInput) as raised:
        read_config(config, "merged")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_replaced_refuses_add_and_remove_but_takes_a_whole_list():
    with pytest.raises(InvalidInput, match="with state replaced give roles as a list"):
        read_config([{"email": "a@example.com", "roles": {"remove": ["Full Administrator"]}}], "replaced")
    assert read_config([{"email": "a@example.com", "roles": {"set": []}}], "overridden")[0].wanted["roles"] == ListChange(set=[])


def test_replaced_clears_every_field_not_given_with_three_defaults():
    fields = replaced_fields({"first_name": "Ann", "last_name": "Lee", "licenses": ListChange(set=["L1"])})
    assert fields["licenses"] == ListChange(set=["L1"])
    assert fields["roles"] == ListChange(set=[]) and fields["phone_numbers"] == ListChange(set=[])
    assert fields["title"] == "" and fields["location"] == "" and fields["manager_id"] == ""
    assert fields["login_enabled"] is True
    assert fields["display_name"] == "Ann Lee"
    assert fields["nick_name"] == "Ann"
    given = replaced_fields({"display_name": "A", "nick_name": "Annie", "login_enabled": False})
    assert (given["display_name"], given["nick_name"], given["login_enabled"]) == ("A", "Annie", False)


def test_a_full_record_becomes_a_config_item_with_names():
    record = {"id": "P1", "emails": ["Ann@Example.com"], "displayName": "Ann", "licenses": ["L1", "L2"], "roles": [],
              "locationId": "LOC", "managerId": "P2", "loginEnabled": False, "title": "",
              "phoneNumbers": [{"type": "work", "value": "+1 555", "primary": True}], "status": "active"}
    names = {("license", "L1"): "Messaging", ("location", "LOC"): "HQ", ("person", "P2"): "boss@example.com"}
    item = config_item_from_record(record, lambda kind, oid: names.get((kind, oid), oid))
    assert item == {"email": "ann@example.com", "display_name": "Ann", "licenses": ["L2", "Messaging"], "roles": [],
                    "location": "HQ", "manager_id": "boss@example.com", "login_enabled": False,
                    "phone_numbers": [{"type": "work", "value": "+1 555", "primary": True}]}


# --- snapshot ----------------------------------------------------------------------------------------

def test_unique_names_gives_a_name_only_where_no_other_object_has_it_in_any_case():
    objects = [{"id": "L1", "name": "Messaging"}, {"id": "L2", "name": "Calling"}, {"id": "L3", "name": "calling"},
               {"id": "L4"}]
    assert unique_names(objects) == {"L1": "Messaging"}


def test_the_snapshot_joins_list_items_with_license_and_role_holders():
    answers = {
        "people": [{"id": "P1", "emails": ["Ann@example.com"], "displayName": "Ann"}, {"id": "P2", "emails": ["bo@example.com"]}],
        "license:L1": ["P1", "P2"], "license:L2": ["P1"], "role:R1": ["P2"],
    }
    snapshot = build_snapshot(answers, SnapshotNeeds(licenses=True, roles=True))
    assert snapshot.find(None, "ann@EXAMPLE.com")["id"] == "P1"
    assert snapshot.find("P2", None)["id"] == "P2"
    assert snapshot.find(None, "nobody@example.com") is None
    assert snapshot.current("P1") == {"id": "P1", "emails": ["Ann@example.com"], "displayName": "Ann",
                                      "licenses": ["L1", "L2"], "roles": []}
    assert snapshot.current("P2")["roles"] == ["R1"]
    assert snapshot.admin_ids == {"P2"}
    assert snapshot.email_of("P1") == "ann@example.com"


def test_a_snapshot_without_licenses_read_does_not_claim_nobody_holds_one():
    snapshot = build_snapshot({"people": [{"id": "P1", "emails": ["a@example.com"]}], "admins": ["P1"]}, SnapshotNeeds(admins=True))
    assert "licenses" not in snapshot.current("P1") and "roles" not in snapshot.current("P1")
    assert snapshot.admin_ids == {"P1"}


# --- scope and guards --------------------------------------------------------------------------------

def test_scope_matches_domain_location_and_leaves_out_admins_and_non_people():
    scope = scope_from_params({"email_domains": ["@Example.com"], "locations": None, "exclude_admins": None}, ["LOC"])
    assert scope == Scope(("example.com",), ("LOC",), True)
    person = {"id": "P1", "emails": ["a@example.com"], "locationId": "LOC", "type": "person"}
    assert scope.holds(person, admin_ids=set())
    assert not scope.holds(person, admin_ids={"P1"})
    assert not scope.holds(dict(person, emails=["a@other.org"]), set())
    assert not scope.holds(dict(person, locationId="ELSEWHERE"), set())
    assert not scope.holds(dict(person, type="bot"), set())
    assert Scope(exclude_admins=False).holds(person, admin_ids={"P1"})


def test_check_deletions_allows_up_to_the_limit_and_names_the_first_beyond():
    check_deletions(["a", "b", "c", "d", "e"], None, "delete")
    check_deletions([], 0, "delete")
    with pytest.raises(InvalidInput) as raised:
        check_deletions(["p%d@example.com" % n for n in range(8, 0, -1)], None, "offboard")
    assert str(raised.value) == (
        "this run would offboard 8 people (p1@example.com, p2@example.com, p3@example.com, p4@example.com, p5@example.com "
        "and 3 more), more than max_deletions (5); nothing was changed. Check config and scope, or raise max_deletions.")
    with pytest.raises(InvalidInput, match="would delete 1 people"):
        check_deletions(["a"], 0, "delete")


@pytest.mark.parametrize("state, action, guarded", [
    ("deleted", "delete", True), ("overridden", "disable", True), ("overridden", "delete", True),
    ("offboarded", "delete", True), ("offboarded", "disable", False), ("merged", "delete", False),
])
def test_max_deletions_guards_deletions_and_offboarding_the_unlisted_not_disabling_the_listed(state, action, guarded):
    assert STATES[state].guarded(action) is guarded


def test_offboarding_by_deleting_sends_the_disabling_update_first_and_shows_what_goes():
    current = {"id": "P1", "emails": ["ann@example.com"], "displayName": "Ann"}
    freeing = PersonPlan("update", {"displayName": "Ann", "loginEnabled": False, "licenses": []},
                         {"login_enabled": True, "licenses": ["Messaging"]}, {"login_enabled": False, "licenses": []})
    plan = plan_absent(current, freeing)
    assert [(call["method"], call.get("body")) for call in requests_of(plan, current, {}, None)] == [
        ("PUT", freeing.body), ("DELETE", None)]
    outcome = preview(plan, current)
    assert outcome.action == "deleted" and outcome.after == {}
    assert outcome.before == {"id": "P1", "email": "ann@example.com", "display_name": "Ann", "login_enabled": True,
                              "licenses": ["Messaging"]}
    # Someone already offboarded: the DELETE alone.
    nothing_to_free = plan_absent(current, PersonPlan("none", {}, {}, {}))
    assert [call["method"] for call in requests_of(nothing_to_free, current, {}, None)] == ["DELETE"]


def test_an_empty_overridden_config_needs_max_deletions_set_on_purpose():
    with pytest.raises(InvalidInput, match="config is empty and state is overridden"):
        check_empty_overridden("overridden", [], None)
    check_empty_overridden("overridden", [], 0)
    check_empty_overridden("merged", [], None)


# --- bounded pool ------------------------------------------------------------------------------------

def test_run_bounded_keeps_order_keeps_errors_and_runs_exactly_the_bound_at_once():
    parallel = 4
    # Each call waits until `parallel` calls are inside together: passing proves that many run at once. A pool of
    # another size leaves a group short at the end and breaks the barrier (the timeout only ends that failure).
    together = threading.Barrier(parallel, timeout=10)
    running = []
    peak = []
    lock = threading.Lock()

    def work(n):
        with lock:
            running.append(n)
            peak.append(len(running))
        together.wait()
        with lock:
            running.remove(n)
        if n % 5 == 0:
            raise ValueError("bad %d" % n)
        return n * 2

    outcomes = run_bounded(work, list(range(1, 29)), parallel=parallel, expected=(ValueError,))
    assert [o.item for o in outcomes] == list(range(1, 29))
    assert [o.answer for o in outcomes if o.error is None] == [n * 2 for n in range(1, 29) if n % 5]
    assert [str(o.error) for o in outcomes if o.error] == ["bad 5", "bad 10", "bad 15", "bad 20", "bad 25"]
    assert max(peak) == parallel


def test_run_bounded_lets_unexpected_errors_through():
    def work(n):
        raise KeyError(n)

    with pytest.raises(KeyError):
        run_bounded(work, [1, 2], parallel=2, expected=(ValueError,))


# --- results -----------------------------------------------------------------------------------------

def test_seats_freed_counts_each_license_removed_by_name():
    results = [{"licenses_removed": ["Messaging", "Webex Meetings - Enterprise"]}, {"licenses_removed": ["Messaging"]},
               {"licenses_removed": []}]
    assert seats_freed(results) == {"Messaging": 2, "Webex Meetings - Enterprise": 1}
    assert seats_freed(results[2:]) == {}


def test_summary_and_failure_message():
    results = [{"email": "e%d@example.com" % n, "action": "failed", "msg": "no seat"} for n in range(5)]
    results.append({"email": "ok@example.com", "action": "created", "msg": ""})
    assert summary_of(results) == {"created": 1, "failed": 5}
    assert failure_message(results) == (
        "5 of 6 people failed, the others were handled: e0@example.com: no seat; e1@example.com: no seat; "
        "e2@example.com: no seat (and 2 more, see results)")
    assert failure_message(results[:1]) == "1 of 1 people failed: e0@example.com: no seat"
