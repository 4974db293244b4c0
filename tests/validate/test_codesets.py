"""A sample of HumanEval and MBPP's test split through ``validate.execute`` at the strongest
tier: canonical solutions pass, the same with the return value replaced by None fail, and the
reason names the failing test. (benchmarks/code_exec.py runs all 664 at every tier.)"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.checks import codesets
from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.records import Record
from synthloop.stages import StageContext


def execute(records: list[Record]) -> list[Record]:
    stage = Execute(ExecuteParams(workers=2))
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"))
    stage.setup(ctx)
    asyncio.run(stage.process(records, ctx))
    return records


@pytest.fixture(params=["humaneval", "mbpp"])
def sample(request: pytest.FixtureRequest, shared_data: Path) -> list[Record]:
    records = (codesets.humaneval(shared_data) if request.param == "humaneval"
               else codesets.mbpp(shared_data, "test"))
    return records[::len(records) // 30][:30]


def test_canonical_solutions_pass(sample: list[Record]) -> None:
    failed = [f"{r.id}: {r.verdicts[-1].reason}" for r in execute(sample) if not r.accepted]
    assert failed == []
    assert all(r.verdicts[-1].check == "validate.execute.pass" for r in sample)


def test_wrong_return_fails(sample: list[Record]) -> None:
    bugged = execute([codesets.with_wrong_return(r) for r in sample])
    survived = [r.id for r in bugged if r.accepted]
    assert survived == []
    assert {r.verdicts[-1].check for r in bugged} == {"validate.execute.test_failed"}


def test_mbpp_split_and_setup_after_solution(shared_data: Path) -> None:
    records = {r.id: r for r in codesets.mbpp(shared_data, "test")}
    assert len(records) == 500 and "mbpp/11" in records and "mbpp/511" not in records
    (r367,) = execute([records["mbpp/367"]])  # its setup builds trees of the solution's Node
    assert r367.verdicts[-1].reason == "all 3 tests passed"


def test_mbpp_reason_names_the_failing_test(shared_data: Path) -> None:
    record = next(r for r in codesets.mbpp(shared_data, "test") if r.id == "mbpp/11")
    (bugged,) = execute([codesets.with_wrong_return(record)])
    assert bugged.verdicts[-1].reason == (
        "test 1 of 3 failed at `assert remove_Occ(\"hello\",\"l\") == \"heo\"`: AssertionError")
