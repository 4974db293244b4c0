"""Runs that miss their target say so (issue 20, point 1): exit 5 with planned, kept and why
per cell; quarantined records topped up like rejected ones; balance keeps every accepted
record while the run is short; small first batches, so progress shows at once."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import synthloop
from synthloop.report.progress import Progress
from tests.conftest import run_cli

SHORT = """
name: short
seed: 1
target: {size: 4, taxonomy: [{skill: money}, {skill: time}], max_rounds: 2}
stages:
  - {use: generate.math_word_problems}
  - use: validate.rules
    fields: {question: {regex: '\\$'}}
"""


def test_a_short_run_exits_5_and_its_last_lines_say_planned_kept_and_why(
        tmp_path: Path) -> None:
    spec = tmp_path / "short.yaml"
    spec.write_text(textwrap.dedent(SHORT))
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 5, result.stderr
    assert "Traceback" not in result.stderr
    # money questions have prices, time questions none: round 1 (3 per cell), then one
    # top-up of ceil(2 / 0.2) = 10 time slots, all rejected too
    assert result.stderr.splitlines()[-3:] == [
        "short of target: kept 3 of 4 planned, 1 cell(s) short after 2 of 2 round(s)",
        "  skill=time: planned 2, kept 0; rejected 13: validate.rules.regex 13",
        f"`synthloop show {tmp_path / 'run'} --rejected --failed` shows those records."]


def test_the_api_says_short_with_the_cells(tmp_path: Path) -> None:
    spec = tmp_path / "short.yaml"
    spec.write_text(textwrap.dedent(SHORT))
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        assert run.outcome is not None and run.outcome.state == "short"
        short = run.outcome.shortfall
        assert short is not None and (short.planned, short.kept) == (4, 3)
        [cell] = short.cells
        assert (cell.cell, cell.planned, cell.kept) == ((("skill", "time"),), 2, 0)
        assert dict(cell.rejected) == {"validate.rules.regex": 13}


def test_balance_keeps_every_accepted_record_while_the_run_is_short(tmp_path: Path) -> None:
    spec = {"name": "b", "target": {"size": 4, "taxonomy": [{"skill": "a"}, {"skill": "b"}],
                                    "oversample": 1.5, "max_rounds": 1},
            "stages": [{"use": "debug.emit"},
                       {"use": "debug.fail", "match": {"skill": "b"}, "reason": "no b"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        # cell a has 3 for a target of 2, but the run holds 3 of 4: none is discarded
        assert run.counts() == {"accepted": 3, "rejected": 0, "failed": 3}
        assert run.outcome is not None and run.outcome.state == "short"
        [cell] = run.outcome.shortfall.cells  # type: ignore[union-attr]
        assert dict(cell.quarantined) == {"debug.fail: no b": 3}


def test_balance_trims_surplus_only_down_to_the_planned_size(tmp_path: Path) -> None:
    spec = {"name": "b", "target": {"size": 4, "taxonomy": [{"skill": "a"}, {"skill": "b"}],
                                    "oversample": 2.0, "max_rounds": 1},
            "stages": [{"use": "debug.emit"},
                       {"use": "debug.fail", "slots": [1, 2, 5, 6], "reason": "no"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        by_cell: dict[str, int] = {}
        for rec in run.records("accepted"):
            by_cell[rec.attributes["skill"]] = by_cell.get(rec.attributes["skill"], 0) + 1
        over = [r for r in run.records("rejected", stage="plan.balance")]
    # 8 slots, 4 quarantined: the 4 left are the planned size, whatever their cells
    assert by_cell == {"a": 1, "b": 3} and over == []  # before: b trimmed to 2


def test_quarantined_records_are_replaced_by_top_ups(tmp_path: Path) -> None:
    spec = {"name": "q", "target": {"size": 4, "oversample": 1.0, "max_rounds": 2},
            "stages": [{"use": "debug.emit"},
                       {"use": "debug.fail", "slots": [0, 1], "reason": "flaky"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        # 2 of 4 quarantined: yield 0.5, so round 2 has 4 slots; balance keeps 4
        assert run.store.slot_count() == 8
        assert run.counts() == {"accepted": 4, "rejected": 2, "failed": 2}
        assert run.outcome is not None and run.outcome.state == "complete"


class Recorder(Progress):
    def __init__(self) -> None:
        self.advances: list[tuple[int, int | None]] = []

    def start(self, label: str, total: int | None) -> Any:
        return label

    def advance(self, task: Any, n: int, *, kept: int | None = None) -> None:
        self.advances.append((n, kept))


def test_the_first_batch_is_small_and_batches_grow(tmp_path: Path) -> None:
    progress = Recorder()
    spec = {"name": "p", "target": {"size": 40}, "stages": [{"use": "debug.emit"}]}
    synthloop.run(spec, tmp_path / "run", export=False, progress=progress).close()
    assert progress.advances == [(4, 4), (8, 8), (16, 16), (14, 14)]  # 42 slots


def test_progress_lines_when_the_output_is_not_a_terminal(tmp_path: Path) -> None:
    spec = tmp_path / "p.yaml"
    spec.write_text(textwrap.dedent(SHORT))
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"))
    lines = [line for line in result.stderr.splitlines()
             if line.startswith("generate.math_word_problems → validate.rules: ")]
    assert lines[0].startswith("generate.math_word_problems → validate.rules: 0/6, 0 s")
    assert lines[1].startswith("generate.math_word_problems → validate.rules: 4/6, kept ")
    assert lines[-1].endswith(" s, done")


def test_a_round_failed_mostly_by_one_http_status_is_not_topped_up(tmp_path: Path) -> None:
    import pytest

    from synthloop.failures import InfraFailure

    spec = {"name": "o", "target": {"size": 8, "oversample": 1.0},
            "stages": [{"use": "debug.emit"},
                       {"use": "debug.fail", "slots": [4, 5, 6, 7],
                        "reason": "teacher gave up: gave up after 7 attempts: HTTP 503: down"}]}
    with pytest.raises(InfraFailure, match=r"^round 1: stage 'debug.fail' failed 4 of 8 "
                       r"records with HTTP 503 \(HTTP 503: 4\)"):
        synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as run:  # the first batch passed; no top-up
        assert run.store.slot_count() == 8 and run.counts()["failed"] == 4


def test_kept_per_cell_counts_accepted_records_by_the_plans_axes_or_in_its_one_cell(
        tmp_path: Path) -> None:
    """A plan without axes is one cell whatever the records' attributes: counted, not
    grouped; with axes, attributes the plan does not name are ignored."""
    from synthloop.plan.sampler import Plan
    from synthloop.plan.shortfall import kept_per_cell
    from synthloop.records import Record
    from synthloop.store import BatchResult, RunStore

    store = RunStore(tmp_path / "run.db")
    assert kept_per_cell(store, Plan(keys=(), shares={(): 1.0}, counts={(): 3})) == {}
    rejected = Record(id="c", data={}, attributes={"skill": "time"})
    rejected.add_verdict("rules", "rules.regex", False, "no price")
    store.commit_batch(BatchResult(new_records=[
        Record(id="a", data={}, attributes={"skill": "money", "n": 1}),
        Record(id="b", data={}, attributes={"skill": "money", "n": 2}), rejected,
        Record(id="d", data={}, attributes={"skill": "time"})]))
    assert kept_per_cell(store, Plan(keys=(), shares={(): 1.0}, counts={(): 3})) == {(): 3}
    by_skill = Plan(keys=("skill",), shares={}, counts={})
    assert kept_per_cell(store, by_skill) == {(("skill", "money"),): 2, (("skill", "time"),): 1}


def test_the_runs_last_event_counts_the_records_accepted_after_balance(tmp_path: Path) -> None:
    """Balance trims the oversampled surplus (4 made for 2 planned); the run's closing event
    gives what is left accepted, as counted by balance."""
    spec = {"name": "b", "target": {"size": 2, "oversample": 2.0, "max_rounds": 1},
            "stages": [{"use": "debug.emit"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        last = run.store.events()[-1]
        assert run.counts()["accepted"] == 2
    assert (last["message"], last["data"]) == ("run complete", {"accepted": 2})
