"""Unattended authentication without a server: which credential sets are refused, and the rotated refresh token hook."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import RefreshGrant, WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import credentials_problem

SET = {"client_id": "cid", "client_secret": "secret-c2VjcmV0", "refresh_token": "refresh-cmVmcmVzaA"}


def params(**given):
    base = dict.fromkeys(("access_token", "client_id", "client_secret", "refresh_token", "refresh_token_file"))
    base.update(given)
    return base


@pytest.mark.parametrize("given", [
    {"access_token": "tok"},
    SET,
    {"client_id": "cid", "client_secret": "s", "refresh_token_file": "/tmp/refresh"},
    {"access_token": "tok", "client_id": "cid"},  # a stray WEBEX_CLIENT_ID does not block a personal token
    {},  # nothing at all is reported when the first call needs a token
])
def test_sets_that_work(given):
    assert credentials_problem(params(**given)) is None


def test_a_missing_secret_is_one_sentence_naming_the_variable():
    problem = credentials_problem(params(client_id="cid", refresh_token="r"))
    assert problem.startswith("The refresh-token credentials are incomplete: client_secret (or WEBEX_CLIENT_SECRET) is missing;")
    assert problem.count(".") == 1 and problem.endswith(".")


def test_two_missing_options_are_both_named():
    problem = credentials_problem(params(client_id="cid"))
    assert "client_secret (or WEBEX_CLIENT_SECRET), refresh_token (or WEBEX_REFRESH_TOKEN) are missing" in problem


def test_an_access_token_and_a_refresh_token_conflict():
    problem = credentials_problem(params(access_token="tok", **SET))
    assert "WEBEX_ACCESS_TOKEN" in problem and "WEBEX_REFRESH_TOKEN" in problem and "keep one way" in problem


def test_no_problem_sentence_holds_a_secret():
    for given in ({"client_id": "cid", "refresh_token": SET["refresh_token"]}, dict(SET, access_token="tok-dG9r")):
        problem = credentials_problem(params(**given))
        assert SET["refresh_token"] not in problem and "tok-dG9r" not in problem


def test_a_rotated_refresh_token_is_handed_to_the_hook_once(httpserver):
    httpserver.expect_request("/v1/access_token", method="POST").respond_with_json(
        {"access_token": "minted-1", "expires_in": 60, "refresh_token": "refresh-bmV3"})
    httpserver.expect_request("/v1/people/me").respond_with_json({"id": "me"})
    handed = []
    client = WebexClient(api_url=httpserver.url_for("/v1"), refresh_grant=RefreshGrant(**SET),
                         on_rotated_refresh_token=handed.append)

    client.get("/people/me")
    client.get("/people/me")

    assert handed == ["refresh-bmV3"] and client.refresh_grant.refresh_token == "refresh-bmV3"


def test_an_unchanged_refresh_token_is_not_handed_to_the_hook(httpserver):
    httpserver.expect_request("/v1/access_token", method="POST").respond_with_json(
        {"access_token": "minted-1", "expires_in": 60, "refresh_token": SET["refresh_token"]})
    httpserver.expect_request("/v1/people/me").respond_with_json({"id": "me"})
    handed = []
    client = WebexClient(api_url=httpserver.url_for("/v1"), refresh_grant=RefreshGrant(**SET),
                         on_rotated_refresh_token=handed.append)

    client.get("/people/me")

    assert handed == []
