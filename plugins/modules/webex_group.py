#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_group
short_description: Make a Webex group present with the given name and members, or absent
version_added: 0.1.0
description:
  - Creates, updates or deletes one group of a Webex organisation through the SCIM 2 Groups API, found by O(id) or by
    O(display_name).
  - Webex allows several groups of one name. A O(display_name) that two groups share fails the task and lists their
    ids; give O(id) then.
  - With O(id) and O(display_name) both given, the group is renamed to O(display_name).
  - Only the options given are managed. All changes to an existing group go in one PATCH request; a new group is
    created with its members in one POST.
author:
  - webexops.identity maintainers (@webexops)
options:
  display_name:
    description:
      - The group's name. Needed to create a group. One of O(display_name) and O(id) is required.
    type: str
  id:
    description:
      - The group's SCIM id (a uuid, as the SCIM API and M(webexops.identity.webex_group_info) show it).
    type: str
  external_id:
    description:
      - The identifier the provisioning client keeps for the group (SCIM C(externalId)). An empty string removes it.
    type: str
  members:
    description:
      - The group's user members, each by email or by person id (a People API id or a SCIM user uuid).
      - A list sets exactly these users. A dict with C(add), C(remove) and C(set) lists changes only what it names, as
        the list options of M(webexops.identity.webex_person) do.
      - Nested groups and machine accounts in the group are never added or removed by this option.
      - An email or id that names nobody in the organisation fails the task before any change.
    type: raw
  state:
    description:
      - V(present) creates the group or updates the given options; V(absent) deletes the group.
      - Deleting a group that is already gone reports no change.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - webexops.identity.org
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads but never writes. A group to be created gets a placeholder id.
  diff_mode:
    support: full
    details: Shows only the options that change; members sorted, by email where given by email.
  platform:
    platforms: all
notes:
  - "Scopes: C(identity:people_rw) to change groups, which includes reading them; the token's user must be a full
    or group administrator. The module also reads C(GET /people/me) for the organisation id unless O(org_id) is given."
  - "For groups O(org_id) is the organisation of the SCIM paths; an organisation id as Control Hub shows it or its uuid
    will do."
  - Members given by email are looked up with SCIM user searches, up to 50 emails to a request, so a long members list
    costs a few requests, not one per person, and every email is checked before anything is written.
  - An idempotent run sends three requests (the organisation, the group search, its members); one more per 50 emails
    and one more per 50 ids to add.
seealso:
  - module: webexops.identity.webex_group_info
  - module: webexops.identity.webex_person
"""

EXAMPLES = r"""
- name: A group with exactly these members
  webexops.identity.webex_group:
    display_name: Sales Team
    members:
      - alice@example.com
      - bob@example.com

- name: Add one member and keep the others
  webexops.identity.webex_group:
    display_name: Sales Team
    members:
      add: [carol@example.com]

- name: Remove a member
  webexops.identity.webex_group:
    display_name: Sales Team
    members:
      remove: [bob@example.com]

- name: Rename a group found by id
  webexops.identity.webex_group:
    id: 3e4f7f6a-7f0e-4bb4-9d0d-3e6a2c1b9a10
    display_name: Sales EMEA

- name: Delete a group
  webexops.identity.webex_group:
    display_name: Sales Team
    state: absent
"""

RETURN = r"""
group:
  description:
    - The group after the run. Empty after a delete.
    - In check mode, what the group would look like; a new group's id is a placeholder.
  returned: always
  type: dict
  contains:
    id:
      description: The group's SCIM id.
      type: str
    display_name:
      description: The group's name.
      type: str
    external_id:
      description: The provisioning client's identifier, when the group has one.
      type: str
    members:
      description: Every member, with C(id), C(type) (V(user), V(group) or V(machine)), C(display) where Webex gives
        it, and C(email) where the run looked it up.
      type: list
      elements: dict
  sample:
    id: 3e4f7f6a-7f0e-4bb4-9d0d-3e6a2c1b9a10
    display_name: Sales Team
    members:
      - {id: 5583e1ec-21c5-55f5-8480-2f478ae82b47, type: user, display: Alice Smith, email: alice@example.com}
action:
  description: What the run did to the group.
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged]
  sample: updated
changed_fields:
  description: The options whose values changed (or would change in check mode).
  returned: always
  type: list
  elements: str
  sample: [members]
"""

from ansible_collections.webexops.identity.plugins.module_utils.groups.run import run_group
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import ORG_ID_ARGUMENT_SPEC
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule


def argument_spec() -> dict:
    spec = dict(
        display_name=dict(type="str"),
        id=dict(type="str"),
        external_id=dict(type="str"),
        members=dict(type="raw"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    spec.update(ORG_ID_ARGUMENT_SPEC)
    return spec


def run(module: WebexModule) -> dict:
    return run_group(module.client, module.params, module.check_mode, module._diff)


def main() -> None:
    module = WebexModule(argument_spec=argument_spec(), supports_check_mode=True, required_one_of=[["id", "display_name"]])
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
