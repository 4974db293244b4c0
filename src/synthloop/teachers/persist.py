"""Answers and token usage into the run store, group-committed.

Each answer is durable before its caller sees it, and its cache entry and usage row commit
together (a kill between them would let a rerun pay again without counting it). Answers that
arrive in the same event-loop iteration or the next share one transaction: at concurrency 128
one commit per answer costs more than the HTTP client (see ``benchmarks/teacher_throughput.py``).
The commit waits one iteration more than it must because the answers read from their sockets in
that iteration wake their callers only in the one after: waiting for them halves the commits
under load, for a few microseconds of latency.

The log also answers the cache look-up before each request. In a run that started with an
empty cache (a fresh run, not a resume) the only answers there are those this log wrote, so a
key it never wrote is a miss without a query: the SELECT was 7 us of a request's 0.3 ms of CPU
(2026-12-06). The keys written are remembered up to ``KNOWN_KEYS``; past that every look-up
queries again.
"""

from __future__ import annotations

import asyncio
import weakref
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthloop.store import RunStore

_PER_STORE: weakref.WeakKeyDictionary[RunStore, AnswerLog] = weakref.WeakKeyDictionary()

KNOWN_KEYS = 500_000  # 155 bytes each: about 80 MB at most
_Entry = tuple[str, Any, str, str, int, int, float, "asyncio.Future[None]"]


@dataclass
class _Totals:
    """One stage and teacher's requests in a flush: one usage row each, not one per answer."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0


class AnswerLog:
    def __init__(self, store: RunStore) -> None:
        self.store = store
        self._pending: list[_Entry] = []
        self._scheduled = False
        # the keys this log wrote, while they are all the cache holds (None: look every key up)
        self._written: set[str] | None = set() if store.cache_empty() else None

    @classmethod
    def of(cls, store: RunStore) -> AnswerLog:
        log = _PER_STORE.get(store)
        if log is None:
            log = _PER_STORE[store] = cls(store)
        return log

    def get(self, key: str) -> Any:
        """The cached answer under ``key``, or None."""
        if self._written is not None and key not in self._written:
            return None
        return self.store.cache_get(key)

    async def put(self, key: str, value: Any, *, stage: str, teacher: str,
                  prompt_tokens: int, completion_tokens: int, cost: float) -> None:
        """Store one answer and its usage; returns once committed."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        if self._written is not None:
            self._written.add(key)
            if len(self._written) > KNOWN_KEYS:
                self._written = None
        self._pending.append((key, value, stage, teacher, prompt_tokens, completion_tokens,
                              cost, fut))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(loop.call_soon, self._flush)
        await fut

    def _flush(self) -> None:
        self._scheduled = False
        batch, self._pending = self._pending, []
        totals: dict[tuple[str, str], _Totals] = {}
        try:
            with _atomic(self.store):
                self.store.cache_put((entry[0], entry[1]) for entry in batch)
                for _, _, stage, teacher, p_tok, c_tok, cost, _ in batch:
                    t = totals.setdefault((stage, teacher), _Totals())
                    t.requests += 1
                    t.prompt_tokens += p_tok
                    t.completion_tokens += c_tok
                    t.cost += cost
                for (stage, teacher), t in totals.items():
                    self.store.add_usage(stage, teacher, requests=t.requests,
                                         prompt_tokens=t.prompt_tokens,
                                         completion_tokens=t.completion_tokens, cost=t.cost)
        except Exception as exc:
            for *_, fut in batch:
                if not fut.done():
                    fut.set_exception(exc)
            return
        for *_, fut in batch:
            if not fut.done():
                fut.set_result(None)


def _atomic(store: RunStore) -> AbstractContextManager[Any]:
    """A transaction, or the caller's if one is already open."""
    return nullcontext() if store.conn.in_transaction else store.transaction()
