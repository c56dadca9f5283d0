# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: AnsibleModule with the shared Webex connection options and error handling."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    RefreshGrant,
    WebexClient,
    insecure_url_problem,
)
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError
from ansible_collections.webexops.identity.plugins.module_utils.models import HAS_PYDANTIC, PYDANTIC_IMPORT_ERROR
from ansible_collections.webexops.identity.plugins.module_utils.transport.private_files import (
    PrivateFileError,
    check_private_file_folder,
    describe_os_error,
    locked_private_file,
    read_private_file,
    write_private_file,
)

ENVIRONMENT_VARIABLES = {
    "access_token": "WEBEX_ACCESS_TOKEN",
    "client_id": "WEBEX_CLIENT_ID",
    "client_secret": "WEBEX_CLIENT_SECRET",
    "refresh_token": "WEBEX_REFRESH_TOKEN",
    "refresh_token_file": "WEBEX_REFRESH_TOKEN_FILE",
    "allow_insecure_http": "WEBEX_ALLOW_INSECURE_HTTP",
}

CONNECTION_ARGUMENT_SPEC: Dict[str, Dict[str, Any]] = dict(
    access_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_ACCESS_TOKEN"])),
    client_id=dict(type="str", fallback=(env_fallback, ["WEBEX_CLIENT_ID"])),
    client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_CLIENT_SECRET"])),
    refresh_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_REFRESH_TOKEN"])),
    refresh_token_file=dict(type="path", fallback=(env_fallback, ["WEBEX_REFRESH_TOKEN_FILE"])),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["WEBEX_API_URL"])),
    allow_insecure_http=dict(type="bool", default=False, fallback=(env_fallback, ["WEBEX_ALLOW_INSECURE_HTTP"])),
    timeout=dict(type="float", default=DEFAULT_TIMEOUT),
    validate_certs=dict(type="bool", default=True),
    retries=dict(type="int", default=DEFAULT_RETRIES),
)


class WebexModule(AnsibleModule):
    """An AnsibleModule that knows how to reach Webex.

    It merges the connection options into the module's own argument spec, checks that one way to
    authenticate is complete, builds the shared WebexClient, and turns WebexError into fail_json.
    """

    def __init__(self, argument_spec: Dict[str, Any], **kwargs: Any) -> None:
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        self._client: Optional[WebexClient] = None
        # Connections kept open per host; a module that sends calls from N threads sets it to N before using client.
        self.pool_size = 10
        self._failure_secrets: set = set()
        self._refresh_token_note: Optional[str] = None
        self._check_libraries()
        # Both before any request: a wrong set of credentials, or a token about to cross the network in clear text.
        problem = credentials_problem(self.params) or insecure_url_problem(self.params["api_url"] or DEFAULT_API_URL,
                                                                           self.params["allow_insecure_http"])
        if problem:
            self.fail_json(msg=problem)

    def _check_libraries(self) -> None:
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        if not HAS_PYDANTIC:
            self.fail_json(msg=missing_required_lib("pydantic (version 2)"), exception=PYDANTIC_IMPORT_ERROR)

    @property
    def client(self) -> WebexClient:
        """The run's one client, built on first use."""
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self) -> WebexClient:
        params = self.params
        grant = None
        refresh_token = self._current_refresh_token()
        if refresh_token:
            grant = RefreshGrant(params["client_id"], params["client_secret"], refresh_token)
        elif not params["access_token"]:
            self.fail_json(msg="No Webex credentials: set access_token (or WEBEX_ACCESS_TOKEN), or client_id, "
                               "client_secret and refresh_token (or their WEBEX_ variables).")
        api_url = params["api_url"] or DEFAULT_API_URL
        if not api_url.startswith(("http://", "https://")):
            self.fail_json(msg="api_url %r is not an http(s) URL; use e.g. %s." % (api_url, DEFAULT_API_URL))
        if params["retries"] < 0 or params["timeout"] <= 0:
            self.fail_json(msg="retries must be 0 or more and timeout more than 0.")
        return WebexClient(
            api_url=api_url,
            access_token=params["access_token"],
            refresh_grant=grant,
            timeout=params["timeout"],
            validate_certs=params["validate_certs"],
            retries=params["retries"],
            reporter=self.warn,
            pool_size=self.pool_size,
            on_rotated_refresh_token=self._keep_rotated_refresh_token,
            refresh_token_hold=self._hold_refresh_token_file if params.get("refresh_token_file") and grant else None,
            allow_insecure_http=params["allow_insecure_http"],
            # Only the people modules declare org_id (ORG_ID_ARGUMENT_SPEC): the Guests API takes no orgId.
            org_id=params.get("org_id") or None,
        )

    def _current_refresh_token(self) -> Optional[str]:
        """The refresh token from refresh_token_file when it holds one (it is the newest), else refresh_token.

        The file is checked before any token is minted: Webex may rotate the refresh token on the first refresh, and
        a new token that cannot be saved would be lost with the old one revoked.
        """
        path = self.params.get("refresh_token_file")
        if not path:
            return self.params["refresh_token"]
        try:
            check_private_file_folder(path, "refresh_token_file")
            stored = self._stored_refresh_token(path)
        except PrivateFileError as error:
            self.fail_json(msg=str(error))
        if not stored:
            if not self.params["refresh_token"]:
                self.fail_json(msg="refresh_token_file %s does not exist or is empty; set refresh_token (or WEBEX_REFRESH_TOKEN) "
                                   "for the first run, or write the refresh token into the file." % path)
            return self.params["refresh_token"]
        return stored

    def _stored_refresh_token(self, path: str) -> Optional[str]:
        """The refresh token in the file (masked in all output), or None when there is none."""
        stored = (read_private_file(path, "refresh_token_file") or "").strip()
        if stored:
            self.no_log_values.add(stored)
        return stored or None

    @contextmanager
    def _hold_refresh_token_file(self) -> Iterator[Optional[str]]:
        """Lock refresh_token_file for one refresh and yield the token it holds now: another run may have rotated it."""
        path = self.params["refresh_token_file"]
        with locked_private_file(path, "refresh_token_file"):
            yield self._stored_refresh_token(path)

    def _keep_rotated_refresh_token(self, refresh_token: str) -> None:
        """Save a new refresh token to refresh_token_file at once, or remember to tell the user to store it."""
        self.no_log_values.add(refresh_token)
        path = self.params.get("refresh_token_file")
        if not path:
            self._refresh_token_note = (
                "Webex issued a new refresh token and the old one will stop working; it is not shown here. "
                "Set refresh_token_file so the module keeps it, or follow docs/authentication.md to store it.")
            return
        try:
            write_private_file(path, refresh_token + "\n")
            self._refresh_token_note = "Webex issued a new refresh token; it was saved to %s (mode 0600) for the next run." % path
        except OSError as error:
            self._refresh_token_note = (
                "Webex issued a new refresh token but it could not be saved to %s (%s); it is not shown here, and the old one "
                "will stop working: create a new refresh token for the integration." % (path, describe_os_error(error)))

    def hide_on_failure(self, secret: str) -> None:
        """Mask a secret the module returns on success (such as a guest token) should the task fail instead."""
        self._failure_secrets.add(secret)

    def run_and_exit(self, work: Callable[["WebexModule"], Dict[str, Any]]) -> None:
        """Run a module's work and end the task: bad input and Webex errors fail it with one sentence.

        A result holding failed=True (some items failed, the others were done) fails the task with its msg.
        """
        try:
            result = work(self)
        except InvalidInput as error:
            self.fail_json(msg=str(error))
        except WebexError as error:
            self.fail_on_error(error)
        if result.pop("failed", False):
            self.fail_json(**result)
        self.exit_json(**result)

    def fail_on_error(self, error: WebexError, **result: Any) -> None:
        """Fail the task with the error's one sentence plus status and trackingId."""
        result.update(error.as_result())
        self.fail_json(msg=str(error), **result)

    def exit_json(self, **kwargs: Any) -> None:
        self._protect_minted_secrets()
        super().exit_json(**kwargs)

    def fail_json(self, msg: str, **kwargs: Any) -> None:
        self.no_log_values.update(getattr(self, "_failure_secrets", ()))
        self._protect_minted_secrets()
        super().fail_json(msg=msg, **kwargs)

    def _protect_minted_secrets(self) -> None:
        """Mask tokens minted during the run in everything the module returns."""
        client = getattr(self, "_client", None)
        if client is None:
            return
        if client.access_token:
            self.no_log_values.add(client.access_token)
        if client.rotated_refresh_token:
            self.no_log_values.add(client.rotated_refresh_token)
            client.rotated_refresh_token = None
        if self._refresh_token_note:
            self.warn(self._refresh_token_note)
            self._refresh_token_note = None


def credentials_problem(params: Dict[str, Any]) -> Optional[str]:
    """One sentence when the credentials given cannot work together, else None (none at all is checked on first call)."""
    refresh_given = bool(params.get("refresh_token") or params.get("refresh_token_file"))
    if params.get("access_token") and refresh_given:
        return ("Both an access token (access_token or WEBEX_ACCESS_TOKEN) and a refresh token (refresh_token or "
                "WEBEX_REFRESH_TOKEN, or refresh_token_file) are set; keep one way to authenticate.")
    if params.get("access_token"):
        return None
    missing: List[str] = [name for name in ("client_id", "client_secret") if not params.get(name)]
    if not refresh_given:
        missing.append("refresh_token")
    if len(missing) in (0, 3):
        return None
    named = ", ".join("%s (or %s)" % (name, ENVIRONMENT_VARIABLES[name]) for name in missing)
    return ("The refresh-token credentials are incomplete: %s %s missing; client_id, client_secret and refresh_token "
            "(or refresh_token_file) work only together." % (named, "is" if len(missing) == 1 else "are"))
