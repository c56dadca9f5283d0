#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: webex_people
short_description: Keep many Webex people in a declared state in one task
version_added: 0.1.0
description:
  - Takes a whole users file (a list of people) and creates, updates, replaces, offboards, deletes or reads them
    in one task. Looping M(webexops.identity.webex_person) costs about 0.3 s of Ansible overhead per person before
    any request; this module pays it once.
  - Each person is planned and written by the same code as M(webexops.identity.webex_person), so both modules
    agree on every comparison, every request body and every diff.
  - "The module reads the org in a few list calls: pages of C(GET /people) (1,000 a page, or 100 when calling
    data is needed), and only when the config manages them, the holders of each license
    (C(GET /licenses/{id}?includeAssignedTo=user)) and of each role (C(GET /people?roles=))."
  - Lists carry no C(loginEnabled), and Webex replaces the whole record on a People API update, so the module reads
    the full record of each person it is going to write through the People API, and of each person whose
    C(login_enabled) is managed. An idempotent V(merged) run that does not manage C(login_enabled) therefore sends
    only list calls, and so does the planning of updates that O(write_api=auto) sends through SCIM or
    C(PATCH /licenses/users).
  - Writes go out O(parallel) at a time, with the client's retry rules. One person's failure does not stop the
    others; the task fails at the end, naming who failed and why.
  - Before any write, a run that would delete or offboard more than O(max_deletions) people stops.
author:
  - webexops.identity maintainers (@webexops)
options:
  config:
    description:
      - The people, each a dict with the options of M(webexops.identity.webex_person) except O(state), for
        example C(email), C(display_name), C(licenses), C(roles), C(location), C(login_enabled).
      - "Each item needs C(email) (needed to create) or C(id). The fields are C(display_name), C(first_name),
        C(last_name), C(nick_name), C(department), C(title), C(manager), C(manager_id), C(avatar), C(extension),
        C(location), C(login_enabled), C(licenses), C(roles), C(site_urls), C(phone_numbers) and C(addresses),
        with the types and forms M(webexops.identity.webex_person) documents."
      - An unknown key or a value of the wrong type fails the task before any call, naming the item and the key.
      - A name that matches no license, role or location fails only that person.
      - "C(groups): the groups the person is a member of, by display name or group id (the SCIM uuid), in the form
        C(licenses) takes - a list sets exactly these groups, a dict with C(add), C(remove) and C(set) changes only what
        it names. With V(replaced) and V(overridden) it must be a list. A person who leaves C(groups) out keeps their
        memberships in every state (unlike C(licenses), which V(replaced) clears): give C(groups: []) to take someone
        out of every group. A group that does not exist (and is not declared in O(groups)), or a name two groups share,
        fails only that person, before anything is written for them."
      - With O(state=deleted) and O(state=offboarded) only C(email) or C(id) of each item is used. With
        O(state=gathered) it is ignored.
      - Each person may be listed once.
      - Not together with O(users_file).
    type: list
    elements: dict
    default: []
  users_file:
    description:
      - A file the module reads the people from itself, instead of O(config), so thousands of people never go
        through Ansible's templating. By its extension.
      - V(.yml) or V(.yaml) - a users file (its C(people) section, or a list of people), checked as O(config) is;
        an error names the file, the person and the key, with the nearest known key.
      - V(.csv) - a CSV in Control Hub's user format (docs/users-file.md lists the columns). Each row is a person,
        an empty cell leaves that field as it is, and each service column holding V(TRUE) or V(FALSE) adds or removes
        the license of that name. Read-only columns such as C(User Status) are skipped. An unknown column, a value
        other than V(TRUE) or V(FALSE) in a service column, or a row without an email fails the task before any
        call, naming the row and the column; a service column that names no license fails it before any write.
      - "A YAML users file may also have a C(groups) section, read as O(groups) is (not together with O(groups))."
    type: path
  groups:
    description:
      - Groups the run declares, applied with V(merged), V(replaced), V(overridden) and V(rendered) (ignored by the
        other states). A group V(present) is created when no group has its name (one C(POST), with the listed people
        who join it as its members) and gets the given C(external_id); a group V(absent) is deleted.
      - Memberships come from the people's C(groups); a declared group is planned as M(webexops.identity.webex_group)
        plans it, and the group requests go after the people's writes, so new people join with their new ids.
      - Not together with a C(groups) section in O(users_file).
    type: list
    elements: dict
    suboptions:
      display_name:
        description: The group's name. A name that two groups of the org share fails the run before any write.
        type: str
        required: true
      external_id:
        description: The provisioning client's identifier of the group (SCIM C(externalId)); an empty string removes it.
        type: str
      state:
        description: V(present) creates the group when missing; V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
  offboard_leave_groups:
    description:
      - With V(true), a person offboarded by disabling (V(offboarded) with O(offboard_action=disable), and the unlisted
        people of V(overridden) with O(offboard_action=disable)) is also taken out of every group, with one C(PATCH)
        per group after the people's updates; C(groups) then shows in their RV(results[].changed_fields) and diff.
      - A deleted person leaves every group with the account, so deleting needs no group request.
      - With V(false), group memberships are left as they are. The offboarding role sets this from
        C(offboarding_leave_groups), V(true) by default.
    type: bool
    default: false
  gathered_file:
    description:
      - With O(state=gathered), also write the people gathered to this file, by its extension - V(.csv) in Control
        Hub's user format (one column per license of the org, V(TRUE) or V(FALSE)), or V(.yml) / V(.yaml) as a users
        file with a C(people) section. Read back with O(users_file), either changes nothing.
      - The CSV holds only Control Hub's columns, so fields it has no column for (C(login_enabled), C(roles),
        C(nick_name), C(groups), ...) are not in it, and applying it leaves them as they are.
      - Written in check mode too, as the file is what the read returns; nothing is written to Webex.
    type: path
  results:
    description:
      - Which people RV(results) lists. V(changed) - the people the run changes (in check mode, would change) or who
        fail; people left as they are (V(unchanged), V(gone)) are only counted in RV(summary), so a run over 20,000
        people where three change returns three lines. V(all) - every person the run handled.
      - RV(summary), RV(seats_freed), RV(plan) and the diff are the same either way.
    type: str
    choices: [changed, all]
    default: changed
  slice:
    description:
      - Handle only one part of O(config) or O(users_file), so that jobs running at the same time (AWX job slicing,
        or several hosts of one play) split one users file - each checks the whole file, then handles its part.
      - A person belongs to slice C(crc32(lower-case email, else id) mod count + 1), so every person falls in exactly
        one slice, whatever the order of the file, and the same one in every run.
      - Not with V(overridden) or V(gathered), which reach people beyond the list.
      - The declared groups (O(groups), or the users file's C(groups) section) are created and updated by slice 1
        only, so that slices running at once create no group twice; a person of another slice who joins a group that
        does not exist yet fails that run, before anything is written for them, and joins it on the next.
      - RV(summary) and RV(results) cover this slice only.
    type: dict
    suboptions:
      number:
        description: This slice, from 1 to O(slice.count).
        type: int
        required: true
      count:
        description: How many slices the file is split into.
        type: int
        required: true
  gather_login_enabled:
    description:
      - With O(state=gathered), whether to read C(login_enabled). No list carries it, so V(true) reads each person's
        full record (one request per person).
      - V(false) reads everything else from lists - pages of 100 people with calling data, the holders of each
        license (300 a page) and of each role - about one request per 70 people who hold one license, and leaves
        C(login_enabled) out of each item. Feed such a file back with V(merged), which leaves sign-in as it is;
        V(replaced) would turn sign-in on for everyone it lists.
    type: bool
    default: true
  return_plan:
    description:
      - Return RV(plan), per person who changes (or fails) the action, each changed field before and after, and the
        requests sent (in check mode, those a run would send). C(playbooks/sync.yml) writes it as the plan file.
    type: bool
    default: false
  state:
    description:
      - V(merged) creates the listed people who do not exist and updates the given fields of those who do.
        Fields not given, and people not listed, are left alone.
      - V(replaced) gives each listed person exactly the given fields. Every managed field not given is cleared,
        with three exceptions so that a run never flaps or locks people out - C(login_enabled) not given is
        V(true), C(display_name) not given is C(first_name last_name) (Webex requires one), and C(nick_name) not given
        is C(first_name) (Webex sets it so on every update). List fields must be given as lists (no C(add) or
        C(remove)). People not listed are left alone. Each listed person's full record is read (one request each).
      - V(overridden) is V(replaced), and also offboards every person of the org who is not listed and is inside
        O(scope), by O(offboard_action). At most O(max_deletions) people may be offboarded.
      - V(deleted) deletes the listed people; people already gone report no change. At most O(max_deletions).
      - V(offboarded) offboards the listed people by O(offboard_action), which is V(disable) unless set - the same
        update as V(overridden) sends to the unlisted (sign-in off, every license and admin role removed, the calling
        location and extension cleared), and with V(delete) that update first, then the person is deleted (at most
        O(max_deletions) of them). A person already offboarded reports V(unchanged), a person not in Webex V(gone).
        Each person's full record is read (one request each), and RV(results) names the licenses and roles removed,
        RV(seats_freed) the seats freed.
      - V(gathered) reads the people inside O(scope) into RV(gathered), in the shape of O(config), and changes
        nothing. Each person's full record is read (one request each), because only it holds C(login_enabled);
        with O(gather_login_enabled=false) lists only, about one request per 70 people.
        Each person's C(groups) come from one read of every group with its members (a few SCIM search pages).
      - V(rendered) reads the org as V(merged) does and returns in RV(rendered) the requests a V(merged) run
        would send, without sending any of them. It needs API access because Webex replaces whole records, so
        every request body depends on what Webex holds. The group requests come last.
    type: str
    choices: [merged, replaced, overridden, deleted, offboarded, gathered, rendered]
    default: merged
  scope:
    description:
      - Which people of the org V(overridden) may offboard and V(gathered) reads. A person must match every
        condition given. Listed people are managed whatever the scope.
      - Only people of type C(person) are ever in scope, never bots or guests.
    type: dict
    suboptions:
      email_domains:
        description:
          - Only people whose email is in one of these domains, such as V(example.com).
        type: list
        elements: str
      locations:
        description:
          - Only people in one of these Webex Calling locations, by name or id.
        type: list
        elements: str
      exclude_admins:
        description:
          - Leave out everyone who holds any administrator role. They are never offboarded unless this is V(false).
        type: bool
        default: true
  offboard_action:
    description:
      - What V(overridden) does to people in scope who are not listed, and V(offboarded) to the listed people.
      - V(disable) turns their sign-in off and removes all their licenses and admin roles (and with the licenses the
        calling location and extension, which Webex keeps only with a calling license), keeping the person and their
        history; each candidate's full record is read (one request each) to know whether sign-in is already off.
      - V(delete) deletes them. With V(offboarded) the V(disable) update is sent first, so the licenses and roles
        removed are reported and a person whose delete fails is still signed out with their seats freed.
      - When not set, V(delete) with V(overridden) and V(disable) with V(offboarded).
    type: str
    choices: [delete, disable]
  max_deletions:
    description:
      - The most people a run may delete (V(deleted), and V(offboarded) with O(offboard_action=delete)) or offboard
        (V(overridden)). A run that would remove more fails before any write and names the first of them. When not
        set, the limit is 5. Disabling listed people (V(offboarded) with O(offboard_action=disable)) is not limited.
      - An empty O(config) with V(overridden) would offboard everyone in scope, so it fails unless this option
        is set explicitly.
    type: int
  parallel:
    description:
      - How many requests are in flight at once, for reading full records and for writes. Webex rate limits are
        honoured by the client's retry rules (429 with Retry-After), so a higher value mostly helps over slow links.
    type: int
    default: 10
  write_api:
    description:
      - Which Webex API carries the writes. The plan, the diff, check mode and the results are the same either way.
      - V(auto) chooses per person, from the one plan. A deletion, and an update whose changed fields are all among
        C(display_name), C(first_name), C(last_name), C(nick_name), C(title), C(department), C(manager_id),
        C(phone_numbers) and C(addresses), goes as one operation of a SCIM 2 C(POST /Bulk) request of up to 100
        operations, without reading the person's full record when the lists carry the fields compared. An update of
        C(licenses) alone (no Webex Calling license among those added or removed) goes as one C(PATCH /licenses/users).
        Everything else stays on the People API - creates, C(login_enabled), C(roles), C(manager) (free text, which
        SCIM has no attribute for), C(avatar), C(site_urls), calling fields, phone numbers of types SCIM lacks (such as
        C(work_extension)), an update mixing SCIM fields with others, and the disabling update of offboarding.
      - V(people) sends every write through the People API (a full read and a full-replacement C(PUT) per update), for
        organisations or tokens without SCIM access.
      - SCIM needs the scope C(identity:people_rw). When a Bulk request is refused (403), nothing of it was written,
        and the People API carries the plans of its people instead; their RV(results[].msg) says so and names this option.
      - A Bulk request holds only operations that replace or remove whole attributes and deletions, so sending it
        twice does no harm; when its answer is lost, the client sends it again by its retry rules, and a deletion
        answered 404 the second time counts as done. An operation that fails inside a Bulk answer fails only
        that person, with the operation's status and detail.
    type: str
    choices: [auto, people]
    default: auto
extends_documentation_fragment:
  - webexops.identity.org
  - webexops.identity.connection
  - webexops.identity.connection.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads but never writes, and reports the same actions, changed fields and diff. New people get a placeholder id.
  diff_mode:
    support: full
    details: One diff per person who changes, holding only the fields that change; people who do not change are left out.
  platform:
    platforms: all
notes:
  - "Scopes: C(spark-admin:people_read), C(spark-admin:people_write) (not for V(gathered) and V(rendered)),
    C(spark-admin:licenses_read), C(spark-admin:roles_read), and C(spark-admin:locations_read) when locations are given by name.
    Groups go through SCIM 2: C(identity:people_read) for V(gathered), C(identity:people_rw) for a run that manages
    groups (a person's C(groups), O(groups), O(offboard_leave_groups))."
  - "A run that manages groups reads every group of the org with its members: C(GET /people/me) for the organisation
    (none with O(org_id)), one C(GET /Groups?includeMembers=true) page per 100 groups, and the Members pages of a group
    of 500 members or more; then one request per group that changes, never one per person."
  - "Requests of an idempotent V(merged) run over P people: ceil(P/1000) list pages (ceil(P/100) when C(extension)
    or C(location) is managed), one for the license list and one per license in use and 300 holders when
    C(licenses) is managed, one for the role list and one per role when C(roles) is managed, plus one per person
    whose C(login_enabled) is managed."
  - A C(manager_id) given by email is found in the list the run has read. When the manager is created by the same
    run, their reports are written after them, with the new id; check mode shows a placeholder for it.
  - A new person is created with one C(POST), which returns the person; a second request (C(PUT)) follows only
    when C(nick_name) or C(login_enabled) is given, which C(POST) does not take.
  - "With O(write_api=auto), changing one field such as C(title) on P people costs ceil(P/1000) list pages and
    ceil(P/100) SCIM Bulk requests, and deleting P people the same; docs/write-apis.md has the rules."
seealso:
  - module: webexops.identity.webex_person
"""

EXAMPLES = r"""
- name: Onboard or update everyone in the users file
  webexops.identity.webex_people:
    config:
      - email: alice@example.com
        display_name: Alice Smith
        first_name: Alice
        last_name: Smith
        department: Sales
        licenses:
          add: [Messaging]
      - email: bob@example.com
        display_name: Bob Jones
        title: Engineer
        login_enabled: true

- name: Preview a sync of the users file (no writes; the diff holds only people who change)
  webexops.identity.webex_people:
    config: "{{ lookup('ansible.builtin.file', 'users.yml') | from_yaml }}"
    state: overridden
    scope:
      email_domains: [example.com]
    max_deletions: 20
  check_mode: true
  diff: true
  when: false  # needs a users.yml beside the playbook

- name: Offboard people who left by turning their sign-in off and freeing their licenses
  webexops.identity.webex_people:
    config:
      - email: alice@example.com
        display_name: Alice Smith
        licenses: [Messaging]
    state: overridden
    scope:
      email_domains: [example.com]
    offboard_action: disable
    max_deletions: 10

- name: Offboard two people who left (sign-in off, licenses and admin roles removed) and count the seats freed
  webexops.identity.webex_people:
    config:
      - email: leaver1@example.com
      - email: leaver2@example.com
    state: offboarded
  register: offboarded

- name: People join and leave groups; a declared group is created first
  webexops.identity.webex_people:
    config:
      - email: alice@example.com
        display_name: Alice Smith
        groups:
          add: [Engineering]
      - email: bob@example.com
        display_name: Bob Jones
        groups: [Sales Team]  # exactly this group
    groups:
      - display_name: Engineering
        external_id: eng-1
- name: Offboard a person who left and take them out of every group
  webexops.identity.webex_people:
    config:
      - email: leaver1@example.com
    state: offboarded
    offboard_leave_groups: true
- name: Delete two people
  webexops.identity.webex_people:
    config:
      - email: leaver1@example.com
      - email: leaver2@example.com
    state: deleted

- name: Read every non-admin person of example.com into the config shape
  webexops.identity.webex_people:
    state: gathered
    scope:
      email_domains: [example.com]
  register: current_people

- name: Apply a Control Hub CSV export (TRUE adds a license, FALSE removes it, an empty cell leaves it)
  webexops.identity.webex_people:
    users_file: users.csv
  when: false  # needs a users.csv beside the playbook

- name: Write the org as a Control Hub CSV and as a YAML users file
  webexops.identity.webex_people:
    state: gathered
    gathered_file: "{{ item }}"
    scope:
      email_domains: [example.com]
  loop: [/tmp/people.csv, /tmp/people.yml]

- name: Show the requests a merged run would send
  webexops.identity.webex_people:
    config:
      - email: carol@example.com
        title: Director
    state: rendered
  register: planned_requests
"""

RETURN = r"""
results:
  description:
    - One entry per person the run changed (in check mode, would change) or who failed, in config order; with
      O(results=all) one per person the run handled (listed people, and people offboarded by V(overridden)).
    - With V(offboarded) it is what an offboarding report needs - per person the action, the licenses freed and the
      admin roles removed.
    - Empty for V(gathered).
  returned: always
  type: list
  elements: dict
  contains:
    email:
      description: The person's email (the id when the item gave only an id).
      type: str
      sample: alice@example.com
    id:
      description: The person's Webex id; a placeholder for a person created in check mode; null when nobody has it.
      type: str
      sample: Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hbGljZQ
    action:
      description:
        - What happened to the person (in check mode, what would happen). V(disabled) is an offboarding by
          O(offboard_action=disable). V(gone) is a person V(offboarded) did not find in Webex.
      type: str
      choices: [created, updated, disabled, deleted, unchanged, gone, failed]
      sample: updated
    changed_fields:
      description: The options whose values changed.
      type: list
      elements: str
      sample: [department, licenses]
    licenses_removed:
      description:
        - The licenses the change takes from the person, by name (what an offboarding frees); empty otherwise.
        - Empty for V(deleted), which does not read what the person holds; V(offboarded) with
          O(offboard_action=delete) names every license the deleted person held.
      type: list
      elements: str
      sample: [Messaging]
    roles_removed:
      description: The admin roles the change takes from the person, by name; empty otherwise.
      type: list
      elements: str
      sample: [User Administrator]
    msg:
      description: Why the person failed, or warnings such as a field Webex did not keep as sent; empty otherwise.
      type: str
      sample: "licenses: no license is named 'Mesaging'; did you mean 'Messaging'?"
  sample:
    - {email: alice@example.com, id: Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hbGljZQ, action: created, changed_fields: [display_name],
       licenses_removed: [], roles_removed: [], msg: ""}
groups:
  description:
    - One entry per group the run changed (in check mode, would change) - C(display_name), C(id) (a placeholder for a
      group created in check mode) and C(action) (V(created), V(updated) or V(deleted)).
    - A person's membership changes show in their RV(results) as the changed field C(groups).
  returned: when a group changes
  type: list
  elements: dict
  sample:
    - {display_name: Engineering, id: 3e4f7f6a-7f0e-4bb4-9d0d-3e6a2c1b9a10, action: updated}
group_requests:
  description:
    - The group requests of the run (in check mode, those a run would send), each with C(method), C(path) (the SCIM
      path), C(body) and C(group) (its display name). A person created in the same run shows as a placeholder id.
  returned: when O(return_plan=true)
  type: list
  elements: dict
  sample:
    - {method: PATCH, path: /identity/scim/0ae87ade-8c8a-4952-af08-318798958d0c/v2/Groups/3e4f7f6a-7f0e-4bb4-9d0d-3e6a2c1b9a10,
       group: Engineering, body: {schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       Operations: [{op: add, path: members, value: [{value: 5583e1ec-21c5-55f5-8480-2f478ae82b47, type: user}]}]}}
summary:
  description: How many people got each action, counting every person the run handled whatever O(results) says.
  returned: always
  type: dict
  sample: {created: 12, unchanged: 988}
seats_freed:
  description: The license seats the run freed (in check mode, would free), per license name, counted from RV(results[].licenses_removed).
  returned: when the run frees at least one seat
  type: dict
  sample: {Messaging: 2, "Webex Meetings - Enterprise": 1}
gathered:
  description:
    - The people inside O(scope), sorted by email, in the shape of O(config). Licenses, roles and the location are
      given by name where the name is unique, by id otherwise; the manager by email. C(groups) (only for a person in at
      least one group) by display name where unique, by id otherwise.
    - Feeding it back as O(config) with V(replaced) changes nothing.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - {email: alice@example.com, display_name: Alice Smith, first_name: Alice, last_name: Smith,
       licenses: [Messaging], roles: [], login_enabled: true}
plan:
  description:
    - Per person who changes or fails, in config order, C(email), C(id), C(action), C(fields) (each changed field
      with C(before) and C(after)), C(requests) (C(method), C(path) and the JSON C(body)) and C(msg).
    - The C(people) of the plan file docs/plan-file.md describes; it holds no token.
  returned: when O(return_plan=true)
  type: list
  elements: dict
  sample:
    - {email: carol@example.com, id: Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jYXJvbA, action: updated,
       fields: {title: {before: Manager, after: Director}},
       requests: [{method: PUT, path: /people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jYXJvbA, body: {displayName: Carol, title: Director}}],
       msg: ""}
rendered:
  description:
    - The requests a V(merged) run would send, in config order, each with C(method), C(path), C(email) and the
      JSON C(body) (none for C(DELETE)). A person to be created has a placeholder id in the path of a following C(PUT).
    - A SCIM operation (O(write_api=auto)) is listed as the request it stands for, C(PATCH) of
      C(/identity/scim/{orgId}/v2/Users/{id}) with its C(PatchOp) body, and C(bulk) names the Bulk request that
      carries it (C(POST /identity/scim/{orgId}/v2/Bulk)); a run sends up to 100 of them in one Bulk request.
    - Then the group requests, as RV(group_requests) shows them (C(group) instead of C(email)).
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample:
    - {method: PUT, path: /people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hbGljZQ, email: alice@example.com,
       body: {displayName: Alice Smith, emails: [alice@example.com], title: Director, loginEnabled: true}}
"""

from typing import Callable, Optional

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.webexops.identity.plugins.module_utils.person.directory import Directory
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput, WebexError
from ansible_collections.webexops.identity.plugins.module_utils.person.engine import (
    BulkSettings,
    PeopleSync,
    failure_message,
    job_diff,
    job_result,
    seats_freed,
    summary_of,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.collector import pace_collections_for_bulk
from ansible_collections.webexops.identity.plugins.module_utils.person.config import read_config
from ansible_collections.webexops.identity.plugins.module_utils.groups.people_groups import (
    DECLARED_GROUP_OPTIONS,
    PeopleGroups,
    add_gathered_groups,
    read_declared_groups,
)
from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.person.scope import check_empty_overridden, scope_from_params
from ansible_collections.webexops.identity.plugins.module_utils.person.plan_report import plan_entry
from ansible_collections.webexops.identity.plugins.module_utils.person.routes import WRITE_APIS
from ansible_collections.webexops.identity.plugins.module_utils.person.slices import Slice, items_in_slice, slice_from_params
from ansible_collections.webexops.identity.plugins.module_utils.person.users_file import (
    HAS_YAML,
    YAML_IMPORT_ERROR,
    PeopleFile,
    read_people_file,
    write_people_file,
)
from ansible_collections.webexops.identity.plugins.module_utils.transport.org_scope import ORG_ID_ARGUMENT_SPEC
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule

# Actions that leave a person as they were: counted in summary, listed in results only with results=all.
NO_CHANGE_ACTIONS = ("unchanged", "gone")
PEOPLE_STATES = ["merged", "replaced", "overridden", "deleted", "offboarded", "gathered", "rendered"]


def argument_spec() -> dict:
    return {
        "config": {"type": "list", "elements": "dict", "default": []},
        "state": {"type": "str", "choices": PEOPLE_STATES, "default": "merged"},
        "scope": {"type": "dict", "options": {
            "email_domains": {"type": "list", "elements": "str"},
            "locations": {"type": "list", "elements": "str"},
            "exclude_admins": {"type": "bool", "default": True},
        }},
        "offboard_action": {"type": "str", "choices": ["delete", "disable"]},
        "max_deletions": {"type": "int"},
        "parallel": {"type": "int", "default": 10},
        "users_file": {"type": "path"},
        "gathered_file": {"type": "path"},
        "results": {"type": "str", "choices": ["changed", "all"], "default": "changed"},
        "gather_login_enabled": {"type": "bool", "default": True},
        "slice": {"type": "dict", "options": {"number": {"type": "int", "required": True},
                                              "count": {"type": "int", "required": True}}},
        "return_plan": {"type": "bool", "default": False},
        "write_api": {"type": "str", "choices": list(WRITE_APIS), "default": "auto"},
        "groups": {"type": "list", "elements": "dict", "options": DECLARED_GROUP_OPTIONS},
        "offboard_leave_groups": {"type": "bool", "default": False},
        **ORG_ID_ARGUMENT_SPEC,
    }


def check_numbers(params: dict) -> None:
    if params["parallel"] < 1:
        raise InvalidInput("parallel must be 1 or more, not %d." % params["parallel"])
    if params["max_deletions"] is not None and params["max_deletions"] < 0:
        raise InvalidInput("max_deletions must be 0 or more, not %d." % params["max_deletions"])


def settings_from(module: WebexModule, directory: Directory) -> BulkSettings:
    params = module.params
    scope_params = params["scope"] or {}
    location_ids = [directory.resolve("location", name, "scope.locations") for name in scope_params.get("locations") or []]
    return BulkSettings(
        state=params["state"],
        scope=scope_from_params(scope_params, location_ids),
        offboard_action=params["offboard_action"] or STATES[params["state"]].default_offboard_action,
        max_deletions=params["max_deletions"],
        parallel=params["parallel"],
        check_mode=module.check_mode,
        write_api=params["write_api"],
    )


def changed(jobs: list, check_mode: bool, state: str) -> bool:
    """Check mode reports what a run would change; a real run what it did (a failed write may have done part)."""
    if not STATES[state].writes:
        return False
    if check_mode:
        return any(job.will_change for job in jobs)
    return any(job.done is not None and job.done.changed for job in jobs)


def declared_groups(params: dict, people: PeopleFile, part: Optional[Slice]) -> list:
    """The groups the run declares (the groups option, or the users file's groups section); only states that make
    people present apply them, and of a sliced run only slice 1, so that slices running at once create no group twice."""
    if params["groups"] is not None and people.groups is not None:
        raise InvalidInput("give the groups in the groups option or in the users file's groups section, not both.")
    if STATES[params["state"]].deletes or STATES[params["state"]].offboards_listed or (part and part.number != 1):
        return []
    if people.groups is not None:
        return read_declared_groups(people.groups, "%s: groups" % people.noun.split(":")[0])
    return read_declared_groups(params["groups"], "groups")


def returned_results(results: list, which: str) -> list:
    """What the task returns in results: the people changed or failed, or with results=all everyone handled."""
    if which == "all":
        return results
    return [line for line in results if line["action"] not in NO_CHANGE_ACTIONS]


def people_source(params: dict) -> PeopleFile:
    """The people to manage: users_file when given (read here, not templated by Ansible), else config."""
    if not params["users_file"]:
        return PeopleFile(params["config"], "config item")
    if params["config"]:
        raise InvalidInput("give the people in config or in users_file, not both.")
    return read_people_file(params["users_file"])


def check_service_columns(directory: Directory, people: PeopleFile) -> None:
    """Every license column of a CSV names a license, checked before any write (else every row would fail alike)."""
    for name in people.services:
        directory.resolve("license", name, "%s column %r" % (people.noun.split(":")[0], name))


def gathered_result(sync: PeopleSync, directory: Directory, params: dict, warn: Callable[[str], None]) -> dict:
    """gathered's answer with each person's groups, also written to gathered_file when given (one license column each,
    as Control Hub does; Control Hub's CSV has no groups column, so the CSV leaves groups out)."""
    people = sync.gather(login_enabled=params["gather_login_enabled"])
    try:
        add_gathered_groups(sync.client, params["org_id"], people, sync.snapshot.ids_by_email)
    except WebexError as error:
        if error.status != 403:
            raise
        # Groups are read over SCIM, which needs a scope of its own; the people alone are still worth having.
        warn("gathered leaves out each person's groups: %s" % error)
    gathered_file = params["gathered_file"]
    if gathered_file:
        services = [sync.label_of("license", lic["id"]) for lic in directory.licenses()]
        write_people_file(gathered_file, people, services)
    return {"changed": False, "results": [], "summary": {}, "gathered": people}


def run(module: WebexModule) -> dict:
    params = module.params
    check_numbers(params)
    state = params["state"]
    returns = STATES[state].returns
    people = people_source(params) if returns != "gathered" else PeopleFile()
    part = slice_from_params(params["slice"], state)
    items = items_in_slice(read_config(people.items, state, people.noun), part)
    check_empty_overridden(state, items, params["max_deletions"])
    module.pool_size = params["parallel"]
    directory = Directory(module.client)
    sync = PeopleSync(module.client, directory, settings_from(module, directory))
    if returns == "gathered":
        return gathered_result(sync, directory, params, module.warn)
    check_service_columns(directory, people)
    groups = PeopleGroups(module.client, params["org_id"], [item.groups for item in items],
                          declared_groups(params, people, part), params["offboard_leave_groups"])
    sync.companions.append(groups)
    jobs = sync.run(items)
    results = [job_result(job) for job in jobs]
    result = {"changed": changed(jobs, module.check_mode, state) or (STATES[state].writes and groups.changed),
              "results": returned_results(results, params["results"]), "summary": summary_of(results)}
    if groups.plans:
        result["groups"] = groups.results()
    if params["return_plan"]:
        result["plan"] = [plan_entry(line, job.outcome.before if job.outcome else {}, job.outcome.after if job.outcome else {},
                                     sync.requests_of(job))
                          for job, line in zip(jobs, results) if line["action"] != "unchanged"]
        result["group_requests"] = groups.requests()
    seats = seats_freed(results)
    if seats:
        result["seats_freed"] = seats
    if returns == "rendered":
        result["rendered"] = [call for job in jobs for call in sync.requests_of(job)] + groups.requests()
    if module._diff and returns != "rendered":
        result["diff"] = [diff for diff in (job_diff(job) for job in jobs) if diff]
    if any(entry["action"] == "failed" for entry in results):
        result.update(failed=True, msg=failure_message(results))
    elif groups.failures:
        result.update(failed=True, msg="; ".join(groups.failures))
    return result


def main() -> None:
    pace_collections_for_bulk()
    module = WebexModule(argument_spec=argument_spec(), supports_check_mode=True)
    if not HAS_YAML and (module.params["users_file"] or module.params["gathered_file"]):
        module.fail_json(msg=missing_required_lib("PyYAML"), exception=YAML_IMPORT_ERROR)
    module.run_and_exit(run)


if __name__ == "__main__":
    main()
