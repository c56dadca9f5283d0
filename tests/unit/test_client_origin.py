"""The client sends its token and its client secret only to api_url: no foreign next links, no redirects, no clear text.

Each test has a second local server standing for another host; it must receive nothing.
"""

from __future__ import annotations

from typing import List

import pytest
from pytest_httpserver import HTTPServer

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import RefreshGrant, WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError

TOKEN = "unit-test-token-b3JpZ2lu"
SECRET = "client-secret-c2VjcmV0"
REFRESH = "refresh-token-cmVmcmVzaA"


def make_client(base_url: str, **kwargs) -> WebexClient:
    kwargs.setdefault("access_token", TOKEN)
    warnings: List[str] = []
    return WebexClient(api_url=base_url, reporter=warnings.append, backoff_factor=0.01, timeout=5, **kwargs)


@pytest.fixture
def elsewhere():
    """Another origin: a second server on its own port, which the tests name as 127.0.0.1 or as localhost."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/v1")


def assert_nothing_reached(server: HTTPServer) -> None:
    assert [(request.method, request.path) for request, _response in server.log] == []


# --- 1. a Link header pointing elsewhere -----------------------------------------------------------

@pytest.mark.parametrize("where", ["other host", "other port", "other scheme"])
def test_a_next_link_to_another_origin_is_refused_and_not_followed(httpserver, base, elsewhere, where):
    foreign = {
        "other host": "http://127.0.0.1:%d/v1/people?cursor=two" % elsewhere.port,
        "other port": "http://localhost:%d/v1/people?cursor=two" % elsewhere.port,
        "other scheme": httpserver.url_for("/v1/people").replace("http://", "https://", 1) + "?cursor=two",
    }[where]
    elsewhere.expect_request("/v1/people").respond_with_json({"items": [{"id": "planted"}]})
    httpserver.expect_request("/v1/people").respond_with_json(
        {"items": [{"id": "1"}]}, headers={"Link": '<%s>; rel="next"' % foreign})

    with pytest.raises(WebexError) as caught:
        make_client(base).list_items("/people")

    text = str(caught.value)
    assert "next-page link" in text and "api_url" in text and "\n" not in text and TOKEN not in text
    assert len(httpserver.log) == 1  # the first page only: the foreign URL was not asked, not even on our server
    assert_nothing_reached(elsewhere)


def test_a_next_link_on_api_urls_origin_is_followed(httpserver, base):
    page2 = httpserver.url_for("/v1/people") + "?cursor=two"
    httpserver.expect_ordered_request("/v1/people", query_string="").respond_with_json(
        {"items": [{"id": "1"}]}, headers={"Link": '<%s>; rel="next"' % page2})
    httpserver.expect_ordered_request("/v1/people", query_string="cursor=two").respond_with_json({"items": [{"id": "2"}]})

    assert [item["id"] for item in make_client(base).list_items("/people")] == ["1", "2"]


# --- 2. redirects ------------------------------------------------------------------------------------

CALLS = {
    "GET": lambda client: client.get("/people/p1"),
    "list": lambda client: client.list_items("/people"),
    "PUT": lambda client: client.put("/people/p1", json={"displayName": "P"}),
    "POST": lambda client: client.post("/people", json={"emails": ["p@example.com"]}),
    "DELETE": lambda client: client.delete("/people/p1"),
}


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_redirect_to_another_host_is_an_error_and_not_followed(httpserver, base, elsewhere, call, status):
    method = "GET" if call == "list" else call
    path = "/v1/people" if call in ("list", "POST") else "/v1/people/p1"
    elsewhere.expect_request(path, method=method).respond_with_json({"id": "stolen"})
    httpserver.expect_request(path, method=method).respond_with_data(
        "", status=status, headers={"Location": elsewhere.url_for(path)})

    with pytest.raises(WebexError) as caught:
        CALLS[call](make_client(base))

    text = str(caught.value)
    assert caught.value.status == status and "redirect" in text and "\n" not in text and TOKEN not in text
    assert len(httpserver.log) == 1
    assert_nothing_reached(elsewhere)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_the_token_request_follows_no_redirect(httpserver, base, elsewhere, status):
    elsewhere.expect_request("/v1/access_token", method="POST").respond_with_json(
        {"access_token": "minted", "expires_in": 60, "refresh_token": REFRESH})
    httpserver.expect_request("/v1/access_token", method="POST").respond_with_data(
        "", status=status, headers={"Location": elsewhere.url_for("/v1/access_token")})
    client = make_client(base, access_token=None, refresh_grant=RefreshGrant("client-1", SECRET, REFRESH))

    with pytest.raises(WebexError) as caught:
        client.get("/people/me")

    text = str(caught.value)
    assert caught.value.status == status and "redirect" in text and "POST /access_token" in text
    assert SECRET not in text and REFRESH not in text
    assert [request.path for request, _response in httpserver.log] == ["/v1/access_token"]
    assert_nothing_reached(elsewhere)


# --- 3. clear text to a remote host ------------------------------------------------------------------

@pytest.mark.parametrize("api_url", ["http://203.0.113.5/v1", "http://webex.example.com/v1", "HTTP://203.0.113.5:8080/v1"])
def test_http_to_a_remote_host_is_refused_when_the_client_is_built(api_url):
    # Building a client opens no connection: the refusal comes before any request could be made.
    with pytest.raises(WebexError) as caught:
        make_client(api_url)

    text = str(caught.value)
    assert "allow_insecure_http" in text and "https://" in text and "\n" not in text and TOKEN not in text


def test_http_to_a_remote_host_is_refused_for_a_refresh_grant_too():
    with pytest.raises(WebexError, match="allow_insecure_http"):
        make_client("http://203.0.113.5/v1", access_token=None, refresh_grant=RefreshGrant("client-1", SECRET, REFRESH))


@pytest.mark.parametrize("api_url", ["http://127.0.0.1:8080/v1", "http://127.9.9.9/v1", "http://localhost:9/v1",
                                     "http://[::1]:8080/v1", "https://203.0.113.5/v1"])
def test_https_and_loopback_http_are_accepted(api_url):
    assert make_client(api_url).api_url == api_url


def test_allow_insecure_http_lets_a_remote_http_url_through():
    assert make_client("http://203.0.113.5/v1", allow_insecure_http=True).api_url == "http://203.0.113.5/v1"
