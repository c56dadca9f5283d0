"""The person planning code without a server: options read, merge, list changes, normalisation, diff, bodies."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.person.fields import FIELDS_BY_OPTION
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    ListChange,
    check_email,
    desired_from_params,
    parse_list_change,
    plan_create,
    plan_update,
    put_body,
    without_orphaned_calling_fields,
)

CURRENT = {
    "id": "person-1",
    "emails": ["carol@example.com"],
    "displayName": "Carol Calling",
    "firstName": "Carol",
    "lastName": "Calling",
    "nickName": "Caz",
    "avatar": "https://avatars.example.com/carol.png",
    "orgId": "org-1",
    "department": "Sales",
    "extension": "4101",
    "locationId": "location-hq",
    "licenses": ["lic-messaging", "lic-calling"],
    "roles": [],
    "siteUrls": ["Example.webex.com#attendee"],
    "phoneNumbers": [
        {"type": "work", "value": "+1 408 555 0101", "primary": True},
        {"type": "mobile", "value": "+1 408 555 0199", "primary": False},
    ],
    "addresses": [{"type": "work", "country": "US", "locality": "San Jose", "streetAddress": "1 Main Street"}],
    "loginEnabled": False,
    "created": "2026-01-01T00:00:00.000Z",
    "status": "active",
}
NAMES = {"lic-messaging": "Messaging", "lic-calling": "Webex Calling - Professional", "lic-meetings": "Meetings"}


def namer(field_, object_id):
    return NAMES.get(object_id, object_id)


def desired(**params):
    return desired_from_params(params)


# --- reading options ------------------------------------------------------------------------------

def test_options_left_out_are_not_managed():
    assert desired(department="Sales", title=None) == {"department": "Sales"}


def test_a_bare_list_means_set_and_a_dict_may_add_and_remove():
    assert parse_list_change("licenses", ["a", "b"]) == ListChange(set=["a", "b"])
    assert parse_list_change("licenses", {"add": ["a"], "remove": ["b"]}) == ListChange(add=["a"], remove=["b"])
    assert parse_list_change("licenses", {"set": []}) == ListChange(set=[])


@pytest.mark.parametrize("value, words", [
    ({"grant": ["a"]}, "add, remove and set, not grant"),
    ({"add": "a"}, "licenses.add must be a list"),
    ("Messaging", "must be a list or a dict"),
])
def test_a_malformed_list_option_is_one_sentence(value, words):
    with pytest.raises(InvalidInput, match=words):
        parse_list_change("licenses", value)


def test_phone_numbers_get_their_default_type_and_unknown_keys_fail():
    change = desired(phone_numbers=[{"value": 5551234}])["phone_numbers"]
    assert change.set == [{"type": "work", "value": "5551234"}]
    with pytest.raises(InvalidInput, match="phone_numbers items take type, value, primary, not number"):
        desired(phone_numbers=[{"number": "1"}])
    with pytest.raises(InvalidInput, match="each item of phone_numbers needs value"):
        desired(phone_numbers=[{"type": "mobile"}])


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two words@example.com", "a@@example.com", ""])
def test_an_email_that_is_not_an_address_fails(email):
    with pytest.raises(InvalidInput, match="is not an email address"):
        check_email(email)


def test_emails_are_compared_in_lower_case():
    assert check_email("  Carol.Calling@Example.COM ") == "carol.calling@example.com"
    assert check_email(None) is None


# --- merge and the PUT body -----------------------------------------------------------------------

# Every writable field of PUT /people/{id} (../shared/webex-api/README.md, the People PUT schema), plus the
# read-only ones a GET answers: the body of a full replacement must carry the first set back and none of the second.
EVERY_FIELD = {
    "id": "person-2",
    "emails": ["erin@example.com"],
    "phoneNumbers": [{"type": "work", "value": "+1 408 555 0102", "primary": True}],
    "extension": "4102",
    "locationId": "location-hq",
    "displayName": "Erin Every",
    "firstName": "Erin",
    "lastName": "Every",
    "nickName": "E",
    "avatar": "https://avatars.example.com/erin.png",
    "orgId": "org-1",
    "roles": ["role-user-admin"],
    "licenses": ["lic-calling"],
    "department": "Sales",
    "manager": "Mona Manager",
    "managerId": "person-9",
    "title": "Director",
    "addresses": [{"type": "work", "country": "US", "locality": "San Jose", "region": "CA",
                   "streetAddress": "1 Main Street", "postalCode": "95110"}],
    "siteUrls": ["example.webex.com#attendee"],
    "loginEnabled": False,
    "created": "2026-01-01T00:00:00.000Z",
    "lastModified": "2026-01-02T00:00:00.000Z",
    "timezone": "America/Los_Angeles",
    "lastActivity": "2026-01-03T00:00:00.000Z",
    "sipAddresses": [{"type": "cloud-calling", "value": "erin@example.calls.webex.com", "primary": True}],
    "status": "active",
    "invitePending": False,
    "type": "person",
    "xmppFederationJid": "erin@example.com",
    "userName": "erin@example.com",
}


def test_an_update_sends_every_writable_field_webex_holds_with_the_change_merged_in():
    # The change is loginEnabled, which every PUT carries anyway: each other key must come from the record.
    plan = plan_update(desired(login_enabled=True), EVERY_FIELD)

    assert plan.action == "update"
    # Written out key by key: a field missing here would be cleared by the PUT (a full replacement).
    assert plan.body == {
        "emails": ["erin@example.com"],
        "phoneNumbers": [{"type": "work", "value": "+1 408 555 0102", "primary": True}],
        "extension": "4102",
        "locationId": "location-hq",
        "displayName": "Erin Every",
        "firstName": "Erin",
        "lastName": "Every",
        "nickName": "E",
        "avatar": "https://avatars.example.com/erin.png",
        "orgId": "org-1",
        "roles": ["role-user-admin"],
        "licenses": ["lic-calling"],
        "department": "Sales",
        "manager": "Mona Manager",
        "managerId": "person-9",
        "title": "Director",
        "addresses": [{"type": "work", "country": "US", "locality": "San Jose", "region": "CA",
                       "streetAddress": "1 Main Street", "postalCode": "95110"}],
        "siteUrls": ["example.webex.com#attendee"],
        "loginEnabled": True,
    }


def test_an_update_leaves_out_the_fields_webex_holds_empty():
    plan = plan_update(desired(department="Marketing"), CURRENT)

    assert plan.body == {
        "emails": ["carol@example.com"],
        "phoneNumbers": CURRENT["phoneNumbers"],
        "extension": "4101",
        "locationId": "location-hq",
        "displayName": "Carol Calling",
        "firstName": "Carol",
        "lastName": "Calling",
        "nickName": "Caz",
        "avatar": "https://avatars.example.com/carol.png",
        "orgId": "org-1",
        "licenses": ["lic-messaging", "lic-calling"],
        "department": "Marketing",
        "addresses": CURRENT["addresses"],
        "siteUrls": ["Example.webex.com#attendee"],
        "loginEnabled": False,
    }


def test_the_put_body_always_carries_login_enabled():
    assert put_body(CURRENT, {"title": "Director"})["loginEnabled"] is False
    assert put_body({"displayName": "X"}, {"title": "Director"})["loginEnabled"] is True
    assert put_body(CURRENT, {"loginEnabled": True})["loginEnabled"] is True


def test_the_put_body_never_holds_nulls_or_empty_values():
    current = dict(CURRENT, title=None, manager="", roles=[])
    body = put_body(current, {"department": "", "avatar": None, "siteUrls": []})

    assert not [key for key, value in body.items() if value in (None, "", [])]
    assert "department" not in body and "avatar" not in body and "siteUrls" not in body and "roles" not in body


def test_clearing_a_text_field_leaves_it_out_of_the_put():
    plan = plan_update(desired(department=""), CURRENT)
    assert plan.changed and "department" not in plan.body
    assert plan.before == {"department": "Sales"} and plan.after == {"department": ""}


# --- lists ----------------------------------------------------------------------------------------

def test_add_keeps_the_others_and_adding_what_is_there_changes_nothing():
    plan = plan_update({"licenses": ListChange(add=["lic-meetings"])}, CURRENT)
    assert sorted(plan.body["licenses"]) == ["lic-calling", "lic-meetings", "lic-messaging"]
    assert not plan_update({"licenses": ListChange(add=["lic-messaging"])}, CURRENT).changed


def test_remove_drops_only_that_item_and_removing_what_is_absent_changes_nothing():
    plan = plan_update({"licenses": ListChange(remove=["lic-calling"])}, CURRENT)
    assert plan.body["licenses"] == ["lic-messaging"]
    assert not plan_update({"licenses": ListChange(remove=["lic-meetings"])}, CURRENT).changed


def test_set_replaces_the_list_and_empty_set_clears_it():
    plan = plan_update({"licenses": ListChange(set=["lic-meetings"])}, CURRENT)
    assert plan.body["licenses"] == ["lic-meetings"]
    cleared = plan_update({"licenses": ListChange(set=[])}, CURRENT)
    assert cleared.changed and "licenses" not in cleared.body


def test_set_then_add_then_remove_in_one_change():
    change = ListChange(set=["lic-messaging"], add=["lic-meetings", "lic-calling"], remove=["lic-calling"])
    assert sorted(plan_update({"licenses": change}, CURRENT).body["licenses"]) == ["lic-meetings", "lic-messaging"]


# --- normalisation: nothing flaps -----------------------------------------------------------------

def test_list_order_does_not_matter():
    assert not plan_update({"licenses": ListChange(set=["lic-calling", "lic-messaging"])}, CURRENT).changed


def test_site_urls_compare_without_case():
    assert not plan_update(desired(site_urls=["example.WEBEX.com#attendee"]), CURRENT).changed


def test_phone_numbers_compare_by_type_and_digits_not_spacing():
    numbers = [{"type": "mobile", "value": "+1-408-555-0199"}, {"value": "+1 (408) 5550101"}]
    assert not plan_update(desired(phone_numbers=numbers), CURRENT).changed
    assert plan_update(desired(phone_numbers={"add": [{"type": "fax", "value": "+1 408 555 0101"}]}), CURRENT).changed


def test_an_absent_field_equals_an_empty_one():
    person = {k: v for k, v in CURRENT.items() if k not in ("title", "roles", "siteUrls")}
    assert not plan_update(desired(title="", roles=[], site_urls={"set": []}), person).changed
    assert not plan_update(desired(roles=[]), CURRENT).changed


def test_unchanged_is_action_none_with_nothing_to_send():
    plan = plan_update(desired(department="Sales", display_name="Carol Calling", login_enabled=False), CURRENT)
    assert plan.action == "none" and plan.body == {} and plan.before == {} and plan.after == {}


# --- the diff -------------------------------------------------------------------------------------

def test_the_diff_holds_only_the_changed_keys_sorted_and_named():
    wanted = desired(department="Marketing", display_name="Carol Calling", licenses={"add": ["lic-meetings"]})
    plan = plan_update(wanted, CURRENT, namer)

    assert plan.before == {"department": "Sales", "licenses": ["Messaging", "Webex Calling - Professional"]}
    assert plan.after == {"department": "Marketing", "licenses": ["Meetings", "Messaging", "Webex Calling - Professional"]}
    assert plan.changed_options == ["department", "licenses"]
    assert plan.diff("carol@example.com")["before_header"] == "carol@example.com"


def test_the_diff_shows_phone_numbers_in_option_form_sorted():
    plan = plan_update(desired(phone_numbers={"remove": [{"type": "work", "value": "+14085550101"}]}), CURRENT)
    assert plan.after == {"phone_numbers": [{"type": "mobile", "value": "+1 408 555 0199", "primary": False}]}
    assert [n["type"] for n in plan.before["phone_numbers"]] == ["mobile", "work"]


# --- create ---------------------------------------------------------------------------------------

def test_create_needs_a_name():
    with pytest.raises(InvalidInput, match="creating new@example.com needs display_name, first_name or last_name"):
        plan_create("new@example.com", desired(department="Sales", display_name=""))


def test_create_posts_what_post_takes_and_leaves_the_rest_to_an_update():
    plan = plan_create("new@example.com", desired(first_name="New", nick_name="Newt", login_enabled=False,
                                                  licenses=["lic-messaging"], department=""), namer)

    assert plan.action == "create"
    assert plan.body == {"emails": ["new@example.com"], "firstName": "New", "licenses": ["lic-messaging"]}
    assert plan.before == {}
    assert plan.after["email"] == "new@example.com" and plan.after["licenses"] == ["Messaging"]
    assert plan.after["login_enabled"] is False and "department" not in plan.after


def test_every_field_of_the_table_can_be_planned():
    values = {"text": "x", "bool": True, "ref": "id-1", "refs": ["id-1"], "strings": ["s"]}
    params = {option: values.get(field_.kind) for option, field_ in FIELDS_BY_OPTION.items()}
    params.update(phone_numbers=[{"value": "1"}], addresses=[{"country": "US"}])

    plan = plan_update(desired_from_params(params), {"displayName": "Old"})

    assert set(plan.after) == set(FIELDS_BY_OPTION)
    assert not [key for key, value in plan.body.items() if value in (None, "", [])]


def test_removing_the_last_calling_license_clears_the_calling_location_and_extension():
    current = {"id": "p1", "emails": ["c@example.com"], "displayName": "C", "licenses": ["CALL", "MSG"],
               "locationId": "LOC", "extension": "4001", "loginEnabled": True}
    is_calling = {"CALL": True, "MSG": False}.get

    plan = without_orphaned_calling_fields(plan_update({"licenses": ListChange(remove=["CALL"])}, current), current, is_calling)

    assert "locationId" not in plan.body and "extension" not in plan.body and plan.body["licenses"] == ["MSG"]
    assert plan.before["location"] == "LOC" and plan.after["location"] == ""
    assert plan.before["extension"] == "4001" and plan.after["extension"] == ""


def test_keeping_a_calling_license_keeps_the_calling_location():
    current = {"id": "p1", "emails": ["c@example.com"], "displayName": "C", "licenses": ["CALL"],
               "locationId": "LOC", "extension": "4001", "loginEnabled": True}

    plan = without_orphaned_calling_fields(plan_update({"licenses": ListChange(add=["MSG"])}, current), current, {"CALL": True}.get)

    assert plan.body["locationId"] == "LOC" and plan.body["extension"] == "4001" and "location" not in plan.after


def test_a_work_extension_entry_is_neither_compared_nor_sent():
    current = dict(CURRENT, phoneNumbers=CURRENT["phoneNumbers"] + [{"type": "work_extension", "value": "84101"}])

    unchanged = plan_update(desired(phone_numbers=[{"value": "+1 408 555 0101"}, {"type": "mobile", "value": "+1 408 555 0199"}]), current)
    update = plan_update(desired(title="Director"), current)

    assert not unchanged.changed
    assert [number["type"] for number in update.body["phoneNumbers"]] == ["work", "mobile"]
