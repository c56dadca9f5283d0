"""Handlers of SCIM 2 at the API root: /identity/scim/{orgId}/v2/Users, /Groups, /Groups/{id}/Members, /Bulk."""
from . import scim_writes
from .paging import parse_bool
from .scim import list_response, matches_filter, org_store, org_uuid_of, page_bounds, parse_filter
from .scim_bulk import run_bulk
from .scim_groups import GROUP_FILTER_ATTRIBUTES, MEMBERS_URN, group_or_404, render_group, rendered_members
from .scim_users import USER_FILTER_ATTRIBUTES, render_user, user_or_404

# The spec: GET /Groups/{id}/Members pages 500 members by default, and at most 500.
MEMBERS_PAGE = 500
SEARCH_PAGE = 100


def _base_url(request, store) -> str:
    return f"{request.host_url}identity/scim/{org_uuid_of(store)}/v2/"


def _filtered(records: list, args, attributes: dict) -> list:
    text = (args.get("filter") or "").strip()
    if not text:
        return records
    groups = parse_filter(text, attributes)
    return [record for record in records if matches_filter(record, groups)]


def _excluded(args) -> set:
    return {name.strip().lower() for name in (args.get("excludedAttributes") or "").split(",") if name.strip()}


def search_users(ctx, request, org_id):
    """GET /Users: filter (userName, id, displayName, externalId), startIndex and count (default 100)."""
    store = org_store(ctx, request, org_id)
    start, count = page_bounds(request.args, SEARCH_PAGE)
    with store.lock:
        base = _base_url(request, store)
        users = [render_user(store, person, base) for person in store.people.values() if person.get("type", "person") == "person"]
    return ctx.json(list_response(_filtered(users, request.args, USER_FILTER_ATTRIBUTES), start, count))


def get_user(ctx, request, org_id, user_id):
    """GET /Users/{id}."""
    store = org_store(ctx, request, org_id)
    with store.lock:
        return ctx.json(render_user(store, user_or_404(store, user_id), _base_url(request, store)))


def search_groups(ctx, request, org_id):
    """GET /Groups: filter (displayName, id, externalId), startIndex, count; members only with includeMembers=true."""
    store = org_store(ctx, request, org_id)
    start, count = page_bounds(request.args, SEARCH_PAGE)
    with_members = bool(parse_bool(request.args.get("includeMembers"), "includeMembers"))
    with store.lock:
        base = _base_url(request, store)
        ordered = sorted(store.groups.values(), key=lambda g: g["_seq"])
        groups = [render_group(store, group, base, org_id, with_members) for group in ordered]
    return ctx.json(list_response(_filtered(groups, request.args, GROUP_FILTER_ATTRIBUTES), start, count))


def get_group(ctx, request, org_id, group_id):
    """GET /Groups/{id}: at most 500 members; excludedAttributes=members leaves them out."""
    store = org_store(ctx, request, org_id)
    with store.lock:
        group = group_or_404(store, group_id)
        with_members = "members" not in _excluded(request.args)
        return ctx.json(render_group(store, group, _base_url(request, store), org_id, with_members))


def _write(ctx, request, org_id, write, resource_id=None):
    """Run one SCIM write on the path's organisation: its status and the resource (none on 204)."""
    store = org_store(ctx, request, org_id)
    body = ctx.json_body(request) if request.method != "DELETE" else None
    with store.lock:
        status, answer = write(store, _base_url(request, store), org_id, resource_id, body)
    if answer is None:
        return ctx.empty(status)
    headers = {"Location": answer["meta"]["location"]} if status == 201 else None
    return ctx.json(answer, status=status, headers=headers)


def post_group(ctx, request, org_id):
    """POST /Groups: 201 and the group, members included."""
    return _write(ctx, request, org_id, scim_writes.post_group)


def patch_one_group(ctx, request, org_id, group_id):
    """PATCH /Groups/{id}: 200 and the group after every operation."""
    return _write(ctx, request, org_id, scim_writes.patch_one_group, group_id)


def delete_one_group(ctx, request, org_id, group_id):
    """DELETE /Groups/{id}: 204."""
    return _write(ctx, request, org_id, scim_writes.delete_one_group, group_id)


def patch_one_user(ctx, request, org_id, user_id):
    """PATCH /Users/{id}: 200 and the user after every operation."""
    return _write(ctx, request, org_id, scim_writes.patch_one_user, user_id)


def put_one_user(ctx, request, org_id, user_id):
    """PUT /Users/{id}: 200 and the user, every mapped attribute replaced."""
    return _write(ctx, request, org_id, scim_writes.put_one_user, user_id)


def delete_one_user(ctx, request, org_id, user_id):
    """DELETE /Users/{id}: 204; the person is gone from the People API too."""
    return _write(ctx, request, org_id, scim_writes.delete_one_user, user_id)


def group_members(ctx, request, org_id, group_id):
    """GET /Groups/{id}/Members: startIndex, count (default and at most 500), memberType."""
    store = org_store(ctx, request, org_id)
    start, count = page_bounds(request.args, MEMBERS_PAGE, MEMBERS_PAGE)
    with store.lock:
        group = group_or_404(store, group_id)
        members = rendered_members(store, group, request.args.get("memberType") or None)
    page = members[start - 1:start - 1 + count]
    # The spec's example answer: memberSize (its schema says totalResults) and the Cisco GroupMembers schema.
    return ctx.json({"schemas": [MEMBERS_URN], "displayName": group["displayName"], "memberSize": len(members),
                     "itemsPerPage": len(page), "startIndex": start, "members": page})


def post_bulk(ctx, request, org_id):
    """POST /Bulk: 200 and each operation's own status; the whole request fails only when it is no BulkRequest."""
    store = org_store(ctx, request, org_id)
    body = ctx.json_body(request)
    with store.lock:
        return ctx.json(run_bulk(store, _base_url(request, store), org_id, body))
