"""Shared fixtures: one emulator per test session behind spec-proxy, reset per test.

Without spec-proxy the session fails in CI (tests/emulator/harness.py: SpecProxyMissing); outside CI, and with
WEBEX_SPEC_PROXY=off, it runs unchecked, with a warning in the summary.
"""
import os
import sys
import warnings

import pytest

# Make `emulator` (tests/emulator) importable however pytest is started.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emulator.harness import spec_checks_off_note, start_emulator  # noqa: E402


@pytest.fixture(scope="session")
def emulator_process():
    """The session's emulator; the whole suite must send nothing the spec forbids."""
    running = start_emulator(spec_proxy=True)
    if running.proxy is None:
        warnings.warn(pytest.PytestWarning(spec_checks_off_note()))
    yield running
    violations = running.spec_violations()
    running.stop()
    if violations:
        lines = "\n".join(f"{v['method']} {v['path']} {v.get('query')}: {v.get('errors')}" for v in violations)
        pytest.fail(f"spec-proxy logged {len(violations)} spec violation(s):\n{lines}", pytrace=False)


@pytest.fixture
def emulator(emulator_process):
    """The emulator at the default seed, with no faults and an empty request log."""
    emulator_process.reset()
    emulator_process.clear_faults()
    emulator_process.clear_log()
    return emulator_process
