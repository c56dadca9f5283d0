"""Misspelt names get the nearest known one, in one sentence."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.input_hints import nearest_name, unknown_name_hint
from ansible_collections.webexops.identity.plugins.module_utils.person.config import read_config


@pytest.mark.parametrize("name, expected", [("licences", "licenses"), ("titel", "title"), ("Display_Name", "display_name"),
                                            ("zzz", None)])
def test_the_nearest_known_name(name, expected):
    assert nearest_name(name, ["licenses", "title", "display_name", "roles"]) == expected


def test_no_close_name_lists_the_known_ones():
    assert unknown_name_hint("zzz", ["b", "a"], "items take") == "items take a, b."


def test_a_misspelt_field_in_a_users_file_names_the_person_the_field_and_the_nearest_field():
    with pytest.raises(InvalidInput) as error:
        read_config([{"email": "bob@example.com", "licences": ["Messaging"]}], "merged", "users.yml: person")
    assert str(error.value) == "users.yml: person bob@example.com has the unknown key licences; did you mean licenses?"
