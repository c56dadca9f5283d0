# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the one engine that brings people to a declared state, one person or many.

A run reads what it must (the org in a few list calls, or one person by id or email), plans every person once
(reading a full record only for people that will be written, or whose fields no list carries), checks the
deletion guard, and only then sends each plan's requests, N at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Optional

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
from ansible_collections.webexops.identity.plugins.module_utils.person.snapshot import (
    OrgSnapshot,
    SnapshotNeeds,
    read_one_person,
    read_snapshot,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.calls import get_person
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import IN_LIST, FIELDS_BY_OPTION, fields_of
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import (
    ListChange,
    PersonPlan,
    check_email,
    desired_from_params,
    plan_update,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.state import (
    PersonOutcome,
    carry_out,
    plan_absent,
    plan_present,
    preview,
    requests_of,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.person.routes import (
    PEOPLE_API,
    SCIM_BULK,
    bulk_operation,
    routed,
    routed_requests,
)
from ansible_collections.webexops.identity.plugins.module_utils.scim.bulk import bulk_url, in_batches, operation_error, send_bulk
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import org_uuid, scim_id

# What a check-mode plan shows for a manager who is created in the same run.
NEW_MANAGER_ID = "(id of %s, created in this run)"
# What offboarding by disabling asks of a person: no sign-in, no licenses (seats freed), no admin roles. Webex
# refuses a locationId without a calling license, so the calling location and extension go with the licenses.
DISABLED = {"login_enabled": False, "licenses": ListChange(set=[]), "roles": ListChange(set=[]), "location": "", "extension": ""}
# The kinds of job that offboard someone by offboard_action: DISABLED, and with delete the same update before the DELETE.
OFFBOARDING_KINDS = {"disable": "disable", "delete": "disable_then_delete"}
# The note of a person whose SCIM Bulk request was refused and whom the People API then wrote.
SCIM_REFUSED = ("SCIM Bulk was refused (403: the token lacks identity:people_rw, or the organisation allows no SCIM), "
                "so the People API carried this change; set write_api: people to skip the try.")
# gathered without loginEnabled: everything else from lists (callingData pages, license and role holders).
GATHER_FROM_LISTS = SnapshotNeeds(calling_data=True, licenses=True, roles=True)
# A failure of one person is recorded in its result; anything else stops the run.
PERSON_ERRORS = (WebexError, InvalidInput)


@dataclass
class PersonJob:
    """One person of a run: what is asked, what Webex holds, and what happened."""

    label: str
    kind: str  # present, absent (delete), disable (offboard by disabling) or disable_then_delete (offboard by deleting)
    email: Optional[str] = None
    person_id: Optional[str] = None
    wanted: Dict[str, Any] = field(default_factory=dict)
    whole_record: bool = False  # replaced: fields not given are cleared
    listed: Optional[Dict[str, Any]] = None  # the list item, None when nobody matches
    record: Optional[Dict[str, Any]] = None  # the full record, read only when needed
    desired: Dict[str, Any] = field(default_factory=dict)  # ids, not names
    plan: Optional[PersonPlan] = None  # computed once; the writes send it as it is
    basis: Optional[Dict[str, Any]] = None  # what the plan was made from: the full record, or what the lists tell
    planned: Optional[PersonOutcome] = None
    done: Optional[PersonOutcome] = None
    error: Optional[str] = None
    failure: Optional[Exception] = None  # the error itself, which a one-person run raises
    new_manager: Optional[str] = None  # the email of a manager this run creates: its id is known only after
    people_api_only: bool = False  # SCIM was refused for this organisation: the People API carries the plan

    @property
    def outcome(self) -> Optional[PersonOutcome]:
        return self.done or self.planned

    @property
    def will_change(self) -> bool:
        return self.error is None and self.planned is not None and self.planned.changed

    @property
    def offboards(self) -> bool:
        return self.kind in OFFBOARDING_KINDS.values()

    @property
    def removes_person(self) -> bool:
        """Whether the job deletes or offboards someone: what max_deletions counts."""
        return (self.kind == "absent" or self.offboards) and self.will_change


@dataclass
class BulkSettings:
    """The options of one bulk run."""

    state: str
    scope: Scope
    offboard_action: str = "delete"
    max_deletions: Optional[int] = None
    parallel: int = 10
    check_mode: bool = False
    write_api: str = "people"  # auto: each plan goes by the API that carries it cheapest (routes.py); people: the People API only


class PeopleSync:
    """One run against one org, for one person or many: read, plan, guard, write."""

    def __init__(self, client: WebexClient, directory: Directory, settings: BulkSettings) -> None:
        self.client = client
        self.directory = directory
        self.settings = settings
        self.meaning = STATES[settings.state]
        self.snapshot = OrgSnapshot()
        self.created_emails: set = set()
        self.own_org: Optional[str] = None  # the SCIM uuid of the token's (or org_id's) organisation, read once if needed
        # Other parts of a run (the groups of groups/people_groups.py): plan(jobs) once the people are planned (reads
        # only), finish(jobs, writing) after the people's writes.
        self.companions: List[Any] = []
        self.labels: Dict[str, Dict[str, str]] = {}  # kind -> id -> unique name, built once per kind

    # --- reading --------------------------------------------------------------------------------------

    def read_org(self, items: List[ConfigItem]) -> None:
        """The people list, and license and role holders only when the run compares them from lists."""
        self.snapshot = read_snapshot(self.client, self.directory, self.needs(items), self.settings.parallel)

    def read_person(self, item: ConfigItem) -> None:
        """One person instead of the org: by id (the full record), else by email (the full record when needed)."""
        full = any(f.found_in != IN_LIST for f in fields_of(item.wanted))
        self.snapshot = read_one_person(self.client, item.person_id, item.email, full)

    def needs(self, items: List[ConfigItem]) -> SnapshotNeeds:
        meaning, scope = self.meaning, self.settings.scope
        managed = {option for item in items for option in item.wanted}
        from_lists = meaning.compares_from_lists
        return SnapshotNeeds(
            calling_data=bool(scope.location_ids and meaning.reads_scope)
            or (from_lists and any(f.calling for f in fields_of(managed))),
            licenses=from_lists and "licenses" in managed,
            roles=from_lists and "roles" in managed,
            admins=scope.exclude_admins and meaning.reads_scope,
        )

    # --- jobs ---------------------------------------------------------------------------------------

    def jobs_for(self, items: List[ConfigItem]) -> List[PersonJob]:
        """A job per config item, plus an offboarding job per unlisted person in scope with overridden."""
        kind = "absent" if self.meaning.deletes else "present"
        if self.meaning.offboards_listed:
            kind = OFFBOARDING_KINDS[self.settings.offboard_action]
        jobs = [PersonJob(item.label, kind, item.email, item.person_id, item.wanted, whole_record=self.meaning.whole_record)
                for item in items]
        for job in jobs:
            job.listed = self.snapshot.find(job.person_id, job.email)
            job.record = self.snapshot.record_of(job.listed)
        if self.meaning.offboards_unlisted:
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
        """Work out what the job would do from what was read; False when it needs the person's full record."""
        check_same_person(job)
        if job.kind == "absent" or (job.offboards and job.listed is None):
            self.settle(job, plan_absent(job.listed), job.listed)  # nothing to offboard in someone gone
            return True
        job.desired = dict(DISABLED) if job.offboards else self.resolve(job)
        if job.listed is None:
            if not job.email:
                raise InvalidInput("no person has the id %s; give an email to create one." % job.person_id)
            self.settle(job, plan_present(None, job.email, job.desired, self.directory.name_of), None)
            return True
        if job.record is not None or self.needs_record(job):
            return False
        current = self.snapshot.current(job.listed["id"])
        plan = self.route(plan_update(job.desired, current, self.directory.name_of), current)
        if plan.changed and plan.api == PEOPLE_API:
            return False  # a PUT starts from the full record: lists lack loginEnabled
        self.settle(job, plan, current)  # unchanged, or a SCIM or license PATCH that needs no full record
        return True

    def plan_with_record(self, job: PersonJob) -> None:
        """Plan from the person's full record (read here unless the look-up brought it): the plan the write sends."""
        if job.record is None:
            job.record = get_person(self.client, job.listed["id"])
        if job.record is None:  # deleted since the list was read
            job.listed = None
            self.plan(job)
            return
        plan = plan_present(job.record, job.email, job.desired, self.directory.name_of, self.directory.is_calling_license)
        if job.kind == "disable_then_delete":
            plan = plan_absent(job.record, freeing=plan)
        self.settle(job, plan, job.record)

    def settle(self, job: PersonJob, plan: PersonPlan, current: Optional[Dict[str, Any]]) -> None:
        """Keep the job's one plan, carried by the API write_api allows, and what it would do."""
        job.plan = self.route(plan, current, job.people_api_only)
        job.basis = current
        job.planned = preview(job.plan, current)

    def route(self, plan: PersonPlan, current: Optional[Dict[str, Any]], job_people_only: bool = False) -> PersonPlan:
        """The plan as the API that carries it sends it: chosen per person with write_api auto, else the People API."""
        if self.settings.write_api != "auto" or job_people_only or plan.api != PEOPLE_API:
            return plan
        return routed(plan, current, self.directory.is_calling_license)

    def plan_all(self, jobs: List[PersonJob]) -> None:
        """Plan every job: from the lists in this thread, then the full reads N at a time."""
        to_read = []
        for job in jobs:
            try:
                if not self.plan(job):
                    to_read.append(job)
            except PERSON_ERRORS as error:
                job.error, job.failure = str(error), error
        self.each(self.plan_with_record, to_read)

    def needs_record(self, job: PersonJob) -> bool:
        """A whole record, or a field the lists read do not carry (loginEnabled, say), compares against the full record."""
        return job.whole_record or job.offboards or not all(self.snapshot.carries(f) for f in fields_of(job.desired))

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
        """Send the job's plan, as planned."""
        job.done = carry_out(self.client, job.plan or PersonPlan("none", {}, {}, {}), job.basis, job.desired, self.directory.name_of)

    # --- the run --------------------------------------------------------------------------------------

    def run(self, items: List[ConfigItem], one_person: bool = False) -> List[PersonJob]:
        """Plan every person, stop before any write if the guard says so, then write what changes."""
        if one_person:
            self.read_person(items[0])
        else:
            self.read_org(items)
        if self.meaning.whole_record or self.meaning.offboards_listed:
            self.directory.licenses()  # names, not ids, in the diff of licenses and roles cleared
            self.directory.roles()
        jobs = self.jobs_for(items)
        self.created_emails = {job.email.lower() for job in jobs if job.kind == "present" and job.listed is None and job.email}
        self.plan_all(jobs)
        for companion in self.companions:
            companion.plan(jobs)
        if self.meaning.guarded(self.settings.offboard_action) and not one_person:
            verb = "delete" if self.meaning.deletes or self.settings.offboard_action == "delete" else "offboard"
            check_deletions([job.label for job in jobs if job.removes_person], self.settings.max_deletions, verb)
        writing = not self.settings.check_mode and self.meaning.writes
        if writing:
            writes = [job for job in jobs if job.will_change]
            in_bulk = [job for job in writes if job.plan is not None and job.plan.api == SCIM_BULK]
            refused = self.write_bulk(in_bulk)
            self.each(self.plan_for_people_api, refused)
            sent = {id(job) for job in in_bulk} - {id(job) for job in refused}
            self.each(self.apply, [job for job in writes if not job.new_manager and id(job) not in sent and job.error is None])
            for job in refused:
                if job.done is not None:
                    job.done.warnings.append(SCIM_REFUSED)
            # People whose manager this run creates go second, once the manager has an id.
            created_ids = {job.email.lower(): job.done.person.get("id") for job in writes if job.done and job.email}
            self.each(self.apply_with_new_manager, [job for job in writes if job.new_manager], created_ids)
        for companion in self.companions:
            companion.finish(jobs, writing)
        return jobs

    def apply_with_new_manager(self, job: PersonJob, created_ids: Dict[str, Optional[str]]) -> None:
        manager_id = created_ids.get(job.new_manager or "")
        if not manager_id:
            raise InvalidInput("manager_id: the manager %s could not be created, so this person was left alone." % job.new_manager)
        job.desired["manager_id"] = manager_id
        # The manager's id is part of the plan: planned again with it, then sent as planned.
        job.plan = plan_present(job.record, job.email, job.desired, self.directory.name_of, self.directory.is_calling_license)
        self.apply(job)

    # --- SCIM Bulk --------------------------------------------------------------------------------------

    def org_of(self, job: PersonJob, look_up: bool = True) -> Optional[str]:
        """The SCIM uuid of the person's organisation: from their list item, else the token's (one GET /people/me)."""
        found = scim_id(str(self.person_of(job).get("orgId") or ""), "ORGANIZATION")
        if found or not look_up:
            return found
        if self.own_org is None:
            self.own_org = org_uuid(self.client, self.client.org_id)
        return self.own_org

    def person_of(self, job: PersonJob) -> Dict[str, Any]:
        """What was read of the person the job writes: the full record where read, else the list item."""
        return job.basis or job.listed or {}

    def write_bulk(self, jobs: List[PersonJob]) -> List[PersonJob]:
        """Send the SCIM plans as Bulk requests of at most 100 operations, N requests at a time; each person gets their operation's answer.

        Returns the people of Bulk requests refused with 403 (no SCIM for this token or organisation): nothing of
        theirs was written, and the People API carries their plans instead.
        """
        refused: List[PersonJob] = []
        by_org: Dict[str, List[PersonJob]] = {}
        for job in jobs:
            by_org.setdefault(self.org_of(job) or "", []).append(job)
        batches = [(org, batch) for org, group in by_org.items() for batch in in_batches(group)]
        for org in by_org:
            # Only replace, remove and DELETE operations go in: a Bulk request sent twice does no harm (scim/bulk.py).
            self.client.allow_repeats(bulk_url(self.client, org), "POST")
        for outcome in run_bounded(lambda batch: self.send_batch(*batch), batches, self.settings.parallel, PERSON_ERRORS):
            if isinstance(outcome.error, WebexError) and outcome.error.status == 403:
                refused.extend(outcome.item[1])
            elif outcome.error is not None:
                for job in outcome.item[1]:
                    job.error, job.failure = bulk_failure(outcome.error), outcome.error
        return refused

    def plan_for_people_api(self, job: PersonJob) -> None:
        """The job's plan as the People API carries it: a delete as it is, an update from the full record (read here)."""
        job.people_api_only = True
        if job.plan is not None and job.plan.action == "delete":
            job.plan = replace(job.plan, api=PEOPLE_API, api_body={})
            return
        self.plan_with_record(job)

    def send_batch(self, org: str, jobs: List[PersonJob]) -> None:
        operations = [bulk_operation(job.plan, self.person_of(job)["id"]) for job in jobs if job.plan is not None]
        for job, operation, answer in zip(jobs, operations, send_bulk(self.client, org, operations)):
            # A DELETE answered 404: gone already, perhaps by this very request sent once more after a lost answer.
            if answer.succeeded or (operation["method"] == "DELETE" and answer.status == 404):
                job.done = preview(job.plan, job.basis)
            else:
                error = operation_error(operation, answer)
                job.error, job.failure = str(error), error

    def each(self, step: Any, jobs: List[PersonJob], *args: Any) -> None:
        """Run a step over jobs, N at a time; a person's failure is kept on its job."""
        for outcome in run_bounded(lambda job: step(job, *args), jobs, self.settings.parallel, PERSON_ERRORS):
            if outcome.error is not None:
                outcome.item.error, outcome.item.failure = str(outcome.error), outcome.error

    # --- gathered and rendered ------------------------------------------------------------------------

    def gather(self, login_enabled: bool = True) -> List[Dict[str, Any]]:
        """The people in scope as config items: one full read each for loginEnabled, else from lists only."""
        needs = self.needs([]) if login_enabled else replace(GATHER_FROM_LISTS, admins=self.needs([]).admins)
        self.snapshot = read_snapshot(self.client, self.directory, needs, self.settings.parallel)
        ids = [pid for pid, item in self.snapshot.people.items() if self.settings.scope.holds(item, self.snapshot.admin_ids)]
        records = self.full_records(ids) if login_enabled else [self.snapshot.current(pid) for pid in ids]
        items = [config_item_from_record(record, self.label_of) for record in records]
        return sorted(items, key=lambda item: item["email"])

    def full_records(self, ids: List[str]) -> List[Dict[str, Any]]:
        """GET /people/{id} for each person, N at a time: the only read that carries loginEnabled."""
        outcomes = run_bounded(lambda pid: get_person(self.client, pid), ids, self.settings.parallel, (WebexError,))
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        return [outcome.answer for outcome in outcomes if outcome.answer]

    def label_of(self, kind: str, object_id: str) -> str:
        """A name where exactly one object of its kind has it (so it resolves back), else the id; managers by email."""
        if kind == "person":
            return self.snapshot.email_of(object_id) or object_id
        if kind not in self.labels:
            self.labels[kind] = unique_names({"license": self.directory.licenses, "role": self.directory.roles,
                                              "location": self.directory.locations}[kind]())
        return self.labels[kind].get(object_id, object_id)

    def requests_of(self, job: PersonJob) -> List[Dict[str, Any]]:
        """The calls a run sends for a planned job (POST, PUT or DELETE with their bodies): the job's plan, rendered."""
        if not job.will_change or job.plan is None:
            return []
        if job.plan.api != PEOPLE_API:
            calls = routed_requests(job.plan, self.person_of(job)["id"], self.org_of(job, look_up=False))
        else:
            calls = requests_of(job.plan, job.basis, job.desired, self.directory.name_of)
        return [dict(call, email=job.label) for call in calls]


def bulk_failure(error: Exception) -> str:
    """Why every person of a failed Bulk request failed."""
    return "%s (the SCIM Bulk request carrying this person failed; run again to retry)" % error


def unique_names(objects: List[Dict[str, Any]]) -> Dict[str, str]:
    """id -> name for the objects whose name (any case) no other object of the list has."""
    counts: Dict[str, int] = {}
    for candidate in objects:
        key = str(candidate.get("name", "")).lower()
        counts[key] = counts.get(key, 0) + 1
    return {o["id"]: o["name"] for o in objects if o.get("name") and counts[str(o["name"]).lower()] == 1}


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
    person_id = (outcome.person.get("id") if outcome and outcome.person else None) or (job.listed or {}).get("id")
    msg = job.error or "; ".join(outcome.warnings if outcome else [])
    return {
        "email": job.label,
        "id": person_id,
        "action": action_of(job),
        "changed_fields": [] if job.error or not outcome else outcome.changed_options,
        "licenses_removed": [] if job.error else removed_names(outcome, "licenses"),
        "roles_removed": [] if job.error else removed_names(outcome, "roles"),
        "msg": msg,
    }


def action_of(job: PersonJob) -> str:
    """What happened to the person; offboarding names its own: disabled, and gone for someone not in Webex."""
    if job.error:
        return "failed"
    if job.offboards and job.listed is None:
        return "gone"
    action = job.outcome.action if job.outcome else "unchanged"
    return "disabled" if action == "updated" and job.kind == "disable" else action


def seats_freed(results: List[Dict[str, Any]]) -> Dict[str, int]:
    """The license seats a run frees (in check mode: would free), per license name, from each person's licenses_removed."""
    counts: Dict[str, int] = {}
    for result in results:
        for name in result["licenses_removed"]:
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


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


# --- the two modules' runs ------------------------------------------------------------------------

def run_one_person(client: WebexClient, params: Dict[str, Any], check_mode: bool, diff: bool, warn: Callable[[str], None]) -> Dict[str, Any]:
    """webex_person: the engine run on one person, found by one look-up; its error fails the task."""
    email = check_email(params["email"])
    item = ConfigItem(email or params["id"], email, params["id"], desired_from_params(params))
    sync = PeopleSync(client, Directory(client), BulkSettings(params["state"], Scope(), parallel=1, check_mode=check_mode))
    job = sync.run([item], one_person=True)[0]
    if job.failure is not None:
        raise job.failure
    outcome = job.outcome or PersonOutcome("unchanged", {})
    result = {"changed": outcome.changed, "action": outcome.action, "person": outcome.person,
              "changed_fields": outcome.changed_options}
    for warning in outcome.warnings:
        warn(warning)
    if diff:
        result["diff"] = {"before": outcome.before, "after": outcome.after, "before_header": job.label, "after_header": job.label}
    return result
