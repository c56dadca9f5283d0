# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: run one function over many items with at most N at a time, keeping each outcome."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Generic, List, Optional, Sequence, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


@dataclass
class Outcome(Generic[Item, Answer]):
    """One item's answer, or the exception it raised (one item's failure never stops the others)."""

    item: Item
    answer: Optional[Answer] = None
    error: Optional[BaseException] = None


def run_bounded(work: Callable[[Item], Answer], items: Sequence[Item], parallel: int,
                expected: tuple = (Exception,)) -> List[Outcome]:
    """Call `work` on every item, at most `parallel` at a time; outcomes come back in the items' order.

    Exceptions of the `expected` types are kept in the outcome; any other exception propagates.
    """
    def guarded(item: Any) -> Outcome:
        try:
            return Outcome(item, answer=work(item))
        except expected as error:  # pylint: disable=catching-non-exception
            return Outcome(item, error=error)

    if not items:
        return []
    if parallel <= 1 or len(items) == 1:
        return [guarded(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(parallel, len(items))) as pool:
        return list(pool.map(guarded, items))
