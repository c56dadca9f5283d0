"""Integration tests run real ansible-playbook processes against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

from collection_tree import REPO_ROOT, collections_root
from emulator.harness import ADMIN_TOKEN
from playbook_runs import PlaybookRun, parse_json_callback


@pytest.fixture
def playbook_env(emulator, tmp_path) -> Dict[str, str]:
    """The environment a user would set: token and API URL in WEBEX_ variables, the collection on its path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env.update(
        WEBEX_API_URL=emulator.base_url,
        WEBEX_ACCESS_TOKEN=ADMIN_TOKEN,
        ANSIBLE_COLLECTIONS_PATH=str(collections_root()),
        ANSIBLE_ROLES_PATH=str(REPO_ROOT / "roles"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"),
        ANSIBLE_HOME=str(tmp_path / "ansible-home"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        # ansible-core has no JSON callback: callback_plugins/ holds the one run_playbook parses.
        ANSIBLE_CALLBACK_PLUGINS=str(Path(__file__).resolve().parent / "callback_plugins"),
    )
    return env


@pytest.fixture
def run_playbook(playbook_env, tmp_path):
    """Run a playbook given as a path or as a list of plays; returns a PlaybookRun.

    check/diff add --check/--diff; callback "json" (default) parses task results, "default" keeps the
    human output (for -vvv secret checks); env adds or overrides environment variables.
    """

    def run(
        playbook: Any,
        extra_vars: Optional[Dict[str, Any]] = None,
        check: bool = False,
        diff: bool = False,
        verbosity: int = 0,
        callback: str = "json",
        env: Optional[Dict[str, str]] = None,
        args: Optional[List[str]] = None,
    ) -> PlaybookRun:
        if isinstance(playbook, (list, dict)):
            path = tmp_path / ("play-%d.yml" % len(list(tmp_path.glob("play-*.yml"))))
            path.write_text(yaml.safe_dump(playbook if isinstance(playbook, list) else [playbook], sort_keys=False))
            playbook = path
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        if extra_vars:
            extra_file = tmp_path / "extra-vars.json"
            extra_file.write_text(json.dumps(extra_vars))
            command += ["-e", "@%s" % extra_file]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        command += args or []
        run_env = dict(playbook_env, ANSIBLE_STDOUT_CALLBACK=callback)
        run_env.update(env or {})
        proc = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=900, cwd=str(REPO_ROOT), check=False)
        results, stats = parse_json_callback(proc.stdout) if callback == "json" else ([], {})
        return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, results, stats)

    return run
