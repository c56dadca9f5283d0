"""PATCH /licenses/users: add and remove one person's licenses by the seat and calling rules of a People API write."""
from .errors import ApiError, bad_request, not_found
from .licensing import is_calling_license, licenses_with_seats
from .people import check_calling_rules, check_references, with_derived_numbers
from .state import OrgStore, now_iso

OPERATIONS = ("add", "remove")


def _find_target(store: OrgStore, body: dict) -> dict:
    """The person a PATCH /licenses/users body names, by personId or email."""
    if not isinstance(body, dict) or not (body.get("personId") or body.get("email")):
        raise bad_request("Either email or personId is required.")
    person = store.people.get(body["personId"]) if body.get("personId") else store.person_by_email(body["email"])
    if person is None:
        raise not_found("User not found.")
    return person


def _calling_fields(person: dict, license_id: str, properties: dict) -> dict:
    """The person's licenses and calling fields as they would be with this calling license and its properties."""
    phone = properties.get("phoneNumber")
    numbers = person.get("phoneNumbers", []) + ([{"type": "work", "value": phone, "primary": True}] if phone else [])
    return {"licenses": person["licenses"] + [license_id], "phoneNumbers": numbers,
            "locationId": properties.get("locationId") or person.get("locationId"),
            "extension": properties.get("extension") or person.get("extension")}


def _hold(store: OrgStore, person: dict, license_id: str) -> None:
    person["licenses"].append(license_id)
    store.hold_license(license_id, person["id"])


def _add(store: OrgStore, person: dict, license_id: str, properties: dict) -> bool:
    """Add one license; False when it has no free seat: skipped, as a People API POST or PUT skips it."""
    if license_id in person["licenses"]:
        return True
    check_references(store, {"licenses": [license_id]})
    fields = None
    if is_calling_license(store, license_id):
        fields = _calling_fields(person, license_id, properties)
        check_references(store, fields)
        check_calling_rules(store, fields, existing=person)
    if not licenses_with_seats(store, [license_id], already_held=()):
        return False
    if fields:
        person.update({key: fields[key] for key in ("locationId", "extension", "phoneNumbers") if fields[key]})
    _hold(store, person, license_id)
    return True


def _remove(store: OrgStore, person: dict, license_id: str) -> None:
    """Remove one license, freeing its seat; calling location and extension leave with the last calling license."""
    if license_id not in person["licenses"]:
        return
    person["licenses"].remove(license_id)
    store.release_license(license_id, person["id"])
    if not any(is_calling_license(store, held) for held in person["licenses"]):
        person.pop("locationId", None)
        person.pop("extension", None)
        with_derived_numbers(person, person)


def _apply_site_urls(person: dict, site_urls) -> None:
    """Attendee site urls live in the person's siteUrls as '<site>#attendee'."""
    for entry in site_urls or []:
        value = f"{entry.get('siteUrl')}#{entry.get('accountType', 'attendee')}"
        current = person.setdefault("siteUrls", [])
        if entry.get("operation", "add") == "remove":
            if value in current:
                current.remove(value)
        elif value not in current:
            current.append(value)


def _site_response(person: dict) -> list:
    """siteUrls of a person in the UserLicensesResponse form."""
    out = []
    for value in person.get("siteUrls", []):
        site, _hash, account = value.partition("#")
        out.append({"siteUrl": site, "accountType": account if account in ("attendee", "host") else "host"})
    return out


def _apply_license(store: OrgStore, person: dict, item) -> bool:
    """One entry of `licenses`: whether it applied (False: skipped for want of a seat); 400 when it cannot."""
    license_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(license_id, str) or not license_id:
        raise bad_request("Each license needs an id.")
    operation = item.get("operation", "add")
    if operation not in OPERATIONS:
        raise bad_request(f"The operation of license {license_id} must be add or remove, not {operation!r}.")
    if operation == "remove":
        _remove(store, person, license_id)
        return True
    return _add(store, person, license_id, item.get("properties") or {})


def patch_user_licenses(store: OrgStore, body: dict):
    """PATCH /licenses/users: (status, body); 200 when every license applied, 206 when one was skipped or failed,
    400 when every one failed (a seat-less license is skipped, never a 400)."""
    person = _find_target(store, body)
    requests = body.get("licenses") or []
    if not isinstance(requests, list):
        raise bad_request("licenses must be a list.")
    failures, skipped = [], 0
    for item in requests:  # Each license stands alone, in order: a remove frees a seat for a later add.
        try:
            skipped += not _apply_license(store, person, item)
        except ApiError as error:
            failures.append(error)
    if failures and len(failures) == len(requests):
        raise failures[0]
    _apply_site_urls(person, body.get("siteUrls"))
    person["lastModified"] = now_iso()
    answer = {"orgId": store.org["id"], "personId": person["id"], "email": person["emails"][0],
              "licenses": list(person["licenses"]), "siteUrls": _site_response(person)}
    return (206 if failures or skipped else 200), answer
