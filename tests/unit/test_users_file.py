"""A users file the module reads itself: YAML or Control Hub CSV by extension, and gathered people written as either."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.users_file import read_people_file, write_people_file

PEOPLE = [{"email": "alice@example.com", "display_name": "Alice", "licenses": ["Messaging"], "login_enabled": True}]


def test_a_yaml_users_file_gives_its_people_section_and_names_the_file(tmp_path):
    path = tmp_path / "users.yml"
    path.write_text(yaml.safe_dump({"people": PEOPLE, "leaving": ["bob@example.com"]}))
    read = read_people_file(str(path))
    assert (read.items, read.noun, read.services) == (PEOPLE, "users.yml: person", [])


def test_a_bare_list_and_an_empty_file_are_people_too(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(PEOPLE))
    (tmp_path / "b.yml").write_text("")
    assert read_people_file(str(tmp_path / "a.yaml")).items == PEOPLE
    assert read_people_file(str(tmp_path / "b.yml")).items == []


def test_a_csv_with_a_byte_order_mark_is_read_as_control_hub_csv(tmp_path):
    path = tmp_path / "users.csv"
    path.write_bytes("\ufeffUser ID/Email (Required),Messaging\nalice@example.com,TRUE\n".encode("utf-8"))
    read = read_people_file(str(path))
    assert read.items == [{"email": "alice@example.com", "licenses": {"add": ["Messaging"]}}]
    assert (read.noun, read.services) == ("users.csv: person", ["Messaging"])


@pytest.mark.parametrize("name, content, message", [
    ("users.txt", "", "users_file {path} must end in .csv (Control Hub's user CSV) or .yml or .yaml (a users file)."),
    ("users.yml", "people: [\n  - a", "users.yml is not valid YAML at line 2; check its indentation and quotes."),
    ("users.yml", "people: {email: a@example.com}", "users.yml: people must be a list of people, each with an email."),
    ("missing.yml", None, "users_file {path} cannot be read (No such file or directory); check the path."),
])
def test_a_file_that_cannot_be_used_fails_in_one_sentence(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(InvalidInput) as error:
        read_people_file(str(path))
    assert str(error.value) == message.format(path=path)


@pytest.mark.parametrize("name", ["org.csv", "org.yml"])
def test_gathered_people_written_read_back_as_the_same_people(tmp_path, name):
    path = str(tmp_path / name)
    write_people_file(path, PEOPLE, ["Messaging", "Advanced Messaging"])
    items = read_people_file(path).items
    if name.endswith(".csv"):
        assert items == [{"email": "alice@example.com", "display_name": "Alice",
                          "licenses": {"add": ["Messaging"], "remove": ["Advanced Messaging"]}}]
    else:
        assert items == PEOPLE
