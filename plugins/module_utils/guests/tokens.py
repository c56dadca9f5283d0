# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: guest tokens, the file that caches one per subject, and the guest count."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.models import Guest
from ansible_collections.webexops.identity.plugins.module_utils.transport.private_files import (
    PrivateFileError,
    check_private_file_folder,
    describe_os_error,
    read_private_file,
    write_private_file,
)

CACHE_FORMAT = "webexops.identity.guest_token/1"
DEFAULT_MIN_VALID_FOR = 3600
_DURATION_PART = re.compile(r"(\d+)\s*([dhms])")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class GuestInputError(InvalidInput):
    """Bad input, or a token file the module must not touch; the message is one sentence."""


@dataclass
class CachedGuest:
    """A guest and its last token, as kept in the token file."""

    guest: Dict[str, Any]
    access_token: str = field(repr=False)
    expires_at: int

    def valid_for(self, now: float) -> int:
        """Seconds the token stays valid from now (negative once expired)."""
        return int(self.expires_at - now)


@dataclass
class GuestTokenPlan:
    """What a webex_guest_token run does: reuse the cached token, issue one, or rename (which issues one too)."""

    action: str
    before: Dict[str, Any]
    after: Dict[str, Any]

    @property
    def needs_call(self) -> bool:
        return self.action != "reuse"


def parse_duration(value: Any) -> int:
    """Seconds in a duration such as 90, "90", "90s", "30m", "2h", "1d" or "1h30m"."""
    if isinstance(value, bool):
        raise GuestInputError("min_valid_for must be a duration such as 2h, 30m, 90s or a number of seconds, not %r." % value)
    if isinstance(value, int):
        seconds = value
    else:
        text = str(value).strip().lower()
        if text.isdigit():
            seconds = int(text)
        elif text and _DURATION_PART.sub("", text).strip() == "":
            seconds = sum(int(number) * _UNIT_SECONDS[unit] for number, unit in _DURATION_PART.findall(text))
        else:
            raise GuestInputError("min_valid_for %r is not a duration; use e.g. 2h, 30m, 90s, 1h30m or a number of seconds." % value)
    if seconds < 0:
        raise GuestInputError("min_valid_for must not be negative.")
    return seconds


def check_guest_input(subject: str, display_name: Optional[str] = None) -> None:
    """Webex needs a subject and a display name with more than blanks in them."""
    if not subject or not subject.strip():
        raise GuestInputError("subject must not be empty; give the identifier your app uses for this guest.")
    if display_name is not None and not display_name.strip():
        raise GuestInputError("display_name must not be empty; give the name people see for this guest.")


# --- the token file ------------------------------------------------------------------------------


def load_cached_guest(path: str, subject: str) -> Optional[CachedGuest]:
    """The cached guest of this subject, or None when the file does not exist yet.

    A file that cannot be read or trusted (see private_files), is not ours, is damaged or holds another subject
    raises GuestInputError: it is never used, nor overwritten without the user deciding.
    """
    try:
        text = read_private_file(path, "token_file")
    except PrivateFileError as error:
        raise GuestInputError(str(error)) from None
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise GuestInputError("token_file %s is not a guest token file of webexops.identity; it was left as it is, "
                              "so remove it or choose another path." % path)
    cached = _cached_guest_from_file(data)
    if cached is None:
        raise GuestInputError("token_file %s is damaged (a field is missing or of the wrong type); it was left as it is, "
                              "so remove it to have a new token issued." % path)
    if cached.guest["subject"] != subject:
        raise GuestInputError("token_file %s holds the token of another subject (%s); use one file per subject."
                              % (path, cached.guest["subject"]))
    return cached


def _cached_guest_from_file(data: Dict[str, Any]) -> Optional[CachedGuest]:
    guest = data.get("guest")
    token = data.get("access_token")
    expires_at = data.get("expires_at")
    if not isinstance(guest, dict) or not isinstance(token, str) or not token:
        return None
    if isinstance(expires_at, bool) or not isinstance(expires_at, (int, float)):
        return None
    if not all(isinstance(guest.get(key), str) for key in ("subject", "display_name")):
        return None
    kept = {key: guest[key] for key in ("id", "subject", "display_name", "email") if isinstance(guest.get(key), str)}
    return CachedGuest(guest=kept, access_token=token, expires_at=int(expires_at))


def check_token_file_folder(path: str) -> None:
    """Refuse a token file whose folder cannot take it before a token is issued that could not be kept."""
    try:
        check_private_file_folder(path, "token_file")
    except PrivateFileError as error:
        raise GuestInputError(str(error)) from None


def save_cached_guest(path: str, cached: CachedGuest) -> None:
    """Write the guest and its token to the file, mode 0600, in one atomic step."""
    data = {"format": CACHE_FORMAT, "guest": cached.guest, "access_token": cached.access_token,
            "expires_at": cached.expires_at}
    try:
        write_private_file(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    except OSError as error:
        raise GuestInputError("token_file %s cannot be written (%s); check that its folder exists and is writable."
                              % (path, describe_os_error(error))) from None


# --- planning ------------------------------------------------------------------------------------


def plan_guest_token(cached: Optional[CachedGuest], display_name: str, now: float, min_valid_for: int) -> GuestTokenPlan:
    """Decide between reusing the cached token, issuing a new one, and renaming the guest.

    The diff never holds a token: only the display name and whether a token is issued.
    """
    if cached is None:
        return GuestTokenPlan("issue", {"token": "none cached"}, {"token": "issued"})
    if cached.guest["display_name"] != display_name:
        return GuestTokenPlan("rename", {"display_name": cached.guest["display_name"]},
                              {"display_name": display_name, "token": "issued"})
    if cached.valid_for(now) < min_valid_for:
        state = "expired" if cached.valid_for(now) <= 0 else "expires too soon"
        return GuestTokenPlan("issue", {"token": state}, {"token": "issued"})
    return GuestTokenPlan("reuse", {}, {})


def cached_guest_from_answer(answer: Dict[str, Any], now: float) -> CachedGuest:
    """The guest and token of a POST /guests/token answer, with the expiry as a point in time."""
    if not isinstance(answer, dict) or not answer.get("accessToken"):
        raise GuestInputError("POST /guests/token answered without an access token; try again later.")
    guest = Guest.from_api(answer).to_result()
    expires_in = int(guest.pop("expires_in", 0) or 0)
    return CachedGuest(guest=guest, access_token=answer["accessToken"], expires_at=int(now) + expires_in)


def guest_result(guest: Dict[str, Any], expires_at: Optional[int], now: float) -> Dict[str, Any]:
    """The guest as modules return it: no token, the expiry both as seconds left and as a UTC time."""
    result = dict(guest)
    if expires_at is not None:
        result["expires_in"] = max(int(expires_at - now), 0)
        result["expires_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires_at))
    return result


# --- the guest count -----------------------------------------------------------------------------


def parse_guest_count(body: Any) -> int:
    """The number in a GET /guests/count answer: a bare number as text or JSON, or an object holding one number."""
    number = _number_in(body)
    if number is None and isinstance(body, str):
        try:
            number = _number_in(json.loads(body))
        except ValueError:
            number = None
    if number is None:
        raise GuestInputError("GET /guests/count answered %r, which holds no count; report this with the trackingId."
                              % (str(body)[:80],))
    return number


def _number_in(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, dict):
        if "count" in value:
            return _number_in(value["count"])
        numbers = [n for n in (_number_in(v) for v in value.values() if not isinstance(v, (dict, list))) if n is not None]
        return numbers[0] if len(numbers) == 1 else None
    return None


# --- calls ---------------------------------------------------------------------------------------


def request_guest_token(client: Any, subject: str, display_name: str) -> Dict[str, Any]:
    """POST /guests/token: issues a new token (and renames a known subject given a new name)."""
    return client.post("/guests/token", json={"subject": subject, "displayName": display_name})


def read_guest_count(client: Any) -> int:
    """GET /guests/count, whatever form the body takes."""
    return parse_guest_count(client.request("GET", "/guests/count"))
