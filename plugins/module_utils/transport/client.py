# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one HTTP client every module uses to talk to the Webex REST API."""

from __future__ import annotations

import ipaddress
import threading
import traceback
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any, Callable, ContextManager, Dict, Iterator, List, Optional, Tuple
from urllib.parse import urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # reported by WebexModule through missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError, error_from_response
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import org_named_by, place_org_id
from ansible_collections.webexops.identity.plugins.module_utils.transport.retry_policy import (
    DEFAULT_BACKOFF_FACTOR,
    DEFAULT_MAX_WAIT,
    SAFE_METHODS,
    build_retry,
)

DEFAULT_API_URL = "https://webexapis.com/v1"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 5
# Calls beyond SAFE_METHODS whose repeat changes nothing more: POST /guests/token only issues one more token, and
# PATCH /licenses/users only adds or removes licenses (adding a held one, or removing one not held, again is a no-op).
REPEATABLE_CALLS = (("/guests/token", "POST"), ("/licenses/users", "PATCH"))
DEFAULT_PORTS = {"http": 80, "https": 443}
# SCIM 2 sits at the API root (https://webexapis.com/identity/scim/...), beside /v1, not under it.
SCIM_PREFIX = "/identity/scim/"
LOOPBACK_NAMES = ("localhost",)

# Holds the stored refresh token while a refresh runs and yields it (None when nothing is stored).
RefreshTokenHold = Callable[[], ContextManager[Optional[str]]]


@dataclass(frozen=True)
class RefreshGrant:
    """An integration's credentials that mint access tokens with the refresh-token grant."""

    client_id: str
    client_secret: str
    refresh_token: str

    def __repr__(self) -> str:
        return "RefreshGrant(client_id=%r, client_secret=***, refresh_token=***)" % self.client_id


class WebexClient:
    """A requests.Session bound to one Webex API base URL and one identity.

    It adds the token, retries by Webex's rules (see retry_policy), follows Link pages as given,
    mints and refreshes access tokens from a RefreshGrant, and raises WebexError for every failure.
    The token and the client secret go only to the scheme, host and port of api_url: no request follows a
    redirect, a next-page link elsewhere is refused, and http:// is refused unless the host is loopback or
    allow_insecure_http is set.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        access_token: Optional[str] = None,
        refresh_grant: Optional[RefreshGrant] = None,
        timeout: float = DEFAULT_TIMEOUT,
        validate_certs: bool = True,
        retries: int = DEFAULT_RETRIES,
        reporter: Optional[Callable[[str], None]] = None,
        backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
        max_wait: float = DEFAULT_MAX_WAIT,
        pool_size: int = 10,
        on_rotated_refresh_token: Optional[Callable[[str], None]] = None,
        refresh_token_hold: Optional[RefreshTokenHold] = None,
        allow_insecure_http: bool = False,
        org_id: Optional[str] = None,
    ) -> None:
        if not access_token and not refresh_grant:
            raise WebexError("no access token or refresh token was given.")
        problem = insecure_url_problem(api_url, allow_insecure_http)
        if problem:
            raise WebexError(problem)
        self.api_url = api_url.rstrip("/")
        self.origin = origin_of(self.api_url)
        self.scim_root = scim_root_of(self.api_url)
        self.access_token = access_token
        self.refresh_grant = refresh_grant
        self.rotated_refresh_token: Optional[str] = None
        # Called with each new refresh token at once, inside refresh_token_hold: the old one may already have stopped working.
        self.on_rotated_refresh_token = on_rotated_refresh_token
        # Another process may rotate the stored refresh token: a refresh holds it, and uses the one it holds.
        self.refresh_token_hold = refresh_token_hold
        self.timeout = timeout
        # The organisation every call works on (a partner administrator's customer); None: the token's own.
        self.org_id = org_id
        self.request_count = 0
        self._token_lock = threading.Lock()
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers["Accept"] = "application/json"
        self._mount_adapters(retries, reporter, backoff_factor, max_wait, pool_size)

    def _mount_adapters(self, retries: int, reporter: Any, backoff_factor: float, max_wait: float, pool_size: int) -> None:
        def adapter(safe_methods: frozenset) -> HTTPAdapter:
            retry = build_retry(retries, reporter, backoff_factor, max_wait, safe_methods)
            return HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=pool_size)

        self._adapter = adapter
        self.session.mount(self.api_url, adapter(SAFE_METHODS))
        self.session.mount(self.scim_root + SCIM_PREFIX, adapter(SAFE_METHODS))
        for path, method in REPEATABLE_CALLS:
            self.allow_repeats(self.api_url + path, method)

    def allow_repeats(self, url_prefix: str, method: str) -> None:
        """Retry `method` on URLs under this prefix as a safe method is retried: for calls whose repeat does no harm.

        The caller vouches for it (a SCIM Bulk request holding only repeatable operations, say); the retry rules
        themselves stay those of every call.
        """
        self.session.mount(url_prefix, self._adapter(SAFE_METHODS | {method}))

    def close(self) -> None:
        self.session.close()

    # --- requests ---------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        params: Optional[Dict[str, Any]] = None,
        json: Any = None,
        expect_json: bool = True,
    ) -> Any:
        """Send one call and return its decoded body (None when empty). `path` is relative to the base URL or a full URL."""
        response = self.send(method, path, params=params, json=json)
        return decode_body(response) if expect_json else response.text

    def send(self, method: str, path: str, params: Optional[Dict[str, Any]] = None, json: Any = None) -> "requests.Response":
        """Send one call and return the requests.Response; raises WebexError for anything but 2xx.

        A full URL must be on api_url's scheme, host and port, or nothing is sent.
        """
        url = path if path.lower().startswith(("http://", "https://")) else self.api_url + path
        short_path = self.path_of(url)
        if origin_of(url) != self.origin:
            raise WebexError("refused to send the token to %s: it goes only to the scheme, host and port of api_url (%s)."
                             % (origin_text(url), origin_text(self.api_url)), method=method, path=short_path)
        params, json = place_org_id(self.org_id, method, short_path, url, params, json)
        response = self._send_with_token(method, url, short_path, params, json)
        if response.status_code == 401 and self.refresh_grant:
            # The minted token expired mid-run: mint one more and ask once again.
            self.mint_access_token()
            response = self._send_with_token(method, url, short_path, params, json)
        refuse_redirect(response, method, short_path)
        if response.status_code >= 400:
            raise error_from_response(response, method, short_path, org_named_by(self.org_id, method, short_path))
        return response

    def _send_with_token(self, method: str, url: str, short_path: str, params: Any, json: Any) -> "requests.Response":
        if not self.access_token:
            self.mint_access_token()
        headers = {"Authorization": "Bearer %s" % self.access_token}
        self.request_count += 1
        try:
            return self.session.request(method, url, params=params, json=json, headers=headers, timeout=self.timeout,
                                        allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            raise WebexError(describe_connection_error(exc, self.api_url), method=method, path=short_path) from None

    def path_of(self, url: str) -> str:
        """The part of a URL after the API base, as shown in errors (no query: it may be long)."""
        path = urlsplit(url).path
        base_path = urlsplit(self.api_url).path
        return path[len(base_path):] if base_path and path.startswith(base_path) else path

    def get(self, path: str, params: Optional[Dict[str, Any]] = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, json: Any = None, params: Optional[Dict[str, Any]] = None) -> Any:
        return self.request("POST", path, params=params, json=json)

    def put(self, path: str, json: Any = None, params: Optional[Dict[str, Any]] = None) -> Any:
        return self.request("PUT", path, params=params, json=json)

    def patch(self, path: str, json: Any = None) -> Any:
        return self.request("PATCH", path, json=json)

    def delete(self, path: str) -> None:
        self.request("DELETE", path)

    def iter_items(self, path: str, params: Optional[Dict[str, Any]] = None) -> Iterator[Dict[str, Any]]:
        """Yield every item of a list call, following each Link rel="next" URL exactly as Webex gives it."""
        response = self.send("GET", path, params=params)
        while True:
            body = decode_body(response) or {}
            yield from body.get("items") or []
            next_url = response.links.get("next", {}).get("url")
            if not next_url:
                return
            if origin_of(next_url) != self.origin:
                raise WebexError("the next-page link points to %s, not to the scheme, host and port of api_url (%s); "
                                 "it was not followed, so that the token stays with api_url."
                                 % (origin_text(next_url), origin_text(self.api_url)), method="GET", path=self.path_of(path))
            response = self.send("GET", next_url)

    def list_items(self, path: str, params: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        return list(self.iter_items(path, params))

    # --- tokens -----------------------------------------------------------------------------------

    def mint_access_token(self) -> None:
        """Exchange the refresh token for a new access token (once per expiry, whatever the thread count)."""
        if not self.refresh_grant:
            raise WebexError("the access token was refused and there is no refresh token to mint a new one.", status=401)
        stale = self.access_token
        with self._token_lock:
            if self.access_token != stale:
                return  # another thread already minted a fresh one
            try:
                with self.refresh_token_hold() if self.refresh_token_hold else nullcontext(None) as stored:
                    if stored and stored != self.refresh_grant.refresh_token:
                        # Another run rotated it since this one started: the old one is revoked.
                        self.refresh_grant = replace(self.refresh_grant, refresh_token=stored)
                    self._exchange_refresh_token(self.refresh_grant)
            except InvalidInput as problem:
                raise WebexError(str(problem), method="POST", path="/access_token") from None

    def _exchange_refresh_token(self, grant: RefreshGrant) -> None:
        form = {
            "grant_type": "refresh_token",
            "client_id": grant.client_id,
            "client_secret": grant.client_secret,
            "refresh_token": grant.refresh_token,
        }
        self.request_count += 1
        url = self.api_url + "/access_token"
        try:
            response = self.session.post(url, data=form, timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            raise WebexError(describe_connection_error(exc, self.api_url), method="POST", path="/access_token") from None
        refuse_redirect(response, "POST", "/access_token")
        if response.status_code >= 400:
            error = error_from_response(response, "POST", "/access_token")
            error.message = "the refresh token was refused (%s); create a new one for the integration." % error.message
            raise error
        body = decode_body(response) or {}
        if not body.get("access_token"):
            raise WebexError("the token endpoint answered without an access_token.", status=response.status_code,
                             method="POST", path="/access_token")
        self.access_token = body["access_token"]
        new_refresh = body.get("refresh_token")
        if new_refresh and new_refresh != grant.refresh_token:
            self.rotated_refresh_token = new_refresh
            self.refresh_grant = replace(grant, refresh_token=new_refresh)
            if self.on_rotated_refresh_token:
                self.on_rotated_refresh_token(new_refresh)


def scim_root_of(api_url: str) -> str:
    """The root SCIM paths hang from: api_url less a trailing /v1 (https://webexapis.com/v1 -> https://webexapis.com)."""
    base = api_url.rstrip("/")
    return base[:-len("/v1")] if base.endswith("/v1") else base


def origin_of(url: str) -> Tuple[str, str, int]:
    """The scheme, host and port of a URL, with the default port filled in, as the same-origin rule compares them."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme, 0)


def origin_text(url: str) -> str:
    """scheme://host:port of a URL, for messages (the path and query may hold a cursor, never shown)."""
    scheme, host, port = origin_of(url)
    return "%s://%s:%d" % (scheme, "[%s]" % host if ":" in host else host, port)


def is_loopback_host(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1: traffic that never leaves the machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_url_problem(api_url: str, allow_insecure_http: bool) -> Optional[str]:
    """One sentence when api_url would send the token in clear text to another machine, else None."""
    parts = urlsplit(api_url)
    if parts.scheme.lower() != "http" or allow_insecure_http or is_loopback_host(parts.hostname or ""):
        return None
    return ("api_url %s is plain http to a host that is not loopback, so the token would cross the network unencrypted; "
            "use https://, or set allow_insecure_http (WEBEX_ALLOW_INSECURE_HTTP) to true if that is really meant."
            % origin_text(api_url))


def refuse_redirect(response: "requests.Response", method: str, path: str) -> None:
    """No call follows a redirect: the token or the client secret would go wherever Location says."""
    if not response.is_redirect and not 300 <= response.status_code < 400:
        return
    location = response.headers.get("Location")
    where = origin_text(location) if location and "://" in location else "another address"
    raise WebexError("the answer redirects to %s, and the collection follows no redirects so that tokens and secrets go "
                     "only to api_url; check api_url." % where, status=response.status_code, method=method, path=path)


def decode_body(response: "requests.Response") -> Any:
    """The JSON body of an answer, its text when it is not JSON, or None when empty."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def describe_connection_error(exc: Exception, api_url: str) -> str:
    """One sentence for a call that got no answer, without the request's headers."""
    if isinstance(exc, requests.exceptions.Timeout):
        return "Webex at %s did not answer in time; raise `timeout` or try again." % api_url
    if isinstance(exc, requests.exceptions.SSLError):
        return "the TLS certificate of %s could not be verified; fix the trust store or set validate_certs=false." % api_url
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
        return "api_url %s is not a valid http(s) URL." % api_url
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "could not connect to %s (the connection was refused or dropped after the retries); check api_url and the network." % api_url
    return "the request to %s failed: %s." % (api_url, type(exc).__name__)
