"""webex_people at 1,000 and 20,000 people (and 50,000 with --with-50k), beside a hand-written asyncio script.

Run: .venv/bin/python benchmarks/scale.py [--sizes 1000,20000] [--with-50k] [--latency-ms 50] [--parallel 10] [--slices 3]
     .venv/bin/python benchmarks/scale.py --only-rerun [--sizes 20000] [--latency-ms 50]   (about a minute a size)

For each size, on a fresh emulator (its own process, no spec-proxy) that adds the latency to every request:
  1. an empty playbook: ansible-playbook's start-up time and CPU, the baseline;
  2. bulk create: one webex_people task reading a users file of N new people (users_file, merged);
  3. the same task again (idempotent);
  4. gathered, reading each full record (login_enabled), and gathered from lists only (gather_login_enabled: false);
  5. the org reset, and a hand-written asyncio script (aiohttp, no Ansible) creating the same people at the same
     concurrency;
  6. the org reset, and the same task in --slices ansible-playbook processes at the same time, one slice each.
With --with-50k, 50,000 people once more: bulk create and the idempotent re-run only.
With --only-rerun, each size's people are seeded into the emulator as the users file declares them (no bulk
create), and only the empty playbook and the idempotent re-run are measured: a quick look at the re-run.

Per run it measures: wall time; the API requests (the emulator's request log); the floor (requests that must be
sent one by one x latency / concurrency); the emulator's CPU time over the run, and per request (from /proc, user
+ system: near 1 s per second of wall time means it was the limit, as it serves from one Python process); peak RSS
(VmHWM, /proc sampled every 50 ms) of the ansible-playbook processes (the controller and its forked worker) and of
the module process; and the CPU (user + system) of ansible-playbook and every process under it, from wait4, minus the empty
playbook's: the module's own work plus Ansible's handling of its one task, shown per person.
Nothing is asserted: the figures and the targets of issue 16 are printed side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from collection_tree import collections_root  # noqa: E402
from emulator.harness import ADMIN_TOKEN, start_emulator  # noqa: E402
from people_bulk import LICENSE, seed_with_seats  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.05
MODULE_MARK = "AnsiballZ_webex_people"


# --- the users and the plays ------------------------------------------------------------------------------------

def declared_people(count: int) -> List[Dict[str, Any]]:
    return [{"email": "scale%05d@bench.example.com" % n, "display_name": "Scale %05d" % n, "first_name": "Scale",
             "last_name": "%05d" % n, "department": "Benchmark", "licenses": [LICENSE]} for n in range(count)]


def write_users_file(folder: Path, people: List[Dict[str, Any]]) -> Path:
    path = folder / ("users-%d.yml" % len(people))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump({"people": people}, Dumper=dumper, sort_keys=False))
    return path


def people_play(parallel: int, **options: Any) -> List[Dict[str, Any]]:
    task = {"name": "people", "webexops.identity.webex_people": dict(options, parallel=parallel)}
    return [{"hosts": "localhost", "gather_facts": False, "tasks": [task]}]


EMPTY_PLAY = [{"hosts": "localhost", "gather_facts": False, "tasks": []}]


# --- measuring processes ------------------------------------------------------------------------------------------

def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process, from /proc/<pid>/stat."""
    fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_of() -> Dict[int, List[int]]:
    tree: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path("/proc/%s/stat" % entry).read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


def descendants(root: int) -> List[int]:
    tree, found, todo = children_of(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def peak_rss_mb(pid: int) -> Optional[float]:
    try:
        for line in Path("/proc/%d/status" % pid).read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class PeakSampler(threading.Thread):
    """Samples VmHWM of every process under the roots: the ansible-playbook processes, and the module's."""

    def __init__(self, roots: List[int]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.controller_mb = 0.0
        self.module_mb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for root in self.roots:
                for pid in descendants(root):
                    self.sample(pid)
            self.done.wait(SAMPLE_SECONDS)

    def sample(self, pid: int) -> None:
        try:
            command = Path("/proc/%d/cmdline" % pid).read_bytes().decode(errors="replace")
        except OSError:
            return
        peak = peak_rss_mb(pid) or 0.0
        if MODULE_MARK in command:
            self.module_mb = max(self.module_mb, peak)
        elif "ansible-playbook" in command:
            self.controller_mb = max(self.controller_mb, peak)


def playbook_env(api_url: str, work: Path) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBEX_", "ANSIBLE_"))}
    env.update(WEBEX_API_URL=api_url, WEBEX_ACCESS_TOKEN=ADMIN_TOKEN, ANSIBLE_COLLECTIONS_PATH=str(collections_root()),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCAL_TEMP=str(work / "tmp"),
               ANSIBLE_HOME=str(work / "home"), ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_DISPLAY_OK_HOSTS="0", ANSIBLE_DISPLAY_SKIPPED_HOSTS="0")
    return env


def run_playbooks(emulator: Any, plays_list: List[List[Dict[str, Any]]], work: Path, options: Sequence[str] = ()) -> Dict[str, Any]:
    """Run these playbooks at the same time (with these ansible-playbook options); wall time, requests, emulator CPU,
    CPU and peaks of the processes."""
    env = playbook_env(emulator.base_url, work)
    emulator.clear_log()
    started_cpu = cpu_seconds(emulator.process.pid)
    started = time.perf_counter()
    procs = []
    for plays in plays_list:
        path = work / ("play-%d.yml" % len(list(work.glob("play-*.yml"))))
        path.write_text(yaml.safe_dump(plays, sort_keys=False))
        out = open(path.with_suffix(".out"), "w+", encoding="utf-8")  # pylint: disable=consider-using-with
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c", "local", *options, str(path)]
        procs.append((subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT), out))
    sampler = PeakSampler([proc.pid for proc, _out in procs])
    sampler.start()
    cpu = 0.0
    for proc, out in procs:
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        if proc.returncode != 0:
            out.seek(0)
            sys.exit("ansible-playbook failed (rc %d):\n%s" % (proc.returncode, out.read()[-3000:]))
        out.close()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    emulator_cpu = cpu_seconds(emulator.process.pid) - started_cpu
    return dict(api_traffic(emulator), seconds=seconds, emulator_cpu=emulator_cpu, cpu=cpu, playbooks=len(procs),
                controller_mb=sampler.controller_mb, module_mb=sampler.module_mb)


def api_traffic(emulator: Any) -> Dict[str, Any]:
    log = [entry for entry in emulator.requests_log() if entry["path"].startswith("/v1/")]
    methods: Dict[str, int] = {}
    for entry in log:
        methods[entry["method"]] = methods.get(entry["method"], 0) + 1
    person_reads = sum(1 for entry in log if entry["method"] == "GET" and entry["path"].startswith("/v1/people/"))
    return {"requests": len(log), "by_method": dict(sorted(methods.items())), "person_reads": person_reads}


# --- the hand-written script --------------------------------------------------------------------------------------

async def create_with_aiohttp(api_url: str, people: List[Dict[str, Any]], parallel: int) -> None:
    """The same people, created with POST /people at most `parallel` at a time: what the module competes with."""
    headers = {"Authorization": "Bearer " + ADMIN_TOKEN}
    async with aiohttp.ClientSession(headers=headers, connector=aiohttp.TCPConnector(limit=parallel)) as session:
        async with session.get(api_url + "/licenses") as response:
            licenses = (await response.json())["items"]
        license_id = next(lic["id"] for lic in licenses if lic["name"] == LICENSE)
        gate = asyncio.Semaphore(parallel)

        async def create(person: Dict[str, Any]) -> None:
            body = {"emails": [person["email"]], "displayName": person["display_name"], "firstName": person["first_name"],
                    "lastName": person["last_name"], "department": person["department"], "licenses": [license_id]}
            async with gate, session.post(api_url + "/people", json=body) as response:
                if response.status != 200:
                    raise RuntimeError("POST /people %s: %d %s" % (person["email"], response.status, await response.text()))

        await asyncio.gather(*(create(person) for person in people))


def run_script(emulator: Any, people: List[Dict[str, Any]], parallel: int) -> Dict[str, Any]:
    emulator.clear_log()
    started_cpu, started_own = cpu_seconds(emulator.process.pid), time.process_time()
    started = time.perf_counter()
    asyncio.run(create_with_aiohttp(emulator.base_url, people, parallel))
    seconds = time.perf_counter() - started
    return dict(api_traffic(emulator), seconds=seconds, emulator_cpu=cpu_seconds(emulator.process.pid) - started_cpu,
                cpu=time.process_time() - started_own)


# --- one size -----------------------------------------------------------------------------------------------------

def measure_size(count: int, args: argparse.Namespace, work: Path, full: bool) -> Dict[str, Any]:
    """Every run for one size; with full=False (50,000) only the create and the re-run."""
    people = declared_people(count)
    users_file = str(write_users_file(work, people))
    seed = seed_with_seats(count * 2)
    runs: Dict[str, Any] = {}
    with start_emulator(seed_data=seed, latency_ms=args.latency_ms) as emulator:
        runs["empty playbook"] = run_playbooks(emulator, [EMPTY_PLAY], work)
        runs["bulk create"] = run_playbooks(emulator, [people_play(args.parallel, users_file=users_file)], work)
        runs["idempotent re-run"] = run_playbooks(emulator, [people_play(args.parallel, users_file=users_file)], work)
        if not full:
            return runs
        runs["gathered"] = run_playbooks(emulator, [people_play(args.parallel, state="gathered")], work)
        runs["gathered, lists only"] = run_playbooks(
            emulator, [people_play(args.parallel, state="gathered", gather_login_enabled=False)], work)
        emulator.load_seed(seed)
        runs["asyncio script create"] = run_script(emulator, people, args.parallel)
        emulator.load_seed(seed)
        sliced = [people_play(args.parallel, users_file=users_file, slice={"number": n, "count": args.slices})
                  for n in range(1, args.slices + 1)]
        runs["sliced create (%d at once)" % args.slices] = run_playbooks(emulator, sliced, work)
    return runs


def seeded_org(people: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The emulator's seed with these people already in it, as a bulk create of the users file would leave them."""
    seed = seed_with_seats(len(people) * 2)
    seed["people"] = list(seed.get("people") or []) + [
        {"emails": [person["email"]], "display_name": person["display_name"], "first_name": person["first_name"],
         "last_name": person["last_name"], "department": person["department"], "licenses": person["licenses"]}
        for person in people]
    return seed


def measure_rerun(count: int, args: argparse.Namespace, work: Path) -> Dict[str, Any]:
    """The empty playbook and the idempotent re-run on an org seeded with the users file's people."""
    people = declared_people(count)
    users_file = str(write_users_file(work, people))
    with start_emulator(seed_data=seeded_org(people), latency_ms=args.latency_ms) as emulator:
        runs = {"empty playbook": run_playbooks(emulator, [EMPTY_PLAY], work)}
        runs["idempotent re-run"] = run_playbooks(emulator, [people_play(args.parallel, users_file=users_file)], work)
    if runs["idempotent re-run"]["by_method"].keys() - {"GET"}:
        sys.exit("the re-run wrote: %s" % runs["idempotent re-run"]["by_method"])
    return runs


def floor_of(name: str, count: int, args: argparse.Namespace) -> Optional[float]:
    """The time the requests that must be sent take at the latency and concurrency (None: no per-person requests)."""
    per_person = {"bulk create": 1, "asyncio script create": 1, "gathered": 1}
    if name.startswith("sliced"):
        return count * args.latency_ms / 1000 / (args.parallel * args.slices)
    if name in per_person:
        return count * args.latency_ms / 1000 / args.parallel
    return None


# --- printing -----------------------------------------------------------------------------------------------------

def print_size(count: int, runs: Dict[str, Any], args: argparse.Namespace) -> None:
    base = runs["empty playbook"]
    print("\n%d people (latency %d ms, parallel %d)" % (count, args.latency_ms, args.parallel))
    print("%-26s %8s %8s %9s %10s %8s %9s %8s %9s %11s" % (
        "run", "wall s", "floor s", "requests", "emul. CPU", "ms/req", "ctrl MB", "mod. MB", "CPU s", "CPU ms/pers"))
    for name, run in runs.items():
        floor = floor_of(name, count, args)
        ansible = name not in ("asyncio script create",)
        above = run["cpu"] - base["cpu"] * run["playbooks"] if ansible and name != "empty playbook" else None
        print("%-26s %8.1f %8s %9d %9.1fs %8s %9s %8s %9.1f %11s" % (
            name, run["seconds"], "%.1f" % floor if floor else "-", run["requests"], run["emulator_cpu"],
            "%.1f" % (run["emulator_cpu"] * 1000 / run["requests"]) if run["requests"] else "-",
            "%.0f" % run["controller_mb"] if ansible else "-", "%.0f" % run["module_mb"] if run.get("module_mb") else "-",
            run["cpu"], "%.2f" % (above * 1000 / count) if above is not None else "-"))


def print_targets(sizes: List[int], results: Dict[int, Dict[str, Any]], args: argparse.Namespace) -> None:
    """Issue 16's targets at the largest full size, each met or missed and by how much."""
    full = [size for size in sizes if "gathered" in results[size]]
    if not full:
        return
    n = max(full)
    runs = results[n]
    start_up = runs["empty playbook"]["seconds"]
    create, rerun = runs["bulk create"], runs["idempotent re-run"]
    floor = floor_of("bulk create", n, args)
    script = runs["asyncio script create"]["seconds"]
    lists = runs["gathered, lists only"]
    sliced = next(run for name, run in runs.items() if name.startswith("sliced"))

    def line(what: str, value: float, limit: float, unit: str = "") -> None:
        verdict = "met" if value <= limit else "MISSED by %.0f%%" % ((value / limit - 1) * 100)
        print("  %-62s %9.1f%s (limit %.1f%s): %s" % (what, value, unit, limit, unit, verdict))

    print("\nTargets at %d people (ansible-playbook start-up %.1f s):" % (n, start_up))
    line("bulk create <= 1.25 x floor + start-up", create["seconds"], 1.25 * floor + start_up, " s")
    line("bulk create <= asyncio script + start-up", create["seconds"], script + start_up, " s")
    line("idempotent re-run requests <= 40", rerun["requests"], 40)
    line("idempotent re-run < 5 s", rerun["seconds"], 5, " s")
    line("gathered (lists only) requests <= people / 10", lists["requests"], n / 10)
    print("  gathered with login_enabled: %d requests, %d of them GET /people/{id} (loginEnabled is in no list)"
          % (runs["gathered"]["requests"], runs["gathered"]["person_reads"]))
    line("ansible-playbook peak RSS < 300 MB (bulk create)", create["controller_mb"], 300, " MB")
    small = min(full)
    if small != n:
        per = {size: (results[size]["bulk create"]["cpu"] - results[size]["empty playbook"]["cpu"]) / size for size in (small, n)}
        line("CPU per person, create, %d vs %d, ratio <= 1.2" % (n, small), per[n] / per[small], 1.2)
    print("  sliced create (%d slices at once): %.1f s beside %.1f s in one task" % (args.slices, sliced["seconds"], create["seconds"]))
    for name, run in runs.items():
        if run["emulator_cpu"] >= 0.8 * run["seconds"] and run["requests"] > 100:
            print("  the emulator was the limit in '%s': %.1f s of CPU in %.1f s (%.1f ms a request)"
                  % (name, run["emulator_cpu"], run["seconds"], run["emulator_cpu"] * 1000 / run["requests"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="comma list of people counts, each measured in full")
    parser.add_argument("--with-50k", action="store_true", help="also 50,000 people: create and re-run")
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=10)
    parser.add_argument("--slices", type=int, default=3)
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--only-rerun", action="store_true", help="seed each size's people; time only the re-run")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results: Dict[int, Dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.only_rerun:
            for count in sizes:
                results[count] = measure_rerun(count, args, Path(tmp))
                print_size(count, results[count], args)
            return
        for count in sizes + ([50000] if args.with_50k else []):
            results[count] = measure_size(count, args, Path(tmp), full=count in sizes)
            print_size(count, results[count], args)
            sys.stdout.flush()
    print_targets(sizes, results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
