# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The person fields a module manages, documented once (tests keep this in step with person_fields.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  display_name:
    description:
      - The full name shown in Webex.
      - Creating a person needs O(display_name), O(first_name) or O(last_name).
    type: str
  first_name:
    description:
      - The first name.
    type: str
  last_name:
    description:
      - The last name.
    type: str
  nick_name:
    description:
      - The nickname. Webex may set it to the first name on updates; the module warns when Webex does not keep it.
    type: str
  department:
    description:
      - The business department.
    type: str
  title:
    description:
      - The job title.
    type: str
  manager:
    description:
      - The manager's name, as free text.
    type: str
  manager_id:
    description:
      - The manager, by person id or by email address.
    type: str
  avatar:
    description:
      - The URL of the avatar picture.
    type: str
  extension:
    description:
      - The Webex Calling extension; needs a calling license.
    type: str
  location:
    description:
      - The Webex Calling location, by name or id. Webex accepts it only with a calling license, and never changes it afterwards.
      - A calling license needs O(location) and O(extension) or a work number in O(phone_numbers) in the same task.
    type: str
  login_enabled:
    description:
      - Whether the person may sign in. Every update sends the current value when this is not set, so an update
        never re-enables a disabled person.
    type: bool
  licenses:
    description:
      - Licenses, by name or id. A name that matches several licenses (the same product in two subscriptions)
        fails with the candidates' ids listed; give the id then.
      - Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set) to add or remove some and keep the others.
    type: raw
  roles:
    description:
      - Administrator roles, by name or id.
      - Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set) to add or remove some and keep the others.
    type: raw
  site_urls:
    description:
      - Webex Meetings site URLs, such as V(example.webex.com#attendee). Compared without regard to case.
      - Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set) to add or remove some and keep the others.
    type: raw
  phone_numbers:
    description:
      - Phone numbers, each a dict with C(value), C(type) (default V(work); any type Webex uses is accepted, for
        example V(mobile), V(fax), V(enterprise)) and optional C(primary).
      - Numbers compare by type and digits, so spaces and dashes do not cause changes.
      - A V(work_extension) entry is Webex's own (the location's routing prefix and O(extension)); it is never
        compared or sent, as an update cannot set it. Set O(extension) instead.
      - Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set) to add or remove some and keep the others.
    type: raw
  addresses:
    description:
      - Postal addresses, each a dict with C(type) (default V(work)), C(country), C(locality), C(region),
        C(street_address) and C(postal_code).
      - Give a list to set exactly these, or a dict with any of V(add), V(remove), V(set) to add or remove some and keep the others.
    type: raw
"""
