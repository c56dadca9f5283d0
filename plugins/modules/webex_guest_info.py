#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_guest_info
short_description: Count the Webex guests of a Service App and show a cached guest token's validity
version_added: 0.1.0
description:
  - Returns how many guests the Service App has created.
  - With O(subject) and O(token_file) (the file M(webexops.identity.webex_guest_token) keeps), also returns the cached
    guest and how long its token stays valid. The token itself is never returned.
  - Never changes anything, in Webex or in the file.
author:
  - webexops.identity maintainers (@webexops)
options:
  subject:
    description:
      - The subject whose cached guest to report. Required together with O(token_file).
    type: str
  token_file:
    description:
      - The token file of O(subject), as written by M(webexops.identity.webex_guest_token).
      - A file that cannot be read, is damaged, is not a token file of this collection or holds another subject
        fails the task.
    type: path
extends_documentation_fragment:
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - webexops.identity.connection.read_only
  - ansible.builtin.action_common_attributes
notes:
  - "Scope: C(guest-issuer:read). The access token or refresh token is the Service App's."
seealso:
  - module: webexops.identity.webex_guest_token
"""

EXAMPLES = r"""
- name: Count the guests
  webexops.identity.webex_guest_info:
  register: guests

- name: Show how long the kiosk's cached token stays valid
  webexops.identity.webex_guest_info:
    subject: support-kiosk-7
    token_file: /var/lib/webex/support-kiosk-7.token.json
  register: kiosk

- name: Warn when it has less than a day left
  ansible.builtin.debug:
    msg: "The kiosk token expires at {{ kiosk.cached_guest.expires_at }}"
  when: kiosk.cached_guest and kiosk.cached_guest.expires_in < 86400
"""

RETURN = r"""
count:
  description: How many guests the Service App has.
  returned: always
  type: int
  sample: 12
cached_guest:
  description:
    - The guest kept in O(token_file), without its token. Empty when the file does not exist yet.
  returned: when O(subject) and O(token_file) are given
  type: dict
  contains:
    id:
      description: The guest's person id.
      type: str
      sample: Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0
    subject:
      description: The subject.
      type: str
      sample: support-kiosk-7
    display_name:
      description: The guest's name when the token was issued.
      type: str
      sample: Support kiosk 7
    email:
      description: The synthetic email Webex gave the guest.
      type: str
      sample: 0b9f1c52-7d1e-4bfb-9a43-1c4c1b1a6f10@appid.ciscospark.com
    expires_in:
      description: Seconds the cached token stays valid; 0 once it has expired.
      type: int
      sample: 7140
    expires_at:
      description: When the cached token expires, in UTC (ISO 8601).
      type: str
      sample: "2026-03-02T10:15:00Z"
    valid:
      description: Whether the cached token has not expired yet.
      type: bool
      sample: true
"""

import time

from ansible_collections.webexops.identity.plugins.module_utils.guests.tokens import (
    check_guest_input,
    guest_result,
    load_cached_guest,
    read_guest_count,
)
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule


def cached_guest_of(subject: str, token_file: str, now: float) -> dict:
    check_guest_input(subject)
    cached = load_cached_guest(token_file, subject)
    if cached is None:
        return {}
    result = guest_result(cached.guest, cached.expires_at, now)
    result["valid"] = cached.valid_for(now) > 0
    return result


def run(module: WebexModule) -> dict:
    params = module.params
    result = {"changed": False}
    if params["subject"]:
        result["cached_guest"] = cached_guest_of(params["subject"], params["token_file"], time.time())
    result["count"] = read_guest_count(module.client)
    return result


def main() -> None:
    module = WebexModule(
        argument_spec=dict(
            subject=dict(type="str"),
            token_file=dict(type="path"),
        ),
        supports_check_mode=True,
        required_together=[["subject", "token_file"]],
    )
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
