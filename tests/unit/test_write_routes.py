"""Which API carries a person's plan (routes.py), and reading each operation's answer of a SCIM Bulk request (scim/bulk.py)."""

from __future__ import annotations

import base64

from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import plan_create, plan_update
from ansible_collections.webexops.identity.plugins.module_utils.person.routes import (
    LICENSES_API,
    PEOPLE_API,
    SCIM_BULK,
    bulk_operation,
    licenses_after,
    routed,
    routed_requests,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.state import plan_absent
from ansible_collections.webexops.identity.plugins.module_utils.scim.bulk import (
    MAX_OPERATIONS,
    answers_in_order,
    bulk_body,
    in_batches,
    operation_error,
)

UUID = "5583e1ec-21c5-55f5-8480-2f478ae82b47"
MANAGER_UUID = "0a1b2c3d-21c5-55f5-8480-2f478ae82b47"


def webex_id(resource: str, uuid: str) -> str:
    return base64.urlsafe_b64encode(("ciscospark://us/%s/%s" % (resource, uuid)).encode()).decode().rstrip("=")


PERSON_ID = webex_id("PEOPLE", UUID)
LISTED = {"id": PERSON_ID, "emails": ["ann@example.com"], "displayName": "Ann", "title": "Engineer", "department": "Sales",
          "phoneNumbers": [{"type": "mobile", "value": "+1 408 555 0199"}], "licenses": ["lic-msg"]}


def no_calling(_license: str) -> bool:
    return False


def route(desired, current=None, is_calling=no_calling):
    current = LISTED if current is None else current
    return routed(plan_update(desired, current), current, is_calling)


def test_scim_fields_alone_go_as_one_scim_patch_of_replace_and_remove():
    plan = route({"title": "Lead", "department": ""})
    assert plan.api == SCIM_BULK
    assert plan.api_body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
    assert sorted(plan.api_body["Operations"], key=lambda op: op["path"]) == [
        {"op": "replace", "path": "title", "value": "Lead"},
        {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
    ]
    # The plan itself is the one the People API would carry: same before and after.
    assert (plan.before, plan.after) == ({"title": "Engineer", "department": "Sales"}, {"title": "Lead", "department": ""})


def test_names_manager_and_phone_numbers_in_scim_form():
    manager = webex_id("PEOPLE", MANAGER_UUID)
    plan = route({"first_name": "Annie", "manager_id": manager,
                  "phone_numbers": ListChange(set=[{"type": "work", "value": "+1 408 555 0100"}])})
    operations = {op["path"]: op.get("value") for op in plan.api_body["Operations"]}
    assert operations == {
        "name.givenName": "Annie",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": {"value": MANAGER_UUID},
        "phoneNumbers": [{"type": "work", "value": "+1 408 555 0100"}],
    }


def test_fields_without_a_scim_path_or_a_mix_stay_on_the_people_api():
    for desired in ({"login_enabled": False}, {"manager": "Bob"}, {"title": "Lead", "avatar": "https://a.example.com/x.png"},
                    {"title": "Lead", "licenses": ListChange(set=[])}):
        assert route(desired, dict(LISTED, loginEnabled=True)).api == PEOPLE_API, desired


def test_phone_numbers_webex_derives_keep_the_people_api():
    current = dict(LISTED, phoneNumbers=[{"type": "work_extension", "value": "84101"}])
    assert route({"phone_numbers": ListChange(add=[{"type": "mobile", "value": "+1 408 555 0100"}])}, current).api == PEOPLE_API


def test_a_manager_this_run_creates_has_no_id_yet_and_keeps_the_people_api():
    assert route({"manager_id": "(id of boss@example.com, created in this run)"}).api == PEOPLE_API


def test_licenses_alone_go_as_add_and_remove_operations():
    plan = route({"licenses": ListChange(add=["lic-meet"], remove=["lic-msg"])})
    assert plan.api == LICENSES_API
    assert plan.api_body == {"personId": PERSON_ID,
                             "licenses": [{"id": "lic-meet", "operation": "add"}, {"id": "lic-msg", "operation": "remove"}]}
    assert licenses_after(plan, ["lic-msg", "lic-x"]) == ["lic-x", "lic-meet"]


def test_a_calling_license_needs_the_people_api():
    assert route({"licenses": ListChange(add=["lic-calling"])}, is_calling=lambda lic: lic == "lic-calling").api == PEOPLE_API


def test_deletes_go_in_bulk_unless_an_update_comes_first():
    plan = routed(plan_absent(LISTED), LISTED, no_calling)
    assert plan.api == SCIM_BULK and bulk_operation(plan, PERSON_ID) == {"method": "DELETE", "path": "/Users/" + UUID}
    freeing = plan_update({"login_enabled": False}, dict(LISTED, loginEnabled=True))
    assert routed(plan_absent(LISTED, freeing=freeing), LISTED, no_calling).api == PEOPLE_API


def test_creates_and_ids_that_are_not_people_ids_stay_on_the_people_api():
    assert routed(plan_create("new@example.com", {"display_name": "New"}), None, no_calling).api == PEOPLE_API
    other = dict(LISTED, id="person-1")
    assert routed(plan_update({"title": "Lead"}, other), other, no_calling).api == PEOPLE_API


def test_rendered_shows_the_operation_and_the_bulk_request_that_carries_it():
    plan = route({"title": "Lead"})
    assert routed_requests(plan, PERSON_ID, "org-uuid") == [{
        "method": "PATCH", "path": "/identity/scim/org-uuid/v2/Users/" + UUID,
        "bulk": "POST /identity/scim/org-uuid/v2/Bulk", "body": plan.api_body}]


def test_bulk_requests_hold_at_most_100_operations_each_with_a_bulk_id():
    assert [len(batch) for batch in in_batches(list(range(250)))] == [MAX_OPERATIONS, MAX_OPERATIONS, 50]
    body = bulk_body([{"method": "DELETE", "path": "/Users/a"}])
    assert body == {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                    "operations": [{"method": "DELETE", "path": "/Users/a", "bulkId": "op0"}]}


OPERATIONS = [{"method": "PATCH", "path": "/Users/a"}, {"method": "DELETE", "path": "/Users/b"}]


def test_answers_are_read_by_bulk_id_from_operations_or_Operations():
    for key in ("operations", "Operations"):
        answer = {key: [{"method": "DELETE", "bulkId": "op1", "status": "404", "response": {"detail": "User b not found."}},
                        {"method": "PATCH", "bulkId": "op0", "status": "200"}]}
        first, second = answers_in_order(answer, OPERATIONS)
        assert first.succeeded and first.status == 200
        assert not second.succeeded and (second.status, second.detail) == (404, "User b not found.")


def test_answers_without_bulk_id_are_found_by_location_then_position():
    by_location = {"Operations": [{"method": "DELETE", "location": "https://x/v2/Users/b", "status": "204"},
                                  {"method": "PATCH", "location": "https://x/v2/Users/a", "status": "400",
                                   "response": {"detail": "Bad value.", "scimType": "invalidValue"}}]}
    first, second = answers_in_order(by_location, OPERATIONS)
    assert (first.status, first.detail, second.status) == (400, "Bad value. invalidValue", 204)
    by_position = {"operations": [{"status": "200"}, {"status": "204"}]}
    assert [a.status for a in answers_in_order(by_position, OPERATIONS)] == [200, 204]


def test_an_operation_the_answer_leaves_out_fails_with_a_sentence():
    missing = answers_in_order({"operations": [{"method": "PATCH", "bulkId": "op0", "status": "200"}]}, OPERATIONS)[1]
    assert missing.status is None
    assert "did not mention this operation" in str(operation_error(OPERATIONS[1], missing))
    error = operation_error(OPERATIONS[0], answers_in_order({"operations": [{"bulkId": "op0", "status": "409"}]}, OPERATIONS)[0])
    assert error.status == 409 and str(error).startswith("Webex answered 409 to PATCH /Users/a:")
