"""The executor interface: where a stage's batches compute, and nothing else.

The pipeline's driver (:mod:`synthloop.driver`) owns the run: which records each stage gets,
the fused segments, retries of quarantined records, the funnel counts, the fuses that stop a
broken run, and the commits (exactly once per batch, in batch order, in the driver process).
An executor only *places* work: it is told once which stages exist, asked where each one runs
(in the driver's event loop, or on workers), handed batches to compute there, and asked to
wrap a teacher so its requests leave from where they should. A spec therefore gives the same
records on a laptop or a cluster, whichever executor computed them.

:class:`~synthloop.executors.local.LocalExecutor` computes in this process (asyncio) or a
process pool; :class:`~synthloop.executors.ray.RayExecutor` on Ray actors. Stage objects are
shipped to workers once (:meth:`Executor.prepare`), never per batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from synthloop.records import Record
from synthloop.stages import GenerateStage, RecordStage, Stage, StageContext

if TYPE_CHECKING:  # teachers load only for a spec that uses one
    from synthloop.teachers.base import Teacher


class StageFailed(Exception):
    """A stage raised on a batch; nothing of that batch was committed."""

    def __init__(self, stage: str, where: str, error: BaseException) -> None:
        self.stage, self.where, self.error = stage, where, error
        super().__init__(f"stage {stage!r} failed on {where}: {type(error).__name__}: {error}")


class Executor(Protocol):
    """Places the batches of one pipeline's stages; commits nothing."""

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        """Receive every stage (after ``setup``) once, before any batch runs."""

    def place(self, index: int, workers: int | None) -> int:
        """Decide where stage ``index`` computes: on ``workers`` workers when given, else
        where this executor puts a stage of its kind. Returns how many workers it got (0: the
        driver's event loop), which is also how many batches keep them busy."""

    async def submit(self, index: int, batch: list[Any]) -> list[Record]:
        """Compute one batch of the placed stage ``index`` (slots for a generator, records
        otherwise) and return the records out; raise what the stage raised."""

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        """The teacher stages will call: ``teacher`` itself, or one whose requests this
        executor sends elsewhere (cache, budget and accounting stay with the store)."""

    def close(self) -> None:
        """Release workers."""


async def run_here(stage: Stage[Any], ctx: StageContext, batch: list[Any]) -> list[Record]:
    """One batch of ``stage`` in the calling process: ``generate`` for a generator's slots,
    ``process`` for records. Every placement ends here, in the driver or in a worker."""
    if isinstance(stage, GenerateStage):
        made: list[Record] = await stage.generate(batch, ctx)
        return made
    if isinstance(stage, RecordStage):
        out: list[Record] = await stage.process(batch, ctx)
        return out
    raise TypeError(f"stage {stage.label} ({type(stage).__name__}) takes no batches: only "
                    "generators and per-record stages are placed")
