# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the items of a bulk people config, checked against the one field table, and back."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.webexops.identity.plugins.module_utils.groups.people_groups import (
    PERSON_GROUPS_OPTION,
    parse_person_groups,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import (
    PERSON_FIELDS,
    person_field_options,
    person_identity_options,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.input_hints import unknown_name_hint
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    ListChange,
    check_email,
    desired_from_params,
    from_api_value,
)

ITEM_OPTIONS: Dict[str, Dict[str, Any]] = dict(person_identity_options(), **person_field_options(), **PERSON_GROUPS_OPTION)

# The Python type an option's value already has when the validator would pass it through unchanged.
PASS_THROUGH_TYPES: Dict[str, type] = {"str": str, "bool": bool, "raw": object}
# Options the validator only type-checks (no aliases, defaults, choices or suboptions): what the fast path covers.
PLAIN_OPTIONS: Dict[str, type] = {
    name: PASS_THROUGH_TYPES[spec["type"]] for name, spec in ITEM_OPTIONS.items()
    if set(spec) == {"type"} and spec["type"] in PASS_THROUGH_TYPES
}

# Turns an id of a lookup kind (license, role, location, person) into what gathered shows for it.
Labeller = Callable[[str, str], str]


@dataclass
class ConfigItem:
    """One person of the config: how to find them, and the fields asked for (names, not yet ids)."""

    label: str  # the email, else the id: how results and messages name the person
    email: Optional[str]
    person_id: Optional[str]
    wanted: Dict[str, Any]
    groups: Optional[ListChange] = None  # group memberships, by group name or id; None: not managed


def read_config(config: Optional[List[Any]], state: str, noun: str = "config item") -> List[ConfigItem]:
    """Every config item checked and parsed; the first problem fails the whole run, before any call.

    `noun` is how messages name an item ("config item", or "users.yml: person" for a users file).
    """
    validator = ArgumentSpecValidator(ITEM_OPTIONS)  # built once: building it costs more than using it
    items = [read_config_item(index, raw, state, validator, noun) for index, raw in enumerate(config or [])]
    check_unique(items)
    return items


def read_config_item(index: int, raw: Any, state: str, validator: ArgumentSpecValidator, noun: str = "config item") -> ConfigItem:
    """One item, validated with the same option table as webex_person."""
    if not isinstance(raw, dict):
        raise InvalidInput("%s %d must be a dict with email or id and person fields, not %s." % (noun, index + 1, type(raw).__name__))
    label = str(raw.get("email") or raw.get("id") or "number %d" % (index + 1))
    unknown = sorted(set(raw) - set(ITEM_OPTIONS), key=str)
    if unknown:
        raise InvalidInput(unknown_keys_sentence("%s %s" % (noun, label), unknown))
    params = passed_through(raw)
    if params is None:
        validation = validator.validate(raw)
        if validation.error_messages:
            raise InvalidInput("%s %s: %s." % (noun, label, validation.error_messages[0].rstrip(".")))
        params = validation.validated_parameters
    if not params.get("email") and not params.get("id"):
        raise InvalidInput("%s %s needs an email or an id." % (noun, label))
    try:
        email = check_email(params.get("email"))
        wanted = desired_from_params(params)
        groups = parse_person_groups(params.get("groups"))
    except InvalidInput as error:
        raise InvalidInput("%s %s: %s" % (noun, label, error)) from None
    if STATES[state].whole_record:
        check_whole_lists(label, wanted if groups is None else dict(wanted, groups=groups), state)
    return ConfigItem(email or label, email, params.get("id"), wanted, groups)


def passed_through(raw: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The validator's answer for an item whose every value already has its option's type (each left out is None);
    None when one needs the validator to convert or refuse it. At 20,000 people the validator costs a second."""
    for key, value in raw.items():
        wanted_type = PLAIN_OPTIONS.get(key)
        if wanted_type is None or (value is not None and not isinstance(value, wanted_type)):
            return None
    # Lists and dicts are copied as the validator copies them: the parsed item never shares them with the task's input.
    return {name: deepcopy(raw[name]) if isinstance(raw.get(name), (list, dict)) else raw.get(name) for name in ITEM_OPTIONS}


def unknown_keys_sentence(subject: str, unknown: List[Any]) -> str:
    """One sentence for keys no person field has: the nearest known key for the first, or the list of keys."""
    names = ", ".join(str(key) for key in unknown)
    plural = "s" if len(unknown) > 1 else ""
    hint = unknown_name_hint(str(unknown[0]), ITEM_OPTIONS, "items take")
    return "%s has the unknown key%s %s; %s" % (subject, plural, names, hint)


def check_whole_lists(label: str, wanted: Dict[str, Any], state: str) -> None:
    """replaced and overridden set each list exactly: add and remove would leave the result to chance."""
    for option, value in wanted.items():
        if isinstance(value, ListChange) and (value.add or value.remove):
            raise InvalidInput("config item %s: with state %s give %s as a list (the whole list), not with add or remove."
                               % (label, state, option))


def check_unique(items: List[ConfigItem]) -> None:
    """Two items for one person would fight each other: refuse them."""
    seen = set()
    for item in items:
        keys = [key for key in (item.email, item.person_id) if key]
        for key in keys:
            if key in seen:
                raise InvalidInput("config lists %s more than once; merge its items into one." % key)
        seen.update(keys)


def replaced_fields(wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The fields `replaced` manages: every field, each one not given at its row's default (mostly cleared)."""
    return {f.option: wanted[f.option] if f.option in wanted else f.default_for_replaced(wanted) for f in PERSON_FIELDS}


def config_item_from_record(record: Dict[str, Any], label_of: Labeller) -> Dict[str, Any]:
    """A full person record in the shape of a config item (what gathered returns), names where they are unique."""
    item: Dict[str, Any] = {"email": (record.get("emails") or [""])[0].lower()}
    for field_ in PERSON_FIELDS:
        value = record.get(field_.api_key)
        if value is None or value == "" or (value == [] and field_.kind != "refs"):
            continue
        value = from_api_value(field_, value)
        if field_.lookup and field_.is_list:
            value = sorted(label_of(field_.lookup, v) for v in value)
        elif field_.lookup:
            value = label_of(field_.lookup, value)
        item[field_.option] = value
    return item
