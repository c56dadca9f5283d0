"""SCIM 2 POST /Bulk: each operation runs the same write as its own route; a failed one does not undo the others."""
import re

from .errors import ApiError
from .scim import ScimError, message_operations, scim_error_body
from .scim_writes import BULK_WRITES

BULK_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
MAX_OPERATIONS = 100  # the spec: "an error is thrown if the limit is exceeded"
BULK_PATH = re.compile(r"^/(Users|Groups)(?:/([^/?#]+))?$")


def bulk_request(body) -> tuple:
    """(operations, failOnErrors or None) of a BulkRequest body; 400 when it is not one."""
    operations = message_operations(body, BULK_REQUEST_URN, "operations")
    if len(operations) > MAX_OPERATIONS:
        # The spec lists 400 among the answers and no 413 (RFC 7644's status for this).
        raise ScimError(400, f"A bulk request holds at most {MAX_OPERATIONS} operations; this one holds "
                             f"{len(operations)}.", "invalidValue")
    fail_on_errors = body.get("failOnErrors")
    if fail_on_errors is not None and (isinstance(fail_on_errors, bool) or fail_on_errors not in range(1, 101)):
        raise ScimError(400, "failOnErrors must be a whole number from 1 to 100.", "invalidValue")
    return operations, fail_on_errors


def _target(method: str, path) -> tuple:
    """(resource type, resource id or None) of an operation's path: POST names a type, the others one resource."""
    match = BULK_PATH.match(path) if isinstance(path, str) else None
    if not match or bool(match.group(2)) == (method == "POST"):
        raise ScimError(400, f"The path {path!r} does not fit method {method}: POST takes /Users or /Groups, "
                             "PATCH and DELETE /Users/<id> or /Groups/<id>.", "invalidPath")
    return match.group(1), match.group(2)


def _version(resource) -> str:
    """A weak version tag that changes with every write of the resource."""
    return f'W/"{resource["meta"]["lastModified"]}"'


def run_operation(store, base_url: str, org_uuid: str, operation) -> dict:
    """One operation's answer: {method, bulkId, location, version, status}, a failure's SCIM error in response."""
    operation = operation if isinstance(operation, dict) else {}
    method = str(operation.get("method", "")).upper()
    answer = {"method": method}
    if operation.get("bulkId"):
        answer["bulkId"] = operation["bulkId"]
    try:
        kind, resource_id = _target(method, operation.get("path"))
        if method == "POST" and not operation.get("bulkId"):
            raise ScimError(400, "bulkId is required when method is POST.", "invalidSyntax")
        write = BULK_WRITES.get((method, kind))
        if write is None:
            raise ScimError(405, f"Method {method} is not allowed on /{kind} here.")
        status, resource = write(store, base_url, org_uuid, resource_id, operation.get("data"))
    except ApiError as error:
        answer.update(status=str(error.status),
                      response=scim_error_body(error.status, error.message, getattr(error, "scim_type", None)))
        return answer
    answer["location"] = resource["meta"]["location"] if resource else f"{base_url}{kind}/{resource_id}"
    if resource:
        answer["version"] = _version(resource)
    answer["status"] = str(status)
    return answer


def run_bulk(store, base_url: str, org_uuid: str, body) -> dict:
    """POST /Bulk: operations in order; with failOnErrors, processing stops once that many have failed."""
    operations, fail_on_errors = bulk_request(body)
    results, errors = [], 0
    for operation in operations:
        results.append(run_operation(store, base_url, org_uuid, operation))
        errors += int(results[-1]["status"]) >= 400
        if fail_on_errors and errors >= fail_on_errors:
            break
    # The spec's schema for the answer names the list `operations` (its example says `Operations`).
    return {"schemas": [BULK_RESPONSE_URN], "operations": results}
