"""Config items: the fast path for values that already have their option's type gives what the validator gives;
the collector's pace of a bulk run."""

from __future__ import annotations

import gc

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.webexops.identity.plugins.module_utils.person.collector import BULK_YOUNG_THRESHOLD, pace_collections_for_bulk
from ansible_collections.webexops.identity.plugins.module_utils.person.config import (
    ITEM_OPTIONS,
    passed_through,
    read_config,
)
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput

TYPED_ITEMS = [
    {"email": "alice@example.com", "display_name": "Alice", "licenses": ["Messaging"], "login_enabled": False},
    {"id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x", "title": None, "roles": {"add": ["User Administrator"]}},
    {"email": "bob@example.com", "phone_numbers": [{"type": "work", "value": "+1 555 0100"}], "groups": ["Sales"]},
]
CONVERTED_ITEMS = [
    {"email": "carol@example.com", "extension": 4001},  # an int where text goes: the validator makes it "4001"
    {"email": "dave@example.com", "login_enabled": "yes"},  # a boolean in words
]


@pytest.mark.parametrize("raw", TYPED_ITEMS)
def test_an_item_of_typed_values_passes_through_as_the_validator_would_pass_it(raw):
    assert passed_through(raw) == ArgumentSpecValidator(ITEM_OPTIONS).validate(raw).validated_parameters


@pytest.mark.parametrize("raw", CONVERTED_ITEMS)
def test_an_item_needing_conversion_goes_to_the_validator(raw):
    assert passed_through(raw) is None
    converted = read_config([raw], "merged")[0].wanted
    assert converted == ({"extension": "4001"} if "extension" in raw else {"login_enabled": True})


def test_a_passed_item_shares_no_list_with_the_input():
    raw = {"email": "alice@example.com", "licenses": ["Messaging"]}
    params = passed_through(raw)
    params["licenses"].append("Meetings")
    assert raw["licenses"] == ["Messaging"]


def test_a_wrong_type_is_still_refused_in_the_validator_s_words():
    with pytest.raises(InvalidInput) as error:
        read_config([{"email": "eve@example.com", "login_enabled": "perhaps"}], "merged")
    assert str(error.value).startswith("config item eve@example.com: ")
    assert "login_enabled" in str(error.value)


def test_a_bulk_run_collects_garbage_at_a_slower_pace_and_keeps_the_older_generations():
    before = gc.get_threshold()
    try:
        pace_collections_for_bulk()
        assert gc.get_threshold() == (max(before[0], BULK_YOUNG_THRESHOLD), before[1], before[2])
    finally:
        gc.set_threshold(*before)
