"""The driver: runs stages over the run store, batch by batch, exactly once, whatever the
executor.

Consecutive per-record stages are *fused* with the generator before them into a segment: a
batch of slots becomes records that flow through every stage of the segment before one
transaction commits the records, their verdicts, every stage's counts and the generator's
checkpoint. A record is written once per segment rather than once per stage, and validation
runs while generation goes on. Whole-dataset stages (dedup, decontamination) end a segment.

Each record remembers the last stage it went through (``stage_done``), so a resumed run gives
each stage exactly the records it has not processed, including quarantined records retried
in place. Batches are computed where the executor places them and may finish in any order,
but they commit here, in order, so record order and exports depend neither on timing nor on
the executor. The fuses that stop a broken run (a first batch failed for one reason, or
mostly by one infrastructure error) are here too, for every executor alike.
"""

from __future__ import annotations

import asyncio
import operator
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, TypeVar

from synthloop.counts import StageCounts
from synthloop.errors import SynthloopError, SystemicFailure
from synthloop.executors.base import Executor, StageFailed
from synthloop.failures import dominant_infra_error, stop_for
from synthloop.records import Record, Slot, Status
from synthloop.report.progress import Progress
from synthloop.stages import CorpusStage, GenerateStage, Rejection, Stage, StageContext
from synthloop.store import BatchResult, RunStore

T = TypeVar("T")
# A first batch whose every record failed for one reason stops the run (a broken template,
# a missing label key, an unreachable teacher), provided it holds at least this many records.
SYSTEMIC_MIN_RECORDS = 3
# A flow's first batch holds this many items and later ones double up to the batch size: the
# first records (and a broken stage) show within seconds even when a batch is a whole round,
# while batches stay the commit unit (a kill loses at most the batches in flight).
FIRST_BATCH = 4

Counts = dict[int, StageCounts]  # stage index -> what one batch did there


@dataclass
class Step:
    """One stage of a segment, placed: ``in_flight`` is how many full batches' worth of
    items may be computing at once."""

    index: int
    stage: Stage[Any]
    in_flight: int
    batch_size: int


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


class Driver:
    """Runs one pipeline's stages over its store; ``executor`` only computes batches."""

    def __init__(self, store: RunStore, executor: Executor, progress: Progress) -> None:
        self.store, self.executor, self.progress = store, executor, progress
        self._stages: dict[int, tuple[Stage[Any], StageContext]] = {}

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        """Every stage (after ``setup``), handed to the executor once before any batch."""
        self._stages = dict(stages)
        self.executor.prepare(stages)

    def step(self, index: int, *, workers: int | None, in_flight: int | None,
             batch_size: int) -> Step:
        """Place stage ``index`` and decide how many of its batches run at once.

        By default a stage on workers keeps one batch per worker busy, and a stage in the
        driver's event loop keeps enough batches in flight to fill three times what it can use
        at once (``Stage.parallelism``: a teacher's concurrency limit), so the endpoint, not the
        batch size or the commit order, sets the pace.
        """
        stage, ctx = self._stages[index]
        placed = self.executor.place(index, workers)
        # In the event loop: batches commit in order, so the records answered behind the
        # oldest batch's slowest one wait uncommitted, holding their room: two round trips
        # of answers (room for three times what the stage can fill), and one batch more so a
        # commit never leaves it idle. 3,000 requests against a 50 ms server: one round trip
        # of room (3 batches of 64 at 128 in flight) left 101-106 requests in flight on
        # average, dipping to 28 (load 6); two (5 batches), 115-116 at load 14, below 120 for
        # 1.4-2.0 s of a 6-10 s run (an answer a starved core holds up holds its batch);
        # three (7 batches), 120-122, never below 120 (2026-12-07).
        default = placed or -(-3 * stage.parallelism(ctx) // batch_size) + 1
        return Step(index, stage, in_flight or default, batch_size)

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
                     retry: bool | dict[str, int]) -> tuple[list[Record], list[Record], Counts]:
        """One batch through steps[start:]; returns (new records, updated records, counts).

        Steps on workers return copies, so records are tracked by id and the latest copy
        wins; records a step returns that it was not given are new children. A step that
        returns the very records it was given, in order (a stage in this process that works
        in place: the common case), is recognised by identity and costs no bookkeeping per
        record. ``retry`` marks a batch of quarantined records; for regenerated ones it maps
        their ids to the rows they replace.
        """
        counts: Counts = {}
        new: list[Record] = []
        updated: list[Record] = []
        first = steps[start]
        if isinstance(first.stage, GenerateStage):
            made = await self.executor.submit(first.index, batch)
            if None in map(_slot_of, made):
                rec = next(r for r in made if r.slot is None)
                raise ValueError(f"{first.stage.label} returned record {rec.id} without its "
                                 "slot")
            if isinstance(retry, dict):
                for rec in made:
                    rec.seq = retry.get(rec.id)
                    if rec.seq is not None:
                        rec.retried_at = first.stage.label
            _merge(new, updated, made, children=True)
            counts[first.index] = StageCounts.of(made, first.stage.label, len(batch),
                                                 retry=bool(retry))
            start += 1
        else:
            _merge(new, updated, batch, children=False)
        live = _live([*updated, *new])
        for k, step in enumerate(steps[start:], start=start):
            if not live:
                break
            given = len(new)
            # the stage gets its own list: what it does to the list is seen in what it returns
            out = await self.executor.submit(step.index, [*live])
            same = len(out) == len(live) and all(map(operator.is_, out, live))
            if not same:
                _merge(new, updated, out, children=True)
            counted = counts[step.index] = StageCounts.of(
                out, step.stage.label, len(live),
                retry=bool(retry) and k == start and len(new) == given == 0)
            # the same records all passing: the next stage gets them as they are
            if not same or counted.passed != len(live):
                live = _live([*updated, *new])
        return new, updated, counts

    async def _flow(self, steps: list[Step], start: int, batches: Iterable[list[Any]],
                    concurrency: int, label: str, *, retry: bool | dict[str, int] = False,
                    task: Any = None, fresh: bool = False) -> None:
        """Run batches through the chain, up to ``concurrency`` full batches' worth of items
        at once; commit them in order.

        The bound counts items, not batches: the small first batches of a ramp
        (:func:`_ramped`) then do not starve a teacher (4, 8 and 16 records were all a
        stage at 128 requests in flight had for its first two round trips).
        ``fresh`` marks the first slots a generator ever sees: if every record of that first
        batch fails for one reason, the batch is committed (nothing is lost) and the run stops
        with that reason (:class:`SystemicFailure`); what was sent meanwhile is what the
        teacher's limiter let out in the round trips that batch took (an ``openai`` teacher:
        2, then about 50)."""
        store = self.store
        pending: deque[tuple[list[Any], asyncio.Future[Any]]] = deque()
        is_slots = isinstance(steps[start].stage, GenerateStage)
        window = concurrency * steps[0].batch_size  # the segment's batch size
        held = 0  # items in the pending batches

        async def settle() -> None:
            batch, fut = pending.popleft()
            nonlocal fresh, held
            held -= len(batch)
            try:
                new, updated, counts = await fut
            except SynthloopError:
                raise  # budget, teacher unavailable: the user acts on these
            except Exception as exc:
                raise StageFailed(label, _describe(batch), exc) from exc
            cursor = (steps[start].index, batch[-1].index) if is_slots and not retry else None
            store.commit_batch(BatchResult(new_records=new, updated_records=updated,
                                           counters=counts, cursor=cursor,
                                           stage_done=steps[-1].index))
            if task is not None:
                self.progress.advance(task, len(batch), kept=_kept(new) + _kept(updated))
            if fresh:
                fresh = False
                _stop_if_systemic([*new, *updated])

        try:
            for batch in batches:
                fut = asyncio.ensure_future(self._chain(steps, start, batch, retry))
                pending.append((batch, fut))
                held += len(batch)
                while held >= window:
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
                         batch_size: int, indexed: bool = False, whole: bool = False) -> None:
        """Index every candidate, then decide the records this stage has not seen (both in
        the driver: a corpus stage's index is one object that every batch reads).

        ``indexed``: the stage's index already holds every candidate (it was fed a fresh
        source import batch by batch, :meth:`Pipeline._import_source`), so the index pass
        over the store is skipped. ``whole``: no record that this stage passes can come back
        to it later with its old seq (a quarantined record retried in place), so it may be
        decided as a whole (:meth:`_decide_whole`)."""
        store = self.store
        decided_through = store.progress(index).cursor
        total = store.count_pending(index, after=decided_through)
        if total == 0:
            return
        ctx = replace(ctx, decided_through=decided_through)
        light = stage.stand_ins
        if not indexed:
            stage.reset_index()
            # Every live candidate, and those this stage rejected before (a record with
            # stage_done >= index was already decided, and a kept one stays kept).
            candidates = (
                r for r in store.iter_records(batch_size=batch_size, stand_ins=light)
                if (r.status is Status.OK or r.status_stage == stage.label)
            )
            task = self.progress.start(f"{stage.label} (index)", None)
            for batch in _batched(candidates, batch_size):
                stage.index(batch, ctx)
                self.progress.advance(task, len(batch))
            self.progress.finish(task)
        task = self.progress.start(stage.label, total)
        rejections = stage.rejections(ctx) if whole else None
        if rejections is not None:
            self._decide_whole(index, stage, rejections, total, batch_size)
            self.progress.advance(task, total)
            self.progress.finish(task)
            return
        pending = store.iter_records(pending_for=index, batch_size=batch_size, stand_ins=light,
                                     data=stage.decides_on_data(), after=decided_through)
        for batch in _batched(pending, batch_size):
            out = stage.decide(batch, ctx)
            store.commit_batch(BatchResult(
                updated_records=out,
                counters={index: StageCounts.of(out, stage.label, len(batch))},
                stage_done=index))
            self.progress.advance(task, len(batch))
        self.progress.finish(task)

    def _decide_whole(self, index: int, stage: CorpusStage[Any],
                      rejections: Iterable[Rejection], total: int, batch_size: int) -> None:
        """Commit the ``total`` undecided records' decision writing only the records turned
        down: their statuses and verdicts, ``batch_size`` a transaction; the last one also
        counts the rest as passed and moves the stage's cursor to the store's last seq, which
        marks them decided (:meth:`RunStore.count_pending`). Killed before that, a rerun
        indexes the store again: the records already turned down are candidates that are no
        longer undecided, so the same clusters turn down the rest."""
        store = self.store
        last = store.max_seq()
        batch: list[Record] = []
        for rejection in rejections:
            rec = Record(rejection.id, {}, seq=rejection.seq)  # stand-in: data not written
            stage.apply(rec, rejection.outcome)
            batch.append(rec)
            if len(batch) == batch_size:
                store.commit_batch(BatchResult(
                    updated_records=batch, stage_done=index,
                    counters={index: StageCounts.of(batch, stage.label, len(batch))}))
                total -= len(batch)
                batch = []
        counts = StageCounts.of(batch, stage.label, len(batch))
        passed = total - len(batch)
        store.commit_batch(BatchResult(
            updated_records=batch, stage_done=index, cursor=(index, last),
            counters={index: replace(counts, n_in=total, passed=counts.passed + passed)}))


_slot_of = operator.attrgetter("slot")
_id_of = operator.attrgetter("id")
_status_of = operator.attrgetter("status")


def _live(records: list[Record]) -> list[Record]:
    """The records still in the pipeline (status ``ok``), in order; ``records`` itself when
    all are (statuses compared in C: a Python loop per record and stage was a tenth of a run
    of no-op stages)."""
    ok = Status.OK
    statuses = list(map(_status_of, records))
    if statuses.count(ok) == len(statuses):
        return records
    return [r for r, status in zip(records, statuses, strict=True) if status is ok]


def _kept(records: list[Record]) -> int:
    """How many of ``records`` are still in the pipeline."""
    return list(map(_status_of, records)).count(Status.OK)


def _merge(new: list[Record], updated: list[Record], out: list[Record], *,
           children: bool) -> None:
    """Fold the records a step returned into the batch's, by id: the latest copy of a record
    replaces it in place; a record not seen yet is appended, to ``new`` as a child (or a
    generator's record) or, with ``children`` false, to ``updated`` (the batch read from the
    store)."""
    into = new if children else updated
    if not new and not updated and len(set(map(_id_of, out))) == len(out):
        into.extend(out)  # the first records of a batch, each id once: nothing to fold
        return
    where: dict[str, tuple[list[Record], int]] = {}
    for records in (updated, new):
        for i, rec in enumerate(records):
            where[rec.id] = (records, i)
    for rec in out:
        hit = where.get(rec.id)
        if hit is None:
            where[rec.id] = (into, len(into))
            into.append(rec)
        else:
            hit[0][hit[1]] = rec


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
