"""Statements of the seeds and of the spec's descriptions (tests/emulator/FIDELITY.md), checked over plain HTTP."""
from webex_http import state_person
from emulator.harness import (ADMIN_EMAIL, ADMIN_TOKEN, GUEST_ISSUER_TOKEN, READONLY_TOKEN, license_seed_id,
                              location_seed_id, person_seed_id)

MESSAGING = license_seed_id("Messaging")
MEETINGS = license_seed_id("Webex Meetings - Enterprise", "Sub-1")
CALLING_1 = license_seed_id("Webex Calling - Professional", "Sub-1")
HQ = location_seed_id("Headquarters")
CAROL_ID = person_seed_id("carol.calling@example.com")


def seed_with(**extra) -> dict:
    """A small org: the admin and a token with the given scopes, plus extra seed keys."""
    scopes = extra.pop("scopes", ["spark-admin:people_read"])
    admin = {"emails": [ADMIN_EMAIL], "display_name": "Ada Admin", "first_name": "Ada"}
    seed = {"org": {"name": "Example Org"}, "people": [admin] + extra.pop("people", []),
            "tokens": [{"token": ADMIN_TOKEN, "person": ADMIN_EMAIL, "scopes": scopes}]}
    seed.update(extra)
    return seed


def test_id_filter_leaves_presence_out(api):
    listed = api.get("/people", params={"email": ADMIN_EMAIL}).json()["items"][0]
    assert listed["status"] == "active"
    by_id = api.get("/people", params={"id": person_seed_id(ADMIN_EMAIL)}).json()["items"][0]
    assert "status" not in by_id and "lastActivity" not in by_id


def test_exclude_status_leaves_presence_out(api):
    items = api.get("/people", params={"excludeStatus": "true"}).json()["items"]
    assert items and all("status" not in p and "lastActivity" not in p for p in items)


def test_location_filter_caps_the_page_at_50(api, emulator):
    people = [{"emails": [f"c{n}@example.com"], "display_name": f"C {n}", "location": "Headquarters",
               "extension": str(5000 + n), "licenses": ["Webex Calling - Professional"]} for n in range(60)]
    seed = seed_with(people=people, locations=[{"name": "Headquarters"}],
                     licenses=[{"name": "Webex Calling - Professional", "total_units": 100}])
    emulator.load_seed(seed)
    page = api.get("/people", params={"locationId": HQ, "max": 100})
    assert len(page.json()["items"]) == 50 and "next" in page.links


def test_calling_data_adds_extension_and_location(api):
    plain = api.get(f"/people/{CAROL_ID}").json()
    assert "extension" not in plain and "locationId" not in plain
    calling = api.get(f"/people/{CAROL_ID}", params={"callingData": "true"}).json()
    assert (calling["extension"], calling["locationId"]) == ("4101", HQ)


def test_a_create_with_several_emails_uses_only_the_first(api, emulator):
    response = api.post("/people", json={"emails": ["one@example.com", "two@example.com"], "firstName": "One"})
    assert response.status_code == 200, response.text
    assert response.json()["emails"] == ["one@example.com"]
    assert state_person(emulator, "two@example.com") is None


def test_an_extension_needs_a_calling_license(api, emulator):
    response = api.post("/people", json={"emails": ["ext@example.com"], "firstName": "Ext", "extension": "4999",
                                         "licenses": [MESSAGING]})
    assert response.status_code == 400 and "extension" in response.json()["message"]
    assert state_person(emulator, "ext@example.com") is None


def test_new_people_have_no_sip_addresses_yet_and_an_invite_pending(api):
    person = api.post("/people", json={"emails": ["sip@example.com"], "firstName": "Sip"}).json()
    assert "sipAddresses" not in person and person["invitePending"] is True


def test_a_person_who_never_signed_in_is_pending(api):
    # The spec's status list: "pending - The user has never logged in; a status cannot be determined."
    person = api.post("/people", json={"emails": ["new@example.com"], "firstName": "New"}).json()
    assert person["status"] == "pending"
    assert api.get("/people", params={"email": "new@example.com"}).json()["items"][0]["status"] == "pending"


def test_no_nick_name_means_no_key(api):
    person = api.post("/people", json={"emails": ["nonick@example.com"], "displayName": "No Nick"}).json()
    assert "nickName" not in api.get(f"/people/{person['id']}").json() and "timezone" not in person


def test_attendee_sites_go_only_with_show_all_types(api):
    carol = api.get(f"/people/{CAROL_ID}", params={"callingData": "true"}).json()
    assert carol["siteUrls"] == ["example.webex.com#attendee"]
    body = {key: carol[key] for key in ("emails", "displayName", "firstName", "lastName", "licenses", "extension",
                                        "locationId", "loginEnabled")}
    kept = api.put(f"/people/{CAROL_ID}", json=body)
    assert kept.status_code == 200 and "siteUrls" not in kept.json()  # The answer shows attendee sites only on demand.
    assert api.get(f"/people/{CAROL_ID}").json()["siteUrls"] == ["example.webex.com#attendee"]
    removed = api.put(f"/people/{CAROL_ID}", params={"showAllTypes": "true"}, json=body)
    assert removed.status_code == 200 and "siteUrls" not in removed.json()
    assert "siteUrls" not in api.get(f"/people/{CAROL_ID}").json()


def test_show_all_types_answer_lists_attendee_sites(api):
    carol = api.get(f"/people/{CAROL_ID}", params={"callingData": "true"}).json()
    body = {key: carol[key] for key in ("emails", "displayName", "firstName", "lastName", "licenses", "extension",
                                        "locationId", "siteUrls", "loginEnabled")}
    answer = api.put(f"/people/{CAROL_ID}", params={"showAllTypes": "true"}, json=body).json()
    assert answer["siteUrls"] == ["example.webex.com#attendee"]


def test_put_min_response_answers_only_the_id(api):
    admin = api.get(f"/people/{person_seed_id(ADMIN_EMAIL)}").json()
    body = {key: admin[key] for key in ("emails", "displayName", "firstName", "lastName", "roles", "licenses")}
    body["title"] = "Boss"
    answer = api.put(f"/people/{admin['id']}", params={"minResponse": "true"}, json=body)
    assert answer.status_code == 200 and list(answer.json()) == ["id"]
    assert api.get(f"/people/{admin['id']}").json()["title"] == "Boss"


def test_updates_and_deletes_need_the_write_scope(api, emulator):
    dave_id = person_seed_id("dave.disabled@example.com")
    before = state_person(emulator, "dave.disabled@example.com")
    readonly = api.with_token(READONLY_TOKEN)
    assert readonly.put(f"/people/{dave_id}", json={"displayName": "Changed"}).status_code == 403
    assert readonly.delete(f"/people/{dave_id}").status_code == 403
    assert state_person(emulator, "dave.disabled@example.com") == before


def test_a_non_admin_token_cannot_list_people(api, emulator):
    # Not modelled: a spark:people_read search by email or displayName. Every token here is an admin's or a guest's.
    emulator.load_seed(seed_with(scopes=["spark:people_read"]))
    assert api.get("/people", params={"email": ADMIN_EMAIL}).status_code == 403


def test_roles_need_an_admin_token(api):
    assert api.with_token(GUEST_ISSUER_TOKEN).get("/roles").status_code == 403


def test_license_fields_that_do_not_apply_are_absent(api):
    by_id = {lic["id"]: lic for lic in api.get("/licenses").json()["items"]}
    assert not {"siteUrl", "siteType", "subscriptionId"} & set(by_id[MESSAGING])
    assert by_id[MEETINGS]["siteUrl"] == "example.webex.com"


def test_locations_come_500_a_page_by_default(api, emulator):
    emulator.load_seed(seed_with(scopes=["spark-admin:locations_read"],
                                 locations=[{"name": f"Site {n:03d}"} for n in range(120)]))
    page = api.get("/locations")
    assert len(page.json()["items"]) == 120 and "next" not in page.links


def test_locations_are_readable_with_people_or_device_read(api, emulator):
    for scope in ("spark-admin:people_read", "spark-admin:device_read"):
        emulator.load_seed(seed_with(scopes=[scope], locations=[{"name": "Headquarters"}]))
        response = api.get("/locations")
        assert response.status_code == 200, scope
        assert [loc["name"] for loc in response.json()["items"]] == ["Headquarters"]
    emulator.load_seed(seed_with(scopes=["spark-admin:licenses_read"], locations=[{"name": "Headquarters"}]))
    assert api.get("/locations").status_code == 403


def test_guest_count_takes_read_or_write_scope(api, emulator):
    for scopes in (["guest-issuer:read"], ["guest-issuer:write"]):
        emulator.load_seed(seed_with(scopes=scopes))
        assert api.get("/guests/count").status_code == 200, scopes
    emulator.load_seed(seed_with(scopes=["spark-admin:people_read"]))
    assert api.get("/guests/count").status_code == 403


def test_guest_creation_needs_the_write_scope(api, emulator):
    emulator.load_seed(seed_with(scopes=["guest-issuer:read"]))
    response = api.post("/guests/token", json={"subject": "s", "displayName": "S"})
    assert response.status_code == 403 and "guest-issuer:write" in response.json()["message"]
    assert emulator.state()["guests"] == []


def test_guest_token_needs_subject_and_display_name(direct_api):
    # Direct: the spec itself requires both, so spec-proxy would (rightly) flag these requests.
    issuer = direct_api.with_token(GUEST_ISSUER_TOKEN)
    for body in ({"subject": "s"}, {"displayName": "S"}, {"subject": " ", "displayName": "S"}):
        response = issuer.post("/guests/token", json=body)
        assert response.status_code == 400 and response.json()["trackingId"], body


def test_a_guest_id_is_a_person_id(api):
    guest = api.with_token(GUEST_ISSUER_TOKEN).post("/guests/token", json={"subject": "g", "displayName": "G"}).json()
    assert guest["id"].startswith("Y2lzY29zcGFyazovL3VzL1BFT1BMRS")  # ciscospark://us/PEOPLE/
    me = api.with_token(guest["accessToken"]).get("/people/me").json()
    assert me["id"] == guest["id"] and me["type"] == "appuser" and me["emails"] == [guest["email"]]
    assert guest["expiresIn"] > 0


def calling_person_with_work_extension(emulator) -> str:
    """An org whose calling user has the work_extension entry Webex derives from the extension; returns the id."""
    person = {"emails": ["w@example.com"], "display_name": "W", "first_name": "W", "location": "Headquarters",
              "extension": "4300", "licenses": ["Webex Calling - Professional"],
              "phone_numbers": [{"type": "work", "value": "+1 408 555 0300", "primary": True},
                                {"type": "work_extension", "value": "814300"}]}
    emulator.load_seed(seed_with(scopes=["spark-admin:people_read", "spark-admin:people_write"], people=[person],
                                 locations=[{"name": "Headquarters"}],
                                 licenses=[{"name": "Webex Calling - Professional", "total_units": 5}]))
    return person_seed_id("w@example.com")


def test_a_work_extension_entry_is_derived_and_cannot_be_set(direct_api, emulator):
    # Direct: the spec's PUT allows only type work, so a work_extension entry is itself outside the spec.
    person_id = calling_person_with_work_extension(emulator)
    person = direct_api.get(f"/people/{person_id}", params={"callingData": "true"}).json()
    body = {key: person[key] for key in ("emails", "displayName", "firstName", "licenses", "locationId", "extension")}
    body["phoneNumbers"] = [{"type": "work", "value": "+1 408 555 0300"}, {"type": "work_extension", "value": "99"}]
    direct_api.put(f"/people/{person_id}", json=body)
    derived = direct_api.get(f"/people/{person_id}").json()["phoneNumbers"][1]
    assert derived == {"type": "work_extension", "value": "814300"}
    body["phoneNumbers"] = body["phoneNumbers"][:1]  # Left out: still derived from the extension.
    direct_api.put(f"/people/{person_id}", json=body)
    types = [number["type"] for number in direct_api.get(f"/people/{person_id}").json()["phoneNumbers"]]
    assert types == ["work", "work_extension"]


def test_post_and_put_answers_carry_calling_data_only_on_demand(api):
    body = {"emails": ["cd@example.com"], "displayName": "CD", "licenses": [CALLING_1], "locationId": HQ,
            "extension": "4400"}
    plain = api.post("/people", json=body).json()
    assert "extension" not in plain and "locationId" not in plain
    body.update(emails=["cd2@example.com"], extension="4401")
    calling = api.post("/people", params={"callingData": "true"}, json=body).json()
    assert (calling["extension"], calling["locationId"]) == ("4401", HQ)
    put_body = dict(body, displayName="CD Two", loginEnabled=True)
    assert "extension" not in api.put(f"/people/{calling['id']}", json=put_body).json()
    answer = api.put(f"/people/{calling['id']}", params={"callingData": "true"}, json=put_body).json()
    assert (answer["extension"], answer["locationId"]) == ("4401", HQ)
