"""webex_people against a loop of webex_person, over an emulator that adds 50 ms to every request.

Run: .venv/bin/python benchmarks/people_bulk.py [--people 1000] [--loop-people 100] [--latency-ms 50] [--parallel 10]

In one run it measures, each with ansible-playbook and one task:
  1. onboarding N new people with webex_people (state merged),
  2. the same task again (idempotent: it must change nothing),
  3. a loop of webex_person over M other new people, then that loop again, both extrapolated to N.
It prints wall times, request counts from the emulator's log, and the ratios. Nothing is asserted here: the
figures are compared in one run, on one machine, as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from collection_tree import collections_root  # noqa: E402
from emulator.harness import ADMIN_TOKEN, DEFAULT_SEED_FILE, start_emulator  # noqa: E402

LICENSE = "Messaging"


def seed_with_seats(seats: int) -> dict:
    """The test suite's org with enough Messaging seats for everyone the benchmark creates."""
    seed = yaml.safe_load(Path(DEFAULT_SEED_FILE).read_text())
    for lic in seed["licenses"]:
        if lic["name"] == LICENSE:
            lic["total_units"] = seats
    return seed


def people(prefix: str, count: int) -> list:
    return [{"email": "%s%05d@bench.example.com" % (prefix, n), "display_name": "Bench %s %05d" % (prefix, n),
             "first_name": "Bench", "last_name": "%s %05d" % (prefix, n), "department": "Benchmark",
             "licenses": {"add": [LICENSE]}} for n in range(count)]


def bulk_play(config: list, parallel: int) -> list:
    task = {"name": "bulk", "webexops.identity.webex_people": {"config": config, "parallel": parallel}}
    return [{"hosts": "localhost", "gather_facts": False, "tasks": [task]}]


def loop_play(config: list) -> list:
    args = {key: "{{ item.%s }}" % key for key in config[0]}
    task = {"name": "loop", "webexops.identity.webex_person": args, "loop": config}
    return [{"hosts": "localhost", "gather_facts": False, "tasks": [task]}]


def run_playbook(plays: list, api_url: str, workdir: Path) -> float:
    """Seconds one ansible-playbook run takes; exits on failure."""
    path = workdir / ("play-%d.yml" % len(list(workdir.glob("play-*.yml"))))
    path.write_text(yaml.safe_dump(plays, sort_keys=False))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env.update(WEBEX_API_URL=api_url, WEBEX_ACCESS_TOKEN=ADMIN_TOKEN, ANSIBLE_COLLECTIONS_PATH=str(collections_root()),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCAL_TEMP=str(workdir / "tmp"),
               ANSIBLE_HOME=str(workdir / "home"), ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_DISPLAY_OK_HOSTS="0", ANSIBLE_DISPLAY_SKIPPED_HOSTS="0")
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit("ansible-playbook failed (rc %d):\n%s\n%s" % (proc.returncode, proc.stdout[-3000:], proc.stderr[-2000:]))
    return seconds


def measure(emulator, plays: list, workdir: Path) -> dict:
    """Wall time and the API requests of one run, by method."""
    emulator.clear_log()
    seconds = run_playbook(plays, emulator.base_url, workdir)
    log = [entry for entry in emulator.requests_log() if entry["path"].startswith("/v1/")]
    methods: dict = {}
    for entry in log:
        methods[entry["method"]] = methods.get(entry["method"], 0) + 1
    return {"seconds": seconds, "requests": len(log), "by_method": dict(sorted(methods.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--loop-people", type=int, default=100)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=10)
    args = parser.parse_args()
    scale = args.people / args.loop_people
    floor = args.people * args.latency_ms / 1000 / args.parallel

    with tempfile.TemporaryDirectory() as tmp, start_emulator(seed_data=seed_with_seats(args.people * 3),
                                                              latency_ms=args.latency_ms) as emulator:
        workdir = Path(tmp)
        bulk = people("bulk", args.people)
        looped = people("loop", args.loop_people)
        create = measure(emulator, bulk_play(bulk, args.parallel), workdir)
        rerun = measure(emulator, bulk_play(bulk, args.parallel), workdir)
        loop_create = measure(emulator, loop_play(looped), workdir)
        loop_rerun = measure(emulator, loop_play(looped), workdir)
        held = sum(1 for p in emulator.state()["people"] if p["emails"][0].endswith("@bench.example.com"))

    report = {
        "people": args.people, "latency_ms": args.latency_ms, "parallel": args.parallel,
        "bench_people_in_org_after": held,
        "bulk_create": create, "bulk_rerun": rerun,
        "loop_create_%d" % args.loop_people: loop_create, "loop_rerun_%d" % args.loop_people: loop_rerun,
    }
    print(json.dumps(report, indent=1))
    print()
    print("floor (people x latency / parallel):       %6.1f s" % floor)
    print("webex_people create, %d people:          %6.1f s  %5d requests  (%.2f x the floor)"
          % (args.people, create["seconds"], create["requests"], create["seconds"] / floor))
    print("webex_people idempotent re-run:            %6.1f s  %5d requests" % (rerun["seconds"], rerun["requests"]))
    print("webex_person loop create, %d people:      %6.1f s  %5d requests  -> %.0f s for %d (extrapolated x%g)"
          % (args.loop_people, loop_create["seconds"], loop_create["requests"], loop_create["seconds"] * scale, args.people, scale))
    print("webex_person loop re-run, %d people:      %6.1f s  %5d requests  -> %.0f s for %d (extrapolated x%g)"
          % (args.loop_people, loop_rerun["seconds"], loop_rerun["requests"], loop_rerun["seconds"] * scale, args.people, scale))
    print("ratio loop / bulk, create:                 %6.1f x" % (loop_create["seconds"] * scale / create["seconds"]))
    print("ratio loop / bulk, idempotent re-run:      %6.1f x" % (loop_rerun["seconds"] * scale / rerun["seconds"]))


if __name__ == "__main__":
    main()
