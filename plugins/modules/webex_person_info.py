#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_person_info
short_description: List Webex people by email, name, id, role or location
version_added: 0.1.0
description:
  - Returns the people of the Webex organisation that match every filter given; without filters, everybody.
  - Follows every page Webex returns, so large organisations are listed in full.
  - Licenses, roles and the location take names or ids; each name is looked up once.
  - Webex lists people without their licenses, roles and sign-in setting. O(details=true) reads each match's full
    record as well.
  - With O(me=true), returns the token's own person instead (C(GET /people/me)), a cheap check that the token works.
  - With O(required_scopes), first checks that the token holds these scopes, by one cheap read of each API, and fails
    with one sentence naming the missing ones. Use both as a pre-flight step in CI.
  - Never changes anything.
author:
  - webexops.identity maintainers (@webexops)
options:
  email:
    description:
      - The person with this email address, compared without regard to case.
    type: str
  display_name:
    description:
      - People whose display name starts with this text, compared without regard to case.
    type: str
  id:
    description:
      - People with these Webex ids, in any number; ids that match nobody are left out of the result.
      - Webex takes at most 85 ids a request, so the module asks in groups of 85.
      - An empty list matches nobody and sends no request.
    type: list
    elements: str
  roles:
    description:
      - People who hold any of these administrator roles, by name or id.
      - A name that matches no role fails with the close matches listed.
      - An empty list matches nobody and sends no request.
    type: list
    elements: str
  location:
    description:
      - People in this Webex Calling location, by name or id.
    type: str
  calling_data:
    description:
      - Whether to include the Webex Calling fields (C(extension), C(location_id)) of each person.
    type: bool
    default: false
  details:
    description:
      - Whether to read each match's full record, which adds C(licenses), C(roles) and C(login_enabled), and
        the Webex Calling fields whatever O(calling_data) says.
      - Costs one request per person, sent 10 at a time.
    type: bool
    default: false
  me:
    description:
      - Whether to return the person the token belongs to (C(GET /people/me)), in full, instead of listing people.
      - Any valid token may read itself, so this needs no scope. It cannot be combined with the filters (O(email),
        O(display_name), O(id), O(roles), O(location)).
      - It ignores O(org_id), since the token's person is in the token's own organisation.
    type: bool
    default: false
  required_scopes:
    description:
      - Scopes the token must hold, checked before anything else. The task fails with one sentence naming every
        missing scope when Webex refuses (403) the read that needs it.
      - Webex has no call that lists a token's scopes, so each scope is checked by one cheap read -
        V(spark-admin:people_read) by C(GET /people?max=1), V(spark-admin:licenses_read) by C(GET /licenses),
        V(spark-admin:roles_read) by C(GET /roles), V(spark-admin:locations_read) by C(GET /locations?max=1),
        V(guest-issuer:read) by C(GET /guests/count). Webex also opens C(GET /locations) to V(spark-admin:people_read)
        and C(GET /guests/count) to V(guest-issuer:write), so those two pass on either; the check tells whether the
        run can make the reads it needs.
      - The write scopes V(spark-admin:people_write) and V(guest-issuer:write) cannot be checked without writing, and are
        refused here with a sentence saying so.
      - With O(org_id), the people, licenses and locations reads are made in that organisation, so they also check that
        the token's user may manage it.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - webexops.identity.org
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - webexops.identity.connection.read_only
  - ansible.builtin.action_common_attributes
notes:
  - "Scope: none for O(me); C(spark-admin:people_read); C(spark-admin:roles_read) when O(roles) is given by name (a
    location name needs C(spark-admin:people_read) or C(spark-admin:locations_read)). Only administrators may list people without O(email) or O(display_name)."
  - The module sends one request per page of 100 people (50 with O(location)) or per group of 85 ids, one per kind
    of name to look up, and with O(details) one more per person.
seealso:
  - module: webexops.identity.webex_person
  - module: webexops.identity.webex_people
"""

EXAMPLES = r"""
- name: Look a person up by email
  webexops.identity.webex_person_info:
    email: carol.calling@example.com
  register: found

- name: Show their id
  ansible.builtin.debug:
    msg: "{{ found.people[0].id if found.people else 'nobody has this email' }}"

- name: Everybody whose name starts with Dave, with licenses and roles
  webexops.identity.webex_person_info:
    display_name: Dave
    details: true
  register: daves

- name: The full administrators
  webexops.identity.webex_person_info:
    roles:
      - Full Administrator
  register: admins

- name: The calling users of one location, with their extensions
  webexops.identity.webex_person_info:
    location: Headquarters
    calling_data: true
  register: headquarters

- name: Pre-flight - the token works and holds the scopes the run needs
  webexops.identity.webex_person_info:
    me: true
    required_scopes:
      - spark-admin:people_read
      - spark-admin:licenses_read
      - spark-admin:roles_read
      - spark-admin:locations_read
  register: token_owner

- name: Say whose token it is
  ansible.builtin.debug:
    msg: "Running as {{ token_owner.people[0].emails[0] }}"

- name: The people of a customer organisation, for a partner administrator
  webexops.identity.webex_person_info:
    org_id: Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8zNjhhODA5NC05MWEyLTU0ODgtYjU5My03Yzk4OWZhNzQ3NTg
    display_name: Cora

- name: Re-read people by id, any number of them
  webexops.identity.webex_person_info:
    id: "{{ admins.people | map(attribute='id') | list }}"
    details: true
  register: again
"""

RETURN = r"""
people:
  description:
    - The matching people in the order Webex lists them, snake_case keys, empty fields left out.
    - C(licenses), C(roles) and C(login_enabled) only with O(details=true); C(extension) and C(location_id) only with
      O(calling_data=true) or O(details=true).
    - With O(me=true), one item - the token's own person, in full.
  returned: always
  type: list
  elements: dict
  sample:
    - id: Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jYXJvbA
      emails: [carol.calling@example.com]
      display_name: Carol Calling
      first_name: Carol
      last_name: Calling
      department: Sales
      phone_numbers:
        - {type: work, value: "+1 408 555 0101", primary: true}
      extension: "4101"
      location_id: Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL2hx
      licenses: [Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbWVzc2FnaW5n]
      login_enabled: true
      status: active
      type: person
checked_scopes:
  description: The scopes of O(required_scopes), each shown present by a read Webex answered.
  returned: always
  type: list
  elements: str
  sample: [spark-admin:people_read, spark-admin:licenses_read]
"""

from typing import Any, Dict, Iterator, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.person.bounded_pool import run_bounded
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.person.directory import Directory
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError
from ansible_collections.webexops.identity.plugins.module_utils.person.calls import get_person, person_result
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import CALLING_DATA
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import check_email
from ansible_collections.webexops.identity.plugins.module_utils.transport.token_scopes import (
    check_scope_names,
    missing_scopes_sentence,
    refused_scopes,
)
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import ORG_ID_ARGUMENT_SPEC
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule

IDS_PER_REQUEST = 85  # Webex's limit for GET /people?id=
DETAILS_PARALLEL = 10


def list_filters(params: Dict[str, Any], directory: Directory) -> Dict[str, str]:
    """The GET /people query for the task's filters (names turned into ids), the id filter aside."""
    filters = {}
    if params["email"]:
        filters["email"] = check_email(params["email"])
    if params["display_name"]:
        filters["displayName"] = params["display_name"]
    if params["roles"]:
        filters["roles"] = ",".join(directory.resolve("role", role, "roles") for role in params["roles"])
    if params["location"]:
        filters["locationId"] = directory.resolve("location", params["location"], "location")
    if params["calling_data"]:
        filters["callingData"] = "true"
    return filters


def id_groups(ids: List[str]) -> List[List[str]]:
    """The ids without blanks and repeats, in groups Webex accepts in one request."""
    unique = list(dict.fromkeys(str(person_id).strip() for person_id in ids if str(person_id).strip()))
    return [unique[start:start + IDS_PER_REQUEST] for start in range(0, len(unique), IDS_PER_REQUEST)]


def listed_people(client: WebexClient, filters: Dict[str, str], ids: Optional[List[str]]) -> Iterator[Dict[str, Any]]:
    """Every list item that matches, page after page (and group after group of ids)."""
    if ids is None:
        yield from client.iter_items("/people", filters)
        return
    for group in id_groups(ids):
        yield from client.iter_items("/people", dict(filters, id=",".join(group)))


def full_records(client: WebexClient, people: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Each person's full record, read DETAILS_PARALLEL at a time; people deleted meanwhile are left out."""
    outcomes = run_bounded(lambda person: get_person(client, person["id"]), people, DETAILS_PARALLEL, (WebexError,))
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return [outcome.answer for outcome in outcomes if outcome.answer is not None]


FILTER_OPTIONS = ("email", "display_name", "id", "roles", "location")


def check_required_scopes(client: WebexClient, scopes: List[str]) -> List[str]:
    """The scopes asked for, once each read has shown the token holds them; fails naming every missing one."""
    wanted = check_scope_names(scopes)
    refused = refused_scopes(client, wanted)
    if refused:
        raise InvalidInput(missing_scopes_sentence(refused))
    return wanted


def token_person(client: WebexClient, calling_data: bool) -> Dict[str, Any]:
    """The token's own person, in full (GET /people/me takes callingData, not orgId)."""
    return client.get("/people/me", CALLING_DATA if calling_data else None) or {}


def run(module: WebexModule) -> Dict[str, Any]:
    params = module.params
    if params["me"] and any(params[option] is not None for option in FILTER_OPTIONS):
        raise InvalidInput("me returns the token's own person and takes no filter; remove %s or me."
                           % ", ".join(option for option in FILTER_OPTIONS if params[option] is not None))
    checked = check_required_scopes(module.client, params["required_scopes"]) if params["required_scopes"] else []
    if params["me"]:
        return {"changed": False, "people": [person_result(token_person(module.client, params["calling_data"]))],
                "checked_scopes": checked}
    if params["id"] == [] or params["roles"] == []:
        return {"changed": False, "people": [], "checked_scopes": checked}
    client = module.client
    filters = list_filters(params, Directory(client))
    people = list(listed_people(client, filters, params["id"]))
    if params["details"]:
        people = full_records(client, people)
    return {"changed": False, "people": [person_result(person) for person in people], "checked_scopes": checked}


def main() -> None:
    module = WebexModule(
        argument_spec=dict(
            email=dict(type="str"),
            display_name=dict(type="str"),
            id=dict(type="list", elements="str"),
            roles=dict(type="list", elements="str"),
            location=dict(type="str"),
            calling_data=dict(type="bool", default=False),
            details=dict(type="bool", default=False),
            me=dict(type="bool", default=False),
            required_scopes=dict(type="list", elements="str", default=[]),
            **ORG_ID_ARGUMENT_SPEC,
        ),
        supports_check_mode=True,
    )
    module.pool_size = DETAILS_PARALLEL  # connections kept open: one per thread reading details
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
