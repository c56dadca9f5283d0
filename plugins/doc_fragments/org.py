# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The org_id option of the people modules: a partner administrator works on a customer's organisation."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  org_id:
    description:
      - The Webex organisation to work on, by its id (as Control Hub and the Webex Organizations API show it). Without it, the
        organisation of the token's user.
      - For partner administrators, who manage their customers' organisations with their own token.
      - "It goes wherever the API takes C(orgId): the C(GET /people), C(GET /licenses) and C(GET /locations)
        queries and the C(POST /people), C(PUT /people/{id}) and C(PATCH /licenses/users) bodies. So people are found
        by email, and licenses and locations by name, inside that organisation only. Roles are the same in every
        organisation."
      - A token whose user may not manage the organisation fails the task with one sentence saying so.
      - A person id names one person wherever they are; with O(org_id), give emails or ids of that organisation.
    type: str
"""
