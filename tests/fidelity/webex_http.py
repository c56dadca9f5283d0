"""Plain HTTP clients of the emulator for the fidelity suite (a module of its own: test files cannot import conftest reliably)."""
import requests

from emulator.harness import ADMIN_TOKEN


class Api:
    """A requests.Session bound to a base URL and a token."""

    def __init__(self, base_url: str, token: str = ADMIN_TOKEN):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def get(self, path, **kwargs):
        return self.session.get(self.url(path), timeout=30, **kwargs)

    def post(self, path, **kwargs):
        return self.session.post(self.url(path), timeout=30, **kwargs)

    def put(self, path, **kwargs):
        return self.session.put(self.url(path), timeout=30, **kwargs)

    def delete(self, path, **kwargs):
        return self.session.delete(self.url(path), timeout=30, **kwargs)

    def patch(self, path, **kwargs):
        return self.session.patch(self.url(path), timeout=30, **kwargs)

    def with_token(self, token: str) -> "Api":
        return Api(self.base_url, token)


def state_person(emulator, email: str) -> dict:
    """A person from /_emulator/state by email, or None."""
    return next((p for p in emulator.state()["people"] if p["emails"][0] == email.lower()), None)
