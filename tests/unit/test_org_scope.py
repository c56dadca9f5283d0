"""Where org_id goes in each call: exactly where the spec takes orgId, and a next page keeps it."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import org_named_by, place_org_id

BASE = "https://webexapis.com/v1"


@pytest.mark.parametrize("method, path", [("GET", "/people"), ("GET", "/licenses"), ("GET", "/locations")])
def test_list_calls_take_it_in_the_query(method, path):
    params, body = place_org_id("org-1", method, path, BASE + path, {"max": 1}, None)
    assert params == {"max": 1, "orgId": "org-1"} and body is None


@pytest.mark.parametrize("method, path", [("POST", "/people"), ("PUT", "/people/p-1"), ("PATCH", "/licenses/users")])
def test_writes_take_it_in_the_body(method, path):
    params, body = place_org_id("org-1", method, path, BASE + path, {"callingData": "true"}, {"emails": ["a@b.c"]})
    assert params == {"callingData": "true"} and body == {"emails": ["a@b.c"], "orgId": "org-1"}


@pytest.mark.parametrize("method, path", [("GET", "/people/p-1"), ("DELETE", "/people/p-1"), ("GET", "/people/me"),
                                          ("GET", "/licenses/l-1"), ("GET", "/roles"), ("POST", "/guests/token"),
                                          ("GET", "/guests/count")])
def test_calls_that_take_no_org_id_are_left_alone(method, path):
    assert place_org_id("org-1", method, path, BASE + path, None, None) == (None, None)
    assert org_named_by("org-1", method, path) is None


def test_a_next_page_keeps_its_org_id_or_gets_it_back():
    kept = BASE + "/people?cursor=abc&orgId=org-1"
    assert place_org_id("org-1", "GET", "/people", kept, None, None) == (None, None)
    dropped = BASE + "/people?cursor=abc"
    assert place_org_id("org-1", "GET", "/people", dropped, None, None) == ({"orgId": "org-1"}, None)


def test_without_org_id_nothing_changes():
    assert place_org_id(None, "POST", "/people", BASE + "/people", None, {"emails": []}) == (None, {"emails": []})
    assert org_named_by(None, "GET", "/people") is None and org_named_by("org-1", "GET", "/people") == "org-1"
