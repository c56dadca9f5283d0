"""Licenses: seat counting, the holders list of GET /licenses/{id}, and PATCH /licenses/users."""
from .errors import bad_request, not_found
from .state import OrgStore, now_iso

CALLING_PREFIX = "Webex Calling"


def is_calling_license(store: OrgStore, license_id: str) -> bool:
    """Calling licenses carry the location and number rules."""
    lic = store.licenses.get(license_id)
    return bool(lic) and lic["name"].startswith(CALLING_PREFIX)


def check_seats(store: OrgStore, wanted, already_held) -> None:
    """400 like Webex when a newly assigned license has no seat left."""
    for license_id in wanted:
        if license_id in already_held:
            continue
        lic = store.licenses[license_id]
        if store.consumed(license_id) >= lic["totalUnits"]:
            raise bad_request(f"Failed to assign license {lic['name']} ({license_id}): not enough licenses "
                              f"available ({lic['totalUnits']} total, all consumed).", error_code=400100)


def licenses_with_seats(store: OrgStore, wanted, already_held) -> list:
    """The licenses of a POST or PUT that get a seat: the spec says Webex assigns those and skips the others."""
    return [license_id for license_id in wanted
            if license_id in already_held or store.consumed(license_id) < store.licenses[license_id]["totalUnits"]]


def render_license(store: OrgStore, lic: dict) -> dict:
    """A license with its live consumption."""
    used = store.consumed(lic["id"])
    out = {"id": lic["id"], "name": lic["name"], "totalUnits": lic["totalUnits"], "consumedUnits": used,
           "consumedByUsers": used, "consumedByWorkspaces": 0}
    for key in ("subscriptionId", "siteUrl", "siteType"):
        if lic.get(key):
            out[key] = lic[key]
    return out


def license_users(store: OrgStore, license_id: str):
    """Holders of a license as {id, type, displayName, email}, in creation order."""
    holders = sorted((store.people[pid] for pid in store.license_holders.get(license_id, ()) if pid in store.people),
                     key=lambda p: p["_seq"])
    return [{"id": p["id"], "type": "INTERNAL", "displayName": p.get("displayName", ""), "email": p["emails"][0]}
            for p in holders]


def _find_target(store: OrgStore, body: dict) -> dict:
    """The person a PATCH /licenses/users body names, by personId or email."""
    if not isinstance(body, dict) or not (body.get("personId") or body.get("email")):
        raise bad_request("Either email or personId is required.")
    person = store.people.get(body["personId"]) if body.get("personId") else store.person_by_email(body["email"])
    if person is None:
        raise not_found("User not found.")
    return person


def _apply_add(store: OrgStore, person: dict, license_id: str, properties: dict) -> None:
    """Add one license to a person, with the calling rules on the request's properties."""
    if license_id not in store.licenses:
        raise bad_request(f"License not recognized: {license_id}")
    if license_id in person["licenses"]:
        return
    if is_calling_license(store, license_id):
        location_id = properties.get("locationId") or person.get("locationId")
        if not location_id or location_id not in store.locations:
            raise bad_request("Unable to find location.")
        if person.get("locationId") and person["locationId"] != location_id:
            raise bad_request("locationId cannot be changed for an existing Webex Calling user.")
        if not (properties.get("extension") or properties.get("phoneNumber") or person.get("extension")):
            raise bad_request("A Webex Calling license requires an extension or a phone number.")
        person["locationId"] = location_id
        if properties.get("extension"):
            person["extension"] = properties["extension"]
        if properties.get("phoneNumber"):
            person["phoneNumbers"] = person.get("phoneNumbers", []) + [
                {"type": "work", "value": properties["phoneNumber"], "primary": True}]
    check_seats(store, [license_id], already_held=())
    person["licenses"].append(license_id)
    store.license_holders.setdefault(license_id, set()).add(person["id"])


def _apply_remove(store: OrgStore, person: dict, license_id: str) -> None:
    """Remove one license from a person, freeing its seat."""
    if license_id not in person["licenses"]:
        return
    person["licenses"].remove(license_id)
    store.license_holders.get(license_id, set()).discard(person["id"])


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


def _site_response(person: dict):
    """siteUrls of a person in the UserLicensesResponse form."""
    out = []
    for value in person.get("siteUrls", []):
        site, _hash, account = value.partition("#")
        out.append({"siteUrl": site, "accountType": account if account in ("attendee", "host") else "host"})
    return out


def patch_user_licenses(store: OrgStore, body: dict):
    """PATCH /licenses/users: returns (status, body); 206 when only part applied, 400 when none did."""
    person = _find_target(store, body)
    requests = body.get("licenses") or []
    failures = []
    for item in requests:
        license_id = item.get("id") if isinstance(item, dict) else None
        try:
            if not license_id:
                raise bad_request("Each license needs an id.")
            if item.get("operation", "add") == "remove":
                _apply_remove(store, person, license_id)
            else:
                _apply_add(store, person, license_id, item.get("properties") or {})
        except Exception as error:  # Each license stands alone: collect failures, keep going.
            failures.append(error)
    _apply_site_urls(person, body.get("siteUrls"))
    if failures and len(failures) == len(requests):
        raise failures[0]
    person["lastModified"] = now_iso()
    answer = {"orgId": store.org["id"], "personId": person["id"], "email": person["emails"][0],
              "licenses": list(person["licenses"]), "siteUrls": _site_response(person)}
    return (206 if failures else 200), answer
