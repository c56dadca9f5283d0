# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every webexops.identity module shares, and its action group."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  access_token:
    description:
      - A Webex access token (a personal access token, or one of an integration, bot or Service App).
      - If not set, the environment variable E(WEBEX_ACCESS_TOKEN) is used.
      - Mutually exclusive with O(refresh_token).
    type: str
  client_id:
    description:
      - The client ID of the integration or Service App whose O(refresh_token) mints access tokens.
      - If not set, the environment variable E(WEBEX_CLIENT_ID) is used.
      - Required together with O(client_secret) and O(refresh_token) or O(refresh_token_file).
    type: str
  client_secret:
    description:
      - The client secret of the integration or Service App.
      - If not set, the environment variable E(WEBEX_CLIENT_SECRET) is used.
    type: str
  refresh_token:
    description:
      - A refresh token; the module exchanges it for an access token once per run, and once more if the
        access token expires during the run.
      - If not set, the environment variable E(WEBEX_REFRESH_TOKEN) is used.
      - Mutually exclusive with O(access_token).
    type: str
  refresh_token_file:
    description:
      - A file that holds the current refresh token. When it exists and is not empty, its content is used instead of
        O(refresh_token); otherwise O(refresh_token) is used.
      - When Webex answers a refresh with a new refresh token, the module writes it to this file at once, replacing
        the file atomically with mode 0600, and warns that it did (without showing the token).
      - Before it asks for a token, the module checks that the file's folder exists and is writable, and refuses a
        file that other users can read or write, that another user owns, or that is a symbolic link.
      - Runs that share the file take turns. Each refresh holds a lock on C(<file>.lock) beside it, reads the file
        again, and saves the new token before the next run may refresh.
      - Without this option a new refresh token is only reported in a warning, and it must be stored by hand.
      - If not set, the environment variable E(WEBEX_REFRESH_TOKEN_FILE) is used.
    type: path
  api_url:
    description:
      - The base URL of the Webex REST API.
      - If not set, the environment variable E(WEBEX_API_URL) is used, then the default.
      - The token (and with O(refresh_token) the client secret) is sent only to this URL's scheme, host and port.
        No request follows a redirect, and a next-page link to another host fails the task before anything is sent there.
    type: str
    default: https://webexapis.com/v1
  allow_insecure_http:
    description:
      - Whether O(api_url) may be a plain C(http://) URL to a host that is not loopback.
      - By default such a URL fails the task before any request, because the token (and with O(refresh_token) the
        client secret) would cross the network unencrypted; C(http://) to C(localhost), 127.0.0.0/8 or C(::1) is
        always accepted.
      - If not set, the environment variable E(WEBEX_ALLOW_INSECURE_HTTP) is used.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for Webex to answer one request.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
    type: bool
    default: true
  retries:
    description:
      - How many times one request is retried.
      - A 429 is retried for any request, after the C(Retry-After) seconds Webex gives, or after a bounded
        exponential backoff with jitter when the header is missing or malformed.
      - 423, 500, 502, 503, 504 and dropped connections are retried only for GET, PUT and DELETE, which cannot
        create a second object. The waits of one request stay under two minutes in all.
      - Each retry is reported as a warning.
    type: int
    default: 5
requirements:
  - requests
  - pydantic >= 2
notes:
  - Every secret option is C(no_log); tokens never appear in results, diffs, warnings or error messages.
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/webexops.identity.webex) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - webexops.identity.webex
"""

    # The info modules: they only read, so check mode is a normal run and there is nothing to diff.
    READ_ONLY = r"""
attributes:
  check_mode:
    support: full
    details: Reads only, so check mode runs the same as a normal run.
  diff_mode:
    support: none
  platform:
    platforms: all
"""
