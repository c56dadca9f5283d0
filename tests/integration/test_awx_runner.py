"""playbooks/sync.yml run the way AWX runs a job: ansible-runner, a private data directory, the credential in env/envvars.

AWX writes inventory/, env/extravars and env/envvars (its credential injectors) into a private data directory and
starts ansible-runner on it with the project checked out as the project directory. These tests do the same against
the emulator: one job for sync.yml, and three slice jobs of sync-sliced.yml at the same time over the pseudo-host
inventory of docs/awx.md, each limited to its host as AWX job slicing does.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from collection_tree import REPO_ROOT, collections_root
from emulator.harness import ADMIN_TOKEN

ansible_runner = pytest.importorskip("ansible_runner", reason="ansible-runner is in tests/requirements.txt")

SLICES_INVENTORY = REPO_ROOT / "playbooks" / "inventory" / "webex_slices.yml"
MESSAGING = "Messaging"


def declared_people(count: int) -> List[Dict[str, Any]]:
    return [{"email": "runner%02d@example.com" % n, "display_name": "Runner %02d" % n, "department": "Slice test",
             "licenses": [MESSAGING]} for n in range(count)]


def write_users_file(folder: Path, people: List[Dict[str, Any]], leaving: List[str]) -> Path:
    path = folder / "users.yml"
    path.write_text(yaml.safe_dump({"people": people, "leaving": leaving, "guests": []}, sort_keys=False))
    return path


def private_data_dir(folder: Path, emulator, inventory: str, users_file: Path) -> Path:
    """What AWX writes for a job: the inventory, the extra vars, and the credential's environment variables."""
    (folder / "inventory").mkdir(parents=True)
    (folder / "inventory" / "hosts").write_text(inventory)
    (folder / "env").mkdir()
    (folder / "env" / "extravars").write_text(yaml.safe_dump({"users_file": str(users_file)}))
    (folder / "env" / "envvars").write_text(yaml.safe_dump({
        # The credential type's injector (docs/awx.md, section 2), and where the EE would have the collection.
        "WEBEX_ACCESS_TOKEN": ADMIN_TOKEN,
        "WEBEX_API_URL": emulator.base_url,
        "ANSIBLE_COLLECTIONS_PATH": str(collections_root()),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCAL_TEMP": str(folder / "ansible-tmp"),
        "ANSIBLE_HOME": str(folder / "ansible-home"),
        "ANSIBLE_NOCOLOR": "1",
        # ansible-playbook of this Python first, as the EE image has its own on PATH.
        "PATH": "%s:%s" % (Path(sys.executable).parent, os.environ.get("PATH", "")),
    }))
    return folder


def run_job(data_dir: Path, playbook: str, limit: str = "") -> Any:
    """ansible_runner.run as AWX calls it: project directory = the playbooks, no output on the test's terminal."""
    return ansible_runner.run(private_data_dir=str(data_dir), project_dir=str(REPO_ROOT / "playbooks"), playbook=playbook,
                              limit=limit or None, quiet=True)


def people_on_server(emulator) -> Dict[str, Dict[str, Any]]:
    return {p["emails"][0]: p for p in emulator.state()["people"]}


def messaging_id(emulator) -> str:
    return next(lic["id"] for lic in emulator.state()["licenses"] if lic["name"] == MESSAGING)


def assert_declared_state(emulator, people: List[Dict[str, Any]], gone: List[str]) -> None:
    """Every declared person once, with the declared fields; the leavers gone or signed out; nobody else created."""
    server = people_on_server(emulator)
    for person in people:
        held = server[person["email"]]
        assert (held["displayName"], held["department"], held["licenses"]) == (
            person["display_name"], "Slice test", [messaging_id(emulator)]), held
    emails = [p["emails"][0] for p in emulator.state()["people"]]
    assert len(emails) == len(set(emails))
    for email in gone:
        assert email not in server or server[email]["loginEnabled"] is False


def test_sync_runs_through_ansible_runner_with_the_credential_in_the_environment(emulator, tmp_path):
    people = declared_people(5)
    users_file = write_users_file(tmp_path, people, leaving=[])
    inventory = "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable
    data_dir = private_data_dir(tmp_path / "job", emulator, inventory, users_file)

    job = run_job(data_dir, "sync.yml")
    assert (job.status, job.rc) == ("successful", 0), job.stdout.read()[-3000:]
    assert_declared_state(emulator, people, gone=[])
    assert ADMIN_TOKEN not in job.stdout.read()  # the credential never reaches the job output
    assert job.stats["changed"] == {"localhost": 1}

    again = run_job(private_data_dir(tmp_path / "again", emulator, inventory, users_file), "sync.yml")
    assert (again.status, again.stats["changed"]) == ("successful", {}), again.stdout.read()[-3000:]


def test_three_slices_at_the_same_time_split_the_users_file_and_end_in_the_declared_state(emulator, tmp_path):
    people = declared_people(30)
    carol = "carol@example.com"  # in the default org; leaving, so slice 1 alone offboards her
    users_file = write_users_file(tmp_path, people, leaving=[carol])
    inventory = SLICES_INVENTORY.read_text()
    hosts = sorted(yaml.safe_load(inventory)["webex_slices"]["hosts"])
    assert len(hosts) == 3
    emulator.clear_log()

    jobs: Dict[str, Any] = {}

    def slice_job(host: str) -> None:
        jobs[host] = run_job(private_data_dir(tmp_path / host, emulator, inventory, users_file), "sync-sliced.yml", limit=host)

    threads = [threading.Thread(target=slice_job, args=(host,)) for host in hosts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    for host in hosts:
        assert (jobs[host].status, jobs[host].rc) == ("successful", 0), jobs[host].stdout.read()[-3000:]

    assert_declared_state(emulator, people, gone=[carol])
    # Each person was created by exactly one slice: one POST each, no 409 from two slices racing.
    posts = [e for e in emulator.requests_log() if e["method"] == "POST" and e["path"] == "/v1/people"]
    assert len(posts) == len(people) and all(e["status"] == 200 for e in posts), posts
    created_by = [job_created(jobs[host]) for host in hosts]
    assert sorted(email for part in created_by for email in part) == sorted(p["email"] for p in people)
    assert all(part for part in created_by), created_by  # every slice had people to create


def job_created(job: Any) -> List[str]:
    """The emails the job's webex_people task reported created, from the runner's events."""
    for event in job.events:
        data = event.get("event_data", {})
        if event.get("event") == "runner_on_ok" and data.get("task") == "Make the people present":
            return [r["email"] for r in data["res"]["results"] if r["action"] == "created"]
    return []
