"""Every place that names the onboarding role's guest token files names the file the role writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROLE = REPO / "roles" / "onboarding"
# "<subject>.<extension>", however the folder before it is spelled.
NAMED_FILE = re.compile(r"<subject>\.(\w+)")


def extension_the_role_writes() -> str:
    """The extension in the token_file expression of the role's guest task."""
    tasks = (ROLE / "tasks" / "main.yml").read_text()
    found = set(re.findall(r"regex_replace\('\[\^A-Za-z0-9\._-\]', '_'\)\s*~\s*'\.(\w+)'", tasks))
    assert len(found) == 1, found  # the task and the report agree on one name
    return found.pop()


@pytest.mark.parametrize("document", ["defaults/main.yml", "README.md", "meta/argument_specs.yml"])
def test_the_role_names_the_token_file_it_writes(document):
    text = (ROLE / document).read_text()

    assert NAMED_FILE.findall(text), "%s does not say how the guest token files are named" % document
    assert set(NAMED_FILE.findall(text)) == {extension_the_role_writes()}


def test_the_docs_name_the_token_file_the_role_writes():
    named = {path.name: set(NAMED_FILE.findall(path.read_text())) for path in (REPO / "docs").glob("*.md")}

    assert any(named.values())
    assert all(found <= {extension_the_role_writes()} for found in named.values()), named
