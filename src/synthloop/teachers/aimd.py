"""Adaptive per-endpoint concurrency: additive increase, multiplicative decrease (AIMD).

Kept apart from retries: the limiter decides how many requests may be in flight, the retry
loop decides whether a failed request goes again. The limit starts at the configured maximum
(a healthy endpoint is saturated at once), halves on an overload signal (429, 503, a timeout
or a latency near the timeout) at most once per round trip (signals from requests sent
before the last cut describe the old limit and are ignored), and grows back by one request
per window of ``limit`` successes.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque


class AIMDLimiter:
    def __init__(self, max_limit: int, min_limit: int = 1, decrease: float = 0.5) -> None:
        if not 1 <= min_limit <= max_limit:
            raise ValueError(f"need 1 <= min_concurrency ({min_limit}) <= max_concurrency "
                             f"({max_limit})")
        self.max_limit = max_limit
        self.min_limit = min_limit
        self.decrease = decrease
        self.limit = float(max_limit)
        self.in_flight = 0
        self.cuts = 0
        self._last_cut = float("-inf")
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> float:
        """Wait for a slot; return the send time (pass it to :meth:`overloaded`)."""
        if self.in_flight < int(self.limit) and not self._waiters:
            self.in_flight += 1
            return time.monotonic()
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # the slot was granted as we were cancelled: give it back
            else:
                self._waiters.remove(fut)
            raise
        return time.monotonic()

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def succeeded(self) -> None:
        if self.limit < self.max_limit:
            self.limit = min(float(self.max_limit), self.limit + 1.0 / self.limit)
            self._wake()

    def overloaded(self, sent_at: float) -> None:
        if sent_at < self._last_cut:
            return
        self._last_cut = time.monotonic()
        self.limit = max(float(self.min_limit), self.limit * self.decrease)
        self.cuts += 1

    def _wake(self) -> None:
        while self._waiters and self.in_flight < int(self.limit):
            fut = self._waiters.popleft()
            if not fut.done():
                self.in_flight += 1
                fut.set_result(None)
