"""Webex-shaped error bodies and the exception the handlers raise to send one."""
import json
import uuid

from werkzeug.wrappers import Response


class ApiError(Exception):
    """An error answer: status, message and optional extra headers."""

    def __init__(self, status: int, message: str, headers: dict = None, error_code: int = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.error_code = error_code


def tracking_id() -> str:
    """A fresh tracking id in the form Webex uses."""
    return f"ROUTER_{uuid.uuid4()}"


def error_body(message: str, error_code: int = None) -> dict:
    """The JSON body Webex sends with every error."""
    detail = {"description": message}
    if error_code is not None:
        detail["errorCode"] = error_code
    return {"message": message, "errors": [detail], "trackingId": tracking_id()}


def error_response(error: ApiError) -> Response:
    """Turn an ApiError into a JSON response carrying a trackingId header too."""
    body = error_body(error.message, error.error_code)
    response = Response(json.dumps(body), status=error.status, content_type="application/json")
    response.headers["Trackingid"] = body["trackingId"]
    for name, value in error.headers.items():
        response.headers[name] = value
    return response


def bad_request(message: str, error_code: int = None) -> ApiError:
    """400 with this message."""
    return ApiError(400, message, error_code=error_code)


def not_found(message: str = "The requested resource could not be found.") -> ApiError:
    """404 with this message."""
    return ApiError(404, message)
