"""Guests: POST /guests/token issues a token per call; GET /guests/count counts subjects."""
import secrets
import uuid

from . import ids
from .auth import add_token
from .errors import bad_request
from .state import OrgStore

GUEST_TOKEN_LIFETIME = 24 * 3600
GUEST_SCOPES = ("spark:people_read",)


def issue_guest_token(store: OrgStore, body: dict) -> dict:
    """Create or rename the guest of this subject and hand out a new token; older tokens stay valid."""
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    for key in ("subject", "displayName"):
        if not isinstance(body.get(key), str) or not body[key].strip():
            raise bad_request(f"{key} is required.")
    guest = store.guests.get(body["subject"])
    if guest is None:
        raw = str(uuid.uuid4())
        guest = {"id": ids.encode_id("PEOPLE", raw), "subject": body["subject"],
                 "email": f"{raw}@appid.ciscospark.com", "tokens_issued": 0}
        store.guests[body["subject"]] = guest
    guest["displayName"] = body["displayName"]  # A known subject with a new name is renamed.
    guest["tokens_issued"] += 1
    token = secrets.token_urlsafe(1600)  # About 2,130 characters, as long as real guest tokens.
    add_token(store, token, GUEST_SCOPES, lifetime=GUEST_TOKEN_LIFETIME, guest_subject=guest["subject"])
    return {"id": guest["id"], "subject": guest["subject"], "displayName": guest["displayName"],
            "email": guest["email"], "accessToken": token, "expiresIn": GUEST_TOKEN_LIFETIME}


def guest_as_person(guest: dict) -> dict:
    """A guest seen through GET /people/me: a person of type appuser."""
    return {"id": guest["id"], "emails": [guest["email"]], "displayName": guest["displayName"],
            "type": "appuser"}


def public_guest(guest: dict) -> dict:
    """A guest for the control state view: never its tokens."""
    return {key: guest[key] for key in ("id", "subject", "displayName", "email", "tokens_issued")}
