"""ansible-playbook runs as the integration tests see them: results, one-play playbooks, write calls.

A module of its own, because test files cannot import conftest reliably (every conftest is named conftest).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class PlaybookRun:
    """One ansible-playbook run: its exit code, output, and (with the json callback) each task's result."""

    rc: int
    stdout: str
    stderr: str
    results: List[Dict[str, Any]] = field(default_factory=list)
    stats: Dict[str, Any] = field(default_factory=dict)

    def task(self, name: str) -> Dict[str, Any]:
        """The result on localhost of the last task with this name."""
        found = [r for r in self.results if r["task"] == name]
        if not found:
            raise AssertionError("no task named %r ran; tasks: %s" % (name, [r["task"] for r in self.results]))
        return found[-1]["result"]

    @property
    def changed(self) -> int:
        return self.stats.get("localhost", {}).get("changed", 0)

    @property
    def failed(self) -> int:
        host = self.stats.get("localhost", {})
        return host.get("failures", 0) + host.get("unreachable", 0)


def parse_json_callback(stdout: str) -> tuple:
    try:
        data = json.loads(stdout[stdout.index("{"):])
    except ValueError:
        return [], {}
    results = []
    for play in data.get("plays", []):
        for task in play.get("tasks", []):
            for host, result in task.get("hosts", {}).items():
                results.append({"task": task["task"]["name"], "host": host, "result": result})
    return results, data.get("stats", {})


def task_play(*tasks: Dict[str, Any], module_defaults: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """A one-play playbook on localhost running the given tasks."""
    play: Dict[str, Any] = {"name": "test", "hosts": "localhost", "gather_facts": False, "tasks": list(tasks)}
    if module_defaults:
        play["module_defaults"] = module_defaults
    return play


WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def writes_in(log: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The write calls in an emulator request log, People API and SCIM alike (control endpoints excluded)."""
    return [entry for entry in log if entry["method"] in WRITE_METHODS and not entry["path"].startswith("/_emulator/")]
