"""bash demo/run.sh end to end, as a new user meets it: a fresh clone of the committed tree, no virtualenv yet.

The clone holds what git holds: commit a change before this test can see it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from collection_tree import REPO_ROOT


def demo_emulators(venv) -> list:
    """Running emulator processes started with the demo seed by this virtualenv (other runs may have their own)."""
    found = subprocess.run(["pgrep", "-af", "seeds/demo.yml"], capture_output=True, text=True, check=False).stdout
    return [line for line in found.splitlines() if "tests/emulator" in line and str(venv) in line]


@pytest.mark.slow
def test_the_demo_runs_end_to_end_from_a_fresh_clone_and_leaves_nothing_running(tmp_path):
    clone, venv, work = tmp_path / "clone", tmp_path / "venv", tmp_path / "tmp"
    work.mkdir()
    subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_", "VIRTUAL_ENV"))}
    env.update(TMPDIR=str(work), VENV=str(venv))  # an empty virtualenv path; pip's download cache is shared
    # The test's own virtualenv leaves PATH, so the demo finds only the machine's Python.
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    # From another directory, as a user would run it.
    proc = subprocess.run(["bash", str(clone / "demo" / "run.sh")], cwd=str(work), env=env,
                          capture_output=True, text=True, timeout=1200, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-2000:]
    # Headings start a line; the plan file's own Markdown heading is printed indented.
    plan, apply, again, offboard = out.split("\n### ")[3:7]
    assert "Plan (check mode: nothing was changed)" in plan and "--- before: priya.patel@demo.example.com" in plan
    assert "    ### Webex plan" in plan and "unchanged** (check mode: nothing was changed)" in plan
    assert "    | lena.fischer@demo.example.com | created |" in plan
    assert "    | old.account@demo.example.com | disabled | licenses -Messaging -Webex Meetings - Enterprise" in plan
    assert "created   lena.fischer@demo.example.com" in plan
    assert "disabled  old.account@demo.example.com: frees Messaging, Webex Meetings - Enterprise" in plan
    assert "changed=0" not in apply and "failed=0" in apply
    assert "--- before" not in apply  # the diff is shown for the plan only
    assert "changed=0" in again and "failed=0" in again
    assert "disabled  marco.rossi@demo.example.com: frees Messaging" in offboard
    assert "-rw-------  lobby-kiosk.json" in out
    assert "emulator-admin-token" not in out and "emulator-guest-issuer-token" not in out
    assert demo_emulators(venv) == []
    assert "### Virtualenv %s" % venv in out and (venv / "bin" / "ansible-playbook").exists()
    assert list(work.iterdir()) == []  # its work folder is removed
