"""The command student end to end: arms, seeds, statistics, verdict, files, and the CLI."""

import json
import subprocess
import sys

import pytest

from synthloop.measure import load_experiment, measure, run_experiment
from synthloop.measure.students import StudentError


def test_memorizer_accuracies_differences_and_verdict(memorizer):
    result, out = measure(memorizer)
    ev = result.evals[0]
    means = {a.arm: a.interval.value for a in ev.arms}
    assert means == {"real-only": pytest.approx(0.2), "synthetic-only": pytest.approx(0.8),
                     "real+synthetic": pytest.approx(1.0)}
    assert [a.per_seed for a in ev.arms] == [[0.2, 0.2], [0.8, 0.8], [1.0, 1.0]]
    diffs = {c.arm: c.difference for c in ev.comparisons}
    assert diffs["real+synthetic"].value == pytest.approx(0.8)
    assert diffs["real+synthetic"].low > 0.5
    assert result.sizes["real+synthetic"] == [{"real": 4, "synthetic": 16}] * 2
    assert result.verdicts[1].startswith(
        "real+synthetic helps over real-only at this size, by +80.0 +- ")
    saved = json.loads((out / "results.json").read_text())
    assert saved["evals"][0]["item_scores"]["real-only"][0] == [1] * 4 + [0] * 16
    md = (out / "results.md").read_text()
    assert "| held-out | real+synthetic | 4 + 16 | 1.000 |" in md
    assert out == memorizer.parent / "memo-results"


def test_ratio_arm_takes_synthetic_in_proportion(memorizer):
    exp = load_experiment(memorizer)
    exp = exp.model_copy(update={"arms": [*exp.arms[:1], exp.arms[0].model_copy(
        update={"name": "real+2x", "ratio": 2.0})]})
    result = run_experiment(exp)
    assert result.sizes["real+2x"] == [{"real": 4, "synthetic": 8}] * 2
    # 8 random synthetic items of 16, per seed: accuracy (4 + 8) / 20
    assert result.evals[0].arms[1].interval.value == pytest.approx(0.6)


def test_failing_eval_command_is_a_student_error(memorizer):
    text = memorizer.read_text().replace("eval.py", "missing.py")
    memorizer.write_text(text)
    with pytest.raises(StudentError, match="eval held-out command exited with 2"):
        measure(memorizer)


def test_cli_prints_the_table_and_a_malformed_file_exits_2(memorizer, tmp_path):
    cli = [sys.executable, "-c", "from synthloop.cli import main; main()", "measure"]
    ok = subprocess.run([*cli, str(memorizer), "--out", str(tmp_path / "o")],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "real+synthetic helps over real-only" in ok.stdout
    assert (tmp_path / "o" / "results.md").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text(memorizer.read_text().replace("seeds: 2", "seeds: two"))
    res = subprocess.run([*cli, str(bad)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr + res.stdout
    message = " ".join(res.stderr.split())
    assert message == (f"error: {bad}:10:8: seeds: Input should be a valid integer, unable to "
                       "parse string as an integer (got 'two')")
