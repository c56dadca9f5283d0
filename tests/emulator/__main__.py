"""Command line: python tests/emulator --port 0 --seed-data FILE ...; prints the base URL first."""
import argparse
import os
import signal
import sys

if __package__ in (None, ""):
    # Run as `python tests/emulator`: make the package importable from its parent folder.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "emulator"  # noqa: A001

from emulator.app import EmulatorApp  # noqa: E402
from emulator.faults import ALL_KINDS, FaultPlan  # noqa: E402
from emulator.seed import load_seed_file  # noqa: E402
from emulator.server import make_server  # noqa: E402

DEFAULT_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "default.yml")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python tests/emulator", description="In-memory Webex identity API.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--seed-data", default=DEFAULT_SEED, help="seed file (YAML or JSON)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added latency on /v1 requests")
    parser.add_argument("--latency-jitter-ms", type=float, default=0.0, help="standard deviation of the latency")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of /v1 requests that get a fault")
    parser.add_argument("--fault-kinds", default=",".join(ALL_KINDS), help="comma list of fault kinds")
    parser.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds on 429 faults")
    parser.add_argument("--seed", type=int, default=0, help="random seed for faults and latency")
    parser.add_argument("--guest-count-form", default="text", choices=("text", "json-number", "json-object"))
    return parser.parse_args(argv)


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    faults = FaultPlan(rate=args.fault_rate, kinds=args.fault_kinds.split(","), seed=args.seed,
                       retry_after=args.retry_after, latency_ms=args.latency_ms,
                       latency_jitter_ms=args.latency_jitter_ms, guest_count_form=args.guest_count_form)
    app = EmulatorApp(load_seed_file(args.seed_data), faults)
    server = make_server(app, args.port)
    print(f"http://127.0.0.1:{server.server_port}/v1", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)  # Also when started in the background, where SIGINT is ignored.
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
