# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: SCIM 2 Bulk requests of repeatable operations, and each operation's own answer.

Only PATCH operations that replace or remove whole attributes, and DELETE operations, go in: sending such a
request twice leaves the same state (a DELETE sent again answers 404, which counts as deleted). So a Bulk
request whose answer was lost is retried by the client's rules like a PUT, instead of failing people whose
change was in fact made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.scim.names import BULK_REQUEST_SCHEMA, scim_base_url
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError

# The spec: at most 100 operations a request.
MAX_OPERATIONS = 100


@dataclass
class OperationAnswer:
    """What Webex answered for one operation of a Bulk request."""

    status: Optional[int]  # None: the answer did not mention the operation
    detail: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def bulk_url(client: WebexClient, org: str) -> str:
    return scim_base_url(client, org) + "/Bulk"


def bulk_body(operations: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The BulkRequest: `operations` (the spec's name), each with a bulkId so its answer is found by it."""
    numbered = [dict(operation, bulkId="op%d" % index) for index, operation in enumerate(operations)]
    return {"schemas": [BULK_REQUEST_SCHEMA], "operations": numbered}


def in_batches(items: List[Any], size: int = MAX_OPERATIONS) -> List[List[Any]]:
    return [items[first:first + size] for first in range(0, len(items), size)]


def send_bulk(client: WebexClient, org: str, operations: List[Dict[str, Any]]) -> List[OperationAnswer]:
    """POST one Bulk request (at most MAX_OPERATIONS) and return each operation's answer, in the operations' order."""
    answer = client.post(bulk_url(client, org), json=bulk_body(operations))
    return answers_in_order(answer if isinstance(answer, dict) else {}, operations)


def answers_in_order(answer: Dict[str, Any], operations: List[Dict[str, Any]]) -> List[OperationAnswer]:
    """Each operation's answer: by bulkId, else by its path in `location`, else by position when every operation is answered.

    The spec's schema says `operations` and its example `Operations`: both are read.
    """
    listed = [item for item in answer.get("operations") or answer.get("Operations") or [] if isinstance(item, dict)]
    by_bulk_id = {str(item["bulkId"]): item for item in listed if item.get("bulkId")}
    found = []
    for index, operation in enumerate(operations):
        item = by_bulk_id.get("op%d" % index) or answer_at_location(listed, operation)
        if item is None and len(listed) == len(operations) and listed[index].get("method", operation["method"]) == operation["method"]:
            item = listed[index]
        found.append(operation_answer(item))
    return found


def answer_at_location(listed: List[Dict[str, Any]], operation: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The answer whose location ends with the operation's path, for answers without bulkId."""
    for item in listed:
        if item.get("method") == operation["method"] and str(item.get("location", "")).endswith(operation["path"]):
            return item
    return None


def operation_answer(item: Optional[Dict[str, Any]]) -> OperationAnswer:
    """An answer's status (a string such as "404" on the wire) and the detail of its SCIM error, if any."""
    if item is None:
        return OperationAnswer(None, "Webex's Bulk answer did not mention this operation")
    try:
        status: Optional[int] = int(str(item.get("status", "")).strip().split()[0])
    except (ValueError, IndexError):
        status = None
    response = item.get("response")
    detail = ""
    if isinstance(response, dict):
        detail = " ".join(str(response[key]) for key in ("detail", "scimType") if response.get(key))
    elif response:
        detail = str(response)
    return OperationAnswer(status, detail)


def operation_error(operation: Dict[str, Any], answer: OperationAnswer) -> WebexError:
    """One failed operation as the person's error: its own status and detail."""
    if answer.status is None:
        return WebexError("the SCIM Bulk request carried %s %s, and %s; run again to retry it."
                          % (operation["method"], operation["path"], answer.detail), method="POST", path="/Bulk")
    return WebexError("%s (an operation of a SCIM Bulk request)" % (answer.detail or "no detail given"),
                      status=answer.status, method=operation["method"], path=operation["path"])
