"""Licenses: seat counting and the holders list of GET /licenses/{id} (PATCH /licenses/users: user_licenses.py)."""
from .state import OrgStore

CALLING_PREFIX = "Webex Calling"


def is_calling_license(store: OrgStore, license_id: str) -> bool:
    """Calling licenses carry the location and number rules."""
    lic = store.licenses.get(license_id)
    return bool(lic) and lic["name"].startswith(CALLING_PREFIX)


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


def license_users(store: OrgStore, license_id: str, offset: int = 0, limit: int = None):
    """Holders of a license as {id, type, displayName, email}, in creation order: the page from offset, and how many
    hold it in all (only the page is rendered, so a page costs the same at any org size)."""
    order = store.holders_in_creation_order(license_id)
    page = order[offset:] if limit is None else order[offset:offset + limit]
    return [_license_user(store.people[pid]) for pid in page], len(order)


def _license_user(person: dict) -> dict:
    return {"id": person["id"], "type": "INTERNAL", "displayName": person.get("displayName", ""),
            "email": person["emails"][0]}
