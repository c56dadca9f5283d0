# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: a group's desired + current state -> the SCIM request to send and the diff. No HTTP here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.groups.scim import filter_value
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange

# Turns a member's SCIM id into what the diff shows (the email where the run knows it).
MemberLabel = Callable[[str], str]


@dataclass
class GroupWanted:
    """What a task asks of a group; None leaves a property unmanaged. Members are SCIM user ids."""

    display_name: Optional[str] = None
    external_id: Optional[str] = None
    members: Optional[ListChange] = None


@dataclass
class GroupPlan:
    """What to send for one group, and the keys that change."""

    action: str  # create, update, delete, none
    body: Dict[str, Any] = field(default_factory=dict)  # POST /Groups body of a create
    operations: List[Dict[str, Any]] = field(default_factory=list)  # PATCH operations of an update
    before: Dict[str, Any] = field(default_factory=dict)
    after: Dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action != "none"

    @property
    def changed_fields(self) -> List[str]:
        return sorted(set(self.before) | set(self.after))


def member_ids_after(current: List[str], change: ListChange) -> List[str]:
    """The members after a change: set replaces, add joins what is missing, remove drops; sorted."""
    result = set(current if change.set is None else change.set) | set(change.add)
    return sorted(result - set(change.remove))


def _member_values(ids: List[str]) -> List[Dict[str, str]]:
    return [{"value": member_id, "type": "user"} for member_id in ids]


def plan_group_create(wanted: GroupWanted, label: MemberLabel) -> GroupPlan:
    """POST /Groups with the name, the external id and the members in one request."""
    members = member_ids_after([], wanted.members or ListChange())
    body: Dict[str, Any] = {"displayName": wanted.display_name}
    after: Dict[str, Any] = {"display_name": wanted.display_name}
    if wanted.external_id:
        body["externalId"] = after["external_id"] = wanted.external_id
    if members:
        body["members"] = _member_values(members)
        after["members"] = sorted(label(m) for m in members)
    return GroupPlan("create", body=body, after=after)


def _text_operation(path: str, current: str, wanted: Optional[str]) -> Optional[Dict[str, Any]]:
    """replace a text attribute that differs; an empty wanted value removes it."""
    if wanted is None or wanted == current:
        return None
    if wanted == "":
        return {"op": "remove", "path": path}
    return {"op": "replace", "path": path, "value": wanted}


def plan_group_update(wanted: GroupWanted, group: Dict[str, Any], member_ids: List[str], label: MemberLabel) -> GroupPlan:
    """One PATCH carrying every change in order (name, external id, members added, members removed), or nothing."""
    plan = GroupPlan("none")
    for option, path in (("display_name", "displayName"), ("external_id", "externalId")):
        current = str(group.get(path) or "")
        operation = _text_operation(path, current, getattr(wanted, option))
        if operation:
            plan.operations.append(operation)
            plan.before[option], plan.after[option] = current, getattr(wanted, option)
    if wanted.members is not None:
        after = member_ids_after(member_ids, wanted.members)
        added = [m for m in after if m not in member_ids]
        removed = sorted(m for m in member_ids if m not in after)
        if added:
            plan.operations.append({"op": "add", "path": "members", "value": _member_values(added)})
        plan.operations.extend({"op": "remove", "path": "members[value eq %s]" % filter_value(m)} for m in removed)
        if added or removed:
            plan.before["members"] = sorted(label(m) for m in member_ids)
            plan.after["members"] = sorted(label(m) for m in after)
    if plan.operations:
        plan.action = "update"
    return plan


def plan_group_delete(group: Optional[Dict[str, Any]]) -> GroupPlan:
    """DELETE /Groups/{id} when the group is there."""
    if group is None:
        return GroupPlan("none")
    return GroupPlan("delete", before={"display_name": group.get("displayName")}, after={})
