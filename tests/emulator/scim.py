"""SCIM 2 rules shared by users and groups: error bodies, filters, list paging, PATCH operations, the org in the path."""
import copy
import json
import re

from . import ids
from .errors import ApiError
from .orgs import store_for_org

SCIM_PREFIX = "/identity/scim/"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimError(ApiError):
    """An error answered in RFC 7644's form: {schemas, status, scimType, detail}."""

    def __init__(self, status: int, detail: str, scim_type: str = None):
        super().__init__(status, detail)
        self.scim_type = scim_type


def scim_error_body(status: int, detail: str, scim_type: str = None) -> dict:
    """The RFC 7644 error body (status is a string there)."""
    body = {"schemas": [ERROR_URN], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body


def is_scim_path(path: str) -> bool:
    return path.startswith(SCIM_PREFIX)


def org_store(ctx, request, org_uuid: str):
    """The organisation the path's orgId names: the token's own or a customer it manages (else 403)."""
    return store_for_org(ctx.store, request, ids.encode_id("ORGANIZATION", org_uuid))


def org_uuid_of(store) -> str:
    return ids.decode_id(store.org["id"])[1]


# --- filters (RFC 7644 3.4.2.2): attribute op "value", joined by and/or; no brackets or parentheses ---------

FILTER_TERM = re.compile(r'\s*([\w.:]+)\s+(eq|ne|co|sw|ew)\s+("(?:[^"\\]|\\.)*")\s*', re.IGNORECASE)
JOINER = re.compile(r"\s*(and|or)\s+", re.IGNORECASE)
COMPARE = {"eq": lambda have, want: have == want, "ne": lambda have, want: have != want,
           "co": lambda have, want: want in have, "sw": lambda have, want: have.startswith(want),
           "ew": lambda have, want: have.endswith(want)}


def parse_filter(text: str, attributes: dict):
    """The filter as a list of OR-groups of AND-ed (attribute, op, value) terms; 400 invalidFilter otherwise.

    `attributes` maps each filterable attribute (lower case) to the record key it reads.
    """
    groups, terms, position = [], [], 0
    while True:
        match = FILTER_TERM.match(text, position)
        if not match:
            raise ScimError(400, f"The filter {text!r} is not supported here.", "invalidFilter")
        attribute, operator, quoted = match.group(1).lower(), match.group(2).lower(), match.group(3)
        if attribute not in attributes:
            raise ScimError(400, f"The filter attribute {match.group(1)!r} is not supported.", "invalidFilter")
        terms.append((attributes[attribute], operator, json.loads(quoted)))
        position = match.end()
        if position == len(text):
            groups.append(terms)
            return groups
        joiner = JOINER.match(text, position)
        if not joiner:
            raise ScimError(400, f"The filter {text!r} is not supported here.", "invalidFilter")
        if joiner.group(1).lower() == "or":
            groups.append(terms)
            terms = []
        position = joiner.end()


def matches_filter(record: dict, groups) -> bool:
    """Whether a record passes the parsed filter; string attributes compare without case (caseExact false)."""
    def term_holds(key, operator, value):
        have = str(record.get(key) or "").lower()
        return COMPARE[operator](have, str(value).lower())
    return any(all(term_holds(*term) for term in terms) for terms in groups)


# --- paging (RFC 7644 3.4.2.4): 1-based startIndex and count --------------------------------------------

def page_bounds(args, default_count: int, max_count: int = None):
    """(startIndex, count) of a list call; 400 invalidValue on a value that is not a whole number."""
    start = _whole(args.get("startIndex"), 1, "startIndex")
    count = _whole(args.get("count"), default_count, "count")
    start = max(start, 1)  # RFC 7644: a startIndex below 1 is read as 1
    count = max(count, 0)
    return start, min(count, max_count) if max_count else count


def _whole(value, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ScimError(400, f"{name} must be a number, not {value!r}.", "invalidValue") from None
    if number != int(number):
        raise ScimError(400, f"{name} must be a whole number, not {value!r}.", "invalidValue")
    return int(number)


def list_response(resources: list, start: int, count: int) -> dict:
    """One page of a search as a ListResponse."""
    page = resources[start - 1:start - 1 + count]
    return {"schemas": [LIST_URN], "totalResults": len(resources), "itemsPerPage": len(page), "startIndex": start,
            "Resources": page}


# --- PATCH (RFC 7644 3.5.2) --------------------------------------------------------------------------

def message_operations(body, urn: str, key: str) -> list:
    """The operations (under `key`) of a SCIM message body with this schema URN; 400 when the body is not one."""
    if not isinstance(body, dict) or urn not in (body.get("schemas") or []):
        raise ScimError(400, f"The request body must carry the schema {urn}.", "invalidSyntax")
    operations = body.get(key)
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, f"{key} must be a non-empty list.", "invalidSyntax")
    return operations


def patch_operations(body) -> list:
    """The Operations of a PatchOp body; 400 when the body is not one."""
    operations = message_operations(body, PATCH_URN, "Operations")
    for operation in operations:
        if not isinstance(operation, dict) or str(operation.get("op", "")).lower() not in ("add", "replace", "remove"):
            raise ScimError(400, "Each operation needs op add, replace or remove.", "invalidSyntax")
    return operations


def apply_patch_operation(operation: dict, remove, set_path) -> None:
    """One PatchOp operation: remove needs a path (noTarget); without a path, value is an object of attributes."""
    op, path, value = operation["op"].lower(), operation.get("path"), operation.get("value")
    if op == "remove":
        if not path:
            raise ScimError(400, "A remove operation needs a path.", "noTarget")
        remove(path)
    elif path:
        set_path(op, path, value)
    else:
        if not isinstance(value, dict):
            raise ScimError(400, "Without a path, value must be an object of attributes.", "invalidValue")
        for name, attribute_value in value.items():
            set_path(op, name, attribute_value)


def patched_copy(resource: dict, body, apply_operation) -> dict:
    """A copy of the resource with a PatchOp body's operations applied in order; the first error changes nothing."""
    changed = copy.deepcopy(resource)
    for operation in patch_operations(body):
        apply_operation(changed, operation)
    return changed
