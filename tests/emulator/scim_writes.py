"""The SCIM 2 writes on one resource, shared by their own routes and by POST /Bulk.

Each takes (store, base_url, org_uuid, resource_id, body) with the store's lock held and returns
(status, the resource as answered, or None for 204).
"""
from .scim_groups import create_group, delete_group, patch_group, render_group
from .scim_user_writes import delete_user, patch_user, replace_user
from .scim_users import render_user


def post_group(store, base_url: str, org_uuid: str, _group_id, body):
    return 201, render_group(store, create_group(store, body), base_url, org_uuid, with_members=True)


def patch_one_group(store, base_url: str, org_uuid: str, group_id: str, body):
    return 200, render_group(store, patch_group(store, group_id, body), base_url, org_uuid, with_members=True)


def delete_one_group(store, _base_url, _org_uuid, group_id: str, _body):
    delete_group(store, group_id)
    return 204, None


def patch_one_user(store, base_url: str, _org_uuid, user_id: str, body):
    return 200, render_user(store, patch_user(store, user_id, body), base_url)


def put_one_user(store, base_url: str, _org_uuid, user_id: str, body):
    return 200, render_user(store, replace_user(store, user_id, body), base_url)


def delete_one_user(store, _base_url, _org_uuid, user_id: str, _body):
    delete_user(store, user_id)
    return 204, None


# (method, resource type) -> write; the ones POST /Bulk may run (the spec: POST, PATCH, DELETE).
BULK_WRITES = {("POST", "Groups"): post_group, ("PATCH", "Groups"): patch_one_group,
               ("DELETE", "Groups"): delete_one_group, ("PATCH", "Users"): patch_one_user,
               ("DELETE", "Users"): delete_one_user}
