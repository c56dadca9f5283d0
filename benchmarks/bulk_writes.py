"""webex_people writes over SCIM Bulk (write_api auto) against the People API (write_api people), 50 ms a request.

Run: .venv/bin/python benchmarks/bulk_writes.py [--people 1000] [--latency-ms 50] [--parallel 10]

In one run, each an ansible-playbook run with one task over an org of N generated people:
  1. the title of every one of them changed (write_api auto: SCIM Bulk),
  2. all of them deleted (write_api auto: SCIM Bulk),
  3. and 4. the same two with write_api people (full read and PUT per person, DELETE per person),
and an ansible-playbook run of one ping task, for Ansible's start-up. It prints wall times, the requests from the
emulator's log by method and path, and the target of the issue: at most 20 requests, within 2x of
10 x latency plus the start-up. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import yaml

from people_bulk import run_playbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from emulator.harness import DEFAULT_SEED_FILE, start_emulator  # noqa: E402

EMAIL = "bench{n:05d}@bulk.example.com"
# Person and SCIM user ids folded, so the log reads by kind of call.
IDS = re.compile(r"(/people/|/Users/|/scim/)[^/?]+")


def seed_of(count: int) -> dict:
    """The test suite's org plus `count` generated people."""
    seed = yaml.safe_load(Path(DEFAULT_SEED_FILE).read_text())
    seed["generated_people"] = {"count": count, "email_format": EMAIL, "display_name_format": "Bench {n:05d}"}
    return seed


def emails(count: int) -> list:
    return [EMAIL.format(n=n) for n in range(1, count + 1)]


def people_play(options: dict) -> list:
    return [{"hosts": "localhost", "gather_facts": False,
             "tasks": [{"name": "people", "webexops.identity.webex_people": options}]}]


def ping_play() -> list:
    return [{"hosts": "localhost", "gather_facts": False, "tasks": [{"name": "ping", "ansible.builtin.ping": {}}]}]


def measure(emulator, plays: list, workdir: Path) -> dict:
    """Wall time and every API request of one run (People API and SCIM), by method and path."""
    emulator.clear_log()
    seconds = run_playbook(plays, emulator.base_url, workdir)
    calls: dict = {}
    for entry in emulator.requests_log():
        if not entry["path"].startswith("/_emulator/"):
            key = "%s %s" % (entry["method"], IDS.sub(r"\1{id}", entry["path"]))
            calls[key] = calls.get(key, 0) + 1
    return {"seconds": seconds, "requests": sum(calls.values()), "calls": dict(sorted(calls.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=10)
    args = parser.parse_args()
    change = [{"email": email, "title": "Benchmark Engineer"} for email in emails(args.people)]
    delete = [{"email": email} for email in emails(args.people)]
    runs = {}
    with tempfile.TemporaryDirectory() as tmp, start_emulator(seed_data=seed_of(args.people),
                                                              latency_ms=args.latency_ms) as emulator:
        workdir = Path(tmp)
        runs["ansible start-up (one ping task)"] = measure(emulator, ping_play(), workdir)
        for write_api in ("auto", "people"):
            emulator.load_seed(seed_of(args.people))
            common = {"write_api": write_api, "parallel": args.parallel}
            runs["%s: title of %d people" % (write_api, args.people)] = measure(
                emulator, people_play(dict(common, config=change)), workdir)
            runs["%s: delete %d people" % (write_api, args.people)] = measure(
                emulator, people_play(dict(common, config=delete, state="deleted", max_deletions=args.people)), workdir)

    start_up = runs["ansible start-up (one ping task)"]["seconds"]
    target = 10 * args.latency_ms / 1000 + start_up
    print("latency %d ms, parallel %d, %d people; target: <= 20 requests and <= 2 x (10 x %d ms + start-up %.1f s) = %.1f s"
          % (args.latency_ms, args.parallel, args.people, args.latency_ms, start_up, 2 * target))
    print()
    print("| run | seconds | x (10 x latency + start-up) | requests | calls |")
    print("|---|---|---|---|---|")
    for name, run in runs.items():
        calls = ", ".join("%s: %d" % item for item in run["calls"].items())
        print("| %s | %.1f | %.2f | %d | %s |" % (name, run["seconds"], run["seconds"] / target, run["requests"], calls))


if __name__ == "__main__":
    main()
