"""Licenses (holders, PATCH), roles, guests and the refresh-token grant over plain HTTP."""
import requests

from emulator.harness import (ADMIN_EMAIL, CLIENT_ID, CLIENT_SECRET, GUEST_ISSUER_TOKEN, REFRESH_TOKEN,
                              license_seed_id, location_seed_id, person_seed_id)

MESSAGING = license_seed_id("Messaging")
CALLING_2 = license_seed_id("Webex Calling - Professional", "Sub-2")


def test_licenses_list_with_consumption(api):
    items = api.get("/licenses").json()["items"]
    by_id = {lic["id"]: lic for lic in items}
    assert by_id[MESSAGING]["consumedUnits"] == 3 and by_id[MESSAGING]["totalUnits"] == 1000
    assert sorted(lic["subscriptionId"] for lic in items if lic["name"] == "Webex Calling - Professional") == [
        "Sub-1", "Sub-2"]


def test_license_holders_page_through_link_next(api):
    first = api.get(f"/licenses/{MESSAGING}", params={"includeAssignedTo": "user", "limit": 2})
    body = first.json()
    assert len(body["users"]) == 2 and body["users"][0]["email"] == ADMIN_EMAIL
    assert set(body["users"][0]) == {"id", "type", "displayName", "email"}
    second = api.get(first.links["next"]["url"]).json()
    assert [u["email"] for u in second["users"]] == ["dave.disabled@example.com"]
    assert "users" not in api.get(f"/licenses/{MESSAGING}").json()


def holder_emails(api, license_id):
    """Every holder of a license, following the Link pages of two."""
    page = api.get(f"/licenses/{license_id}", params={"includeAssignedTo": "user", "limit": 2})
    emails = [user["email"] for user in page.json()["users"]]
    while page.links.get("next"):
        page = api.get(page.links["next"]["url"])
        emails += [user["email"] for user in page.json()["users"]]
    return emails


def test_license_holders_follow_each_change_and_stay_in_creation_order(api):
    before = holder_emails(api, MESSAGING)
    dropped = api.patch("/licenses/users", json={"email": before[0], "licenses": [{"id": MESSAGING, "operation": "remove"}]})
    assert dropped.status_code == 200, dropped.text
    assert holder_emails(api, MESSAGING) == before[1:]
    back = api.patch("/licenses/users", json={"email": before[0], "licenses": [{"id": MESSAGING, "operation": "add"}]})
    assert back.status_code == 200, back.text
    assert holder_emails(api, MESSAGING) == before  # the oldest person first again, not last because they came back


def test_patch_licenses_adds_and_removes(api, emulator):
    body = {"email": "Dave.Disabled@example.com",
            "licenses": [{"id": CALLING_2, "operation": "add",
                          "properties": {"locationId": location_seed_id("Branch Office"), "extension": "5001"}},
                         {"id": MESSAGING, "operation": "remove"}]}
    response = api.patch("/licenses/users", json=body)
    assert response.status_code == 200 and response.json()["licenses"] == [CALLING_2]
    dave = api.get(f"/people/{person_seed_id('dave.disabled@example.com')}", params={"callingData": "true"}).json()
    assert dave["licenses"] == [CALLING_2] and dave["locationId"] == location_seed_id("Branch Office")


def test_patch_licenses_partial_is_206(api):
    body = {"personId": person_seed_id("dave.disabled@example.com"),
            "licenses": [{"id": license_seed_id("Advanced Messaging")}, {"id": CALLING_2}]}
    response = api.patch("/licenses/users", json=body)
    assert response.status_code == 206
    assert license_seed_id("Advanced Messaging") in response.json()["licenses"]


def test_a_license_without_a_free_seat_is_skipped_with_206_and_the_rest_kept(api, emulator):
    advanced, meetings = license_seed_id("Advanced Messaging"), license_seed_id("Webex Meetings - Enterprise", "Sub-1")
    for email in (ADMIN_EMAIL, "carol.calling@example.com"):  # Advanced Messaging has 2 seats: now both taken.
        filled = api.patch("/licenses/users", json={"email": email, "licenses": [{"id": advanced, "operation": "add"}]})
        assert filled.status_code == 200, filled.text
    body = {"email": "dave.disabled@example.com",
            "licenses": [{"id": advanced, "operation": "add"}, {"id": meetings, "operation": "add"}]}
    response = api.patch("/licenses/users", json=body)
    assert response.status_code == 206 and response.json()["licenses"] == [MESSAGING, meetings]
    dave = api.get(f"/people/{person_seed_id('dave.disabled@example.com')}").json()
    assert dave["licenses"] == [MESSAGING, meetings]
    held = {lic["id"]: lic["consumedUnits"] for lic in emulator.state()["licenses"]}
    assert held[advanced] == 2
    only_seatless = api.patch("/licenses/users", json={"email": "dave.disabled@example.com",
                                                       "licenses": [{"id": advanced, "operation": "add"}]})
    assert only_seatless.status_code == 206 and only_seatless.json()["licenses"] == [MESSAGING, meetings]


def test_a_remove_frees_a_seat_for_a_later_add_of_the_same_request(api):
    advanced = license_seed_id("Advanced Messaging")
    for email in (ADMIN_EMAIL, "carol.calling@example.com"):
        api.patch("/licenses/users", json={"email": email, "licenses": [{"id": advanced, "operation": "add"}]})
    moved = api.patch("/licenses/users", json={"email": ADMIN_EMAIL,
                                               "licenses": [{"id": advanced, "operation": "remove"}]})
    assert moved.status_code == 200 and advanced not in moved.json()["licenses"]
    dave = api.patch("/licenses/users", json={"email": "dave.disabled@example.com",
                                              "licenses": [{"id": MESSAGING, "operation": "remove"},
                                                           {"id": advanced, "operation": "add"}]})
    assert dave.status_code == 200 and dave.json()["licenses"] == [advanced]


def test_removing_the_last_calling_license_takes_the_calling_fields_with_it(api):
    carol_id = person_seed_id("carol.calling@example.com")
    calling = license_seed_id("Webex Calling - Professional", "Sub-1")
    response = api.patch("/licenses/users", json={"personId": carol_id,
                                                  "licenses": [{"id": calling, "operation": "remove"}]})
    assert response.status_code == 200 and calling not in response.json()["licenses"]
    carol = api.get(f"/people/{carol_id}", params={"callingData": "true"}).json()
    assert "locationId" not in carol and "extension" not in carol


def test_a_calling_license_breaking_the_calling_rules_is_400_when_it_is_the_only_one(api):
    body = {"email": "dave.disabled@example.com", "licenses": [{"id": CALLING_2, "operation": "add",
                                                                "properties": {"extension": "5002"}}]}
    response = api.patch("/licenses/users", json=body)
    assert response.status_code == 400 and "locationId" in response.json()["message"]
    assert api.get(f"/people/{person_seed_id('dave.disabled@example.com')}").json()["licenses"] == [MESSAGING]


def test_roles(api):
    roles = api.get("/roles").json()["items"]
    assert "Full Administrator" in [r["name"] for r in roles]
    assert api.get(f"/roles/{roles[0]['id']}").json() == roles[0]


def test_guest_tokens_and_count(api, emulator):
    issuer = api.with_token(GUEST_ISSUER_TOKEN)
    first = issuer.post("/guests/token", json={"subject": "g-1", "displayName": "Guest One"}).json()
    assert len(first["accessToken"]) > 2000 and first["email"].endswith("@appid.ciscospark.com")
    again = issuer.post("/guests/token", json={"subject": "g-1", "displayName": "Guest Renamed"}).json()
    assert again["id"] == first["id"] and again["accessToken"] != first["accessToken"]
    for token in (first["accessToken"], again["accessToken"]):  # The older token stays valid.
        me = api.with_token(token).get("/people/me").json()
        assert me["type"] == "appuser" and me["displayName"] == "Guest Renamed"
    issuer.post("/guests/token", json={"subject": "g-2", "displayName": "Guest Two"})
    count = issuer.get("/guests/count")
    assert count.headers["Content-Type"].startswith("text/plain") and count.text == "2"
    emulator.set_faults(guest_count_form="json-object")
    assert issuer.get("/guests/count").json() == {"count": 2}
    emulator.set_faults(guest_count_form="json-number")
    assert issuer.get("/guests/count").json() == 2
    assert "accessToken" not in str(emulator.state()["guests"])
    assert api.get("/guests/count").status_code == 403


def refresh(base_url, **overrides):
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN, **overrides}
    return requests.post(f"{base_url}/access_token", data=form, timeout=10)


def test_refresh_token_grant_and_expiry(emulator):
    # Direct: /v1/access_token is not part of the identity spec that spec-proxy checks.
    emulator.set_faults(access_token_lifetime=30)
    answer = refresh(emulator.direct_url).json()
    assert answer["expires_in"] == 30 and answer["refresh_token"] == REFRESH_TOKEN
    headers = {"Authorization": f"Bearer {answer['access_token']}"}
    assert requests.get(f"{emulator.base_url}/people/me", headers=headers).status_code == 200
    emulator.expire_tokens()
    assert requests.get(f"{emulator.base_url}/people/me", headers=headers).status_code == 401
    assert refresh(emulator.direct_url, client_secret="wrong").status_code == 401
    emulator.revoke_refresh_tokens()
    response = refresh(emulator.direct_url)
    assert response.status_code == 400 and response.json()["trackingId"]


def test_rotated_refresh_tokens(emulator):
    seed = {"org": {"name": "Example Org"}, "people": [{"emails": [ADMIN_EMAIL], "display_name": "A"}],
            "integrations": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN,
                              "person": ADMIN_EMAIL, "scopes": [], "access_token_lifetime": 2,
                              "rotate_refresh_token": True}]}
    emulator.load_seed(seed)
    rotated = refresh(emulator.direct_url).json()["refresh_token"]
    assert rotated != REFRESH_TOKEN and refresh(emulator.direct_url).status_code == 400
    assert refresh(emulator.direct_url, refresh_token=rotated).status_code == 200
