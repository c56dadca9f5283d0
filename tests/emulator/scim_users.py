"""SCIM 2 Users read from the people store: a SCIM user id is the uuid inside the People API id."""
from . import ids
from .scim import ScimError

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CISCO_USER_URN = "urn:scim:schemas:extension:cisco:webexidentity:2.0:User"
# Filterable user attributes (lower case) and the key of the rendered user each one reads.
USER_FILTER_ATTRIBUTES = {"username": "userName", "id": "id", "displayname": "displayName", "externalid": "externalId"}


def scim_id(person: dict) -> str:
    """The SCIM id of a person: the uuid inside the People API id."""
    return ids.decode_id(person["id"])[1]


def person_by_scim_id(store, user_id: str):
    """The person behind a SCIM user id, or None."""
    return store.people.get(ids.encode_id("PEOPLE", user_id))


def render_user(store, person: dict, base_url: str) -> dict:
    """A person as a SCIM User (core, enterprise and Cisco parts); empty values left out."""
    uid = scim_id(person)
    user = {"schemas": [USER_URN, ENTERPRISE_URN, CISCO_USER_URN], "id": uid, "userName": person["emails"][0],
            "active": bool(person.get("loginEnabled", True)), "userType": "user",
            "displayName": person.get("displayName"), "nickName": person.get("nickName"),
            "title": person.get("title"),
            "name": {key: person[api] for key, api in (("givenName", "firstName"), ("familyName", "lastName")) if person.get(api)},
            "emails": [{"value": person["emails"][0], "type": "work", "primary": True}],
            "phoneNumbers": [{"value": n["value"], "type": n.get("type", "work"), "primary": bool(n.get("primary"))}
                             for n in person.get("phoneNumbers", [])],
            "addresses": person.get("addresses"),
            "meta": {"resourceType": "user", "created": person.get("created"), "lastModified": person.get("lastModified"),
                     "location": f"{base_url}Users/{uid}"},
            CISCO_USER_URN: {"accountStatus": ["active"]}}
    enterprise = {"department": person.get("department"), "manager": _manager_of(person)}
    user[ENTERPRISE_URN] = {key: value for key, value in enterprise.items() if value}
    return {key: value for key, value in user.items() if value not in (None, "", [], {})}


def _manager_of(person: dict):
    """The manager as SCIM gives it, {value: <SCIM user id>}, or None."""
    decoded = ids.decode_id(person["managerId"]) if person.get("managerId") else None
    return {"value": decoded[1]} if decoded else None


def user_or_404(store, user_id: str) -> dict:
    person = person_by_scim_id(store, user_id)
    if person is None:
        raise ScimError(404, f"User {user_id} not found.")
    return person
