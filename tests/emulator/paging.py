"""Opaque cursors and RFC 5988 Link headers for paged lists."""
import base64
import json
from urllib.parse import urlencode

from .errors import bad_request


def encode_cursor(state: dict) -> str:
    """Pack list state (filters, position, page size) into an opaque token."""
    raw = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> dict:
    """Unpack a cursor; 400 when it was not made here."""
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        raise bad_request("Invalid cursor.") from None
    if not isinstance(state, dict):
        raise bad_request("Invalid cursor.")
    return state


def next_link(base_url: str, path: str, params: dict) -> str:
    """The Link header value pointing at the next page."""
    return f'<{base_url.rstrip("/")}{path}?{urlencode(params)}>; rel="next"'


def parse_bool(value, name: str):
    """A query boolean: 'true' or 'false' (any case); None when absent."""
    if value is None:
        return None
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise bad_request(f"Invalid value for {name}: {value!r} is not a boolean.")


def parse_max(value, default: int, cap: int, name: str = "max") -> int:
    """A page size: a positive number, cut down to the cap as Webex does."""
    if value is None or value == "":
        return min(default, cap)
    try:
        number = float(value)
    except ValueError:
        raise bad_request(f"Invalid value for {name}: {value!r} is not a number.") from None
    if number < 1 or number != int(number):
        raise bad_request(f"Invalid value for {name}: {value!r} must be a positive whole number.")
    return min(int(number), cap)
