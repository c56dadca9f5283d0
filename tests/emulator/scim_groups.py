"""SCIM 2 Groups on the org store: create, render, PATCH operations, members; member values are SCIM user ids."""
import json
import re
import uuid

from .scim import ScimError, apply_patch_operation, patched_copy
from .scim_users import person_by_scim_id
from .state import now_iso

GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
CISCO_GROUP_URN = "urn:scim:schemas:extension:cisco:webexidentity:2.0:Group"
MEMBERS_URN = "urn:scim:schemas:extension:cisco:webexidentity:2.0:GroupMembers"
GROUP_FILTER_ATTRIBUTES = {"displayname": "displayName", "id": "id", "externalid": "externalId"}
# GET /Groups/{id} answers with at most this many members (the spec); /Members pages through them all.
MAX_MEMBERS_ON_GET = 500
MEMBER_FILTER_PATH = re.compile(r'^members\[\s*value\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]$', re.IGNORECASE)
SIMPLE_ATTRIBUTES = ("displayName", "externalId")
READ_ONLY = ("id", "meta", "schemas")


def _checked_members(store, value, group_id: str = None) -> list:
    """Members of a body as [{value, type}]; 400 invalidValue for one that is neither a user nor a group here."""
    if not isinstance(value, list) or not all(isinstance(m, dict) and isinstance(m.get("value"), str) for m in value):
        raise ScimError(400, "members must be a list of objects with a value.", "invalidValue")
    members = []
    for member in value:
        kind = member.get("type") or ("group" if member["value"] in store.groups else "user")
        known = person_by_scim_id(store, member["value"]) if kind == "user" else store.groups.get(member["value"])
        if kind not in ("user", "group") or known is None or member["value"] == group_id:
            raise ScimError(400, f"Member {member['value']} of type {kind} does not exist in this organization.",
                            "invalidValue")
        members.append({"value": member["value"], "type": kind})
    return members


def _merged(current: list, added: list) -> list:
    """Members plus the added ones not already there (adding a present member changes nothing)."""
    values = {m["value"] for m in current}
    return current + [m for m in added if m["value"] not in values and not values.add(m["value"])]


def create_group(store, body) -> dict:
    """POST /Groups: schemas with the core Group URN (or the Cisco one) and displayName are required."""
    if not isinstance(body, dict) or not {GROUP_URN, CISCO_GROUP_URN} & set(body.get("schemas") or []):
        raise ScimError(400, f"The request body must carry the schema {GROUP_URN}.", "invalidSyntax")
    if not isinstance(body.get("displayName"), str) or not body["displayName"].strip():
        raise ScimError(400, "displayName is required.", "invalidValue")
    stamp = now_iso()
    group = {"id": str(uuid.uuid4()), "displayName": body["displayName"], "members": [],
             "created": stamp, "lastModified": stamp, "_seq": store.next_seq()}
    if isinstance(body.get("externalId"), str) and body["externalId"]:
        group["externalId"] = body["externalId"]
    if body.get("members") is not None:
        group["members"] = _merged([], _checked_members(store, body["members"], group["id"]))
    store.groups[group["id"]] = group
    return group


def group_or_404(store, group_id: str) -> dict:
    group = store.groups.get(group_id)
    if group is None:
        raise ScimError(404, f"Group {group_id} not found.")
    return group


def rendered_members(store, group: dict, member_type: str = None) -> list:
    """Members as answered: value, type and a display name."""
    out = []
    for member in group["members"]:
        if member_type and member["type"] != member_type:
            continue
        target = person_by_scim_id(store, member["value"]) if member["type"] == "user" else store.groups.get(member["value"])
        shown = {"value": member["value"], "type": member["type"]}
        if target and target.get("displayName"):
            shown["display"] = target["displayName"]
        out.append(shown)
    return out


def render_group(store, group: dict, base_url: str, org_uuid: str, with_members: bool) -> dict:
    """A group as the API answers it; members only when asked, at most MAX_MEMBERS_ON_GET."""
    out = {"schemas": [GROUP_URN, CISCO_GROUP_URN], "id": group["id"], "displayName": group["displayName"]}
    if group.get("externalId"):
        out["externalId"] = group["externalId"]
    if with_members and group["members"]:
        out["members"] = rendered_members(store, group)[:MAX_MEMBERS_ON_GET]
    out["meta"] = {"resourceType": "group", "created": group["created"], "lastModified": group["lastModified"],
                   "location": f"{base_url}Groups/{group['id']}"}
    out[CISCO_GROUP_URN] = {"usage": "", "provisionSource": "", "meta": {"organizationID": org_uuid}}
    return out


def _apply_attribute(store, group: dict, op: str, name: str, value) -> None:
    """add or replace of one attribute named without a path filter."""
    if name == "members":
        members = _checked_members(store, value, group["id"])
        group["members"] = _merged(group["members"] if op == "add" else [], members)
    elif name in SIMPLE_ATTRIBUTES:
        if not isinstance(value, str) or (name == "displayName" and not value.strip()):
            raise ScimError(400, f"{name} must be a non-empty string.", "invalidValue")
        group[name] = value
    elif name not in READ_ONLY:
        raise ScimError(400, f"The attribute {name!r} cannot be changed here.", "invalidPath")


def _apply_remove(group: dict, path: str) -> None:
    """remove: a path is required (noTarget without); a members filter removes the matching members."""
    filtered = MEMBER_FILTER_PATH.match(path)
    if filtered:
        value = json.loads(filtered.group(1))
        group["members"] = [m for m in group["members"] if m["value"] != value]
    elif path == "members":
        group["members"] = []
    elif path == "externalId":
        group.pop("externalId", None)
    else:
        raise ScimError(400, f"The path {path!r} cannot be removed.", "invalidPath")


def _apply_operation(store, group: dict, operation: dict) -> None:
    def set_path(op: str, path: str, value) -> None:
        if MEMBER_FILTER_PATH.match(path):
            raise ScimError(400, "Only remove takes a members filter here.", "invalidPath")
        _apply_attribute(store, group, op, path, value)

    apply_patch_operation(operation, lambda path: _apply_remove(group, path), set_path)


def patch_group(store, group_id: str, body) -> dict:
    """PATCH /Groups/{id}: operations in order on a copy; the first error fails the request and changes nothing."""
    group = group_or_404(store, group_id)
    changed = patched_copy(group, body, lambda copied, operation: _apply_operation(store, copied, operation))
    changed["lastModified"] = now_iso()
    store.groups[group_id] = changed
    return changed


def delete_group(store, group_id: str) -> None:
    group_or_404(store, group_id)
    del store.groups[group_id]
    for other in store.groups.values():  # a nested group leaves the groups that held it
        other["members"] = [m for m in other["members"] if m["value"] != group_id]
