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
import contextlib
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from synthloop.errors import SynthloopError, SystemicFailure
from synthloop.executors.base import Counters, StageFailed, Step
from synthloop.failures import dominant_infra_error, stop_for
from synthloop.records import Record, Slot, Status
from synthloop.report.progress import Progress
from synthloop.stages import CorpusStage, GenerateStage, Stage, StageContext
from synthloop.store import BatchResult, RunStore
from synthloop.teachers.base import Teacher

T = TypeVar("T")
# A first batch whose every record failed for one reason stops the run (a broken template,
# a missing label key, an unreachable teacher), provided it holds at least this many records.
SYSTEMIC_MIN_RECORDS = 3
# A flow's first batch holds this many items and later ones double up to the batch size: the
# first records (and a broken stage) show within seconds even when a batch is a whole round,
# while batches stay the commit unit (a kill loses at most the batches in flight).
FIRST_BATCH = 4


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _ramped(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Batches of :data:`FIRST_BATCH` items, then twice as many each time, up to ``size``."""
    it = iter(items)
    n = min(FIRST_BATCH, size)
    while chunk := list(islice(it, n)):
        yield chunk
        n = min(2 * n, size)


def _die_with_parent() -> None:
    """Pool initializer: on Linux, ask the kernel to SIGKILL this worker when the pipeline
    process dies (even by SIGKILL), so no orphan keeps computing or holding files."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


_WORKER_STAGES: dict[int, tuple[Stage[Any], StageContext]] = {}


def _init_worker(stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
    """Pool initializer: the CPU-bound stages arrive once per worker (pickled without the
    store), so a batch carries only its records."""
    _die_with_parent()
    _WORKER_STAGES.update(stages)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _in_worker(index: int, method: str, batch: list[Any]) -> list[Record]:
    """One batch in a worker. A Ctrl-C while it computes ends the batch (its
    KeyboardInterrupt goes back to the pipeline as the batch's result, which an interrupted
    run drops), so the pool shuts down at once instead of finishing work no one commits."""
    stage, ctx = _WORKER_STAGES[index]
    signal.signal(signal.SIGINT, _interrupt)  # not the default: asyncio.run would defer it
    try:
        result: list[Record] = asyncio.run(getattr(stage, method)(batch, ctx))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return result


@contextmanager
def _without_main_script() -> Iterator[None]:
    """Hide the user's ``__main__`` script from a worker being spawned.

    Python's spawn re-imports the main script in every worker; a script that calls
    ``synthloop.run()`` at top level without an ``if __name__ == "__main__"`` guard then
    starts a run inside each worker and dies in its bootstrap. Workers need nothing from the
    script when no stage they run is defined there, so it is hidden while each one starts.
    """
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__file__", "__spec__")
                             if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


def _main_defines_a_stage() -> bool:
    """Whether the ``__main__`` script defines a stage class (workers then need it)."""
    main = sys.modules.get("__main__")
    return main is not None and any(
        isinstance(v, type) and issubclass(v, Stage) and v.__module__ == "__main__"
        for v in vars(main).values())


class _WorkerProcess(multiprocessing.context.SpawnProcess):
    """A pool worker. The pool spawns workers one by one as batches arrive (not all on its
    first task), so each start hides the main script itself; and it ignores SIGINT while
    idle: a Ctrl-C in a terminal reaches the whole process group, and only the pipeline
    process reports it (it stops the run and says how to resume)."""

    def start(self) -> None:
        with contextlib.nullcontext() if _main_defines_a_stage() else _without_main_script():
            super().start()

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        super().run()


class _WorkerContext(multiprocessing.context.SpawnContext):
    """spawn (the pipeline process holds a SQLite connection and an event loop, which forked
    workers must not inherit), with :class:`_WorkerProcess` workers."""

    Process = _WorkerProcess


class LocalExecutor:
    """Runs segments in this process, with a process pool for CPU-bound stages (started on
    first use, with every CPU-bound stage shipped to each worker once)."""

    def __init__(self, store: RunStore, progress: Progress) -> None:
        self.store = store
        self.progress = progress
        self._stages: dict[int, tuple[Stage[Any], StageContext]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._pool_size = 0

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        self._stages = dict(stages)

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        return teacher  # requests leave from this process

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def step(self, index: int, *, workers: int | None, in_flight: int | None,
             batch_size: int) -> Step:
        """Bind stage ``index`` to how it runs: in this process, or in a pool of ``workers``.

        By default an I/O-bound stage keeps enough batches in flight to fill what it can use
        at once (``Stage.parallelism``: a teacher's concurrency limit), so the endpoint, not
        the batch size, sets the pace; a CPU-bound stage keeps one batch per worker busy.
        """
        stage, ctx = self._stages[index]
        nworkers = workers if workers is not None else (
            min(os.cpu_count() or 1, 8) if stage.cpu_bound else 0)
        method = "generate" if isinstance(stage, GenerateStage) else "process"
        if nworkers > 0:
            pool = self._get_pool(nworkers)

            async def work(batch: list[Any]) -> list[Record]:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(pool, _in_worker, index, method, batch)

            default = nworkers
        else:
            bound = getattr(stage, method)

            async def work(batch: list[Any]) -> list[Record]:
                result: list[Record] = await bound(batch, ctx)
                return result

            # one more batch than the stage can fill, so a commit never leaves it idle
            default = -(-stage.parallelism(ctx) // batch_size) + 1
        return Step(index, stage, work, in_flight or default, batch_size)

    def _get_pool(self, size: int) -> ProcessPoolExecutor:
        if self._pool is None or self._pool_size != size:
            self.close()
            shipped = {i: sc for i, sc in self._stages.items() if sc[0].cpu_bound}
            self._pool = ProcessPoolExecutor(max_workers=size, mp_context=_WorkerContext(),
                                             initializer=_init_worker, initargs=(shipped,))
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
        concurrency = max(s.in_flight for s in steps)
        for j, step in enumerate(steps):
            failed = list(store.iter_records(status=Status.FAILED, status_stage=step.stage.label))
            if not failed:
                continue
            if isinstance(step.stage, GenerateStage):
                slots = store.slots_by_index([r.slot for r in failed if r.slot is not None])
                seqs: dict[str, int] = {r.id: r.seq for r in failed if r.seq is not None}
                await self._flow(steps, 0, _ramped(slots, batch_size), concurrency, label,
                                 retry=seqs)
            else:
                for rec in failed:
                    rec.status, rec.status_stage, rec.status_reason = Status.OK, None, None
                    rec.retried_at = step.stage.label
                await self._flow(steps, j, _ramped(failed, batch_size), concurrency, label,
                                 retry=True)
        first = 1 if isinstance(head.stage, GenerateStage) else 0
        for j in range(first, len(steps)):
            index = steps[j].index
            if store.count_pending(index):
                pending = store.iter_records(pending_for=index, batch_size=batch_size)
                await self._flow(steps, j, _ramped(pending, batch_size), concurrency, label)
        if first:
            cursor = store.progress(head.index).cursor
            slots_iter = store.iter_slots(cursor)
            task = self.progress.start(label, store.slot_count() - (cursor + 1))
            await self._flow(steps, 0, _ramped(slots_iter, batch_size), concurrency, label,
                             task=task, fresh=cursor < 0)
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
                    if rec.seq is not None:
                        rec.retried_at = first.stage.label
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
                    task: Any = None, fresh: bool = False) -> None:
        """Run up to ``concurrency`` batches through the chain; commit them in order.

        ``fresh`` marks the first slots a generator ever sees: if every record of that first
        batch fails for one reason, the batch is committed (nothing is lost) and the run stops
        with that reason (:class:`SystemicFailure`)."""
        store = self.store
        pending: deque[tuple[list[Any], asyncio.Future[Any]]] = deque()
        is_slots = isinstance(steps[start].stage, GenerateStage)

        async def settle() -> None:
            batch, fut = pending.popleft()
            nonlocal fresh
            try:
                new, updated, counters = await fut
            except SynthloopError:
                raise  # budget, teacher unavailable: the user acts on these
            except Exception as exc:
                raise StageFailed(label, _describe(batch), exc) from exc
            cursor = (steps[start].index, batch[-1].index) if is_slots and not retry else None
            store.commit_batch(BatchResult(new_records=new, updated_records=updated,
                                           counters=counters, slot_cursor=cursor,
                                           stage_done=steps[-1].index))
            if task is not None:
                kept = sum(1 for r in [*new, *updated] if r.status is Status.OK)
                self.progress.advance(task, len(batch), kept=kept)
            if fresh:
                fresh = False
                _stop_if_systemic([*new, *updated])

        try:
            for batch in batches:
                fut = asyncio.ensure_future(self._chain(steps, start, batch, retry))
                pending.append((batch, fut))
                while len(pending) >= concurrency:
                    await settle()
            while pending:
                await settle()
        finally:
            for _, left in pending:
                left.cancel()
            if pending:
                await asyncio.gather(*(f for _, f in pending), return_exceptions=True)

    # -- whole-dataset stages --------------------------------------------------------------
    async def run_corpus(self, index: int, stage: CorpusStage[Any], ctx: StageContext, *,
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
           ) -> tuple[int, int, int, int, int]:
    """(in, passed, rejected, failed, modified) for one stage; a retried batch was already
    counted once as failed, so it moves from failed rather than adding to in."""
    passed = rejected = failed = modified = 0
    for r in records:
        if label in r.modified_by:
            modified += 1
        if r.status is Status.OK:
            passed += 1
        elif r.status_stage == label:
            if r.status is Status.REJECTED:
                rejected += 1
            else:
                failed += 1
    if retry:
        return 0, passed, rejected, failed - n_in, modified
    return n_in, passed, rejected, failed, modified


def _stop_if_systemic(records: list[Record]) -> None:
    """Raise :class:`SystemicFailure` when every record failed at one stage for one reason,
    and :class:`~synthloop.failures.InfraFailure` when one infrastructure error (an HTTP
    status whatever the body, timeouts) failed most of them."""
    failed = [r for r in records if r.status is Status.FAILED]
    if len(records) < SYSTEMIC_MIN_RECORDS:
        return
    reasons = {(r.status_stage, r.status_reason) for r in failed}
    if len(failed) == len(records) and len(reasons) == 1:
        stage, reason = reasons.pop()
        raise SystemicFailure(
            f"stage {stage!r} failed every record of its first batch ({len(records)}) for the "
            f"same reason: {reason}. Fix the cause and re-run the same command; the failed "
            "records are kept and will be retried.")
    dominant = dominant_infra_error(((r.status_stage, r.status_reason) for r in failed),
                                    len(records))
    if dominant is not None:
        raise stop_for(dominant, "first batch")


def _describe(batch: list[Any]) -> str:
    first = batch[0]
    if isinstance(first, Record):
        return f"the batch starting at record {first.id}"
    if isinstance(first, Slot):
        return f"the batch starting at slot {first.index}"
    return "a batch"
