# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: SCIM 2 names shared by groups and people: ids, the organisation's uuid, URNs, paths."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import SCIM_PREFIX, WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError

PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def uuid_in_webex_id(value: str, resource: str) -> Optional[str]:
    """The uuid inside a People API id of this resource (PEOPLE, ORGANIZATION), or None when it is not one."""
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    parts = text.split("/")
    if len(parts) == 5 and parts[0] == "ciscospark:" and parts[3] == resource and UUID_PATTERN.match(parts[4]):
        return parts[4]
    return None


def scim_id(value: str, resource: str) -> Optional[str]:
    """A SCIM id from a bare uuid or a People API id (the same uuid inside), or None when it is neither."""
    value = value.strip()
    return value.lower() if UUID_PATTERN.match(value) else uuid_in_webex_id(value, resource)


def org_uuid(client: WebexClient, org_id: Optional[str]) -> str:
    """The orgId of SCIM paths: org_id's uuid, else that of the token's own organisation (one GET /people/me)."""
    if org_id:
        found = scim_id(org_id, "ORGANIZATION")
        if not found:
            raise InvalidInput("org_id %r is neither an organisation id nor a uuid; give it as Control Hub shows it." % org_id)
        return found
    me = client.get("/people/me") or {}
    found = scim_id(str(me.get("orgId") or ""), "ORGANIZATION")
    if not found:
        raise WebexError("GET /people/me gave no organisation id to build the SCIM paths from.")
    return found


def scim_base_path(org: str) -> str:
    """The path of an organisation's SCIM 2 resources from the API root, as requests and rendered plans name it."""
    return "%s%s/v2" % (SCIM_PREFIX, org)


def scim_base_url(client: WebexClient, org: str) -> str:
    return client.scim_root + scim_base_path(org)
