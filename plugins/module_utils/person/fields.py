# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one table of person fields the modules manage, and the specs built from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple


@dataclass(frozen=True)
class PersonField:
    """One writable person field: its option name, its Webex key, how it compares, and how names become ids."""

    option: str
    api_key: str
    # How it compares and changes: text (absent and "" are the same), bool, ref (one object by name or id),
    # refs (objects by name or id), strings (compared without case), objects (phone numbers, addresses);
    # the three list kinds change with add, remove and set.
    kind: str
    lookup: Optional[str] = None  # license, role, location or person: which directory turns a name into an id
    suboptions: Optional[Dict[str, Dict[str, Any]]] = None
    derived_types: Tuple[str, ...] = ()  # list items of these types are Webex's own: never compared, never sent

    @property
    def is_list(self) -> bool:
        return self.kind in ("refs", "strings", "objects")


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

PERSON_FIELDS: Tuple[PersonField, ...] = (
    PersonField("display_name", "displayName", "text"),
    PersonField("first_name", "firstName", "text"),
    PersonField("last_name", "lastName", "text"),
    PersonField("nick_name", "nickName", "text"),
    PersonField("department", "department", "text"),
    PersonField("title", "title", "text"),
    PersonField("manager", "manager", "text"),
    PersonField("manager_id", "managerId", "ref", lookup="person"),
    PersonField("avatar", "avatar", "text"),
    PersonField("extension", "extension", "text"),
    PersonField("location", "locationId", "ref", lookup="location"),
    PersonField("login_enabled", "loginEnabled", "bool"),
    PersonField("licenses", "licenses", "refs", lookup="license"),
    PersonField("roles", "roles", "refs", lookup="role"),
    PersonField("site_urls", "siteUrls", "strings"),
    # work_extension is the routing prefix and extension, which Webex derives and a PUT cannot set.
    PersonField("phone_numbers", "phoneNumbers", "objects", suboptions=PHONE_NUMBER_SUBOPTIONS,
                derived_types=("work_extension",)),
    PersonField("addresses", "addresses", "objects", suboptions=ADDRESS_SUBOPTIONS),
)

FIELDS_BY_OPTION: Dict[str, PersonField] = {f.option: f for f in PERSON_FIELDS}
FIELDS_BY_API_KEY: Dict[str, PersonField] = {f.api_key: f for f in PERSON_FIELDS}

# Every key a full-replacement PUT carries: the managed fields plus those the module never changes itself.
WRITABLE_API_KEYS: Tuple[str, ...] = ("emails", "orgId") + tuple(f.api_key for f in PERSON_FIELDS)

# Keys that GET /people list items never carry: managing one of them needs the full record.
FULL_RECORD_KEYS: Tuple[str, ...] = ("licenses", "roles", "loginEnabled")
# callingData=true makes Webex include extension and locationId, which a PUT must carry back.
CALLING_DATA = {"callingData": "true"}
# A PUT removes an attendee site (`<site>#attendee`) and answers with it only when showAllTypes=true.
PUT_PARAMS = dict(CALLING_DATA, showAllTypes="true")


def person_field_options() -> Dict[str, Dict[str, Any]]:
    """The argument spec of every managed field, for webex_person's options and webex_people's config items."""
    spec: Dict[str, Dict[str, Any]] = {}
    for field in PERSON_FIELDS:
        if field.kind == "bool":
            spec[field.option] = {"type": "bool"}
        elif field.is_list:
            spec[field.option] = {"type": "raw"}  # a list, or a dict of add/remove/set lists: checked by list_changes
        else:
            spec[field.option] = {"type": "str"}
    return spec


def person_identity_options() -> Dict[str, Dict[str, Any]]:
    """How a person is found: by id or by email."""
    return {"id": {"type": "str"}, "email": {"type": "str"}}
