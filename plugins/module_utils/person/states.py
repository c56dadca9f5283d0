# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: what each state of webex_person and webex_people means, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict


@dataclass(frozen=True)
class StateMeaning:
    """One state: which fields it manages, whom it touches, whether it writes, and what it returns."""

    whole_record: bool = False  # every managed field; those not given take their row's `replaced` default
    offboards_unlisted: bool = False  # people in scope who are not listed are offboarded (offboard_action)
    offboards_listed: bool = False  # the listed people are offboarded (offboard_action); those not in Webex are gone
    deletes: bool = False  # the listed people are deleted
    writes: bool = True  # False: reads, plans, and sends nothing
    reads_scope: bool = False  # reads the people in scope, not only those listed
    returns: str = "results"  # the key that holds the answer: person, results, gathered or rendered

    @property
    def compares_from_lists(self) -> bool:
        """Listed people are compared from the org's lists; a whole record, a delete or an offboarding compares elsewhere."""
        return not self.whole_record and not self.deletes and not self.offboards_listed and self.returns != "gathered"

    @property
    def default_offboard_action(self) -> str:
        """offboard_action when not given: the unlisted are deleted (as always); the listed are disabled, which can be undone."""
        return "disable" if self.offboards_listed else "delete"

    def guarded(self, offboard_action: str) -> bool:
        """Whether max_deletions guards the run: every deletion, and offboarding people the config does not name."""
        return self.deletes or self.offboards_unlisted or (self.offboards_listed and offboard_action == "delete")


STATES: Dict[str, StateMeaning] = {
    # webex_person
    "present": StateMeaning(returns="person"),
    "absent": StateMeaning(deletes=True, returns="person"),
    # webex_people
    "merged": StateMeaning(),
    "replaced": StateMeaning(whole_record=True),
    "overridden": StateMeaning(whole_record=True, offboards_unlisted=True, reads_scope=True),
    "deleted": StateMeaning(deletes=True),
    "offboarded": StateMeaning(offboards_listed=True),
    "gathered": StateMeaning(writes=False, reads_scope=True, returns="gathered"),
    "rendered": StateMeaning(writes=False, returns="rendered"),
}
