# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: one slice of a users file, so that jobs running at the same time split it.

Each person falls in exactly one slice, by a checksum of their email (or id) that every run and every machine
computes alike, whatever the order or the size of the file.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import List, Optional

from ansible_collections.webexops.identity.plugins.module_utils.person.config import ConfigItem
from ansible_collections.webexops.identity.plugins.module_utils.person.states import STATES
from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput


@dataclass(frozen=True)
class Slice:
    """Slice `number` (1 to `count`) of a users file."""

    number: int
    count: int

    def holds(self, item: ConfigItem) -> bool:
        return slice_of(item.email or item.person_id or item.label, self.count) == self.number


def slice_of(key: str, count: int) -> int:
    """The slice (1 to count) a person's email or id falls in; case does not matter, as for emails."""
    return zlib.crc32(key.lower().encode("utf-8")) % count + 1


def slice_from_params(params: Optional[dict], state: str) -> Optional[Slice]:
    """The slice option checked: numbers in range, and only with states that touch nobody but the listed."""
    if not params:
        return None
    number, count = params["number"], params["count"]
    if count < 1 or not 1 <= number <= count:
        raise InvalidInput("slice: number must be from 1 to count and count 1 or more, not number %d of %d." % (number, count))
    if STATES[state].offboards_unlisted or STATES[state].returns == "gathered":
        raise InvalidInput("slice cannot be used with state %s, which reaches people beyond the list (each slice would "
                           "treat the other slices' people as unlisted); run it as one unsliced task." % state)
    return Slice(number, count)


def items_in_slice(items: List[ConfigItem], part: Optional[Slice]) -> List[ConfigItem]:
    """The items of this slice, in file order; every item when there is no slice."""
    return items if part is None else [item for item in items if part.holds(item)]
