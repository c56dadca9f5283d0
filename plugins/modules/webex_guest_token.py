#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_guest_token
short_description: Get a Webex guest token for a subject, reusing a cached one while it stays valid
version_added: 0.1.0
description:
  - Guests are the temporary Webex identities of click-to-call and chat apps. A Service App with the
    C(guest-issuer:write) scope creates a guest by asking for a token for a O(subject), an identifier of the app's choosing.
  - Without O(token_file), every run asks Webex for a new token and reports C(changed=true). Webex keeps older tokens
    of the subject valid until they expire.
  - With O(token_file), the module keeps the last token of the subject and its expiry in that file (mode 0600) and
    reuses it while it stays valid for at least O(min_valid_for). Then it makes no call and reports C(changed=false).
  - A new O(display_name) for a known subject renames the guest; Webex does that by issuing a new token.
  - The token is returned in RV(access_token). Set C(no_log=true) on the task, as the examples do, so that Ansible
    does not print the result; the module warns when the task lacks it. The module itself never puts the token in a
    diff, a warning or an error message.
  - With O(return_token=false) the token stays in O(token_file) only, and the task needs no C(no_log). ansible-core
    before 2.19 drops the warnings of a C(no_log) task, retries included, so this is the way to see them there.
author:
  - webexops.identity maintainers (@webexops)
options:
  subject:
    description:
      - The app's identifier of the guest. The same subject always names the same guest.
    type: str
    required: true
  display_name:
    description:
      - The name people see for the guest. A new name for a known subject renames the guest.
    type: str
    required: true
  token_file:
    description:
      - A file that keeps the subject's last token and its expiry, so that later runs reuse it.
      - Created with mode 0600 and replaced atomically; it holds one subject. Use one file per subject.
      - A file that cannot be read, is damaged, is not a token file of this collection or holds another subject
        fails the task and is left as it is.
      - So does a file that other users can read or write, that another user owns, or a symbolic link at the path.
        Its token is never used, and the message says how to fix it (C(chmod 600), or remove it).
    type: path
  return_token:
    description:
      - Whether the result holds the token in RV(access_token).
      - V(false) keeps it in O(token_file) only, so the task needs no C(no_log). It then needs O(token_file),
        except in check mode, where no token is issued.
    type: bool
    default: true
  min_valid_for:
    description:
      - How long a cached token must still be valid to be reused; otherwise a new one is issued.
      - A number of seconds, or a duration such as V(90s), V(30m), V(2h), V(1d) or V(1h30m).
      - When not set and O(token_file) is, one hour.
    type: raw
extends_documentation_fragment:
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the token file, calls nothing, and reports whether a token would be issued or the guest renamed.
  diff_mode:
    support: full
    details: Shows the display name before and after a rename and whether a token is issued; never a token.
  platform:
    platforms: all
notes:
  - "Scope: C(guest-issuer:write). The access token or refresh token is the Service App's."
  - A run that reuses the cached token sends no request at all.
seealso:
  - module: webexops.identity.webex_guest_info
"""

EXAMPLES = r"""
- name: Issue a guest token for a support chat, reusing the last one while it has two hours left
  webexops.identity.webex_guest_token:
    subject: support-kiosk-7
    display_name: Support kiosk 7
    token_file: /var/lib/webex/support-kiosk-7.token.json
    min_valid_for: 2h
  register: kiosk
  no_log: true

- name: Hand the token to the app without printing it
  ansible.builtin.copy:
    content: "{{ kiosk.access_token }}"
    dest: /etc/kiosk/webex-token
    mode: "0600"
  no_log: true

- name: Keep the token in its file only; the task shows its warnings and needs no no_log
  webexops.identity.webex_guest_token:
    subject: lobby-screen
    display_name: Lobby screen
    token_file: /var/lib/webex/lobby-screen.token.json
    return_token: false

- name: Issue a new token on every run (no cache)
  webexops.identity.webex_guest_token:
    subject: demo-visitor
    display_name: Demo visitor
  register: visitor
  no_log: true
"""

RETURN = r"""
guest:
  description:
    - The guest. In check mode, when a token would be issued, only what is known before the call.
  returned: always
  type: dict
  contains:
    id:
      description: The guest's person id (a person of type C(appuser)).
      type: str
      sample: Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0
    subject:
      description: The subject.
      type: str
      sample: support-kiosk-7
    display_name:
      description: The guest's name.
      type: str
      sample: Support kiosk 7
    email:
      description: The synthetic email Webex gives the guest.
      type: str
      sample: 0b9f1c52-7d1e-4bfb-9a43-1c4c1b1a6f10@appid.ciscospark.com
    expires_in:
      description: Seconds the token stays valid from the end of the run.
      type: int
      sample: 86400
    expires_at:
      description: When the token expires, in UTC (ISO 8601).
      type: str
      sample: "2026-03-02T10:15:00Z"
access_token:
  description:
    - The guest token (a secret of over 2,000 characters). Register it on a task with C(no_log=true).
    - Empty in check mode when a token would be issued.
  returned: when O(return_token=true)
  type: str
  sample: eyJhbGciOi...
action:
  description: What the run did.
  returned: always
  type: str
  choices: [issued, renamed, reused]
  sample: reused
"""

import time

from ansible_collections.webexops.identity.plugins.module_utils.guests.tokens import (
    DEFAULT_MIN_VALID_FOR,
    GuestInputError,
    cached_guest_from_answer,
    check_guest_input,
    check_token_file_folder,
    guest_result,
    load_cached_guest,
    parse_duration,
    plan_guest_token,
    request_guest_token,
    save_cached_guest,
)
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule

ACTIONS = {"issue": "issued", "rename": "renamed", "reuse": "reused"}


def with_guest(module: WebexModule, result: dict, guest: dict, token: str) -> dict:
    """The result with the guest and, when the task asks for it, the token."""
    result["guest"] = guest
    if module.params["return_token"]:
        if token and not module.no_log:
            module.warn("The result holds a guest token: set no_log: true on this task so that Ansible does not print it.")
        result["access_token"] = token
    return result


def run(module: WebexModule) -> dict:
    params = module.params
    subject, display_name, token_file = params["subject"], params["display_name"], params["token_file"]
    check_guest_input(subject, display_name)
    if not params["return_token"] and not token_file and not module.check_mode:
        raise GuestInputError("return_token=false needs token_file, or the token would be lost; set token_file.")
    min_valid_for = DEFAULT_MIN_VALID_FOR if params["min_valid_for"] is None else parse_duration(params["min_valid_for"])
    now = time.time()
    cached = None
    if token_file:
        check_token_file_folder(token_file)
        cached = load_cached_guest(token_file, subject)
    if cached:
        module.hide_on_failure(cached.access_token)
    plan = plan_guest_token(cached, display_name, now, min_valid_for)
    result = {"changed": plan.needs_call, "action": ACTIONS[plan.action]}
    if module._diff:
        result["diff"] = {"before": plan.before, "after": plan.after, "before_header": subject, "after_header": subject}
    if not plan.needs_call:
        return with_guest(module, result, guest_result(cached.guest, cached.expires_at, now), cached.access_token)
    if module.check_mode:
        known = dict(cached.guest) if cached else {"subject": subject}
        known["display_name"] = display_name
        return with_guest(module, result, known, "")
    issued = cached_guest_from_answer(request_guest_token(module.client, subject, display_name), now)
    module.hide_on_failure(issued.access_token)
    if token_file:
        save_cached_guest(token_file, issued)
    return with_guest(module, result, guest_result(issued.guest, issued.expires_at, time.time()), issued.access_token)


def main() -> None:
    module = WebexModule(
        argument_spec=dict(
            subject=dict(type="str", required=True),
            display_name=dict(type="str", required=True),
            token_file=dict(type="path"),
            min_valid_for=dict(type="raw"),
            return_token=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
        required_by={"min_valid_for": "token_file"},

    )
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
