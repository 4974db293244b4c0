"""How late the event loop runs what is due: the share of a latency that is the client's own.

A timer due every ``INTERVAL`` notes how late it ran. On a loop that is busy (many answers to
handle) or starved (other processes on the cores), an answer waits as long before its task
sees it, so a latency measured by the client includes that wait, which a limiter must not read
as a queue at the server (:mod:`synthloop.teachers.aimd`). The timer runs only while someone
says it is wanted (requests in flight), and on whichever loop is running then.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right
from collections.abc import Callable

INTERVAL = 0.005  # 200 ticks a second, a few microseconds each
KEEP = 4096  # ticks kept (20 s); a longer request is judged by the last 20 s


class LoopLag:
    def __init__(self, wanted: Callable[[], bool]) -> None:
        self._wanted = wanted
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._times: list[float] = []  # when each tick ran (time.monotonic)
        self._sums: list[float] = []  # the lateness of every tick up to and with this one
        self._before = 0.0  # the sum up to the first tick kept

    def watch(self) -> None:
        """Keep the timer running on the running loop (call from inside it, when the first
        request of a burst is sent)."""
        loop = asyncio.get_running_loop()
        if self._handle is None or self._loop is not loop:
            self._loop = loop
            self._schedule(loop)

    def during(self, since: float) -> float:
        """The mean lateness of the ticks since ``since`` (time.monotonic); 0 without any."""
        first = bisect_right(self._times, since)
        ticks = len(self._times) - first
        if ticks == 0:
            return 0.0
        before = self._sums[first - 1] if first else self._before
        return (self._sums[-1] - before) / ticks

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        due = loop.time() + INTERVAL
        self._handle = loop.call_at(due, self._tick, loop, due)

    def _tick(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        late = max(0.0, loop.time() - due)
        self._times.append(time.monotonic())
        self._sums.append((self._sums[-1] if self._sums else self._before) + late)
        if len(self._times) > 2 * KEEP:
            self._before = self._sums[-KEEP - 1]
            del self._times[:-KEEP], self._sums[:-KEEP]
        if self._wanted() and self._loop is loop:
            self._schedule(loop)
        elif self._loop is loop:
            self._handle = None
