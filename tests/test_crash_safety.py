"""Crash safety: SIGKILL at many points, then rerun; the export must be byte-identical to an
uninterrupted run, with no record or verdict duplicated or missing."""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli

SPEC = """
name: crash
seed: 11
target:
  size: 240
  taxonomy: [{skill: percentages}, {skill: money, weight: 2}, {skill: fractions}]
  attributes: {difficulty: [easy, medium, hard]}
stages:
  - {use: generate.math_word_problems, batch_size: 16}
  - {use: validate.answer_check, batch_size: 16, workers: 2}
  - {use: validate.rules, batch_size: 16, required: [question, trace]}
  - {use: curate.dedup, batch_size: 16, fields: [question]}
outputs: {formats: [jsonl, parquet, hf], style: chat}
"""
EXPORTED = ["data.jsonl", "data.parquet", "README.md", "hf/data-00000-of-00001.arrow",
            "hf/dataset_info.json", "hf/state.json"]
# (kill point, occurrence). Stages 0-2 (generate, answer_check in a process pool, rules) run
# fused as one segment committing per batch; dedup (3) and the plan balance (4) commit on their
# own. Kills land inside a transaction (mid) or just after one, early and late, and halfway
# through writing the export.
KILL_POINTS = [
    "commit:0:mid@1", "commit:0:mid@6", "commit:0:after@11", "commit:0:mid@16",
    "commit:3:mid@2", "commit:3:after@9", "commit:4:mid@1", "export:row@100",
]


def db_facts(run_dir: Path) -> dict[str, object]:
    con = sqlite3.connect(run_dir / "run.db")
    facts = {
        "records": con.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM records").fetchone(),
        "verdicts": con.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0],
        "verdict_keys": con.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT record_seq, stage_index, check_name "
            "FROM verdicts)").fetchone()[0],
        "progress": con.execute(
            "SELECT stage_index, cursor, n_in, n_out, n_rejected, n_failed FROM progress "
            "ORDER BY stage_index").fetchall(),
        "status": con.execute("SELECT status, COUNT(*) FROM records GROUP BY status").fetchall(),
    }
    con.close()
    return facts


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("crash")
    spec = root / "crash.yaml"
    spec.write_text(SPEC)
    result = run_cli("run", str(spec), "--run-dir", str(root / "baseline"), "-q")
    assert result.returncode == 0, result.stderr
    return spec, root / "baseline"


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_then_resume_is_byte_identical(point: str, baseline: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    spec, base = baseline
    run_dir = tmp_path / "run"
    killed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q",
                     env={"SYNTHLOOP_KILL_AT": point})
    assert killed.returncode == -signal.SIGKILL, f"not killed at {point}: {killed.stderr}"
    resumed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q")
    assert resumed.returncode == 0, resumed.stderr
    for name in EXPORTED:
        assert (run_dir / "export" / name).read_bytes() == (base / "export" / name).read_bytes(), (
            f"{name} differs after a kill at {point}")
    facts, expected = db_facts(run_dir), db_facts(base)
    assert facts == expected
    count, distinct = facts["records"]  # type: ignore[misc]
    assert count == distinct
    assert facts["verdicts"] == facts["verdict_keys"], "a verdict was written twice"
    assert dict(facts["status"])["ok"] == 240  # type: ignore[arg-type]


def test_two_kills_in_a_row_then_resume(baseline: tuple[Path, Path], tmp_path: Path) -> None:
    spec, base = baseline
    run_dir = tmp_path / "run"
    for point in ("commit:0:mid@5", "commit:3:mid@2"):
        killed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q",
                         env={"SYNTHLOOP_KILL_AT": point})
        assert killed.returncode == -signal.SIGKILL
    assert run_cli("run", str(spec), "--run-dir", str(run_dir), "-q").returncode == 0
    assert (run_dir / "export/data.jsonl").read_bytes() == (base / "export/data.jsonl").read_bytes()
    assert db_facts(run_dir) == db_facts(base)


# A source read into the store and near-deduplicated: a fresh import feeds the dedup index as
# it commits, a resumed one does not (the index pass reads the store); both must decide alike.
SOURCE_SPEC = """
name: crash-source
source: {{path: {path}}}
stages:
  - {{use: curate.dedup, method: minhash, ngram: 3, threshold: 0.7, batch_size: 700}}
outputs: {{formats: [jsonl], style: raw}}
"""
# (kill point, occurrence): the import commits 2,000 rows a batch (stage 0); dedup, decided as
# a whole, commits the 899 records it turns down 700 a transaction (stage 1), the last one with
# the counts of those it keeps and its cursor; then the export.
SOURCE_KILL_POINTS = ["commit:0:mid@1", "commit:0:after@1", "commit:0:mid@3",
                      "commit:1:mid@1", "commit:1:after@1", "commit:1:mid@2", "export:row@100"]


def source_rows() -> list[str]:
    """4,500 rows: distinct texts of 20 words, every fifth a copy of the row before with its
    first word changed (a near duplicate: Jaccard 17/19), and a line that is not JSON (a
    failed record, itself one of the copies)."""
    rng = random.Random(0)
    lines: list[tuple[str, str]] = []
    for i in range(4500):
        words = [f"w{rng.randrange(10**6)}" for _ in range(20)]
        if i % 5 == 4:
            words = lines[-1][1].split()
            words[0] = "changed"
        lines.append((f"r{i}", " ".join(words)))
    rows = [f'{{"id": "{rid}", "text": "{text}"}}' for rid, text in lines]
    rows[1234] = "{not json"
    return rows


@pytest.fixture(scope="module")
def source_baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("crash-source")
    data = root / "rows.jsonl"
    data.write_text("\n".join(source_rows()) + "\n")
    spec = root / "spec.yaml"
    spec.write_text(SOURCE_SPEC.format(path=data))
    result = run_cli("run", str(spec), "--run-dir", str(root / "baseline"), "-q")
    assert result.returncode == 0, result.stderr
    return spec, root / "baseline"


def test_source_baseline_rejects_each_near_duplicate(source_baseline: tuple[Path, Path]
                                                     ) -> None:
    facts = db_facts(source_baseline[1])
    statuses = dict(facts["status"])  # type: ignore[call-overload]
    assert statuses == {"ok": 3600, "rejected": 899, "failed": 1}


@pytest.mark.parametrize("point", SOURCE_KILL_POINTS)
def test_source_dedup_sigkill_then_resume_is_byte_identical(
        point: str, source_baseline: tuple[Path, Path], tmp_path: Path) -> None:
    spec, base = source_baseline
    run_dir = tmp_path / "run"
    killed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q",
                     env={"SYNTHLOOP_KILL_AT": point})
    assert killed.returncode == -signal.SIGKILL, f"not killed at {point}: {killed.stderr}"
    assert run_cli("run", str(spec), "--run-dir", str(run_dir), "-q").returncode == 0
    assert (run_dir / "export/data.jsonl").read_bytes() == (base / "export/data.jsonl").read_bytes()
    assert db_facts(run_dir) == db_facts(base)


def test_source_dedup_killed_twice_while_deciding_then_resume(
        source_baseline: tuple[Path, Path], tmp_path: Path) -> None:
    """Killed after the first 700 records turned down were committed, then again inside the
    next run's first commit of the rest: the third run turns down the same records once."""
    spec, base = source_baseline
    run_dir = tmp_path / "run"
    for point in ("commit:1:after@1", "commit:1:mid@1"):
        killed = run_cli("run", str(spec), "--run-dir", str(run_dir), "-q",
                         env={"SYNTHLOOP_KILL_AT": point})
        assert killed.returncode == -signal.SIGKILL, f"not killed at {point}: {killed.stderr}"
    assert db_facts(run_dir)["status"] == [("failed", 1), ("ok", 3799), ("rejected", 700)]
    assert run_cli("run", str(spec), "--run-dir", str(run_dir), "-q").returncode == 0
    assert (run_dir / "export/data.jsonl").read_bytes() == (base / "export/data.jsonl").read_bytes()
    assert db_facts(run_dir) == db_facts(base)
