"""Start and drive the emulator from tests, the demo and benchmarks (optionally behind spec-proxy)."""
import json
import os
import subprocess
import sys
import tempfile
import time

import requests

from .ids import (license_seed_id, location_seed_id, org_seed_id, person_seed_id,  # noqa: F401 - re-exported
                  role_seed_id, decode_id, encode_id, group_seed_id)

# The id helpers are part of the harness's interface: tests compute seeded ids with them.
__all__ = ["license_seed_id", "location_seed_id", "org_seed_id", "person_seed_id", "role_seed_id", "decode_id", "encode_id",
           "group_seed_id", "scim_user_id", "scim_org_id"]

EMULATOR_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED_FILE = os.path.join(EMULATOR_DIR, "seeds", "default.yml")
DEMO_SEED_FILE = os.path.join(EMULATOR_DIR, "seeds", "demo.yml")
REPO_ROOT = os.path.dirname(os.path.dirname(EMULATOR_DIR))

ADMIN_TOKEN = "emulator-admin-token-0123456789"
READONLY_TOKEN = "emulator-readonly-token-0123456789"
GUEST_ISSUER_TOKEN = "emulator-guest-issuer-token-0123456789"
CLIENT_ID = "emulator-client-id"
CLIENT_SECRET = "emulator-client-secret-0123456789"
REFRESH_TOKEN = "emulator-refresh-token-0123456789"
ADMIN_EMAIL = "admin@example.com"
ORG_NAME = "Example Org"
# The default seed's customer organisation, which ADMIN_TOKEN's user manages as a partner and READONLY_TOKEN's may not.
CUSTOMER_ORG_NAME = "Customer Org"


# WEBEX_SPEC_PROXY=off runs without spec checks, on purpose; anything else names the tool, or the default is used.
SPEC_PROXY_OFF = "off"


class SpecProxyMissing(RuntimeError):
    """spec-proxy was asked for and is not there: spec checking must never turn itself off."""


def running_in_ci() -> bool:
    """CI=true (or 1, yes), as CI services set it."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def spec_proxy_path():
    """spec-proxy from WEBEX_SPEC_PROXY or <repo>/../shared/tools/spec-proxy; None when spec checks are off.

    They are off for WEBEX_SPEC_PROXY=off, and outside CI when the default tool is not there (a clone without the
    shared tools beside it): the session then ends with a warning. In CI, or for a path named in WEBEX_SPEC_PROXY,
    a missing tool raises SpecProxyMissing: a CI run that silently checked nothing would pass for one that checked
    everything.
    """
    setting = os.environ.get("WEBEX_SPEC_PROXY", "").strip()
    if setting.lower() == SPEC_PROXY_OFF:
        return None
    path = setting or default_spec_proxy_path()
    if os.path.isfile(path):
        return path
    if setting or running_in_ci():
        raise SpecProxyMissing(f"spec-proxy is not at {path}, so no request could be checked against the Webex spec; "
                               f"set WEBEX_SPEC_PROXY to its path, or WEBEX_SPEC_PROXY=off to run without spec checks.")
    return None


def default_spec_proxy_path() -> str:
    return os.path.join(os.path.dirname(REPO_ROOT), "shared", "tools", "spec-proxy")


def spec_checks_off_note() -> str:
    """The warning of a session whose requests no spec-proxy checked."""
    if os.environ.get("WEBEX_SPEC_PROXY", "").strip().lower() == SPEC_PROXY_OFF:
        return "WEBEX_SPEC_PROXY=off: no request of this session is checked against the Webex spec."
    return ("spec-proxy is not at %s, so no request of this session is checked against the Webex spec (in CI this "
            "fails); set WEBEX_SPEC_PROXY to its path to check them." % default_spec_proxy_path())


def _first_line(process: subprocess.Popen, what: str, timeout: float = 20.0) -> str:
    """The URL a child prints first; fail with its stderr when it dies instead."""
    line = process.stdout.readline().strip()
    if not line.startswith("http"):
        process.kill()
        raise RuntimeError(f"{what} did not start: {line!r} {process.stderr.read()[-2000:]!r}")
    return line


class Emulator:
    """A running emulator (and maybe spec-proxy in front): URLs and control calls."""

    def __init__(self, process, direct_url, proxy=None, proxy_url=None, proxy_log=None):
        self.process = process
        self.direct_url = direct_url
        self.proxy = proxy
        self.proxy_log = proxy_log
        self.base_url = proxy_url or direct_url
        self.control_url = direct_url[:-len("/v1")] + "/_emulator"
        self.session = requests.Session()

    def _control(self, method, name, **kwargs):
        response = self.session.request(method, f"{self.control_url}/{name}", timeout=60, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} /_emulator/{name}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def reset(self, seed_data: dict = None):
        """Back to the startup seed, or to this seed data."""
        return self._control("POST", "reset", data=json.dumps(seed_data) if seed_data else b"")

    def load_seed(self, seed_data):
        """Replace the whole state by this seed data (dict, or YAML/JSON text)."""
        payload = seed_data if isinstance(seed_data, (str, bytes)) else json.dumps(seed_data)
        return self._control("POST", "seed", data=payload)

    def state(self) -> dict:
        return self._control("GET", "state")

    def set_faults(self, **settings) -> dict:
        """rate, kinds, seed, retry_after, latency_ms, latency_jitter_ms, guest_count_form, access_token_lifetime,
        access_token_uses."""
        return self._control("PUT", "faults", json=settings)

    def clear_faults(self) -> dict:
        return self.set_faults(rate=0.0, kinds=[], latency_ms=0, latency_jitter_ms=0, retry_after=1,
                               guest_count_form="text")

    def requests_log(self) -> list:
        return self._control("GET", "requests")

    def clear_log(self) -> None:
        self._control("DELETE", "requests")

    def expire_tokens(self) -> dict:
        return self._control("POST", "expire-tokens")

    def revoke_refresh_tokens(self) -> dict:
        return self._control("POST", "revoke-refresh-tokens")

    def spec_violations(self) -> list:
        """Lines of the spec-proxy log for requests that broke the spec (empty without a proxy)."""
        if not self.proxy_log or not os.path.exists(self.proxy_log):
            return []
        with open(self.proxy_log, encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle if line.strip()]
        return [line for line in lines if not line.get("valid", True)]

    def stop(self) -> None:
        """Stop the proxy and the emulator (SIGTERM, then kill if they linger)."""
        self.session.close()
        for process in (self.proxy, self.process):
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for stream in (process.stdout, process.stderr):
                if stream:
                    stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_emulator(seed_data=None, latency_ms=0, fault_rate=0.0, seed=0, fault_kinds=None, latency_jitter_ms=0,
                   retry_after=1, spec_proxy=False, proxy_log=None, port=0) -> Emulator:
    """Spawn `python tests/emulator` (and spec-proxy when asked, unless WEBEX_SPEC_PROXY=off); seed_data: path or dict.

    Raises SpecProxyMissing, before starting anything, when spec-proxy is asked for and cannot be found.
    """
    proxy_tool = spec_proxy_path() if spec_proxy else None
    seed_file = seed_data or DEFAULT_SEED_FILE
    if isinstance(seed_data, dict):
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(seed_data, handle)
        handle.close()
        seed_file = handle.name
    command = [sys.executable, EMULATOR_DIR, "--port", str(port), "--seed-data", seed_file,
               "--latency-ms", str(latency_ms), "--latency-jitter-ms", str(latency_jitter_ms),
               "--fault-rate", str(fault_rate), "--seed", str(seed), "--retry-after", str(retry_after)]
    if fault_kinds:
        command += ["--fault-kinds", ",".join(fault_kinds)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    direct_url = _first_line(process, "emulator")
    if proxy_tool is None:
        return Emulator(process, direct_url)
    proxy_log = proxy_log or tempfile.NamedTemporaryFile(prefix="spec-proxy-", suffix=".jsonl", delete=False).name
    proxy = subprocess.Popen([sys.executable, proxy_tool, "--upstream", direct_url, "--log", proxy_log],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proxy_url = _first_line(proxy, "spec-proxy")
    except RuntimeError:
        process.terminate()
        raise
    return Emulator(process, direct_url, proxy, proxy_url, proxy_log)


def scim_user_id(email: str) -> str:
    """The SCIM id of a seeded person: the uuid inside their People API id."""
    return decode_id(person_seed_id(email))[1]


def scim_org_id(name: str = ORG_NAME) -> str:
    """The orgId of SCIM paths: the uuid inside the organisation's People API id."""
    return decode_id(org_seed_id(name))[1]


def scim_url(base_url: str, org_uuid: str) -> str:
    """The SCIM 2 base of an org, from a /v1 base URL (SCIM sits at the API root)."""
    return f"{base_url[:-len('/v1')]}/identity/scim/{org_uuid}/v2"


def wait_until_ready(url: str, timeout: float = 10.0) -> None:
    """Poll a URL until it answers at all (for callers that start the CLI themselves)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise TimeoutError(url)


def admin_headers(token: str = ADMIN_TOKEN) -> dict:
    """Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}
