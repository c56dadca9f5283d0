# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: AnsibleModule with the shared Webex connection options and error handling."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.webexops.identity.plugins.module_utils.client import (
    DEFAULT_API_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    RefreshGrant,
    WebexClient,
)
from ansible_collections.webexops.identity.plugins.module_utils.errors import WebexError
from ansible_collections.webexops.identity.plugins.module_utils.models import HAS_PYDANTIC, PYDANTIC_IMPORT_ERROR

REFRESH_OPTIONS = ("client_id", "client_secret", "refresh_token")

CONNECTION_ARGUMENT_SPEC: Dict[str, Dict[str, Any]] = dict(
    access_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_ACCESS_TOKEN"])),
    client_id=dict(type="str", fallback=(env_fallback, ["WEBEX_CLIENT_ID"])),
    client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_CLIENT_SECRET"])),
    refresh_token=dict(type="str", no_log=True, fallback=(env_fallback, ["WEBEX_REFRESH_TOKEN"])),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["WEBEX_API_URL"])),
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
        kwargs["required_together"] = list(kwargs.get("required_together") or []) + [list(REFRESH_OPTIONS)]
        kwargs["mutually_exclusive"] = list(kwargs.get("mutually_exclusive") or []) + [["access_token", "refresh_token"]]
        super().__init__(argument_spec=spec, **kwargs)
        self._client: Optional[WebexClient] = None
        self._check_libraries()

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
        if params["refresh_token"]:
            grant = RefreshGrant(params["client_id"], params["client_secret"], params["refresh_token"])
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
        )

    def fail_on_error(self, error: WebexError, **result: Any) -> None:
        """Fail the task with the error's one sentence plus status and trackingId."""
        result.update(error.as_result())
        self.fail_json(msg=str(error), **result)

    def exit_json(self, **kwargs: Any) -> None:
        self._protect_minted_secrets()
        super().exit_json(**kwargs)

    def fail_json(self, msg: str, **kwargs: Any) -> None:
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
            self.warn("Webex issued a new refresh token and the old one will stop working; it is not shown here. "
                      "Run the webexops.identity refresh token steps in docs/authentication.md to store the new one.")
            client.rotated_refresh_token = None
