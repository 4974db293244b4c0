"""One time limit for many requests: ``asyncio.timeout`` semantics, one timer for all of them.

``asyncio.timeout`` puts a timer in the event loop's heap per request and cancels it when the
answer comes (50 ms later, for a 60 s limit): at 3,000 requests that was 5% of the CPU of a
``synthloop run`` (py-spy, 2026-12-06), as much as the cache key, the budget and the limiter
together. Every request of a teacher has the same limit, so their deadlines come in the order
they were sent: they wait in one insertion-ordered dict, a request that ends leaves it in O(1),
and a single timer, due at the oldest deadline, cancels the requests whose time is up. On
expiry a request gets ``TimeoutError`` exactly as under ``asyncio.timeout`` (the task is
cancelled and uncancelled; a cancellation from elsewhere stays a cancellation).
"""

from __future__ import annotations

import asyncio
from types import TracebackType


class Deadlines:
    """``async with deadlines.limit():`` runs its body for at most ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._waiting: dict[_Limit, None] = {}  # oldest first: the deadlines in order
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def limit(self) -> _Limit:
        return _Limit(self)

    def _add(self, entry: _Limit, loop: asyncio.AbstractEventLoop) -> None:
        if loop is not self._loop:  # a new event loop: what the old one held is gone
            self._loop, self._timer = loop, None
            self._waiting.clear()
        self._waiting[entry] = None
        if self._timer is None:
            self._timer = loop.call_at(entry.deadline, self._expire)

    def _expire(self) -> None:
        loop, self._timer = self._loop, None
        assert loop is not None
        now = loop.time()
        while self._waiting:
            entry = next(iter(self._waiting))
            if entry.deadline > now:
                self._timer = loop.call_at(entry.deadline, self._expire)
                return
            del self._waiting[entry]
            entry.expired = True
            entry.task.cancel()


class _Limit:
    __slots__ = ("owner", "task", "deadline", "cancelling", "expired")

    def __init__(self, owner: Deadlines) -> None:
        self.owner = owner
        self.expired = False

    async def __aenter__(self) -> None:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a time limit must be used inside a task")
        loop = task.get_loop()
        self.task, self.cancelling = task, task.cancelling()
        self.deadline = loop.time() + self.owner.seconds
        self.owner._add(self, loop)

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self.owner._waiting.pop(self, None)
        if (self.expired and self.task.uncancel() <= self.cancelling
                and exc_type is asyncio.CancelledError):
            raise TimeoutError from exc
