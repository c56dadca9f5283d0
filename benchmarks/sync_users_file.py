"""playbooks/sync.yml --check on a large users file, beside one webex_people task reading the same file.

Run: .venv/bin/python benchmarks/sync_users_file.py [--people 20000] [--repeat 3]

On a fresh emulator (its own process, no spec-proxy, no added latency) it creates the people of a generated users
file with one webex_people task, then times, --repeat times each, the idempotent runs in check mode:
  1. one webex_people task with users_file (what the module itself costs);
  2. ansible-playbook playbooks/sync.yml --check -e users_file=... (the module plus what the playbook adds:
     reading and checking the users file, the roles, the summary).
The difference is the playbook's own cost for a users file of that size. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import ROOT, declared_people, people_play, run_playbooks, write_users_file  # noqa: E402
from emulator.harness import start_emulator  # noqa: E402
from people_bulk import seed_with_seats  # noqa: E402

SYNC = ROOT / "playbooks" / "sync.yml"


def sync_play(users_file: str) -> List[Dict[str, Any]]:
    """sync.yml itself, imported with users_file set, so run_playbooks runs it like the other plays."""
    return [{"ansible.builtin.import_playbook": str(SYNC), "vars": {"users_file": users_file}}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=10)
    args = parser.parse_args()
    people = declared_people(args.people)
    with tempfile.TemporaryDirectory() as tmp, start_emulator(seed_data=seed_with_seats(args.people * 2), latency_ms=0) as emulator:
        work = Path(tmp)
        users_file = str(write_users_file(work, people))
        create = run_playbooks(emulator, [people_play(args.parallel, users_file=users_file)], work)
        print("created %d people in %.1f s (%d requests)" % (args.people, create["seconds"], create["requests"]))
        runs = {"webex_people task, --check": people_play(args.parallel, users_file=users_file),
                "playbooks/sync.yml --check": sync_play(users_file)}
        print("%-30s %s" % ("idempotent run", "wall s (median of %d; each run)" % args.repeat))
        for name, plays in runs.items():
            seconds = [run_playbooks(emulator, [plays], work, ["--check"])["seconds"] for _run in range(args.repeat)]
            print("%-30s %6.1f   %s" % (name, statistics.median(seconds), ", ".join("%.1f" % s for s in seconds)))


if __name__ == "__main__":
    main()
