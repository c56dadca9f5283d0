"""Partner administration: which organisation a request works on, and which ones a token may see at all."""
from .errors import ApiError
from .state import OrgStore


def _token(request) -> dict:
    return request.environ.get("emulator.token") or {}


def visible_stores(home: OrgStore, request) -> list:
    """The token's own organisation, then the customer organisations its user manages as a partner."""
    managed = [home.customers[org_id] for org_id in _token(request).get("manages", []) if org_id in home.customers]
    return [home] + managed


def store_for_org(home: OrgStore, request, org_id) -> OrgStore:
    """The organisation an `orgId` names; none given: the token's own. 403 for one the token may not manage."""
    if not org_id or org_id == home.org["id"]:
        return home
    for store in visible_stores(home, request)[1:]:
        if store.org["id"] == org_id:
            return store
    raise ApiError(403, f"The access token is not authorized to access organization {org_id}.")


def store_holding(home: OrgStore, request, table: str, object_id: str) -> OrgStore:
    """The visible organisation whose `table` (people, licenses, locations) holds the id; the token's own when none
    does, so an object of an organisation the token may not manage is simply not found."""
    for store in visible_stores(home, request):
        if object_id in getattr(store, table):
            return store
    return home
