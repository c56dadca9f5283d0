"""The state table (person/states.py) against what the modules' documentation says each state does."""

import re

import pytest
import yaml

from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.modules import webex_people, webex_person


def state_paragraphs(module) -> dict:
    """Each state's sentence(s) in the module's documentation of its state option: a line, or a clause after ';'."""
    found = {}
    for line in yaml.safe_load(module.DOCUMENTATION)["options"]["state"]["description"]:
        for clause in line.split("; "):
            match = re.match(r"V\((\w+)\) ", clause)
            if match:
                found[match.group(1)] = clause
    return found


DOCS = dict(state_paragraphs(webex_people), **state_paragraphs(webex_person))


def test_every_documented_choice_has_a_row_and_every_row_a_choice():
    choices = set(webex_people.argument_spec()["state"]["choices"]) | set(webex_person.argument_spec()["state"]["choices"])
    assert choices == set(STATES)


@pytest.mark.parametrize("state", sorted(STATES))
def test_the_row_says_what_the_documentation_says(state):
    meaning, doc = STATES[state], DOCS[state]
    assert ("deletes" in doc) == meaning.deletes, doc
    assert ("offboards" in doc) == (meaning.offboards_unlisted or meaning.offboards_listed), doc
    assert ("offboards every person" in doc and "not listed" in doc) == meaning.offboards_unlisted, doc
    assert ("offboards the listed people by O(offboard_action)" in doc) == meaning.offboards_listed, doc
    assert ("exactly the given fields" in doc or "is V(replaced)" in doc) == meaning.whole_record, doc
    assert ("changes nothing" in doc or "without sending" in doc) == (not meaning.writes), doc
    if meaning.returns in ("gathered", "rendered"):
        assert "RV(%s)" % meaning.returns in doc, doc


@pytest.mark.parametrize("state", sorted(STATES))
def test_offboard_action_defaults_as_documented(state):
    """The documented default of offboard_action, per state, is the row's."""
    doc = " ".join(yaml.safe_load(webex_people.DOCUMENTATION)["options"]["offboard_action"]["description"])
    expected = "V(%s) with V(%s)" % (STATES[state].default_offboard_action, state)
    assert (expected in doc) == (STATES[state].offboards_unlisted or STATES[state].offboards_listed), doc
