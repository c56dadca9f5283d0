# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the SCIM 2 calls of groups (search, read, members, create, PATCH, delete) and user look-ups."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.scim.names import PATCH_SCHEMA, scim_base_path, scim_base_url
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
SEARCH_PAGE = 100
# The spec: GET /Groups/{id}/Members gives at most 500 members a page.
MEMBERS_PAGE = 500
# Emails (or ids) asked in one user search, joined with "or": the URL stays a few kilobytes long.
USERS_PER_SEARCH = 50


def filter_value(value: str) -> str:
    """A SCIM filter string literal (JSON quoting, as RFC 7644 says)."""
    return json.dumps(value)


def any_of(attribute: str, values: List[str]) -> str:
    """A filter matching any of the values: attribute eq "a" or attribute eq "b"."""
    return " or ".join("%s eq %s" % (attribute, filter_value(v)) for v in values)


def group_create_body(body: Dict[str, Any]) -> Dict[str, Any]:
    """The POST /Groups body: the group's attributes under the core Group schema."""
    return dict(body, schemas=[GROUP_SCHEMA])


def group_patch_body(operations: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The PATCH /Groups/{id} body: the operations in order, under the PatchOp schema."""
    return {"schemas": [PATCH_SCHEMA], "Operations": operations}


def total_of(body: Dict[str, Any]) -> Optional[int]:
    """The result count: totalResults, or memberSize where the spec's answers carry that instead."""
    total = body.get("totalResults", body.get("memberSize"))
    return int(total) if isinstance(total, (int, float)) else None


class ScimDirectory:
    """SCIM calls of one organisation."""

    def __init__(self, client: WebexClient, org: str) -> None:
        self.client = client
        self.org = org
        self.path = scim_base_path(org)  # what rendered requests show, beside the People API's paths
        self.base = scim_base_url(client, org)

    def _pages(self, path: str, params: Dict[str, Any], key: str, page: int) -> Iterator[Dict[str, Any]]:
        """Every item of a SCIM list: startIndex moves by what each page held until totalResults is reached."""
        start = 1
        while True:
            body = self.client.get(self.base + path, dict(params, startIndex=start, count=page)) or {}
            items = body.get(key) or []
            yield from items
            start += len(items)
            total = total_of(body)
            if not items or (total is not None and start > total) or (total is None and len(items) < page):
                return

    def groups_named(self, name: str) -> List[Dict[str, Any]]:
        """Every group whose displayName is this name (Webex allows several)."""
        found = self._pages("/Groups", {"filter": "displayName eq %s" % filter_value(name)}, "Resources", SEARCH_PAGE)
        return [group for group in found if str(group.get("displayName", "")).lower() == name.lower()]

    def all_groups(self) -> List[Dict[str, Any]]:
        return list(self._pages("/Groups", {}, "Resources", SEARCH_PAGE))

    def groups_with_members(self) -> List[Dict[str, Any]]:
        """Every group with all its members: search pages with includeMembers, and the Members pages of a group the
        search may have cut (it shows at most MEMBERS_PAGE members, as GET /Groups/{id} does)."""
        groups = list(self._pages("/Groups", {"includeMembers": "true"}, "Resources", SEARCH_PAGE))
        for group in groups:
            if len(group.get("members") or []) >= MEMBERS_PAGE:
                group["members"] = self.members(group["id"])
        return groups

    def group(self, group_id: str) -> Optional[Dict[str, Any]]:
        """A group without its members (they come from members()), or None when there is none with that id."""
        try:
            return self.client.get("%s/Groups/%s" % (self.base, group_id), {"excludedAttributes": "members"})
        except WebexError as error:
            if error.status == 404:
                return None
            raise

    def members(self, group_id: str) -> List[Dict[str, Any]]:
        """Every member of a group, all pages (GET /Groups/{id} alone stops at 500)."""
        return list(self._pages("/Groups/%s/Members" % group_id, {}, "members", MEMBERS_PAGE))

    def users_where(self, attribute: str, values: List[str]) -> List[Dict[str, Any]]:
        """Users whose attribute (userName, id) is one of the values: one search per USERS_PER_SEARCH values."""
        found: List[Dict[str, Any]] = []
        for first in range(0, len(values), USERS_PER_SEARCH):
            chunk = values[first:first + USERS_PER_SEARCH]
            found.extend(self._pages("/Users", {"filter": any_of(attribute, chunk)}, "Resources", SEARCH_PAGE))
        return found

    def create_group(self, body: Dict[str, Any]) -> Dict[str, Any]:
        return self.client.post(self.base + "/Groups", json=group_create_body(body))

    def patch_group(self, group_id: str, operations: List[Dict[str, Any]]) -> Dict[str, Any]:
        return self.client.patch("%s/Groups/%s" % (self.base, group_id), json=group_patch_body(operations))

    def delete_group(self, group_id: str) -> bool:
        """Delete a group; False when it was already gone."""
        try:
            self.client.delete("%s/Groups/%s" % (self.base, group_id))
        except WebexError as error:
            if error.status == 404:
                return False
            raise
        return True
