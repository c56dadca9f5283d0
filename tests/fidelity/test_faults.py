"""Each fault kind, over plain HTTP: what the client sees and what the server did."""
import pytest
import requests

from webex_http import state_person
from emulator.harness import ADMIN_EMAIL, person_seed_id

ADMIN_ID = person_seed_id(ADMIN_EMAIL)


def only(emulator, kind, **extra):
    emulator.set_faults(rate=1.0, kinds=[kind], seed=7, **extra)


@pytest.mark.parametrize("kind,retry_after", [("429", "3"), ("429-no-retry-after", None),
                                              ("429-bad-retry-after", "rand(30),add(30)")])
def test_429_kinds(api, emulator, kind, retry_after):
    only(emulator, kind, retry_after=3)
    response = api.get(f"/people/{ADMIN_ID}")
    assert response.status_code == 429
    assert response.headers.get("Retry-After") == retry_after
    assert response.json()["trackingId"].startswith("ROUTER_")
    assert emulator.requests_log()[-1]["fault"] == kind


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_do_nothing(api, emulator, status):
    only(emulator, str(status))
    response = api.post("/people", json={"emails": ["five@example.com"], "firstName": "Five"})
    assert response.status_code == status and "message" in response.json()
    assert state_person(emulator, "five@example.com") is None


def test_drop_closes_the_connection_and_does_nothing(api, emulator):
    only(emulator, "drop")
    with pytest.raises(requests.ConnectionError):
        api.post("/people", json={"emails": ["dropped@example.com"], "firstName": "Drop"})
    assert state_person(emulator, "dropped@example.com") is None
    assert emulator.requests_log()[-1] == {"method": "POST", "path": "/v1/people", "query": "", "status": None,
                                           "fault": "drop"}
    emulator.clear_faults()
    assert api.get(f"/people/{ADMIN_ID}").status_code == 200  # The same session reconnects.


def test_create_400_still_creates_the_person(api, emulator):
    only(emulator, "create-400")
    assert api.get(f"/people/{ADMIN_ID}").status_code == 200  # Only POST /people gets this fault.
    response = api.post("/people", json={"emails": ["half@example.com"], "firstName": "Half"})
    assert response.status_code == 400
    assert state_person(emulator, "half@example.com") is not None
    emulator.clear_faults()
    assert len(api.get("/people", params={"email": "half@example.com"}).json()["items"]) == 1


def test_write_drop_applies_the_write(api, emulator):
    only(emulator, "write-drop")
    with pytest.raises(requests.ConnectionError):
        api.delete(f"/people/{person_seed_id('dave.disabled@example.com')}")
    assert state_person(emulator, "dave.disabled@example.com") is None
    assert emulator.requests_log()[-1]["fault"] == "write-drop"


def test_faults_repeat_with_the_same_seed(api, emulator):
    def run():
        emulator.set_faults(rate=0.5, kinds=["500", "503"], seed=42)
        return [api.get(f"/people/{ADMIN_ID}").status_code for _attempt in range(30)]
    first = run()
    assert first == run() and {200, 500, 503} <= set(first)


def test_latency_is_applied(api, emulator):
    emulator.set_faults(latency_ms=30)
    response = api.get(f"/people/{ADMIN_ID}")
    assert response.elapsed.total_seconds() >= 0.03
