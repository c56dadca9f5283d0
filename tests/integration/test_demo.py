"""bash demo/run.sh end to end: its output, and no emulator left running."""

from __future__ import annotations

import os
import subprocess

import pytest

from collection_tree import REPO_ROOT


def demo_emulators() -> list:
    """Running emulator processes started with the demo seed."""
    found = subprocess.run(["pgrep", "-af", "seeds/demo.yml"], capture_output=True, text=True, check=False).stdout
    return [line for line in found.splitlines() if "tests/emulator" in line]


@pytest.mark.slow
def test_the_demo_runs_end_to_end_and_leaves_nothing_running(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env["TMPDIR"] = str(tmp_path)
    before = demo_emulators()
    # From another directory, as a user would run it.
    proc = subprocess.run(["bash", str(REPO_ROOT / "demo" / "run.sh")], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-2000:]
    plan, apply, again, offboard = out.split("### ")[3:7]
    assert "Plan (check mode: nothing was changed)" in plan and "--- before: priya.patel@demo.example.com" in plan
    assert "created   lena.fischer@demo.example.com" in plan
    assert "disabled  old.account@demo.example.com: frees Messaging, Webex Meetings - Enterprise" in plan
    assert "changed=0" not in apply and "failed=0" in apply
    assert "--- before" not in apply  # the diff is shown for the plan only
    assert "changed=0" in again and "failed=0" in again
    assert "disabled  marco.rossi@demo.example.com: frees Messaging" in offboard
    assert "-rw-------  lobby-kiosk.json" in out
    assert "emulator-admin-token" not in out and "emulator-guest-issuer-token" not in out
    assert demo_emulators() == before
    assert list(tmp_path.iterdir()) == []  # its work folder is removed
