"""The local executor: runs one stage over the store, batch by batch, exactly once.

It owns batching, concurrency (asyncio for I/O-bound stages, a process pool for CPU-bound
ones) and checkpoints. Batches may finish in any order but are committed in order, each in one
transaction with its checkpoint, so record order (``seq``) and therefore exports are the same
whether a run went through in one go or was killed and resumed.
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
from itertools import islice
from typing import Any, TypeVar

from synthloop.records import Record, Status
from synthloop.report.progress import Progress
from synthloop.stages import (
    CorpusStage,
    GenerateStage,
    RecordStage,
    Stage,
    StageContext,
)
from synthloop.store import BatchResult, RunStore

T = TypeVar("T")


class StageFailed(Exception):
    """A stage raised on a batch; nothing of that batch was committed."""

    def __init__(self, stage: str, where: str, error: BaseException) -> None:
        self.stage, self.where, self.error = stage, where, error
        super().__init__(f"stage {stage!r} failed on {where}: {type(error).__name__}: {error}")


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
    if method == "generate":
        return asyncio.run(stage.generate(batch, ctx))  # type: ignore[attr-defined]
    return asyncio.run(stage.process(batch, ctx))  # type: ignore[attr-defined]


class LocalExecutor:
    """Runs stages in this process, with a lazily started process pool for CPU-bound ones."""

    def __init__(self, store: RunStore, progress: Progress) -> None:
        self.store = store
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._pool_size = 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _workers(self, stage: Stage, workers: int | None) -> int:
        if workers is not None:
            return workers
        return min(os.cpu_count() or 1, 8) if stage.cpu_bound else 0

    def _get_pool(self, size: int) -> ProcessPoolExecutor:
        if self._pool is None or self._pool_size != size:
            self.close()
            # spawn: the pipeline process holds a SQLite connection and an event loop, which
            # must not be inherited by forked workers.
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=size, mp_context=ctx,
                                             initializer=_die_with_parent)
            self._pool_size = size
        return self._pool

    def _work(
        self, stage: Stage, method: str, ctx: StageContext, workers: int
    ) -> Callable[[list[Any]], Awaitable[list[Record]]]:
        if workers > 0:
            pool = self._get_pool(workers)

            async def in_pool(batch: list[Any]) -> list[Record]:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(pool, _in_worker, stage, method, batch, ctx)

            return in_pool
        bound = getattr(stage, method)

        async def in_process(batch: list[Any]) -> list[Record]:
            return await bound(batch, ctx)  # type: ignore[no-any-return]

        return in_process

    async def _drive(
        self,
        batches: Iterable[list[Any]],
        work: Callable[[list[Any]], Awaitable[list[Record]]],
        commit: Callable[[list[Any], list[Record]], None],
        concurrency: int,
        stage: str,
    ) -> None:
        """Run up to ``concurrency`` batches at once; commit results in submission order."""
        pending: deque[tuple[list[Any], asyncio.Future[list[Record]]]] = deque()

        async def settle() -> None:
            batch, fut = pending.popleft()
            try:
                out = await fut
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if _is_budget(exc):
                    raise
                raise StageFailed(stage, _describe(batch), exc) from exc
            commit(batch, out)

        try:
            for batch in batches:
                pending.append((batch, asyncio.ensure_future(work(batch))))
                while len(pending) >= concurrency:
                    await settle()
            while pending:
                await settle()
        finally:
            for _, fut in pending:
                fut.cancel()
            if pending:
                await asyncio.gather(*(f for _, f in pending), return_exceptions=True)

    # -- generation ------------------------------------------------------------------------
    async def run_generate(
        self, index: int, stage: GenerateStage, ctx: StageContext, *, batch_size: int,
        concurrency: int, workers: int | None,
    ) -> None:
        store = self.store
        nworkers = self._workers(stage, workers)
        work = self._work(stage, "generate", ctx, nworkers)
        conc = concurrency or max(nworkers, 1)
        # Quarantined generations are replayed first, in place (same id and seq).
        failed = [r for r in store.iter_records(status=Status.FAILED, status_stage=stage.label)
                  if r.slot is not None]
        if failed:
            slots = store.slots_by_index([r.slot for r in failed])  # type: ignore[misc]

            def commit_replay(batch: list[Any], out: list[Record]) -> None:
                store.commit_batch(BatchResult(index, -1, len(batch), new_records=out,
                                               replay=True))

            await self._drive(_batched(slots, batch_size), work, commit_replay, conc, stage.label)
        cursor = store.progress(index).cursor
        total = store.slot_count() - (cursor + 1)
        task = self.progress.start(stage.label, total)

        def commit(batch: list[Any], out: list[Record]) -> None:
            for rec in out:
                if rec.slot is None:
                    raise ValueError(f"{stage.label} returned record {rec.id} without its slot")
            store.commit_batch(BatchResult(index, batch[-1].index, len(batch), new_records=out))
            self.progress.advance(task, len(batch))

        await self._drive(_batched(store.iter_slots(cursor), batch_size), work, commit, conc,
                          stage.label)
        self.progress.finish(task)

    # -- per-record stages -----------------------------------------------------------------
    async def run_records(
        self, index: int, stage: RecordStage, ctx: StageContext, *, batch_size: int,
        concurrency: int, workers: int | None,
    ) -> None:
        store = self.store
        nworkers = self._workers(stage, workers)
        work = self._work(stage, "process", ctx, nworkers)
        conc = concurrency or max(nworkers, 1)

        def split(batch: list[Record], out: list[Record]) -> tuple[list[Record], list[Record]]:
            mine = {r.seq for r in batch}
            return ([r for r in out if r.seq in mine], [r for r in out if r.seq not in mine])

        failed = list(store.iter_records(status=Status.FAILED, status_stage=stage.label))
        if failed:
            for rec in failed:
                rec.status, rec.status_stage, rec.status_reason = Status.OK, None, None

            def commit_replay(batch: list[Record], out: list[Record]) -> None:
                updated, new = split(batch, out)
                store.commit_batch(BatchResult(index, -1, len(batch), new_records=new,
                                               updated_records=updated, replay=True))

            await self._drive(_batched(failed, batch_size), work, commit_replay, conc,
                              stage.label)

        cursor = store.progress(index).cursor
        total = store.count_pending(after=cursor, born_before=index)
        task = self.progress.start(stage.label, total)

        def commit(batch: list[Record], out: list[Record]) -> None:
            updated, new = split(batch, out)
            store.commit_batch(BatchResult(index, batch[-1].seq, len(batch), new_records=new,
                                           updated_records=updated))
            self.progress.advance(task, len(batch))

        pending = store.iter_records(status=Status.OK, after=cursor, born_before=index,
                                     batch_size=batch_size)
        await self._drive(_batched(pending, batch_size), work, commit, conc, stage.label)
        self.progress.finish(task)

    # -- whole-dataset stages --------------------------------------------------------------
    async def run_corpus(
        self, index: int, stage: CorpusStage, ctx: StageContext, *, batch_size: int,
    ) -> None:
        store = self.store
        cursor = store.progress(index).cursor
        total = store.count_pending(after=cursor, born_before=index)
        if total == 0:
            return
        ctx.cursor = cursor
        stage.reset_index()
        candidates = (
            r for r in store.iter_records(born_before=index, batch_size=batch_size)
            if r.status is Status.OK or r.status_stage == stage.label
        )
        task = self.progress.start(f"{stage.label} (index)", None)
        for batch in _batched(candidates, batch_size):
            stage.index(batch, ctx)
            self.progress.advance(task, len(batch))
        self.progress.finish(task)

        task = self.progress.start(stage.label, total)
        pending = store.iter_records(status=Status.OK, after=cursor, born_before=index,
                                     batch_size=batch_size)
        for batch in _batched(pending, batch_size):
            out = stage.decide(batch, ctx)
            store.commit_batch(BatchResult(index, batch[-1].seq, len(batch),
                                           updated_records=out))
            self.progress.advance(task, len(batch))
        self.progress.finish(task)


def _describe(batch: list[Any]) -> str:
    first = batch[0]
    if isinstance(first, Record):
        return f"the batch starting at record {first.id}"
    return f"the batch starting at slot {getattr(first, 'index', '?')}"


def _is_budget(exc: BaseException) -> bool:
    from synthloop.errors import BudgetExceeded

    return isinstance(exc, BudgetExceeded)
