# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: where a call names the organisation it works on (org_id), exactly as the spec allows."""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

# Calls whose query takes orgId (the spec's GET /people, /licenses and /locations).
ORG_ID_IN_QUERY = (("GET", re.compile(r"^/people$")), ("GET", re.compile(r"^/licenses$")), ("GET", re.compile(r"^/locations$")))
# Calls whose JSON body takes orgId. GET/DELETE /people/{id} and GET /licenses/{id} take none: the id names the object.
ORG_ID_IN_BODY = (("POST", re.compile(r"^/people$")), ("PUT", re.compile(r"^/people/[^/]+$")),
                  ("PATCH", re.compile(r"^/licenses/users$")))

# The option every people module takes, documented once in the org_id doc fragment.
ORG_ID_ARGUMENT_SPEC: Dict[str, Dict[str, Any]] = dict(org_id=dict(type="str"))


def _takes(table: Tuple[Tuple[str, Any], ...], method: str, path: str) -> bool:
    return any(method == want and pattern.match(path) for want, pattern in table)


def org_named_by(org_id: Optional[str], method: str, short_path: str) -> Optional[str]:
    """The org_id a call sends (so its 403 can name the organisation), or None when the call takes no orgId."""
    if org_id and (_takes(ORG_ID_IN_QUERY, method, short_path) or _takes(ORG_ID_IN_BODY, method, short_path)):
        return org_id
    return None


def place_org_id(org_id: Optional[str], method: str, short_path: str, url: str,
                 params: Optional[Dict[str, Any]], body: Any) -> Tuple[Optional[Dict[str, Any]], Any]:
    """The query and body of a call with orgId added where the spec takes it; both unchanged without an org_id.

    A next-page URL keeps the orgId it carries; one that dropped it gets it back, so page two never lists the
    token's own organisation instead.
    """
    if not org_id:
        return params, body
    if _takes(ORG_ID_IN_QUERY, method, short_path) and "orgId" not in parse_qs(urlsplit(url).query):
        params = dict(params or {}, orgId=org_id)
    if _takes(ORG_ID_IN_BODY, method, short_path) and isinstance(body, dict):
        body = dict(body, orgId=org_id)
    return params, body
