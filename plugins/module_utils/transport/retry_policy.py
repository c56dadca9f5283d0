# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: when a Webex call is retried, and how long to wait before it."""

from __future__ import annotations

import random
import time
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

try:
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry
except ImportError:  # reported by WebexModule through missing_required_lib
    Retry = object
    InvalidHeader = ValueError

# Methods whose repeat cannot create a second object: a lost answer to these is safe to ask again.
SAFE_METHODS = frozenset(("GET", "PUT", "DELETE", "HEAD", "OPTIONS"))
# 423 (locked), 500 and the gateway errors are transient, but only safe to repeat for SAFE_METHODS.
TRANSIENT_STATUSES = frozenset((423, 500, 502, 503, 504))
RATE_LIMITED = 429
DEFAULT_BACKOFF_FACTOR = 0.5
DEFAULT_BACKOFF_MAX = 30.0
DEFAULT_MAX_WAIT = 120.0

RetryReporter = Callable[[str], None]


class WebexRetry(Retry):  # type: ignore[misc,valid-type]
    """urllib3's Retry with Webex's rules.

    429 is retried for every method (Webex did not process the call); 423/502/503/504 and read errors only
    for methods in allowed_methods; a malformed Retry-After falls back to backoff with jitter instead of
    failing; all waits of one request together stay under max_wait; each retry is reported.
    """

    def __init__(
        self,
        *args: Any,
        reporter: Optional[RetryReporter] = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        waited: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reporter = reporter
        self.max_wait = max_wait
        self.waited = waited

    def new(self, **kw: Any) -> "WebexRetry":
        kw.setdefault("reporter", self.reporter)
        kw.setdefault("max_wait", self.max_wait)
        kw.setdefault("waited", self.waited)
        return super().new(**kw)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if self.waited >= self.max_wait or not self.total:
            return False
        if status_code == RATE_LIMITED:
            return True
        return self._is_method_retryable(method) and status_code in TRANSIENT_STATUSES

    def increment(self, *args: Any, **kwargs: Any) -> "WebexRetry":
        # Once the wait budget is spent, behave as if no retries were left so urllib3 stops here.
        retry = self.new(total=0) if self.waited >= self.max_wait else self
        return Retry.increment(retry, *args, **kwargs)

    def parse_retry_after(self, retry_after: str) -> float:
        try:
            return super().parse_retry_after(retry_after)
        except InvalidHeader:
            return -1.0  # malformed, e.g. "rand(30),add(30)": use backoff instead

    def backoff_seconds(self) -> float:
        """Exponential backoff with full jitter, for waits the server did not set."""
        attempt = max(len(self.history), 1)
        ceiling = min(self.backoff_max, self.backoff_factor * (2 ** (attempt - 1)))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def sleep(self, response: Any = None) -> None:
        server_wait = self.get_retry_after(response) if response is not None else None
        wait = server_wait if server_wait is not None and server_wait >= 0 else self.backoff_seconds()
        wait = max(0.0, min(wait, self.max_wait - self.waited))
        self.waited += wait
        self._report(wait, server_wait)
        time.sleep(wait)

    def _report(self, wait: float, server_wait: Optional[float]) -> None:
        if not self.reporter or not self.history:
            return
        last = self.history[-1]
        reason = "status %s" % last.status if last.status else "connection error (%s)" % type(last.error).__name__
        if server_wait is not None and server_wait < 0:
            reason += " with a malformed Retry-After"
        path = urlsplit(last.url or "").path if last.url else ""
        self.reporter("Retried %s %s after %s; waited %.1f s (attempt %d)." % (last.method, path, reason, wait, len(self.history)))


def build_retry(
    retries: int,
    reporter: Optional[RetryReporter] = None,
    backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
    max_wait: float = DEFAULT_MAX_WAIT,
    safe_methods: frozenset = SAFE_METHODS,
) -> WebexRetry:
    """The Retry a session adapter uses: `retries` attempts after the first, transient errors for safe_methods only."""
    return WebexRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=0,
        allowed_methods=safe_methods,
        status_forcelist=TRANSIENT_STATUSES | {RATE_LIMITED},
        backoff_factor=backoff_factor,
        backoff_max=DEFAULT_BACKOFF_MAX,
        raise_on_status=False,
        respect_retry_after_header=True,
        reporter=reporter,
        max_wait=max_wait,
    )
