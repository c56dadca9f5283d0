"""wxc_sdk 1.41 as a client: if it cannot talk to the emulator, the emulator is wrong."""
import pytest
from wxc_sdk import WebexSimpleApi
from wxc_sdk.licenses import LicenseProperties, LicenseRequest
from wxc_sdk.people import Person

from emulator.harness import (ADMIN_EMAIL, ADMIN_TOKEN, GUEST_ISSUER_TOKEN, license_seed_id, location_seed_id,
                              person_seed_id)


def sdk(base_url: str, token: str = ADMIN_TOKEN) -> WebexSimpleApi:
    api = WebexSimpleApi(tokens=token)
    api.session.BASE = base_url  # wxc_sdk has no base-URL option.
    return api


@pytest.fixture
def wxc(emulator):
    api = sdk(emulator.base_url)
    yield api
    api.close()


def test_people_lifecycle(wxc, emulator):
    created = wxc.people.create(Person(emails=["sdk.user@example.com"], display_name="Sdk User", first_name="Sdk",
                                       last_name="User", licenses=[license_seed_id("Messaging")]))
    assert created.person_id and created.emails == ["sdk.user@example.com"]
    details = wxc.people.details(created.person_id)
    assert details.licenses == [license_seed_id("Messaging")] and details.login_enabled is True
    details.title = "Tester"
    updated = wxc.people.update(details)
    assert updated.title == "Tester"
    # wxc_sdk's update() leaves loginEnabled out of the full replacement, so it comes back true.
    assert wxc.people.details(created.person_id).login_enabled is True
    wxc.people.delete_person(created.person_id)
    assert not [p for p in emulator.state()["people"] if p["id"] == created.person_id]


def test_people_list_follows_several_pages(wxc, emulator):
    emulator.load_seed({"org": {"name": "Example Org"}, "generated_people": {"count": 250},
                        "tokens": [{"token": ADMIN_TOKEN, "scopes": ["spark-admin:people_read"]}]})
    people = list(wxc.people.list(display_name="Bulk", max=40))
    assert len(people) == 250 and len({p.person_id for p in people}) == 250
    assert all(p.licenses is None for p in people)  # List items carry no licenses.


def test_people_list_with_filters_and_me(wxc):
    assert [p.display_name for p in wxc.people.list(email="CAROL.calling@example.com")] == ["Carol Calling"]
    assert wxc.people.me().person_id == person_seed_id(ADMIN_EMAIL)
    carol = wxc.people.details(person_seed_id("carol.calling@example.com"), calling_data=True)
    assert carol.location_id == location_seed_id("Headquarters") and carol.extension == "4101"
    assert {n.number_type for n in carol.phone_numbers} >= {"work", "mobile"}


def test_licenses_roles_and_assigned_users(wxc):
    licenses = wxc.licenses.list()
    messaging = next(lic for lic in licenses if lic.name == "Messaging")
    assert messaging.consumed_units == 3
    users = list(wxc.licenses.assigned_users(messaging.license_id, limit=1))
    assert [u.email for u in users] == [ADMIN_EMAIL, "carol.calling@example.com", "dave.disabled@example.com"]
    assert "Full Administrator" in [r.name for r in wxc.roles.list()]


def test_assign_licenses_to_users(wxc):
    calling = license_seed_id("Webex Calling - Professional", "Sub-2")
    answer = wxc.licenses.assign_licenses_to_users(
        email="dave.disabled@example.com",
        licenses=[LicenseRequest(id=calling, properties=LicenseProperties(
            location_id=location_seed_id("Branch Office"), extension="5002"))])
    assert calling in answer.licenses


def test_guests(emulator):
    api = sdk(emulator.base_url, GUEST_ISSUER_TOKEN)
    guest = api.guests.create(subject="wxc-guest", display_name="Wxc Guest")
    assert guest.access_token and guest.email.endswith("@appid.ciscospark.com")
    assert int(api.guests.guest_count()) == 1  # wxc_sdk hands back the text/plain body as a string.
    api.close()
