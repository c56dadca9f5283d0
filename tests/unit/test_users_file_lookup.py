"""The users_file lookup: a users file's small sections, its section checks, and never its people."""

from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleError

from ansible_collections.webexops.identity.plugins.lookup.users_file import LookupModule


def lookup(path):
    plugin = LookupModule()
    setattr(plugin, "_load_name", "webexops.identity.users_file")  # set by the plugin loader; ansible-core 2.16 reads it
    return plugin.run([str(path)], variables={})


def test_a_yaml_users_file_gives_its_sections_without_the_people(tmp_path):
    path = tmp_path / "users.yml"
    path.write_text(yaml.safe_dump({
        "org_id": "customer-org", "people": [{"email": "alice@example.com"}], "groups": [{"display_name": "Eng"}],
        "leaving": ["bob@example.com"], "guests": [{"subject": "kiosk", "display_name": "Kiosk"}]}))
    assert lookup(path) == [{"org_id": "customer-org", "people_file": str(path), "leaving": ["bob@example.com"],
                             "guests": [{"subject": "kiosk", "display_name": "Kiosk"}]}]


def test_missing_sections_are_empty_and_a_relative_path_is_taken_from_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "users.yml").write_text("people:\n  - email: alice@example.com\nleaving:\n")
    monkeypatch.chdir(tmp_path)
    assert lookup("users.yml") == [{"org_id": "", "people_file": str(tmp_path / "users.yml"), "leaving": [], "guests": []}]


def test_a_control_hub_csv_holds_people_only(tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("User ID/Email (Required),Messaging\nalice@example.com,TRUE\n")
    assert lookup(path) == [{"org_id": "", "people_file": str(path), "leaving": [], "guests": []}]


@pytest.mark.parametrize("content, message", [
    ("- email: alice@example.com\n",
     "users.yml: it must be a mapping with the sections people, groups, leaving and guests"),
    ("peple: []\nguest: []\n",
     "users.yml: unknown sections peple, guest (the sections are org_id, people, groups, leaving and guests)"),
    ("org_id: 42\n", "users.yml: org_id must be the id of an organisation, a string"),
    ("people: {email: bob@example.com}\n", "users.yml: people must be a list"),
    ("groups: Eng\nguests: {subject: kiosk}\n", "users.yml: groups must be a list; guests must be a list"),
    ("leaving: [alice@example.com, {email: bob@example.com}]\n",
     "users.yml: leaving must list emails, not {'email': 'bob@example.com'}"),
    ("people: [{email: Bob@Example.com}, {email: carol@example.com}, {email: BOB@example.com}]\n"
     "leaving: [bob@example.com, carol@EXAMPLE.com]\n",
     "listed under both people and leaving: bob@example.com, carol@example.com"),
    ("people: [\n  - a", "users.yml is not valid YAML at line 2; check its indentation and quotes."),
])
def test_a_users_file_with_bad_sections_fails_in_one_sentence(tmp_path, monkeypatch, content, message):
    (tmp_path / "users.yml").write_text(content)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnsibleError) as error:
        lookup("users.yml")
    assert error.value.message == message


@pytest.mark.parametrize("name, message", [
    ("missing.yml", "users_file {path} cannot be read (No such file or directory); check the path."),
    ("users.txt", "users_file {path} must end in .csv (Control Hub's user CSV) or .yml or .yaml (a users file)."),
])
def test_a_path_that_cannot_be_a_users_file_fails_in_one_sentence(tmp_path, name, message):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("people: []\n")
    with pytest.raises(AnsibleError) as error:
        lookup(path)
    assert error.value.message == message.format(path=path)
