# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the Webex calls that find, create, update and delete one person safely."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError
from ansible_collections.webexops.identity.plugins.module_utils.models import Person
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import CALLING_DATA, PUT_PARAMS


def person_path(person_id: str) -> str:
    return "/people/%s" % person_id


def find_by_email(client: WebexClient, email: str) -> Optional[Dict[str, Any]]:
    """The list item for an email (partial: no licenses or roles), or None."""
    items = client.get("/people", dict(CALLING_DATA, email=email)).get("items") or []
    return items[0] if items else None


def get_person(client: WebexClient, person_id: str) -> Optional[Dict[str, Any]]:
    """The full record, or None when nobody has that id."""
    try:
        return client.get(person_path(person_id), CALLING_DATA)
    except WebexError as error:
        if error.status == 404:
            return None
        raise


def find_person(client: WebexClient, person_id: Optional[str], email: Optional[str], full: bool) -> Optional[Dict[str, Any]]:
    """The person by id, else by email; `full` fetches the whole record when only the list item was found."""
    if person_id:
        return get_person(client, person_id)
    item = find_by_email(client, email or "")
    if item is None or not full:
        return item
    return get_person(client, item["id"])


def create_person(client: WebexClient, body: Dict[str, Any]) -> Dict[str, Any]:
    """POST the person and return what Webex holds for them.

    A POST may fail although Webex created the person (a 400 with calling data, a timeout, a dropped
    connection), so after any error the email is looked up first: an existing person is adopted, and only
    a person confirmed absent is posted once more. One email never gets two people.
    """
    email = body["emails"][0]
    last_error = None
    for _attempt in range(2):
        try:
            # callingData: the answer then holds extension and locationId, which the completion check compares.
            return client.post("/people", json=body, params=CALLING_DATA)
        except WebexError as error:
            if error.status in (401, 403):
                raise
            existing = find_by_email(client, email)
            if existing is not None:
                return get_person(client, existing["id"]) or existing
            if not is_transient(error):
                raise
            last_error = error
    raise last_error


def is_transient(error: WebexError) -> bool:
    """No answer, a rate limit or a server error: the call may work when sent again."""
    return error.status is None or error.status == 429 or error.status >= 500


def update_person(client: WebexClient, person_id: str, body: Dict[str, Any]) -> Dict[str, Any]:
    """PUT the full record; after a failure, re-read the person so the error says what Webex now holds."""
    try:
        answer = client.put(person_path(person_id), json=body, params=PUT_PARAMS)
    except WebexError as error:
        try:
            error.body = {"webex_answer": error.body, "person_now": Person.from_api(get_person(client, person_id) or {}).to_result()}
        except WebexError:
            pass  # the first error is the one to report
        raise error
    if isinstance(answer, dict) and answer:
        return answer
    # The spec allows 204 without a body: read the person back, so what Webex kept can be compared.
    return get_person(client, person_id) or {}


def delete_person(client: WebexClient, person_id: str) -> bool:
    """Delete; False when the person was already gone."""
    try:
        client.delete(person_path(person_id))
    except WebexError as error:
        if error.status == 404:
            return False
        raise
    return True


def person_result(person: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A person as modules return it: snake_case keys, nothing empty."""
    return Person.from_api(person or {}).to_result()
