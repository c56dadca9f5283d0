# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: a users file read by the module itself (YAML or Control Hub CSV), gathered people written
as one, and the users_file lookup's checks of its sections.

A module that reads the file itself spares Ansible from templating thousands of people into task arguments; the
lookup gives the playbooks only the small sections (org_id, leaving, guests) for the same reason.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.users_csv import people_csv_text, read_people_csv

try:
    import yaml
    HAS_YAML = True
    YAML_IMPORT_ERROR = None
except ImportError:  # reported by the module through missing_required_lib
    HAS_YAML = False
    YAML_IMPORT_ERROR = traceback.format_exc()

# libyaml's safe loader where PyYAML was built with it, else the pure-Python one: the same documents, read faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if HAS_YAML else None
CSV_SUFFIXES = (".csv",)
YAML_SUFFIXES = (".yml", ".yaml")
USERS_SECTIONS = ("org_id", "people", "groups", "leaving", "guests")
LIST_SECTIONS = ("people", "groups", "leaving", "guests")


@dataclass
class PeopleFile:
    """The people of a users file, how messages name one of them, the license columns of a CSV, and the groups declared."""

    items: List[Any] = field(default_factory=list)
    noun: str = "person"
    services: List[str] = field(default_factory=list)
    groups: Optional[Any] = None  # the groups section of a YAML users file; None when it has none


def file_format(path: str, option: str) -> str:
    """csv or yaml, by the file's extension."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    raise InvalidInput("%s %s must end in .csv (Control Hub's user CSV) or .yml or .yaml (a users file)." % (option, path))


def read_people_file(path: str) -> PeopleFile:
    """The people of a users file: the people section of a YAML users file, or every row of a Control Hub CSV."""
    kind = file_format(path, "users_file")
    name = os.path.basename(path)
    text = users_file_text(path)
    if kind == "csv":
        read = read_people_csv(text, name)
        return PeopleFile(read.items, "%s: person" % name, read.services)
    data = yaml_document(text, name)
    groups = data.get("groups") if isinstance(data, dict) else None
    return PeopleFile(people_section(data, name), "%s: person" % name, groups=groups)


def users_file_text(path: str) -> str:
    """The text of a users file; one sentence when it cannot be read."""
    try:
        with open(path, encoding="utf-8-sig") as handle:  # utf-8-sig: spreadsheets often start a CSV with a BOM
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("users_file %s cannot be read (%s); check the path." % (path, getattr(error, "strerror", None) or error)) from None


def yaml_document(text: str, name: str) -> Any:
    """The YAML document of a users file; one sentence naming the line when it is not YAML."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # nosec - a safe loader; the C one reads 20,000 people ~10x faster
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = " at line %d" % (mark.line + 1) if mark is not None else ""
        raise InvalidInput("%s is not valid YAML%s; check its indentation and quotes." % (name, where)) from None
    return data


def people_section(data: Any, name: str) -> List[Any]:
    """The people list of a YAML users file (a mapping with a people section, or a bare list of people)."""
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("people") or []
    if not isinstance(data, list):
        raise InvalidInput("%s: people must be a list of people, each with an email." % name)
    return data


def write_people_file(path: str, items: List[Dict[str, Any]], services: List[str]) -> None:
    """Write people (as gathered returns them) to a users file: Control Hub CSV or YAML, by the extension."""
    if file_format(path, "gathered_file") == "csv":
        text = people_csv_text(items, services)
    else:
        text = yaml.safe_dump({"people": items}, sort_keys=False, allow_unicode=True, default_flow_style=False)
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise InvalidInput("gathered_file %s cannot be written (%s); check the folder." % (path, error.strerror)) from None


@dataclass
class UsersSections:
    """The small parts of a users file that the playbooks use; the people stay in the file, for webex_people."""

    org_id: str = ""
    people_file: str = ""
    leaving: List[str] = field(default_factory=list)
    guests: List[Any] = field(default_factory=list)


def read_users_sections(path: str, given: str) -> UsersSections:
    """Read and check a users file's sections once (a CSV holds people only); `given` is the path as the user wrote it."""
    if file_format(path, "users_file") == "csv":
        users_file_text(path)  # the module reads the rows; an unreadable file fails here, before any API call
        return UsersSections(people_file=path)
    data = yaml_document(users_file_text(path), os.path.basename(path))
    problems = section_problems(data)
    if problems:
        raise InvalidInput("%s: %s" % (given, "; ".join(problems)))
    leaving = data.get("leaving") or []
    both = wanted_and_leaving(data.get("people") or [], leaving)
    if both:
        raise InvalidInput("listed under both people and leaving: %s" % ", ".join(both))
    return UsersSections(data.get("org_id") or "", path, leaving, data.get("guests") or [])


def section_problems(data: Any) -> List[str]:
    """What is wrong with the sections of a users file (not with the people in them: webex_people names those)."""
    if not isinstance(data, dict):
        return ["it must be a mapping with the sections people, groups, leaving and guests"]
    problems = []
    unknown = [str(key) for key in data if key not in USERS_SECTIONS]
    if unknown:
        problems.append("unknown sections %s (the sections are org_id, people, groups, leaving and guests)" % ", ".join(unknown))
    if data.get("org_id") and not isinstance(data["org_id"], str):
        problems.append("org_id must be the id of an organisation, a string")
    for section in LIST_SECTIONS:
        value = data.get(section) or []
        if not isinstance(value, list):
            problems.append("%s must be a list" % section)
        elif section == "leaving" and any(not isinstance(email, str) for email in value):
            problems.append("leaving must list emails, not %s" % ", ".join(str(item) for item in value if not isinstance(item, str)))
    return problems


def wanted_and_leaving(people: List[Any], leaving: List[str]) -> List[str]:
    """The emails (lower case) listed both as people and as leaving, in the order of the people."""
    going = {email.lower() for email in leaving}
    both: Dict[str, None] = {}  # a dict keeps the order and drops repeats
    for person in people:
        email = str(person.get("email", "")).lower() if isinstance(person, dict) and "email" in person else None
        if email in going:
            both[email] = None
    return list(both)
