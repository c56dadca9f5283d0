"""The shared Webex client against real local HTTP servers: paging, retry rules, errors, token refresh."""

from __future__ import annotations

import json
import socket
import threading
from typing import List

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import RefreshGrant, WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError

TOKEN = "unit-test-token-Zm9vYmFyYmF6cXV4"


def make_client(base_url: str, warnings: List[str], **kwargs) -> WebexClient:
    kwargs.setdefault("access_token", TOKEN)
    return WebexClient(api_url=base_url, reporter=warnings.append, backoff_factor=0.01, timeout=5, **kwargs)


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/v1")


def error_body(message: str, tracking_id: str = "ROUTER_UNIT-1") -> dict:
    return {"message": message, "errors": [{"description": message}], "trackingId": tracking_id}


def test_pages_follow_link_header_as_given(httpserver, base):
    page2 = httpserver.url_for("/v1/people") + "?cursor=two&max=null"
    page3 = httpserver.url_for("/v1/people") + "?cursor=three"
    httpserver.expect_ordered_request("/v1/people", query_string="max=2").respond_with_json(
        {"items": [{"id": "1"}, {"id": "2"}]}, headers={"Link": '<%s>; rel="next"' % page2})
    httpserver.expect_ordered_request("/v1/people", query_string="cursor=two&max=null").respond_with_json(
        {"items": [{"id": "3"}, {"id": "4"}]}, headers={"Link": '<%s>; rel="next"' % page3})
    httpserver.expect_ordered_request("/v1/people", query_string="cursor=three").respond_with_json({"items": [{"id": "5"}]})
    client = make_client(base, [])

    ids = [item["id"] for item in client.iter_items("/people", params={"max": 2})]

    assert ids == ["1", "2", "3", "4", "5"]
    assert [req.query_string.decode() for req, _response in httpserver.log] == ["max=2", "cursor=two&max=null", "cursor=three"]
    assert all(req.headers["Authorization"] == "Bearer " + TOKEN for req, _response in httpserver.log)


@pytest.mark.parametrize("retry_after, expect_in_warning", [
    ("1", "waited 1.0 s"),
    (None, "status 429"),
    ("rand(30),add(30)", "malformed Retry-After"),
])
def test_429_is_retried_whatever_the_retry_after(httpserver, base, retry_after, expect_in_warning):
    headers = {"Retry-After": retry_after} if retry_after else {}
    httpserver.expect_ordered_request("/v1/people/me").respond_with_json(error_body("Too many requests"), status=429, headers=headers)
    httpserver.expect_ordered_request("/v1/people/me").respond_with_json({"id": "me"})
    warnings: List[str] = []

    assert make_client(base, warnings).get("/people/me") == {"id": "me"}

    assert len(httpserver.log) == 2
    assert len(warnings) == 1 and expect_in_warning in warnings[0] and "GET /v1/people/me" in warnings[0]


def test_429_on_post_is_retried(httpserver, base):
    httpserver.expect_ordered_request("/v1/people", method="POST").respond_with_json(error_body("slow down"), status=429)
    httpserver.expect_ordered_request("/v1/people", method="POST").respond_with_json({"id": "new"})

    assert make_client(base, []).post("/people", json={"emails": ["a@example.com"]}) == {"id": "new"}
    assert len(httpserver.log) == 2


def test_503_on_get_is_retried(httpserver, base):
    httpserver.expect_ordered_request("/v1/roles").respond_with_json(error_body("unavailable"), status=503)
    httpserver.expect_ordered_request("/v1/roles").respond_with_json({"items": []})

    assert make_client(base, []).get("/roles") == {"items": []}
    assert len(httpserver.log) == 2


def test_503_on_post_is_not_retried(httpserver, base):
    httpserver.expect_request("/v1/people", method="POST").respond_with_json(error_body("unavailable"), status=503)

    with pytest.raises(WebexError) as caught:
        make_client(base, []).post("/people", json={"emails": ["a@example.com"]})

    assert caught.value.status == 503
    assert len(httpserver.log) == 1


def test_retries_stop_at_the_retry_count(httpserver, base):
    httpserver.expect_request("/v1/roles").respond_with_json(error_body("busy", "ROUTER_LAST"), status=502)

    with pytest.raises(WebexError) as caught:
        make_client(base, [], retries=2).get("/roles")

    assert caught.value.status == 502 and caught.value.tracking_id == "ROUTER_LAST"
    assert len(httpserver.log) == 3


def test_total_wait_is_capped(httpserver, base):
    httpserver.expect_request("/v1/roles").respond_with_json(error_body("wait"), status=429, headers={"Retry-After": "3600"})
    warnings: List[str] = []

    with pytest.raises(WebexError) as caught:
        make_client(base, warnings, max_wait=0.3).get("/roles")

    assert caught.value.status == 429
    assert len(httpserver.log) == 2  # one wait of 0.3 s spent the budget
    assert "waited 0.3 s" in warnings[0]


def test_error_holds_status_message_tracking_id_and_never_the_token(httpserver, base):
    httpserver.expect_request("/v1/people/abc", method="PUT").respond_with_json(
        error_body("displayName is required", "ROUTER_6560A1E5"), status=400)

    with pytest.raises(WebexError) as caught:
        make_client(base, []).put("/people/abc", json={"emails": ["a@example.com"]})

    text = str(caught.value)
    assert "400" in text and "PUT /people/abc" in text and "displayName is required" in text and "ROUTER_6560A1E5" in text
    assert TOKEN not in text and TOKEN not in repr(caught.value.__dict__)


def test_403_names_the_missing_scope(httpserver, base):
    httpserver.expect_request("/v1/licenses").respond_with_json(error_body("Forbidden"), status=403)

    with pytest.raises(WebexError) as caught:
        make_client(base, []).get("/licenses")

    assert "spark-admin:licenses_read" in str(caught.value)


class DroppingServer:
    """A raw HTTP server that closes the first `drops` connections without answering, then answers 200."""

    def __init__(self, drops: int) -> None:
        self.drops = drops
        self.requests: List[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = "http://127.0.0.1:%d/v1" % self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(65536).decode("latin-1")
                self.requests.append(data.split("\r\n", 1)[0])
                if len(self.requests) <= self.drops:
                    continue  # closing without a byte is what a dropped connection looks like
                body = json.dumps({"id": "ok"}).encode()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def close(self) -> None:
        self.sock.close()


def test_dropped_connection_on_get_is_retried():
    server = DroppingServer(drops=1)
    warnings: List[str] = []
    try:
        assert make_client(server.url, warnings).get("/people/x") == {"id": "ok"}
    finally:
        server.close()
    assert server.requests == ["GET /v1/people/x HTTP/1.1"] * 2
    assert "connection error" in warnings[0]


def test_dropped_connection_on_post_is_not_retried():
    server = DroppingServer(drops=1)
    try:
        with pytest.raises(WebexError) as caught:
            make_client(server.url, []).post("/people", json={"emails": ["a@example.com"]})
    finally:
        server.close()
    assert len(server.requests) == 1
    assert caught.value.status is None and "POST /people" in str(caught.value)


def test_refused_connection_is_one_sentence():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()

    with pytest.raises(WebexError) as caught:
        make_client("http://127.0.0.1:%d/v1" % port, [], retries=0).get("/people/me")

    assert "could not connect" in str(caught.value) and "\n" not in str(caught.value)


def test_refresh_grant_mints_a_token_and_refreshes_once_after_401(httpserver, base):
    grant = RefreshGrant("client-1", "secret-Y2xpZW50", "refresh-cmVmcmVzaA")
    httpserver.expect_ordered_request("/v1/access_token", method="POST").respond_with_json(
        {"access_token": "minted-1", "expires_in": 60, "refresh_token": "refresh-cmVmcmVzaA"})
    httpserver.expect_ordered_request("/v1/people/me", headers={"Authorization": "Bearer minted-1"}).respond_with_json({"id": "me"})
    httpserver.expect_ordered_request("/v1/people/me", headers={"Authorization": "Bearer minted-1"}).respond_with_json(
        error_body("expired"), status=401)
    httpserver.expect_ordered_request("/v1/access_token", method="POST").respond_with_json(
        {"access_token": "minted-2", "expires_in": 60, "refresh_token": "refresh-cmVmcmVzaA"})
    httpserver.expect_ordered_request("/v1/people/me", headers={"Authorization": "Bearer minted-2"}).respond_with_json({"id": "me"})
    client = make_client(base, [], access_token=None, refresh_grant=grant)

    assert client.get("/people/me") == {"id": "me"}
    assert client.get("/people/me") == {"id": "me"}

    form = httpserver.log[0][0].form
    assert form["grant_type"] == "refresh_token" and form["refresh_token"] == "refresh-cmVmcmVzaA"
    assert client.rotated_refresh_token is None
    httpserver.check_assertions()


def test_revoked_refresh_token_fails_with_one_sentence(httpserver, base):
    grant = RefreshGrant("client-1", "secret-Y2xpZW50", "refresh-cmVmcmVzaA")
    httpserver.expect_request("/v1/access_token", method="POST").respond_with_json(
        error_body("The refresh token provided is expired, revoked, malformed, or invalid."), status=400)

    with pytest.raises(WebexError) as caught:
        make_client(base, [], access_token=None, refresh_grant=grant).get("/people/me")

    text = str(caught.value)
    assert "refresh token was refused" in text and "secret-Y2xpZW50" not in text and "refresh-cmVmcmVzaA" not in text
