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
from emulator.harness import (ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, GUEST_ISSUER_TOKEN, READONLY_TOKEN, REFRESH_TOKEN,
                              license_seed_id)

UNKNOWN_TOKEN = "emulator-unknown-token-0123456789"
# Nothing listens on port 9 (discard) on loopback: the connection is refused at once.
REFUSED_URL = "http://127.0.0.1:9/v1"
LONG_NAME = "N" * 300
NO_TOKEN = {"WEBEX_ACCESS_TOKEN": ""}

# (case name, module options, task environment, the message the user reads)
Case = Tuple[str, Dict[str, Any], Dict[str, str], "Expected"]
TRACKING_ID = re.compile(r"\(trackingId ROUTER_[0-9a-f-]{36}\)$")
# ansible-core before 2.19 names a type as <class 'str'> (and puts two spaces between sentences): read it as 2.19 does.
ANSIBLE_CORE_WORDING = re.compile(r"<class '(\w+)'>")
CALLING_SUB1 = license_seed_id("Webex Calling - Professional", "Sub-1")
CALLING_SUB2 = license_seed_id("Webex Calling - Professional", "Sub-2")


class Expected:
    """The whole message, or its start (where the rest is ansible-core's, in an order it does not fix)."""

    def __init__(self, text: str, whole: bool = True) -> None:
        self.text = text
        self.whole = whole

    def problem(self, msg: str) -> str:
        """Why msg is not the message expected; "" when it is. A Webex trackingId at the end stands for any."""
        shown = ANSIBLE_CORE_WORDING.sub(r"\1", TRACKING_ID.sub("(trackingId ROUTER_*)", msg)).replace(".  ", ". ")
        if shown == self.text or (not self.whole and shown.startswith(self.text)):
            return ""
        return "%r is not %s %r" % (msg, "the message" if self.whole else "a message starting with", self.text)


def starting(text: str) -> Expected:
    return Expected(text, whole=False)


def webex_said(status: int, call: str, said: str) -> Expected:
    """A Webex error as modules report it: status, call, Webex's words, the next step, the trackingId."""
    hints = {401: "the token is invalid or expired; get a new one or use a refresh token."}
    scope = re.search(r"scope needed for this request: (.+)$", said)
    hint = hints.get(status) or "the token lacks the scope %s, or its user is not an administrator of the org." % scope.group(1)
    return Expected("Webex answered %d to %s: %s - %s (trackingId ROUTER_*)" % (status, call, said, hint))


def lacks_scope(call: str, scope: str) -> Expected:
    return webex_said(403, call, "The access token lacks the scope needed for this request: %s" % scope)


NO_CREDENTIALS = Expected("No Webex credentials: set access_token (or WEBEX_ACCESS_TOKEN), or client_id, client_secret and "
                          "refresh_token (or their WEBEX_ variables).")
NOT_A_URL = Expected("api_url 'webexapis dot com' is not an http(s) URL; use e.g. https://webexapis.com/v1.")
# ansible-core's own words after "convert to int:" differ by release; the option, its type and the target stay.
RETRIES_NOT_INT = starting("argument 'retries' is of type str and we were unable to convert to int: ")
AMBIGUOUS_CALLING = ("licenses: 2 licenses are named 'Webex Calling - Professional'; give the id of the one you mean: "
                     "%s (subscription Sub-1); %s (subscription Sub-2)." % (CALLING_SUB1, CALLING_SUB2))
NO_ATLANTIS = "location: no location is named 'Atlantis'; known locations: Branch Office, Headquarters."
NO_EMPEROR = ("roles: no role is named 'Emperor'; known roles: Compliance Officer, Device Administrator, Full Administrator, "
              "Read-only Administrator, User Administrator.")
NOT_AN_EMAIL = "email '%s' is not an email address; give it as name@example.com."
MAYBE_NOT_BOOL = "argument '%s' is of type str and we were unable to convert to bool: The value 'maybe' is not a valid boolean."
UNSUPPORTED = "Unsupported parameters for (webexops.identity.%s) module: %s. Supported parameters include: "


def connection_cases(first_call: str) -> List[Case]:
    """Cases every module shares: credentials and the API URL; first_call is the module's first Webex call."""
    return [
        ("missing token", {}, NO_TOKEN, NO_CREDENTIALS),
        ("unknown token", {"access_token": UNKNOWN_TOKEN}, {},
         webex_said(401, first_call, "The request requires a valid access token set in the Authorization request header")),
        ("expired token", {"access_token": "EXPIRED"}, {}, webex_said(401, first_call, "The access token has expired")),
        ("api_url refuses connections", {"api_url": REFUSED_URL, "retries": 1}, {},
         Expected("%s failed: could not connect to http://127.0.0.1:9/v1 (the connection was refused or dropped after the "
                  "retries); check api_url and the network." % first_call)),
        ("api_url not a URL", {"api_url": "webexapis dot com"}, {}, NOT_A_URL),
        ("retries not a number", {"retries": "many"}, {}, RETRIES_NOT_INT),
    ]


def with_connection_cases(cases: List[Case], base: Dict[str, Any], first_call: str) -> List[Case]:
    """The module's own cases plus the connection cases on top of base options (missing token: base without a token)."""
    shared = []
    for name, options, env, expected in connection_cases(first_call):
        own = {k: v for k, v in base.items() if not (name == "missing token" and k == "access_token")}
        shared.append((name, dict(own, **options), env, expected))
    return cases + shared


def person_cases() -> List[Case]:
    email = "bad.input@example.com"
    cases = [
        ("wrong type", {"email": email, "login_enabled": "maybe"}, {}, starting(MAYBE_NOT_BOOL % "login_enabled")),
        ("unknown option", {"email": email, "titel": "Engineer"}, {}, starting(UNSUPPORTED % ("webex_person", "titel"))),
        ("no email or id", {"display_name": "Nobody"}, {}, Expected("one of the following is required: id, email")),
        ("malformed email", {"email": "not-an-email", "display_name": "X"}, {}, Expected(NOT_AN_EMAIL % "not-an-email")),
        ("email with a space", {"email": "bad input@example.com", "display_name": "X"}, {},
         Expected(NOT_AN_EMAIL % "bad input@example.com")),
        ("state not a choice", {"email": email, "state": "gone"}, {},
         Expected("value of state must be one of: present, absent, got: gone")),
        ("licenses not a list", {"email": email, "display_name": "X", "licenses": 42}, {},
         Expected("licenses must be a list or a dict with add, remove or set, not int.")),
        ("phone number without value", {"email": email, "display_name": "X", "phone_numbers": [{"type": "work"}]}, {},
         Expected("each item of phone_numbers needs value.")),
        ("ambiguous license", {"email": email, "display_name": "X", "licenses": ["Webex Calling - Professional"]}, {},
         Expected(AMBIGUOUS_CALLING)),
        ("unknown license", {"email": email, "display_name": "X", "licenses": ["No Such License"]}, {},
         Expected("licenses: no license is named 'No Such License'; known licenses: Advanced Messaging, Messaging, "
                  "Webex Calling - Professional, Webex Meetings - Enterprise.")),
        ("unknown location", {"email": email, "display_name": "X", "location": "Atlantis"}, {}, Expected(NO_ATLANTIS)),
        ("unknown role", {"email": email, "display_name": "X", "roles": ["Emperor"]}, {}, Expected(NO_EMPEROR)),
        ("unknown id", {"id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk", "department": "X"}, {},
         Expected("no person has the id Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk; give an email to create one.")),
        ("token without people_write", {"email": "ada.new@example.com", "display_name": "Ada New",
                                        "access_token": READONLY_TOKEN}, {}, lacks_scope("POST /people", "spark-admin:people_write")),
    ]
    return with_connection_cases(cases, {"email": email, "display_name": "X"}, "GET /people")


def person_info_cases() -> List[Case]:
    cases = [
        ("wrong type", {"email": "carol.calling@example.com", "details": "maybe"}, {}, starting(MAYBE_NOT_BOOL % "details")),
        ("unknown option", {"emails": ["carol.calling@example.com"]}, {},
         starting(UNSUPPORTED % ("webex_person_info", "emails"))),
        ("malformed email", {"email": "not-an-email"}, {}, Expected(NOT_AN_EMAIL % "not-an-email")),
        ("unknown role", {"roles": ["Emperor"]}, {}, Expected(NO_EMPEROR)),
        ("unknown location", {"location": "Atlantis"}, {}, Expected(NO_ATLANTIS)),
        ("token without people_read", {"email": "carol.calling@example.com", "access_token": GUEST_ISSUER_TOKEN}, {},
         lacks_scope("GET /people", "spark-admin:people_read")),
    ]
    return with_connection_cases(cases, {"email": "carol.calling@example.com"}, "GET /people")


def people_cases() -> List[Case]:
    person = {"email": "bad.input@example.com", "display_name": "X"}
    one_failed = "1 of 1 people failed: bad.input@example.com: "
    cases = [
        ("config not a list of dicts", {"config": "alice@example.com"}, {},
         Expected("Elements value for option 'config' is of type str and we were unable to convert to dict: dictionary "
                  "requested, could not parse JSON or key=value")),
        ("unknown key in an item", {"config": [dict(person, titel="Engineer")]}, {},
         Expected("config item bad.input@example.com has the unknown key titel; did you mean title?")),
        ("wrong type in an item", {"config": [dict(person, login_enabled="maybe")]}, {},
         starting("config item bad.input@example.com: " + MAYBE_NOT_BOOL % "login_enabled")),
        ("item without email or id", {"config": [{"display_name": "Nobody"}]}, {},
         Expected("config item number 1 needs an email or an id.")),
        ("malformed email", {"config": [dict(person, email="not-an-email")]}, {},
         Expected("config item not-an-email: " + NOT_AN_EMAIL % "not-an-email")),
        ("same person twice", {"config": [person, person]}, {},
         Expected("config lists bad.input@example.com more than once; merge its items into one.")),
        ("empty config with overridden", {"config": [], "state": "overridden"}, {},
         Expected("config is empty and state is overridden, which would offboard everyone in scope; set max_deletions "
                  "explicitly if that is what you want.")),
        ("state not a choice", {"config": [person], "state": "synced"}, {},
         Expected("value of state must be one of: merged, replaced, overridden, deleted, offboarded, gathered, rendered, got: synced")),
        ("parallel not a number", {"config": [person], "parallel": "ten"}, {},
         starting("argument 'parallel' is of type str and we were unable to convert to int: ")),
        ("parallel zero", {"config": [person], "parallel": 0}, {}, Expected("parallel must be 1 or more, not 0.")),
        ("ambiguous license", {"config": [dict(person, licenses=["Webex Calling - Professional"])]}, {},
         Expected(one_failed + AMBIGUOUS_CALLING)),
        ("unknown location", {"config": [dict(person, location="Atlantis")]}, {}, Expected(one_failed + NO_ATLANTIS)),
        ("unknown scope location", {"config": [], "state": "gathered", "scope": {"locations": ["Atlantis"]}}, {},
         Expected("scope.locations: no location is named 'Atlantis'; known locations: Branch Office, Headquarters.")),
        ("token without people_write", {"config": [person], "access_token": READONLY_TOKEN}, {},
         Expected(one_failed + lacks_scope("POST /people", "spark-admin:people_write").text)),
    ]
    return with_connection_cases(cases, {"config": [person]}, "GET /people")


def guest_token_cases() -> List[Case]:
    guest = {"subject": "kiosk-bad", "display_name": "Kiosk", "access_token": GUEST_ISSUER_TOKEN}
    cases = [
        ("no subject", {"display_name": "Kiosk"}, {}, Expected("missing required arguments: subject")),
        ("unknown option", dict(guest, subjct="x"), {}, starting(UNSUPPORTED % ("webex_guest_token", "subjct"))),
        ("min_valid_for not a duration", dict(guest, token_file="/tmp/never-written.json", min_valid_for="forever"), {},
         Expected("min_valid_for 'forever' is not a duration; use e.g. 2h, 30m, 90s, 1h30m or a number of seconds.")),
        ("token_file is a directory", dict(guest, token_file="/"), {},
         Expected("token_file / cannot be read (it is not a regular file); remove it or choose another path.")),
        ("token without guest-issuer:write", dict(guest, access_token=ADMIN_TOKEN), {},
         lacks_scope("POST /guests/token", "guest-issuer:write")),
    ]
    return with_connection_cases(cases, guest, "POST /guests/token")


def guest_info_cases() -> List[Case]:
    issuer = {"access_token": GUEST_ISSUER_TOKEN}
    cases = [
        ("subject without token_file", dict(issuer, subject="kiosk-bad"), {},
         Expected("parameters are required together: subject, token_file")),
        ("unknown option", dict(issuer, subjects=["x"]), {}, starting(UNSUPPORTED % ("webex_guest_info", "subjects"))),
        ("token_file is a directory", dict(issuer, subject="kiosk-bad", token_file="/"), {},
         Expected("token_file / cannot be read (it is not a regular file); remove it or choose another path.")),
        ("token without guest-issuer:read", {"access_token": ADMIN_TOKEN}, {}, lacks_scope("GET /guests/count", "guest-issuer:read or guest-issuer:write")),
    ]
    return with_connection_cases(cases, issuer, "GET /guests/count")


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

    run = run_playbook(task_play(*[case_task(module, name, options, env, token) for name, options, env, _expected in cases]))

    assert "Traceback" not in run.stdout + run.stderr
    assert "MODULE FAILURE" not in run.stdout + run.stderr
    # ignore_errors lets the play go on: each case must be one of the failures ansible-playbook ignored.
    assert run.rc == 0 and run.stats["localhost"]["ignored"] == len(cases), run.stdout[-3000:]
    problems = []
    for name, _options, _env, expected in cases:
        result = run.task(name)
        msg = str(result.get("msg", ""))
        if not result.get("failed"):
            problems.append("%s: did not fail: %s" % (name, result))
        elif expected.problem(msg):
            problems.append("%s: %s" % (name, expected.problem(msg)))
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
