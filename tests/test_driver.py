"""The driver owns the loop (segments, retries, counts, commits); an executor only places
batches. A funnel's counts come from one function, and an executor that finishes batches in
any order, written in a few lines here, gives the records a local run gives."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import synthloop
from synthloop.api import as_spec
from synthloop.counts import StageCounts
from synthloop.executors.base import run_here
from synthloop.pipeline import Pipeline
from synthloop.records import Record
from synthloop.stages import Stage, StageContext
from synthloop.teachers.base import Teacher
from tests.debug_stages import Gauge


def _records() -> list[Record]:
    kept, rewritten, rejected, failed, failed_before = (
        Record(id=i, data={"response": "r"}) for i in "abcde")
    rewritten.rewrite("s", "response", "R")
    rejected.add_verdict("s", "s.short", False, "too short")
    failed.fail("s", "teacher gave up")
    failed_before.fail("earlier", "teacher gave up")  # quarantined by another stage
    return [kept, rewritten, rejected, failed, failed_before]


def test_stage_counts_name_what_a_batch_did_at_one_stage() -> None:
    assert StageCounts.of(_records(), "s", 6) == StageCounts(
        n_in=6, passed=2, rejected=1, failed=1, modified=1)


def test_a_retried_batch_moves_from_failed_instead_of_adding_to_in() -> None:
    # 3 quarantined records retried: 2 pass now, 1 fails again -> failed goes down by 2
    assert StageCounts.of(_records()[:4], "s", 3, retry=True) == StageCounts(
        n_in=0, passed=2, rejected=1, failed=-2, modified=1)


def test_a_recomputed_row_commits_its_difference() -> None:
    assert StageCounts(10, 7, 3) - StageCounts(8, 6, 2) == StageCounts(2, 1, 1, 0, 0)


class LastFirst:
    """Computes in this process, but finishes each window of batches last-submitted first:
    the driver must still commit them in order. It holds no loop and commits nothing."""

    def __init__(self) -> None:
        self.stages: dict[int, tuple[Stage[Any], StageContext]] = {}
        self.submitted: dict[int, int] = {}

    def prepare(self, stages: dict[int, tuple[Stage[Any], StageContext]]) -> None:
        self.stages = dict(stages)

    def place(self, index: int, workers: int | None) -> int:
        return 4  # "4 workers": four batches in flight

    async def submit(self, index: int, batch: list[Any]) -> list[Record]:
        self.submitted[index] = self.submitted.get(index, 0) + 1
        await asyncio.sleep(0.02 / self.submitted[index])  # later batches sleep less
        stage, ctx = self.stages[index]
        return await run_here(stage, ctx, batch)

    def wrap_teacher(self, teacher: Teacher) -> Teacher:
        return teacher

    def close(self) -> None:
        self.stages.clear()


SPEC = {"name": "placed", "target": {"size": 40, "oversample": 1.0, "max_rounds": 1},
        "stages": [{"use": "debug.emit"}, {"use": "debug.shout"},
                   {"use": "debug.fail", "slots": [1, 30], "reason": "flaky"}]}


def test_an_executor_that_only_places_work_gives_the_local_run(tmp_path: Path) -> None:
    placed = LastFirst()
    outcome = Pipeline(as_spec(SPEC), tmp_path / "placed", executor=placed).run()
    assert outcome.state == "short"  # 2 of 40 quarantined, no round left to replace them
    # 40 slots in ramped batches of 4, 8, 16, 12: one submit per batch per stage (the
    # quarantined records' last stage sees the batches too)
    assert placed.submitted == {0: 4, 1: 4, 2: 4}
    synthloop.run(SPEC, tmp_path / "local", export=False).close()
    with synthloop.open_run(tmp_path / "placed") as a, synthloop.open_run(tmp_path / "local") as b:
        assert [(r.id, r.data, r.status, r.status_reason) for r in a.records(None)] == [
            (r.id, r.data, r.status, r.status_reason) for r in b.records(None)]
        assert [(f.stage, f.counts) for f in a.funnel()] == [
            (f.stage, f.counts) for f in b.funnel()]
        assert {f.stage: f.counts for f in a.funnel()}["debug.fail"] == StageCounts(
            n_in=40, passed=38, rejected=0, failed=2, modified=0)


def test_a_stage_keeps_three_times_its_parallelism_in_flight_from_its_first_batches(
        tmp_path: Path) -> None:
    """Batches commit in order, so answered records wait behind the oldest batch: a stage
    that can work on 8 records at once gets room for 24 and a batch more (32 records), counted
    in records, so the ramp's small first batches (4, 8) do not hold it to 20."""
    Gauge.peak = 0
    spec = {"name": "gauge", "target": {"size": 64, "oversample": 1.0, "max_rounds": 1},
            "stages": [{"use": "debug.gauge", "parallelism": 8, "batch_size": 8}]}
    synthloop.run(spec, tmp_path / "run", export=False).close()
    # batches of 4, 8, 8, 8, 8 start before the first is settled: 36 slots at once
    assert Gauge.peak == 36


def test_no_executor_subclasses_another() -> None:
    """Local and Ray place work side by side behind the Executor protocol: neither inherits
    the other's loop (the loop is the pipeline's)."""
    folder = Path(synthloop.__file__).parent / "executors"
    bases = {node.name: [ast.unparse(b) for b in node.bases]
             for path in ("local.py", "ray.py")
             for node in ast.parse((folder / path).read_text()).body
             if isinstance(node, ast.ClassDef) and node.name.endswith("Executor")}
    assert bases == {"LocalExecutor": [], "RayExecutor": []}
