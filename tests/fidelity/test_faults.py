"""Each fault kind, over plain HTTP: what the client sees and what the server did."""
import pytest
import requests

from webex_http import Api, state_person
from emulator.harness import ADMIN_EMAIL, license_seed_id, person_seed_id, scim_org_id, scim_url, scim_user_id

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


DAVE = "dave.disabled@example.com"
BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def scim_title(title: str) -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": title}]}


def bulk_title(title: str) -> dict:
    return {"schemas": [BULK], "operations": [{"method": "PATCH", "path": f"/Users/{scim_user_id(DAVE)}",
                                               "data": scim_title(title)}]}


# (name, send the write, path the log shows, the status the server reached, what the server then holds)
NEW_WRITES = [
    ("bulk", lambda api, scim: scim.post("/Bulk", json=bulk_title("Bulk")), "/Bulk", 200,
     lambda emulator: state_person(emulator, DAVE).get("title") == "Bulk"),
    ("scim-patch", lambda api, scim: scim.patch(f"/Users/{scim_user_id(DAVE)}", json=scim_title("Patched")),
     f"/Users/{scim_user_id(DAVE)}", 200, lambda emulator: state_person(emulator, DAVE).get("title") == "Patched"),
    ("scim-delete", lambda api, scim: scim.delete(f"/Users/{scim_user_id(DAVE)}"), f"/Users/{scim_user_id(DAVE)}",
     204, lambda emulator: state_person(emulator, DAVE) is None),
    ("licenses-users", lambda api, scim: api.patch("/licenses/users", json={
        "email": DAVE, "licenses": [{"id": license_seed_id("Advanced Messaging"), "operation": "add"}]}),
     "/v1/licenses/users", 200,
     lambda emulator: license_seed_id("Advanced Messaging") in state_person(emulator, DAVE)["licenses"]),
]


@pytest.mark.parametrize("send, path, status, applied", [case[1:] for case in NEW_WRITES],
                         ids=[case[0] for case in NEW_WRITES])
def test_write_drop_applies_bulk_scim_and_license_writes(api, emulator, send, path, status, applied):
    only(emulator, "write-drop")
    scim = Api(scim_url(emulator.base_url, scim_org_id()))
    with pytest.raises(requests.ConnectionError):
        send(api, scim)
    emulator.clear_faults()
    assert applied(emulator)
    entry = emulator.requests_log()[-1]
    assert entry["path"].endswith(path) and entry["status"] == status and entry["fault"] == "write-drop"


@pytest.mark.parametrize("send", [case[1] for case in NEW_WRITES], ids=[case[0] for case in NEW_WRITES])
def test_latency_and_server_errors_reach_bulk_scim_and_license_writes(api, emulator, send):
    scim = Api(scim_url(emulator.base_url, scim_org_id()))
    emulator.set_faults(latency_ms=30)
    assert send(api, scim).elapsed.total_seconds() >= 0.03
    emulator.reset()
    only(emulator, "503")
    response = send(api, scim)
    assert response.status_code == 503 and emulator.requests_log()[-1]["fault"] == "503"
    held = state_person(emulator, DAVE)
    assert held.get("title") is None and held["licenses"] == [license_seed_id("Messaging")]
