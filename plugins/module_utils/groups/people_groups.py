# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the groups of a webex_people run: each person's memberships, the groups a users file
declares, and the groups gathered returns.

A run reads every group with its members in a few search pages (not one read per person), plans each person's
memberships with the people, and writes after the people (a new person has no id before): one request per group that
changes, a POST for a declared group that does not exist yet (its members in it), else one PATCH with every member
added and removed. The group requests are planned by groups/plan.py, as webex_group plans them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.webexops.identity.plugins.module_utils.groups.plan import (
    GroupPlan,
    GroupWanted,
    member_ids_after,
    plan_group_create,
    plan_group_delete,
    plan_group_update,
)
from ansible_collections.webexops.identity.plugins.module_utils.groups.scim import (
    ScimDirectory,
    group_create_body,
    group_patch_body,
)
from ansible_collections.webexops.identity.plugins.module_utils.scim.names import UUID_PATTERN, org_uuid, scim_id
from ansible_collections.webexops.identity.plugins.module_utils.person.fields import ListChange
from ansible_collections.webexops.identity.plugins.module_utils.person.input_hints import unknown_name_hint
from ansible_collections.webexops.identity.plugins.module_utils.person.plan import CHECK_MODE_ID, parse_list_change
from ansible_collections.webexops.identity.plugins.module_utils.person.state import PersonOutcome
from ansible_collections.webexops.identity.plugins.module_utils.transport.client import WebexClient
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError

# The groups option of a person (a config item, a users file entry): a list sets, a dict adds, removes or sets.
PERSON_GROUPS_OPTION: Dict[str, Dict[str, Any]] = {"groups": {"type": "raw"}}
# A group the users file (or webex_people's groups option) declares; its members come from the people's groups.
DECLARED_GROUP_OPTIONS: Dict[str, Dict[str, Any]] = {
    "display_name": {"type": "str", "required": True},
    "external_id": {"type": "str"},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
}
# The key of a declared group that does not exist yet: it has no id before its POST.
NEW_GROUP = "new:"
# What a planned request shows for a person created in the same run (check mode, rendered).
NEW_MEMBER_ID = "(id of %s, created in this run)"
GROUP_ACTIONS = {"create": "created", "update": "updated", "delete": "deleted"}

# The SCIM user id of a job's person, or None when it has none (its creation failed).
UserIdOf = Callable[[Any], Optional[str]]


def parse_person_groups(value: Any) -> Optional[ListChange]:
    """A person's groups option in the form licenses take (bare list: set; dict: add/remove/set); None when not given."""
    if value is None:
        return None
    change = parse_list_change("groups", value)
    for item in change.items():
        if not isinstance(item, str) or not item.strip():
            raise InvalidInput("groups: each group is a display name or a group id, not %r." % (item,))
    return change.mapped(lambda item: item.strip())


@dataclass
class DeclaredGroup:
    """A group a run makes present (created when missing, its external id set) or absent."""

    display_name: str
    external_id: Optional[str] = None
    state: str = "present"


def read_declared_groups(raw: Any, noun: str) -> List[DeclaredGroup]:
    """The groups section checked entry by entry; the first problem fails the run before any call."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidInput("%s must be a list of groups, each with a display_name." % noun)
    validator = ArgumentSpecValidator(DECLARED_GROUP_OPTIONS)
    declared: List[DeclaredGroup] = []
    for index, entry in enumerate(raw):
        declared.append(declared_group(index, entry, validator, noun))
    names = [group.display_name.lower() for group in declared]
    for group in declared:
        if names.count(group.display_name.lower()) > 1:
            raise InvalidInput("%s lists the group %r more than once; merge its entries into one." % (noun, group.display_name))
    return declared


def declared_group(index: int, entry: Any, validator: ArgumentSpecValidator, noun: str) -> DeclaredGroup:
    """One entry of the groups section, validated against DECLARED_GROUP_OPTIONS."""
    if not isinstance(entry, dict):
        raise InvalidInput("%s entry %d must be a dict with display_name, not %s." % (noun, index + 1, type(entry).__name__))
    label = "%s %s" % (noun, str(entry.get("display_name") or "").strip() or "entry %d" % (index + 1))
    unknown = sorted(set(entry) - set(DECLARED_GROUP_OPTIONS), key=str)
    if unknown:
        raise InvalidInput("%s has the unknown key %s; %s" % (
            label, ", ".join(str(key) for key in unknown), unknown_name_hint(str(unknown[0]), DECLARED_GROUP_OPTIONS, "groups take")))
    validation = validator.validate(entry)
    if validation.error_messages:
        raise InvalidInput("%s: %s." % (label, validation.error_messages[0].rstrip(".")))
    params = validation.validated_parameters
    if not params["display_name"].strip():
        raise InvalidInput("%s: display_name must not be empty." % label)
    return DeclaredGroup(params["display_name"].strip(), params.get("external_id"), params["state"])


def group_labels(groups: Dict[str, Dict[str, Any]], new_names: List[str]) -> Dict[str, str]:
    """Each group's display name where no other group (nor a group this run creates) has it, else its id."""
    names = [str(g.get("displayName", "")).lower() for g in groups.values()] + [n.lower() for n in new_names]
    return {group_id: group["displayName"] if names.count(str(group.get("displayName", "")).lower()) == 1 else group_id
            for group_id, group in groups.items()}


def user_members(group: Dict[str, Any]) -> Set[str]:
    """The SCIM ids of a group's user members (nested groups and machines are not people's memberships)."""
    return {m["value"] for m in group.get("members") or [] if m.get("type", "user") == "user"}


@dataclass
class MembershipChange:
    """One person's groups before and after the run, as group keys (ids, or NEW_GROUP + name)."""

    job: Any  # the engine's PersonJob
    before: List[str]
    after: List[str]


class PeopleGroups:
    """The groups side of one webex_people run: read once, planned after the people, written after them.

    The engine calls plan(jobs) once every person is planned (reads only), and finish(jobs, writing) after the
    people's writes. A person whose groups cannot be resolved fails alone, before any write for them.
    """

    def __init__(self, client: WebexClient, org_id: Optional[str], wanted: List[Optional[ListChange]],
                 declared: List[DeclaredGroup], leave_groups: bool) -> None:
        self.client = client
        self.org_id = org_id
        self.wanted = wanted  # per config item, in config order: the jobs of the items come first, in that order
        self.declared = declared
        self.leave_groups = leave_groups  # people offboarded by disabling leave every group
        self.directory: Optional[ScimDirectory] = None
        self.groups: Dict[str, Dict[str, Any]] = {}
        self.changes: List[MembershipChange] = []
        self.emails: Dict[str, str] = {}  # SCIM user id -> email, for the group requests' diffs
        self.plans: List[Tuple[str, GroupPlan, List[MembershipChange]]] = []
        self.failures: List[str] = []
        self.sent = 0  # group requests Webex accepted
        self.failed: Set[str] = set()  # keys of the groups whose request failed
        self.writing = False

    # --- reading and planning (no writes) ---------------------------------------------------------------------

    def plan(self, jobs: List[Any]) -> None:
        """Read the groups when the run manages any, and plan each person's memberships."""
        asked = [(job, change) for job, change in zip(jobs, self.wanted) if change is not None and job.kind == "present"]
        leaving = [job for job in jobs if self.leave_groups and job.kind == "disable" and job.listed is not None]
        if not (asked or leaving or self.declared):
            return
        self.directory = ScimDirectory(self.client, org_uuid(self.client, self.org_id))
        self.groups = self.read_groups(self.directory, only_leaving=not (asked or self.declared))
        for declared in self.declared:
            self.declared_key(declared)  # a declared name that two groups share fails the run here, before any write
        for job, change in asked:
            if job.error is None:
                try:
                    self.add_change(job, change.mapped(self.group_key))
                except InvalidInput as error:
                    job.error, job.failure = str(error), error
        for job in leaving:
            if job.error is None:
                self.add_change(job, ListChange(set=[]))

    @staticmethod
    def read_groups(directory: ScimDirectory, only_leaving: bool) -> Dict[str, Dict[str, Any]]:
        """Every group with its members; a refusal when only offboarding needs them names the way to do without."""
        try:
            return {group["id"]: group for group in directory.groups_with_members()}
        except WebexError as error:
            if error.status != 403 or not only_leaving:
                raise
            raise InvalidInput("nobody was offboarded: taking them out of their groups needs a token that may read and "
                               "change SCIM groups (identity:people_rw), and %s; give the token that scope, or set "
                               "offboard_leave_groups: false (the offboarding role's offboarding_leave_groups) to keep "
                               "their memberships." % str(error).rstrip("."))

    def add_change(self, job: Any, change: ListChange) -> None:
        user_id = listed_user_id(job)
        if user_id and job.email:
            self.emails[user_id] = job.email
        before = sorted(key for key, group in self.groups.items() if user_id in user_members(group)) if user_id else []
        after = member_ids_after(before, change)
        if after != before:
            self.changes.append(MembershipChange(job, before, after))

    def groups_named(self, name: str) -> List[str]:
        return sorted(key for key, group in self.groups.items() if str(group.get("displayName", "")).lower() == name.lower())

    def declared_key(self, declared: DeclaredGroup) -> Optional[str]:
        """The id of the existing group a declaration names, NEW_GROUP + name when there is none (None if absent)."""
        found = self.groups_named(declared.display_name)
        if len(found) > 1:
            raise InvalidInput("groups: %d groups are named %r; rename one (webex_group with its id) so the groups "
                               "section names one group: %s." % (len(found), declared.display_name, ", ".join(found)))
        if found:
            return found[0]
        return NEW_GROUP + declared.display_name.lower() if declared.state == "present" else None

    def group_key(self, ref: str) -> str:
        """The group a person names (by id or display name): its id, or the key of a declared group to create."""
        if UUID_PATTERN.match(ref) and ref.lower() in self.groups:
            key = ref.lower()
        else:
            found = self.groups_named(ref)
            if len(found) > 1:
                raise InvalidInput("groups: %d groups are named %r; give the id of the one you mean: %s."
                                   % (len(found), ref, ", ".join(found)))
            declared = self.declaration(ref)
            key = found[0] if found else (NEW_GROUP + ref.lower() if declared and declared.state == "present" else "")
            if not key:
                raise InvalidInput("groups: no group is named %r; check the spelling, or declare it in the groups "
                                   "section to create it." % ref)
        declared = self.declaration(self.name_of(key))
        if declared and declared.state == "absent":
            raise InvalidInput("groups: the group %r is declared absent in this run; take it out of the person's groups "
                               "or declare it present." % declared.display_name)
        return key

    def declaration(self, name: str) -> Optional[DeclaredGroup]:
        return next((d for d in self.declared if d.display_name.lower() == name.lower()), None)

    def name_of(self, key: str) -> str:
        if key.startswith(NEW_GROUP):
            declared = self.declaration(key[len(NEW_GROUP):])
            return declared.display_name if declared else key[len(NEW_GROUP):]
        return str(self.groups[key].get("displayName", ""))

    # --- the group requests -----------------------------------------------------------------------------------

    def group_plans(self, user_id_of: UserIdOf) -> List[Tuple[str, GroupPlan, List[MembershipChange]]]:
        """One plan per group that changes (declared groups first, in their order), with the people it carries."""
        added: Dict[str, List[str]] = {}
        removed: Dict[str, List[str]] = {}
        carried: Dict[str, List[MembershipChange]] = {}
        for change in self.changes:
            user_id = user_id_of(change.job) if change.job.error is None else None
            if not user_id:
                continue
            for key in sorted(set(change.after) - set(change.before)):
                added.setdefault(key, []).append(user_id)
                carried.setdefault(key, []).append(change)
            for key in sorted(set(change.before) - set(change.after)):
                removed.setdefault(key, []).append(user_id)
                carried.setdefault(key, []).append(change)
        plans = []
        for declared in self.declared:
            key = self.declared_key(declared)
            if declared.state == "absent":
                plans.append((key or "", plan_group_delete(self.groups.get(key or "")), []))
            elif key:
                plans.append((key, self.plan_for(key, declared, added.pop(key, []), removed.pop(key, [])), carried.get(key, [])))
        for key in sorted(set(added) | set(removed)):
            plans.append((key, self.plan_for(key, None, added.get(key, []), removed.get(key, [])), carried.get(key, [])))
        return [(key, plan, people) for key, plan, people in plans if plan.changed]

    def plan_for(self, key: str, declared: Optional[DeclaredGroup], added: List[str], removed: List[str]) -> GroupPlan:
        """The request of one group: webex_group's plan, with the members the people's changes add and remove."""
        members = ListChange(add=sorted(added), remove=sorted(removed))
        label = self.member_label
        if key.startswith(NEW_GROUP):
            return plan_group_create(GroupWanted(self.name_of(key), declared.external_id if declared else None, members), label)
        wanted = GroupWanted(declared.display_name if declared else None, declared.external_id if declared else None, members)
        return plan_group_update(wanted, self.groups[key], sorted(user_members(self.groups[key])), label)

    def member_label(self, user_id: str) -> str:
        return self.emails.get(user_id, user_id)

    def request_of(self, key: str, plan: GroupPlan) -> Dict[str, Any]:
        """The call a group plan sends (method, path, body), as rendered shows it."""
        base = self.directory.path if self.directory else ""
        if plan.action == "create":
            return {"method": "POST", "path": base + "/Groups", "body": group_create_body(plan.body)}
        if plan.action == "delete":
            return {"method": "DELETE", "path": "%s/Groups/%s" % (base, key)}
        return {"method": "PATCH", "path": "%s/Groups/%s" % (base, key), "body": group_patch_body(plan.operations)}

    def requests(self) -> List[Dict[str, Any]]:
        """The group calls of the run (in check mode and rendered: those a run would send), each with its group."""
        return [dict(self.request_of(key, plan), group=self.name_of(key) if key else "") for key, plan, _people in self.plans]

    def results(self) -> List[Dict[str, Any]]:
        """One line per group the run changes: display name, id (a placeholder for a new one) and action."""
        return [{"display_name": self.name_of(key) if key else plan.before.get("display_name"),
                 "id": CHECK_MODE_ID if key.startswith(NEW_GROUP) else key,
                 "action": "failed" if key in self.failed else GROUP_ACTIONS[plan.action]}
                for key, plan, _people in self.plans]

    @property
    def changed(self) -> bool:
        """Whether a group changes (check mode: would change)."""
        return self.sent > 0 if self.writing else bool(self.plans)

    # --- writing ------------------------------------------------------------------------------------------------

    def finish(self, jobs: List[Any], writing: bool) -> None:
        """After the people's writes: send each group's request (when writing), then show the groups in the people's results."""
        if self.directory is None:
            return
        self.plans = self.group_plans(written_user_id if writing else planned_user_id)
        self.writing = writing
        if writing:
            for key, plan, people in self.plans:
                self.send(key, plan, people)
        self.show_in_outcomes(writing)

    def send(self, key: str, plan: GroupPlan, people: List[MembershipChange]) -> None:
        """One group's request; its failure is the failure of each person it carries (or of the run, when none)."""
        try:
            if plan.action == "create":
                self.directory.create_group(plan.body)
            elif plan.action == "delete":
                self.directory.delete_group(key)
            else:
                self.directory.patch_group(key, plan.operations)
            self.sent += 1
        except WebexError as error:
            self.failed.add(key)
            message = "groups: the group %s could not be %s: %s" % (self.name_of(key) or key, GROUP_ACTIONS[plan.action], error)
            for change in people:
                change.job.error, change.job.failure = message, error
            if not people:
                self.failures.append(message)

    def show_in_outcomes(self, writing: bool) -> None:
        """A person whose groups change is updated, with groups in the changed fields and the diff."""
        labels = group_labels(self.groups, [d.display_name for d in self.declared if self.declared_key(d) and
                                            self.declared_key(d).startswith(NEW_GROUP)])
        for change in self.changes:
            job = change.job
            outcome = job.done or job.planned
            if job.error is not None or outcome is None:
                continue
            before = sorted(labels.get(key, self.name_of(key)) for key in change.before)
            after = sorted(labels.get(key, self.name_of(key)) for key in change.after)
            shown = PersonOutcome(outcome.action if outcome.changed else "updated", outcome.person,
                                  dict(outcome.before, groups=before), dict(outcome.after, groups=after), outcome.warnings)
            if writing:
                job.done = shown
            else:
                job.planned = shown


def listed_user_id(job: Any) -> Optional[str]:
    """The SCIM id of a person Webex held when the run read it (the uuid inside the People API id)."""
    return scim_id(job.listed["id"], "PEOPLE") if job.listed else None


def planned_user_id(job: Any) -> Optional[str]:
    """The SCIM id, or a placeholder for a person the run creates (check mode, rendered)."""
    return listed_user_id(job) or NEW_MEMBER_ID % job.label


def written_user_id(job: Any) -> Optional[str]:
    """The SCIM id after the people's writes: a new person's comes from the create's answer."""
    person_id = (job.done.person.get("id") if job.done and job.done.person else None) or ""
    return listed_user_id(job) or scim_id(person_id, "PEOPLE")


# --- gathered --------------------------------------------------------------------------------------------------

def add_gathered_groups(client: WebexClient, org_id: Optional[str], people: List[Dict[str, Any]],
                        ids_by_email: Dict[str, str]) -> None:
    """Each gathered person's groups (by display name where unique, else id), from one read of every group's members."""
    directory = ScimDirectory(client, org_uuid(client, org_id))
    groups = {group["id"]: group for group in directory.groups_with_members()}
    labels = group_labels(groups, [])
    held: Dict[str, List[str]] = {}
    for group_id, group in groups.items():
        for user_id in user_members(group):
            held.setdefault(user_id, []).append(labels[group_id])
    for person in people:
        user_id = scim_id(ids_by_email.get(person["email"], ""), "PEOPLE")
        if user_id and user_id in held:
            person["groups"] = sorted(held[user_id])
