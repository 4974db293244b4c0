"""The executor interface: how a pipeline's stages run over the run store.

The pipeline decides *what* runs (segments of fused generate/per-record stages, corpus
stages, in order); an executor decides *where* and *how concurrently*. Every executor keeps
two rules, so a spec gives the same records on a laptop or a cluster:

- commits stay in the driver, exactly once per batch, in batch order (the executor may
  compute batches anywhere and in any order);
- stage objects are shipped to workers once (:meth:`Executor.prepare`), never per batch.

:class:`~synthloop.executors.local.LocalExecutor` is the first implementation (asyncio for
I/O-bound stages, a process pool for CPU-bound ones); a Ray executor implements the same
protocol in its own module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from synthloop.records import Record
from synthloop.stages import CorpusStage, Stage, StageContext
from synthloop.teachers.base import Teacher

# stage index -> (in, passed, rejected, failed, modified)
Counters = dict[int, tuple[int, int, int, int, int]]


class StageFailed(Exception):
    """A stage raised on a batch; nothing of that batch was committed."""

    def __init__(self, stage: str, where: str, error: BaseException) -> None:
        self.stage, self.where, self.error = stage, where, error
        super().__init__(f"stage {stage!r} failed on {where}: {type(error).__name__}: {error}")


@dataclass
class Step:
    """One stage of a segment, bound to how it runs.

    ``work`` maps a batch (slots for a generator, records otherwise) to the records out;
    ``in_flight`` is how many batches of this step may be computing at once.
    """

    index: int
    stage: Stage[Any]
    work: Callable[[list[Any]], Awaitable[list[Record]]]
    in_flight: int
    batch_size: int


class Executor(Protocol):
    """Runs the stages of one pipeline over its store."""

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        """Receive every stage (after ``setup``) once, before any batch runs."""

    def step(self, index: int, *, workers: int | None, in_flight: int | None,
             batch_size: int) -> Step:
        """Bind the prepared stage ``index`` to how it runs."""

    async def run_segment(self, steps: list[Step]) -> None:
        """Run a fused segment over everything it has not processed; commit per batch."""

    async def run_corpus(self, index: int, stage: CorpusStage[Any], ctx: StageContext, *,
                         batch_size: int) -> None:
        """Index every candidate, then decide the undecided records batch by batch."""

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        """The teacher stages will call: ``teacher`` itself, or one whose requests this
        executor sends elsewhere (cache, budget and accounting stay with the store)."""

    def close(self) -> None:
        """Release workers."""
