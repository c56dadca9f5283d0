# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one table of person fields the modules manage, each row with its own rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.scim.names import ENTERPRISE_USER_SCHEMA

# Where a run finds the value Webex holds for a field:
IN_LIST = "list"  # every GET /people list item carries it
IN_HOLDER_LISTS = "holders"  # not in list items, but a run may list who holds each license or role
IN_RECORD = "record"  # only GET /people/{id}, the full record, carries it


@dataclass
class ListChange:
    """What a task asks of a list field: set exactly, and/or add and remove some items."""

    add: List[Any] = field(default_factory=list)
    remove: List[Any] = field(default_factory=list)
    set: Optional[List[Any]] = None

    def items(self) -> List[Any]:
        """Every item the change names, for name resolution."""
        return list(self.set or []) + list(self.add) + list(self.remove)

    def mapped(self, convert: Callable[[Any], Any]) -> "ListChange":
        return ListChange(
            add=[convert(v) for v in self.add],
            remove=[convert(v) for v in self.remove],
            set=None if self.set is None else [convert(v) for v in self.set],
        )


# What `replaced` sets for a field the item leaves out, from the fields it gives.
ReplacedDefault = Callable[[Dict[str, Any]], Any]


def first_and_last_name(wanted: Dict[str, Any]) -> str:
    """Webex requires a display name: "first last" when none is given."""
    return " ".join(v for v in (wanted.get("first_name"), wanted.get("last_name")) if v)


def first_name(wanted: Dict[str, Any]) -> str:
    """Webex sets the nickname to the first name when it is left out: defaulting to it keeps runs from flapping."""
    return wanted.get("first_name") or ""


def signed_in(_wanted: Dict[str, Any]) -> bool:
    """A whole record that leaves login_enabled out must not lock the person out."""
    return True


@dataclass(frozen=True)
class PersonField:
    """One writable person field: its option, its Webex key, how it compares, and the rules that go with it."""

    option: str
    api_key: str
    # How it compares and changes: text (absent and "" are the same), bool, ref (one object by name or id),
    # refs (objects by name or id), strings (compared without case), objects (phone numbers, addresses);
    # the three list kinds change with add, remove and set.
    kind: str
    lookup: Optional[str] = None  # license, role, location or person: which directory turns a name into an id
    suboptions: Optional[Dict[str, Dict[str, Any]]] = None
    derived_types: Tuple[str, ...] = ()  # list items of these types are Webex's own: never compared, never sent
    on_create: bool = True  # POST /people takes it; a create that manages a field it does not take ends with a PUT
    found_in: str = IN_LIST  # IN_LIST, IN_HOLDER_LISTS or IN_RECORD: what comparing it needs to read
    calling: bool = False  # a Webex Calling field: lists carry it only with callingData; it leaves with the last calling license
    replaced_default: Optional[ReplacedDefault] = None  # what `replaced` sets when the item leaves it out; None: cleared
    scim_path: Optional[str] = None  # its SCIM 2 attribute path: a change of it alone can go as a SCIM PATCH; None: People API only

    @property
    def is_list(self) -> bool:
        return self.kind in ("refs", "strings", "objects")

    def default_for_replaced(self, wanted: Dict[str, Any]) -> Any:
        """The value `replaced` gives this field when the item leaves it out."""
        if self.replaced_default is not None:
            return self.replaced_default(wanted)
        return ListChange(set=[]) if self.is_list else ""

    def settable(self, value: Any) -> Any:
        """A Webex value without the list items Webex derives itself (a PUT cannot set them)."""
        if not self.derived_types or not isinstance(value, list):
            return value
        return [item for item in value if not (isinstance(item, dict) and item.get("type") in self.derived_types)]


PHONE_NUMBER_SUBOPTIONS: Dict[str, Dict[str, Any]] = {
    "type": {"type": "str", "default": "work"},
    "value": {"type": "str", "required": True},
    "primary": {"type": "bool"},
}

ADDRESS_SUBOPTIONS: Dict[str, Dict[str, Any]] = {
    "type": {"type": "str", "default": "work"},
    "country": {"type": "str"},
    "locality": {"type": "str"},
    "region": {"type": "str"},
    "street_address": {"type": "str"},
    "postal_code": {"type": "str"},
}

# SCIM's enterprise extension holds department and manager; the free-text `manager` of the People API has no SCIM twin.
ENTERPRISE_USER = ENTERPRISE_USER_SCHEMA

PERSON_FIELDS: Tuple[PersonField, ...] = (
    PersonField("display_name", "displayName", "text", replaced_default=first_and_last_name, scim_path="displayName"),
    PersonField("first_name", "firstName", "text", scim_path="name.givenName"),
    PersonField("last_name", "lastName", "text", scim_path="name.familyName"),
    PersonField("nick_name", "nickName", "text", on_create=False, replaced_default=first_name, scim_path="nickName"),
    PersonField("department", "department", "text", scim_path=ENTERPRISE_USER + ":department"),
    PersonField("title", "title", "text", scim_path="title"),
    PersonField("manager", "manager", "text"),
    PersonField("manager_id", "managerId", "ref", lookup="person", scim_path=ENTERPRISE_USER + ":manager"),
    PersonField("avatar", "avatar", "text"),
    PersonField("extension", "extension", "text", calling=True),
    PersonField("location", "locationId", "ref", lookup="location", calling=True),
    PersonField("login_enabled", "loginEnabled", "bool", on_create=False, found_in=IN_RECORD, replaced_default=signed_in),
    PersonField("licenses", "licenses", "refs", lookup="license", found_in=IN_HOLDER_LISTS),
    PersonField("roles", "roles", "refs", lookup="role", found_in=IN_HOLDER_LISTS),
    PersonField("site_urls", "siteUrls", "strings"),
    # work_extension is the routing prefix and extension, which Webex derives and a PUT cannot set.
    PersonField("phone_numbers", "phoneNumbers", "objects", suboptions=PHONE_NUMBER_SUBOPTIONS,
                derived_types=("work_extension",), scim_path="phoneNumbers"),
    PersonField("addresses", "addresses", "objects", suboptions=ADDRESS_SUBOPTIONS, scim_path="addresses"),
)

FIELDS_BY_OPTION: Dict[str, PersonField] = {f.option: f for f in PERSON_FIELDS}
# A plan's changed values are keyed by API key: routing them to SCIM looks each one up per person.
FIELDS_BY_API_KEY: Dict[str, PersonField] = {f.api_key: f for f in PERSON_FIELDS}

# Keys a full-replacement PUT carries back although no task manages them.
UNMANAGED_WRITABLE_KEYS: Tuple[str, ...] = ("emails", "orgId")

# callingData=true makes Webex include extension and locationId, which a PUT must carry back.
CALLING_DATA = {"callingData": "true"}
# A PUT removes an attendee site (`<site>#attendee`) and answers with it only when showAllTypes=true.
PUT_PARAMS = dict(CALLING_DATA, showAllTypes="true")


def fields_of(options: Any) -> List[PersonField]:
    """The rows of these options (the keys of a desired dict, say)."""
    return [FIELDS_BY_OPTION[option] for option in options]


def person_field_options() -> Dict[str, Dict[str, Any]]:
    """The argument spec of every managed field, for webex_person's options and webex_people's config items."""
    spec: Dict[str, Dict[str, Any]] = {}
    for field_ in PERSON_FIELDS:
        if field_.kind == "bool":
            spec[field_.option] = {"type": "bool"}
        elif field_.is_list:
            spec[field_.option] = {"type": "raw"}  # a list, or a dict of add/remove/set lists: checked by parse_list_change
        else:
            spec[field_.option] = {"type": "str"}
    return spec


def person_identity_options() -> Dict[str, Dict[str, Any]]:
    """How a person is found: by id or by email."""
    return {"id": {"type": "str"}, "email": {"type": "str"}}
