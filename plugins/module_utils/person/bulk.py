# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: bring many people to a declared state at once, with the same per-person code as webex_person.

A run reads the org in a few list calls, plans every person (reading a full record only for people that will be
written, or whose loginEnabled is managed), checks the deletion guard, and only then writes, N at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.person.bounded_pool import run_bounded
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.person.directory import Directory, is_webex_id
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError
from ansible_collections.webexops.identity.plugins.module_utils.person.config import (
    ConfigItem,
    config_item_from_record,
    replaced_fields,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.scope import Scope, check_deletions
from ansible_collections.webexops.identity.plugins.module_utils.person.snapshot import OrgSnapshot, SnapshotNeeds, read_snapshot
from ansible_collections.webexops.identity.plugins.module_utils.person.calls import get_person, person_path, person_result
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import IN_RECORD, FIELDS_BY_OPTION, fields_of
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    CHECK_MODE_ID,
    ListChange,
    plan_create,
    plan_update,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.state import PersonOutcome, ensure_absent, ensure_present

# What a check-mode plan shows for a manager who is created in the same run.
NEW_MANAGER_ID = "(id of %s, created in this run)"
# What offboarding by disabling asks of a person: no sign-in, no licenses (seats freed), no admin roles. Webex
# refuses a locationId without a calling license, so the calling location and extension go with the licenses.
DISABLED = {"login_enabled": False, "licenses": ListChange(set=[]), "roles": ListChange(set=[]), "location": "", "extension": ""}
# A failure of one person is recorded in its result; anything else stops the run.
PERSON_ERRORS = (WebexError, InvalidInput)


@dataclass
class PersonJob:
    """One person of a run: what is asked, what Webex holds, and what happened."""

    label: str
    kind: str  # present, absent (delete) or disable (offboard by disabling)
    email: Optional[str] = None
    person_id: Optional[str] = None
    wanted: Dict[str, Any] = field(default_factory=dict)
    whole_record: bool = False  # replaced: fields not given are cleared
    listed: Optional[Dict[str, Any]] = None  # the list item, None when nobody matches
    record: Optional[Dict[str, Any]] = None  # the full record, read only when needed
    desired: Dict[str, Any] = field(default_factory=dict)  # ids, not names
    planned: Optional[PersonOutcome] = None
    done: Optional[PersonOutcome] = None
    error: Optional[str] = None
    new_manager: Optional[str] = None  # the email of a manager this run creates: its id is known only after

    @property
    def outcome(self) -> Optional[PersonOutcome]:
        return self.done or self.planned

    @property
    def will_change(self) -> bool:
        return self.error is None and self.planned is not None and self.planned.changed

    @property
    def removes_person(self) -> bool:
        """Whether the job deletes or offboards someone: what max_deletions counts."""
        return self.kind in ("absent", "disable") and self.will_change


@dataclass
class BulkSettings:
    """The options of one bulk run."""

    state: str
    scope: Scope
    offboard_action: str = "delete"
    max_deletions: Optional[int] = None
    parallel: int = 10
    check_mode: bool = False


class PeopleSync:
    """One bulk run against one org: gather, plan, guard, write."""

    def __init__(self, client: WebexClient, directory: Directory, settings: BulkSettings) -> None:
        self.client = client
        self.directory = directory
        self.settings = settings
        self.snapshot = OrgSnapshot()
        self.created_emails: set = set()

    # --- reading --------------------------------------------------------------------------------------

    def read_org(self, items: List[ConfigItem]) -> None:
        """The people list, and license and role holders only when the run compares them from lists."""
        self.snapshot = read_snapshot(self.client, self.directory, self.needs(items), self.settings.parallel)

    def needs(self, items: List[ConfigItem]) -> SnapshotNeeds:
        state, scope = self.settings.state, self.settings.scope
        managed = {option for item in items for option in item.wanted}
        compares_from_lists = state in ("merged", "rendered")
        return SnapshotNeeds(
            calling_data=bool(scope.location_ids and state in ("overridden", "gathered"))
            or (compares_from_lists and any(f.calling for f in fields_of(managed))),
            licenses=compares_from_lists and "licenses" in managed,
            roles=compares_from_lists and "roles" in managed,
            admins=scope.exclude_admins and state in ("overridden", "gathered"),
        )

    # --- jobs ---------------------------------------------------------------------------------------

    def jobs_for(self, items: List[ConfigItem]) -> List[PersonJob]:
        """A job per config item, plus an offboarding job per unlisted person in scope with overridden."""
        state = self.settings.state
        kind = "absent" if state == "deleted" else "present"
        jobs = [PersonJob(item.label, kind, item.email, item.person_id, item.wanted, whole_record=state in ("replaced", "overridden"))
                for item in items]
        for job in jobs:
            job.listed = self.snapshot.find(job.person_id, job.email)
        if state == "overridden":
            jobs += self.offboarding_jobs({job.listed["id"] for job in jobs if job.listed})
        return jobs

    def offboarding_jobs(self, listed_ids: set) -> List[PersonJob]:
        kind = "absent" if self.settings.offboard_action == "delete" else "disable"
        jobs = []
        for person_id, item in self.snapshot.people.items():
            if person_id in listed_ids or not self.settings.scope.holds(item, self.snapshot.admin_ids):
                continue
            label = self.snapshot.email_of(person_id) or person_id
            jobs.append(PersonJob(label, kind, label, person_id, listed=item))
        return jobs

    # --- planning (reads only) ------------------------------------------------------------------------

    def plan(self, job: PersonJob) -> bool:
        """Work out what the job would do from the lists alone; False when it needs the person's full record."""
        if job.kind == "absent":
            job.planned = ensure_absent(self.client, job.listed, check_mode=True)
            return True
        job.desired = dict(DISABLED) if job.kind == "disable" else self.resolve(job)
        if job.listed is None:
            if not job.email:
                raise InvalidInput("no person has the id %s; give an email to create one." % job.person_id)
            job.planned = ensure_present(self.client, None, job.email, job.desired, True, self.directory.name_of)
            return True
        check_same_person(job)
        if self.needs_record(job):
            return False
        current = self.snapshot.current(job.listed["id"])
        if plan_update(job.desired, current, self.directory.name_of).changed:
            return False  # a write starts from the full record: lists lack loginEnabled
        job.planned = PersonOutcome("unchanged", person_result(current))
        return True

    def plan_with_record(self, job: PersonJob) -> None:
        """Read the person's full record and plan with it, exactly as the write will (check mode of the same code)."""
        job.record = get_person(self.client, job.listed["id"])
        if job.record is None:  # deleted since the list was read
            job.listed = None
            self.plan(job)
            return
        job.planned = ensure_present(self.client, job.record, job.email, job.desired, True, self.directory.name_of,
                                     self.directory.is_calling_license)

    def plan_all(self, jobs: List[PersonJob]) -> None:
        """Plan every job: from the lists in this thread, then the full reads N at a time."""
        to_read = []
        for job in jobs:
            try:
                if not self.plan(job):
                    to_read.append(job)
            except PERSON_ERRORS as error:
                job.error = str(error)
        self.each(self.plan_with_record, to_read)

    def needs_record(self, job: PersonJob) -> bool:
        """A field only the full record carries (loginEnabled), or a whole record, compares against the full record."""
        return job.whole_record or job.kind == "disable" or any(f.found_in == IN_RECORD for f in fields_of(job.desired))

    def resolve(self, job: PersonJob) -> Dict[str, Any]:
        """The job's fields with names turned into ids (managers by email from the list already read)."""
        wanted = dict(job.wanted)
        manager = str(wanted.get("manager_id") or "")
        if manager and not is_webex_id(manager, "person"):
            email = manager.lower()
            if email in self.snapshot.ids_by_email:
                wanted["manager_id"] = self.snapshot.ids_by_email[email]
            elif email in self.created_emails:
                job.new_manager = email
                del wanted["manager_id"]
        resolved = self.directory.resolve_desired(wanted, FIELDS_BY_OPTION)
        if job.new_manager:
            resolved["manager_id"] = NEW_MANAGER_ID % job.new_manager
        if not job.whole_record:
            return resolved
        whole = replaced_fields(resolved)
        if not whole["display_name"]:
            raise InvalidInput("with state %s give display_name, first_name or last_name: Webex requires a display name."
                               % self.settings.state)
        return whole

    # --- writing ------------------------------------------------------------------------------------

    def apply(self, job: PersonJob) -> None:
        """Send the job's writes: the same ensure_present / ensure_absent webex_person uses."""
        if job.kind == "absent":
            job.done = ensure_absent(self.client, job.listed, check_mode=False)
        else:
            job.done = ensure_present(self.client, job.record, job.email, job.desired, False, self.directory.name_of,
                                      self.directory.is_calling_license)

    # --- the run --------------------------------------------------------------------------------------

    def run(self, items: List[ConfigItem]) -> List[PersonJob]:
        """Plan every person, stop before any write if the guard says so, then write what changes."""
        self.read_org(items)
        if self.settings.state in ("replaced", "overridden"):
            self.directory.licenses()  # names, not ids, in the diff of licenses and roles cleared
            self.directory.roles()
        jobs = self.jobs_for(items)
        self.created_emails = {job.email.lower() for job in jobs if job.kind == "present" and job.listed is None and job.email}
        self.plan_all(jobs)
        if self.settings.state in ("deleted", "overridden"):
            verb = "delete" if self.settings.state == "deleted" or self.settings.offboard_action == "delete" else "offboard"
            check_deletions([job.label for job in jobs if job.removes_person], self.settings.max_deletions, verb)
        if not self.settings.check_mode and self.settings.state != "rendered":
            writes = [job for job in jobs if job.will_change]
            self.each(self.apply, [job for job in writes if not job.new_manager])
            # People whose manager this run creates go second, once the manager has an id.
            created_ids = {job.email.lower(): job.done.person.get("id") for job in writes if job.done and job.email}
            self.each(self.apply_with_new_manager, [job for job in writes if job.new_manager], created_ids)
        return jobs

    def apply_with_new_manager(self, job: PersonJob, created_ids: Dict[str, Optional[str]]) -> None:
        manager_id = created_ids.get(job.new_manager or "")
        if not manager_id:
            raise InvalidInput("manager_id: the manager %s could not be created, so this person was left alone." % job.new_manager)
        job.desired["manager_id"] = manager_id
        self.apply(job)

    def each(self, step: Any, jobs: List[PersonJob], *args: Any) -> None:
        """Run a step over jobs, N at a time; a person's failure is kept on its job."""
        for outcome in run_bounded(lambda job: step(job, *args), jobs, self.settings.parallel, PERSON_ERRORS):
            if outcome.error is not None:
                outcome.item.error = str(outcome.error)

    # --- gathered and rendered ------------------------------------------------------------------------

    def gather(self) -> List[Dict[str, Any]]:
        """The people in scope as config items (one full read each: only it carries loginEnabled, licenses, roles)."""
        self.snapshot = read_snapshot(self.client, self.directory, self.needs([]), self.settings.parallel)
        ids = [pid for pid, item in self.snapshot.people.items() if self.settings.scope.holds(item, self.snapshot.admin_ids)]
        outcomes = run_bounded(lambda pid: get_person(self.client, pid), ids, self.settings.parallel, (WebexError,))
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        items = [config_item_from_record(outcome.answer, self.label_of) for outcome in outcomes if outcome.answer]
        return sorted(items, key=lambda item: item["email"])

    def label_of(self, kind: str, object_id: str) -> str:
        """A name where exactly one object of its kind has it (so it resolves back), else the id; managers by email."""
        if kind == "person":
            return self.snapshot.email_of(object_id) or object_id
        objects = {"license": self.directory.licenses, "role": self.directory.roles, "location": self.directory.locations}[kind]()
        names = [str(o.get("name", "")).lower() for o in objects]
        for candidate in objects:
            if candidate["id"] == object_id and names.count(str(candidate.get("name", "")).lower()) == 1:
                return candidate["name"]
        return object_id

    def requests_of(self, job: PersonJob) -> List[Dict[str, Any]]:
        """The calls a run would send for a planned job (POST, PUT or DELETE with their bodies)."""
        if not job.will_change:
            return []
        if job.kind == "absent":
            return [{"method": "DELETE", "path": person_path(job.listed["id"]), "email": job.label}]
        if job.record is not None:
            body = plan_update(job.desired, job.record, self.directory.name_of).body
            return [{"method": "PUT", "path": person_path(job.record["id"]), "email": job.label, "body": body}]
        create = plan_create(job.email or "", job.desired, self.directory.name_of)
        calls = [{"method": "POST", "path": "/people", "email": job.label, "body": create.body}]
        # A new person can sign in; fields POST does not take (nick_name, login_enabled) follow in one PUT.
        completion = plan_update(job.desired, dict(create.body, id=CHECK_MODE_ID, loginEnabled=True), self.directory.name_of)
        if completion.changed:
            calls.append({"method": "PUT", "path": person_path(CHECK_MODE_ID), "email": job.label, "body": completion.body})
        return calls


def check_same_person(job: PersonJob) -> None:
    """An item with both an id and an email must name one person."""
    if job.person_id and job.email and job.listed is not None:
        emails = [e.lower() for e in job.listed.get("emails") or []]
        if job.email not in emails:
            raise InvalidInput("the person with id %s has the email %s, not %s; give the id or the email alone."
                               % (job.person_id, (emails or ["none"])[0], job.email))


# --- results -----------------------------------------------------------------------------------------

def job_result(job: PersonJob) -> Dict[str, Any]:
    """One person's line in `results`."""
    outcome = job.outcome
    action = "failed" if job.error else outcome.action if outcome else "unchanged"
    if action == "updated" and job.kind == "disable":
        action = "disabled"
    person_id = (outcome.person.get("id") if outcome and outcome.person else None) or (job.listed or {}).get("id")
    msg = job.error or "; ".join(outcome.warnings if outcome else [])
    return {
        "email": job.label,
        "id": person_id,
        "action": action,
        "changed_fields": [] if job.error or not outcome else outcome.changed_options,
        "licenses_removed": [] if job.error else removed_names(outcome, "licenses"),
        "roles_removed": [] if job.error else removed_names(outcome, "roles"),
        "msg": msg,
    }


def removed_names(outcome: Optional[PersonOutcome], option: str) -> List[str]:
    """The licenses (or roles) a change takes from the person, as the diff names them: what offboarding frees."""
    if outcome is None or option not in outcome.before:
        return []
    kept = set(outcome.after.get(option) or [])
    return sorted(name for name in outcome.before[option] or [] if name not in kept)


def job_diff(job: PersonJob) -> Optional[Dict[str, Any]]:
    """The diff of one person that changes; None for everyone else, so 1,000 people stay readable."""
    outcome = job.outcome
    if job.error or outcome is None or not outcome.changed:
        return None
    return {"before": outcome.before, "after": outcome.after, "before_header": job.label, "after_header": job.label}


def summary_of(results: List[Dict[str, Any]]) -> Dict[str, int]:
    """How many people got each action."""
    counts: Dict[str, int] = {}
    for result in results:
        counts[result["action"]] = counts.get(result["action"], 0) + 1
    return dict(sorted(counts.items()))


def failure_message(results: List[Dict[str, Any]]) -> str:
    """One sentence for a run where some people failed, naming the first few and why."""
    failed = [r for r in results if r["action"] == "failed"]
    shown = "; ".join("%s: %s" % (r["email"], r["msg"]) for r in failed[:3])
    more = " (and %d more, see results)" % (len(failed) - 3) if len(failed) > 3 else ""
    handled = ", the others were handled" if len(failed) < len(results) else ""
    return "%d of %d people failed%s: %s%s" % (len(failed), len(results), handled, shown, more)
