"""The plan document (validated against docs/plan-file.schema.json) and its Markdown for pull requests."""

from __future__ import annotations

import json

import jsonschema
import pytest

from collection_tree import REPO_ROOT
from ansible_collections.webexops.identity.plugins.module_utils.person.plan_report import (
    ROWS_SHOWN_OPEN,
    has_drift,
    plan_document,
    plan_entry,
    plan_markdown,
)

SCHEMA = json.loads((REPO_ROOT / "docs" / "plan-file.schema.json").read_text())


def result(email: str, action: str, msg: str = "") -> dict:
    return {"email": email, "id": "id-" + email, "action": action, "msg": msg}


def updated(email: str, title: str = "Director") -> dict:
    return plan_entry(result(email, "updated"), {"title": "Manager"}, {"title": title},
                      [{"method": "PUT", "path": "/people/id-" + email, "email": email, "body": {"title": title}}])


def test_a_plan_document_follows_the_schema_and_counts_each_action():
    entries = [
        updated("carol@example.com"),
        plan_entry(result("new@example.com", "created"), {}, {"display_name": "New", "licenses": ["Messaging"], "email": "new@example.com"},
                   [{"method": "POST", "path": "/people", "email": "new@example.com", "body": {"emails": ["new@example.com"]}}]),
        plan_entry(result("bad@example.com", "failed", "licenses: no license is named 'X'"), {}, {}, []),
    ]
    document = plan_document(entries, unchanged=7, check_mode=True)
    jsonschema.validate(document, SCHEMA)
    assert document["counts"] == {"created": 1, "updated": 1, "disabled": 0, "deleted": 0, "failed": 1, "unchanged": 7, "changes": 2}
    assert [p["email"] for p in document["people"]] == ["bad@example.com", "carol@example.com", "new@example.com"]
    assert document["people"][1]["requests"] == [{"method": "PUT", "path": "/people/id-carol@example.com", "body": {"title": "Director"}}]
    assert has_drift(document)


def test_a_person_disabled_then_deleted_is_one_entry_with_both_requests():
    disabled = plan_entry(result("leo@example.com", "updated"), {"login_enabled": True}, {"login_enabled": False},
                          [{"method": "PUT", "path": "/people/leo", "body": {"loginEnabled": False}}])
    disabled["action"] = "disabled"
    deleted = plan_entry(result("leo@example.com", "deleted"), {"id": "leo", "email": "leo@example.com"}, {},
                         [{"method": "DELETE", "path": "/people/leo"}])
    document = plan_document([disabled, deleted])
    jsonschema.validate(document, SCHEMA)
    [leo] = document["people"]
    assert leo["action"] == "deleted" and [r["method"] for r in leo["requests"]] == ["PUT", "DELETE"]
    assert leo["fields"] == {"login_enabled": {"before": True, "after": False}}
    assert document["counts"]["deleted"] == 1 and document["counts"]["changes"] == 1


@pytest.mark.parametrize("broken", [
    lambda d: d.update(version=2),
    lambda d: d["counts"].pop("unchanged"),
    lambda d: d["people"][0].update(action="renamed"),
    lambda d: d["people"][0]["fields"]["title"].pop("before"),
    lambda d: d["people"][0]["requests"][0].update(token="secret"),
])
def test_the_schema_rejects_documents_that_break_it(broken):
    document = plan_document([updated("carol@example.com")])
    broken(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_markdown_puts_counts_first_then_a_table_of_who_changes():
    entries = [updated("carol@example.com"),
               plan_entry(result("lia@example.com", "updated"), {"licenses": ["Messaging"], "title": ""},
                          {"licenses": ["Messaging", "Webex Meetings"], "title": "A | B"}, [])]
    markdown = plan_markdown(plan_document(entries, unchanged=3))
    lines = markdown.splitlines()
    assert lines[:3] == ["### Webex plan", "", "**2 updated, 3 unchanged** (check mode: nothing was changed)"]
    assert "| person | action | what changes |" in lines
    assert '| carol@example.com | updated | title: "Manager" → "Director" |' in lines
    assert '| lia@example.com | updated | licenses +Webex Meetings; title: (none) → "A \\| B" |' in lines
    assert "<details>" not in markdown


def test_markdown_folds_a_long_table_and_says_when_nothing_changes():
    many = [updated("p%02d@example.com" % n) for n in range(ROWS_SHOWN_OPEN + 1)]
    markdown = plan_markdown(plan_document(many))
    assert "<details><summary>%d people change (show the table)</summary>" % (ROWS_SHOWN_OPEN + 1) in markdown
    assert markdown.index("**%d updated" % (ROWS_SHOWN_OPEN + 1)) < markdown.index("<details>") < markdown.index("| p00@example.com")
    assert markdown.rstrip().endswith("</details>")
    same = plan_document([], unchanged=4)
    assert not has_drift(same)
    assert plan_markdown(same, title="Webex drift") == (
        "### Webex drift\n\n**0 unchanged**".replace("0 unchanged", "4 unchanged")
        + " (check mode: nothing was changed)\n\nWebex matches the users file: nothing to change.\n")
