"""Recipes whose records depend on records written before them (Self-Instruct's task pool, a
red team's elites), made independent of timing.

The driver keeps batches overlapping and a recipe's batch runs its records at once, so which
records are finished when a slot starts depends on the machine's load and the teacher's
latency. A :class:`SlotOrderedRecipe` fixes what a slot may see by its position alone: slot
``i`` reads only the state of slots below ``i - lag`` (a batch waits until those are done),
and :class:`SlotOrder` lets records take a step that updates the state in slot order. A run is
then the same whatever the load, the batch size or the executor, and a resumed run (the state
rebuilt from the store) gives what an uninterrupted one would have.
"""

from __future__ import annotations

import asyncio
from abc import abstractmethod

from synthloop.records import Record, Slot
from synthloop.stages import P, StageContext

from .recipe import TeacherRecipe


class SlotOrder:
    """Lets records take one step in slot order, whatever order their answers arrive in and
    however batches overlap: a slot registered with ``ticket`` waits in ``wait_below`` until
    every registered slot below a bound has taken the step or dropped out (quarantined)."""

    def __init__(self) -> None:
        self._pending: dict[int, asyncio.Event] = {}

    def ticket(self, slot: int) -> None:
        self._pending[slot] = asyncio.Event()

    async def wait_below(self, bound: int) -> None:
        for slot, event in list(self._pending.items()):
            if slot < bound:
                await event.wait()

    def done(self, slot: int) -> None:
        if (event := self._pending.pop(slot, None)) is not None:
            event.set()


class SlotOrderedRecipe(TeacherRecipe[P]):
    """A recipe whose slot ``i`` reads the state of slots below ``i - lag()`` only. Its
    ``setup`` sets ``order``; its conversations call ``self.order.done(slot)`` once their
    slot's part of the state is written (or will never be)."""

    order: SlotOrder

    @abstractmethod
    def lag(self) -> int:
        """How many slots before a slot it may not read: as many as may be started at once
        without waiting (a batch's worth keeps two overlapping batches busy)."""

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        """The batch in runs of slots whose state comes from before the run: each run waits
        until the slots it reads are done (in earlier batches, or earlier runs of this one)."""
        for slot in slots:  # before any await: a later batch's slots come after these
            self.order.ticket(slot.index)
        lag = self.lag()
        parts: list[list[Slot]] = []
        for slot in slots:
            if parts and slot.index - lag <= parts[-1][0].index:
                parts[-1].append(slot)
            else:
                parts.append([slot])
        records: list[Record] = []
        for part in parts:
            await self.order.wait_below(part[-1].index - lag)
            records += await super().generate(part, ctx)
        return records
