"""A run validates its spec once and builds each stage once, from the API and the CLI: the
stages checked are the stages that run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import synthloop
from synthloop.cli import app
from synthloop.config import Spec
from synthloop.registry import get_stage

SPEC = """\
name: once
seed: 2
target: {size: 3, taxonomy: [{skill: money}], max_rounds: 1}
stages:
  - {use: generate.math_word_problems}
  - {use: validate.answer_check}
"""


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts Spec validations, and validations of generate.math_word_problems' parameters
    and constructions of the stage."""
    seen: Counter[str] = Counter()
    spec_validate = Spec.model_validate
    stage = get_stage("generate.math_word_problems")
    params_validate, stage_init = stage.Params.model_validate, stage.__init__

    def count_spec(obj: Any, *args: Any, **kwargs: Any) -> Spec:
        seen["spec"] += 1
        return spec_validate(obj, *args, **kwargs)

    def count_params(obj: Any, *args: Any, **kwargs: Any) -> Any:
        seen["params"] += 1
        return params_validate(obj, *args, **kwargs)

    def count_init(self: Any, *args: Any, **kwargs: Any) -> None:
        seen["stage"] += 1
        stage_init(self, *args, **kwargs)

    monkeypatch.setattr(Spec, "model_validate", count_spec)
    monkeypatch.setattr(stage.Params, "model_validate", count_params)
    monkeypatch.setattr(stage, "__init__", count_init)
    return seen


def test_api_run_checks_once(counts: Counter[str], tmp_path: Path) -> None:
    spec = tmp_path / "once.yaml"
    spec.write_text(SPEC)
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        assert run.counts()["accepted"] == 3
    assert counts == {"spec": 1, "params": 1, "stage": 1}


def test_cli_run_checks_once(counts: Counter[str], tmp_path: Path) -> None:
    spec = tmp_path / "once.yaml"
    spec.write_text(SPEC)
    result = CliRunner().invoke(app, ["run", str(spec), "--run-dir", str(tmp_path / "run"),
                                      "-q"])
    assert result.exit_code == 0, result.output
    assert counts == {"spec": 1, "params": 1, "stage": 1}
