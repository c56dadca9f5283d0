"""SCIM 2 user writes on the people store: PATCH, PUT and DELETE /Users/{id}.

Each SCIM attribute that maps onto the People API is written to the field a GET /people/{id} then shows;
read-only input and other schemas' attributes are ignored (the spec), anything else is 400 invalidPath.
"""
import copy
import json
import re

from . import ids
from .errors import ApiError
from .people import delete_person, normalized_email, with_derived_numbers
from .scim import ScimError, apply_patch_operation, patched_copy
from .scim_users import ENTERPRISE_URN, USER_URN, person_by_scim_id, user_or_404
from .state import now_iso

CORE_PREFIX = USER_URN.lower() + ":"
ENTERPRISE = ENTERPRISE_URN.lower()
# Single-valued string attributes (canonical path: lower case, the enterprise URN as "enterprise:") and their field.
STRING_ATTRIBUTES = {"displayname": "displayName", "nickname": "nickName", "title": "title",
                     "name.givenname": "firstName", "name.familyname": "lastName",
                     "enterprise:department": "department"}
MANAGER = "enterprise:manager.value"
MULTI_VALUED = {"phonenumbers": "phoneNumbers", "addresses": "addresses"}
ENTRY_KEYS = {"phonenumbers": ("type", "value", "primary"),
              "addresses": ("type", "streetAddress", "locality", "region", "postalCode", "country")}
# Objects whose sub-attributes are written one by one.
COMPLEX = {"name": "name.", "enterprise": "enterprise:", "enterprise:manager": "enterprise:manager."}
# Read-only (id, meta, schemas), or shown but not held apart here: emails follow userName, userType is always user.
IGNORED = ("id", "meta", "schemas", "emails", "usertype")
# A PUT replaces every field a SCIM user maps onto.
MAPPED_FIELDS = tuple(STRING_ATTRIBUTES.values()) + ("managerId", "addresses")
VALUE_FILTER = re.compile(r'^(\w+)\[\s*(type|value)\s+eq\s+("(?:[^"\\]|\\.)*")\s*\](?:\.(\w+))?$', re.IGNORECASE)


def _canonical(path: str):
    """The attribute path in lower case, the enterprise URN as "enterprise"; None for another schema's attribute."""
    lowered = path.strip().lower()
    if lowered.startswith(CORE_PREFIX):
        return lowered[len(CORE_PREFIX):]
    if lowered == ENTERPRISE or lowered.startswith(ENTERPRISE + ":"):
        return "enterprise" + lowered[len(ENTERPRISE):]
    if lowered.startswith("urn:"):
        return None  # the Cisco extension and unknown schemas: ignored
    return lowered


def _leaves(name, value) -> list:
    """(attribute, value) pairs of one attribute: complex values are split into their sub-attributes."""
    if name not in COMPLEX:
        return [(name, value)]
    if not isinstance(value, dict):
        raise ScimError(400, f"{name} takes an object of sub-attributes.", "invalidValue")
    pairs = []
    for sub, sub_value in value.items():
        pairs += _leaves(COMPLEX[name] + sub.lower(), sub_value)
    return pairs


def _entries(attribute: str, value) -> list:
    """Phone numbers or addresses as the People API holds them; 400 invalidValue when not objects."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        raise ScimError(400, f"{attribute} takes objects.", "invalidValue")
    entries = [{key: item[key] for key in ENTRY_KEYS[attribute] if key in item} for item in items]
    if attribute == "phonenumbers":
        if not all(isinstance(entry.get("value"), str) and entry["value"] for entry in entries):
            raise ScimError(400, "Each phone number needs a value.", "invalidValue")
        entries = [{"type": e.get("type") or "work", "value": e["value"], "primary": bool(e.get("primary"))}
                   for e in entries]
    return entries


def _set_entries(person: dict, attribute: str, entries: list) -> None:
    """Write phone numbers or addresses; Webex's own work_extension numbers stay as a People API write keeps them."""
    field = MULTI_VALUED[attribute]
    if attribute == "phonenumbers":
        fields = {"phoneNumbers": entries, "extension": person.get("extension")}
        with_derived_numbers(fields, person)
        entries = fields.get("phoneNumbers", [])
    if entries:
        person[field] = entries
    else:
        person.pop(field, None)


def _manager_id(store, value) -> str:
    """The People API id of the manager a SCIM user id names; 400 invalidValue for nobody of this org."""
    if not isinstance(value, str) or person_by_scim_id(store, value) is None:
        raise ScimError(400, f"The manager {value!r} is not a user of this organization.", "invalidValue")
    return ids.encode_id("PEOPLE", value)


def _set_user_name(store, person: dict, value) -> None:
    """userName is the email the People API holds: valid, and nobody else's (409 uniqueness)."""
    try:
        email = normalized_email({"emails": [value]} if isinstance(value, str) else {}, required=True)
    except ApiError as error:
        raise ScimError(400, error.message, "invalidValue") from None
    holder = store.person_by_email(email)
    if holder is not None and holder["id"] != person["id"]:
        raise ScimError(409, f"User with userName {email} already exists.", "uniqueness")
    person["emails"] = [email]


def _set(store, person: dict, op: str, attribute, value) -> None:
    """add or replace of one attribute (no filter)."""
    if attribute is None or attribute in IGNORED:
        return
    if attribute in STRING_ATTRIBUTES:
        if not isinstance(value, str):
            raise ScimError(400, f"{attribute} must be a string.", "invalidValue")
        if value:
            person[STRING_ATTRIBUTES[attribute]] = value
        else:
            person.pop(STRING_ATTRIBUTES[attribute], None)
    elif attribute == MANAGER:
        person["managerId"] = _manager_id(store, value)
    elif attribute == "active":
        if not isinstance(value, bool):
            raise ScimError(400, "active must be true or false.", "invalidValue")
        person["loginEnabled"] = value
    elif attribute == "username":
        _set_user_name(store, person, value)
    elif attribute in MULTI_VALUED:
        entries = _entries(attribute, value)
        current = person.get(MULTI_VALUED[attribute], []) if op == "add" else []
        _set_entries(person, attribute, current + [e for e in entries if e not in current])
    else:
        raise ScimError(400, f"The attribute {attribute!r} cannot be changed here.", "invalidPath")


def _matching(person: dict, filtered) -> tuple:
    """(attribute, entries of the person, indexes the value filter selects) of a `attr[type eq "x"]` path."""
    attribute, key, wanted = filtered.group(1).lower(), filtered.group(2), json.loads(filtered.group(3))
    if attribute not in MULTI_VALUED:
        raise ScimError(400, f"Only phoneNumbers and addresses take a filter, not {filtered.group(1)!r}.",
                        "invalidPath")
    entries = [dict(entry) for entry in person.get(MULTI_VALUED[attribute], [])]
    chosen = [i for i, entry in enumerate(entries) if str(entry.get(key, "")).lower() == str(wanted).lower()]
    return attribute, entries, chosen


def _replace_filtered(person: dict, filtered, value) -> None:
    """add or replace through a value filter: the matching entries change; none matching is 400 noTarget."""
    attribute, entries, chosen = _matching(person, filtered)
    if not chosen:
        raise ScimError(400, f"No {filtered.group(1)} entry matches {filtered.group(0)!r}.", "noTarget")
    sub = filtered.group(4)
    for index in chosen:
        if sub:
            entries[index][sub] = value
        elif isinstance(value, dict):
            entries[index].update(value)
        else:
            raise ScimError(400, f"{filtered.group(0)} takes an object.", "invalidValue")
    _set_entries(person, attribute, _entries(attribute, entries))


def _remove(person: dict, path: str) -> None:
    """remove: the attribute becomes unassigned; a value filter removes the matching entries."""
    filtered = VALUE_FILTER.match(path)
    if filtered:
        if filtered.group(4):
            raise ScimError(400, "remove takes a filter without a sub-attribute here.", "invalidPath")
        attribute, entries, chosen = _matching(person, filtered)
        _set_entries(person, attribute, [entry for i, entry in enumerate(entries) if i not in chosen])
        return
    attribute = _canonical(path)
    if attribute is None or attribute in IGNORED:
        return
    if attribute in STRING_ATTRIBUTES:
        person.pop(STRING_ATTRIBUTES[attribute], None)
    elif attribute == "name":
        for field in ("firstName", "lastName"):
            person.pop(field, None)
    elif attribute in ("enterprise:manager", MANAGER):
        person.pop("managerId", None)
    elif attribute in MULTI_VALUED:
        _set_entries(person, attribute, [])
    elif attribute in ("username", "active"):
        raise ScimError(400, f"{path} cannot be removed.", "invalidValue")
    else:
        raise ScimError(400, f"The attribute {path!r} cannot be changed here.", "invalidPath")


def _apply_operation(store, person: dict, operation: dict) -> None:
    def set_path(op: str, path: str, value) -> None:
        filtered = VALUE_FILTER.match(path)
        if filtered:
            _replace_filtered(person, filtered, value)
            return
        for attribute, leaf_value in _leaves(_canonical(path), value):
            _set(store, person, op, attribute, leaf_value)

    apply_patch_operation(operation, lambda path: _remove(person, path), set_path)


def _commit(store, person: dict, changed: dict) -> dict:
    changed["lastModified"] = now_iso()
    store.reindex_person(person, changed)
    return changed


def patch_user(store, user_id: str, body) -> dict:
    """PATCH /Users/{id}: operations in order on a copy; the first error fails the request and changes nothing."""
    person = user_or_404(store, user_id)
    changed = patched_copy(person, body, lambda copied, operation: _apply_operation(store, copied, operation))
    return _commit(store, person, changed)


def replace_user(store, user_id: str, body) -> dict:
    """PUT /Users/{id}: the core User schema and userName required; every mapped field not given is cleared."""
    person = user_or_404(store, user_id)
    if not isinstance(body, dict) or USER_URN not in (body.get("schemas") or []):
        raise ScimError(400, f"The request body must carry the schema {USER_URN}.", "invalidSyntax")
    if "userName" not in body:
        raise ScimError(400, "userName is required.", "invalidValue")
    changed = {key: value for key, value in copy.deepcopy(person).items() if key not in MAPPED_FIELDS}
    changed["loginEnabled"] = True  # active left out: an enabled login, as a People API PUT does
    _set_entries(changed, "phonenumbers", [])
    _apply_operation(store, changed, {"op": "replace", "value": body})
    return _commit(store, person, changed)


def delete_user(store, user_id: str) -> None:
    """DELETE /Users/{id}: the person is gone from the People API too (404 when already gone)."""
    person = user_or_404(store, user_id)
    delete_person(store, person["id"])
