"""The calls of one person: what a PUT answer the spec allows (204, no body) turns into."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.person.calls import update_person

RECORD = {"id": "p1", "emails": ["p@example.com"], "displayName": "P", "title": "Director", "loginEnabled": True}


class NoContentWebex:
    """Answers a PUT with 204 and no body, as the spec says Webex may; a GET with the record."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, str, Optional[Dict[str, Any]]]] = []

    def put(self, path: str, json: Any = None, params: Optional[Dict[str, Any]] = None) -> Any:
        self.calls.append(("PUT", path, params))
        return None

    def get(self, path: str, params: Optional[Dict[str, Any]] = None) -> Any:
        self.calls.append(("GET", path, params))
        return dict(RECORD)


def test_an_empty_put_answer_is_read_back():
    webex = NoContentWebex()

    answer = update_person(webex, "p1", {"displayName": "P", "title": "Director"})  # type: ignore[arg-type]

    assert answer == RECORD
    assert [(method, path) for method, path, _params in webex.calls] == [("PUT", "/people/p1"), ("GET", "/people/p1")]
    assert webex.calls[1][2] == {"callingData": "true"}
