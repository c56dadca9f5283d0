"""The org store: every object of one Webex organization, held in memory behind one lock."""
import bisect
import itertools
import threading
from datetime import datetime, timezone

from .ids import decode_id


def now_iso() -> str:
    """Timestamp in the form Webex uses (UTC, milliseconds, Z)."""
    moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class OrgStore:
    """People, licenses, roles, locations, guests, tokens and integrations of one org."""

    def __init__(self):
        # One re-entrant lock: handlers run in many threads and a write touches several indexes.
        self.lock = threading.RLock()
        self.org = {}
        self.people = {}            # person id -> person record (API keys plus "_seq")
        self.email_index = {}       # lower-case email -> person id
        self.licenses = {}          # license id -> license record
        self.license_holders = {}   # license id -> set of person ids (consumption and includeAssignedTo)
        self.roles = {}             # role id -> {id, name}
        self.locations = {}         # location id -> location record
        self.guests = {}            # subject -> guest record (no tokens)
        self.tokens = {}            # access token -> {person_id, scopes, expires_at, minted, guest_subject}
        self.integrations = {}      # client_id -> integration record
        self.refresh_tokens = {}    # refresh token -> client_id
        self.groups = {}            # SCIM group id (uuid) -> {id, displayName, externalId, members[{value, type}], ...}
        self.customers = {}         # org id -> OrgStore of a customer organisation that partner admins here manage
        self._seq = itertools.count(1)
        self._seqs = None           # the people's _seq in dict (creation) order; None after an add or a removal
        self._holders_changes = 0   # bumped on every change of license_holders: the sorted orders below go stale
        self._holders_order = {}    # license id -> (changes when sorted, holder ids in creation order)

    def next_seq(self) -> int:
        """Monotonic creation number: the stable order that paging cursors rely on."""
        return next(self._seq)

    def add_person(self, person: dict) -> None:
        """Insert a person record and index its email and licenses."""
        person["_seq"] = self.next_seq()
        self.people[person["id"]] = person
        self._seqs = None
        self.email_index[person["emails"][0]] = person["id"]
        for license_id in person.get("licenses", []):
            self.hold_license(license_id, person["id"])

    def remove_person(self, person_id: str) -> dict:
        """Delete a person, freeing their email and license seats."""
        person = self.people.pop(person_id)
        self._seqs = None
        self.email_index.pop(person["emails"][0], None)
        for license_id in person.get("licenses", []):
            self.release_license(license_id, person_id)
        self._leave_groups(person_id)
        return person

    def _leave_groups(self, person_id: str) -> None:
        """A deleted person is no member of any group (members are SCIM ids: the uuid inside the person id)."""
        user_id = decode_id(person_id)[1]
        for group in self.groups.values():
            group["members"] = [m for m in group["members"] if m["value"] != user_id]

    def reindex_person(self, old: dict, new: dict) -> None:
        """Move the email and license indexes from a person's old record to the new one."""
        self.email_index.pop(old["emails"][0], None)
        self.email_index[new["emails"][0]] = new["id"]
        for license_id in old.get("licenses", []):
            self.release_license(license_id, old["id"])
        for license_id in new.get("licenses", []):
            self.hold_license(license_id, new["id"])
        new["_seq"] = old["_seq"]
        self.people[new["id"]] = new

    def people_after(self, seq: int):
        """The people created after the one numbered seq, oldest first: where a list page resumes, found by bisection.

        The dict keeps creation order: people are added with a rising _seq and a rewrite keeps its key's place.
        """
        if self._seqs is None:
            self._seqs = [person["_seq"] for person in self.people.values()]
        start = bisect.bisect_right(self._seqs, seq)
        return itertools.islice(self.people.values(), start, None)

    def hold_license(self, license_id: str, person_id: str) -> None:
        """Count a seat of a license as this person's."""
        self.license_holders.setdefault(license_id, set()).add(person_id)
        self._holders_changes += 1

    def release_license(self, license_id: str, person_id: str) -> None:
        """Free this person's seat of a license (nothing when they held none)."""
        self.license_holders.get(license_id, set()).discard(person_id)
        self._holders_changes += 1

    def holders_in_creation_order(self, license_id: str) -> list:
        """The ids of a license's holders, oldest person first; sorted once per change, not once per page."""
        changes, order = self._holders_order.get(license_id, (None, None))
        if changes != self._holders_changes:
            held = (self.people[pid] for pid in self.license_holders.get(license_id, ()) if pid in self.people)
            order = [person["id"] for person in sorted(held, key=lambda person: person["_seq"])]
            self._holders_order[license_id] = (self._holders_changes, order)
        return order

    def consumed(self, license_id: str) -> int:
        """Seats of a license in use."""
        return len(self.license_holders.get(license_id, ()))

    def person_by_email(self, email: str):
        """The person holding this email (any case), or None."""
        person_id = self.email_index.get(email.lower())
        return self.people.get(person_id) if person_id else None
