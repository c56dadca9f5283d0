"""The API requests each everyday scenario sends, from the emulator's request log.

Run: .venv/bin/python benchmarks/request_counts.py

One emulator with the test suite's default seed; each scenario is one ansible-playbook run, in the order below
(later scenarios start from what earlier ones left). The log is cleared before each measured run, so a row counts
only that run's requests. Nothing is asserted: the table is for comparing two versions of the collection.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from collection_tree import collections_root  # noqa: E402
from emulator.harness import ADMIN_TOKEN, start_emulator  # noqa: E402

DOMAIN = "counts.example.com"


def person(name: str, **fields: Any) -> Dict[str, Any]:
    return dict({"email": "%s@%s" % (name, DOMAIN), "display_name": name.title(), "first_name": name.title()}, **fields)


def task(module: str, args: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [{"hosts": "localhost", "gather_facts": False,
             "tasks": [{"name": module, "webexops.identity.%s" % module: args}]}]


def role(variables: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [{"hosts": "localhost", "gather_facts": False,
             "roles": [{"role": "webexops.identity.offboarding", "vars": variables}]}]


def many(count: int, **fields: Any) -> List[Dict[str, Any]]:
    return [person("many%02d" % n, **fields) for n in range(count)]


LICENSED = {"licenses": ["Messaging"]}
ADMIN = {"licenses": ["Messaging"], "roles": ["User Administrator"]}
SCOPE = {"email_domains": [DOMAIN]}

# (row name, plays): the rows run in this order.
SCENARIOS = [
    ("webex_person create, plain fields", task("webex_person", person("plain", department="Sales"))),
    ("webex_person idempotent, plain fields", task("webex_person", person("plain", department="Sales"))),
    ("webex_person update, plain fields", task("webex_person", person("plain", department="Support"))),
    ("webex_person create, licenses by name", task("webex_person", person("lic", **LICENSED))),
    ("webex_person idempotent, licenses by name", task("webex_person", person("lic", **LICENSED))),
    ("webex_person update, licenses by name", task("webex_person", person("lic", licenses=["Advanced Messaging"]))),
    ("webex_person create, licenses+roles by name", task("webex_person", person("adm", **ADMIN))),
    ("webex_person idempotent, licenses+roles by name", task("webex_person", person("adm", **ADMIN))),
    ("webex_person update, licenses+roles by name",
     task("webex_person", person("adm", licenses=["Messaging"], roles=["Read-only Administrator"]))),
    ("webex_person absent", task("webex_person", {"email": "plain@%s" % DOMAIN, "state": "absent"})),
    ("webex_people create 10", task("webex_people", {"config": many(10, **LICENSED)})),
    ("webex_people idempotent 10", task("webex_people", {"config": many(10, **LICENSED)})),
    ("webex_people update 10 (SCIM Bulk)", task("webex_people", {"config": many(10, department="Support")})),
    ("webex_people update 10, write_api people",
     task("webex_people", {"config": many(10, department="Sales"), "write_api": "people"})),
    ("webex_people update 10, title and department (SCIM Bulk)",
     task("webex_people", {"config": many(10, department="Support", title="Engineer")})),
    ("webex_people licenses add 10 (PATCH /licenses/users)",
     task("webex_people", {"config": many(10, licenses={"add": ["Webex Meetings - Enterprise"]})})),
    ("webex_people licenses remove 10, write_api people",
     task("webex_people", {"config": many(10, licenses={"remove": ["Webex Meetings - Enterprise"]}), "write_api": "people"})),
    ("webex_people overridden 7, disable 4 unlisted",
     task("webex_people", {"config": many(7, department="Support", **LICENSED), "state": "overridden",
                           "scope": SCOPE, "offboard_action": "disable"})),
    ("webex_people deleted 2 (SCIM Bulk)",
     task("webex_people", {"config": [{"email": "many%02d@%s" % (n, DOMAIN)} for n in range(7, 9)], "state": "deleted"})),
    ("webex_people deleted 1, write_api people",
     task("webex_people", {"config": [{"email": "many09@%s" % DOMAIN}], "state": "deleted", "write_api": "people"})),
    ("offboarding role, disable 2 (1 admin)",
     role({"offboarding_people": ["adm@%s" % DOMAIN, "many00@%s" % DOMAIN]})),
    ("offboarding role, delete 2 (+1 gone)",
     role({"offboarding_people": ["many01@%s" % DOMAIN, "many02@%s" % DOMAIN, "nobody@%s" % DOMAIN],
           "offboarding_action": "delete"})),
]


def run_playbook(plays: List[Dict[str, Any]], api_url: str, workdir: Path) -> None:
    path = workdir / "play.yml"
    path.write_text(yaml.safe_dump(plays, sort_keys=False))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env.update(WEBEX_API_URL=api_url, WEBEX_ACCESS_TOKEN=ADMIN_TOKEN, ANSIBLE_COLLECTIONS_PATH=str(collections_root()),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCAL_TEMP=str(workdir / "tmp"),
               ANSIBLE_HOME=str(workdir / "home"), ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_ROLES_PATH=str(workdir))
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit("ansible-playbook failed (rc %d):\n%s\n%s" % (proc.returncode, proc.stdout[-3000:], proc.stderr[-2000:]))


def count(emulator: Any, plays: List[Dict[str, Any]], workdir: Path) -> Dict[str, int]:
    """The API requests of one run (People API and SCIM), in all and by method."""
    emulator.clear_log()
    run_playbook(plays, emulator.base_url, workdir)
    counts: Dict[str, int] = {}
    for entry in emulator.requests_log():
        if not entry["path"].startswith("/_emulator/"):
            counts[entry["method"]] = counts.get(entry["method"], 0) + 1
    counts["all"] = sum(counts.values())
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    print("| scenario | requests | GET | POST | PUT | PATCH | DELETE |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, start_emulator() as emulator:
        for name, plays in SCENARIOS:
            counts = count(emulator, plays, Path(tmp))
            print("| %s | %d | %s |" % (name, counts["all"],
                                        " | ".join(str(counts.get(m, 0)) for m in ("GET", "POST", "PUT", "PATCH", "DELETE"))), flush=True)


if __name__ == "__main__":
    main()
