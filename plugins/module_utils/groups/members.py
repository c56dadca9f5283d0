# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: a group's members option (emails or ids, add/remove/set) turned into SCIM user ids."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.groups.scim import ScimDirectory
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import scim_id
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import check_email, parse_list_change
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput


def parse_members(value: Any) -> Optional[ListChange]:
    """The members option in the add/remove/set form every list option takes; None when not given."""
    if value is None:
        return None
    return parse_list_change("members", value).mapped(lambda item: str(item).strip())


def _member_key(item: str) -> Tuple[str, str]:
    """("email", address) or ("id", SCIM id) for one member reference; InvalidInput for anything else."""
    if "@" in item:
        return "email", check_email(item) or ""
    found = scim_id(item, "PEOPLE")
    if not found:
        raise InvalidInput("members: %r is neither an email nor a person id (a People API id or a SCIM uuid)." % item)
    return "id", found


def _unknown(kind: str, missing: List[str]) -> InvalidInput:
    return InvalidInput("members: nobody in the organisation has the %s %s; check the spelling, or create the %s first."
                        % (kind, ", ".join(sorted(missing)), "person" if len(missing) == 1 else "people"))


def resolve_members(directory: ScimDirectory, change: ListChange) -> Tuple[ListChange, Dict[str, str]]:
    """The change with every reference as a SCIM user id, and the emails of the ids it looked up.

    Emails are looked up with SCIM user searches (userName eq ..., 50 to a request, joined with "or"); ids to add are
    checked the same way (id eq ...), so a wrong one fails before any write. Ids only removed need no look-up.
    """
    keys = {item: _member_key(item) for item in change.items()}
    emails = sorted({value for kind, value in keys.values() if kind == "email"})
    added_ids = sorted({keys[item][1] for item in list(change.set or []) + change.add if keys[item][0] == "id"})
    by_email = {str(u.get("userName", "")).lower(): u["id"] for u in directory.users_where("userName", emails)} if emails else {}
    missing = [email for email in emails if email not in by_email]
    if missing:
        raise _unknown("email", missing)
    known_ids = {u["id"].lower() for u in directory.users_where("id", added_ids)} if added_ids else set()
    missing = [member_id for member_id in added_ids if member_id not in known_ids]
    if missing:
        raise _unknown("id", missing)

    def to_id(item: str) -> str:
        kind, value = keys[item]
        return by_email[value] if kind == "email" else value

    return change.mapped(to_id), {member_id: email for email, member_id in by_email.items()}
