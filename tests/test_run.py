"""Runs end to end: the example spec, resume, refusal of a changed spec, sources with bad
rows, exports in every style, and the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pandas as pd
import pytest

import synthloop
from synthloop.errors import RunDirError
from synthloop.spec import Spec
from tests.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def math_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_dir = tmp_path_factory.mktemp("math") / "run"
    result = run_cli("run", str(REPO / "examples/math.yaml"), "--run-dir", str(run_dir), "-q")
    assert result.returncode == 0, result.stderr
    return run_dir


def test_example_spec_meets_target(math_run: Path) -> None:
    with synthloop.open_run(math_run) as run:
        assert run.counts()["accepted"] == 1000
        for row in run.coverage():
            assert abs(row.delta_points) <= 2.0, row
        funnel = {f.stage: f for f in run.funnel()}
        assert funnel["validate.answer_check"].rejected == 0
        skills = {r.attributes["skill"] for r in run.records()}
        assert len(skills) == 8
    assert len(datasets.load_from_disk(str(math_run / "export/hf"))) == 1000
    df = pd.read_parquet(math_run / "export/data.parquet")
    assert len(df) == 1000 and df["id"].is_unique
    first = json.loads((math_run / "export/data.jsonl").read_text().splitlines()[0])
    assert [m["role"] for m in first["messages"]] == ["user", "assistant"]
    assert first["messages"][1]["content"].splitlines()[-1].startswith("#### ")
    card = (math_run / "export/README.md").read_text()
    assert "license: cc-by-4.0" in card and "| curate.dedup |" in card
    assert "accepted records: **1,000**" in card


def test_status_and_show(math_run: Path) -> None:
    status = run_cli("status", str(math_run))
    assert status.returncode == 0
    for part in ("Funnel", "validate.answer_check", "Coverage", "percentages", "1,000 accepted",
                 "Recent events", "run: run complete"):
        assert part in status.stdout
    shown = run_cli("show", str(math_run), "--limit", "2", "--json")
    items = [json.loads(line) for line in shown.stdout.splitlines()]
    assert len(items) == 2
    assert items[0]["lineage"]["recipe"] == "generate.math_word_problems"
    assert {v["stage"] for v in items[0]["verdicts"]} >= {"validate.answer_check",
                                                          "curate.dedup"}
    rejected = run_cli("show", str(math_run), "--rejected", "--json", "--limit", "100")
    reasons = [json.loads(line)["status_reason"] for line in rejected.stdout.splitlines()]
    assert reasons and all(r for r in reasons)


def test_rerun_completed_run_changes_nothing(math_run: Path) -> None:
    before = (math_run / "export/data.jsonl").read_bytes()
    with synthloop.open_run(math_run) as run:
        counts = run.counts()
    result = run_cli("run", str(REPO / "examples/math.yaml"), "--run-dir", str(math_run), "-q")
    assert result.returncode == 0
    assert (math_run / "export/data.jsonl").read_bytes() == before
    with synthloop.open_run(math_run) as run:
        assert run.counts() == counts
        assert counts["accepted"] == 1000 and counts["failed"] == 0


def test_changed_spec_is_refused_then_force_new(tmp_path: Path) -> None:
    spec = {"name": "tiny", "seed": 1, "target": {"size": 20, "taxonomy": [{"skill": "money"}]},
            "stages": [{"use": "generate.math_word_problems"}]}
    synthloop.run(spec, tmp_path / "run", export=False).close()
    changed = {**spec, "seed": 2}
    with pytest.raises(RunDirError, match="holds a run of a different spec"):
        synthloop.run(changed, tmp_path / "run")
    synthloop.run(changed, tmp_path / "run", force_new=True, export=False).close()
    assert (tmp_path / "run.old-1" / "run.db").exists()
    result = run_cli("run", "-", "--run-dir", str(tmp_path / "run"))
    assert result.returncode == 2


def test_spec_built_in_python(tmp_path: Path) -> None:
    spec = Spec.model_validate({
        "name": "py", "target": {"size": 12, "taxonomy": [{"skill": "rates"}]},
        "stages": [{"use": "generate.math_word_problems"}, {"use": "validate.answer_check",
                                                            "workers": 0}]})
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        df = run.to_pandas()
        assert len(df) == 12 and set(df["attr_skill"]) == {"rates"}
        ds = run.to_hf_dataset(style="alpaca")
        assert ds.column_names[:4] == ["id", "instruction", "input", "output"]


def test_source_with_bad_rows_keeps_them_as_failed(tmp_path: Path) -> None:
    data = tmp_path / "mine.jsonl"
    data.write_text('{"prompt": "Say hi", "completion": "hi"}\n'
                    '{"prompt": "Say hi", "completion": "hi"}\n'
                    'not json\n'
                    '["a list"]\n'
                    '{"prompt": "Add 2+2", "completion": "2+2 = <<2+2=4>>4\\n#### 4"}\n')
    spec = tmp_path / "s.yaml"
    spec.write_text("name: mine\nsource: {path: mine.jsonl, fields: {instruction: prompt}}\n"
                    "stages:\n  - {use: curate.dedup}\n"
                    "outputs: {formats: [jsonl], style: alpaca}\n")
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 0, result.stderr
    with synthloop.open_run(tmp_path / "run") as run:
        assert run.counts() == {"accepted": 2, "rejected": 1, "failed": 2}
        failed = {r.status_reason for r in run.records("failed")}
        assert failed == {f"{data}:3: invalid JSON (invalid literal, expected 'null': line 1 column 1 "
                          "(char 0)); fix the line and re-run",
                          f"{data}:4: expected a JSON object, got list"}
        assert [r.data["raw"] for r in run.records("failed")][0] == "not json\n"
    rows = [json.loads(x) for x in (tmp_path / "run/export/data.jsonl").read_text().splitlines()]
    assert [r["instruction"] for r in rows] == ["Say hi", "Add 2+2"]


def test_export_styles_and_errors(math_run: Path, tmp_path: Path) -> None:
    ok = run_cli("export", str(math_run), "--format", "jsonl", "--style", "sharegpt",
                 "--out", str(tmp_path / "sg"))
    assert ok.returncode == 0
    row = json.loads((tmp_path / "sg/data.jsonl").read_text().splitlines()[0])
    assert [t["from"] for t in row["conversations"]] == ["human", "gpt"]
    audit = run_cli("export", str(math_run), "--format", "parquet", "--include-rejected",
                    "--out", str(tmp_path / "audit"))
    assert audit.returncode == 0
    df = pd.read_parquet(tmp_path / "audit/data.parquet")
    with synthloop.open_run(math_run) as run:
        counts = run.counts()
    assert len(df) == sum(counts.values())
    assert (df["status"] == "rejected").sum() == counts["rejected"] > 0
    assert set(df.loc[df["status"] == "rejected", "status_reason"].str[:4]) <= {"exac", "cell", "ques"}
    dpo = run_cli("export", str(math_run), "--style", "dpo", "--out", str(tmp_path / "d"))
    assert dpo.returncode == 2
    assert "the dpo style needs prompt, chosen and rejected; missing chosen, rejected" in \
        dpo.stderr
    assert "Traceback" not in dpo.stderr
    bad = run_cli("export", str(math_run), "--format", "csv", "--out", str(tmp_path / "x"))
    assert bad.returncode == 2 and "unknown format 'csv'; the formats are jsonl" in bad.stderr


def test_run_dir_of_another_schema_is_refused(tmp_path: Path) -> None:
    import sqlite3

    spec = {"name": "tiny", "target": {"size": 5}, "stages": [{"use": "debug.emit"}]}
    synthloop.run(spec, tmp_path / "run", export=False).close()
    con = sqlite3.connect(tmp_path / "run" / "run.db")
    con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(RunDirError, match="run store has schema 1; this version reads schema 2"):
        synthloop.run(spec, tmp_path / "run")
    synthloop.run(spec, tmp_path / "run", force_new=True, export=False).close()
    assert (tmp_path / "run.old-1" / "run.db").exists()
