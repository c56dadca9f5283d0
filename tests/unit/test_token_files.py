"""Files that hold tokens: a planted file is not trusted, and a rotated refresh token is never lost.

The refresh_token_file tests run WebexModule itself, as a module run does, in forked processes against the emulator
(its direct URL: POST /v1/access_token is not in the identity spec that spec-proxy checks).
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import stat
from contextlib import redirect_stdout
from typing import Any, Dict, List

import pytest
import requests
import yaml
from ansible.module_utils import basic

from ansible_collections.webexops.identity.plugins.module_utils.transport import private_files
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import WebexError
from ansible_collections.webexops.identity.plugins.module_utils.guests.tokens import (
    CachedGuest,
    GuestInputError,
    load_cached_guest,
    save_cached_guest,
)
from ansible_collections.webexops.identity.plugins.module_utils.webex_module import WebexModule
from emulator.harness import CLIENT_ID, CLIENT_SECRET, DEFAULT_SEED_FILE, REFRESH_TOKEN

GUEST_TOKEN = "guest-token-" + "g" * 64
NOBODY = 65534  # a uid that is not ours


def cached_guest() -> CachedGuest:
    guest = {"id": "Z3Vlc3Q", "subject": "kiosk-1", "display_name": "Kiosk", "email": "k@appid.ciscospark.com"}
    return CachedGuest(guest=guest, access_token=GUEST_TOKEN, expires_at=4_000_000_000)


def plant(path, how: str, write) -> None:
    """A token file as someone else might leave it: readable by others, owned by another user, or a symlink."""
    if how == "symlink":
        target = path.parent / "elsewhere"
        write(str(target))
        path.symlink_to(target)
    else:
        write(str(path))
        if how == "readable by others":
            path.chmod(0o644)
        elif how == "owned by another user":
            os.chown(path, NOBODY, NOBODY)


PLANTED = ["readable by others", "group-readable", "owned by another user", "symlink"]
ADVICE = {"readable by others": "chmod 600", "group-readable": "chmod 600", "owned by another user": "remove it",
          "symlink": "symbolic link"}


# --- the guest token file --------------------------------------------------------------------------

@pytest.mark.parametrize("how", PLANTED)
def test_a_planted_guest_token_file_is_refused(tmp_path, how):
    path = tmp_path / "kiosk-1.json"
    plant(path, how, lambda target: save_cached_guest(target, cached_guest()))
    if how == "group-readable":
        path.chmod(0o640)
    before = path.read_bytes()

    with pytest.raises(GuestInputError) as caught:
        load_cached_guest(str(path), "kiosk-1")

    text = str(caught.value)
    assert str(path) in text and ADVICE[how] in text and "\n" not in text and GUEST_TOKEN not in text
    assert path.read_bytes() == before  # left as it is


def test_an_own_0600_guest_token_file_is_used(tmp_path):
    path = str(tmp_path / "kiosk-1.json")
    save_cached_guest(path, cached_guest())

    assert load_cached_guest(path, "kiosk-1") == cached_guest()


# --- refresh_token_file, through WebexModule ---------------------------------------------------------

@pytest.fixture
def rotating(emulator):
    """The default org, with an integration that replaces its refresh token on every refresh."""
    with open(DEFAULT_SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["integrations"][0]["rotate_refresh_token"] = True
    emulator.load_seed(seed)
    emulator.clear_log()
    return emulator


def module_args(emulator, refresh_file) -> Dict[str, Any]:
    return {"api_url": emulator.direct_url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN, "refresh_token_file": str(refresh_file)}


def run_module(args: Dict[str, Any], barrier: Any = None) -> Dict[str, Any]:
    """Build WebexModule with these args as a module run does, then GET /people/me; the outcome as a dict.

    With a barrier, the module first reads its credentials, then waits for the other process before its first call.
    """
    for name in [name for name in os.environ if name.startswith("WEBEX_")]:
        del os.environ[name]
    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
    basic._ANSIBLE_PROFILE = "legacy"  # ansible-core 2.19 wants one; older releases ignore it
    output = io.StringIO()
    try:
        with redirect_stdout(output):
            module = WebexModule(argument_spec={})
            client = module.client
            if barrier is not None:
                barrier.wait(timeout=60)
            person = client.get("/people/me")
        return {"ok": True, "id": person["id"], "note": module._refresh_token_note or ""}
    except SystemExit:
        return dict(json.loads(output.getvalue()), ok=False)
    except WebexError as error:
        return {"ok": False, "msg": str(error)}


def _run_in_child(args: Dict[str, Any], barrier: Any, results: Any) -> None:
    try:
        results.put(run_module(args, barrier))
    except BaseException as error:  # reported to the parent, which would otherwise wait for nothing
        results.put({"ok": False, "msg": repr(error)})


def run_in_processes(args: Dict[str, Any], count: int) -> List[Dict[str, Any]]:
    # spawn, not fork: the test process has threads (the emulator's, pytest-xdist's), which a fork would copy half-held.
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(count), context.Queue()
    children = [context.Process(target=_run_in_child, args=(args, barrier, results)) for _index in range(count)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _child in children]
    for child in children:
        child.join(timeout=60)
    return outcomes


def token_calls(emulator) -> List[int]:
    return [entry["status"] for entry in emulator.requests_log() if entry["path"] == "/v1/access_token"]


def refresh_token_works(emulator, refresh_token: str) -> bool:
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "refresh_token": refresh_token}
    return requests.post(emulator.direct_url + "/access_token", data=form, timeout=30).status_code == 200


def write_refresh_file(path, token: str = REFRESH_TOKEN) -> None:
    path.write_text(token + "\n")
    path.chmod(0o600)


@pytest.mark.parametrize("how", PLANTED)
def test_a_planted_refresh_token_file_is_refused_before_any_call(rotating, tmp_path, how):
    path = tmp_path / "refresh-token"
    plant(path, how, lambda target: write_refresh_file(type(path)(target)))
    if how == "group-readable":
        path.chmod(0o640)

    outcome = run_module(module_args(rotating, path))

    assert not outcome["ok"] and str(path) in outcome["msg"] and ADVICE[how] in outcome["msg"]
    assert "\n" not in outcome["msg"] and REFRESH_TOKEN not in json.dumps(outcome)
    assert token_calls(rotating) == []
    assert refresh_token_works(rotating, REFRESH_TOKEN)  # nothing was rotated, so nothing was lost


def test_a_refresh_token_file_in_a_missing_folder_is_refused_before_minting(rotating, tmp_path):
    path = tmp_path / "no-such-folder" / "refresh-token"

    outcome = run_module(module_args(rotating, path))

    assert not outcome["ok"] and "folder does not exist or is not writable" in outcome["msg"] and str(path) in outcome["msg"]
    assert token_calls(rotating) == []
    assert refresh_token_works(rotating, REFRESH_TOKEN)


def test_two_runs_rotating_one_refresh_token_at_once_both_succeed(rotating, tmp_path):
    path = tmp_path / "refresh-token"
    write_refresh_file(path)

    # Both processes have read the file before either refreshes: without a lock and a second read, one of them
    # would send the refresh token the other one's refresh had just revoked.
    outcomes = run_in_processes(module_args(rotating, path), 2)

    assert [outcome["ok"] for outcome in outcomes] == [True, True], outcomes
    assert all("saved to %s" % path in outcome["note"] for outcome in outcomes)
    assert token_calls(rotating) == [200, 200]  # no call with a revoked refresh token
    newest = path.read_text().strip()
    assert newest != REFRESH_TOKEN and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert refresh_token_works(rotating, newest)  # with rotation only the newest refresh token works


# --- saving -----------------------------------------------------------------------------------------

def test_the_folder_is_synced_after_the_file_is_replaced(tmp_path, monkeypatch):
    """Without it a crash can bring back the file's earlier content: a refresh token Webex has already revoked."""
    events: List[tuple] = []
    real_replace, real_fsync = os.replace, os.fsync

    def spying_replace(source, target):
        real_replace(source, target)
        events.append(("replace", os.fspath(target)))

    def spying_fsync(fd):
        real_fsync(fd)
        events.append(("fsync", "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))

    monkeypatch.setattr(private_files.os, "replace", spying_replace)
    monkeypatch.setattr(private_files.os, "fsync", spying_fsync)
    path = tmp_path / "refresh-token"

    private_files.write_private_file(str(path), "new-refresh-token\n")

    assert events == [("fsync", "file"), ("replace", str(path)), ("fsync", "folder")]
