"""The roles' argument specs declare the same person fields, with the same types, as the module's field table."""

from __future__ import annotations

from pathlib import Path

import yaml

from ansible_collections.webexops.identity.plugins.module_utils.groups.people_groups import (
    DECLARED_GROUP_OPTIONS,
    PERSON_GROUPS_OPTION,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import PERSON_FIELDS, person_field_options

ROLES = Path(__file__).resolve().parents[2] / "roles"


def argument_specs(role: str) -> dict:
    return yaml.safe_load((ROLES / role / "meta" / "argument_specs.yml").read_text())["argument_specs"]


def onboarding_person_options() -> dict:
    return argument_specs("onboarding")["main"]["options"]["onboarding_people"]["options"]


def test_onboarding_declares_every_person_field_and_nothing_else():
    assert set(onboarding_person_options()) == {field.option for field in PERSON_FIELDS} | set(PERSON_GROUPS_OPTION) | {"email"}


def test_onboarding_person_types_match_the_module():
    spec = dict(person_field_options(), **PERSON_GROUPS_OPTION)
    for option, declared in onboarding_person_options().items():
        if option == "email":
            assert declared == {**declared, "type": "str", "required": True}
            continue
        assert declared["type"] == spec[option]["type"], option
        assert declared.get("description"), option


def test_every_option_of_the_roles_has_a_default_in_defaults_main():
    for role in ("onboarding", "offboarding"):
        defaults = yaml.safe_load((ROLES / role / "defaults" / "main.yml").read_text())
        options = argument_specs(role)["main"]["options"]
        assert set(options) == set(defaults), role


def test_onboarding_groups_take_what_webex_people_groups_take():
    declared = argument_specs("onboarding")["main"]["options"]["onboarding_groups"]["options"]
    assert set(declared) == set(DECLARED_GROUP_OPTIONS)
    for option, spec in DECLARED_GROUP_OPTIONS.items():
        assert {key: declared[option][key] for key in spec} == spec, option


def test_offboarding_leaves_groups_unless_told_not_to():
    option = argument_specs("offboarding")["main"]["options"]["offboarding_leave_groups"]
    defaults = yaml.safe_load((ROLES / "offboarding" / "defaults" / "main.yml").read_text())
    assert option["type"] == "bool" and option["default"] is True and defaults["offboarding_leave_groups"] is True
