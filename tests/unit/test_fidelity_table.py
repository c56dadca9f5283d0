"""tests/emulator/FIDELITY.md cannot rot: every test and every function its rows name exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "tests" / "emulator" / "FIDELITY.md"
ROW = re.compile(r"^\| (\d+) \|")
TEST_REF = re.compile(r"(tests/[\w/]+\.py)(?:::(\w+))?")
CODE_REF = re.compile(r"((?:tests/emulator|plugins)/[\w/]+\.py):(\w+)")


def rows() -> List[Tuple[int, List[str]]]:
    """(number, cells) of every numbered table row."""
    found = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            found.append((int(match.group(1)), cells))
    return found


def defines(path: Path, name: str) -> bool:
    """Whether a Python file defines a function, class or module constant of this name."""
    text = path.read_text(encoding="utf-8")
    return re.search(r"^\s*(?:def|class) %s\b|^%s\s*[:=]" % (name, name), text, re.MULTILINE) is not None


def test_rows_are_numbered_once_each_in_order():
    numbers = [number for number, _cells in rows()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(len(cells) == 6 for _number, cells in rows()), [n for n, c in rows() if len(c) != 6]


@pytest.mark.parametrize("number,cells", rows(), ids=lambda value: str(value) if isinstance(value, int) else "")
def test_every_row_names_tests_that_exist(number, cells):
    refs = TEST_REF.findall(cells[5])
    assert refs, "row %d names no test" % number
    for path, name in refs:
        assert name, "row %d names the file %s but not its test" % (number, path)
        assert (REPO / path).is_file(), "row %d: no file %s" % (number, path)
        assert re.search(r"^def %s\(" % name, (REPO / path).read_text(encoding="utf-8"), re.MULTILINE), \
            "row %d: no test %s in %s" % (number, name, path)


@pytest.mark.parametrize("number,cells", rows(), ids=lambda value: str(value) if isinstance(value, int) else "")
def test_every_function_a_row_names_exists(number, cells):
    for path, name in CODE_REF.findall(" ".join(cells[:5])):
        assert (REPO / path).is_file(), "row %d: no file %s" % (number, path)
        assert defines(REPO / path, name), "row %d: %s defines no %s" % (number, path, name)
