#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_group_info
short_description: Read Webex groups and their members
version_added: 0.1.0
description:
  - Returns the groups of a Webex organisation through the SCIM 2 Groups API, by O(id), by O(display_name), or all of
    them, with every member (every page of the members list, not only the 500 a group read holds).
  - Never changes anything.
author:
  - webexops.identity maintainers (@webexops)
options:
  display_name:
    description:
      - Only the groups of this name (Webex allows several; all are returned). Compared without regard to case.
    type: str
  id:
    description:
      - Only the group of this SCIM id. A group that does not exist gives an empty list.
    type: str
  members:
    description:
      - Whether to read each group's members (one request per 500 members of each group).
    type: bool
    default: true
extends_documentation_fragment:
  - webexops.identity.org
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - webexops.identity.connection.read_only
  - ansible.builtin.action_common_attributes
notes:
  - "Scope: C(identity:people_read) or C(identity:people_rw). The module also reads C(GET /people/me) for the
    organisation id unless O(org_id) is given."
seealso:
  - module: webexops.identity.webex_group
"""

EXAMPLES = r"""
- name: Every group with its members
  webexops.identity.webex_group_info:
  register: all_groups

- name: One group by name
  webexops.identity.webex_group_info:
    display_name: Sales Team
  register: sales

- name: The names of the groups only
  webexops.identity.webex_group_info:
    members: false
  register: names
"""

RETURN = r"""
groups:
  description: The groups found, each with C(id), C(display_name), C(external_id) when it has one, and C(members).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3e4f7f6a-7f0e-4bb4-9d0d-3e6a2c1b9a10
      display_name: Sales Team
      members:
        - {id: 5583e1ec-21c5-55f5-8480-2f478ae82b47, type: user, display: Alice Smith}
"""

from ansible_collections.webexops.identity.plugins.module_utils.groups.run import run_group_info
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import ORG_ID_ARGUMENT_SPEC
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule


def argument_spec() -> dict:
    spec = dict(display_name=dict(type="str"), id=dict(type="str"), members=dict(type="bool", default=True))
    spec.update(ORG_ID_ARGUMENT_SPEC)
    return spec


def run(module: WebexModule) -> dict:
    return run_group_info(module.client, module.params)


def main() -> None:
    module = WebexModule(argument_spec=argument_spec(), supports_check_mode=True, mutually_exclusive=[["id", "display_name"]])
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
