# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: the garbage collector's pace for a run that holds tens of thousands of people."""

from __future__ import annotations

import gc

# Allocations between two young collections (CPython's default is 700). Each older collection walks every live
# object, and with 20,000 people read, parsed and planned they are millions: at the default pace the collector took
# about 40% of an idempotent run's CPU. Reference counting still frees everything at once; cycles wait a little longer.
BULK_YOUNG_THRESHOLD = 100_000


def pace_collections_for_bulk() -> None:
    """Collect less often in this module process (it ends with the run, so nothing else is paced by it)."""
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(max(_young, BULK_YOUNG_THRESHOLD), middle, old)
