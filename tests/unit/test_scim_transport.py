"""SCIM 2 in the transport: URLs at the API root, the same retry rules as /v1, SCIM error bodies and scopes."""

from __future__ import annotations

import requests

from ansible_collections.webexops.identity.plugins.module_utils.groups.scim import total_of
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import scim_id
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient, scim_root_of
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import error_from_response, scope_for
from ansible_collections.webexops.identity.plugins.module_utils.transport.retry_policy import WebexRetry


def test_scim_hangs_from_the_root_beside_v1():
    assert scim_root_of("https://webexapis.com/v1") == "https://webexapis.com"
    assert scim_root_of("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080"


def test_scim_calls_get_the_webex_retry_rules():
    client = WebexClient("https://webexapis.com/v1", access_token="t")
    adapter = client.session.get_adapter("https://webexapis.com/identity/scim/o/v2/Groups")
    assert isinstance(adapter.max_retries, WebexRetry)


def test_a_scim_error_body_gives_the_message():
    response = requests.Response()
    response.status_code = 400
    response._content = b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "noTarget", "detail": "No."}'
    error = error_from_response(response, "PATCH", "/identity/scim/o/v2/Groups/g")
    assert error.message == "No. noTarget"


def test_scim_scopes():
    assert scope_for("GET", "/identity/scim/o/v2/Groups") == "identity:people_read or identity:people_rw"
    assert scope_for("PATCH", "/identity/scim/o/v2/Groups/g") == "identity:people_rw"


def test_ids_and_totals():
    people_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS81NTgzZTFlYy0yMWM1LTU1ZjUtODQ4MC0yZjQ3OGFlODJiNDc"
    assert scim_id(people_id, "PEOPLE") == "5583e1ec-21c5-55f5-8480-2f478ae82b47"
    assert scim_id(people_id, "ORGANIZATION") is None and scim_id("sales", "PEOPLE") is None
    assert total_of({"memberSize": 3}) == 3 and total_of({"totalResults": 2, "memberSize": 9}) == 2 and total_of({}) is None


def test_a_bulk_request_of_repeatable_operations_is_retried_as_a_put_is_and_other_scim_posts_are_not():
    client = WebexClient("https://webexapis.com/v1", access_token="t")
    bulk = "https://webexapis.com/identity/scim/o/v2/Bulk"
    assert "POST" not in client.session.get_adapter(bulk).max_retries.allowed_methods
    client.allow_repeats(bulk, "POST")
    assert "POST" in client.session.get_adapter(bulk).max_retries.allowed_methods
    assert "PUT" in client.session.get_adapter(bulk).max_retries.allowed_methods
    assert "POST" not in client.session.get_adapter("https://webexapis.com/identity/scim/o/v2/Groups").max_retries.allowed_methods
    assert "PATCH" in client.session.get_adapter("https://webexapis.com/v1/licenses/users").max_retries.allowed_methods
    assert "PATCH" not in client.session.get_adapter("https://webexapis.com/v1/people/x").max_retries.allowed_methods
