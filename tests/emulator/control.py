"""Control endpoints under /_emulator/: reset, seed, state, faults, request log, token expiry."""
import json

from werkzeug.wrappers import Request, Response

from .auth import expire_minted_tokens, revoke_refresh_tokens
from .guests import public_guest
from .licensing import render_license
from .people import full_person
from .seed import SeedError, seed_from_json_or_yaml


def _json(body, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _reset(app, request):
    """Back to the startup seed, or to the seed in the body (which does not replace the startup seed)."""
    raw = request.get_data()
    app.replace_store(seed_from_json_or_yaml(raw) if raw.strip() else app.seed_data)
    return _json({"reset": True, "people": len(app.store.people)})


def _seed(app, request):
    """Load the seed in the body (YAML or JSON) as the whole state."""
    app.replace_store(seed_from_json_or_yaml(request.get_data()))
    return _json({"loaded": True, "people": len(app.store.people)})


def _org_state(store) -> dict:
    """One organisation's org, people in full API form, licenses with consumption, and locations."""
    with store.lock:
        return {"org": store.org,
                "people": [full_person(p) for p in store.people.values()],
                "licenses": [render_license(store, lic) for lic in store.licenses.values()],
                "locations": list(store.locations.values()),
                "groups": [{key: value for key, value in group.items() if key != "_seq"} for group in store.groups.values()]}


def _state(app, request):
    """Everything, people in full API form; guests without tokens; each customer organisation apart."""
    store = app.store
    body = _org_state(store)
    with store.lock:
        body.update({"roles": list(store.roles.values()),
                     "guests": [public_guest(g) for g in store.guests.values()],
                     "customer_orgs": [_org_state(customer) for customer in store.customers.values()],
                     "faults": app.faults.describe()})
    return _json(body)


def _faults(app, request):
    """Change fault and latency settings; only the keys given change."""
    if request.method == "GET":
        return _json(app.faults.describe())
    settings = json.loads(request.get_data() or b"{}")
    token_settings = {key: settings.pop(key) for key in ("access_token_lifetime", "access_token_uses") if key in settings}
    app.faults.configure(settings)
    with app.store.lock:
        for integration in app.store.integrations.values():
            if "access_token_lifetime" in token_settings:
                integration["access_token_lifetime"] = float(token_settings["access_token_lifetime"])
            if "access_token_uses" in token_settings:
                integration["access_token_uses"] = int(token_settings["access_token_uses"] or 0)
    return _json(app.faults.describe())


def _requests(app, request):
    """The request log, or clear it."""
    with app.log_lock:
        if request.method == "DELETE":
            app.log.clear()
            return Response(b"", status=204)
        return _json(list(app.log))


def _expire(app, request):
    with app.store.lock:
        return _json({"expired": expire_minted_tokens(app.store)})


def _revoke(app, request):
    with app.store.lock:
        return _json({"revoked": revoke_refresh_tokens(app.store)})


ENDPOINTS = {
    ("POST", "reset"): _reset,
    ("POST", "seed"): _seed,
    ("GET", "state"): _state,
    ("PUT", "faults"): _faults,
    ("GET", "faults"): _faults,
    ("GET", "requests"): _requests,
    ("DELETE", "requests"): _requests,
    ("POST", "expire-tokens"): _expire,
    ("POST", "revoke-refresh-tokens"): _revoke,
}


def dispatch(app, request: Request) -> Response:
    """Run a control endpoint; 400 on bad input, 404/405 otherwise."""
    name = request.path[len("/_emulator/"):].strip("/")
    handler = ENDPOINTS.get((request.method, name))
    if handler is None:
        known = any(key[1] == name for key in ENDPOINTS)
        return _json({"message": "method not allowed" if known else "no such control endpoint"},
                     status=405 if known else 404)
    try:
        return handler(app, request)
    except (SeedError, ValueError, TypeError) as error:
        return _json({"message": str(error)}, status=400)
