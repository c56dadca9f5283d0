"""Control Hub's user CSV: every column mapped, the ignored ones, the bad ones, and the file written back."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.config import read_config
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import ListChange
from ansible_collections.webexops.identity.plugins.module_utils.person.users_csv import (
    ATTRIBUTE_COLUMNS,
    IGNORED_COLUMNS,
    people_csv_text,
    read_people_csv,
)

EMAIL = "User ID/Email (Required)"


def csv_of(*rows: list) -> str:
    return "\n".join(",".join(row) for row in rows) + "\n"


def one_item(header: list, row: list) -> dict:
    read = read_people_csv(csv_of(header, row), "users.csv")
    assert len(read.items) == 1
    return read.items[0]


@pytest.mark.parametrize("column, value, expected", [
    ("First Name", "Alice", {"first_name": "Alice"}),
    ("Last Name", "Smith", {"last_name": "Smith"}),
    ("Display Name", "Alice Smith", {"display_name": "Alice Smith"}),
    ("Extension", "1234", {"extension": "1234"}),
    ("Title", "Analyst", {"title": "Analyst"}),
    ("Department", "Finance", {"department": "Finance"}),
    ("Manager", "jane@example.com", {"manager_id": "jane@example.com"}),
    ("Manager", "Jane Doe", {"manager": "Jane Doe"}),
    ("Phone Number", "+1 408 555 0100", {"phone_numbers": {"add": [{"type": "work", "value": "+1 408 555 0100"}]}}),
    ("Location", "HQ", {"location": "HQ"}),
    ("Address type", "work", {"addresses": {"add": [{"type": "work"}]}}),
    ("Address country", "US", {"addresses": {"add": [{"country": "US"}]}}),
    ("Address locality", "San Jose", {"addresses": {"add": [{"locality": "San Jose"}]}}),
    ("Address region", "CA", {"addresses": {"add": [{"region": "CA"}]}}),
    ("Address street address", "170 West Tasman Dr", {"addresses": {"add": [{"street_address": "170 West Tasman Dr"}]}}),
    ("Address postal code", "95134", {"addresses": {"add": [{"postal_code": "95134"}]}}),
    ("Messaging", "TRUE", {"licenses": {"add": ["Messaging"]}}),
    ("Messaging", "false", {"licenses": {"remove": ["Messaging"]}}),
    ("Messaging", "", {}),  # an empty service cell leaves the license as it is
    ("Title", "", {}),  # an empty attribute cell leaves the field as it is
])
def test_each_column_fills_its_person_field(column, value, expected):
    assert one_item([EMAIL, column], ["alice@example.com", value]) == dict(expected, email="alice@example.com")


def test_every_attribute_column_is_covered_by_a_test():
    tested = {"First Name", "Last Name", "Display Name", "Extension", "Title", "Department", "Manager", "Phone Number",
              "Location", "Address type", "Address country", "Address locality", "Address region",
              "Address street address", "Address postal code", EMAIL}
    assert {header for header, _option in ATTRIBUTE_COLUMNS} == tested


@pytest.mark.parametrize("column", IGNORED_COLUMNS)
def test_read_only_and_unmanaged_columns_are_ignored(column):
    assert one_item([EMAIL, column], ["alice@example.com", "Verified"]) == {"email": "alice@example.com"}


def test_headers_ignore_case_spaces_and_a_byte_order_mark_free_reading():
    item = one_item(["user id/email (required)", "  first   name "], ["alice@example.com", "Alice"])
    assert item == {"email": "alice@example.com", "first_name": "Alice"}


def test_a_whole_row_with_services_and_an_address_reads_as_one_config_item_the_engine_accepts():
    header = [EMAIL, "Display Name", "Address type", "Address locality", "Messaging", "Webex Meetings - Enterprise", "User Status"]
    read = read_people_csv(csv_of(header, ["alice@example.com", "Alice", "work", "Oslo", "TRUE", "FALSE", "Active"]), "users.csv")
    assert read.services == ["Messaging", "Webex Meetings - Enterprise"]
    [item] = read_config(read.items, "merged", "users.csv: person")
    assert item.wanted["licenses"] == ListChange(add=["Messaging"], remove=["Webex Meetings - Enterprise"])
    assert item.wanted["addresses"] == ListChange(add=[{"type": "work", "locality": "Oslo"}])


@pytest.mark.parametrize("rows, message", [
    ([[EMAIL, "Titel"], ["alice@example.com", "Engineer"]],
     "users.csv row 1, column 'Titel' is not a Control Hub column (row 2 holds 'Engineer', so it is no service column "
     "either); did you mean Title?"),
    ([[EMAIL, "Messaging"], ["alice@example.com", "TRUE"], ["bob@example.com", "yes"]],
     "users.csv row 3, column 'Messaging': 'yes' is not TRUE or FALSE; a service column holds TRUE (add the license), "
     "FALSE (remove it) or nothing (leave it as it is)."),
    ([[EMAIL, "Title"], ["alice@example.com", "A"], ["", "B"]],
     "users.csv row 3, column 'User ID/Email (Required)' is empty; every row needs the person's email."),
    ([["Email", "Title"], ["alice@example.com", "A"]],
     "users.csv row 1, column 'Email' is not a Control Hub column (row 2 holds 'alice@example.com', so it is no service "
     "column either); did you mean"),
    ([["Title"], ["A"]], "users.csv has no column 'User ID/Email (Required)', which every Control Hub users CSV needs."),
    ([[EMAIL, ""], ["alice@example.com", "x"]], "users.csv row 1, column 2 has no name; name it or remove the column."),
    ([], "users.csv is empty; its first row must name the columns"),
])
def test_bad_columns_and_cells_fail_with_one_sentence_naming_row_and_column(rows, message):
    with pytest.raises(InvalidInput) as error:
        read_people_csv(csv_of(*rows) if rows else "", "users.csv")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_bad_email_in_a_row_is_named_by_the_engine_with_the_file():
    read = read_people_csv(csv_of([EMAIL], ["not-an-email"]), "users.csv")
    with pytest.raises(InvalidInput, match="^users.csv: person not-an-email: email 'not-an-email' is not an email address"):
        read_config(read.items, "merged", "users.csv: person")


def test_written_csv_reads_back_as_the_same_fields():
    gathered = [{
        "email": "alice@example.com", "display_name": "Alice Smith", "first_name": "Alice", "last_name": "Smith",
        "title": "Analyst", "department": "Finance", "manager_id": "jane@example.com", "extension": "1234",
        "location": "HQ", "licenses": ["Messaging"], "roles": [], "login_enabled": True,
        "phone_numbers": [{"type": "mobile", "value": "+1 1"}, {"type": "work", "value": "+1 2"}],
        "addresses": [{"type": "work", "locality": "Oslo", "country": "NO"}],
    }, {"email": "bob@example.com", "manager": "Jane, the boss"}]
    text = people_csv_text(gathered, ["Messaging", "Webex Meetings - Enterprise"])
    read = read_people_csv(text, "people.csv")
    assert read.services == ["Messaging", "Webex Meetings - Enterprise"]
    assert read.items[0] == {
        "email": "alice@example.com", "display_name": "Alice Smith", "first_name": "Alice", "last_name": "Smith",
        "title": "Analyst", "department": "Finance", "manager_id": "jane@example.com", "extension": "1234",
        "location": "HQ", "phone_numbers": {"add": [{"type": "work", "value": "+1 2"}]},
        "addresses": {"add": [{"type": "work", "locality": "Oslo", "country": "NO"}]},
        "licenses": {"add": ["Messaging"], "remove": ["Webex Meetings - Enterprise"]},
    }
    assert read.items[1] == {"email": "bob@example.com", "manager": "Jane, the boss",
                             "licenses": {"remove": ["Messaging", "Webex Meetings - Enterprise"]}}
