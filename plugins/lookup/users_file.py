# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The users_file lookup: a users file's small sections, read and checked once on the controller."""

from __future__ import annotations

DOCUMENTATION = r"""
name: users_file
author:
  - webexops.identity maintainers (@webexops)
short_description: Read and check a users file, returning its sections but not its people
version_added: 0.1.0
description:
  - Reads a users file once on the controller and checks its sections before any API call, the checks that
    C(playbooks/sync.yml), C(onboard.yml), C(offboard.yml) and C(sync-sliced.yml) make.
  - A YAML users file (C(.yml) or C(.yaml)) must be a mapping whose only sections are C(org_id), C(people),
    C(groups), C(leaving) and C(guests); C(org_id) must be a string, the other sections lists, C(leaving) a list
    of emails, and nobody may be listed under both C(people) and C(leaving) (emails compared in any case).
  - A Control Hub user CSV (C(.csv)) holds people only; its C(org_id) is empty, and it has no one leaving and no
    guests.
  - The people are not returned; M(webexops.identity.webex_people) reads and checks them from the file itself
    (its O(webexops.identity.webex_people#module:users_file) option), so a file of thousands of people never travels through
    Ansible's variables.
  - Fails with one sentence naming what is wrong, before any API call.
options:
  _terms:
    description:
      - The path of the users file. A relative path is taken from the current directory.
    type: path
    required: true
notes:
  - Runs on the controller and reads the file there.
seealso:
  - module: webexops.identity.webex_people
"""

EXAMPLES = r"""
- name: Read and check the users file
  ansible.builtin.set_fact:
    users: "{{ lookup('webexops.identity.users_file', users_file) }}"

- name: Onboard its people (webex_people reads them from the file)
  webexops.identity.webex_people:
    users_file: "{{ users.people_file }}"
    org_id: "{{ users.org_id | default(omit, true) }}"
"""

RETURN = r"""
_raw:
  description: The users file's sections, one mapping per path given.
  type: list
  elements: dict
  contains:
    org_id:
      description: The file's C(org_id), or an empty string when it has none (always empty for a CSV).
      type: str
    people_file:
      description: The absolute path of the users file, for webex_people's O(webexops.identity.webex_people#module:users_file).
      type: str
    leaving:
      description: The emails of the file's C(leaving) section, as written.
      type: list
      elements: str
    guests:
      description: The file's C(guests) section, as written.
      type: list
      elements: dict
"""

import os
from dataclasses import asdict

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.users_file import read_users_sections


class LookupModule(LookupBase):
    """The sections of each users file given."""

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        return [sections_of(str(term)) for term in terms]


def sections_of(given):
    """One users file's sections as a dict; a problem becomes one sentence for the task's failure."""
    try:
        return asdict(read_users_sections(os.path.abspath(given), given))
    except InvalidInput as error:
        raise AnsibleLookupError(str(error)) from None
