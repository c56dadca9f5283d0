"""SCIM 2 POST /Bulk: per-operation answers, partial failure, failOnErrors and the 100-operation limit."""
from webex_http import Api

from emulator.harness import READONLY_TOKEN, person_seed_id, scim_org_id, scim_url, scim_user_id

BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
CAROL = "carol.calling@example.com"
DAVE = "dave.disabled@example.com"
NOBODY = "00000000-0000-0000-0000-000000000000"


def set_title(user_id: str, title: str) -> dict:
    return {"method": "PATCH", "path": f"/Users/{user_id}",
            "data": {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title", "value": title}]}}


def bulk(client, *operations, **extra):
    return client.post("/Bulk", json={"schemas": [BULK], "operations": list(operations), **extra})


def title_of(api, email):
    return api.get(f"/people/{person_seed_id(email)}").json().get("title")


def test_a_failed_operation_carries_its_error_and_the_others_stand(scim, api):
    rename_to_carol = {"method": "PATCH", "path": f"/Users/{scim_user_id(DAVE)}", "data": {
        "schemas": [PATCH], "Operations": [{"op": "replace", "path": "userName", "value": CAROL}]}}
    response = bulk(scim, set_title(scim_user_id(CAROL), "Head of Sales"), set_title(NOBODY, "Ghost"),
                    rename_to_carol, {"method": "DELETE", "path": f"/Users/{scim_user_id(DAVE)}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]
    answers = body["operations"]
    assert [a["status"] for a in answers] == ["200", "404", "409", "204"]
    assert answers[0]["method"] == "PATCH" and answers[0]["location"].endswith(f"/Users/{scim_user_id(CAROL)}")
    assert answers[0]["version"].startswith('W/"') and "response" not in answers[0]
    assert answers[1]["response"]["status"] == "404"
    assert answers[1]["response"]["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert answers[2]["response"]["scimType"] == "uniqueness"
    assert answers[3]["location"].endswith(f"/Users/{scim_user_id(DAVE)}") and "version" not in answers[3]
    assert title_of(api, CAROL) == "Head of Sales"
    assert api.get(f"/people/{person_seed_id(DAVE)}").status_code == 404


def test_groups_are_created_changed_and_deleted_by_the_same_rules(scim, emulator):
    created = bulk(scim, {"method": "POST", "path": "/Groups", "bulkId": "g1",
                          "data": {"schemas": [GROUP], "displayName": "Bulk Team",
                                   "members": [{"value": scim_user_id(CAROL), "type": "user"}]}},
                   {"method": "POST", "path": "/Groups", "bulkId": "g2", "data": {"schemas": [GROUP]}})
    first, second = created.json()["operations"]
    assert (first["status"], first["bulkId"]) == ("201", "g1")
    assert (second["status"], second["response"]["scimType"]) == ("400", "invalidValue")
    group_id = first["location"].rsplit("/", 1)[1]
    held = next(g for g in emulator.state()["groups"] if g["id"] == group_id)
    assert held["displayName"] == "Bulk Team" and held["members"] == [{"value": scim_user_id(CAROL), "type": "user"}]
    rename = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "displayName", "value": "Renamed"}]}
    changed = bulk(scim, {"method": "PATCH", "path": f"/Groups/{group_id}", "data": rename},
                   {"method": "DELETE", "path": f"/Groups/{group_id}"},
                   {"method": "DELETE", "path": f"/Groups/{group_id}"})
    assert [a["status"] for a in changed.json()["operations"]] == ["200", "204", "404"]
    assert group_id not in [g["id"] for g in emulator.state()["groups"]]


def test_fail_on_errors_stops_after_that_many_errors(scim, api):
    operations = [set_title(NOBODY, "x"), set_title(scim_user_id(CAROL), "First"),
                  set_title(NOBODY, "y"), set_title(scim_user_id(DAVE), "Never")]
    answers = bulk(scim, *operations, failOnErrors=2).json()["operations"]
    assert [a["status"] for a in answers] == ["404", "200", "404"]
    assert title_of(api, CAROL) == "First" and title_of(api, DAVE) is None
    stopped = bulk(scim, set_title(NOBODY, "x"), set_title(scim_user_id(DAVE), "Never"), failOnErrors=1)
    assert [a["status"] for a in stopped.json()["operations"]] == ["404"]
    assert title_of(api, DAVE) is None


def test_without_fail_on_errors_every_operation_runs(scim, api):
    answers = bulk(scim, set_title(NOBODY, "x"), set_title(NOBODY, "y"), set_title(scim_user_id(DAVE), "Ran")).json()
    assert [a["status"] for a in answers["operations"]] == ["404", "404", "200"]
    assert title_of(api, DAVE) == "Ran"


def test_a_hundred_operations_run_and_a_hundred_and_one_are_400_doing_nothing(scim, api, emulator):
    hundred = [set_title(scim_user_id(DAVE), f"Title {n}") for n in range(100)]
    answer = bulk(scim, *hundred)
    assert answer.status_code == 200 and len(answer.json()["operations"]) == 100
    assert title_of(api, DAVE) == "Title 99"
    # Straight to the emulator: spec-proxy flags a 101st operation (the spec's limit), as it should.
    direct = Api(scim_url(emulator.direct_url, scim_org_id()))
    too_many = bulk(direct, *hundred, set_title(scim_user_id(CAROL), "Never"))
    assert too_many.status_code == 400 and too_many.json()["status"] == "400"
    assert "at most 100" in too_many.json()["detail"]
    assert title_of(api, CAROL) == "Account Executive"


def test_a_body_that_is_no_bulk_request_is_400_and_an_operation_with_a_wrong_path_fails_alone(scim):
    assert scim.post("/Bulk", json={"schemas": ["urn:x"], "operations": [set_title(NOBODY, "x")]}).status_code == 400
    answers = bulk(scim, {"method": "PATCH", "path": "/Users", "data": {}},
                   {"method": "POST", "path": "/Groups", "data": {"schemas": [GROUP], "displayName": "No bulkId"}},
                   {"method": "POST", "path": "/Users", "bulkId": "u1", "data": {}}).json()["operations"]
    assert [(a["status"], a["response"].get("scimType")) for a in answers] == [
        ("400", "invalidPath"), ("400", "invalidSyntax"), ("405", None)]


def test_bulk_needs_people_rw(scim, api):
    reader = scim.with_token(READONLY_TOKEN)
    response = bulk(reader, set_title(scim_user_id(DAVE), "Reader"))
    assert response.status_code == 403 and response.json()["status"] == "403"
    assert title_of(api, DAVE) is None
