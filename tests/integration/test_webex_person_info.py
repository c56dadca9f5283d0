"""webex_person_info run by ansible-playbook against the emulator: each filter, paging, id groups, details."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import parse_qs

import yaml

from playbook_runs import task_play, writes_in
from emulator.harness import DEFAULT_SEED_FILE, license_seed_id, location_seed_id, person_seed_id, role_seed_id

ADMIN = person_seed_id("admin@example.com")
CAROL = person_seed_id("carol.calling@example.com")
DAVE = person_seed_id("dave.disabled@example.com")
BULK_PEOPLE = 250


def info_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_person_info": options}


def ids_of(result: Dict[str, Any]) -> List[str]:
    return [person["id"] for person in result["people"]]


def people_calls(log: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The GET /people list calls of a request log, each with its query parsed."""
    return [dict(entry, params=parse_qs(entry["query"])) for entry in log
            if entry["method"] == "GET" and entry["path"] == "/v1/people"]


def test_each_filter_in_check_mode(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook(task_play(
        info_task("email", email="Carol.Calling@EXAMPLE.com"),
        info_task("email with calling data", email="carol.calling@example.com", calling_data=True),
        info_task("display name", display_name="da"),
        info_task("role by name", roles=["Full Administrator"]),
        info_task("roles by name and id", roles=["Full Administrator", role_seed_id("Read-only Administrator")]),
        info_task("location by name", location="Headquarters"),
        info_task("location by id", location=location_seed_id("Branch Office")),
        info_task("ids", id=[CAROL, DAVE, person_seed_id("gone@example.com")]),
        info_task("details", email="dave.disabled@example.com", details=True),
        info_task("everybody"),
        info_task("no ids", id=[]),
        dict(info_task("unknown role", roles=["Full Admin"]), ignore_errors=True),
    ), check=True)
    log = emulator.requests_log()

    assert run.rc == 0 and run.changed == 0, run.stdout[-3000:]
    carol = run.task("email")["people"]
    assert ids_of(run.task("email")) == [CAROL] and carol[0]["emails"] == ["carol.calling@example.com"]
    assert carol[0]["avatar"] == "https://avatars.example.com/carol.png" and carol[0]["display_name"] == "Carol Calling"
    assert "extension" not in carol[0] and "licenses" not in carol[0] and "roles" not in carol[0]
    calling = run.task("email with calling data")["people"][0]
    assert calling["extension"] == "4101" and calling["location_id"] == location_seed_id("Headquarters")
    assert ids_of(run.task("display name")) == [DAVE]
    assert ids_of(run.task("role by name")) == [ADMIN]
    assert sorted(ids_of(run.task("roles by name and id"))) == sorted([ADMIN, DAVE])
    assert ids_of(run.task("location by name")) == [CAROL]
    assert ids_of(run.task("location by id")) == []
    assert sorted(ids_of(run.task("ids"))) == sorted([CAROL, DAVE])
    dave = run.task("details")["people"][0]
    assert dave["licenses"] == [license_seed_id("Messaging")]
    assert dave["roles"] == [role_seed_id("Read-only Administrator")] and dave["login_enabled"] is False
    assert sorted(ids_of(run.task("everybody"))) == sorted([ADMIN, CAROL, DAVE])
    assert run.task("no ids")["people"] == []
    unknown = run.task("unknown role")
    assert unknown["failed"] and "no role is named 'Full Admin'" in unknown["msg"]
    assert "did you mean 'Full Administrator'" in unknown["msg"]
    assert all(not result["result"].get("changed") for result in run.results)
    assert writes_in(log) == []
    assert people_calls(log)[0]["params"]["email"] == ["carol.calling@example.com"]


def bulk_seed() -> Dict[str, Any]:
    seed = yaml.safe_load(Path(DEFAULT_SEED_FILE).read_text())
    seed["generated_people"] = {"count": BULK_PEOPLE, "licenses": ["Messaging"]}
    return seed


def test_every_page_every_id_group_and_details(emulator, run_playbook):
    emulator.load_seed(bulk_seed())
    state = emulator.state()
    bulk_ids = [p["id"] for p in state["people"] if p["emails"][0].endswith("@bulk.example.com")]
    assert len(bulk_ids) == BULK_PEOPLE
    wanted = bulk_ids[:100]
    emulator.clear_log()

    run = run_playbook(task_play(
        info_task("bulk users", display_name="Bulk User"),
        info_task("by id", id=wanted + wanted[:5], details=True),
    ))
    log = emulator.requests_log()

    assert run.rc == 0, run.stdout[-3000:]
    listed = run.task("bulk users")["people"]
    assert len(listed) == BULK_PEOPLE and len(set(ids_of(run.task("bulk users")))) == BULK_PEOPLE
    assert set(ids_of(run.task("bulk users"))) == set(bulk_ids)
    by_id = run.task("by id")["people"]
    assert sorted(ids_of(run.task("by id"))) == sorted(wanted)
    assert all(person["licenses"] == [license_seed_id("Messaging")] for person in by_id)
    calls = people_calls(log)
    by_name = [c for c in calls if "displayName" in c["params"] or "cursor" in c["params"]]
    by_ids = [c for c in calls if "id" in c["params"]]
    assert len(by_name) == 3  # 250 people at Webex's 100 a page
    assert [len(c["params"]["id"][0].split(",")) for c in by_ids] == [85, 15]
    details = [e for e in log if e["method"] == "GET" and e["path"].startswith("/v1/people/")]
    assert len(details) == 100
    assert writes_in(log) == []
