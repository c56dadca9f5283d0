"""Spec checking never turns itself off in CI: there a missing spec-proxy fails the session; outside CI a clone without
the shared tools runs unchecked, with a warning, and WEBEX_SPEC_PROXY=off turns the checks off on purpose."""

from __future__ import annotations

import pytest

from emulator import harness


@pytest.fixture
def no_shared_tools(monkeypatch, tmp_path):
    """A checkout with no ../shared/tools beside it, and no WEBEX_SPEC_PROXY."""
    monkeypatch.setattr(harness, "REPO_ROOT", str(tmp_path / "checkout"))
    monkeypatch.delenv("WEBEX_SPEC_PROXY", raising=False)
    return tmp_path


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_a_missing_default_spec_proxy_is_an_error_naming_where_it_was_looked_for(no_shared_tools, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(harness.SpecProxyMissing) as raised:
        harness.spec_proxy_path()
    assert str(raised.value) == (
        "spec-proxy is not at %s, so no request could be checked against the Webex spec; set WEBEX_SPEC_PROXY to "
        "its path, or WEBEX_SPEC_PROXY=off to run without spec checks." % (no_shared_tools / "shared" / "tools" / "spec-proxy"))


@pytest.mark.parametrize("ci", ["", "false"])
def test_outside_ci_a_clone_without_the_shared_tools_runs_unchecked_and_says_so(no_shared_tools, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    assert harness.spec_proxy_path() is None
    assert harness.spec_checks_off_note() == (
        "spec-proxy is not at %s, so no request of this session is checked against the Webex spec (in CI this fails); "
        "set WEBEX_SPEC_PROXY to its path to check them." % (no_shared_tools / "shared" / "tools" / "spec-proxy"))


@pytest.mark.parametrize("ci", ["true", ""])
def test_a_missing_spec_proxy_fails_in_ci_and_outside_it(no_shared_tools, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("WEBEX_SPEC_PROXY", str(no_shared_tools / "nowhere" / "spec-proxy"))
    with pytest.raises(harness.SpecProxyMissing, match="nowhere/spec-proxy"):
        harness.spec_proxy_path()


def test_in_ci_the_emulator_does_not_start_without_the_spec_proxy_it_was_asked_for(no_shared_tools, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(harness.SpecProxyMissing):
        harness.start_emulator(spec_proxy=True).stop()  # stop: were it to start, it must not outlive the test


@pytest.mark.parametrize("setting", ["off", "OFF", " off "])
def test_off_is_the_one_way_to_run_without_spec_checks(no_shared_tools, monkeypatch, setting):
    monkeypatch.setenv("WEBEX_SPEC_PROXY", setting)
    monkeypatch.setenv("CI", "true")
    assert harness.spec_proxy_path() is None
    assert harness.spec_checks_off_note() == "WEBEX_SPEC_PROXY=off: no request of this session is checked against the Webex spec."


def test_a_spec_proxy_that_exists_is_used(no_shared_tools, monkeypatch):
    tool = no_shared_tools / "shared" / "tools" / "spec-proxy"
    tool.parent.mkdir(parents=True)
    tool.write_text("")
    assert harness.spec_proxy_path() == str(tool)
    monkeypatch.setenv("WEBEX_SPEC_PROXY", str(tool))
    assert harness.spec_proxy_path() == str(tool)
