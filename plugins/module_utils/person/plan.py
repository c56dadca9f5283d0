# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: desired + current person -> the request to send and the diff to show. No HTTP here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import (
    FIELDS_BY_OPTION,
    PERSON_FIELDS,
    UNMANAGED_WRITABLE_KEYS,
    ListChange,
    PersonField,
)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_KEYS = ("displayName", "firstName", "lastName")
CHECK_MODE_ID = "(id assigned by Webex on creation)"

# Turns an id into what the diff shows for it (a license or role name where known).
Namer = Callable[[PersonField, str], str]


@dataclass
class PersonPlan:
    """The outcome of planning one person: what to send, and what changes."""

    action: str  # create, update, delete, none
    body: Dict[str, Any]  # a delete's body is the update sent before the DELETE (offboarding by deleting), if any
    before: Dict[str, Any]
    after: Dict[str, Any]
    api: str = "people"  # what carries it: people (POST, PUT, DELETE /people), scim (a SCIM Bulk operation) or licenses
    api_body: Dict[str, Any] = field(default_factory=dict)  # the body for a carrier other than the People API

    @property
    def changed_values(self) -> Dict[str, Any]:
        """The People API values of the fields that change (None: cleared), whatever carries them."""
        return {FIELDS_BY_OPTION[option].api_key: self.body.get(FIELDS_BY_OPTION[option].api_key)
                for option in self.changed_options if option in FIELDS_BY_OPTION}

    @property
    def changed(self) -> bool:
        return self.action != "none"

    @property
    def changed_options(self) -> List[str]:
        return sorted(set(self.before) | set(self.after))

    def diff(self, header: str) -> Dict[str, Any]:
        return {"before": self.before, "after": self.after, "before_header": header, "after_header": header}


# --- reading the task's options ------------------------------------------------------------------

def parse_list_change(option: str, value: Any) -> ListChange:
    """A bare list means set; a dict may hold add, remove and set lists."""
    if isinstance(value, list):
        return ListChange(set=value)
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"add", "remove", "set"})
        if unknown:
            raise InvalidInput("%s takes the keys add, remove and set, not %s." % (option, ", ".join(unknown)))
        parts = {}
        for key in ("add", "remove", "set"):
            part = value.get(key)
            if part is not None and not isinstance(part, list):
                raise InvalidInput("%s.%s must be a list, not %s." % (option, key, type(part).__name__))
            parts[key] = part
        return ListChange(add=parts["add"] or [], remove=parts["remove"] or [], set=parts["set"])
    raise InvalidInput("%s must be a list or a dict with add, remove or set, not %s." % (option, type(value).__name__))


def check_object_item(field_: PersonField, item: Any) -> Dict[str, Any]:
    """Validate one phone number or address against its suboptions and fill in defaults."""
    if not isinstance(item, dict):
        raise InvalidInput("each item of %s must be a dict, not %r." % (field_.option, item))
    suboptions = field_.suboptions or {}
    unknown = sorted(set(item) - set(suboptions))
    if unknown:
        raise InvalidInput("%s items take %s, not %s." % (field_.option, ", ".join(suboptions), ", ".join(unknown)))
    result = {}
    for name, spec in suboptions.items():
        value = item.get(name, spec.get("default"))
        if value is None:
            if spec.get("required"):
                raise InvalidInput("each item of %s needs %s." % (field_.option, name))
            continue
        if spec["type"] == "bool" and not isinstance(value, bool):
            raise InvalidInput("%s.%s must be true or false." % (field_.option, name))
        result[name] = value if spec["type"] == "bool" else str(value)
    return result


def desired_from_params(params: Dict[str, Any]) -> Dict[str, Any]:
    """The managed fields a task sets (options left out are not managed), with list options parsed."""
    desired: Dict[str, Any] = {}
    for field_ in PERSON_FIELDS:
        value = params.get(field_.option)
        if value is None:
            continue
        if field_.is_list:
            change = parse_list_change(field_.option, value)
            if field_.kind == "objects":
                change = change.mapped(lambda item, f=field_: check_object_item(f, item))
            elif field_.kind == "strings":
                change = change.mapped(str)
            value = change
        elif field_.kind == "text" and not isinstance(value, str):
            value = str(value)
        desired[field_.option] = value
    return desired


def check_email(email: Optional[str]) -> Optional[str]:
    """The email in the form Webex stores it (lower case), or InvalidInput when it is not an address."""
    if email is None:
        return None
    email = email.strip()
    if not EMAIL_PATTERN.match(email):
        raise InvalidInput("email %r is not an email address; give it as name@example.com." % email)
    return email.lower()


# --- comparing -----------------------------------------------------------------------------------

def object_key(field_: PersonField, item: Dict[str, Any]) -> str:
    """Identity of a phone number or address: its content, in the snake_case the options use."""
    if field_.option == "phone_numbers":
        return "%s|%s" % (str(item.get("type", "")).lower(), re.sub(r"[\s\-().]", "", str(item.get("value", ""))))
    return json.dumps({k: str(v).lower() for k, v in sorted(item.items()) if v not in (None, "")}, sort_keys=True)


def item_key(field_: PersonField, item: Any) -> str:
    if field_.kind == "objects":
        return object_key(field_, item)
    if field_.kind == "strings":
        return str(item).lower()
    return str(item)


def normalised(field_: PersonField, value: Any) -> Any:
    """A form of the value that compares equal whenever Webex would treat the two as the same."""
    if field_.is_list:
        return tuple(sorted({item_key(field_, item) for item in value or []}))
    if field_.kind == "bool":
        return value
    return value or ""


def apply_list_change(field_: PersonField, current: List[Any], change: ListChange) -> List[Any]:
    """The list after the change: set replaces, then add appends what is missing, then remove drops by key."""
    result = list(current if change.set is None else change.set)
    keys = [item_key(field_, item) for item in result]
    for item in change.add:
        if item_key(field_, item) not in keys:
            result.append(item)
            keys.append(item_key(field_, item))
    removed = {item_key(field_, item) for item in change.remove}
    unique: Dict[str, Any] = {}
    for item in result:
        key = item_key(field_, item)
        if key not in removed and key not in unique:
            unique[key] = item
    return list(unique.values())


# --- API <-> option forms ------------------------------------------------------------------------

def to_api_value(field_: PersonField, value: Any) -> Any:
    """An option value in Webex's wire form (camelCase keys inside phone numbers and addresses)."""
    if field_.kind == "objects":
        return [{_camel(k): v for k, v in item.items()} for item in value]
    return value


def from_api_value(field_: PersonField, value: Any) -> Any:
    """A Webex value in the option's form."""
    if field_.kind == "objects":
        return [{_snake(k): v for k, v in item.items() if v is not None} for item in field_.settable(value) or []]
    if field_.is_list:
        return list(value or [])
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def shown(field_: PersonField, value: Any, namer: Optional[Namer]) -> Any:
    """The value as the diff shows it: lists sorted, ids turned into names where the namer knows them."""
    if field_.is_list:
        items = [namer(field_, v) if namer and field_.kind == "refs" else v for v in value or []]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True) if isinstance(item, dict) else str(item).lower())
    if field_.kind == "ref" and value and namer:
        return namer(field_, value)
    return value


# --- planning ------------------------------------------------------------------------------------

def desired_value(field_: PersonField, wanted: Any, current_value: Any) -> Any:
    """The field's value after the task, in option form."""
    if isinstance(wanted, ListChange):
        return apply_list_change(field_, from_api_value(field_, current_value), wanted)
    return wanted


def plan_changes(desired: Dict[str, Any], current: Dict[str, Any], namer: Optional[Namer] = None) -> Tuple[Dict[str, Any], Dict[str, Any], Dict[str, Any]]:
    """(new API values, before, after) for the managed fields whose value differs from current."""
    new_values: Dict[str, Any] = {}
    before: Dict[str, Any] = {}
    after: Dict[str, Any] = {}
    for option, wanted in desired.items():
        field_ = FIELDS_BY_OPTION[option]
        current_value = current.get(field_.api_key)
        target = desired_value(field_, wanted, current_value)
        if normalised(field_, target) == normalised(field_, from_api_value(field_, current_value)):
            continue
        new_values[field_.api_key] = to_api_value(field_, target)
        before[option] = shown(field_, from_api_value(field_, current_value), namer)
        after[option] = shown(field_, target, namer)
    return new_values, before, after


def put_body(current: Dict[str, Any], new_values: Dict[str, Any]) -> Dict[str, Any]:
    """The full-replacement PUT body: every writable field Webex holds, overlaid with the new values.

    Empty values are left out (Webex clears a field that a PUT omits, and the spec allows no nulls), and
    loginEnabled is always sent: a PUT without it may re-enable a disabled person.
    """
    held = {key: current.get(key) for key in UNMANAGED_WRITABLE_KEYS}
    held.update({field_.api_key: field_.settable(current.get(field_.api_key)) for field_ in PERSON_FIELDS})
    body = {key: value for key, value in held.items() if value not in (None, "", [])}
    for key, value in new_values.items():
        if value in (None, "", []):
            body.pop(key, None)
        else:
            body[key] = value
    body["loginEnabled"] = new_values.get("loginEnabled", current.get("loginEnabled", True))
    return body


def plan_update(desired: Dict[str, Any], current: Dict[str, Any], namer: Optional[Namer] = None) -> PersonPlan:
    """Plan the PUT that brings an existing person (a full record) to the desired fields."""
    new_values, before, after = plan_changes(desired, current, namer)
    if not new_values:
        return PersonPlan("none", {}, {}, {})
    return PersonPlan("update", put_body(current, new_values), before, after)


def without_orphaned_calling_fields(plan: PersonPlan, current: Dict[str, Any], is_calling_license: Callable[[str], bool]) -> PersonPlan:
    """An update that removes a person's last calling license also clears their calling location and extension.

    Webex refuses a locationId without a calling license, and a full-replacement PUT would send it back.
    """
    if plan.action != "update" or "licenses" not in plan.after or not plan.body.get("locationId"):
        return plan
    had_calling = any(is_calling_license(lic) for lic in current.get("licenses") or [])
    keeps_calling = any(is_calling_license(lic) for lic in plan.body.get("licenses") or [])
    if not had_calling or keeps_calling:
        return plan
    for field_ in PERSON_FIELDS:
        if field_.calling and plan.body.pop(field_.api_key, None):
            plan.before[field_.option] = current.get(field_.api_key)
            plan.after[field_.option] = ""
    return plan


def plan_create(email: str, desired: Dict[str, Any], namer: Optional[Namer] = None) -> PersonPlan:
    """Plan the POST that creates a person; fields POST does not take are left to a plan_update after it."""
    new_values, _before, after = plan_changes(desired, {}, namer)
    if not any(new_values.get(key) for key in NAME_KEYS):
        raise InvalidInput("creating %s needs display_name, first_name or last_name." % email)
    body = {"emails": [email]}
    posted = {f.api_key for f in PERSON_FIELDS if f.on_create}
    body.update({key: value for key, value in new_values.items() if value not in (None, "", []) and key in posted})
    after = dict(after, email=email)
    return PersonPlan("create", body, {}, after)
