"""The local executor: runs the stages over the store, batch by batch, exactly once.

Consecutive per-record stages are *fused* with the generator before them into a segment: a
batch of slots becomes records that flow through every stage of the segment before one
transaction commits the records, their verdicts, every stage's counters and the generator's
checkpoint. A record is written once per segment rather than once per stage, and validation
runs while generation goes on. Whole-dataset stages (dedup, decontamination) end a segment.

Each record remembers the last stage it went through (``stage_done``), so a resumed run gives
each stage exactly the records it has not processed, including quarantined records retried
in place. Batches may finish in any order (asyncio for I/O-bound stages, a process pool for
CPU-bound ones) but commit in order, so record order and exports do not depend on timing.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from synthloop.records import Record, Status
from synthloop.report.progress import Progress
from synthloop.stages import CorpusStage, GenerateStage, Stage, StageContext
from synthloop.store import BatchResult, RunStore, Slot

T = TypeVar("T")
Counters = dict[int, tuple[int, int, int, int]]


class StageFailed(Exception):
    """A stage raised on a batch; nothing of that batch was committed."""

    def __init__(self, stage: str, where: str, error: BaseException) -> None:
        self.stage, self.where, self.error = stage, where, error
        super().__init__(f"stage {stage!r} failed on {where}: {type(error).__name__}: {error}")


@dataclass
class Step:
    """One stage of a segment, ready to run."""

    index: int
    stage: Stage
    work: Callable[[list[Any]], Awaitable[list[Record]]]
    concurrency: int
    batch_size: int


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _die_with_parent() -> None:
    """Pool initializer: on Linux, ask the kernel to SIGKILL this worker when the pipeline
    process dies (even by SIGKILL), so no orphan keeps computing or holding files."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _in_worker(stage: Stage, method: str, batch: list[Any], ctx: StageContext) -> list[Record]:
    """Runs in a pool process: the stage and context arrive pickled (without the store)."""
    return asyncio.run(getattr(stage, method)(batch, ctx))


class LocalExecutor:
    """Runs segments in this process, with a lazily started process pool for CPU-bound
    stages."""

    def __init__(self, store: RunStore, progress: Progress) -> None:
        self.store = store
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._pool_size = 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def step(self, index: int, stage: Stage, ctx: StageContext, *, workers: int | None,
             concurrency: int | None, batch_size: int) -> Step:
        """Bind a stage to how it runs: in this process, or in a pool of ``workers``."""
        nworkers = workers if workers is not None else (
            min(os.cpu_count() or 1, 8) if stage.cpu_bound else 0)
        method = "generate" if isinstance(stage, GenerateStage) else "process"
        if nworkers > 0:
            pool = self._get_pool(nworkers)

            async def work(batch: list[Any]) -> list[Record]:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(pool, _in_worker, stage, method, batch, ctx)
        else:
            bound = getattr(stage, method)

            async def work(batch: list[Any]) -> list[Record]:
                return await bound(batch, ctx)  # type: ignore[no-any-return]

        return Step(index, stage, work, concurrency or max(nworkers, 1), batch_size)

    def _get_pool(self, size: int) -> ProcessPoolExecutor:
        if self._pool is None or self._pool_size != size:
            self.close()
            # spawn: the pipeline process holds a SQLite connection and an event loop, which
            # must not be inherited by forked workers.
            self._pool = ProcessPoolExecutor(max_workers=size,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_die_with_parent)
            self._pool_size = size
        return self._pool

    # -- segments --------------------------------------------------------------------------
    async def run_segment(self, steps: list[Step]) -> None:
        """Quarantined records first (each from the stage that failed it), then records some
        stage of the segment has not seen, then (for a generator) the remaining slots. The
        segment's batch size is its first stage's."""
        store = self.store
        batch_size = steps[0].batch_size
        head = steps[0]
        label = " → ".join(s.stage.label for s in steps)
        concurrency = max(s.concurrency for s in steps)
        for j, step in enumerate(steps):
            failed = list(store.iter_records(status=Status.FAILED, status_stage=step.stage.label))
            if not failed:
                continue
            if isinstance(step.stage, GenerateStage):
                slots = store.slots_by_index([r.slot for r in failed if r.slot is not None])
                seqs = {r.id: r.seq for r in failed if r.seq is not None}
                await self._flow(steps, 0, _batched(slots, batch_size), concurrency, label,
                                 retry=seqs)
            else:
                for rec in failed:
                    rec.status, rec.status_stage, rec.status_reason = Status.OK, None, None
                await self._flow(steps, j, _batched(failed, batch_size), concurrency, label,
                                 retry=True)
        first = 1 if isinstance(head.stage, GenerateStage) else 0
        for j in range(first, len(steps)):
            index = steps[j].index
            if store.count_pending(index):
                pending = store.iter_records(pending_for=index, batch_size=batch_size)
                await self._flow(steps, j, _batched(pending, batch_size), concurrency, label)
        if first:
            cursor = store.progress(head.index).cursor
            slots_iter = store.iter_slots(cursor)
            task = self.progress.start(label, store.slot_count() - (cursor + 1))
            await self._flow(steps, 0, _batched(slots_iter, batch_size), concurrency, label,
                             task=task)
            self.progress.finish(task)

    async def _chain(self, steps: list[Step], start: int, batch: list[Any],
                     retry: bool | dict[str, int]) -> tuple[list[Record], list[Record], Counters]:
        """One batch through steps[start:]; returns (new records, updated records, counts).

        Steps in a pool return copies, so records are tracked by id and the latest copy wins;
        records a step returns that it was not given are new children. ``retry`` marks a batch
        of quarantined records; for regenerated ones it maps their ids to the rows they replace.
        """
        counters: Counters = {}
        records: dict[str, Record] = {}
        new_ids: set[str] = set()
        first = steps[start]
        if isinstance(first.stage, GenerateStage):
            made = await first.work(batch)
            for rec in made:
                if rec.slot is None:
                    raise ValueError(f"{first.stage.label} returned record {rec.id} without "
                                     "its slot")
                if isinstance(retry, dict):
                    rec.seq = retry.get(rec.id)
                records[rec.id] = rec
                new_ids.add(rec.id)
            counters[first.index] = _count(made, first.stage.label, len(batch), bool(retry))
            start += 1
        else:
            records = {r.id: r for r in batch}
        for k, step in enumerate(steps[start:], start=start):
            live = [r for r in records.values() if r.status is Status.OK]
            if not live:
                break
            out = await step.work(live)
            for rec in out:
                if rec.id not in records:
                    new_ids.add(rec.id)
                records[rec.id] = rec
            counters[step.index] = _count(out, step.stage.label, len(live),
                                          bool(retry) and k == start and not new_ids)
        new = [r for i, r in records.items() if i in new_ids]
        updated = [r for i, r in records.items() if i not in new_ids]
        return new, updated, counters

    async def _flow(self, steps: list[Step], start: int, batches: Iterable[list[Any]],
                    concurrency: int, label: str, *, retry: bool | dict[str, int] = False,
                    task: Any = None) -> None:
        """Run up to ``concurrency`` batches through the chain; commit them in order."""
        store = self.store
        pending: deque[tuple[list[Any], asyncio.Future[Any]]] = deque()
        is_slots = isinstance(steps[start].stage, GenerateStage)

        async def settle() -> None:
            batch, fut = pending.popleft()
            try:
                new, updated, counters = await fut
            except Exception as exc:
                if _is_user_error(exc):
                    raise
                raise StageFailed(label, _describe(batch), exc) from exc
            cursor = (steps[start].index, batch[-1].index) if is_slots and not retry else None
            store.commit_batch(BatchResult(new_records=new, updated_records=updated,
                                           counters=counters, slot_cursor=cursor,
                                           stage_done=steps[-1].index))
            if task is not None:
                self.progress.advance(task, len(batch))

        try:
            for batch in batches:
                fut = asyncio.ensure_future(self._chain(steps, start, batch, retry))
                pending.append((batch, fut))
                while len(pending) >= concurrency:
                    await settle()
            while pending:
                await settle()
        finally:
            for _, fut in pending:
                fut.cancel()
            if pending:
                await asyncio.gather(*(f for _, f in pending), return_exceptions=True)

    # -- whole-dataset stages --------------------------------------------------------------
    async def run_corpus(self, index: int, stage: CorpusStage, ctx: StageContext, *,
                         batch_size: int) -> None:
        """Index every candidate, then decide the records this stage has not seen."""
        store = self.store
        total = store.count_pending(index)
        if total == 0:
            return
        stage.reset_index()
        # Every live candidate, and those this stage rejected before (a record with
        # stage_done >= index was already decided, and a kept one stays kept).
        candidates = (
            r for r in store.iter_records(batch_size=batch_size)
            if (r.status is Status.OK or r.status_stage == stage.label)
        )
        task = self.progress.start(f"{stage.label} (index)", None)
        for batch in _batched(candidates, batch_size):
            stage.index(batch, ctx)
            self.progress.advance(task, len(batch))
        self.progress.finish(task)
        task = self.progress.start(stage.label, total)
        for batch in _batched(store.iter_records(pending_for=index, batch_size=batch_size),
                              batch_size):
            out = stage.decide(batch, ctx)
            store.commit_batch(BatchResult(
                updated_records=out, counters={index: _count(out, stage.label, len(batch))},
                stage_done=index))
            self.progress.advance(task, len(batch))
        self.progress.finish(task)


def _count(records: list[Record], label: str, n_in: int, retry: bool = False
           ) -> tuple[int, int, int, int]:
    """(in, passed, rejected, failed) for one stage; a retried batch was already counted
    once as failed, so it moves from failed rather than adding to in."""
    passed = rejected = failed = 0
    for r in records:
        if r.status is Status.OK:
            passed += 1
        elif r.status_stage == label:
            if r.status is Status.REJECTED:
                rejected += 1
            else:
                failed += 1
    if retry:
        return 0, passed, rejected, failed - n_in
    return n_in, passed, rejected, failed


def _describe(batch: list[Any]) -> str:
    first = batch[0]
    if isinstance(first, Record):
        return f"the batch starting at record {first.id}"
    if isinstance(first, Slot):
        return f"the batch starting at slot {first.index}"
    return "a batch"


def _is_user_error(exc: BaseException) -> bool:
    """Errors with their own message and exit code (budget reached, teacher unavailable)."""
    from synthloop.errors import SynthloopError

    return isinstance(exc, SynthloopError)
