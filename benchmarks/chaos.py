#!/usr/bin/env python
"""Chaos run: playbooks/sync.yml against the emulator with faults of every kind, then proof that nothing was lost.

    .venv/bin/python benchmarks/chaos.py                                  # 1,000 people, seeds 1 2 3, 10% faults
    .venv/bin/python benchmarks/chaos.py --people 200 --seeds 7 --rate 0.2 --action delete

For each seed it loads an org (the test suite's default seed plus people whose avatar, phone numbers, site urls and
addresses nobody declares), writes a users file (new people with names, department, licenses by name, some phone
numbers; the seeded people with a new department and title; the people leaving), and runs sync.yml with faults on.
When the run reports failures it runs once more, faults still on. Then it checks the org with faults off: every
declared person exactly once with the declared fields, the leavers offboarded, every field nobody declared as it
was, no email held twice, nobody else touched. It prints the requests sent, the faults met, the retries the run
warned about and the checks. Exit code 0 when every seed passed.

tests/integration/test_chaos.py uses the same org, users file and checks on fewer people.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from collection_tree import collections_root  # noqa: E402  pylint: disable=wrong-import-position
from emulator.harness import ADMIN_TOKEN, DEFAULT_SEED_FILE, start_emulator  # noqa: E402  pylint: disable=wrong-import-position

DOMAIN = "chaos.example.com"
MESSAGING = "Messaging"
MEETINGS = "Webex Meetings - Enterprise"
ADMIN_ROLE = "User Administrator"
# Names with accents, apostrophes and spaces: real people's names must work under faults too.
FIRST_NAMES = ["Ada", "José", "Zoë", "Łukasz", "Siobhán", "Anne Marie", "Björn", "Chidi", "Mei", "Ngọc"]
LAST_NAMES = ["Lovelace", "Müller", "O'Brien", "García Márquez", "Kowalski", "Nakamura", "Okafor", "Søndergaard"]
DEPARTMENTS = ["Engineering", "Sales", "Support", "Finance", "Research & Development"]
# What offboarding changes on purpose; every other field of a leaver must survive.
OFFBOARDED_KEYS = ("licenses", "roles", "loginEnabled")
VOLATILE_KEYS = ("lastModified", "status", "invitePending")
# Errors a failed run names: "Webex answered 504 to POST /people: ..." or "GET /people/<id> failed: could not connect".
# Each message shows up several times in the output: the trackingId (or the person's email) tells one from another.
ANSWERED = re.compile(r"Webex answered (\d{3}) to ([A-Z]+) (/[a-z]+)[^()]*\(trackingId (ROUTER_[0-9a-f-]+)\)")
NO_ANSWER = re.compile(r"([^\s\"';]+@[^\s:]+): ([A-Z]+) (/[a-z]+)\S* failed: could not connect")
RETRY_WARNING = re.compile(r"Retried [A-Z]+ \S+ after [^;\"\\]+; waited [0-9.]+ s \(attempt \d+\)")


def keeper_email(n: int) -> str:
    return "keeper%03d@%s" % (n, DOMAIN)


def leaver_email(n: int) -> str:
    return "leaver%03d@%s" % (n, DOMAIN)


def person_email(n: int) -> str:
    return "person%04d@%s" % (n, DOMAIN)


def seeded_person(email: str, n: int, licenses: List[str], roles: List[str]) -> Dict[str, Any]:
    """A seeded person with the fields a users file never declares: avatar, phone numbers, site urls, addresses."""
    return {
        "emails": [email],
        "display_name": "Seeded Person %d" % n,
        "first_name": "Seeded",
        "last_name": "Person %d" % n,
        "nick_name": "Seedy %d" % n,
        "avatar": "https://avatars.example.com/%s.png" % email.split("@")[0],
        "department": "Before",
        "title": "Before",
        "manager": "Somebody Else",
        "phone_numbers": [
            {"type": "mobile", "value": "+1 555 010 %04d" % n, "primary": True},
            {"type": "fax", "value": "+1 555 011 %04d" % n, "primary": False},
            {"type": "alternate1", "value": "+1 555 012 %04d" % n, "primary": False},
        ],
        "addresses": [{"type": "work", "country": "US", "locality": "Austin", "region": "TX",
                       "streetAddress": "%d High Street" % n, "postalCode": "78701"}],
        "site_urls": ["example.webex.com#attendee"],
        "licenses": licenses,
        "roles": roles,
    }


def chaos_seed(people: int, keepers: int, leavers: int) -> Dict[str, Any]:
    """The default test org plus keepers and leavers, with enough seats for everyone the users file declares."""
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["people"] += [seeded_person(keeper_email(n), n, [MESSAGING, MEETINGS], []) for n in range(keepers)]
    seed["people"] += [seeded_person(leaver_email(n), 1000 + n, [MESSAGING, MEETINGS], [ADMIN_ROLE] if n % 3 == 0 else [])
                       for n in range(leavers)]
    needed = {MESSAGING: people + keepers + leavers + 10, MEETINGS: people // 10 + keepers + leavers + 10}
    for license_ in seed["licenses"]:
        if license_["name"] in needed:
            license_["total_units"] = max(license_["total_units"], needed[license_["name"]])
    return seed


def new_person(n: int) -> Dict[str, Any]:
    """One declared new person: names (some with unicode and spaces), department, licenses by name, maybe phones."""
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
    person: Dict[str, Any] = {
        "email": person_email(n),
        "first_name": first,
        "last_name": last,
        "display_name": "%s %s %d" % (first, last, n),
        "department": DEPARTMENTS[n % len(DEPARTMENTS)],
        "licenses": [MESSAGING, MEETINGS] if n % 10 == 0 else [MESSAGING],
    }
    if n % 4 == 0:
        person["phone_numbers"] = [{"type": "mobile", "value": "+1 555 020 %04d" % n, "primary": True}]
    if n % 5 == 0:
        person["title"] = "Engineer %d" % n
    return person


def users_file(people: int, keepers: int, leavers: int) -> Dict[str, Any]:
    """The users file: new people, the keepers with a new department and title, carol too, and the leavers."""
    declared = [new_person(n) for n in range(people)]
    declared += [{"email": keeper_email(n), "department": "After", "title": "After %d" % n} for n in range(keepers)]
    # A seeded calling user: her location, extension, calling license and nickname must all survive an update.
    declared.append({"email": "carol.calling@example.com", "department": "Chaos Engineering"})
    return {"people": declared, "leaving": [leaver_email(n) for n in range(leavers)], "guests": []}


def people_by_email(state: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    found: Dict[str, List[Dict[str, Any]]] = {}
    for person in state["people"]:
        for email in person.get("emails") or []:
            found.setdefault(email.lower(), []).append(person)
    return found


def phone_key(numbers: List[Dict[str, Any]]) -> List[tuple]:
    return sorted((n.get("type", "work"), re.sub(r"\D", "", n["value"])) for n in numbers or [])


def license_ids_by_name(state: Dict[str, Any]) -> Dict[str, str]:
    names = Counter(lic["name"] for lic in state["licenses"])
    return {lic["name"]: lic["id"] for lic in state["licenses"] if names[lic["name"]] == 1}


def unmanaged(person: Dict[str, Any], managed: List[str]) -> Dict[str, Any]:
    """The record without the fields a run may change (API keys)."""
    return {k: v for k, v in person.items() if k not in managed and k not in VOLATILE_KEYS}


API_KEYS = {"first_name": "firstName", "last_name": "lastName", "display_name": "displayName", "department": "department",
            "title": "title", "licenses": "licenses", "phone_numbers": "phoneNumbers"}


def check_org(before: Dict[str, Any], after: Dict[str, Any], users: Dict[str, Any], action: str = "disable",
              only: Optional[set] = None) -> List[str]:
    """Every way the org after a run differs from what the users file declares, as sentences; empty when all is right.

    `only` limits the checks to those emails (the people a run reported as done); `after` then needs to hold only them.
    """
    now, was = people_by_email(after), people_by_email(before)
    license_ids = license_ids_by_name(after)
    declared = {p["email"].lower(): p for p in users["people"]}
    leaving = {email.lower() for email in users["leaving"]}
    expected = (set(was) | set(declared)) - (leaving if action == "delete" else set())
    emails = set(now) | expected | leaving
    if only is not None:
        emails &= {email.lower() for email in only}
    problems: List[str] = []
    for email in sorted(emails):
        held = now.get(email, [])
        if len(held) > 1:
            problems.append("%s is held by %d people" % (email, len(held)))
        if not held:
            problems += ["%s is missing" % email] if email in expected else []
        elif email not in expected:
            problems.append("%s should not exist" % email)
        elif email in declared:
            problems += declared_problems(email, declared[email], held[0], was.get(email, [None])[0], license_ids)
        elif email in leaving:
            problems += offboarding_problems(email, was[email][0], held[0])
        else:
            problems += lost_fields(email, was[email][0], held[0], [])
    return problems


def declared_problems(email: str, wanted: Dict[str, Any], person: Dict[str, Any], old: Optional[Dict[str, Any]],
                      license_ids: Dict[str, str]) -> List[str]:
    """A declared person: each declared field as declared, and (for a seeded one) every other field as it was."""
    problems = []
    for option, value in wanted.items():
        if option == "email":
            continue
        if option == "licenses":
            value, got = sorted(license_ids[name] for name in value), sorted(person.get("licenses") or [])
        elif option == "phone_numbers":
            value, got = phone_key(value), phone_key(person.get("phoneNumbers"))
        else:
            got = person.get(API_KEYS[option])
        if got != value:
            problems.append("%s: %s is %r, declared %r" % (email, option, got, value))
    if old is not None:
        problems += lost_fields(email, old, person, [API_KEYS[option] for option in wanted if option != "email"])
    return problems


def offboarding_problems(email: str, old: Dict[str, Any], person: Dict[str, Any]) -> List[str]:
    """A leaver kept (offboarding by disabling): no sign-in, no licenses, no roles, every other field as it was."""
    problems = []
    if person.get("loginEnabled") is not False or person.get("licenses") or person.get("roles"):
        problems.append("%s is not offboarded: loginEnabled %r, licenses %r, roles %r"
                        % (email, person.get("loginEnabled"), person.get("licenses"), person.get("roles")))
    return problems + lost_fields(email, old, person, list(OFFBOARDED_KEYS))


def lost_fields(email: str, before: Dict[str, Any], after: Dict[str, Any], managed: List[str]) -> List[str]:
    old, new = unmanaged(before, managed), unmanaged(after, managed)
    return ["%s: %s was %r, now %r" % (email, key, old.get(key), new.get(key))
            for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


def fault_counts(log: List[Dict[str, Any]]) -> Counter:
    """Faults met, by kind, in an emulator request log."""
    return Counter(entry["fault"] for entry in log if entry.get("fault"))


def retry_warnings(*outputs: str) -> List[str]:
    """The "Retried ..." warnings a run printed (in the JSON results or as [WARNING] lines)."""
    return [match for text in outputs for match in RETRY_WARNING.findall(text or "")]


def failed_calls(output: str) -> Counter:
    """The calls a failed run reports as failed, as "POST /people 504" or "POST /people no answer", with counts."""
    errors = Counter("%s %s %s" % (method, path, status) for status, method, path, _id in set(ANSWERED.findall(output)))
    errors.update("%s %s no answer" % (method, path) for _email, method, path in set(NO_ANSWER.findall(output)))
    return errors


def playbook_env(api_url: str, work: Path) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env.update(WEBEX_API_URL=api_url, WEBEX_ACCESS_TOKEN=ADMIN_TOKEN, ANSIBLE_COLLECTIONS_PATH=str(collections_root()),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCAL_TEMP=str(work / "tmp"),
               ANSIBLE_HOME=str(work / "home"), ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    return env


def run_playbook(playbook: str, env: Dict[str, str], extra_vars: Dict[str, Any], work: Path) -> subprocess.CompletedProcess:
    extra = work / "extra-vars.json"
    extra.write_text(json.dumps(extra_vars))
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local",
               str(REPO_ROOT / "playbooks" / playbook), "-e", "@%s" % extra]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=str(REPO_ROOT), check=False)


def chaos_round(emulator: Any, args: argparse.Namespace, fault_seed: int, work: Path) -> Dict[str, Any]:
    """One seed: load the org, run with faults (twice when the first run failed), check with faults off."""
    users = users_file(args.people, args.keepers, args.leavers)
    users_path = work / "users.yml"
    users_path.write_text(yaml.safe_dump(users, allow_unicode=True, sort_keys=False), encoding="utf-8")
    emulator.load_seed(chaos_seed(args.people, args.keepers, args.leavers))
    before = emulator.state()
    emulator.clear_log()
    extra = {"users_file": str(users_path), "offboarding_action": args.action, "offboarding_max_deletions": args.leavers}
    env = playbook_env(emulator.base_url, work)
    runs, started, warnings, errors = [], time.monotonic(), [], Counter()
    for attempt in range(2):
        emulator.set_faults(rate=args.rate, kinds=[], seed=fault_seed + 1000 * attempt, retry_after=args.retry_after)
        proc = run_playbook("sync.yml", env, extra, work)
        runs.append(proc.returncode)
        warnings += retry_warnings(proc.stdout, proc.stderr)
        errors.update(failed_calls(proc.stdout) if proc.returncode else {})
        if proc.returncode == 0:
            break
    seconds = time.monotonic() - started
    emulator.set_faults(rate=0.0)
    log = emulator.requests_log()
    problems = check_org(before, emulator.state(), users, args.action)
    return {"seed": fault_seed, "runs": runs, "seconds": round(seconds, 1), "requests": len(log),
            "faults": dict(sorted(fault_counts(log).items())), "retry_warnings": len(warnings), "failed_calls": dict(errors), "problems": problems}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--people", type=int, default=1000, help="new people in the users file (default 1000)")
    parser.add_argument("--keepers", type=int, default=50, help="seeded people whose undeclared fields must survive")
    parser.add_argument("--leavers", type=int, default=50, help="seeded people in the leaving list")
    parser.add_argument("--seeds", default="1,2,3", help="fault seeds, comma separated (default 1,2,3)")
    parser.add_argument("--rate", type=float, default=0.1, help="share of requests that get a fault (default 0.1)")
    parser.add_argument("--retry-after", type=int, default=0, help="Retry-After seconds of the 429 fault (default 0)")
    parser.add_argument("--action", choices=["disable", "delete"], default="disable", help="offboarding_action")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    args = parser.parse_args(argv)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="webex-chaos-") as tmp, start_emulator(spec_proxy=False) as emulator:
        for seed in [int(s) for s in args.seeds.split(",") if s.strip()]:
            work = Path(tmp) / ("seed-%d" % seed)
            work.mkdir()
            result = chaos_round(emulator, args, seed, work)
            rounds.append(result)
            if not args.json:
                print("seed %(seed)d: runs rc %(runs)s, %(seconds)s s, %(requests)d requests, faults %(faults)s, "
                      "%(retry_warnings)d retry warnings, failed calls %(failed_calls)s, %(count)d problems"
                      % dict(result, count=len(result["problems"])))
                for problem in result["problems"][:20]:
                    print("  " + problem)
    if args.json:
        print(json.dumps(rounds, indent=2))
    return 0 if all(not r["problems"] for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
