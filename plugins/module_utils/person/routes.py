# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: which API carries a person's one plan, and that plan in the chosen API's words. No HTTP here.

The plan (action, before, after) is the same whichever API carries it; only its request changes:
- a delete, or an update of SCIM fields only (each field row's scim_path), is one operation of a SCIM Bulk request;
- an update of licenses only, none of them a calling license, is one PATCH /licenses/users;
- anything else (creates, sign-in, roles, calling fields, a mix) stays on the People API.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.person.fields import FIELDS_BY_API_KEY, PersonField
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import PersonPlan
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import PATCH_SCHEMA, scim_base_path, scim_id

PEOPLE_API = "people"
SCIM_BULK = "scim"
LICENSES_API = "licenses"
# write_api: auto picks per person; people keeps every write on the People API (organisations without SCIM).
WRITE_APIS = ("auto", "people")
LICENSES_PATH = "/licenses/users"
# Phone number types a SCIM PATCH may send; Webex's others (work_extension, enterprise, ...) keep a person on the People API.
SCIM_PHONE_TYPES = ("work", "home", "mobile", "fax", "pager", "other")


def routed(plan: PersonPlan, current: Optional[Dict[str, Any]], is_calling_license: Callable[[str], bool]) -> PersonPlan:
    """The same plan, carried by the cheapest API that carries it whole: a SCIM Bulk operation, PATCH /licenses/users, or People."""
    person_id = (current or {}).get("id") or ""
    if not scim_id(person_id, "PEOPLE"):
        return plan
    if plan.action == "delete" and not plan.body:
        return replace(plan, api=SCIM_BULK, api_body={})
    if plan.action != "update":
        return plan
    operations = scim_operations(plan, current or {})
    if operations is not None:
        return replace(plan, api=SCIM_BULK, api_body={"schemas": [PATCH_SCHEMA], "Operations": operations})
    licenses = license_operations(plan, current or {}, is_calling_license)
    if licenses is not None:
        return replace(plan, api=LICENSES_API, api_body={"personId": person_id, "licenses": licenses})
    return plan


# --- SCIM -------------------------------------------------------------------------------------------

def scim_operations(plan: PersonPlan, current: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
    """The SCIM PATCH operations of an update whose every changed field has a SCIM path, else None.

    Each is a replace of the whole attribute (or a remove to clear it), so sending it twice changes nothing more.
    """
    operations = []
    for api_key, value in plan.changed_values.items():
        field_ = FIELDS_BY_API_KEY.get(api_key)
        if field_ is None or not field_.scim_path or not scim_can_carry(field_, value, current):
            return None
        if value in (None, "", []):
            operations.append({"op": "remove", "path": field_.scim_path})
        else:
            operations.append({"op": "replace", "path": field_.scim_path, "value": scim_value(field_, value)})
    return operations or None


def scim_can_carry(field_: PersonField, value: Any, current: Dict[str, Any]) -> bool:
    """A manager known by id (not one this run creates), and phone numbers of SCIM's types with none Webex derives."""
    if field_.option == "manager_id":
        return not value or bool(scim_id(str(value), "PEOPLE"))
    if field_.option == "phone_numbers":
        held = current.get(field_.api_key) or []
        # Replacing the list would drop the numbers Webex derives (work_extension), which the People API keeps.
        return all(str(n.get("type", "work")) in SCIM_PHONE_TYPES for n in list(held) + list(value or []))
    return True


def scim_value(field_: PersonField, value: Any) -> Any:
    """A People API value in SCIM's form: the manager as {value: uuid}, lists and text as they are."""
    if field_.option == "manager_id":
        return {"value": scim_id(str(value), "PEOPLE")}
    return value


def scim_user_path(person_id: str) -> str:
    """The path of a person's SCIM user inside a Bulk operation."""
    return "/Users/%s" % scim_id(person_id, "PEOPLE")


def bulk_operation(plan: PersonPlan, person_id: str) -> Dict[str, Any]:
    """The plan as one Bulk operation (method, path, data)."""
    if plan.action == "delete":
        return {"method": "DELETE", "path": scim_user_path(person_id)}
    return {"method": "PATCH", "path": scim_user_path(person_id), "data": plan.api_body}


# --- licenses ---------------------------------------------------------------------------------------

def license_operations(plan: PersonPlan, current: Dict[str, Any], is_calling_license: Callable[[str], bool]) -> Optional[List[Dict[str, Any]]]:
    """The add and remove operations of an update of licenses alone, none a calling license (those need a location), else None."""
    if plan.changed_options != ["licenses"] or "licenses" not in current:
        return None
    held = list(current.get("licenses") or [])
    target = list(plan.body.get("licenses") or [])
    added = [lic for lic in target if lic not in held]
    removed = [lic for lic in held if lic not in target]
    if any(is_calling_license(lic) for lic in added + removed):
        return None
    return [{"id": lic, "operation": "add"} for lic in added] + [{"id": lic, "operation": "remove"} for lic in removed]


def licenses_after(plan: PersonPlan, held_before: List[str]) -> List[str]:
    """What the person holds once the plan's license operations are applied."""
    operations = plan.api_body.get("licenses") or []
    removed = {op["id"] for op in operations if op["operation"] == "remove"}
    return [lic for lic in held_before if lic not in removed] + [op["id"] for op in operations if op["operation"] == "add"]


# --- rendered ---------------------------------------------------------------------------------------

def routed_requests(plan: PersonPlan, person_id: str, org: Optional[str]) -> List[Dict[str, Any]]:
    """The request a plan carried by SCIM or /licenses/users sends, as rendered and the plan file show it.

    A SCIM operation is shown as the request it stands for, with `bulk` naming the Bulk request that carries it.
    """
    if plan.api == LICENSES_API:
        return [{"method": "PATCH", "path": LICENSES_PATH, "body": plan.api_body}]
    base = scim_base_path(org or "(organisation uuid)")
    operation = bulk_operation(plan, person_id)
    call = {"method": operation["method"], "path": base + operation["path"], "bulk": "POST %s/Bulk" % base}
    if "data" in operation:
        call["body"] = operation["data"]
    return [call]
