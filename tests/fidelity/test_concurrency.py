"""Several clients at once: the threaded server keeps every write and every seat count consistent."""
from concurrent.futures import ThreadPoolExecutor

from webex_http import Api
from emulator.harness import license_seed_id

ADVANCED = license_seed_id("Advanced Messaging")


def test_parallel_creates_respect_seats_and_uniqueness(emulator):
    def create(n):
        api = Api(emulator.base_url)
        body = {"emails": [f"par{n % 10}@example.com"], "firstName": f"P{n}", "licenses": [ADVANCED]}
        return api.post("/people", json=body).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(create, range(40)))
    # Ten emails: ten people created, everything else is 409; two seats: two of them got the license.
    assert statuses.count(200) == 10 and set(statuses) == {200, 409}
    lic = next(l for l in emulator.state()["licenses"] if l["id"] == ADVANCED)
    assert lic["consumedUnits"] == 2
    holders = [p for p in emulator.state()["people"] if ADVANCED in p.get("licenses", [])]
    assert len(holders) == 2
