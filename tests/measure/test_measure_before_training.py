"""measure before it trains (issue 20): every error of an experiment file in one message, and
every arm's synthetic record count checked before the first training starts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from synthloop.errors import DataError, SpecError
from synthloop.measure import measure


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def test_measure_reports_every_error_of_an_experiment_at_once(tmp_path: Path) -> None:
    (tmp_path / "test.csv").write_text("text,category\nb,x\n")
    exp = write(tmp_path / "exp.yaml", """
        name: all
        synthetic: [{path: nope.jsonl}]
        student: {kind: embedding_classifier, max_iters: 5}
        arms: [{name: a, real: lots}]
        evals: [{name: test, path: test.csv, fields: {label: category}}]
        """)
    with pytest.raises(SpecError) as err:
        measure(exp)
    assert err.value.issues == [
        f"{exp}:4:39: student.max_iters: unknown key 'max_iters'; did you mean 'max_iter'?",
        f"{exp}:5:24: arms[0].real: give `all` or a number of items (got 'lots')",
        f"{exp}:3:20: synthetic[0].path: {tmp_path / 'nope.jsonl'} does not exist"]


def test_measure_counts_the_synthetic_records_before_training(memorizer: Path) -> None:
    text = memorizer.read_text().replace("seeds: 2", "seeds: 2\narms: [{name: small, "
                                         "synthetic: 4}, {name: big, synthetic: 100}]")
    memorizer.write_text(text)
    with pytest.raises(DataError) as err:
        measure(memorizer)
    assert str(err.value) == ("arm 'big' needs 100 synthetic items; only 16 are available "
                              "(accepted records); generate more or lower the size\n"
                              "Nothing was trained.")
    assert not (memorizer.parent / "cache" / "work").exists()  # no arm trained
