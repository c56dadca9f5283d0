# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: licenses, roles, locations and people by name or email, resolved once per run."""

from __future__ import annotations

import base64
import binascii
import difflib
import threading
from typing import Any, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange, PersonField
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput

# The resource word inside a decoded Webex id, per lookup kind.
ID_RESOURCES = {"license": "LICENSE", "role": "ROLE", "location": "LOCATION", "person": "PEOPLE"}


def decoded_id(value: str) -> str:
    """The ciscospark:// URI inside a Webex id, or "" when the value is not one."""
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
    return text if text.startswith("ciscospark://") else ""


def is_webex_id(value: str, kind: str) -> bool:
    """Whether a value is a Webex id of this kind, rather than a name or an email."""
    parts = decoded_id(value).split("/")
    return len(parts) >= 5 and parts[3] == ID_RESOURCES[kind]


class Directory:
    """Looks names up in Webex once per run and remembers the answers (thread-safe for bulk runs)."""

    def __init__(self, client: WebexClient) -> None:
        self.client = client
        self._lists: Dict[str, List[Dict[str, Any]]] = {}
        self._people_by_email: Dict[str, Optional[str]] = {}
        self._names: Dict[str, str] = {}
        self._resolved: Dict[Tuple[str, str], str] = {}  # (kind, name or id) -> id: 20,000 people name few objects
        self._lock = threading.Lock()

    # --- whole lists ------------------------------------------------------------------------------

    def licenses(self) -> List[Dict[str, Any]]:
        return self._list("license", "/licenses")

    def roles(self) -> List[Dict[str, Any]]:
        return self._list("role", "/roles")

    def locations(self) -> List[Dict[str, Any]]:
        return self._list("location", "/locations", {"max": 500})

    def _list(self, kind: str, path: str, params: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        with self._lock:
            if kind not in self._lists:
                items = self.client.list_items(path, params)
                self._lists[kind] = items
                self._names.update({item["id"]: item.get("name", item["id"]) for item in items})
            return self._lists[kind]

    # --- one name ---------------------------------------------------------------------------------

    def resolve(self, kind: str, value: str, option: str) -> str:
        """The id for a name (or email, for people); an id is returned as it is, without a call."""
        value = str(value).strip()
        known = self._resolved.get((kind, value))
        if known is None:
            known = self._resolved[(kind, value)] = self._look_up(kind, value, option)
        return known

    def _look_up(self, kind: str, value: str, option: str) -> str:
        """resolve, without the memory: an id as it is, a person by email, else the one object of that name."""
        if is_webex_id(value, kind):
            return value
        if kind == "person":
            return self.person_id_by_email(value, option)
        items = {"license": self.licenses, "role": self.roles, "location": self.locations}[kind]()
        return self._match_name(kind, value, option, items)

    def _match_name(self, kind: str, name: str, option: str, items: List[Dict[str, Any]]) -> str:
        matches = [item for item in items if str(item.get("name", "")).lower() == name.lower()]
        if len(matches) == 1:
            return matches[0]["id"]
        if matches:
            listed = "; ".join(describe(kind, item) for item in matches)
            raise InvalidInput("%s: %d %ss are named %r; give the id of the one you mean: %s." % (option, len(matches), kind, name, listed))
        names = sorted({str(item.get("name", "")) for item in items})
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = "did you mean %s?" % " or ".join(repr(c) for c in close) if close else "known %ss: %s." % (kind, ", ".join(names[:15]) or "none")
        raise InvalidInput("%s: no %s is named %r; %s" % (option, kind, name, hint))

    def person_id_by_email(self, email: str, option: str) -> str:
        key = email.lower()
        if key not in self._people_by_email:
            items = self.client.get("/people", {"email": key}).get("items") or []
            self._people_by_email[key] = items[0]["id"] if items else None
            if items:
                self._names[items[0]["id"]] = key
        person_id = self._people_by_email[key]
        if not person_id:
            raise InvalidInput("%s: nobody in the org has the email %s." % (option, email))
        return person_id

    def resolve_change(self, field_: PersonField, value: Any) -> Any:
        """A field's desired value with names turned into ids (lists keep their add/remove/set form)."""
        if not field_.lookup:
            return value
        if isinstance(value, ListChange):
            return value.mapped(lambda item: self.resolve(field_.lookup, item, field_.option))
        return self.resolve(field_.lookup, value, field_.option)

    def resolve_desired(self, desired: Dict[str, Any], fields: Dict[str, PersonField]) -> Dict[str, Any]:
        return {option: self.resolve_change(fields[option], value) for option, value in desired.items()}

    def is_calling_license(self, license_id: str) -> bool:
        """Whether a license is a Webex Calling one (its name says so), which a calling location needs."""
        return any(item["id"] == license_id and str(item.get("name", "")).startswith("Webex Calling") for item in self.licenses())

    def name_of(self, field_: PersonField, object_id: str) -> str:
        """A name for the diff, where this run has looked the object up; the id otherwise."""
        return self._names.get(object_id, object_id)


def describe(kind: str, item: Dict[str, Any]) -> str:
    """One candidate in an ambiguity message."""
    extra = item.get("subscriptionId") or item.get("siteUrl") or ""
    return "%s (%s%s)" % (item["id"], "subscription " if item.get("subscriptionId") else "", extra) if extra else item["id"]
