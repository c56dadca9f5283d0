# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the org's people, their licenses and roles, read in a few list calls (not one per person)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set

from ansible_collections.webexops.identity.plugins.module_utils.person.bounded_pool import run_bounded
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient, decode_body
from ansible_collections.webexops.identity.plugins.module_utils.person.directory import Directory
from ansible_collections.webexops.identity.plugins.module_utils.person.calls import find_person
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import (
    CALLING_DATA,
    IN_HOLDER_LISTS,
    IN_LIST,
    PersonField,
)

# Webex caps a people page at 100 with callingData and at 1000 without.
PAGE_WITH_CALLING_DATA = 100
PAGE_WITHOUT_CALLING_DATA = 1000
# GET /licenses/{id} lists at most 300 holders a page.
HOLDERS_PAGE = 300
# No run decides anything by presence, and the spec says leaving it out makes the list faster.
NO_STATUS = {"excludeStatus": "true"}


@dataclass(frozen=True)
class SnapshotNeeds:
    """What a run must know besides the people list, so it asks for nothing more."""

    calling_data: bool = False  # extension and locationId on the list items
    licenses: bool = False  # who holds each license
    roles: bool = False  # who holds each role
    admins: bool = False  # who holds any role at all


@dataclass
class OrgSnapshot:
    """The org's people as list items, plus license and role holders where they were read."""

    people: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    ids_by_email: Dict[str, str] = field(default_factory=dict)
    licenses_by_person: Optional[Dict[str, List[str]]] = None
    roles_by_person: Optional[Dict[str, List[str]]] = None
    admin_ids: Set[str] = field(default_factory=set)
    record_ids: Set[str] = field(default_factory=set)  # people read as full records, not list items

    def record_of(self, listed: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
        """The person's full record when the read brought it, else None."""
        return listed if listed is not None and listed["id"] in self.record_ids else None

    def carries(self, field_: PersonField) -> bool:
        """Whether the lists read hold a field's value for everyone (else comparing it needs the full record)."""
        if field_.found_in == IN_HOLDER_LISTS:
            held = {"licenses": self.licenses_by_person, "roles": self.roles_by_person}.get(field_.option)
            return held is not None
        return field_.found_in == IN_LIST

    def find(self, person_id: Optional[str], email: Optional[str]) -> Optional[Dict[str, Any]]:
        """The list item for an id, else for an email; None when nobody matches."""
        if person_id:
            return self.people.get(person_id)
        found = self.ids_by_email.get((email or "").lower())
        return self.people.get(found) if found else None

    def current(self, person_id: str) -> Dict[str, Any]:
        """A person's record as far as the lists tell: the list item plus licenses and roles where read.

        loginEnabled is never in it (no list carries it): a write must start from the full record.
        """
        record = dict(self.people[person_id])
        if self.licenses_by_person is not None:
            record["licenses"] = self.licenses_by_person.get(person_id, [])
        if self.roles_by_person is not None:
            record["roles"] = self.roles_by_person.get(person_id, [])
        return record

    def email_of(self, person_id: str) -> Optional[str]:
        emails = self.people.get(person_id, {}).get("emails") or []
        return emails[0].lower() if emails else None


def list_people(client: WebexClient, calling_data: bool) -> List[Dict[str, Any]]:
    """Every person of the org, in the largest pages Webex allows for the data asked."""
    if calling_data:
        return client.list_items("/people", dict(CALLING_DATA, max=PAGE_WITH_CALLING_DATA, **NO_STATUS))
    return client.list_items("/people", dict(NO_STATUS, max=PAGE_WITHOUT_CALLING_DATA))


def license_holders(client: WebexClient, license_id: str) -> List[str]:
    """The ids of the people holding a license, from GET /licenses/{id}?includeAssignedTo=user, following Link pages."""
    response = client.send("GET", "/licenses/%s" % license_id, params={"includeAssignedTo": "user", "limit": HOLDERS_PAGE})
    holders: List[str] = []
    while True:
        body = decode_body(response) or {}
        holders.extend(user["id"] for user in body.get("users") or [] if user.get("id"))
        next_url = response.links.get("next", {}).get("url")
        if not next_url:
            return holders
        response = client.send("GET", next_url)


def role_holders(client: WebexClient, role_ids: List[str]) -> List[str]:
    """The ids of the people holding any of these roles."""
    items = client.list_items("/people", dict(NO_STATUS, roles=",".join(role_ids), max=PAGE_WITHOUT_CALLING_DATA))
    return [item["id"] for item in items]


def read_snapshot(client: WebexClient, directory: Directory, needs: SnapshotNeeds, parallel: int) -> OrgSnapshot:
    """Read the people list and what `needs` asks for, the independent reads side by side."""
    reads: Dict[str, Callable[[], List[Any]]] = {"people": lambda: list_people(client, needs.calling_data)}
    if needs.licenses:
        for lic in directory.licenses():
            if lic.get("consumedUnits") != 0:  # nobody to list: save the call
                reads["license:" + lic["id"]] = lambda lid=lic["id"]: license_holders(client, lid)
    role_ids = [role["id"] for role in directory.roles()] if needs.roles or needs.admins else []
    if needs.roles:
        for role_id in role_ids:
            reads["role:" + role_id] = lambda rid=role_id: role_holders(client, [rid])
    elif needs.admins and role_ids:
        reads["admins"] = lambda: role_holders(client, role_ids)

    names = list(reads)
    outcomes = run_bounded(lambda name: reads[name](), names, parallel)
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    answers = {outcome.item: outcome.answer for outcome in outcomes}
    return build_snapshot(answers, needs)


def read_one_person(client: WebexClient, person_id: Optional[str], email: Optional[str], full: bool) -> OrgSnapshot:
    """One person instead of the org: by id (the full record), else one email look-up (and the full record if `full`)."""
    snapshot = OrgSnapshot()
    found = find_person(client, person_id, email, full=full or bool(person_id))
    if found is not None:
        snapshot.people[found["id"]] = found
        for address in found.get("emails") or []:
            snapshot.ids_by_email[address.lower()] = found["id"]
        if full or person_id:
            snapshot.record_ids.add(found["id"])
    return snapshot


def build_snapshot(answers: Dict[str, List[Any]], needs: SnapshotNeeds) -> OrgSnapshot:
    """Index the list answers by person (pure, so it is tested without a server)."""
    snapshot = OrgSnapshot()
    for item in answers["people"]:
        snapshot.people[item["id"]] = item
        for email in item.get("emails") or []:
            snapshot.ids_by_email[email.lower()] = item["id"]
    if needs.licenses:
        snapshot.licenses_by_person = holdings(answers, "license:")
    if needs.roles:
        snapshot.roles_by_person = holdings(answers, "role:")
        snapshot.admin_ids = set(snapshot.roles_by_person)
    elif needs.admins:
        snapshot.admin_ids = set(answers.get("admins") or [])
    return snapshot


def holdings(answers: Dict[str, List[Any]], prefix: str) -> Dict[str, List[str]]:
    """person id -> the object ids they hold, from answers keyed "<prefix><object id>"."""
    held: Dict[str, List[str]] = {}
    for name, person_ids in answers.items():
        if name.startswith(prefix):
            for person_id in person_ids:
                held.setdefault(person_id, []).append(name[len(prefix):])
    return held
