"""Adaptive per-endpoint concurrency: additive increase, multiplicative decrease (AIMD).

Kept apart from retries: the limiter decides how many requests may be in flight, the retry
loop decides whether a failed request goes again. The limit starts low (``start``, default
``min_limit``): a single-slot llama.cpp server given 64 requests at once queues them until
they time out, while a large server loses only a few round trips to the ramp. It grows after
each *window* of ``limit`` clean successes in a row: doubling in *slow start* (until the first
sign of congestion), by one after that.

A success is *clean* when its latency shows no queueing at the server: its seconds per unit of
work (the caller's measure, e.g. tokens) under ``1.3x`` the lowest seen for requests of the
same shape (the first of a shape is only the reference). Two requests at once on a single-slot server never both are (one waits for the
other), so such a server stays at one or two in flight (a reference latency taken in a
slow spell of a loaded machine can let it reach four once). At ``3x`` or more, or on an overload
signal (429, 503, a timeout, a dropped connection, a latency near the timeout), the limit is
multiplied by ``decrease`` at most once per round trip (signals from requests sent before the
last cut describe the old limit and are ignored). In between it holds. At the floor no request
of ours waits behind another, so the latency seen there becomes the reference: an endpoint
that became slower for good is relearnt rather than read as congestion forever.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Hashable

CLEAN, CONGESTED = 1.3, 3.0


class AIMDLimiter:
    def __init__(self, max_limit: int, min_limit: int = 1, decrease: float = 0.5,
                 start: int | None = None) -> None:
        if not 1 <= min_limit <= max_limit:
            raise ValueError(f"need 1 <= min_concurrency ({min_limit}) <= max_concurrency "
                             f"({max_limit})")
        self.max_limit = max_limit
        self.min_limit = min_limit
        self.decrease = decrease
        self.limit = float(min(max_limit, max(min_limit, start or min_limit)))
        self.slow_start = True
        self._clean = 0  # clean successes in a row since the limit last changed
        self.in_flight = 0
        self.peak = 0  # the most requests ever in flight at once
        self.cuts = 0
        self._last_cut = float("-inf")
        self._fastest: dict[Hashable, float] = {}  # shape -> lowest seconds per unit of work
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> float:
        """Wait for a slot; return the send time (pass it to :meth:`overloaded`)."""
        if self.in_flight < int(self.limit) and not self._waiters:
            self._take()
            return time.monotonic()
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # the slot was granted as we were cancelled: give it back
            elif fut in self._waiters:  # a release may have dropped it already (_wake)
                self._waiters.remove(fut)
            raise
        return time.monotonic()

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def succeeded(self, sent_at: float | None = None, work: float = 1.0,
                  shape: Hashable = None) -> None:
        """A request sent at ``sent_at`` (None: no latency known) came back after ``work``
        units (tokens); requests of one ``shape`` are compared with each other."""
        ratio = 1.0
        if sent_at is not None:
            per_unit = (time.monotonic() - sent_at) / max(work, 1.0)
            fastest = self._fastest.get(shape)
            if fastest is None:  # the first of its shape is the reference, no evidence
                self._fastest[shape] = per_unit
                return
            if per_unit < fastest or int(self.limit) <= self.min_limit:
                self._fastest[shape] = fastest = per_unit
            ratio = per_unit / fastest if fastest > 0 else 1.0
        if ratio >= CONGESTED:
            self.overloaded(sent_at if sent_at is not None else time.monotonic())
        elif ratio >= CLEAN:
            self.slow_start, self._clean = False, 0  # queueing has begun: hold
        else:
            self._clean += 1
            if self._clean >= int(self.limit) and self.limit < self.max_limit:
                self._clean = 0
                grown = self.limit * 2 if self.slow_start else self.limit + 1
                self.limit = min(float(self.max_limit), grown)
                self._wake()

    def overloaded(self, sent_at: float) -> None:
        self.slow_start, self._clean = False, 0
        if sent_at < self._last_cut:
            return
        self._last_cut = time.monotonic()
        self.limit = max(float(self.min_limit), self.limit * self.decrease)
        self.cuts += 1

    def _take(self) -> None:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def _wake(self) -> None:
        while self._waiters and self.in_flight < int(self.limit):
            fut = self._waiters.popleft()
            if not fut.done():
                self._take()
                fut.set_result(None)
