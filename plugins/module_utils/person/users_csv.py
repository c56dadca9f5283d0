# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: people in Control Hub's user CSV format, read into config items and written back.

Control Hub's "user management CSV file reference" names the columns; the standard library's csv module reads them.
Row 1 is the header, so the first person is row 2, as a spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput
from ansible_collections.webexops.identity.plugins.module_utils.person.input_hints import nearest_name

EMAIL_COLUMN = "User ID/Email (Required)"
# Control Hub's attribute columns, in its order, and the person option each one fills.
ATTRIBUTE_COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("First Name", "first_name"),
    ("Last Name", "last_name"),
    ("Display Name", "display_name"),
    (EMAIL_COLUMN, "email"),
    ("Extension", "extension"),
    ("Title", "title"),
    ("Department", "department"),
    ("Manager", "manager"),  # an email becomes manager_id, other text the free-text manager
    ("Phone Number", "phone_number"),  # added as a work number: the person's other numbers stay
    ("Location", "location"),
    ("Address type", "address.type"),
    ("Address country", "address.country"),
    ("Address locality", "address.locality"),
    ("Address region", "address.region"),
    ("Address street address", "address.street_address"),
    ("Address postal code", "address.postal_code"),
)
# Columns Control Hub writes that the People API cannot set (read-only) or this collection does not manage: skipped.
IGNORED_COLUMNS: Tuple[str, ...] = (
    "User Status",
    "Last Service Accessed Time",
    "Days since Last Service Accessed",
    "Caller ID Number",
    "Caller ID First Name",
    "Caller ID Last Name",
    "Preferred Language",
    "Time zone",
)
SERVICE_VALUES = {"true": True, "false": False}
ADDRESS_PREFIX = "address."


def column_key(header: str) -> str:
    """Headers compare without regard to case or repeated spaces (spreadsheets and people vary both)."""
    return " ".join(str(header).split()).lower()


OPTION_BY_COLUMN: Dict[str, str] = {column_key(header): option for header, option in ATTRIBUTE_COLUMNS}
IGNORED_KEYS = {column_key(header) for header in IGNORED_COLUMNS}
KNOWN_HEADERS: Tuple[str, ...] = tuple(header for header, _option in ATTRIBUTE_COLUMNS) + IGNORED_COLUMNS


@dataclass
class PeopleCsv:
    """A Control Hub CSV read: the people as config items, and the service (license) columns it names."""

    items: List[Dict[str, Any]] = field(default_factory=list)
    services: List[str] = field(default_factory=list)


def read_people_csv(text: str, source: str) -> PeopleCsv:
    """Every row as a config item; the first problem raises InvalidInput naming `source`, the row and the column."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise InvalidInput("%s is empty; its first row must name the columns, such as %s." % (source, EMAIL_COLUMN))
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    services = service_columns(header, rows, source)
    if EMAIL_COLUMN.lower() not in [column_key(h) for h in header]:
        raise InvalidInput("%s has no column %r, which every Control Hub users CSV needs." % (source, EMAIL_COLUMN))
    items = [row_item(header, row, number, source) for number, row in enumerate(rows, start=2)]
    return PeopleCsv(items, [header[i].strip() for i in services])


def service_columns(header: List[str], rows: List[List[str]], source: str) -> List[int]:
    """The indexes of the service columns: every column that is neither an attribute nor ignored.

    A column whose cells are not all TRUE, FALSE or empty is an error: a misspelt attribute column when its name
    is close to one, else a bad service value.
    """
    services = []
    for index, name in enumerate(header):
        key = column_key(name)
        if key in OPTION_BY_COLUMN or key in IGNORED_KEYS:
            continue
        if not key:
            raise InvalidInput("%s row 1, column %d has no name; name it or remove the column." % (source, index + 1))
        for number, row in enumerate(rows, start=2):
            value = cell(row, index)
            if value and value.lower() not in SERVICE_VALUES:
                raise InvalidInput(bad_column_sentence(source, number, name, value))
        services.append(index)
    return services


def nearest_header(name: str) -> Optional[str]:
    """The Control Hub column a misspelt or shortened header most likely means ("Email" is the email column)."""
    key = column_key(name)
    containing = [header for header in KNOWN_HEADERS if key and key in column_key(header).replace("/", " ").split()]
    return containing[0] if containing else nearest_name(name, KNOWN_HEADERS)


def bad_column_sentence(source: str, number: int, name: str, value: str) -> str:
    nearest = nearest_header(name)
    if nearest:
        return ("%s row 1, column %r is not a Control Hub column (row %d holds %r, so it is no service column either); "
                "did you mean %s?" % (source, name, number, value, nearest))
    return ("%s row %d, column %r: %r is not TRUE or FALSE; a service column holds TRUE (add the license), FALSE "
            "(remove it) or nothing (leave it as it is)." % (source, number, name, value))


def cell(row: List[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def row_item(header: List[str], row: List[str], number: int, source: str) -> Dict[str, Any]:
    """One row as a config item: empty cells are fields left as they are."""
    item: Dict[str, Any] = {}
    address: Dict[str, str] = {}
    licenses: Dict[str, List[str]] = {"add": [], "remove": []}
    for index, name in enumerate(header):
        key, value = column_key(name), cell(row, index)
        if key in IGNORED_KEYS or not value:
            continue
        option = OPTION_BY_COLUMN.get(key)
        if option is None:
            licenses["add" if SERVICE_VALUES[value.lower()] else "remove"].append(name.strip())
        elif option.startswith(ADDRESS_PREFIX):
            address[option[len(ADDRESS_PREFIX):]] = value
        else:
            set_attribute(item, option, value)
    if not item.get("email"):
        raise InvalidInput("%s row %d, column %r is empty; every row needs the person's email." % (source, number, EMAIL_COLUMN))
    if address:
        item["addresses"] = {"add": [address]}
    if licenses["add"] or licenses["remove"]:
        item["licenses"] = {key: names for key, names in licenses.items() if names}
    return item


def set_attribute(item: Dict[str, Any], option: str, value: str) -> None:
    """Put one attribute cell into the item in webex_person's shape."""
    if option == "manager":
        item["manager_id" if "@" in value else "manager"] = value
    elif option == "phone_number":
        item["phone_numbers"] = {"add": [{"type": "work", "value": value}]}
    else:
        item[option] = value


# --- writing -----------------------------------------------------------------------------------------

def people_csv_text(items: Iterable[Dict[str, Any]], services: List[str]) -> str:
    """Config items (as gathered returns them) as a Control Hub CSV: one column per service, TRUE or FALSE."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _option in ATTRIBUTE_COLUMNS] + list(services))
    for item in items:
        held = {str(name).lower() for name in item.get("licenses") or []}
        writer.writerow([attribute_cell(item, option) for _header, option in ATTRIBUTE_COLUMNS]
                        + ["TRUE" if name.lower() in held else "FALSE" for name in services])
    return out.getvalue()


def attribute_cell(item: Dict[str, Any], option: str) -> str:
    """What one attribute column shows of a config item; reading it back asks for what the item holds."""
    if option == "manager":
        return str(item.get("manager_id") or item.get("manager") or "")
    if option == "phone_number":
        return first_value(item.get("phone_numbers"), lambda number: number.get("type") == "work", "value")
    if option.startswith(ADDRESS_PREFIX):
        return first_value(item.get("addresses"), lambda _address: True, option[len(ADDRESS_PREFIX):])
    return str(item.get(option) or "")


def first_value(entries: Optional[List[Dict[str, Any]]], wanted: Any, key: str) -> str:
    for entry in entries or []:
        if wanted(entry):
            return str(entry.get(key) or "")
    return ""
