"""Seed data: a YAML or JSON description of an org, by names, turned into a fresh OrgStore."""
import json

import yaml

from . import ids
from .auth import add_token
from .state import OrgStore, now_iso

# Seed files use snake_case; these person keys map onto the API's camelCase.
PERSON_KEYS = {"emails": "emails", "display_name": "displayName", "first_name": "firstName", "last_name": "lastName",
               "nick_name": "nickName", "avatar": "avatar", "department": "department", "manager": "manager",
               "title": "title", "extension": "extension", "phone_numbers": "phoneNumbers", "addresses": "addresses",
               "site_urls": "siteUrls", "login_enabled": "loginEnabled", "status": "status", "timezone": "timezone"}
LOCATION_KEYS = {"address": "address", "time_zone": "timeZone", "preferred_language": "preferredLanguage",
                 "latitude": "latitude", "longitude": "longitude", "notes": "notes"}


class SeedError(ValueError):
    """The seed data is malformed or names something it does not define."""


def parse_seed_text(text: str) -> dict:
    """YAML (a superset of JSON) text to a seed dict."""
    data = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(data, dict):
        raise SeedError("seed data must be a mapping")
    return data


def load_seed_file(path: str) -> dict:
    """Read a seed file."""
    with open(path, encoding="utf-8") as handle:
        return parse_seed_text(handle.read())


def _license_ref(store: OrgStore, ref) -> str:
    """A license named in a seed: its name, 'name|subscription', or {name, subscription_id}."""
    if isinstance(ref, dict):
        name, sub = ref["name"], ref.get("subscription_id")
    else:
        name, _bar, sub = str(ref).partition("|")
    matches = [lic for lic in store.licenses.values()
               if lic["name"] == name and (not sub or lic.get("subscriptionId") == sub)]
    if len(matches) != 1:
        raise SeedError(f"license {ref!r} matches {len(matches)} licenses; name one by 'name|subscription_id'")
    return matches[0]["id"]


def _by_name(table: dict, name: str, what: str) -> str:
    for item in table.values():
        if item["name"] == name:
            return item["id"]
    raise SeedError(f"unknown {what} {name!r}")


def _load_catalog(store: OrgStore, data: dict) -> None:
    """Org, licenses, roles and locations."""
    org_name = (data.get("org") or {}).get("name", ids.DEFAULT_ORG_NAME)
    store.org = {"id": ids.org_seed_id(org_name), "displayName": org_name}
    for lic in data.get("licenses") or []:
        license_id = ids.license_seed_id(lic["name"], lic.get("subscription_id", ""), org_name)
        store.licenses[license_id] = {"id": license_id, "name": lic["name"], "totalUnits": int(lic["total_units"]),
                                      "subscriptionId": lic.get("subscription_id", ""),
                                      "siteUrl": lic.get("site_url", ""), "siteType": lic.get("site_type", "")}
    for role in data.get("roles") or []:
        role_id = ids.role_seed_id(role["name"])
        store.roles[role_id] = {"id": role_id, "name": role["name"]}
    for loc in data.get("locations") or []:
        location_id = ids.location_seed_id(loc["name"], org_name)
        record = {"id": location_id, "name": loc["name"], "orgId": store.org["id"]}
        record.update({api: loc[key] for key, api in LOCATION_KEYS.items() if key in loc})
        store.locations[location_id] = record


def _seed_person(store: OrgStore, entry: dict, stamp: str) -> dict:
    """One seeded person, trusted as written (no seat or calling checks)."""
    email = entry["emails"][0].lower()
    person = {"id": ids.person_seed_id(email)}
    person.update({api: entry[key] for key, api in PERSON_KEYS.items() if key in entry})
    person["emails"] = [email]
    person.setdefault("displayName", " ".join(v for v in (entry.get("first_name"), entry.get("last_name")) if v))
    if "firstName" in person:
        person.setdefault("nickName", person["firstName"])
    if entry.get("location"):
        person["locationId"] = _by_name(store.locations, entry["location"], "location")
    person["roles"] = [_by_name(store.roles, name, "role") for name in entry.get("roles") or []]
    person["licenses"] = [_license_ref(store, ref) for ref in entry.get("licenses") or []]
    person.update({"orgId": store.org["id"], "created": stamp, "lastModified": stamp, "type": "person"})
    person.setdefault("status", "active")
    person.setdefault("loginEnabled", True)
    person["invitePending"] = False
    return person


def _generated_people(spec: dict):
    """Bulk people from a pattern, so a 10,000-person org needs no 10,000-line file."""
    email_format = spec.get("email_format", "user{n:05d}@bulk.example.com")
    name_format = spec.get("display_name_format", "Bulk User {n:05d}")
    for n in range(int(spec.get("start", 1)), int(spec.get("start", 1)) + int(spec["count"])):
        yield {"emails": [email_format.format(n=n)], "display_name": name_format.format(n=n),
               "first_name": "Bulk", "last_name": f"User {n:05d}", "licenses": spec.get("licenses") or [],
               "roles": spec.get("roles") or []}


def _load_people(store: OrgStore, data: dict) -> None:
    stamp = now_iso()
    entries = list(data.get("people") or [])
    if data.get("generated_people"):
        entries.extend(_generated_people(data["generated_people"]))
    for entry in entries:
        person = _seed_person(store, entry, stamp)
        if person["emails"][0] in store.email_index:
            raise SeedError(f"duplicate email {person['emails'][0]}")
        store.add_person(person)


def _load_groups(store: OrgStore, data: dict) -> None:
    """SCIM groups by display name, members by email; ids from ids.group_seed_id."""
    stamp = now_iso()
    seen = {}
    for entry in data.get("groups") or []:
        name = entry["display_name"]
        occurrence = seen[name] = seen.get(name, -1) + 1
        members = []
        for email in entry.get("members") or []:
            person = store.person_by_email(email)
            if person is None:
                raise SeedError(f"group {name!r} names unknown member {email}")
            members.append({"value": ids.decode_id(person["id"])[1], "type": "user"})
        group = {"id": ids.group_seed_id(name, store.org["displayName"], occurrence), "displayName": name,
                 "members": members, "created": stamp, "lastModified": stamp, "_seq": store.next_seq()}
        if entry.get("external_id"):
            group["externalId"] = entry["external_id"]
        store.groups[group["id"]] = group


def _load_customers(store: OrgStore, data: dict) -> None:
    """Customer organisations: each its own people, licenses and locations; the roles are the partner's (global)."""
    for entry in data.get("customer_orgs") or []:
        customer = OrgStore()
        _load_catalog(customer, {**entry, "roles": data.get("roles") or []})
        _load_people(customer, entry)
        _load_groups(customer, entry)
        if customer.org["id"] in store.customers or customer.org["id"] == store.org["id"]:
            raise SeedError(f"duplicate organisation {customer.org['displayName']!r}")
        store.customers[customer.org["id"]] = customer


def _managed_org_ids(store: OrgStore, names) -> list:
    """The ids of the customer organisations a token's `manages` names."""
    by_name = {customer.org["displayName"]: org_id for org_id, customer in store.customers.items()}
    unknown = [name for name in names or [] if name not in by_name]
    if unknown:
        raise SeedError(f"a token manages unknown customer organisations {unknown}")
    return [by_name[name] for name in names or []]


def _load_credentials(store: OrgStore, data: dict) -> None:
    """Fixed access tokens and OAuth integrations."""
    for entry in data.get("tokens") or []:
        person_id = store.person_by_email(entry["person"])["id"] if entry.get("person") else None
        add_token(store, entry["token"], entry.get("scopes") or [], person_id, entry.get("lifetime"),
                  manages=_managed_org_ids(store, entry.get("manages")))
    for entry in data.get("integrations") or []:
        person = store.person_by_email(entry["person"]) if entry.get("person") else None
        store.integrations[entry["client_id"]] = {
            "client_id": entry["client_id"], "client_secret": entry["client_secret"],
            "scopes": list(entry.get("scopes") or []), "person_id": person["id"] if person else None,
            "access_token_lifetime": float(entry.get("access_token_lifetime", 3600)),
            "access_token_uses": int(entry.get("access_token_uses") or 0),
            "rotate_refresh_token": bool(entry.get("rotate_refresh_token", False))}
        store.refresh_tokens[entry["refresh_token"]] = entry["client_id"]


def build_store(data: dict) -> OrgStore:
    """A fresh OrgStore holding exactly what the seed describes."""
    store = OrgStore()
    try:
        _load_catalog(store, data)
        _load_people(store, data)
        _load_groups(store, data)
        _load_customers(store, data)
        _load_credentials(store, data)
    except (KeyError, TypeError, AttributeError) as error:
        raise SeedError(f"malformed seed data: {error!r}") from error
    return store


def seed_from_json_or_yaml(raw: bytes) -> dict:
    """A control endpoint body (JSON or YAML) to seed data."""
    text = raw.decode("utf-8")
    try:
        data = json.loads(text)
    except ValueError:
        return parse_seed_text(text)
    if not isinstance(data, dict):
        raise SeedError("seed data must be a mapping")
    return data
