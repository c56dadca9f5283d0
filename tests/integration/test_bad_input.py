"""Every module against wrong input: one clear sentence, a failed task, no traceback, and Webex left as it was.

Each module's cases run as tasks of one play (ignore_errors), so a table of cases costs one ansible-playbook run.
Names with accents and spaces are not wrong input: those cases must work.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import pytest
import requests

from playbook_runs import task_play
from emulator.harness import ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, GUEST_ISSUER_TOKEN, READONLY_TOKEN, REFRESH_TOKEN

UNKNOWN_TOKEN = "emulator-unknown-token-0123456789"
# Nothing listens on port 9 (discard) on loopback: the connection is refused at once.
REFUSED_URL = "http://127.0.0.1:9/v1"
LONG_NAME = "N" * 300
NO_TOKEN = {"WEBEX_ACCESS_TOKEN": ""}

# (case name, module options, task environment, a regex the message must match)
Case = Tuple[str, Dict[str, Any], Dict[str, str], str]

# Cases every module shares: credentials and the API URL. {module} options are added per module.
CONNECTION_CASES: List[Case] = [
    ("missing token", {}, NO_TOKEN, r"(?i)no webex credentials"),
    ("unknown token", {"access_token": UNKNOWN_TOKEN}, {}, r"401.*token is invalid or expired"),
    ("expired token", {"access_token": "EXPIRED"}, {}, r"401.*token is invalid or expired"),
    ("api_url refuses connections", {"api_url": REFUSED_URL, "retries": 1}, {}, r"could not connect to http://127\.0\.0\.1:9/v1"),
    ("api_url not a URL", {"api_url": "webexapis dot com"}, {}, r"api_url 'webexapis dot com' is not an http\(s\) URL"),
    ("retries not a number", {"retries": "many"}, {}, r"retries.*int"),
]


def with_connection_cases(cases: List[Case], base: Dict[str, Any]) -> List[Case]:
    """The module's own cases plus the connection cases on top of base options (missing token: base without a token)."""
    shared = []
    for name, options, env, pattern in CONNECTION_CASES:
        own = {k: v for k, v in base.items() if not (name == "missing token" and k == "access_token")}
        shared.append((name, dict(own, **options), env, pattern))
    return cases + shared


def person_cases() -> List[Case]:
    email = "bad.input@example.com"
    cases = [
        ("wrong type", {"email": email, "login_enabled": "maybe"}, {}, r"login_enabled.*bool"),
        ("unknown option", {"email": email, "titel": "Engineer"}, {}, r"Unsupported parameters.*titel"),
        ("no email or id", {"display_name": "Nobody"}, {}, r"one of the following is required: id, email"),
        ("malformed email", {"email": "not-an-email", "display_name": "X"}, {}, r"not-an-email"),
        ("email with a space", {"email": "bad input@example.com", "display_name": "X"}, {}, r"bad input@example\.com"),
        ("state not a choice", {"email": email, "state": "gone"}, {}, r"state.*one of"),
        ("licenses not a list", {"email": email, "display_name": "X", "licenses": 42}, {}, r"licenses"),
        ("phone number without value", {"email": email, "display_name": "X", "phone_numbers": [{"type": "work"}]}, {},
         r"phone_numbers"),
        ("ambiguous license", {"email": email, "display_name": "X", "licenses": ["Webex Calling - Professional"]}, {},
         r"Webex Calling - Professional.*(several|more than one|2)"),
        ("unknown license", {"email": email, "display_name": "X", "licenses": ["No Such License"]}, {}, r"No Such License"),
        ("unknown location", {"email": email, "display_name": "X", "location": "Atlantis"}, {}, r"Atlantis"),
        ("unknown role", {"email": email, "display_name": "X", "roles": ["Emperor"]}, {}, r"Emperor"),
        ("unknown id", {"id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk", "department": "X"}, {}, r"no person has the id"),
        ("token without people_write", {"email": "ada.new@example.com", "display_name": "Ada New",
                                        "access_token": READONLY_TOKEN}, {}, r"403.*spark-admin:people_write"),
    ]
    return with_connection_cases(cases, {"email": email, "display_name": "X"})


def person_info_cases() -> List[Case]:
    cases = [
        ("wrong type", {"email": "carol.calling@example.com", "details": "maybe"}, {}, r"details.*bool"),
        ("unknown option", {"emails": ["carol.calling@example.com"]}, {}, r"Unsupported parameters.*emails"),
        ("malformed email", {"email": "not-an-email"}, {}, r"not-an-email"),
        ("unknown role", {"roles": ["Emperor"]}, {}, r"Emperor"),
        ("unknown location", {"location": "Atlantis"}, {}, r"Atlantis"),
        ("token without people_read", {"email": "carol.calling@example.com", "access_token": GUEST_ISSUER_TOKEN}, {},
         r"403.*spark-admin:people_read"),
    ]
    return with_connection_cases(cases, {"email": "carol.calling@example.com"})


def people_cases() -> List[Case]:
    person = {"email": "bad.input@example.com", "display_name": "X"}
    cases = [
        ("config not a list of dicts", {"config": "alice@example.com"}, {}, r"config"),
        ("unknown key in an item", {"config": [dict(person, titel="Engineer")]}, {}, r"titel"),
        ("wrong type in an item", {"config": [dict(person, login_enabled="maybe")]}, {}, r"login_enabled"),
        ("item without email or id", {"config": [{"display_name": "Nobody"}]}, {}, r"(?i)email"),
        ("malformed email", {"config": [dict(person, email="not-an-email")]}, {}, r"not-an-email"),
        ("same person twice", {"config": [person, person]}, {}, r"bad\.input@example\.com"),
        ("empty config with overridden", {"config": [], "state": "overridden"}, {}, r"(?i)max_deletions"),
        ("state not a choice", {"config": [person], "state": "synced"}, {}, r"state.*one of"),
        ("parallel not a number", {"config": [person], "parallel": "ten"}, {}, r"parallel.*int"),
        ("parallel zero", {"config": [person], "parallel": 0}, {}, r"parallel must be 1 or more"),
        ("ambiguous license", {"config": [dict(person, licenses=["Webex Calling - Professional"])]}, {},
         r"Webex Calling - Professional"),
        ("unknown location", {"config": [dict(person, location="Atlantis")]}, {}, r"Atlantis"),
        ("unknown scope location", {"config": [], "state": "gathered", "scope": {"locations": ["Atlantis"]}}, {}, r"Atlantis"),
        ("token without people_write", {"config": [person], "access_token": READONLY_TOKEN}, {}, r"403.*spark-admin:people_write"),
    ]
    return with_connection_cases(cases, {"config": [person]})


def guest_token_cases() -> List[Case]:
    guest = {"subject": "kiosk-bad", "display_name": "Kiosk", "access_token": GUEST_ISSUER_TOKEN}
    cases = [
        ("no subject", {"display_name": "Kiosk"}, {}, r"missing required arguments: subject"),
        ("unknown option", dict(guest, subjct="x"), {}, r"Unsupported parameters.*subjct"),
        ("min_valid_for not a duration", dict(guest, token_file="/tmp/never-written.json", min_valid_for="forever"), {},
         r"min_valid_for"),
        ("token_file is a directory", dict(guest, token_file="/"), {}, r"/"),
        ("token without guest-issuer:write", dict(guest, access_token=ADMIN_TOKEN), {}, r"403.*guest-issuer:write"),
    ]
    return with_connection_cases(cases, guest)


def guest_info_cases() -> List[Case]:
    issuer = {"access_token": GUEST_ISSUER_TOKEN}
    cases = [
        ("subject without token_file", dict(issuer, subject="kiosk-bad"), {}, r"token_file"),
        ("unknown option", dict(issuer, subjects=["x"]), {}, r"Unsupported parameters.*subjects"),
        ("token_file is a directory", dict(issuer, subject="kiosk-bad", token_file="/"), {}, r"/"),
        ("token without guest-issuer:read", {"access_token": ADMIN_TOKEN}, {}, r"403.*guest-issuer:read"),
    ]
    return with_connection_cases(cases, issuer)


MODULES = {
    "webex_person": person_cases,
    "webex_people": people_cases,
    "webex_person_info": person_info_cases,
    "webex_guest_token": guest_token_cases,
    "webex_guest_info": guest_info_cases,
}


def expired_token(emulator) -> str:
    """A token the emulator minted and then expired: Webex answers 401 to it, as to any token past its 12 hours."""
    response = requests.post(emulator.direct_url + "/access_token", timeout=10, data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN})
    response.raise_for_status()
    emulator.expire_tokens()
    return response.json()["access_token"]


def case_task(module: str, name: str, options: Dict[str, Any], env: Dict[str, str], token: str) -> Dict[str, Any]:
    options = {k: (token if v == "EXPIRED" else v) for k, v in options.items()}
    task = {"name": name, "webexops.identity.%s" % module: options, "ignore_errors": True, "register": "outcome"}
    if env:
        task["environment"] = env
    return task


def is_one_sentence(msg: str) -> bool:
    """One line, no Python repr or traceback, at most one sentence break (an API message inside ours may add one)."""
    if "\n" in msg or "Traceback" in msg or "Exception" in msg or "object at 0x" in msg:
        return False
    return len(re.findall(r"[.;!?] [A-Z]", msg)) <= 1


@pytest.mark.parametrize("module", sorted(MODULES))
def test_wrong_input_fails_with_one_sentence_and_changes_nothing(emulator, run_playbook, module):
    cases = MODULES[module]()
    token = expired_token(emulator)
    before = emulator.state()
    emulator.clear_log()

    run = run_playbook(task_play(*[case_task(module, name, options, env, token) for name, options, env, _pattern in cases]))

    assert "Traceback" not in run.stdout + run.stderr
    assert "MODULE FAILURE" not in run.stdout + run.stderr
    problems = []
    for name, _options, _env, pattern in cases:
        result = run.task(name)
        msg = str(result.get("msg", ""))
        if not result.get("failed"):
            problems.append("%s: did not fail: %s" % (name, result))
        elif not re.search(pattern, msg):
            problems.append("%s: %r does not match %r" % (name, msg, pattern))
        elif not is_one_sentence(msg):
            problems.append("%s: not one sentence: %r" % (name, msg))
    assert problems == []
    assert emulator.state() == before
    # A refused write (403) is in the log; a write Webex accepted must not be.
    assert [e for e in emulator.requests_log() if e["method"] != "GET" and (e["status"] or 500) < 400] == []


UNICODE_PEOPLE = [
    {"email": "zoe.garcia@example.com", "first_name": "Zoë", "last_name": "García Márquez", "display_name": "Zoë García Márquez",
     "department": "Recherche & Développement", "title": "Ingénieure en chef"},
    {"email": "lukasz.obrien@example.com", "first_name": "Łukasz", "last_name": "O'Brien", "display_name": "Łukasz O'Brien",
     "nick_name": "Łukasz"},
    {"email": "anne.marie@example.com", "first_name": "Anne Marie", "last_name": "Nguyễn Thị", "display_name": "Anne Marie Nguyễn Thị"},
    {"email": "mei.li@example.com", "first_name": "美", "last_name": "李", "display_name": "李 美"},
    # Webex documents no limit for displayName and the emulator has none: 300 characters work and are kept whole.
    {"email": "long.name@example.com", "first_name": "Long", "display_name": LONG_NAME},
]


def names_play() -> Dict[str, Any]:
    tasks = [{"name": "person %s" % p["email"], "webexops.identity.webex_person": p} for p in UNICODE_PEOPLE[:3]]
    tasks.append({"name": "people", "webexops.identity.webex_people": {"config": UNICODE_PEOPLE[3:]}})
    tasks.append({"name": "guest", "no_log": False, "webexops.identity.webex_guest_token": {
        "subject": "kiosk-zoë", "display_name": "Kiosk Zoë – Lobby", "access_token": GUEST_ISSUER_TOKEN}})
    return task_play(*tasks)


def test_names_with_accents_spaces_and_300_characters_work_and_stay_unchanged(emulator, run_playbook):
    first = run_playbook(names_play())

    assert first.rc == 0 and first.failed == 0, first.stdout[-3000:]
    people = {p["emails"][0]: p for p in emulator.state()["people"]}
    key = {"first_name": "firstName", "last_name": "lastName", "display_name": "displayName", "department": "department",
           "title": "title", "nick_name": "nickName"}
    for wanted in UNICODE_PEOPLE:
        held = people[wanted["email"]]
        assert {option: held.get(key[option]) for option in wanted if option != "email"} == \
            {option: value for option, value in wanted.items() if option != "email"}
    assert len(people["long.name@example.com"]["displayName"]) == 300
    guests = {g["subject"]: g for g in emulator.state()["guests"]}
    assert guests["kiosk-zoë"]["displayName"] == "Kiosk Zoë – Lobby"

    # Unicode compares equal to itself on the next run: nothing flaps, no person is written again.
    emulator.clear_log()
    second = run_playbook(names_play())
    assert second.rc == 0
    assert [r["task"] for r in second.results if r["result"].get("changed") and r["task"] != "guest"] == []
    assert [e for e in emulator.requests_log() if e["method"] != "GET" and e["path"] != "/v1/guests/token"] == []
