"""The groups of a people run without a server: a person's groups option, the declared groups, the users file's groups
section, and the labels gathered gives."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.groups.people_groups import (
    DeclaredGroup,
    group_labels,
    parse_person_groups,
    read_declared_groups,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.config import read_config
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange
from ansible_collections.webexops.identity.plugins.module_utils.person.users_file import read_people_file
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput


def test_a_persons_groups_parse_as_licenses_do():
    assert parse_person_groups(None) is None
    assert parse_person_groups([" Sales Team ", "Support"]) == ListChange(set=["Sales Team", "Support"])
    assert parse_person_groups({"add": ["A"], "remove": ["B"]}) == ListChange(add=["A"], remove=["B"])
    with pytest.raises(InvalidInput, match="^groups takes the keys add, remove and set, not keep.$"):
        parse_person_groups({"keep": ["A"]})
    with pytest.raises(InvalidInput, match="^groups: each group is a display name or a group id, not 3.$"):
        parse_person_groups([3])


def test_config_items_carry_their_groups_and_whole_states_want_whole_lists():
    (item,) = read_config([{"email": "a@example.com", "groups": {"add": ["Sales Team"]}}], "merged")
    assert item.groups == ListChange(add=["Sales Team"]) and "groups" not in item.wanted
    (plain,) = read_config([{"email": "a@example.com"}], "replaced")
    assert plain.groups is None  # not managed: a person who leaves groups out keeps their memberships
    with pytest.raises(InvalidInput, match="with state replaced give groups as a list"):
        read_config([{"email": "a@example.com", "display_name": "A", "groups": {"add": ["X"]}}], "replaced")
    with pytest.raises(InvalidInput, match="^config item a@example.com: groups must be a list or a dict"):
        read_config([{"email": "a@example.com", "groups": "Sales Team"}], "merged")


def test_declared_groups_are_checked_entry_by_entry():
    assert read_declared_groups(None, "groups") == []
    assert read_declared_groups([{"display_name": "Eng", "external_id": "e-1"}, {"display_name": "Old", "state": "absent"}],
                                "groups") == [DeclaredGroup("Eng", "e-1"), DeclaredGroup("Old", None, "absent")]
    cases = [
        ({"display_name": "Eng"}, "groups must be a list of groups, each with a display_name."),
        (["Eng"], "groups entry 1 must be a dict with display_name, not str."),
        ([{"display_name": "Eng", "members": ["a@example.com"]}],
         "groups Eng has the unknown key members; groups take display_name, external_id, state."),
        ([{"display_nam": "Eng"}], "groups entry 1 has the unknown key display_nam; did you mean display_name?"),
        ([{"display_name": "Eng", "state": "gone"}], "groups Eng: value of state must be one of: present, absent, got: gone."),
        ([{"display_name": " "}], "groups entry 1: display_name must not be empty."),
        ([{"display_name": "Eng"}, {"display_name": "ENG"}], "groups lists the group 'Eng' more than once; merge its "
                                                             "entries into one."),
    ]
    for raw, message in cases:
        with pytest.raises(InvalidInput) as error:
            read_declared_groups(raw, "groups")
        assert str(error.value) == message


def test_a_users_file_may_declare_groups(tmp_path):
    path = tmp_path / "users.yml"
    path.write_text("people:\n  - {email: a@example.com, groups: [Eng]}\ngroups:\n  - display_name: Eng\n")
    read = read_people_file(str(path))
    assert read.items == [{"email": "a@example.com", "groups": ["Eng"]}]
    assert read.groups == [{"display_name": "Eng"}]
    path.write_text("- {email: a@example.com}\n")
    assert read_people_file(str(path)).groups is None


def test_labels_are_names_where_unique_else_ids():
    groups = {"g1": {"displayName": "Sales"}, "g2": {"displayName": "Support"}, "g3": {"displayName": "support"}}
    assert group_labels(groups, []) == {"g1": "Sales", "g2": "g2", "g3": "g3"}
    assert group_labels(groups, ["SALES"]) == {"g1": "g1", "g2": "g2", "g3": "g3"}  # a group this run creates
