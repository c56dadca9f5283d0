"""webexpythonsdk 2.0.6 as a client: it re-adds the original filters to next URLs; the emulator must cope."""
import pytest
import requests
from webexpythonsdk import WebexAPI

from emulator.harness import ADMIN_EMAIL, ADMIN_TOKEN, GUEST_ISSUER_TOKEN, license_seed_id, person_seed_id


def sdk(base_url: str, token: str = ADMIN_TOKEN) -> WebexAPI:
    return WebexAPI(access_token=token, base_url=base_url + "/")  # base_url must end with '/'.


@pytest.fixture
def webex(emulator):
    return sdk(emulator.base_url)


def test_people_lifecycle(webex, emulator):
    created = webex.people.create(emails=["py.user@example.com"], displayName="Py User", firstName="Py",
                                  lastName="User", licenses=[license_seed_id("Messaging")])
    assert created.emails == ["py.user@example.com"]
    details = webex.people.get(created.id)
    assert details.licenses == [license_seed_id("Messaging")]
    updated = webex.people.update(created.id, emails=details.emails, displayName="Py User Renamed",
                                  firstName="Py", lastName="User", licenses=details.licenses)
    assert updated.displayName == "Py User Renamed"
    webex.people.delete(created.id)
    assert not [p for p in emulator.state()["people"] if p["id"] == created.id]


def test_people_list_follows_several_pages(webex, emulator):
    emulator.load_seed({"org": {"name": "Example Org"}, "generated_people": {"count": 230},
                        "tokens": [{"token": ADMIN_TOKEN, "scopes": ["spark-admin:people_read"]}]})
    people = list(webex.people.list(displayName="Bulk User", max=50))
    assert len(people) == 230 and len({p.id for p in people}) == 230


def test_people_list_by_email_and_me(webex):
    assert [p.displayName for p in webex.people.list(email="Admin@Example.com")] == ["Ada Admin"]
    assert webex.people.me().id == person_seed_id(ADMIN_EMAIL)


def test_licenses_and_roles(webex):
    names = [lic.name for lic in webex.licenses.list()]
    assert names.count("Webex Calling - Professional") == 2
    messaging = webex.licenses.get(license_seed_id("Messaging"))
    assert messaging.consumedUnits == 3
    roles = list(webex.roles.list())
    assert webex.roles.get(roles[0].id).name == roles[0].name


def test_guests_with_plain_requests(emulator):
    # webexpythonsdk's guest_issuer speaks the older JWT flow, not /guests/token: plain requests here.
    headers = {"Authorization": f"Bearer {GUEST_ISSUER_TOKEN}"}
    body = {"subject": "py-guest", "displayName": "Py Guest"}
    token = requests.post(f"{emulator.base_url}/guests/token", json=body, headers=headers, timeout=10).json()
    me = sdk(emulator.base_url, token["accessToken"]).people.me()
    assert me.type == "appuser" and me.displayName == "Py Guest"
    assert requests.get(f"{emulator.base_url}/guests/count", headers=headers, timeout=10).text == "1"
