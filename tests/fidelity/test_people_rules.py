"""The people rules of the README, checked over plain HTTP and against /_emulator/state."""
from webex_http import state_person
from emulator.harness import (ADMIN_EMAIL, READONLY_TOKEN, license_seed_id, location_seed_id, person_seed_id,
                              role_seed_id)

MESSAGING = license_seed_id("Messaging")
CALLING_1 = license_seed_id("Webex Calling - Professional", "Sub-1")
CALLING_2 = license_seed_id("Webex Calling - Professional", "Sub-2")
ADVANCED = license_seed_id("Advanced Messaging")
HQ = location_seed_id("Headquarters")
BRANCH = location_seed_id("Branch Office")


def create(api, email, **fields):
    body = {"emails": [email], "displayName": fields.pop("displayName", email.split("@")[0]), **fields}
    return api.post("/people", json=body)


def test_create_answers_200_with_read_only_fields_set_by_server(api, emulator):
    response = create(api, "New.Person@Example.com", firstName="New", lastName="Person", displayName="New Person",
                      licenses=[MESSAGING])
    assert response.status_code == 200
    person = response.json()
    assert person["emails"] == ["new.person@example.com"]
    assert person["type"] == "person" and person["id"].startswith("Y2lzY29zcGFyazovL3VzL1BFT1BMRS")
    assert person["licenses"] == [MESSAGING] and person["loginEnabled"] is True
    assert None not in person.values()
    assert state_person(emulator, "new.person@example.com")["id"] == person["id"]


def test_create_min_response_returns_only_the_id(api):
    response = api.post("/people", params={"minResponse": "true"}, json={"emails": ["min@example.com"], "firstName": "Min"})
    assert response.status_code == 200 and list(response.json()) == ["id"]


def test_display_name_defaults_from_first_and_last(api):
    person = create(api, "fl@example.com", displayName="", firstName="Fi", lastName="La").json()
    assert person["displayName"] == "Fi La"


def test_create_without_any_name_is_400(api):
    response = api.post("/people", json={"emails": ["noname@example.com"]})
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors", "trackingId"}


def test_create_with_bad_email_is_400(api):
    assert create(api, "not-an-email").status_code == 400


def test_duplicate_email_is_409_case_insensitively(api, emulator):
    response = create(api, "ADMIN@example.COM")
    assert response.status_code == 409
    assert response.json()["trackingId"].startswith("ROUTER_")
    assert len([p for p in emulator.state()["people"] if p["emails"] == [ADMIN_EMAIL]]) == 1


def test_email_filter_is_exact_and_case_insensitive(api):
    items = api.get("/people", params={"email": "Admin@Example.com"}).json()["items"]
    assert [p["emails"] for p in items] == [[ADMIN_EMAIL]]
    assert api.get("/people", params={"email": "admin@example"}).json()["items"] == []


def test_display_name_filter_is_starts_with_case_insensitive(api):
    items = api.get("/people", params={"displayName": "carol"}).json()["items"]
    assert [p["displayName"] for p in items] == ["Carol Calling"]
    assert api.get("/people", params={"displayName": "Calling"}).json()["items"] == []


def test_list_items_lack_licenses_and_roles_but_details_have_them(api):
    items = api.get("/people").json()["items"]
    assert items and all("licenses" not in p and "roles" not in p for p in items)
    admin = api.get(f"/people/{person_seed_id(ADMIN_EMAIL)}").json()
    assert admin["roles"] == [role_seed_id("Full Administrator")] and admin["licenses"] == [MESSAGING]
    assert admin["loginEnabled"] is True


def test_roles_and_id_filters(api):
    dave = person_seed_id("dave.disabled@example.com")
    body = api.get("/people", params={"roles": role_seed_id("Read-only Administrator")}).json()
    assert [p["id"] for p in body["items"]] == [dave]
    unknown = person_seed_id("nobody@example.com")
    body = api.get("/people", params={"id": f"{dave},{unknown}"}).json()
    assert [p["id"] for p in body["items"]] == [dave] and body["notFoundIds"] == [unknown]


def test_more_than_85_ids_is_400(api):
    ids = ",".join(person_seed_id(f"u{n}@example.com") for n in range(86))
    assert api.get("/people", params={"id": ids}).status_code == 400
    assert api.get("/people", params={"id": ",".join(ids.split(",")[:85])}).status_code == 200


def test_put_is_full_replacement(api):
    carol_id = person_seed_id("carol.calling@example.com")
    carol = api.get(f"/people/{carol_id}", params={"callingData": "true"}).json()
    body = {"emails": carol["emails"], "displayName": "Carol C", "firstName": "Carol", "licenses": [MESSAGING]}
    response = api.put(f"/people/{carol_id}", params={"showAllTypes": "true"}, json=body)  # Attendee sites too.
    assert response.status_code == 200, response.text
    after = api.get(f"/people/{carol_id}", params={"callingData": "true"}).json()
    for cleared in ("avatar", "phoneNumbers", "lastName", "department", "title", "addresses", "siteUrls",
                    "extension", "locationId"):
        assert cleared not in after, cleared
    assert after["licenses"] == [MESSAGING] and after["nickName"] == "Carol"  # nickName overwritten by firstName.
    assert after["created"] == carol["created"] and after["id"] == carol_id


def test_put_without_login_enabled_enables_login(api):
    dave_id = person_seed_id("dave.disabled@example.com")
    dave = api.get(f"/people/{dave_id}").json()
    assert dave["loginEnabled"] is False
    body = {key: dave[key] for key in ("emails", "displayName", "firstName", "lastName", "avatar", "phoneNumbers",
                                       "roles", "licenses")}
    assert api.put(f"/people/{dave_id}", json=body).status_code == 200
    assert api.get(f"/people/{dave_id}").json()["loginEnabled"] is True
    body["loginEnabled"] = False
    assert api.put(f"/people/{dave_id}", json=body).json()["loginEnabled"] is False


def test_put_requires_display_name(direct_api):
    # Direct: the spec itself requires displayName, so spec-proxy would (rightly) flag this request.
    assert direct_api.put(f"/people/{person_seed_id(ADMIN_EMAIL)}", json={"emails": [ADMIN_EMAIL]}).status_code == 400


def test_put_ignores_read_only_fields(api):
    admin_id = person_seed_id(ADMIN_EMAIL)
    admin = api.get(f"/people/{admin_id}").json()
    body = {key: admin[key] for key in ("emails", "displayName", "firstName", "lastName", "roles", "licenses")}
    body.update({"status": "inactive", "invitePending": True, "type": "bot", "created": "2001-01-01T00:00:00Z"})
    after = api.put(f"/people/{admin_id}", json=body).json()
    assert (after["status"], after["invitePending"], after["type"]) == ("active", False, "person")
    assert after["created"] == admin["created"]


def test_delete_is_204_then_404(api, emulator):
    dave_id = person_seed_id("dave.disabled@example.com")
    response = api.delete(f"/people/{dave_id}")
    assert response.status_code == 204 and response.content == b""
    assert api.delete(f"/people/{dave_id}").status_code == 404
    assert api.get(f"/people/{dave_id}").status_code == 404
    assert state_person(emulator, "dave.disabled@example.com") is None


def test_unknown_license_role_location_are_400(api):
    assert create(api, "a@example.com", licenses=[person_seed_id("x@example.com")]).status_code == 400
    assert create(api, "b@example.com", roles=[MESSAGING]).status_code == 400
    response = create(api, "c@example.com", licenses=[CALLING_1], locationId=MESSAGING, extension="1")
    assert response.status_code == 400 and "location" in response.json()["message"].lower()


def test_licenses_without_a_seat_are_skipped_and_the_rest_assigned(api, emulator):
    # The spec: "the system will assign all valid and available licenses ... continue with the remaining".
    for n in range(2):
        assert create(api, f"adv{n}@example.com", licenses=[ADVANCED]).status_code == 200
    response = create(api, "adv2@example.com", licenses=[ADVANCED, MESSAGING])
    assert response.status_code == 200 and response.json()["licenses"] == [MESSAGING]
    assert state_person(emulator, "adv2@example.com")["licenses"] == [MESSAGING]
    lic = api.get(f"/licenses/{ADVANCED}").json()
    assert (lic["totalUnits"], lic["consumedUnits"], lic["consumedByUsers"]) == (2, 2, 2)
    first = api.get("/people", params={"email": "adv0@example.com"}).json()["items"][0]
    assert api.delete(f"/people/{first['id']}").status_code == 204  # Deleting frees the seat.
    third = response.json()
    body = {"emails": third["emails"], "displayName": third["displayName"], "licenses": [MESSAGING, ADVANCED]}
    assert api.put(f"/people/{third['id']}", json=body).json()["licenses"] == [MESSAGING, ADVANCED]


def test_a_put_skips_a_license_without_a_seat_and_keeps_the_others(api):
    for n in range(2):
        create(api, f"adv{n}@example.com", licenses=[ADVANCED])
    admin = api.get(f"/people/{person_seed_id(ADMIN_EMAIL)}").json()
    body = {key: admin[key] for key in ("emails", "displayName", "firstName", "lastName", "roles")}
    body["licenses"] = [MESSAGING, ADVANCED]
    response = api.put(f"/people/{admin['id']}", json=body)
    assert response.status_code == 200 and response.json()["licenses"] == [MESSAGING]


def test_removing_a_license_frees_a_seat(api):
    for n in range(2):
        create(api, f"adv{n}@example.com", licenses=[ADVANCED])
    holder = api.get("/people", params={"email": "adv1@example.com"}).json()["items"][0]
    body = {"emails": holder["emails"], "displayName": holder["displayName"], "licenses": [MESSAGING]}
    assert api.put(f"/people/{holder['id']}", json=body).status_code == 200
    assert api.get(f"/licenses/{ADVANCED}").json()["consumedUnits"] == 1


def test_calling_license_needs_location_and_number(api):
    assert create(api, "c1@example.com", licenses=[CALLING_1]).status_code == 400
    assert create(api, "c2@example.com", licenses=[CALLING_1], locationId=HQ).status_code == 400
    ok = create(api, "c3@example.com", licenses=[CALLING_1], locationId=HQ, extension="4200")
    assert ok.status_code == 200, ok.text
    work = create(api, "c4@example.com", licenses=[CALLING_2], locationId=HQ,
                  phoneNumbers=[{"type": "work", "value": "+1 408 555 0404"}])
    assert work.status_code == 200, work.text


def test_location_needs_calling_license_and_cannot_move(api):
    assert create(api, "l1@example.com", locationId=HQ).status_code == 400
    carol_id = person_seed_id("carol.calling@example.com")
    carol = api.get(f"/people/{carol_id}", params={"callingData": "true"}).json()
    body = {key: carol[key] for key in ("emails", "displayName", "firstName", "lastName", "licenses", "extension")}
    body["locationId"] = BRANCH
    response = api.put(f"/people/{carol_id}", json=body)
    assert response.status_code == 400 and "cannot be changed" in response.json()["message"]
    body["locationId"] = HQ
    assert api.put(f"/people/{carol_id}", json=body).status_code == 200


def test_me_returns_the_tokens_person(api):
    me = api.get("/people/me").json()
    assert me["id"] == person_seed_id(ADMIN_EMAIL)


def test_unknown_token_is_401_and_missing_scope_is_403(api):
    assert api.with_token("not-a-token").get("/people").status_code == 401
    response = api.with_token(READONLY_TOKEN).post("/people", json={"emails": ["x@example.com"], "firstName": "X"})
    assert response.status_code == 403 and "spark-admin:people_write" in response.json()["message"]
    assert api.with_token(READONLY_TOKEN).get("/people/me").status_code == 200


def test_unknown_route_and_wrong_method_are_webex_shaped(direct_api):
    # Direct: spec-proxy would flag these requests as not in the spec, which is their point.
    for response, status in ((direct_api.get("/nothing-here"), 404), (direct_api.patch("/people"), 405)):
        assert response.status_code == status
        body = response.json()
        assert body["errors"][0]["description"] and body["trackingId"].startswith("ROUTER_")


def test_no_nulls_anywhere_in_state(emulator):
    def walk(value):
        if isinstance(value, dict):
            return all(v is not None and walk(v) for v in value.values())
        if isinstance(value, list):
            return all(v is not None and walk(v) for v in value)
        return True
    state = emulator.state()
    assert walk(state["people"]) and walk(state["licenses"]) and walk(state["locations"])
