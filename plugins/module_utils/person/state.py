# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: bring one person to the desired state (present or absent), honouring check mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError
from ansible_collections.webexops.identity.plugins.module_utils.person.calls import (
    create_person,
    delete_person,
    person_path,
    person_result,
    update_person,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import FIELDS_BY_OPTION
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    CHECK_MODE_ID,
    Namer,
    plan_create,
    plan_update,
    without_orphaned_calling_fields,
)


@dataclass
class PersonOutcome:
    """What happened to one person: the action, the person afterwards, the diff and any warnings."""

    action: str  # created, updated, deleted, unchanged
    person: Dict[str, Any]
    before: Dict[str, Any] = field(default_factory=dict)
    after: Dict[str, Any] = field(default_factory=dict)
    warnings: List[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.action != "unchanged"

    @property
    def changed_options(self) -> List[str]:
        return sorted(set(self.before) | set(self.after))


def ensure_present(
    client: WebexClient,
    current: Optional[Dict[str, Any]],
    email: Optional[str],
    desired: Dict[str, Any],
    check_mode: bool,
    namer: Optional[Namer] = None,
    is_calling_license: Optional[Callable[[str], bool]] = None,
) -> PersonOutcome:
    """Create or update a person (`current` is the full record or None) so the managed fields match `desired` (ids, not names).

    `is_calling_license` lets an update that removes the last calling license clear the calling location too.
    """
    if current is None:
        return _create(client, email or "", desired, check_mode, namer)
    plan = plan_update(desired, current, namer)
    if is_calling_license:
        plan = without_orphaned_calling_fields(plan, current, is_calling_license)
    if not plan.changed:
        return PersonOutcome("unchanged", person_result(current))
    if check_mode:
        preview = dict(current, **plan.body)
        return PersonOutcome("updated", person_result(preview), plan.before, plan.after)
    updated = update_person(client, current["id"], plan.body)
    check_licenses_assigned(desired, updated, namer, "PUT", person_path(current["id"]))
    return PersonOutcome("updated", person_result(updated), plan.before, plan.after, not_kept(desired, updated, namer))


def _create(client: WebexClient, email: str, desired: Dict[str, Any], check_mode: bool, namer: Optional[Namer]) -> PersonOutcome:
    plan = plan_create(email, desired, namer)
    if check_mode:
        preview = dict(plan.body, id=CHECK_MODE_ID)
        return PersonOutcome("created", person_result(preview), plan.before, plan.after)
    created = create_person(client, plan.body)
    # Fields POST does not take (loginEnabled, nickName), or a person adopted after a failed POST, need one PUT.
    completion = plan_update(desired, created, namer)
    if completion.changed:
        created = update_person(client, created["id"], completion.body)
    check_licenses_assigned(desired, created, namer, "POST", "/people")
    return PersonOutcome("created", person_result(created), plan.before, plan.after, not_kept(desired, created, namer))


def ensure_absent(client: WebexClient, current: Optional[Dict[str, Any]], check_mode: bool) -> PersonOutcome:
    """Delete a person; a person already gone is unchanged, not an error."""
    if current is None:
        return PersonOutcome("unchanged", {})
    before = {"id": current["id"], "email": (current.get("emails") or [""])[0], "display_name": current.get("displayName")}
    if not check_mode:
        # A 404 means gone since the read, perhaps by this very DELETE whose answer was lost: deleted all the same.
        delete_person(client, current["id"])
    return PersonOutcome("deleted", {}, before, {})


def check_licenses_assigned(desired: Dict[str, Any], person: Dict[str, Any], namer: Optional[Namer], method: str, path: str) -> None:
    """Fail when Webex left out a license the task asks for.

    Webex assigns what it can of a request's licenses and answers 200 all the same (no seat left, say), so
    only the answer tells; a warning would let every run report a change and succeed.
    """
    if "licenses" not in desired:
        return
    leftover = plan_update({"licenses": desired["licenses"]}, person, namer)
    missing = sorted(set(leftover.after.get("licenses") or []) - set(leftover.before.get("licenses") or []))
    if missing:
        raise WebexError("the person (id %s) was written, but Webex did not assign %s: it assigns the licenses it can "
                         "and skips the others (no seat left, or not assignable); free a seat or choose another "
                         "license, then run again." % (person.get("id"), ", ".join(missing)),
                         method=method, path=path, body={"person_now": person_result(person)})


def not_kept(desired: Dict[str, Any], person: Dict[str, Any], namer: Optional[Namer]) -> List[str]:
    """Warnings for fields Webex did not keep as sent (nickName is known to be overwritten), so no run flaps silently."""
    leftover = plan_update(desired, person, namer)
    return [
        "Webex did not keep %s as asked: it holds %r, the task asks for %r." % (option, leftover.before.get(option), leftover.after.get(option))
        for option in leftover.changed_options
        if option in FIELDS_BY_OPTION
    ]
