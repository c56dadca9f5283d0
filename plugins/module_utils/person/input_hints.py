# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the "did you mean ...?" end of a sentence about a name nobody knows."""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

# How alike two names must be (difflib's ratio) before one is offered for the other.
CLOSENESS = 0.6


def nearest_name(name: str, known: Iterable[str]) -> Optional[str]:
    """The known name closest to a misspelt one (case ignored), or None when none is close."""
    by_lower = {str(k).lower(): str(k) for k in known}
    close = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1, cutoff=CLOSENESS)
    return by_lower[close[0]] if close else None


def unknown_name_hint(name: str, known: Iterable[str], what: str) -> str:
    """"did you mean X?" when a known name is close, else the list of known names, introduced by `what`."""
    known = sorted(known, key=str.lower)
    nearest = nearest_name(name, known)
    if nearest:
        return "did you mean %s?" % nearest
    return "%s %s." % (what, ", ".join(known))
