"""The WSGI application: routing, auth, latency, faults and the request log around the handlers."""
import json
import threading
import time
import traceback

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from . import api_catalog, api_people, api_scim, control
from .auth import authenticate, require_scope
from .errors import ApiError, bad_request, error_response
from .scim import is_scim_path, scim_error_body
from .faults import BAD_RETRY_AFTER, FaultPlan
from .seed import build_store
from .server import DROP_KEY

READ, WRITE = "spark-admin:people_read", "spark-admin:people_write"
ANY_TOKEN, NO_TOKEN = "", None

# (path, method, handler, scope): scope "" needs any valid token, None no token, a tuple any one of its scopes.
# The spec: locations are readable with locations_read, people_read or device_read; the guest count with
# guest-issuer:read or guest-issuer:write.
LOCATIONS_READ = ("spark-admin:locations_read", "spark-admin:people_read", "spark-admin:device_read")
GUESTS_READ = ("guest-issuer:read", "guest-issuer:write")
ROUTES = [
    ("/v1/people", "GET", api_people.list_people, READ),
    ("/v1/people", "POST", api_people.post_person, WRITE),
    ("/v1/people/me", "GET", api_people.get_me, ANY_TOKEN),
    ("/v1/people/<person_id>", "GET", api_people.get_person, READ),
    ("/v1/people/<person_id>", "PUT", api_people.put_person, WRITE),
    ("/v1/people/<person_id>", "DELETE", api_people.remove_person, WRITE),
    ("/v1/licenses", "GET", api_catalog.list_licenses, "spark-admin:licenses_read"),
    ("/v1/licenses/users", "PATCH", api_catalog.patch_licenses, WRITE),
    ("/v1/licenses/<license_id>", "GET", api_catalog.get_license, "spark-admin:licenses_read"),
    ("/v1/roles", "GET", api_catalog.list_roles, "spark-admin:roles_read"),
    ("/v1/roles/<role_id>", "GET", api_catalog.get_role, "spark-admin:roles_read"),
    ("/v1/locations", "GET", api_catalog.list_locations, LOCATIONS_READ),
    ("/v1/locations/<location_id>", "GET", api_catalog.get_location, LOCATIONS_READ),
    ("/v1/guests/token", "POST", api_catalog.post_guest_token, "guest-issuer:write"),
    ("/v1/guests/count", "GET", api_catalog.get_guest_count, GUESTS_READ),
    ("/v1/access_token", "POST", api_catalog.post_access_token, NO_TOKEN),
]
# SCIM 2 sits at the API root, not under /v1. The spec: writes need identity:people_rw, reads it or identity:people_read.
SCIM_READ, SCIM_WRITE = ("identity:people_read", "identity:people_rw"), "identity:people_rw"
SCIM = "/identity/scim/<org_id>/v2"
ROUTES += [
    (SCIM + "/Users", "GET", api_scim.search_users, SCIM_READ),
    (SCIM + "/Users/<user_id>", "GET", api_scim.get_user, SCIM_READ),
    (SCIM + "/Users/<user_id>", "PATCH", api_scim.patch_one_user, SCIM_WRITE),
    (SCIM + "/Users/<user_id>", "PUT", api_scim.put_one_user, SCIM_WRITE),
    (SCIM + "/Users/<user_id>", "DELETE", api_scim.delete_one_user, SCIM_WRITE),
    (SCIM + "/Groups", "POST", api_scim.post_group, SCIM_WRITE),
    (SCIM + "/Groups", "GET", api_scim.search_groups, SCIM_READ),
    (SCIM + "/Groups/<group_id>", "GET", api_scim.get_group, SCIM_READ),
    (SCIM + "/Groups/<group_id>", "PATCH", api_scim.patch_one_group, SCIM_WRITE),
    (SCIM + "/Groups/<group_id>", "DELETE", api_scim.delete_one_group, SCIM_WRITE),
    (SCIM + "/Groups/<group_id>/Members", "GET", api_scim.group_members, SCIM_READ),
    (SCIM + "/Bulk", "POST", api_scim.post_bulk, SCIM_WRITE),
]
API_MAP = Map([Rule(path, methods=[method], endpoint=(handler, scope)) for path, method, handler, scope in ROUTES],
              strict_slashes=False, merge_slashes=False)
PRE_FAULT_STATUS = {"429": 429, "429-no-retry-after": 429, "429-bad-retry-after": 429,
                    "500": 500, "502": 502, "503": 503, "504": 504}


class DropConnection(Exception):
    """Close the client's connection without any answer."""


class EmulatorApp:
    """The emulator: one org store, one fault plan, one request log."""

    def __init__(self, seed_data: dict, faults: FaultPlan = None):
        self.seed_data = seed_data
        self.store = build_store(seed_data)
        self.faults = faults or FaultPlan()
        self.log = []
        self.log_lock = threading.Lock()

    # Response helpers the handlers use.
    @staticmethod
    def json(body, status: int = 200, headers: dict = None) -> Response:
        response = Response(json.dumps(body), status=status, content_type="application/json")
        response.headers["Trackingid"] = "ROUTER_emulator"
        for name, value in (headers or {}).items():
            response.headers[name] = value
        return response

    @staticmethod
    def raw(text: str, content_type: str) -> Response:
        return Response(text, content_type=content_type)

    @staticmethod
    def empty(status: int) -> Response:
        return Response(b"", status=status)

    @staticmethod
    def json_body(request: Request):
        """The JSON body of a write; 400 when it is not JSON."""
        raw = request.get_data()
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request("The request body is not valid JSON.") from None

    def record(self, request: Request, status, fault) -> None:
        entry = {"method": request.method, "path": request.path, "query": request.query_string.decode(),
                 "status": status, "fault": fault}
        with self.log_lock:
            self.log.append(entry)

    def replace_store(self, seed_data: dict) -> None:
        """Swap in a fresh org built from seed data (built first, so a bad seed changes nothing)."""
        self.store = build_store(seed_data)

    # WSGI entry point.
    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            if request.path.startswith("/_emulator/"):
                response = control.dispatch(self, request)
            else:
                response = self._serve_api(request)
        except Exception:  # A bug here must still answer like Webex, and show up on stderr.
            traceback.print_exc()
            response = error_response(ApiError(500, "Internal emulator error."))
        return response(environ, start_response)

    def _serve_api(self, request: Request) -> Response:
        delay = self.faults.delay_seconds()
        if delay:
            time.sleep(delay)
        fault = self.faults.pick(request.method, request.method == "POST" and request.path.rstrip("/") == "/v1/people")
        if fault in PRE_FAULT_STATUS or fault == "drop":
            return self._pre_fault(request, fault)
        try:
            response = self._dispatch(request)
        except DropConnection:
            return self._drop(request, None, fault)
        if fault == "write-drop":
            return self._drop(request, response.status_code, fault)
        if fault == "create-400" and response.status_code == 200:
            response = self.error(request, bad_request("Calling data could not be applied to the new user."))
        self.record(request, response.status_code, fault)
        return response

    def _dispatch(self, request: Request) -> Response:
        """Route, authenticate, run the handler; every error Webex-shaped."""
        try:
            (handler, scope), args = API_MAP.bind_to_environ(request.environ).match()
            if scope is not None:
                token = authenticate(self.store, request.headers.get("Authorization", ""))
                require_scope(token, scope)
                request.environ["emulator.token"] = token
            return handler(self, request, **args)
        except NotFound:
            return self.error(request, ApiError(404, "The requested resource could not be found."))
        except MethodNotAllowed:
            return self.error(request, ApiError(405, f"Method {request.method} is not allowed on {request.path}."))
        except ApiError as error:
            return self.error(request, error)

    def error(self, request: Request, error: ApiError) -> Response:
        """An error in the form of its API: SCIM's {schemas, status, scimType, detail}, else Webex's."""
        if not is_scim_path(request.path):
            return error_response(error)
        body = scim_error_body(error.status, error.message, getattr(error, "scim_type", None))
        return self.json(body, status=error.status, headers=error.headers)

    def _pre_fault(self, request: Request, fault: str) -> Response:
        """A fault answered before anything is done."""
        if fault == "drop":
            return self._drop(request, None, fault)
        headers = {}
        if fault == "429":
            headers["Retry-After"] = str(self.faults.retry_after)
        elif fault == "429-bad-retry-after":
            headers["Retry-After"] = BAD_RETRY_AFTER
        status = PRE_FAULT_STATUS[fault]
        message = "Too many requests." if status == 429 else f"Injected server error {status}."
        self.record(request, status, fault)
        return self.error(request, ApiError(status, message, headers=headers))

    def _drop(self, request: Request, status, fault) -> Response:
        """Ask the server to close the connection without writing any answer."""
        self.record(request, status, fault)
        request.environ[DROP_KEY] = True
        return Response(b"", status=500)
