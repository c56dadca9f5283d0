# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: which scopes a token lacks, learnt from one cheap read per scope.

Webex has no call that lists a token's scopes, but it answers 403 to a call whose scope the token lacks, so a
read of each API a run needs tells which scopes are missing. Write scopes cannot be learnt without writing.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError

# Each readable scope and the cheapest read that needs it (one item, or a list Webex keeps short). A read that
# another scope also opens (locations with people_read, the guest count with guest-issuer:write) passes on either:
# the probe tells whether the run can make that read, which is what the run needs.
SCOPE_PROBES: Dict[str, Tuple[str, Dict[str, Any]]] = {
    "spark-admin:people_read": ("/people", {"max": 1}),
    "spark-admin:licenses_read": ("/licenses", {}),
    "spark-admin:roles_read": ("/roles", {}),
    "spark-admin:locations_read": ("/locations", {"max": 1}),
    "guest-issuer:read": ("/guests/count", {}),
}
# Only a write would tell whether a token holds these: required_scopes refuses them rather than guess.
WRITE_SCOPES = ("spark-admin:people_write", "guest-issuer:write")


def check_scope_names(scopes: List[str]) -> List[str]:
    """The scopes to probe, without repeats; fails on a scope that cannot be learnt by a read."""
    wanted = list(dict.fromkeys(str(scope).strip() for scope in scopes if str(scope).strip()))
    for scope in wanted:
        if scope in WRITE_SCOPES:
            raise InvalidInput("required_scopes: %s cannot be checked without writing (Webex has no call that lists a token's "
                               "scopes); list only the read scopes %s." % (scope, ", ".join(SCOPE_PROBES)))
        if scope not in SCOPE_PROBES:
            raise InvalidInput("required_scopes: %r is not a scope this collection uses; choose from %s."
                               % (scope, ", ".join(SCOPE_PROBES)))
    return wanted


def refused_scopes(client: WebexClient, scopes: List[str]) -> List[Tuple[str, str, Optional[str]]]:
    """(scope, path, org id the call named) for each scope whose read Webex answers with 403; other errors are raised."""
    refused = []
    for scope in scopes:
        path, params = SCOPE_PROBES[scope]
        try:
            client.send("GET", path, params=dict(params))
        except WebexError as error:
            if error.status != 403:
                raise
            refused.append((scope, path, error.org_id))
    return refused


def missing_scopes_sentence(refused: List[Tuple[str, str, Optional[str]]]) -> str:
    """One sentence naming the scopes the token lacks and the calls that showed it."""
    scopes = ", ".join(scope for scope, _path, _org in refused)
    calls = ", ".join("GET %s" % path for _scope, path, _org in refused)
    org_ids = sorted({org_id for _scope, _path, org_id in refused if org_id})
    org = (" (or its user may not manage the organisation %s given in org_id)" % org_ids[0]) if org_ids else ""
    return ("The token lacks the scope%s %s%s: Webex answered 403 to %s; add %s to the integration or Service App and "
            "authorise it again, or use an administrator's token that has %s."
            % ("s" if len(refused) > 1 else "", scopes, org, calls, "them" if len(refused) > 1 else "it",
               "them" if len(refused) > 1 else "it"))
