"""People: the write rules of POST and PUT /people (validation, full replacement, calling licenses) and rendering."""
import re

from . import ids
from .errors import ApiError, bad_request, not_found
from .licensing import is_calling_license, licenses_with_seats
from .state import OrgStore, now_iso

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

STRING_FIELDS = ("extension", "locationId", "displayName", "firstName", "lastName", "nickName", "avatar",
                 "orgId", "department", "manager", "managerId", "title")
STRING_LIST_FIELDS = ("emails", "roles", "licenses", "siteUrls")
OBJECT_LIST_FIELDS = ("phoneNumbers", "addresses")
WRITABLE_FIELDS = STRING_FIELDS + STRING_LIST_FIELDS + OBJECT_LIST_FIELDS + ("loginEnabled",)

# Key order of a person as Webex sends it.
OUTPUT_ORDER = ("id", "emails", "phoneNumbers", "extension", "locationId", "displayName", "nickName", "firstName",
                "lastName", "avatar", "orgId", "roles", "licenses", "department", "manager", "managerId", "title",
                "addresses", "created", "lastModified", "timezone", "lastActivity", "siteUrls", "sipAddresses",
                "status", "invitePending", "loginEnabled", "type")
DETAIL_ONLY = ("roles", "licenses", "loginEnabled")
CALLING_ONLY = ("extension", "locationId")
STATUS_FIELDS = ("status", "lastActivity")


def _check_types(body: dict) -> None:
    """400 on a field of the wrong JSON type, as the real API rejects it."""
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    for key in STRING_FIELDS:
        if key in body and not isinstance(body[key], str):
            raise bad_request(f"Invalid value for '{key}': expected a string.")
    for key in STRING_LIST_FIELDS:
        if key in body and not (isinstance(body[key], list) and all(isinstance(v, str) for v in body[key])):
            raise bad_request(f"Invalid value for '{key}': expected a list of strings.")
    for key in OBJECT_LIST_FIELDS:
        if key in body and not (isinstance(body[key], list) and all(isinstance(v, dict) for v in body[key])):
            raise bad_request(f"Invalid value for '{key}': expected a list of objects.")
    if "loginEnabled" in body and not isinstance(body["loginEnabled"], bool):
        raise bad_request("Invalid value for 'loginEnabled': expected a boolean.")


def normalized_email(body: dict, required: bool):
    """The one email of a body, lower-cased, or None when absent and not required."""
    emails = body.get("emails")
    if not emails:
        if required:
            raise bad_request("emails is required and must hold one email address.")
        return None
    # The spec: the array leaves room for more, but only one address (the first) is used.
    email = emails[0].strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise bad_request(f"Invalid email address: {emails[0]}")
    return email


def check_references(store: OrgStore, fields: dict) -> None:
    """400 for license, role, location or org ids that do not exist in this org."""
    for license_id in fields.get("licenses", []):
        if license_id not in store.licenses:
            raise bad_request(f"License not recognized: {license_id}", error_code=400000)
    for role_id in fields.get("roles", []):
        if role_id not in store.roles:
            raise bad_request(f"Role not recognized: {role_id}")
    if fields.get("locationId") and fields["locationId"] not in store.locations:
        raise bad_request(f"Unable to find location: {fields['locationId']}")
    if fields.get("orgId") and fields["orgId"] != store.org["id"]:
        raise bad_request(f"Invalid orgId: {fields['orgId']}")


def check_calling_rules(store: OrgStore, fields: dict, existing: dict = None) -> None:
    """Calling licenses need a location and a number; a location needs a calling license and never moves."""
    calling = any(is_calling_license(store, lid) for lid in fields.get("licenses", []))
    location_id = fields.get("locationId")
    if location_id and not calling:
        raise bad_request("locationId can only be set when assigning a Webex Calling license.")
    if fields.get("extension") and not calling:
        raise bad_request("An extension can only be set for a person with a Webex Calling license.")
    if not calling:
        return
    if not location_id:
        raise bad_request("A Webex Calling license requires locationId in the same request.")
    has_work_number = any(p.get("type") == "work" and p.get("value") for p in fields.get("phoneNumbers", []))
    if not fields.get("extension") and not has_work_number:
        raise bad_request("A Webex Calling license requires an extension or a work phone number in the same request.")
    if existing and existing.get("locationId") and existing["locationId"] != location_id:
        raise bad_request("locationId cannot be changed for an existing Webex Calling user.")


def with_derived_numbers(fields: dict, existing: dict = None) -> None:
    """A work_extension entry is Webex's own (routing prefix and extension): a write neither sets nor removes it.

    It stays while the person keeps an extension.
    """
    sent = [number for number in fields.get("phoneNumbers", []) if number.get("type") != "work_extension"]
    derived = [number for number in (existing or {}).get("phoneNumbers", []) if number.get("type") == "work_extension"]
    numbers = sent + (derived if fields.get("extension") else [])
    if numbers:
        fields["phoneNumbers"] = numbers
    else:
        fields.pop("phoneNumbers", None)


def _writable_fields(body: dict) -> dict:
    """Only the writable fields of a body; read-only ones are ignored as Webex does."""
    fields = {key: body[key] for key in WRITABLE_FIELDS if key in body}
    for key in ("roles", "licenses", "siteUrls"):
        if key in fields:
            fields[key] = list(dict.fromkeys(fields[key]))  # Duplicates collapse, order kept.
    return {key: value for key, value in fields.items() if value != "" and value != []}


def create_person(store: OrgStore, body: dict) -> dict:
    """POST /people: validate, enforce uniqueness and seats, store. Caller holds the lock."""
    _check_types(body)
    email = normalized_email(body, required=True)
    if not any(body.get(key) for key in ("displayName", "firstName", "lastName")):
        raise bad_request("At least one of displayName, firstName or lastName is required.")
    fields = _writable_fields(body)
    fields["emails"] = [email]
    with_derived_numbers(fields)
    check_references(store, fields)
    if store.person_by_email(email):
        raise ApiError(409, f"User with email {email} already exists.")
    check_calling_rules(store, fields)
    fields["licenses"] = licenses_with_seats(store, fields.get("licenses", []), already_held=())
    if "displayName" not in fields:
        fields["displayName"] = " ".join(v for v in (fields.get("firstName"), fields.get("lastName")) if v)
    if "firstName" in fields and "nickName" not in fields:
        fields["nickName"] = fields["firstName"]
    stamp = now_iso()
    person = {"id": ids.new_id("PEOPLE"), **fields, "orgId": store.org["id"], "created": stamp,
              "lastModified": stamp, "status": "pending", "invitePending": True,
              "loginEnabled": fields.get("loginEnabled", True), "type": "person"}
    person.setdefault("roles", [])
    person.setdefault("licenses", [])
    store.add_person(person)
    return person


def replace_person(store: OrgStore, person_id: str, body: dict, show_all_types: bool = False) -> dict:
    """PUT /people/{id}: full replacement; omitted writable fields are cleared. Caller holds the lock.

    Attendee sites (`<site>#attendee`) are removed only with showAllTypes=true, as the spec says.
    """
    existing = store.people.get(person_id)
    if existing is None:
        raise not_found("Person not found.")
    _check_types(body)
    if not body.get("displayName"):
        raise bad_request("displayName is required.")
    email = normalized_email(body, required=False) or existing["emails"][0]
    fields = _writable_fields(body)
    fields["emails"] = [email]
    with_derived_numbers(fields, existing)
    if not show_all_types:
        kept = [site for site in existing.get("siteUrls", []) if is_attendee_site(site)
                and site not in fields.get("siteUrls", [])]
        if kept:
            fields["siteUrls"] = fields.get("siteUrls", []) + kept
    check_references(store, fields)
    holder = store.person_by_email(email)
    if holder and holder["id"] != person_id:
        raise ApiError(409, f"User with email {email} already exists.")
    check_calling_rules(store, fields, existing)
    fields["licenses"] = licenses_with_seats(store, fields.get("licenses", []), already_held=existing.get("licenses", []))
    if "nickName" not in fields and "firstName" in fields:
        fields["nickName"] = fields["firstName"]  # The documented overwrite of nickName by firstName.
    read_only = {key: existing[key] for key in ("id", "created", "status", "invitePending", "type", "_seq",
                                                "timezone", "lastActivity", "sipAddresses") if key in existing}
    person = {**read_only, **fields, "orgId": store.org["id"], "lastModified": now_iso(),
              "loginEnabled": fields.get("loginEnabled", True)}
    person.setdefault("roles", [])
    person.setdefault("licenses", [])
    store.reindex_person(existing, person)
    return person


def is_attendee_site(site_url: str) -> bool:
    """A site where the person is an attendee, not a host."""
    return site_url.endswith("#attendee")


def without_attendee_sites(answer: dict) -> dict:
    """A PUT answer without showAllTypes: attendee sites are not shown."""
    sites = [site for site in answer.get("siteUrls", []) if not is_attendee_site(site)]
    answer = {key: value for key, value in answer.items() if key != "siteUrls"}
    if sites:
        answer["siteUrls"] = sites
    return answer


def delete_person(store: OrgStore, person_id: str) -> None:
    """DELETE /people/{id}: 404 when already gone. Caller holds the lock."""
    if person_id not in store.people:
        raise not_found("Person not found.")
    store.remove_person(person_id)


def render_person(person: dict, detail: bool = True, calling_data: bool = False, exclude_status: bool = False) -> dict:
    """A person as the API returns it: no private keys, no empty values, list items without licenses/roles."""
    out = {}
    for key in OUTPUT_ORDER:
        if key not in person:
            continue
        if (not detail and key in DETAIL_ONLY) or (not calling_data and key in CALLING_ONLY):
            continue
        if exclude_status and key in STATUS_FIELDS:
            continue
        value = person[key]
        if value is None or ((value == [] or value == "") and key not in ("roles", "licenses")):
            continue
        out[key] = value
    return out


def full_person(person: dict) -> dict:
    """Every stored field of a person in API form (for the control state view)."""
    return render_person(person, detail=True, calling_data=True)
