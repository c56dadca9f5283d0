"""playbooks/sync.yml and offboard.yml under 10% faults of every kind the emulator has: nothing lost, nothing doubled.

The org, users file and checks come from benchmarks/chaos.py, which runs the same on more people and seeds.
"""

from __future__ import annotations

import importlib.util
import time
from typing import Any, Dict

import pytest
import yaml

from collection_tree import REPO_ROOT
from emulator.harness import person_seed_id

# One request at a time and a fixed hash seed: the same fault meets the same request on every run, so a failure
# here repeats. benchmarks/chaos.py runs with the roles' default parallelism.
SERIAL = {"onboarding_parallel": 1, "offboarding_parallel": 1}
REPEATABLE = dict(PYTHONHASHSEED="0")
RETRIED_KINDS = ("429", "429-no-retry-after", "429-bad-retry-after")

pytestmark = pytest.mark.slow


def load_chaos():
    spec = importlib.util.spec_from_file_location("benchmarks_chaos", str(REPO_ROOT / "benchmarks" / "chaos.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


chaos = load_chaos()


def run_with_faults(emulator, run_playbook, playbook: str, extra_vars: Dict[str, Any], fault_seed: int):
    """Run with 10% faults of every kind; once more (faults still on, another seed) when the first run failed."""
    runs = []
    for attempt in range(2):
        started = time.monotonic()
        # Retry-After 0: the waits are the client's to choose, not the test's to sit through.
        emulator.set_faults(rate=0.1, kinds=[], seed=fault_seed + 1000 * attempt, retry_after=0)
        run = run_playbook(str(REPO_ROOT / "playbooks" / playbook), extra_vars=dict(SERIAL, **extra_vars), env=REPEATABLE)
        runs.append(run)
        print("run %d: rc %d, %.1f s" % (attempt, run.rc, time.monotonic() - started))
        if run.rc == 0:
            break
    emulator.set_faults(rate=0.0)
    return runs


def failures(run) -> str:
    """The failed tasks of a run and their messages, for assertion output."""
    return "\n".join("%s: %s" % (r["task"], r["result"].get("msg")) for r in run.results if r["result"].get("failed"))


def write_users_file(tmp_path, users) -> str:
    path = tmp_path / "users.yml"
    path.write_text(yaml.safe_dump(users, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def retry_reasons(log) -> set:
    """What the retry warnings must name, given the faults met: 429s for any call, the rest for GET, PUT and DELETE."""
    reasons = set()
    for entry in log:
        kind, safe = entry.get("fault"), entry["method"] in ("GET", "PUT", "DELETE")
        if kind in RETRIED_KINDS:
            reasons.add("after status 429" + (" with a malformed Retry-After" if kind == "429-bad-retry-after" else ""))
        elif kind in ("500", "502", "503", "504") and safe:
            reasons.add("after status %s" % kind)
        elif kind == "drop" and safe:
            reasons.add("after connection error")
    return reasons


def assert_faults_were_met_and_reported(log, runs):
    faults = chaos.fault_counts(log)
    warnings = chaos.retry_warnings(*[run.stdout + run.stderr for run in runs])
    # Each kind of retry the faults called for is in the warnings; no warning without a fault behind it. (Ansible
    # drops a warning identical to an earlier one, so warnings are not counted one for one against faults.)
    assert {reason for reason in retry_reasons(log) if not any(reason in warning for warning in warnings)} == set()
    assert 0 < len(set(warnings)) <= sum(faults.values())
    assert len(faults) >= 6, faults
    return faults, warnings


def test_sync_of_200_people_under_faults_ends_in_the_declared_state(emulator, run_playbook, tmp_path):
    users = chaos.users_file(people=200, keepers=10, leavers=10)
    emulator.load_seed(chaos.chaos_seed(people=200, keepers=10, leavers=10))
    before = emulator.state()

    runs = run_with_faults(emulator, run_playbook, "sync.yml", {"users_file": write_users_file(tmp_path, users)}, 11)

    log = emulator.requests_log()
    after = emulator.state()
    assert runs[-1].rc == 0, "\n".join(failures(run) for run in runs)
    assert chaos.check_org(before, after, users, "disable") == []
    assert len(after["people"]) == len(before["people"]) + 200
    faults, warnings = assert_faults_were_met_and_reported(log, runs)
    print("sync: %d runs, %d requests, faults %s, %d retry warnings" % (len(runs), len(log), dict(faults), len(warnings)))

    # Converged: one more run without faults changes nothing and writes nothing.
    emulator.clear_log()
    again = run_playbook(str(REPO_ROOT / "playbooks" / "sync.yml"), extra_vars={"users_file": str(tmp_path / "users.yml")})
    assert again.rc == 0 and again.changed == 0
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []


def test_offboarding_with_delete_under_faults_deletes_exactly_the_leavers(emulator, run_playbook, tmp_path):
    users = chaos.users_file(people=0, keepers=5, leavers=20)
    users["people"] = []
    emulator.load_seed(chaos.chaos_seed(people=0, keepers=5, leavers=20))
    before = emulator.state()

    extra = {"users_file": write_users_file(tmp_path, users), "offboarding_action": "delete", "offboarding_max_deletions": 20}
    runs = run_with_faults(emulator, run_playbook, "offboard.yml", extra, 23)

    log = emulator.requests_log()
    after = emulator.state()
    assert runs[-1].rc == 0, "\n".join(failures(run) for run in runs)
    assert chaos.check_org(before, after, users, "delete") == []
    remaining = {p["id"] for p in after["people"]}
    assert not remaining & {person_seed_id(chaos.leaver_email(n)) for n in range(20)}
    assert len(after["people"]) == len(before["people"]) - 20
    # Freed seats went back to the pool: nobody holds a license they lost, counts match the holders.
    holders = {lic["id"]: 0 for lic in after["licenses"]}
    for person in after["people"]:
        for license_id in person.get("licenses") or []:
            holders[license_id] += 1
    assert {lic["id"]: lic["consumedUnits"] for lic in after["licenses"]} == holders
    faults, warnings = assert_faults_were_met_and_reported(log, runs)
    print("offboard: %d runs, %d requests, faults %s, %d retry warnings" % (len(runs), len(log), dict(faults), len(warnings)))
