"""Control Hub CSV in and out, the plan file (JSON and Markdown), and the drift check, against the emulator."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import requests

from collection_tree import REPO_ROOT
from emulator.harness import ADMIN_TOKEN
from playbook_runs import task_play, writes_in

PLAYBOOKS = REPO_ROOT / "playbooks"
PLAN_SCHEMA = json.loads((REPO_ROOT / "docs" / "plan-file.schema.json").read_text())
EMAIL = "User ID/Email (Required)"


def person(state: dict, email: str) -> dict:
    return next(p for p in state["people"] if email in p["emails"])


def license_id(state: dict, name: str) -> str:
    return next(lic["id"] for lic in state["licenses"] if lic["name"] == name)


def write_csv(path: Path, header: list, *rows: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path.write_text(out.getvalue())
    return str(path)


def test_a_control_hub_csv_is_planned_into_plan_files_and_then_applied(emulator, run_playbook, tmp_path):
    users = write_csv(tmp_path / "users.csv",
                      [EMAIL, "First Name", "Last Name", "Display Name", "Title", "User Status", "Messaging", "Advanced Messaging"],
                      ["new.csv@example.com", "Nora", "Csv", "Nora Csv", "Analyst", "Active", "TRUE", ""],
                      ["carol.calling@example.com", "", "", "", "Sales Director", "Verified", "", "FALSE"])
    plan_json, plan_md = tmp_path / "plan.json", tmp_path / "plan.md"
    extra = {"users_file": users, "plan_file": str(plan_json), "plan_markdown": str(plan_md)}
    run = run_playbook(PLAYBOOKS / "sync.yml", extra, check=True)
    assert run.rc == 0, run.stdout[-3000:] + run.stderr
    assert writes_in(emulator.requests_log()) == []

    plan = json.loads(plan_json.read_text())
    jsonschema.validate(plan, PLAN_SCHEMA)
    assert plan["counts"] == {"created": 1, "updated": 1, "disabled": 0, "deleted": 0, "failed": 0, "unchanged": 0, "changes": 2}
    carol, new = plan["people"]
    assert (carol["email"], carol["action"]) == ("carol.calling@example.com", "updated")
    assert carol["fields"] == {"title": {"before": "Account Executive", "after": "Sales Director"}}
    # A title alone is one SCIM operation (sent inside a Bulk request), not a full-record PUT.
    assert [(r["method"], r["body"]["Operations"]) for r in carol["requests"]] == [
        ("PATCH", [{"op": "replace", "path": "title", "value": "Sales Director"}])]
    assert new["action"] == "created" and new["requests"][0]["method"] == "POST"
    assert new["requests"][0]["body"]["licenses"] == [license_id(emulator.state(), "Messaging")]
    markdown = plan_md.read_text()
    assert markdown.startswith("### Webex plan\n\n**1 created, 1 updated, 0 unchanged** (check mode: nothing was changed)")
    assert "| carol.calling@example.com | updated | title: \"Account Executive\" → \"Sales Director\" |" in markdown
    assert "| new.csv@example.com | created |" in markdown and "licenses +Messaging" in markdown
    assert ADMIN_TOKEN not in plan_json.read_text() + markdown

    applied = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users})
    assert applied.rc == 0, applied.stdout[-3000:]
    state = emulator.state()
    assert person(state, "new.csv@example.com")["title"] == "Analyst"
    assert person(state, "carol.calling@example.com")["title"] == "Sales Director"
    assert license_id(state, "Messaging") in person(state, "new.csv@example.com")["licenses"]


def test_gathered_written_as_csv_and_yaml_and_applied_back_changes_nothing(emulator, run_playbook, tmp_path):
    files = [str(tmp_path / "org.csv"), str(tmp_path / "org.yml")]
    gathered = {"state": "gathered", "scope": {"exclude_admins": False}}
    gather = [{"name": "Gather into %s" % Path(f).suffix, "webexops.identity.webex_people": dict(gathered, gathered_file=f)}
              for f in files]
    apply = [{"name": "Apply %s" % Path(f).suffix, "webexops.identity.webex_people": {"users_file": f}} for f in files]
    run = run_playbook(task_play(*gather, *apply))
    assert run.rc == 0, run.stdout[-3000:]
    assert run.changed == 0
    assert writes_in(emulator.requests_log()) == []
    for name in ("Apply .csv", "Apply .yml"):
        summary = run.task(name)["summary"]
        assert set(summary) == {"unchanged"} and summary["unchanged"] >= 3, summary
    rows = list(csv.DictReader(io.StringIO(Path(files[0]).read_text())))
    carol = next(row for row in rows if row[EMAIL] == "carol.calling@example.com")
    assert (carol["Location"], carol["Extension"], carol["Phone Number"], carol["Messaging"], carol["Advanced Messaging"]) == (
        "Headquarters", "4101", "+1 408 555 0101", "TRUE", "FALSE")
    assert "admin@example.com" in {row[EMAIL] for row in rows}


def test_a_bad_csv_fails_before_any_call_naming_row_and_column(emulator, run_playbook, tmp_path):
    users = write_csv(tmp_path / "users.csv", [EMAIL, "Messaging"], ["carol.calling@example.com", "yes"])
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users})
    assert run.rc != 0
    assert "users.csv row 2, column 'Messaging': 'yes' is not TRUE or FALSE" in run.stdout, run.stdout[-3000:]
    assert [e for e in emulator.requests_log() if e["path"].startswith("/v1/")] == []


def test_a_service_column_that_names_no_license_fails_before_any_write(emulator, run_playbook, tmp_path):
    users = write_csv(tmp_path / "users.csv", [EMAIL, "Mesaging"], ["carol.calling@example.com", "TRUE"])
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": users})
    assert run.rc != 0
    assert "users.csv column 'Mesaging': no license is named 'Mesaging'; did you mean 'Messaging'" in run.stdout, run.stdout[-3000:]
    assert writes_in(emulator.requests_log()) == []


def test_drift_passes_when_webex_matches_and_fails_with_the_summary_after_a_change_by_hand(emulator, run_playbook, tmp_path):
    users = tmp_path / "users.yml"
    users.write_text("people:\n  - email: carol.calling@example.com\n    title: Account Executive\n    department: Sales\n")
    drift_md = tmp_path / "drift.md"
    extra = {"users_file": str(users), "fail_on_drift": True, "plan_markdown": str(drift_md)}
    clean = run_playbook(PLAYBOOKS / "sync.yml", extra, check=True)
    assert clean.rc == 0, clean.stdout[-3000:]
    assert "Webex matches the users file: nothing to change." in drift_md.read_text()

    # Someone changes Carol's title by hand in Control Hub.
    carol_id = person(emulator.state(), "carol.calling@example.com")["id"]
    url = "%s/people/%s" % (emulator.base_url, carol_id)
    headers = {"Authorization": "Bearer %s" % ADMIN_TOKEN}
    record = requests.get(url, params={"callingData": "true"}, headers=headers, timeout=10).json()
    body = {k: record[k] for k in ("emails", "displayName", "firstName", "lastName", "nickName", "avatar", "department",
                                   "extension", "locationId", "licenses", "addresses", "loginEnabled") if k in record}
    body["title"] = "Changed by hand"
    assert requests.put(url, params={"callingData": "true"}, json=body, headers=headers, timeout=10).status_code == 200
    emulator.clear_log()

    drifted = run_playbook(PLAYBOOKS / "sync.yml", extra, check=True)
    assert drifted.rc != 0
    assert drifted.task("Fail on drift")["msg"].startswith("Webex differs from the users file: 1 person would change")
    shown = "\n".join(drifted.task("Show the drift")["msg"])
    assert "| carol.calling@example.com | updated | title: \"Changed by hand\" → \"Account Executive\" |" in shown
    assert drift_md.read_text().startswith("### Webex drift\n\n**1 updated, 0 unchanged**")
    assert writes_in(emulator.requests_log()) == []


def test_a_drift_check_refuses_to_run_without_check_mode(emulator, run_playbook, tmp_path):
    users = tmp_path / "users.yml"
    users.write_text("people: []\n")
    run = run_playbook(PLAYBOOKS / "sync.yml", {"users_file": str(users), "fail_on_drift": True})
    assert run.rc != 0 and "run it with --check" in run.stdout
