# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the plan of a run as a versioned JSON document, and as Markdown for a pull request.

The schema is docs/plan-file.md (and docs/plan-file.schema.json). It holds people's fields and the request bodies
of the People API, which carry no token: the client adds the token to the headers, never to a body.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional

PLAN_SCHEMA = "webexops.identity/plan"
PLAN_VERSION = 1
# Actions in the order the counts and the Markdown show them.
CHANGE_ACTIONS = ("created", "updated", "disabled", "deleted", "failed")
ACTIONS = CHANGE_ACTIONS + ("unchanged",)
# More people than this and the Markdown table is folded into <details>.
ROWS_SHOWN_OPEN = 10
# Longer cell values are cut, so one long list cannot swamp a pull-request comment.
CELL_LIMIT = 200


def plan_entry(result: Dict[str, Any], before: Dict[str, Any], after: Dict[str, Any], requests: List[Dict[str, Any]]) -> Dict[str, Any]:
    """One person of the plan: the module's result line, each changed field with before and after, the requests."""
    fields = {} if result["action"] == "deleted" else {
        option: {"before": before.get(option), "after": after.get(option)} for option in sorted(set(before) | set(after))}
    return {
        "email": result["email"],
        "id": result["id"],
        "action": result["action"],
        "fields": fields,
        "requests": [{key: call[key] for key in ("method", "path", "body") if key in call} for call in requests],
        "msg": result.get("msg") or "",
    }


def merged_entries(entries: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """One entry per person: a person in two steps (offboarded, then deleted) gets the last action and every request."""
    people: Dict[str, Dict[str, Any]] = {}
    for entry in entries:
        key = str(entry["email"]).lower()
        if key not in people:
            people[key] = dict(entry, fields=dict(entry.get("fields") or {}), requests=list(entry.get("requests") or []))
            continue
        known = people[key]
        known["fields"].update(entry.get("fields") or {})
        known["requests"] += entry.get("requests") or []
        known.update(action=entry["action"], id=known.get("id") or entry.get("id"),
                     msg="; ".join(m for m in (known.get("msg"), entry.get("msg")) if m))
    return list(people.values())


def plan_document(entries: Iterable[Dict[str, Any]], unchanged: int = 0, check_mode: bool = True) -> Dict[str, Any]:
    """The versioned plan: counts, then the people who change (or fail), sorted by email."""
    people = sorted((e for e in merged_entries(entries) if e["action"] != "unchanged"), key=lambda e: str(e["email"]).lower())
    counts = {action: sum(1 for e in people if e["action"] == action) for action in CHANGE_ACTIONS}
    counts["unchanged"] = int(unchanged)
    counts["changes"] = sum(counts[action] for action in CHANGE_ACTIONS if action != "failed")
    return {"schema": PLAN_SCHEMA, "version": PLAN_VERSION, "check_mode": bool(check_mode), "counts": counts, "people": people}


def has_drift(document: Dict[str, Any]) -> bool:
    """Whether Webex differs from the users file: anything to change, or anyone who could not be planned."""
    counts = document["counts"]
    return bool(counts["changes"] or counts["failed"])


# --- Markdown ------------------------------------------------------------------------------------------

def plan_markdown(document: Dict[str, Any], title: str = "Webex plan") -> str:
    """The plan for a pull-request comment: counts first, then a table of the people who change."""
    counts = document["counts"]
    shown = ", ".join("%d %s" % (counts[action], action) for action in ACTIONS if counts[action] or action == "unchanged")
    mode = "check mode: nothing was changed" if document.get("check_mode") else "applied"
    lines = ["### %s" % title, "", "**%s** (%s)" % (shown, mode), ""]
    people = document["people"]
    if not people:
        lines.append("Webex matches the users file: nothing to change.")
        return "\n".join(lines) + "\n"
    table = ["| person | action | what changes |", "|---|---|---|"]
    table += ["| %s | %s | %s |" % (cell(p["email"]), p["action"], cell(change_summary(p))) for p in people]
    if len(people) > ROWS_SHOWN_OPEN:
        lines += ["<details><summary>%d people change (show the table)</summary>" % len(people), ""] + table + ["", "</details>"]
    else:
        lines += table
    return "\n".join(lines) + "\n"


def change_summary(entry: Dict[str, Any]) -> str:
    """What changes for one person, field by field; the reason for a failure."""
    if entry["action"] == "failed":
        return entry.get("msg") or "failed"
    if entry["action"] == "deleted":
        return "the person is deleted"
    parts = [field_change(name, change.get("before"), change.get("after")) for name, change in sorted(entry["fields"].items())]
    return "; ".join(parts) or entry["action"]


def field_change(name: str, before: Any, after: Any) -> str:
    """`licenses +A -B` for lists, `title: "x" -> "y"` for single values."""
    if isinstance(before, list) or isinstance(after, list):
        old, new = [shown_item(v) for v in before or []], [shown_item(v) for v in after or []]
        changes = ["+" + v for v in new if v not in old] + ["-" + v for v in old if v not in new]
        return "%s %s" % (name, " ".join(changes))
    return "%s: %s → %s" % (name, shown_value(before), shown_value(after))


def shown_item(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)


def shown_value(value: Optional[Any]) -> str:
    if value is None or value == "":
        return "(none)"
    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks, and not too long."""
    text = str(text).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + "…"
