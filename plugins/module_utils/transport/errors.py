# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one error type the Webex client raises, and the scope hints in it."""

from __future__ import annotations

import re
from typing import Any, Optional

# Which OAuth scope a call needs, so a 403 can name it: (method, path pattern, scope).
_SCOPES = (
    ("GET", r"^/people/me$", "any valid token"),
    ("GET", r"^/people", "spark-admin:people_read"),
    ("*", r"^/people", "spark-admin:people_write"),
    ("PATCH", r"^/licenses/users$", "spark-admin:people_write"),
    ("GET", r"^/licenses", "spark-admin:licenses_read"),
    ("GET", r"^/roles", "spark-admin:roles_read"),
    ("GET", r"^/locations", "spark-admin:locations_read"),
    ("POST", r"^/guests/token$", "guest-issuer:write"),
    ("GET", r"^/guests", "guest-issuer:read or guest-issuer:write"),
    ("GET", r"^/identity/scim/", "identity:people_read or identity:people_rw"),
    ("*", r"^/identity/scim/", "identity:people_rw"),
)


def scope_for(method: str, path: str) -> Optional[str]:
    """Return the scope a call needs, or None when the call is not one this collection knows."""
    for scope_method, pattern, scope in _SCOPES:
        if scope_method in (method, "*") and re.match(pattern, path):
            return scope
    return None


class InvalidInput(ValueError):
    """Input a person must fix: the message is the one sentence the module fails with."""


class WebexError(Exception):
    """A failed Webex call: what was asked, what Webex said, and the trackingId support needs."""

    def __init__(
        self,
        message: str,
        status: Optional[int] = None,
        tracking_id: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
        body: Any = None,
        org_id: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.tracking_id = tracking_id
        self.method = method
        self.path = path
        self.body = body
        # The organisation the call named (org_id), so a 403 can say whose rights were missing.
        self.org_id = org_id

    def __str__(self) -> str:
        call = "%s %s" % (self.method, self.path) if self.method else "the call"
        if self.status is None:
            text = "%s failed: %s" % (call, self.message)
        else:
            text = "Webex answered %s to %s: %s" % (self.status, call, self.message)
        hint = self.hint()
        if hint:
            text = "%s %s" % (text.rstrip("."), "- " + hint)
        if self.tracking_id:
            text += " (trackingId %s)" % self.tracking_id
        return text

    def hint(self) -> str:
        """A next step for the statuses a person can act on."""
        if self.status == 401:
            return "the token is invalid or expired; get a new one or use a refresh token."
        if self.status == 403 and self.method and self.path:
            scope = scope_for(self.method, self.path)
            if self.org_id:
                return ("the token's user may not manage the organisation %s given in org_id (it must be a partner "
                        "administrator of it), or the token lacks the scope %s." % (self.org_id, scope or "the call needs"))
            if scope and scope != "any valid token":
                return "the token lacks the scope %s, or its user is not an administrator of the org." % scope
        if self.status == 429:
            return "Webex kept rate-limiting the call; run again later or lower the parallelism."
        return ""

    def as_result(self) -> dict:
        """The keys a module adds to its failure result."""
        return {"status": self.status, "tracking_id": self.tracking_id, "body": self.body}


def error_from_response(response: Any, method: str, path: str, org_id: Optional[str] = None) -> WebexError:
    """Build a WebexError from a non-2xx requests.Response, reading Webex's error body when there is one."""
    body: Any = None
    try:
        body = response.json()
    except ValueError:
        body = None
    message = ""
    tracking_id = response.headers.get("TrackingID")
    if isinstance(body, dict):
        message = str(body.get("message") or "")
        details = [e.get("description") for e in body.get("errors") or [] if isinstance(e, dict) and e.get("description")]
        if details and details[0] not in message:
            message = "%s %s" % (message, "; ".join(details)) if message else "; ".join(details)
        tracking_id = body.get("trackingId") or tracking_id
        # SCIM answers errors in RFC 7644's form: {schemas, status, scimType, detail}.
        message = message or " ".join(str(body[key]) for key in ("detail", "scimType") if body.get(key))
    if not message:
        message = (response.text or "").strip()[:300] or (response.reason or "no message")
    return WebexError(message, status=response.status_code, tracking_id=tracking_id, method=method, path=path, body=body,
                      org_id=org_id)
