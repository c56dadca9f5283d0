"""Bearer tokens, scopes, and the refresh-token grant of POST /v1/access_token."""
import secrets
import time

from .errors import ApiError
from .state import OrgStore

# Minted tokens without a configured lifetime last as long as personal tokens do (12 hours).
DEFAULT_LIFETIME = 12 * 3600
REFRESH_TOKEN_LIFETIME = 90 * 24 * 3600


def authenticate(store: OrgStore, header: str) -> dict:
    """The token record behind an Authorization header; 401 when missing, unknown or expired."""
    if not header or not header.startswith("Bearer "):
        raise ApiError(401, "The request requires a valid access token set in the Authorization request header.")
    record = store.tokens.get(header[len("Bearer "):].strip())
    if record is None:
        raise ApiError(401, "The request requires a valid access token set in the Authorization request header.")
    if record.get("expires_at") is not None and record["expires_at"] <= time.time():
        raise ApiError(401, "The access token has expired.")
    with store.lock:
        # A count of requests, not seconds: tests make a token expire at an exact call, whatever the machine's speed.
        if record.get("uses_left") is not None:
            if record["uses_left"] <= 0:
                raise ApiError(401, "The access token has expired.")
            record["uses_left"] -= 1
    return record


def require_scope(record: dict, scope) -> None:
    """403 naming the missing scope; a tuple of scopes means any one of them will do."""
    accepted = (scope,) if isinstance(scope, str) else tuple(scope)
    if scope and not set(accepted) & set(record["scopes"]):
        raise ApiError(403, f"The access token lacks the scope needed for this request: {' or '.join(accepted)}")


def add_token(store: OrgStore, token: str, scopes, person_id: str = None, lifetime: float = None,
              minted: bool = False, guest_subject: str = None, uses: int = None, manages=()) -> None:
    """Register an access token.

    `uses`: it answers that many requests, then 401 as expired (None: no limit); `manages` lists the customer
    org ids its user administers as a partner.
    """
    store.tokens[token] = {"person_id": person_id, "scopes": list(scopes), "minted": minted,
                           "expires_at": time.time() + lifetime if lifetime is not None else None,
                           "guest_subject": guest_subject, "uses_left": uses, "manages": list(manages)}


def _oauth_error(status: int, message: str) -> ApiError:
    return ApiError(status, message)


def refresh_access_token(store: OrgStore, form: dict) -> dict:
    """The refresh_token grant: mint a short-lived access token, maybe rotate the refresh token."""
    if form.get("grant_type") != "refresh_token":
        raise _oauth_error(400, "unsupported_grant_type: grant_type must be refresh_token.")
    for key in ("client_id", "client_secret", "refresh_token"):
        if not form.get(key):
            raise _oauth_error(400, f"invalid_request: {key} is required.")
    integration = store.integrations.get(form["client_id"])
    if integration is None or integration["client_secret"] != form["client_secret"]:
        raise _oauth_error(401, "invalid_client: unknown client or wrong client secret.")
    if store.refresh_tokens.get(form["refresh_token"]) != form["client_id"]:
        raise _oauth_error(400, "invalid_grant: the refresh token is invalid, expired or revoked.")
    access_token = secrets.token_urlsafe(48)
    lifetime = integration["access_token_lifetime"]
    add_token(store, access_token, integration["scopes"], integration.get("person_id"), lifetime, minted=True,
              uses=integration.get("access_token_uses") or None)
    refresh_token = form["refresh_token"]
    if integration.get("rotate_refresh_token"):
        store.refresh_tokens.pop(refresh_token, None)  # The old refresh token stops working once rotated.
        refresh_token = secrets.token_urlsafe(48)
        store.refresh_tokens[refresh_token] = form["client_id"]
    return {"access_token": access_token, "expires_in": int(lifetime), "refresh_token": refresh_token,
            "refresh_token_expires_in": REFRESH_TOKEN_LIFETIME}


def expire_minted_tokens(store: OrgStore) -> int:
    """Expire every access token minted by a refresh, now; returns how many."""
    count = 0
    for record in store.tokens.values():
        if record["minted"]:
            record["expires_at"] = time.time() - 1
            count += 1
    return count


def revoke_refresh_tokens(store: OrgStore) -> int:
    """Revoke every refresh token; returns how many."""
    count = len(store.refresh_tokens)
    store.refresh_tokens.clear()
    return count
