"""Slices of a users file: each person in exactly one, the same in every run, and only with states that allow it."""

from __future__ import annotations

import pytest

from ansible_collections.webexops.identity.plugins.module_utils.person.config import ConfigItem
from ansible_collections.webexops.identity.plugins.module_utils.person.slices import Slice, items_in_slice, slice_from_params, slice_of
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput


def people(count: int) -> list:
    return [ConfigItem("p%d@example.com" % n, "p%d@example.com" % n, None, {}) for n in range(count)]


def test_every_person_falls_in_exactly_one_of_three_slices_and_none_is_empty():
    items = people(300) + [ConfigItem("Y2lzY29zcGFyazovL3VzL1BFT1BMRS9h", None, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9h", {})]
    parts = [items_in_slice(items, Slice(number, 3)) for number in (1, 2, 3)]
    labels = [item.label for part in parts for item in part]
    assert sorted(labels) == sorted(item.label for item in items)  # nobody twice, nobody left out
    assert all(len(part) > 60 for part in parts), [len(part) for part in parts]


def test_a_slice_depends_on_the_email_alone_not_on_case_or_order():
    assert slice_of("Anna.Berg@Example.com", 3) == slice_of("anna.berg@example.com", 3)
    items = people(50)
    forward = [i.label for i in items_in_slice(items, Slice(2, 3))]
    backward = [i.label for i in items_in_slice(list(reversed(items)), Slice(2, 3))]
    assert sorted(forward) == sorted(backward)


def test_no_slice_keeps_everyone():
    items = people(5)
    assert items_in_slice(items, slice_from_params(None, "merged")) == items


@pytest.mark.parametrize("params, state, message", [
    ({"number": 4, "count": 3}, "merged", "slice: number must be from 1 to count and count 1 or more, not number 4 of 3."),
    ({"number": 0, "count": 3}, "merged", "slice: number must be from 1 to count and count 1 or more, not number 0 of 3."),
    ({"number": 1, "count": 3}, "overridden", "slice cannot be used with state overridden, which reaches people beyond"),
    ({"number": 1, "count": 3}, "gathered", "slice cannot be used with state gathered, which reaches people beyond"),
])
def test_a_bad_slice_fails_in_one_sentence(params, state, message):
    with pytest.raises(InvalidInput) as error:
        slice_from_params(params, state)
    assert str(error.value).startswith(message)
