"""The optional query parameters the modules send on each call, as decided in tests/emulator/FIDELITY.md."""

from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import parse_qs

from playbook_runs import task_play

CAROL = "carol.calling@example.com"


def calls(log: List[Dict[str, Any]], method: str, path_start: str) -> List[Dict[str, List[str]]]:
    """The parsed queries of the logged calls of one method on paths starting so."""
    return [parse_qs(entry["query"]) for entry in log if entry["method"] == method and entry["path"].startswith(path_start)]


def test_each_person_call_asks_for_calling_data_and_the_full_answer(emulator, run_playbook):
    play = task_play(
        {"name": "new", "webexops.identity.webex_person": {"email": "new@example.com", "display_name": "New",
                                                           "first_name": "New", "login_enabled": False}},
        {"name": "carol", "webexops.identity.webex_person": {"email": CAROL, "title": "Director"}},
    )
    emulator.clear_log()
    run = run_playbook(play)
    assert run.rc == 0, run.stdout[-3000:]
    log = emulator.requests_log()
    posts, puts = calls(log, "POST", "/v1/people"), calls(log, "PUT", "/v1/people/")
    assert len(posts) == 1 and len(puts) == 2  # the create, its completion (login_enabled), Carol's update
    # callingData: the answers are compared with the task, extension and location included; minResponse would
    # leave nothing to compare.
    assert posts == [{"callingData": ["true"]}]
    assert puts == [{"callingData": ["true"], "showAllTypes": ["true"]}] * 2
    lookups = calls(log, "GET", "/v1/people")
    assert lookups and all(query.get("callingData") == ["true"] for query in lookups)


def people_run(emulator, run_playbook, config: List[Dict[str, Any]]) -> None:
    emulator.clear_log()
    run = run_playbook(task_play({"name": "people", "webexops.identity.webex_people": {"config": config}}))
    assert run.rc == 0, run.stdout[-3000:]


def bulk_lists(emulator) -> List[Dict[str, List[str]]]:
    """The GET /people list calls (not /people/{id}) of the last run."""
    return [parse_qs(e["query"]) for e in emulator.requests_log() if e["method"] == "GET" and e["path"] == "/v1/people"]


def test_the_bulk_list_leaves_status_out_and_asks_calling_data_only_for_calling_fields(emulator, run_playbook):
    people_run(emulator, run_playbook, [{"email": CAROL, "title": "Account Executive"}])
    lists = bulk_lists(emulator)
    assert lists == [{"excludeStatus": ["true"], "max": ["1000"]}]

    people_run(emulator, run_playbook, [{"email": CAROL, "extension": "4101"}])
    lists = bulk_lists(emulator)
    assert lists == [{"callingData": ["true"], "excludeStatus": ["true"], "max": ["100"]}]
