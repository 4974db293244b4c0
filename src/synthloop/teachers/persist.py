"""Answers and token usage into the run store, group-committed.

Each answer is durable before its caller sees it, and its cache entry and usage row commit
together (a kill between them would let a rerun pay again without counting it). Answers that
arrive in the same event-loop iteration share one transaction: at concurrency 128 one commit
per answer costs more than the HTTP client (see ``benchmarks/teacher_throughput.py``).
"""

from __future__ import annotations

import asyncio
import weakref
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthloop.store import RunStore

_PER_STORE: weakref.WeakKeyDictionary[RunStore, AnswerLog] = weakref.WeakKeyDictionary()

_Entry = tuple[str, Any, str, str, int, int, float, "asyncio.Future[None]"]


class AnswerLog:
    def __init__(self, store: RunStore) -> None:
        self.store = store
        self._pending: list[_Entry] = []
        self._scheduled = False

    @classmethod
    def of(cls, store: RunStore) -> AnswerLog:
        log = _PER_STORE.get(store)
        if log is None:
            log = _PER_STORE[store] = cls(store)
        return log

    async def put(self, key: str, value: Any, *, stage: str, teacher: str,
                  prompt_tokens: int, completion_tokens: int, cost: float) -> None:
        """Store one answer and its usage; returns once committed."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        self._pending.append((key, value, stage, teacher, prompt_tokens, completion_tokens,
                              cost, fut))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush)
        await fut

    def _flush(self) -> None:
        self._scheduled = False
        batch, self._pending = self._pending, []
        totals: dict[tuple[str, str], list[float]] = {}
        try:
            with _atomic(self.store):
                self.store.cache_put((entry[0], entry[1]) for entry in batch)
                for _, _, stage, teacher, p_tok, c_tok, cost, _ in batch:
                    t = totals.setdefault((stage, teacher), [0, 0, 0, 0.0])
                    t[0] += 1
                    t[1] += p_tok
                    t[2] += c_tok
                    t[3] += cost
                for (stage, teacher), (n, p_tok, c_tok, cost) in totals.items():
                    self.store.add_usage(stage, teacher, requests=int(n),
                                         prompt_tokens=int(p_tok),
                                         completion_tokens=int(c_tok), cost=cost)
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
