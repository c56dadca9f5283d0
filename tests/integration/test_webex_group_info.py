"""webex_group_info run by ansible-playbook against the emulator: by name, by id, all groups, every members page."""

from __future__ import annotations

from typing import Any, Dict

from playbook_runs import task_play, writes_in
from emulator.harness import ADMIN_TOKEN, group_seed_id, scim_user_id

ADMIN = "admin@example.com"


def info_task(name: str, **options: Any) -> Dict[str, Any]:
    return {"name": name, "webexops.identity.webex_group_info": options}


def test_by_name_by_id_and_all(emulator, run_playbook):
    run = run_playbook(task_play(info_task("by name", display_name="support"), info_task("by id", id=group_seed_id("Sales Team")),
                                 info_task("all", members=False), info_task("gone", id="00000000-0000-0000-0000-000000000000")))
    assert run.rc == 0, run.stdout
    by_name = run.task("by name")["groups"]
    assert sorted(g["id"] for g in by_name) == sorted([group_seed_id("Support"), group_seed_id("Support", occurrence=1)])
    assert sorted(len(g["members"]) for g in by_name) == [0, 1]
    (sales,) = run.task("by id")["groups"]
    assert sales["members"] == [{"id": scim_user_id("carol.calling@example.com"), "type": "user", "display": "Carol Calling"}]
    assert [g["display_name"] for g in run.task("all")["groups"]] == ["Sales Team", "Support", "Support"]
    assert all("members" not in g for g in run.task("all")["groups"])
    assert run.task("gone")["groups"] == [] and run.changed == 0
    assert writes_in(emulator.requests_log()) == []


def test_every_members_page_and_every_groups_page(emulator, run_playbook):
    people = [{"emails": ["m%d@example.com" % n], "display_name": "M %d" % n} for n in range(1203)]
    emulator.reset({"org": {"name": "Example Org"}, "people": [{"emails": [ADMIN], "display_name": "Ada"}] + people,
                    "tokens": [{"token": ADMIN_TOKEN, "person": ADMIN, "scopes": ["identity:people_read"]}],
                    "groups": [{"display_name": "Big", "members": [p["emails"][0] for p in people]}]
                    + [{"display_name": "G%03d" % n} for n in range(150)]})
    run = run_playbook(task_play(info_task("big", display_name="Big"), info_task("all", members=False)))
    assert run.rc == 0, run.stdout
    (big,) = run.task("big")["groups"]
    assert len({m["id"] for m in big["members"]}) == 1203
    assert len(run.task("all")["groups"]) == 151
    member_pages = [e for e in emulator.requests_log() if e["path"].endswith("/Members")]
    assert len(member_pages) == 3  # 500 + 500 + 203
