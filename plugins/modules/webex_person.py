#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_person
short_description: Make a Webex person present with the given fields, or absent
version_added: 0.1.0
description:
  - Creates, updates or deletes one person in a Webex organisation, found by O(id) or by O(email).
  - Only the options given are managed; every other field Webex holds is kept. Webex replaces the whole
    record on update, so the module reads the person, merges the changes in, and sends the full record back.
  - Licenses, roles and the location take names or ids. Each name is looked up once per run.
  - A create that fails, times out or loses its connection is never blindly repeated. The module first looks
    the email up and adopts the person when Webex did create them, so one email never gets two people.
  - To manage a whole users file in one task, use M(webexops.identity.webex_people), which is much faster.
author:
  - webexops.identity maintainers (@webexops)
options:
  email:
    description:
      - The person's email address. Webex compares emails without regard to case and stores them in lower case.
      - Needed to create a person. One of O(email) and O(id) is required.
    type: str
  id:
    description:
      - The person's Webex id. When given, the person is found by id; O(email), if also given, must be theirs.
    type: str
  state:
    description:
      - V(present) creates the person or updates the given fields; V(absent) deletes the person.
      - Deleting a person who is already gone reports no change.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - webexops.identity.org
  - webexops.identity.person
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads but never writes. A person to be created gets a placeholder id.
  diff_mode:
    support: full
    details: Shows only the fields that change, lists sorted, licenses and roles by name where given by name.
  platform:
    platforms: all
notes:
  - "Scopes: C(spark-admin:people_read) and C(spark-admin:people_write); C(spark-admin:licenses_read),
    C(spark-admin:roles_read) and C(spark-admin:locations_read) when licenses, roles or a location are given by name."
  - An idempotent run sends one request, plus one to read licenses and roles when they are managed, plus
    one per kind of name to look up (licenses, roles, locations).
seealso:
  - module: webexops.identity.webex_person_info
  - module: webexops.identity.webex_people
"""

EXAMPLES = r"""
- name: Onboard a person with a license given by name
  webexops.identity.webex_person:
    email: alice@example.com
    first_name: Alice
    last_name: Smith
    display_name: Alice Smith
    department: Sales
    licenses:
      add:
        - Messaging

- name: Grant one license and keep the others
  webexops.identity.webex_person:
    email: alice@example.com
    licenses:
      add: [Webex Meetings - Enterprise]

- name: Give exactly these roles (a bare list sets the whole list)
  webexops.identity.webex_person:
    email: alice@example.com
    roles:
      - Read-only Administrator

- name: Add a mobile number and keep the others (spaces and dashes do not matter)
  webexops.identity.webex_person:
    email: alice@example.com
    phone_numbers:
      add:
        - type: mobile
          value: +1 408 555 0123

- name: Disable sign-in without touching anything else
  webexops.identity.webex_person:
    email: alice@example.com
    login_enabled: false

- name: Set the token once for every task of the collection
  module_defaults:
    group/webexops.identity.webex:
      access_token: "{{ lookup('ansible.builtin.env', 'WEBEX_ACCESS_TOKEN') }}"
  block:
    - name: Give Alice a title
      webexops.identity.webex_person:
        email: alice@example.com
        title: Engineer

- name: Delete a person
  webexops.identity.webex_person:
    email: alice@example.com
    state: absent
"""

RETURN = r"""
person:
  description:
    - The person after the run, snake_case keys, empty fields left out. Empty after a delete.
    - In check mode, what the person would look like; a new person's id is a placeholder.
  returned: always
  type: dict
  sample:
    id: Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hbGljZQ
    emails: [alice@example.com]
    display_name: Alice Smith
    first_name: Alice
    last_name: Smith
    licenses: [Y2lzY29zcGFyazovL3VzL0xJQ0VOU0UvbWVzc2FnaW5n]
    login_enabled: true
action:
  description: What the run did to the person.
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
changed_fields:
  description: The options whose values changed (or would change in check mode).
  returned: always
  type: list
  elements: str
  sample: [department, licenses]
"""

from ansible_collections.webexops.identity.plugins.module_utils.person.engine import run_one_person
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import person_field_options, person_identity_options
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import ORG_ID_ARGUMENT_SPEC
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule


def argument_spec() -> dict:
    spec = person_identity_options()
    spec.update(person_field_options())
    spec["state"] = {"type": "str", "choices": ["present", "absent"], "default": "present"}
    spec.update(ORG_ID_ARGUMENT_SPEC)
    return spec


def run(module: WebexModule) -> dict:
    return run_one_person(module.client, module.params, module.check_mode, module._diff, module.warn)


def main() -> None:
    module = WebexModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=[["id", "email"]],
    )
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
