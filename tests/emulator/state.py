"""The org store: every object of one Webex organization, held in memory behind one lock."""
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

    def next_seq(self) -> int:
        """Monotonic creation number: the stable order that paging cursors rely on."""
        return next(self._seq)

    def add_person(self, person: dict) -> None:
        """Insert a person record and index its email and licenses."""
        person["_seq"] = self.next_seq()
        self.people[person["id"]] = person
        self.email_index[person["emails"][0]] = person["id"]
        for license_id in person.get("licenses", []):
            self.license_holders.setdefault(license_id, set()).add(person["id"])

    def remove_person(self, person_id: str) -> dict:
        """Delete a person, freeing their email and license seats."""
        person = self.people.pop(person_id)
        self.email_index.pop(person["emails"][0], None)
        for license_id in person.get("licenses", []):
            self.license_holders.get(license_id, set()).discard(person_id)
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
            self.license_holders.get(license_id, set()).discard(old["id"])
        for license_id in new.get("licenses", []):
            self.license_holders.setdefault(license_id, set()).add(new["id"])
        new["_seq"] = old["_seq"]
        self.people[new["id"]] = new

    def consumed(self, license_id: str) -> int:
        """Seats of a license in use."""
        return len(self.license_holders.get(license_id, ()))

    def person_by_email(self, email: str):
        """The person holding this email (any case), or None."""
        person_id = self.email_index.get(email.lower())
        return self.people.get(person_id) if person_id else None
