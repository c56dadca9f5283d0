# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one table of person fields the modules manage, and the specs built from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

# How a field compares and changes:
#   text    a string; absent and "" are the same
#   bool    true/false
#   ref     one object given by name or id (lookup says which kind)
#   refs    a list of objects by name or id, changed with add/remove/set
#   strings a list of strings, changed with add/remove/set, compared case-insensitively
#   objects a list of dicts (phone numbers, addresses), changed with add/remove/set
KINDS = ("text", "bool", "ref", "refs", "strings", "objects")


@dataclass(frozen=True)
class PersonField:
    """One writable person field: its option name, its Webex key, how it compares, and how names become ids."""

    option: str
    api_key: str
    kind: str
    lookup: Optional[str] = None  # license, role, location or person: which directory turns a name into an id
    description: str = ""
    suboptions: Optional[Dict[str, Dict[str, Any]]] = None

    @property
    def is_list(self) -> bool:
        return self.kind in ("refs", "strings", "objects")


PHONE_NUMBER_SUBOPTIONS: Dict[str, Dict[str, Any]] = {
    "type": {"type": "str", "default": "work",
             "description": "The number's type, for example V(work), V(work_extension), V(mobile), V(fax). Any type Webex uses is accepted."},
    "value": {"type": "str", "required": True, "description": "The phone number."},
    "primary": {"type": "bool", "description": "Whether this is the person's primary number."},
}

ADDRESS_SUBOPTIONS: Dict[str, Dict[str, Any]] = {
    "type": {"type": "str", "default": "work", "description": "The address type."},
    "country": {"type": "str", "description": "The two-letter country code."},
    "locality": {"type": "str", "description": "The city."},
    "region": {"type": "str", "description": "The state or region."},
    "street_address": {"type": "str", "description": "The street and number."},
    "postal_code": {"type": "str", "description": "The postal code."},
}

PERSON_FIELDS: Tuple[PersonField, ...] = (
    PersonField("display_name", "displayName", "text", description="The full name shown in Webex."),
    PersonField("first_name", "firstName", "text", description="The first name."),
    PersonField("last_name", "lastName", "text", description="The last name."),
    PersonField("nick_name", "nickName", "text",
                description="The nickname. Webex may set it to the first name on updates; the module warns when Webex does not keep it."),
    PersonField("department", "department", "text", description="The business department."),
    PersonField("title", "title", "text", description="The job title."),
    PersonField("manager", "manager", "text", description="The manager's name, as free text."),
    PersonField("manager_id", "managerId", "ref", lookup="person", description="The manager, by person id or by email address."),
    PersonField("avatar", "avatar", "text", description="The URL of the avatar picture."),
    PersonField("extension", "extension", "text", description="The Webex Calling extension; needs a calling license."),
    PersonField("location", "locationId", "ref", lookup="location",
                description="The Webex Calling location, by name or id. Webex accepts it only with a calling license, and never changes it afterwards."),
    PersonField("login_enabled", "loginEnabled", "bool", description="Whether the person may sign in."),
    PersonField("licenses", "licenses", "refs", lookup="license", description="Licenses, by name or id."),
    PersonField("roles", "roles", "refs", lookup="role", description="Administrator roles, by name or id."),
    PersonField("site_urls", "siteUrls", "strings", description="Webex Meetings site URLs, such as V(example.webex.com#attendee)."),
    PersonField("phone_numbers", "phoneNumbers", "objects", description="Phone numbers.", suboptions=PHONE_NUMBER_SUBOPTIONS),
    PersonField("addresses", "addresses", "objects", description="Postal addresses.", suboptions=ADDRESS_SUBOPTIONS),
)

FIELDS_BY_OPTION: Dict[str, PersonField] = {f.option: f for f in PERSON_FIELDS}
FIELDS_BY_API_KEY: Dict[str, PersonField] = {f.api_key: f for f in PERSON_FIELDS}

# Every key a full-replacement PUT carries: the managed fields plus those the module never changes itself.
WRITABLE_API_KEYS: Tuple[str, ...] = ("emails", "orgId") + tuple(f.api_key for f in PERSON_FIELDS)

LIST_CHANGE_HELP = (" Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set)"
                    " to add or remove some and keep the others.")


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
