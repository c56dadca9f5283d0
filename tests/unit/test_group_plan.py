"""The group plan (groups/plan.py): desired + current -> one POST body or one PATCH, and the diff; no HTTP."""

from __future__ import annotations

from ansible_collections.webexops.identity.plugins.module_utils.groups.plan import (
    GroupWanted,
    member_ids_after,
    plan_group_create,
    plan_group_delete,
    plan_group_update,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange

GROUP = {"id": "g1", "displayName": "Sales", "externalId": "ext"}


def same(member_id: str) -> str:
    return member_id


def test_set_replaces_then_add_joins_then_remove_drops():
    assert member_ids_after(["a", "b"], ListChange(set=["c"], add=["d"], remove=["d"])) == ["c"]
    assert member_ids_after(["a", "b"], ListChange(add=["c", "a"], remove=["b"])) == ["a", "c"]


def test_an_update_is_one_patch_in_order_and_the_diff_holds_only_what_changes():
    wanted = GroupWanted(display_name="Sales EMEA", members=ListChange(set=["b", "c"]))
    plan = plan_group_update(wanted, GROUP, ["a", "b"], lambda m: m.upper())
    assert plan.action == "update"
    assert plan.operations == [
        {"op": "replace", "path": "displayName", "value": "Sales EMEA"},
        {"op": "add", "path": "members", "value": [{"value": "c", "type": "user"}]},
        {"op": "remove", "path": 'members[value eq "a"]'},
    ]
    assert plan.before == {"display_name": "Sales", "members": ["A", "B"]}
    assert plan.after == {"display_name": "Sales EMEA", "members": ["B", "C"]}


def test_nothing_to_change_plans_nothing():
    plan = plan_group_update(GroupWanted(display_name="Sales", members=ListChange(add=["a"])), GROUP, ["a"], same)
    assert (plan.action, plan.operations, plan.before, plan.after) == ("none", [], {}, {})


def test_an_empty_external_id_removes_it():
    plan = plan_group_update(GroupWanted(external_id=""), GROUP, [], same)
    assert plan.operations == [{"op": "remove", "path": "externalId"}]


def test_a_create_carries_its_members_and_delete_only_what_is_there():
    plan = plan_group_create(GroupWanted(display_name="New", members=ListChange(add=["b", "a"])), same)
    assert plan.body == {"displayName": "New", "members": [{"value": "a", "type": "user"}, {"value": "b", "type": "user"}]}
    assert plan_group_delete(None).action == "none" and plan_group_delete(GROUP).before == {"display_name": "Sales"}
