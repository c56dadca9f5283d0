"""Fixtures of the fidelity suite: plain HTTP clients of the emulator."""
import pytest
from webex_http import Api

from emulator.harness import scim_org_id, scim_url


@pytest.fixture
def api(emulator):
    """Admin client through spec-proxy (when running): what it sends is checked against the spec."""
    return Api(emulator.base_url)


@pytest.fixture
def direct_api(emulator):
    """Admin client straight to the emulator, for requests the spec itself forbids (the test says why)."""
    return Api(emulator.direct_url)


@pytest.fixture
def scim(emulator):
    """Admin client of the default org's SCIM base, through spec-proxy."""
    return Api(scim_url(emulator.base_url, scim_org_id()))
