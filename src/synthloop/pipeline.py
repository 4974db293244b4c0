"""Run a spec over its run store: plan, stages in order, top-up rounds, balance, reports.

Running again on the same run directory resumes: every stage continues from its checkpoint,
quarantined records are retried, and nothing completed is redone. A directory holding a
different spec is refused unless ``force_new`` (the old run is then kept beside it).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from synthloop.counts import StageCounts
from synthloop.driver import Driver, Step
from synthloop.errors import BudgetExceeded, RunDirError
from synthloop.executors import make_executor
from synthloop.executors.base import Executor
from synthloop.failures import dominant_infra_error, stop_for
from synthloop.lock import LOCK_NAME, RunDirLock
from synthloop.plan.sampler import (
    Cell,
    Plan,
    cell_of,
    cell_text,
    first_round,
    make_plan,
    top_up,
)
from synthloop.plan.shortfall import Shortfall, kept_per_cell, shortfall
from synthloop.records import Lineage, Record, Status, id_maker
from synthloop.report.progress import Progress
from synthloop.sources import (
    IMPORT_BATCH,
    SOURCE_LABEL,
    imported_rows,
    keeps_values,
    source_rows,
)
from synthloop.spec import Spec
from synthloop.spec_check import build_stages
from synthloop.stages import (
    CorpusStage,
    GenerateStage,
    RecordStage,
    Reject,
    ReportStage,
    Stage,
    StageContext,
    write_outcome,
)
from synthloop.store import DB_NAME, BatchResult, RunStore
from synthloop.version import __version__

if TYPE_CHECKING:  # teachers load only for a spec that uses one
    from synthloop.teachers.base import Teacher

SCHEMA_VERSION = 2  # bump when the run store's tables change meaning
BALANCE_LABEL = "plan.balance"
# Allocations between collections of the youngest generation during a run (CPython: 700).
RUN_GC_THRESHOLD = 100_000


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Collect cyclic garbage rarely while a run runs, as CPython's default does not suit it.

    A batch in flight holds tens of thousands of small objects (records, their dicts and
    lists, rows) across awaits; at the default threshold every collection finds them alive,
    promotes them, and soon triggers a full collection of everything: a quarter of the CPU
    of a run of no-op stages (``benchmarks/pipeline_overhead.py``). A run's garbage is freed
    by reference counting, batch by batch; cycles (tracebacks, futures) wait a little longer."""
    before = gc.get_threshold()
    gc.set_threshold(RUN_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass
class RunOutcome:
    """How a run ended: ``complete``, ``short`` (finished, every round spent, but some cell
    kept fewer records than planned: ``shortfall`` says which and why) or ``budget``
    (stopped before exceeding it)."""

    run_dir: Path
    state: str
    message: str = ""
    shortfall: Shortfall | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A corpus stage that a fresh source import indexes batch by batch (``Pipeline._feed``)."""

    index: int
    stage: CorpusStage[Any]
    ctx: StageContext


class TeacherPool(dict[str, Any]):
    """Teachers by spec name, built on first use (so a spec without LLM stages never loads
    llama.cpp or opens a connection)."""

    def __init__(self, spec: Spec, store: RunStore,
                 wrap: Callable[[Teacher], Teacher] | None = None) -> None:
        super().__init__()
        self.spec, self.store, self.wrap = spec, store, wrap

    def __missing__(self, name: str) -> Any:
        from synthloop.teachers import build_teacher

        teacher = build_teacher(name, self.spec.teachers.get(name), store=self.store,
                                budget=self.spec.budget)
        if self.wrap is not None:
            teacher = self.wrap(teacher)
        self[name] = teacher
        return teacher

    async def aclose(self) -> None:
        for teacher in self.values():
            await teacher.aclose()


def prepare_run_dir(spec: Spec, run_dir: Path, *, force_new: bool) -> RunStore:
    """Open (resume) or create the store; refuse a run dir that holds another spec or an
    older store schema, unless ``force_new`` (then the old run is moved to ``DIR.old-N``)."""
    db = run_dir / DB_NAME
    spec_hash = spec.content_hash()
    if db.exists():
        store = RunStore(db)
        schema, existing = store.get_meta("schema_version"), store.get_meta("spec_hash")
        if schema == str(SCHEMA_VERSION) and existing == spec_hash:
            return store
        store.close()
        if not force_new:
            if schema != str(SCHEMA_VERSION):
                raise RunDirError(
                    f"{run_dir} was made by a synthloop whose run store has schema "
                    f"{schema or 0}; this version reads schema {SCHEMA_VERSION}. Export it with "
                    "the version that made it, or pass --force-new to start over (the old run "
                    "is kept aside).")
            raise RunDirError(
                f"{run_dir} holds a run of a different spec (spec hash {existing}, this spec "
                f"{spec_hash}). Re-run with the original spec to resume, choose another "
                "--run-dir, or pass --force-new to start over (the old run is kept aside).")
        n = 1
        while (aside := run_dir.with_name(f"{run_dir.name}.old-{n}")).exists():
            n += 1
        run_dir.rename(aside)
    elif run_dir.exists() and any(p.name != LOCK_NAME for p in run_dir.iterdir()):
        raise RunDirError(f"{run_dir} exists and is not a synthloop run (no {DB_NAME}); "
                          "choose an empty or new --run-dir")
    store = RunStore(db)
    with store.transaction():
        store.set_meta("spec_hash", spec_hash)
        store.set_meta("schema_version", str(SCHEMA_VERSION))
        store.set_meta("spec_name", spec.name)
        store.set_meta("synthloop_version", __version__)
        store.set_meta("created", f"{time.time():.0f}")
    return store


class Pipeline:
    """One run of a spec in one run directory. Its :class:`~synthloop.driver.Driver` runs
    the stages; ``executor`` (default: the one the spec's run options name) only places
    their batches."""

    def __init__(self, spec: Spec, run_dir: Path, *, progress: Progress | None = None,
                 force_new: bool = False, stages: list[Stage[Any]] | None = None,
                 executor: Executor | None = None) -> None:
        self.spec = spec
        self.run_dir = run_dir
        self.progress = progress or Progress()
        self.lock = RunDirLock(run_dir)
        self.lock.acquire()
        try:
            self.store = prepare_run_dir(spec, run_dir, force_new=force_new)
        except BaseException:
            self.lock.release()
            raise
        if not self.lock.path.exists():  # --force-new moved the old run aside, lock and all
            self.lock.release()
            self.lock.acquire()
        self.store.set_meta("spec", spec.model_dump_json())
        if spec._path is not None:  # relative paths in stage parameters resolve against it
            self.store.set_meta("spec_path", str(spec._path))
        (run_dir / "spec.yaml").write_text(spec.to_yaml())
        self.spec_hash = spec.content_hash()
        # ``stages``: built when the spec was checked (synthloop.api.run), not built again
        self.stages = stages if stages is not None else build_stages(spec)
        # With a source, the import is stage 0 and the spec's stages follow.
        self.offset = 1 if spec.source is not None else 0
        self.executor = executor if executor is not None else make_executor(spec.run)
        self.driver = Driver(self.store, self.executor, self.progress)
        self.teachers = TeacherPool(spec, self.store, wrap=self.executor.wrap_teacher)

    def close(self, *, behind: bool = False) -> None:
        self.executor.close()
        self.store.close(behind=behind)
        self.progress.close()
        self.lock.release()

    def ctx(self, index: int, stage: Stage[Any] | None, label: str) -> StageContext:
        return StageContext(spec_hash=self.spec_hash, stage=label, stage_index=index,
                            seed=self.spec.seed, run_dir=self.run_dir, spec=self.spec,
                            store=self.store, teachers=self.teachers)

    def run(self, *, checkpoint_behind: bool = False) -> RunOutcome:
        """Run to the end and close. ``checkpoint_behind``: the caller opens a store on the
        run next (``synthloop.api.run``'s handle, whose close waits for it), so the store's
        final checkpoint may run in a thread meanwhile (``RunStore.close``)."""
        try:
            with _rare_collections():
                outcome = asyncio.run(self._run())
        except BaseException:
            self.close()
            raise
        self.close(behind=checkpoint_behind)
        return outcome

    async def _run(self) -> RunOutcome:
        store = self.store
        if self.offset:
            store.ensure_progress(0, SOURCE_LABEL)
        for i, stage in enumerate(self.stages):
            if not isinstance(stage, ReportStage):  # verdict-free: not part of the funnel
                store.ensure_progress(i + self.offset, stage.label)
        contexts = {i + self.offset: (stage, self.ctx(i + self.offset, stage, stage.label))
                    for i, stage in enumerate(self.stages)}
        for stage, ctx in contexts.values():
            stage.setup(ctx)
        self.driver.prepare(contexts)
        short, accepted = None, None
        try:
            if self.spec.source is not None:
                await self._pass(indexed=self._import_source())
            else:
                short, accepted = await self._generate_rounds()
        except BudgetExceeded as exc:
            store.log_event("budget", str(exc), level="warning")
            return RunOutcome(self.run_dir, "budget", str(exc))
        finally:
            await self.teachers.aclose()
        self._reports()
        if accepted is None:
            accepted = store.count(Status.OK)
        if short is not None:
            store.log_event("run", short.headline(), level="warning", accepted=accepted)
            return RunOutcome(self.run_dir, "short", short.headline(), short)
        store.log_event("run", "run complete", accepted=accepted)
        return RunOutcome(self.run_dir, "complete")

    async def _pass(self, indexed: int | None = None) -> None:
        """Every stage over everything it has not processed yet, segment by segment;
        ``indexed`` is a corpus stage whose index the source import already filled."""
        segment: list[Step] = []
        for i, stage in enumerate(self.stages):
            index = i + self.offset
            cfg = self.spec.stages[i]
            if isinstance(stage, GenerateStage | RecordStage):
                if isinstance(stage, GenerateStage) and segment:
                    await self.driver.run_segment(segment)
                    segment = []
                segment.append(self.driver.step(
                    index, workers=cfg.workers, in_flight=cfg.concurrency,
                    batch_size=cfg.batch_size or stage.batch_size))
                continue
            if segment:
                await self.driver.run_segment(segment)
                segment = []
            if isinstance(stage, CorpusStage):
                ctx = self.ctx(index, stage, stage.label)
                # right after the source, nothing it passes comes back to it (imported rows
                # are never retried): it is decided as a whole
                await self.driver.run_corpus(index, stage, ctx,
                                             batch_size=cfg.batch_size or stage.batch_size,
                                             indexed=index == indexed,
                                             whole=index == self.offset == 1)
        if segment:
            await self.driver.run_segment(segment)

    async def _generate_rounds(self) -> tuple[Shortfall | None, int]:
        """Round 1, then top-up rounds for the cells left short (by rejections and
        quarantines alike), then balance; the shortfall left when the rounds ran out, and the
        records accepted after balance (counted by it: a count over every record is a
        tenth of a second a million)."""
        target = self.spec.target
        assert target is not None  # the spec validator guarantees target or source
        plan = make_plan(target)
        store = self.store
        if store.slot_count() == 0:
            with store.transaction():
                store.add_slots(first_round(plan, target, self.spec.seed))
        while True:
            await self._pass()
            round_ = store.max_round()
            if round_ + 1 >= target.max_rounds:
                break
            # A round failed mostly by one infrastructure error (a server answering 500) is
            # an outage, not a yield: stop rather than buy its replacements.
            made, failures = store.round_failures(round_)
            dominant = dominant_infra_error(failures, made)
            if dominant is not None:
                raise stop_for(dominant, f"round {round_ + 1}")
            held = kept_per_cell(store, plan)
            produced = self._cell_counts(plan, store.slot_cells())
            slots = top_up(plan, held, produced, seed=self.spec.seed,
                           start=store.slot_count(), round_=round_ + 1)
            if not slots:
                break
            with store.transaction():
                store.add_slots(slots)
            store.log_event("plan", f"round {round_ + 1}: {len(slots)} slots to top up cells "
                            "left short by validation, curation and quarantines")
        kept = self._balance(plan)
        return shortfall(store, plan, target.max_rounds, kept), sum(kept.values())

    @staticmethod
    def _cell_counts(plan: Plan, rows: list[tuple[dict[str, Any], int]]) -> dict[Any, int]:
        counts: Counter[Any] = Counter()
        for attrs, n in rows:
            counts[cell_of(attrs, plan.keys)] += n
        return counts

    def _balance(self, plan: Plan) -> Counter[Cell]:
        """Reject accepted records beyond their cell's target count (oversampling surplus),
        keeping the earliest, so the dataset has the planned shares; never below the planned
        size in all: while the run is short, every accepted record is kept. Returns the
        accepted records per cell after it.

        It runs at the end of every run, resumes included (records retried after an earlier
        balance are balanced too), and is idempotent: its funnel row is recomputed whole.
        The records are read one by one only when a cell holds more than its count."""
        store = self.store
        index = len(self.stages) + self.offset
        store.ensure_progress(index, BALANCE_LABEL)
        kept = kept_per_cell(store, plan)
        over = {cell for cell, n in kept.items() if n > plan.counts.get(cell, n)}
        seen: Counter[Cell] = Counter()
        surplus: list[tuple[Record, Cell]] = []
        for seq, rid, attrs in store.live_cells() if over else ():
            cell = cell_of(attrs, plan.keys)
            if cell not in over:
                continue
            seen[cell] += 1
            if seen[cell] > (want := plan.counts[cell]):
                rec = Record(id=rid, data={}, seq=seq)
                write_outcome(rec, BALANCE_LABEL, Reject(
                    "over_target", f"cell {cell_text(cell)} already has its {want} records "
                    "(oversampling surplus)"))
                surplus.append((rec, cell))
        # the latest surplus goes first, and only as far as the planned size allows
        total = sum(kept.values())
        spare = max(0, total - plan.size)
        surplus = surplus[len(surplus) - min(spare, len(surplus)):]
        for _, cell in surplus:
            kept[cell] -= 1
        rejected = store.count_rejected_at(BALANCE_LABEL) + len(surplus)
        whole = StageCounts(n_in=total - len(surplus) + rejected, passed=total - len(surplus),
                            rejected=rejected)
        store.commit_batch(BatchResult(updated_records=[rec for rec, _ in surplus],
                                       cursor=(index, 0),
                                       counters={index: whole - store.progress(index).counts}))
        return kept

    def _import_source(self) -> int | None:
        """Import the source's rows not imported yet, a committed batch at a time; returns the
        index of the corpus stage it indexed on the way (see :meth:`_feed`), else None."""
        source = self.spec.source
        assert source is not None
        store = self.store
        path = self.spec.resolve(source.path)
        start = store.progress(0).cursor + 1
        task = self.progress.start(SOURCE_LABEL, None)
        producer = {"source": str(path), "format": source.format}
        feed = self._feed() if start == 0 and keeps_values(source, path) else None
        if feed is not None:
            feed.stage.reset_index()
        # one lineage for every imported record (nothing changes a record's lineage in place):
        # the store sees it is one by identity, not by comparing a copy per record
        lineage = Lineage(spec_hash=self.spec_hash, stage=SOURCE_LABEL, recipe="source",
                          producer=producer)
        make_id = id_maker(self.spec_hash, SOURCE_LABEL)
        rows = source_rows(source, path, start=start)
        while batch := list(islice(rows, IMPORT_BATCH)):
            imported = imported_rows(batch, make_id, lineage, source.attributes)
            failed = len(imported.failed)
            store.commit_batch(BatchResult(
                imported=imported, cursor=(0, imported.slots[-1]),
                counters={0: StageCounts(len(batch), len(batch) - failed, 0, failed)},
                stage_done=0))
            if feed is not None:  # committed, so with their seqs; failed rows are no candidates
                feed.stage.index_imported(imported, feed.ctx)
            self.progress.advance(task, len(batch))
        self.progress.finish(task)
        return None if feed is None else feed.index

    def _feed(self) -> Feed | None:
        """The corpus stage right after the source, if there is one.

        A fresh import hands it each batch as it commits, so the stage's index pass does not
        read every record back from the store: the records it is handed are the very ones
        that pass would read (every row imported, in order, none decided yet), and its index
        does not depend on how its candidates are batched. A resumed import does not feed it
        (the rows imported before are not at hand), and the pass reads the store as before."""
        if not self.stages or not isinstance(stage := self.stages[0], CorpusStage):
            return None
        return Feed(self.offset, stage, self.ctx(self.offset, stage, stage.label))

    def _reports(self) -> None:
        for i, stage in enumerate(self.stages):
            if isinstance(stage, ReportStage):
                ctx = self.ctx(i + self.offset, stage, stage.label)
                report = stage.report(self.store.iter_records(status=Status.OK), ctx)
                with self.store.transaction():
                    self.store.put_report(stage.label, report)


def spec_from_store(store: RunStore) -> Spec:
    """The spec a run was made with (as stored at its latest run)."""
    raw = store.get_meta("spec")
    if raw is None:
        raise RunDirError(f"{store.path} has no spec recorded; is it a synthloop run?")
    spec = Spec.model_validate(orjson.loads(raw))
    path = store.get_meta("spec_path")
    spec._path = Path(path) if path else None
    return spec
