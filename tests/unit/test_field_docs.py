"""The person field table and its documentation never drift apart."""

from __future__ import annotations

import yaml

from ansible_collections.webexops.identity.plugins.doc_fragments.person import ModuleDocFragment
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import PERSON_FIELDS, person_field_options


def documented_options() -> dict:
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]


def test_every_field_is_documented_and_nothing_else():
    assert set(documented_options()) == {field.option for field in PERSON_FIELDS}


def test_documented_types_match_the_argument_spec():
    spec = person_field_options()
    for option, doc in documented_options().items():
        assert doc["type"] == spec[option]["type"], option
        assert doc["description"], option
