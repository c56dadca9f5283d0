"""Link paging: a 10,000-person org, re-added filters, max=null, and the per-filter caps."""
from emulator.harness import ADMIN_TOKEN


def big_org(emulator, count=10_000):
    seed = {"org": {"name": "Example Org"},
            "tokens": [{"token": ADMIN_TOKEN, "scopes": ["spark-admin:people_read"]}],
            "generated_people": {"count": count}}
    emulator.load_seed(seed)


def test_ten_thousand_people_come_back_once_each(api, emulator):
    big_org(emulator)
    seen, url, params, pages = [], "/people", {"max": 1000}, 0
    while url:
        response = api.get(url, params=params)
        assert response.status_code == 200
        seen.extend(p["id"] for p in response.json()["items"])
        url, params, pages = response.links.get("next", {}).get("url"), None, pages + 1
    assert len(seen) == 10_000 and len(set(seen)) == 10_000 and pages == 10


def test_a_page_resumes_after_the_last_person_served_when_people_come_and_go(api, emulator):
    seed = {"org": {"name": "Example Org"},
            "tokens": [{"token": ADMIN_TOKEN, "scopes": ["spark-admin:people_read", "spark-admin:people_write"]}],
            "generated_people": {"count": 30}}
    emulator.load_seed(seed)
    first = api.get("/people", params={"max": 10})
    served = [p["id"] for p in first.json()["items"]]
    later = [p["id"] for p in api.get("/people", params={"max": 30}).json()["items"][10:]]
    assert api.delete("/people/" + served[-1]).status_code == 204  # the cursor's own person
    assert api.delete("/people/" + later[0]).status_code == 204
    added = api.post("/people", json={"emails": ["late@example.com"], "displayName": "Late"}).json()["id"]
    rest, url = [], first.links["next"]["url"]
    while url:
        page = api.get(url)
        rest += [p["id"] for p in page.json()["items"]]
        url = page.links.get("next", {}).get("url")
    assert rest == later[1:] + [added]


def test_next_url_with_filters_re_added_is_accepted(api, emulator):
    big_org(emulator, 250)
    first = api.get("/people", params={"displayName": "Bulk User 001", "max": 40})
    next_url = first.links["next"]["url"]
    second = api.get(next_url, params={"displayName": "Bulk User 001", "max": 40})  # Like webexpythonsdk.
    names = [p["displayName"] for p in first.json()["items"] + second.json()["items"]]
    assert len(names) == len(set(names)) == 80 and all(n.startswith("Bulk User 001") for n in names)


def test_next_url_with_max_null_is_accepted(direct_api, emulator):
    # Direct: max=null is a spec violation a client would never send on purpose; Webex's own next URLs carry it.
    big_org(emulator, 30)
    first = direct_api.get("/people", params={"max": 20})
    junk = first.links["next"]["url"].replace("max=20", "max=null")
    second = direct_api.get(junk)
    assert second.status_code == 200 and len(second.json()["items"]) == 10


def test_page_size_caps(api, emulator):
    big_org(emulator, 1200)
    assert len(api.get("/people").json()["items"]) == 100
    assert len(api.get("/people", params={"max": 5000}).json()["items"]) == 1000
    assert len(api.get("/people", params={"max": 500, "callingData": "true"}).json()["items"]) == 100


def test_locations_page_with_link(api):
    first = api.get("/locations", params={"max": 1})
    assert len(first.json()["items"]) == 1 and "next" in first.links
    second = api.get(first.links["next"]["url"])
    assert [l["name"] for l in second.json()["items"]] == ["Branch Office"] and "next" not in second.links
    assert [l["name"] for l in api.get("/locations", params={"name": "QUART"}).json()["items"]] == ["Headquarters"]
