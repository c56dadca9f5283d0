"""SCIM 2 Users, Groups and Group Members (tests/emulator/FIDELITY.md), checked over plain HTTP through spec-proxy."""
from webex_http import Api

from emulator.harness import (ADMIN_EMAIL, CUSTOMER_ORG_NAME, READONLY_TOKEN, group_seed_id, person_seed_id, scim_org_id,
                              scim_url, scim_user_id)

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"


def state_group(emulator, group_id):
    return next((g for g in emulator.state()["groups"] if g["id"] == group_id), None)


def new_group(scim, name, *emails):
    body = {"schemas": [GROUP], "displayName": name}
    if emails:
        body["members"] = [{"value": scim_user_id(e), "type": "user"} for e in emails]
    response = scim.post("/Groups", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def patch(scim, group_id, *operations):
    return scim.patch(f"/Groups/{group_id}", json={"schemas": [PATCH], "Operations": list(operations)})


def test_a_scim_user_id_is_the_uuid_inside_the_people_id(scim):
    found = scim.get("/Users", params={"filter": f'userName eq "{CAROL.upper()}"'}).json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == scim_user_id(CAROL)
    assert scim.get(f"/Users/{scim_user_id(CAROL)}").json()["userName"] == CAROL
    assert scim.get("/Users/not-a-user").status_code == 404


def test_user_filters_join_with_or_and_unknown_filters_are_400(scim):
    both = scim.get("/Users", params={"filter": f'userName eq "{CAROL}" or userName eq "{DAVE}"'}).json()
    assert sorted(u["userName"] for u in both["Resources"]) == [CAROL, DAVE]
    bad = scim.get("/Users", params={"filter": "userName gt 3"})
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter"


def test_create_needs_the_group_schema_and_a_display_name_and_answers_201(scim, emulator):
    assert scim.post("/Groups", json={"schemas": ["urn:x"], "displayName": "X"}).status_code == 400
    created = new_group(scim, "Engineering", CAROL)
    assert [m["value"] for m in created["members"]] == [scim_user_id(CAROL)]
    held = state_group(emulator, created["id"])
    assert held["displayName"] == "Engineering" and held["members"] == [{"value": scim_user_id(CAROL), "type": "user"}]


def test_a_member_that_is_nobody_is_400_and_nothing_is_created(scim, emulator):
    before = len(emulator.state()["groups"])
    response = scim.post("/Groups", json={"schemas": [GROUP], "displayName": "Ghosts",
                                          "members": [{"value": "00000000-0000-0000-0000-000000000000", "type": "user"}]})
    assert response.status_code == 400 and response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert len(emulator.state()["groups"]) == before


def test_search_by_display_name_finds_every_group_of_that_name(scim):
    found = scim.get("/Groups", params={"filter": 'displayName eq "support"'}).json()
    assert found["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert sorted(g["id"] for g in found["Resources"]) == sorted([group_seed_id("Support"), group_seed_id("Support", occurrence=1)])


def test_search_leaves_members_out_unless_include_members(scim):
    plain = scim.get("/Groups", params={"filter": 'displayName eq "Sales Team"'}).json()["Resources"][0]
    assert "members" not in plain
    full = scim.get("/Groups", params={"filter": 'displayName eq "Sales Team"', "includeMembers": "true"}).json()
    assert full["Resources"][0]["members"][0]["value"] == scim_user_id(CAROL)


def test_search_pages_from_a_one_based_start_index(scim):
    for n in range(5):
        new_group(scim, f"Paged {n}")
    first = scim.get("/Groups", params={"count": 3}).json()
    second = scim.get("/Groups", params={"count": 3, "startIndex": 4}).json()
    assert first["totalResults"] == second["totalResults"] == 8
    assert (first["itemsPerPage"], second["itemsPerPage"], second["startIndex"]) == (3, 3, 4)
    ids = [g["id"] for g in first["Resources"] + second["Resources"]]
    assert len(set(ids)) == 6


def test_get_one_group_has_members_unless_excluded(scim):
    group_id = group_seed_id("Sales Team")
    assert scim.get(f"/Groups/{group_id}").json()["members"][0]["display"] == "Carol Calling"
    assert "members" not in scim.get(f"/Groups/{group_id}", params={"excludedAttributes": "members"}).json()


def test_get_one_group_shows_at_most_500_members_and_members_pages_them_all(scim, emulator):
    people = [{"emails": [f"m{n}@example.com"], "display_name": f"M {n}"} for n in range(520)]
    emulator.reset({"org": {"name": "Example Org"}, "people": [{"emails": [ADMIN_EMAIL], "display_name": "Ada"}] + people,
                    "tokens": [{"token": "emulator-admin-token-0123456789", "person": ADMIN_EMAIL,
                                "scopes": ["identity:people_rw"]}],
                    "groups": [{"display_name": "Big", "members": [p["emails"][0] for p in people]}]})
    group_id = group_seed_id("Big")
    assert len(scim.get(f"/Groups/{group_id}").json()["members"]) == 500
    first = scim.get(f"/Groups/{group_id}/Members").json()
    assert (first["itemsPerPage"], first["memberSize"]) == (500, 520)
    rest = scim.get(f"/Groups/{group_id}/Members", params={"startIndex": 501, "count": 500}).json()
    assert len(rest["members"]) == 20
    capped = scim.get(f"/Groups/{group_id}/Members", params={"count": 900}).json()
    assert capped["itemsPerPage"] == 500


def test_patch_adds_removes_members_and_renames_in_order(scim, emulator):
    group = new_group(scim, "Ops", CAROL)
    response = patch(scim, group["id"],
                     {"op": "add", "path": "members", "value": [{"value": scim_user_id(DAVE), "type": "user"},
                                                                {"value": scim_user_id(CAROL), "type": "user"}]},
                     {"op": "remove", "path": f'members[value eq "{scim_user_id(CAROL)}"]'},
                     {"op": "replace", "path": "displayName", "value": "Operations"})
    assert response.status_code == 200, response.text
    held = state_group(emulator, group["id"])
    assert held["displayName"] == "Operations" and held["members"] == [{"value": scim_user_id(DAVE), "type": "user"}]


def test_patch_is_all_or_nothing_and_remove_needs_a_path(scim, emulator):
    group = new_group(scim, "Atomic", CAROL)
    response = patch(scim, group["id"], {"op": "replace", "path": "displayName", "value": "Renamed"}, {"op": "remove"})
    assert response.status_code == 400 and response.json()["scimType"] == "noTarget"
    assert state_group(emulator, group["id"])["displayName"] == "Atomic"


def test_patch_without_a_path_takes_an_object_of_attributes(scim, emulator):
    group = new_group(scim, "Pathless")
    assert patch(scim, group["id"], {"op": "replace", "value": {"displayName": "Named", "externalId": "ext-1"}}).status_code == 200
    held = state_group(emulator, group["id"])
    assert (held["displayName"], held["externalId"]) == ("Named", "ext-1")


def test_delete_is_204_then_404(scim, emulator):
    group = new_group(scim, "Short-lived")
    assert scim.delete(f"/Groups/{group['id']}").status_code == 204
    assert state_group(emulator, group["id"]) is None
    assert scim.delete(f"/Groups/{group['id']}").status_code == 404


def test_a_deleted_person_leaves_every_group(scim, emulator, api):
    assert api.delete(f"/people/{person_seed_id(CAROL)}").status_code == 204
    assert state_group(emulator, group_seed_id("Sales Team"))["members"] == []


def test_reads_take_people_read_and_writes_need_people_rw(scim):
    readonly = scim.with_token(READONLY_TOKEN)
    assert readonly.get("/Groups").status_code == 200
    refused = readonly.post("/Groups", json={"schemas": [GROUP], "displayName": "No"})
    assert refused.status_code == 403 and "identity:people_rw" in refused.json()["detail"]


def test_the_path_org_must_be_the_tokens_or_a_managed_one(emulator):
    customer = Api(scim_url(emulator.base_url, scim_org_id(CUSTOMER_ORG_NAME)))
    assert customer.get("/Groups").json()["totalResults"] == 0
    refused = customer.with_token(READONLY_TOKEN).get("/Groups")
    assert refused.status_code == 403 and refused.json()["status"] == "403"


def test_unknown_schemas_and_read_only_attributes_are_ignored(scim, emulator):
    response = scim.post("/Groups", json={"schemas": [GROUP, "urn:example:unknown"], "displayName": "Ignored bits",
                                          "id": "11111111-1111-1111-1111-111111111111", "meta": {"resourceType": "x"}})
    assert response.status_code == 201, response.text
    assert response.json()["id"] != "11111111-1111-1111-1111-111111111111"
    assert patch(scim, response.json()["id"], {"op": "replace", "value": {"id": "x", "displayName": "Kept"}}).status_code == 200
    assert state_group(emulator, response.json()["id"])["displayName"] == "Kept"
