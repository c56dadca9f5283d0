"""Handlers of /v1/licenses, /v1/roles, /v1/locations, /v1/guests and /v1/access_token."""
import json

from .auth import refresh_access_token
from .errors import bad_request, not_found
from .guests import issue_guest_token
from .licensing import license_users, render_license
from .orgs import store_for_org, store_holding
from .paging import decode_cursor, encode_cursor, next_link, parse_max
from .user_licenses import patch_user_licenses

LICENSE_USER_LIMIT = 300
LOCATION_CAP = 500  # The spec's default page of locations, and the most one page holds.


def list_licenses(ctx, request):
    """GET /licenses: every license of the organisation (orgId, else the token's), with live consumption."""
    store = store_for_org(ctx.store, request, request.args.get("orgId"))
    with store.lock:
        return ctx.json({"items": [render_license(store, lic) for lic in store.licenses.values()]})


def get_license(ctx, request, license_id):
    """GET /licenses/{id}: with includeAssignedTo=user, the holders, paged by `next` in the Link header."""
    args = request.args
    assigned_to = args.get("includeAssignedTo")
    if assigned_to not in (None, "", "user"):
        raise bad_request(f"Invalid value for includeAssignedTo: {assigned_to!r}")
    limit = parse_max(args.get("limit"), LICENSE_USER_LIMIT, 10**9, name="limit")
    if limit > LICENSE_USER_LIMIT:
        raise bad_request(f"limit cannot be more than {LICENSE_USER_LIMIT}.")
    offset = int(decode_cursor(args["next"]).get("o", 0)) if args.get("next") else 0
    store = store_holding(ctx.store, request, "licenses", license_id)
    with store.lock:
        lic = store.licenses.get(license_id)
        if lic is None:
            raise not_found("License not found.")
        body = render_license(store, lic)
        headers = {}
        if assigned_to:
            body["users"], holders = license_users(store, license_id, offset, limit)
            if offset + limit < holders:
                query = {"includeAssignedTo": "user", "limit": limit, "next": encode_cursor({"o": offset + limit})}
                headers["Link"] = next_link(request.host_url, f"/v1/licenses/{license_id}", query)
    return ctx.json(body, headers=headers)


def patch_licenses(ctx, request):
    """PATCH /licenses/users: add or remove licenses of one person; 206 when one was skipped (no seat) or failed."""
    body = ctx.json_body(request)
    store = store_for_org(ctx.store, request, body.get("orgId") if isinstance(body, dict) else None)
    with store.lock:
        status, answer = patch_user_licenses(store, body)
    return ctx.json(answer, status=status)


def list_roles(ctx, request):
    """GET /roles."""
    with ctx.store.lock:
        return ctx.json({"items": list(ctx.store.roles.values())})


def get_role(ctx, request, role_id):
    """GET /roles/{id}."""
    with ctx.store.lock:
        role = ctx.store.roles.get(role_id)
    if role is None:
        raise not_found("Role not found.")
    return ctx.json(role)


def list_locations(ctx, request):
    """GET /locations: name contains (case-insensitive), id, max default and cap 500, Link paging."""
    args = request.args
    if args.get("cursor"):
        cursor = decode_cursor(args["cursor"])
        name, wanted_id, size, offset = cursor.get("name", ""), cursor.get("id", ""), int(cursor["n"]), int(cursor["o"])
        org_id = cursor.get("org", "")
    else:
        name, wanted_id, org_id = args.get("name", ""), args.get("id", ""), args.get("orgId", "")
        size, offset = parse_max(args.get("max"), LOCATION_CAP, LOCATION_CAP), 0
    store = store_for_org(ctx.store, request, org_id)
    with store.lock:
        found = [loc for loc in store.locations.values()
                 if name.lower() in loc["name"].lower() and (not wanted_id or loc["id"] == wanted_id)]
    headers = {}
    if offset + size < len(found):
        query = {key: value for key, value in (("name", name), ("id", wanted_id), ("orgId", org_id)) if value}
        query.update({"max": size, "cursor": encode_cursor({"name": name, "id": wanted_id, "org": org_id, "n": size,
                                                            "o": offset + size})})
        headers["Link"] = next_link(request.host_url, "/v1/locations", query)
    return ctx.json({"items": found[offset:offset + size]}, headers=headers)


def get_location(ctx, request, location_id):
    """GET /locations/{id}: in the organisation orgId names, else wherever the token may look."""
    org_id = request.args.get("orgId")
    if org_id:
        store = store_for_org(ctx.store, request, org_id)
    else:
        store = store_holding(ctx.store, request, "locations", location_id)
    with store.lock:
        location = store.locations.get(location_id)
    if location is None:
        raise not_found("Location not found.")
    return ctx.json(location)


def post_guest_token(ctx, request):
    """POST /guests/token: a new token for the subject on every call."""
    body = ctx.json_body(request)
    with ctx.store.lock:
        return ctx.json(issue_guest_token(ctx.store, body))


def get_guest_count(ctx, request):
    """GET /guests/count: text/plain by default (as the spec says); JSON forms on demand."""
    with ctx.store.lock:
        count = len(ctx.store.guests)
    form = ctx.faults.guest_count_form
    if form == "json-number":
        return ctx.raw(json.dumps(count), "application/json")
    if form == "json-object":
        return ctx.raw(json.dumps({"count": count}), "application/json")
    return ctx.raw(str(count), "text/plain")


def post_access_token(ctx, request):
    """POST /access_token: the refresh_token grant (form-encoded)."""
    with ctx.store.lock:
        return ctx.json(refresh_access_token(ctx.store, request.form.to_dict()))
