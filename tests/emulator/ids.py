"""Webex-style opaque ids: urlsafe base64, without padding, of ciscospark://us/<KIND>/<uuid>."""
import base64
import uuid

# Fixed namespace so seeded objects get the same id on every run and in every test.
SEED_NAMESPACE = uuid.UUID("6f1c2a7e-4b1d-5c3e-9a8f-0d2e4b6c8a10")

KINDS = ("PEOPLE", "ORGANIZATION", "LICENSE", "ROLE", "LOCATION")


def encode_id(kind: str, raw_uuid: str) -> str:
    """Return the Webex id of an object of `kind` with this uuid."""
    text = f"ciscospark://us/{kind}/{raw_uuid}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_id(webex_id: str):
    """Return (kind, uuid) of a Webex id, or None when it is not one."""
    try:
        padded = webex_id + "=" * (-len(webex_id) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = text.split("/")
    if len(parts) != 5 or parts[0] != "ciscospark:" or parts[1]:
        return None
    return parts[3], parts[4]


def seeded_id(kind: str, name: str) -> str:
    """Deterministic id for a seeded object: uuid5 of kind and name."""
    return encode_id(kind, str(uuid.uuid5(SEED_NAMESPACE, f"{kind}:{name}")))


def new_id(kind: str) -> str:
    """Fresh random id for an object created through the API."""
    return encode_id(kind, str(uuid.uuid4()))


def person_seed_id(email: str) -> str:
    """Id of a seeded person, from the email (case-insensitive)."""
    return seeded_id("PEOPLE", email.lower())


def license_seed_id(name: str, subscription_id: str = "") -> str:
    """Id of a seeded license; the subscription tells apart licenses that share a name."""
    return seeded_id("LICENSE", f"{name}|{subscription_id or ''}")


def role_seed_id(name: str) -> str:
    """Id of a seeded role."""
    return seeded_id("ROLE", name)


def location_seed_id(name: str) -> str:
    """Id of a seeded location."""
    return seeded_id("LOCATION", name)


def org_seed_id(name: str) -> str:
    """Id of the seeded organization."""
    return seeded_id("ORGANIZATION", name)
