# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: one group made present or absent (read, plan, write), and groups read for the info module."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.groups.members import parse_members, resolve_members
from ansible_collections.webexops.identity.plugins.module_utils.groups.plan import (
    GroupPlan,
    GroupWanted,
    MemberLabel,
    member_ids_after,
    plan_group_create,
    plan_group_delete,
    plan_group_update,
)
from ansible_collections.webexops.identity.plugins.module_utils.groups.scim import ScimDirectory
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import org_uuid
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import CHECK_MODE_ID
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput

ACTION_WORDS = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}


def wanted_from_params(params: Dict[str, Any]) -> GroupWanted:
    """The task's options as a GroupWanted; a blank display name is refused before any call."""
    name = params.get("display_name")
    if name is not None and not name.strip():
        raise InvalidInput("display_name must not be empty; give the group's name, or leave it out and give id.")
    return GroupWanted(display_name=name, external_id=params.get("external_id"), members=parse_members(params.get("members")))


def find_group(directory: ScimDirectory, group_id: Optional[str], name: Optional[str]) -> Optional[Dict[str, Any]]:
    """The group by id, else by display name; a name that two groups share fails with their ids."""
    if group_id:
        return directory.group(group_id)
    found = directory.groups_named(name or "")
    if len(found) > 1:
        raise InvalidInput("display_name: %d groups are named %r; give the id of the one you mean: %s."
                           % (len(found), name, ", ".join(sorted(g["id"] for g in found))))
    return found[0] if found else None


def user_member_ids(members: List[Dict[str, Any]]) -> List[str]:
    """The user members (nested groups and machines are not managed by the members option)."""
    return sorted(m["value"] for m in members if m.get("type", "user") == "user")


def shown_group(group: Dict[str, Any], members: List[Dict[str, Any]], emails: Dict[str, str]) -> Dict[str, Any]:
    """A group as the modules return it: snake_case keys, members with the email where the run knows it."""
    shown: Dict[str, Any] = {"id": group.get("id"), "display_name": group.get("displayName")}
    if group.get("externalId"):
        shown["external_id"] = group["externalId"]
    listed = []
    for member in members:
        item = {"id": member["value"], "type": member.get("type", "user")}
        if member.get("display"):
            item["display"] = member["display"]
        if member["value"] in emails:
            item["email"] = emails[member["value"]]
        listed.append(item)
    shown["members"] = sorted(listed, key=lambda m: m["id"])
    return shown


def members_after(plan: GroupPlan, wanted: GroupWanted, current: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The member list after the plan: current entries kept, added ones as bare user entries."""
    if wanted.members is None:
        return current
    after = set(member_ids_after(user_member_ids(current), wanted.members))
    kept = [m for m in current if m.get("type", "user") != "user" or m["value"] in after]
    known = {m["value"] for m in kept}
    return kept + [{"value": m, "type": "user"} for m in sorted(after - known)]


def run_group(client: WebexClient, params: Dict[str, Any], check_mode: bool, diff: bool) -> Dict[str, Any]:
    """Make one group present or absent; check mode plans the same and sends no write; diff only when asked."""
    result = group_result(client, params, check_mode)
    if not diff:
        result.pop("diff")
    return result


def group_result(client: WebexClient, params: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
    """The run of run_group, its diff always included."""
    wanted = wanted_from_params(params)
    directory = ScimDirectory(client, org_uuid(client, params.get("org_id")))
    group = find_group(directory, params.get("id"), wanted.display_name)
    if params["state"] == "absent":
        plan = plan_group_delete(group)
        if plan.changed and not check_mode:
            directory.delete_group(group["id"])
        return result_of(plan, {})
    emails: Dict[str, str] = {}
    if wanted.members is not None:
        wanted.members, emails = resolve_members(directory, wanted.members)

    def label(member_id: str) -> str:
        return emails.get(member_id, member_id)

    if group is None:
        return create_group(directory, wanted, params.get("id"), label, emails, check_mode)
    current = directory.members(group["id"])
    plan = plan_group_update(wanted, group, user_member_ids(current), label)
    if plan.changed and not check_mode:
        directory.patch_group(group["id"], plan.operations)
    after = dict(group, displayName=plan.after.get("display_name", group.get("displayName")))
    if "external_id" in plan.after:
        after["externalId"] = plan.after["external_id"]
    return result_of(plan, shown_group(after, members_after(plan, wanted, current), emails))


def create_group(directory: ScimDirectory, wanted: GroupWanted, group_id: Optional[str], label: MemberLabel,
                 emails: Dict[str, str], check_mode: bool) -> Dict[str, Any]:
    """POST the group with its members; an id that names no group cannot be created."""
    if group_id:
        raise InvalidInput("no group has the id %s; to create a group give display_name and leave id out." % group_id)
    plan = plan_group_create(wanted, label)
    if check_mode:
        created = dict(plan.body, id=CHECK_MODE_ID)
    else:
        created = directory.create_group(plan.body)
    return result_of(plan, shown_group(created, plan.body.get("members", []), emails))


def result_of(plan: GroupPlan, group: Dict[str, Any]) -> Dict[str, Any]:
    header = str((group or plan.before).get("display_name") or "")
    return {"changed": plan.changed, "action": ACTION_WORDS[plan.action], "changed_fields": plan.changed_fields,
            "group": group, "diff": {"before": plan.before, "after": plan.after, "before_header": header, "after_header": header}}


def run_group_info(client: WebexClient, params: Dict[str, Any]) -> Dict[str, Any]:
    """Groups by id, by display name, or all of them; each with every member unless members is false."""
    directory = ScimDirectory(client, org_uuid(client, params.get("org_id")))
    if params.get("id"):
        found = [g for g in [directory.group(params["id"])] if g]
    elif params.get("display_name"):
        found = directory.groups_named(params["display_name"])
    else:
        found = directory.all_groups()
    groups = [shown_group(g, directory.members(g["id"]) if params["members"] else [], {}) for g in found]
    if not params["members"]:
        for group in groups:
            group.pop("members")
    return {"changed": False, "groups": groups}
