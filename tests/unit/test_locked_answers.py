"""423 Locked: the spec says the resource is busy for a while and a Retry-After may say how long."""

from __future__ import annotations

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient

LOCKED = {"message": "locked", "errors": [{"description": "locked"}], "trackingId": "ROUTER_UNIT-423"}


def test_423_on_a_put_is_retried_after_its_retry_after(httpserver):
    httpserver.expect_ordered_request("/v1/people/p1", method="PUT").respond_with_json(
        LOCKED, status=423, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/v1/people/p1", method="PUT").respond_with_json({"id": "p1"})
    warnings: list = []
    client = WebexClient(api_url=httpserver.url_for("/v1"), access_token="unit-test-token", reporter=warnings.append,
                         backoff_factor=0.01, timeout=5)

    assert client.put("/people/p1", json={"displayName": "P"}) == {"id": "p1"}
    assert len(httpserver.log) == 2 and warnings
