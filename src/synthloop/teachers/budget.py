"""The run's token and cost budget, shared by every teacher of a run.

Before a request is sent its worst case (prompt upper bound + ``max_tokens`` x ``n``) is
reserved; after it returns the reservation is replaced by what it really used. A request whose
worst case would pass the budget even with nothing else in flight raises
:class:`~synthloop.errors.BudgetExceeded`, so the budget is never exceeded; one that fits only
once in-flight requests settle waits for them. Spending already recorded in the run store
counts, so raising the budget and re-running continues where the run stopped.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from synthloop.errors import BudgetExceeded
from synthloop.spec import BudgetSpec

if TYPE_CHECKING:
    from synthloop.store import RunStore

_PER_STORE: weakref.WeakKeyDictionary[RunStore, Budget] = weakref.WeakKeyDictionary()


class _Usage(Protocol):
    prompt_tokens: int
    completion_tokens: int


class Budget:
    def __init__(self, spec: BudgetSpec, *, tokens: int = 0, cost: float = 0.0) -> None:
        self.spec = spec
        self.tokens = tokens  # spent
        self.cost = cost
        self._held_tokens = 0  # reserved by requests in flight
        self._held_cost = 0.0
        self._settled = asyncio.Event()

    @classmethod
    def for_run(cls, spec: BudgetSpec, store: RunStore | None) -> Budget:
        """The one budget of the run behind ``store``, starting from what it already spent."""
        if store is None:
            return cls(spec)
        budget = _PER_STORE.get(store)
        if budget is None or budget.spec != spec:
            rows = store.usage()
            budget = cls(spec, tokens=sum(r["prompt_tokens"] + r["completion_tokens"]
                                          for r in rows),
                         cost=sum(r["cost"] for r in rows))
            _PER_STORE[store] = budget
        return budget

    def price(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        p = self.spec.prices.get(model)
        if p is None:  # unpriced: free (no PriceSpec built twice per request)
            return 0.0
        return (prompt_tokens * p.prompt + completion_tokens * p.completion) / 1e6

    async def reserve(self, teacher: str, model: str, stage: str, prompt_tokens: int,
                      completion_tokens: int) -> Ticket:
        tokens = prompt_tokens + completion_tokens
        cost = self.price(model, prompt_tokens, completion_tokens)
        while True:
            problem = self._excess(tokens, cost, with_held=False)
            if problem:
                raise BudgetExceeded(
                    f"budget reached: the next request to teacher {teacher!r} (stage {stage!r}) "
                    f"may use up to {tokens} tokens, {problem}. Nothing more is sent; raise "
                    "`budget:` in the spec and run again to continue.")
            if not self._excess(tokens, cost, with_held=True):
                self._held_tokens += tokens
                self._held_cost += cost
                return Ticket(self, model, tokens, cost)
            settled = self._settled
            await settled.wait()

    def _excess(self, tokens: int, cost: float, *, with_held: bool) -> str:
        held_t, held_c = (self._held_tokens, self._held_cost) if with_held else (0, 0.0)
        max_t, max_c = self.spec.max_tokens, self.spec.max_cost
        if max_t is not None and self.tokens + held_t + tokens > max_t:
            return f"which would pass budget.max_tokens={max_t} ({self.tokens} used)"
        if max_c is not None and self.cost + held_c + cost > max_c:
            return f"which would pass budget.max_cost={max_c} USD ({self.cost:.6f} used)"
        return ""

    def _release(self, tokens: int, cost: float) -> None:
        self._held_tokens -= tokens
        self._held_cost -= cost
        self._settled.set()
        self._settled = asyncio.Event()


@dataclass(slots=True)
class Ticket:
    """A reservation for one request in flight."""

    budget: Budget
    model: str
    tokens: int
    cost: float

    def settle(self, usage: _Usage) -> float:
        """Replace the reservation by what the request used; return its cost."""
        cost = self.budget.price(self.model, usage.prompt_tokens, usage.completion_tokens)
        self.budget.tokens += usage.prompt_tokens + usage.completion_tokens
        self.budget.cost += cost
        self.budget._release(self.tokens, self.cost)
        return cost

    def cancel(self) -> None:
        """The request failed without an answer: give the reservation back."""
        self.budget._release(self.tokens, self.cost)
