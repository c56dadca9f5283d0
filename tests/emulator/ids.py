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


def _id_parts(webex_id: str):
    """The parts of the ciscospark:// URI inside a Webex id, or None when it is not one."""
    try:
        padded = webex_id + "=" * (-len(webex_id) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = text.split("/")
    if len(parts) not in (5, 6) or parts[0] != "ciscospark:" or parts[1]:
        return None
    return parts


def decode_id(webex_id: str):
    """Return (kind, uuid) of a Webex id, or None when it is not one (license ids, which carry the org, included)."""
    parts = _id_parts(webex_id)
    return (parts[3], parts[-1]) if parts else None


def seeded_id(kind: str, name: str) -> str:
    """Deterministic id for a seeded object: uuid5 of kind and name."""
    return encode_id(kind, str(uuid.uuid5(SEED_NAMESPACE, f"{kind}:{name}")))


def new_id(kind: str) -> str:
    """Fresh random id for an object created through the API."""
    return encode_id(kind, str(uuid.uuid4()))


def person_seed_id(email: str) -> str:
    """Id of a seeded person, from the email (case-insensitive)."""
    return seeded_id("PEOPLE", email.lower())


# The organisation of seeds that name none, and of the default seed.
DEFAULT_ORG_NAME = "Example Org"


def license_seed_id(name: str, subscription_id: str = "", org_name: str = DEFAULT_ORG_NAME) -> str:
    """Id of a seeded license; the subscription tells apart licenses that share a name.

    As Webex's do, a license id carries its organisation: ciscospark://us/LICENSE/<org uuid>/<license uuid>.
    """
    org_uuid = str(uuid.uuid5(SEED_NAMESPACE, f"ORGANIZATION:{org_name}"))
    return encode_id("LICENSE", f"{org_uuid}/{uuid.uuid5(SEED_NAMESPACE, f'LICENSE:{name}|{subscription_id or str()}')}")


def org_of_license(license_id: str):
    """The organisation id a license id names, or None when it is not a license id."""
    parts = _id_parts(license_id)
    if not parts or len(parts) != 6 or parts[3] != "LICENSE":
        return None
    return encode_id("ORGANIZATION", parts[4])


def role_seed_id(name: str) -> str:
    """Id of a seeded role (roles are the same in every organisation)."""
    return seeded_id("ROLE", name)


def location_seed_id(name: str, org_name: str = DEFAULT_ORG_NAME) -> str:
    """Id of a seeded location; two organisations may each have a location of the same name."""
    return seeded_id("LOCATION", f"{org_name}|{name}")


def org_seed_id(name: str) -> str:
    """Id of a seeded organization (its uuid is the one license ids carry)."""
    return seeded_id("ORGANIZATION", name)


def group_seed_id(name: str, org_name: str = DEFAULT_ORG_NAME, occurrence: int = 0) -> str:
    """SCIM id (a bare uuid) of a seeded group; `occurrence` tells apart groups that share a name (Webex allows it)."""
    return str(uuid.uuid5(SEED_NAMESPACE, f"GROUP:{org_name}|{name}|{occurrence}"))
