"""Handlers of /v1/people."""
from .errors import bad_request, not_found
from .guests import guest_as_person
from .orgs import store_for_org, store_holding
from .paging import decode_cursor, encode_cursor, next_link, parse_bool, parse_max
from .people import create_person, delete_person, render_person, replace_person, without_attendee_sites

MAX_IDS = 85
PAGE_CAP, CALLING_CAP, LOCATION_CAP = 1000, 100, 50
FILTER_KEYS = ("email", "displayName", "id", "orgId", "roles", "callingData", "locationId", "excludeStatus")


def _people_filters(args) -> dict:
    """The list filters of a first-page request, validated."""
    filters = {key: args[key] for key in FILTER_KEYS if args.get(key)}
    for key in ("callingData", "excludeStatus"):
        if key in filters:
            filters[key] = parse_bool(filters[key], key)
    for key in ("id", "roles"):
        if key in filters:
            filters[key] = [v for v in filters[key].split(",") if v]
    if len(filters.get("id", [])) > MAX_IDS:
        raise bad_request(f"Too many ids: at most {MAX_IDS} person ids can be listed at once.")
    return filters


def _page_size(args, filters) -> int:
    """Page size: default 100, capped at 1000, 100 with callingData, 50 with locationId."""
    cap = PAGE_CAP
    if filters.get("callingData"):
        cap = CALLING_CAP
    if filters.get("locationId"):
        cap = min(cap, LOCATION_CAP)
    return parse_max(args.get("max"), 100, cap)


def _candidates(store, filters, after: int):
    """People to scan, in creation order from after the cursor's position; email and id filters use the indexes."""
    if "email" in filters:
        person = store.person_by_email(filters["email"])
        return [person] if person else []
    if "id" in filters:
        found = (store.people.get(pid) for pid in dict.fromkeys(filters["id"]))
        return sorted((p for p in found if p), key=lambda p: p["_seq"])
    return store.people_after(after)


def _matches(store, person, filters) -> bool:
    if "displayName" in filters and not person.get("displayName", "").lower().startswith(
            filters["displayName"].lower()):
        return False
    if "orgId" in filters and filters["orgId"] != store.org["id"]:
        return False
    if "roles" in filters and not set(filters["roles"]) & set(person.get("roles", [])):
        return False
    if "locationId" in filters and person.get("locationId") != filters["locationId"]:
        return False
    return True


def list_people(ctx, request):
    """GET /people: filters, cursor paging through Link; items lack licenses and roles."""
    args = request.args
    if args.get("cursor"):
        # The cursor carries filters and page size: re-added filters and max=null in the URL are ignored.
        cursor = decode_cursor(args["cursor"])
        filters, size, after = cursor.get("f", {}), int(cursor.get("n", 100)), int(cursor.get("a", 0))
    else:
        filters = _people_filters(args)
        size, after = _page_size(args, filters), 0
    # The cursor's orgId, not the next URL's: a next page never moves to another organisation.
    store = store_for_org(ctx.store, request, filters.get("orgId"))
    with store.lock:
        page, more = [], False
        for person in _candidates(store, filters, after):
            if person["_seq"] <= after or not _matches(store, person, filters):
                continue
            if len(page) == size:
                more = True
                break
            page.append(person)
        items = [render_person(p, detail=False, calling_data=bool(filters.get("callingData")),
                               exclude_status=bool(filters.get("excludeStatus")) or "id" in filters) for p in page]
        body = {"items": items}
        if "id" in filters:
            body["notFoundIds"] = [pid for pid in filters["id"] if pid not in store.people]
    headers = {}
    if more:
        query = _filters_as_query(filters)
        query.update({"max": size, "cursor": encode_cursor({"f": filters, "n": size, "a": page[-1]["_seq"]})})
        headers["Link"] = next_link(request.host_url, "/v1/people", query)
    return ctx.json(body, headers=headers)


def _filters_as_query(filters) -> dict:
    """Filters back into query form for the next page's URL."""
    query = {}
    for key, value in filters.items():
        if isinstance(value, bool):
            query[key] = "true" if value else "false"
        elif isinstance(value, list):
            query[key] = ",".join(value)
        else:
            query[key] = value
    return query


def _flag(request, name):
    return bool(parse_bool(request.args.get(name), name))


def post_person(ctx, request):
    """POST /people: 200 with the person, or just its id with minResponse=true."""
    calling = _flag(request, "callingData")
    min_response = _flag(request, "minResponse")
    body = ctx.json_body(request)
    store = store_for_org(ctx.store, request, body.get("orgId") if isinstance(body, dict) else None)
    with store.lock:
        person = create_person(store, body)
        answer = {"id": person["id"]} if min_response else render_person(person, calling_data=calling)
    return ctx.json(answer)


def get_person(ctx, request, person_id):
    """GET /people/{id}: the full record with licenses, roles and loginEnabled."""
    calling = _flag(request, "callingData")
    store = store_holding(ctx.store, request, "people", person_id)
    with store.lock:
        person = store.people.get(person_id)
        if person is None:
            raise not_found("Person not found.")
        return ctx.json(render_person(person, calling_data=calling))


def put_person(ctx, request, person_id):
    """PUT /people/{id}: full replacement."""
    calling = _flag(request, "callingData")
    min_response = _flag(request, "minResponse")
    show_all_types = _flag(request, "showAllTypes")
    body = ctx.json_body(request)
    store = store_holding(ctx.store, request, "people", person_id)
    with store.lock:
        person = replace_person(store, person_id, body, show_all_types)
        answer = {"id": person["id"]} if min_response else render_person(person, calling_data=calling)
    return ctx.json(answer if show_all_types else without_attendee_sites(answer))


def remove_person(ctx, request, person_id):
    """DELETE /people/{id}: 204 with an empty body."""
    store = store_holding(ctx.store, request, "people", person_id)
    with store.lock:
        delete_person(store, person_id)
    return ctx.empty(204)


def get_me(ctx, request):
    """GET /people/me: the token's own person (a guest token sees its appuser)."""
    calling = _flag(request, "callingData")
    token = request.environ["emulator.token"]
    with ctx.store.lock:
        if token.get("guest_subject"):
            guest = ctx.store.guests[token["guest_subject"]]
            return ctx.json({**guest_as_person(guest), "orgId": ctx.store.org["id"]})
        person = ctx.store.people.get(token.get("person_id") or "")
        if person is None:
            raise not_found("No person is behind this access token.")
        return ctx.json(render_person(person, calling_data=calling))
