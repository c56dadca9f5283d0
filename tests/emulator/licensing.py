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


def license_users(store: OrgStore, license_id: str):
    """Holders of a license as {id, type, displayName, email}, in creation order."""
    holders = sorted((store.people[pid] for pid in store.license_holders.get(license_id, ()) if pid in store.people),
                     key=lambda p: p["_seq"])
    return [{"id": p["id"], "type": "INTERNAL", "displayName": p.get("displayName", ""), "email": p["emails"][0]}
            for p in holders]
