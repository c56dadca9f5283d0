# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: one person's plan (computed once), its preview, and the writes that carry it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.person.calls import (
    create_person,
    delete_person,
    get_person,
    is_transient,
    person_path,
    person_result,
    update_person,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import FIELDS_BY_OPTION
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    CHECK_MODE_ID,
    Namer,
    PersonPlan,
    plan_changes,
    plan_create,
    plan_update,
    without_orphaned_calling_fields,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.routes import LICENSES_API, LICENSES_PATH, PEOPLE_API, licenses_after
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError


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


def plan_present(current: Optional[Dict[str, Any]], email: Optional[str], desired: Dict[str, Any],
                 namer: Optional[Namer] = None, is_calling_license: Optional[Callable[[str], bool]] = None) -> PersonPlan:
    """The one plan that brings a person (`current`: the full record, or None) to `desired` (ids, not names).

    `is_calling_license` lets an update that removes the last calling license clear the calling location too.
    """
    if current is None:
        return plan_create(email or "", desired, namer)
    plan = plan_update(desired, current, namer)
    return without_orphaned_calling_fields(plan, current, is_calling_license) if is_calling_license else plan


def plan_absent(current: Optional[Dict[str, Any]], freeing: Optional[PersonPlan] = None) -> PersonPlan:
    """A delete; a person already gone needs none.

    `freeing` (offboarding by deleting): the disabling update, sent first as the delete's body, so that a person
    whose DELETE then fails is still signed out with their seats freed; its diff joins the delete's.
    """
    if current is None:
        return PersonPlan("none", {}, {}, {})
    before = {"id": current["id"], "email": (current.get("emails") or [""])[0], "display_name": current.get("displayName")}
    if freeing is not None and freeing.changed:
        return PersonPlan("delete", freeing.body, dict(freeing.before, **before), {})
    return PersonPlan("delete", {}, before, {})


def completion_of(desired: Dict[str, Any], created: Dict[str, Any], namer: Optional[Namer]) -> PersonPlan:
    """The PUT that follows a create: fields POST does not take (nick_name, login_enabled), or an adopted person."""
    return plan_update(desired, created, namer)


def predicted_after_post(plan: PersonPlan) -> Dict[str, Any]:
    """What Webex holds right after the plan's POST, as far as a plan can tell: the body, signed in."""
    return dict(plan.body, id=CHECK_MODE_ID, loginEnabled=True)


def requests_of(plan: PersonPlan, current: Optional[Dict[str, Any]], desired: Dict[str, Any], namer: Optional[Namer]) -> List[Dict[str, Any]]:
    """The calls the plan sends, in order (POST, PUT or DELETE with their bodies): what rendered returns."""
    if plan.action == "delete":
        path = person_path((current or {}).get("id", ""))
        freeing = [{"method": "PUT", "path": path, "body": plan.body}] if plan.body else []
        return freeing + [{"method": "DELETE", "path": path}]
    if plan.action == "update":
        return [{"method": "PUT", "path": person_path((current or {})["id"]), "body": plan.body}]
    if plan.action != "create":
        return []
    calls = [{"method": "POST", "path": "/people", "body": plan.body}]
    completion = completion_of(desired, predicted_after_post(plan), namer)
    if completion.changed:
        calls.append({"method": "PUT", "path": person_path(CHECK_MODE_ID), "body": completion.body})
    return calls


def preview(plan: PersonPlan, current: Optional[Dict[str, Any]]) -> PersonOutcome:
    """What the plan would do, for check mode and for planning a bulk run: no call."""
    if plan.action == "delete":
        return PersonOutcome("deleted", {}, plan.before, {})
    if plan.action == "create":
        return PersonOutcome("created", person_result(dict(plan.body, id=CHECK_MODE_ID)), plan.before, plan.after)
    if plan.action == "update":
        return PersonOutcome("updated", person_result(updated_record(plan, current)), plan.before, plan.after)
    return PersonOutcome("unchanged", person_result(current))


def updated_record(plan: PersonPlan, current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The person after an update: the PUT's whole body, or the changed fields alone where SCIM or /licenses/users carries it."""
    if plan.api == PEOPLE_API:
        return dict(current or {}, **plan.body)
    return dict(current or {}, **plan.changed_values)


def carry_out(client: WebexClient, plan: PersonPlan, current: Optional[Dict[str, Any]], desired: Dict[str, Any],
              namer: Optional[Namer]) -> PersonOutcome:
    """Send the plan's requests and check what Webex kept."""
    if plan.action == "delete":
        if plan.body:
            update_person(client, (current or {})["id"], plan.body)
        # A 404 means gone since the read, perhaps by this very DELETE whose answer was lost: deleted all the same.
        delete_person(client, (current or {})["id"])
        return PersonOutcome("deleted", {}, plan.before, {})
    if plan.action == "update" and plan.api == LICENSES_API:
        return patch_licenses(client, plan, current or {}, desired, namer)
    if plan.action == "update":
        answer = update_person(client, (current or {})["id"], plan.body)
        warnings = check_answer(desired, answer, namer, "PUT", person_path((current or {})["id"]))
        return PersonOutcome("updated", person_result(answer), plan.before, plan.after, warnings)
    if plan.action == "create":
        answer = create_person(client, plan.body)
        completion = completion_of(desired, answer, namer)
        if completion.changed:
            answer = update_person(client, answer["id"], completion.body)
        warnings = check_answer(desired, answer, namer, "POST", "/people")
        return PersonOutcome("created", person_result(answer), plan.before, plan.after, warnings)
    return PersonOutcome("unchanged", person_result(current))


def patch_licenses(client: WebexClient, plan: PersonPlan, current: Dict[str, Any], desired: Dict[str, Any],
                   namer: Optional[Namer]) -> PersonOutcome:
    """Send the plan's PATCH /licenses/users and check what Webex kept (a 206 holds only the licenses it assigned)."""
    try:
        answer = client.patch(LICENSES_PATH, json=plan.api_body)
    except WebexError as error:
        if not is_transient(error):
            raise
        # No answer after the retries: the PATCH may have been applied, and what the person now holds decides.
        answer = None
        if not holds_planned_licenses(client, plan, current):
            raise
    held = answer.get("licenses") if isinstance(answer, dict) else None
    if held is None:  # no body to read: read the person back
        held = (get_person(client, current["id"]) or {}).get("licenses") or []
    person = dict(current, licenses=held)
    warnings = check_answer(desired, person, namer, "PATCH", LICENSES_PATH)
    return PersonOutcome("updated", person_result(person), plan.before, plan.after, warnings)


def holds_planned_licenses(client: WebexClient, plan: PersonPlan, current: Dict[str, Any]) -> bool:
    """Whether the person, read back, holds exactly what the plan's license operations lead to."""
    try:
        record = get_person(client, current["id"]) or {}
    except WebexError:
        return False  # the PATCH's own error is the one to report
    return sorted(record.get("licenses") or []) == sorted(licenses_after(plan, current.get("licenses") or []))


def check_answer(desired: Dict[str, Any], person: Dict[str, Any], namer: Optional[Namer], method: str, path: str) -> List[str]:
    """Fail when Webex left out a license the task asks for; warn of any other field Webex did not keep as sent.

    Webex assigns what it can of a request's licenses and answers 200 all the same (no seat left, say), so
    only the answer tells; a warning would let every run report a change and succeed. nickName is known to be
    overwritten: a warning, so no run flaps silently.
    """
    _values, before, after = plan_changes(desired, person, namer)
    missing = sorted(set(after.get("licenses") or []) - set(before.get("licenses") or []))
    if missing:
        raise WebexError("the person (id %s) was written, but Webex did not assign %s: it assigns the licenses it can "
                         "and skips the others (no seat left, or not assignable); free a seat or choose another "
                         "license, then run again." % (person.get("id"), ", ".join(missing)),
                         method=method, path=path, body={"person_now": person_result(person)})
    return [
        "Webex did not keep %s as asked: it holds %r, the task asks for %r." % (option, before.get(option), after.get(option))
        for option in sorted(set(before) | set(after))
        if option in FIELDS_BY_OPTION
    ]
