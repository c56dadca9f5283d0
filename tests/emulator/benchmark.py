"""Latency of the emulator: 1,000 sequential GET /people/{id} over one keep-alive requests.Session.

Run: .venv/bin/python tests/emulator/benchmark.py [--count N] [--spec-proxy]
"""
import argparse
import os
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from emulator.harness import ADMIN_EMAIL, ADMIN_TOKEN, person_seed_id, start_emulator  # noqa: E402


def measure(base_url: str, count: int) -> list:
    """Milliseconds of each GET, after a short warm-up."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    url = f"{base_url}/people/{person_seed_id(ADMIN_EMAIL)}"
    for _warmup in range(20):
        session.get(url).raise_for_status()
    timings = []
    for _request in range(count):
        started = time.perf_counter()
        session.get(url).raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    session.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--spec-proxy", action="store_true", help="measure through spec-proxy")
    args = parser.parse_args()
    with start_emulator(spec_proxy=args.spec_proxy) as emulator:
        timings = measure(emulator.base_url, args.count)
    print(f"{args.count} GET /people/{{id}}{' via spec-proxy' if args.spec_proxy else ''}: "
          f"median {statistics.median(timings):.2f} ms, mean {statistics.fmean(timings):.2f} ms, "
          f"p95 {sorted(timings)[int(len(timings) * 0.95)]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
