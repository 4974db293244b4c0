"""measure.experiment as the last stage of a spec: the run's records are the synthetic data."""

import json
import sys

import pytest

import synthloop
from synthloop.errors import SpecError
from synthloop.spec_check import validate_spec

SCORE_PROMPTS = """\
import json, sys
train = [json.loads(line) for line in open(sys.argv[1])]
items = [json.loads(line) for line in open(sys.argv[2])]
seen = {t["prompt"] for t in train}
json.dump({"scores": [1 if it["prompt"] in seen else 0 for it in items]}, open(sys.argv[3], "w"))
"""


def math_spec(tmp_path, experiment):
    return {
        "name": "math-measured", "seed": 3,
        "target": {"size": 6, "taxonomy": [{"skill": "rates"}],
                   "attributes": {"difficulty": ["easy"]}},
        "stages": [{"use": "generate.math_word_problems"},
                   {"use": "measure.experiment", "experiment": experiment,
                    "fields": {"prompt": "question", "response": "trace"}}],
        "outputs": {"formats": ["jsonl"]},
    }


def test_stage_measures_the_runs_own_records(tmp_path):
    (tmp_path / "score.py").write_text(SCORE_PROMPTS)
    (tmp_path / "eval.jsonl").write_text(json.dumps({"prompt": "never generated"}) + "\n")
    experiment = {
        "name": "own-data",
        "student": {"kind": "command",
                    "eval": f"{sys.executable} {tmp_path / 'score.py'} {{train}} {{eval}} "
                            "{result}"},
        "evals": [{"name": "probe", "path": str(tmp_path / "eval.jsonl"), "metric": "score"}],
        "seeds": 1, "bootstrap": {"samples": 100}, "cache_dir": str(tmp_path / "cache"),
    }
    handle = synthloop.run(math_spec(tmp_path, experiment), tmp_path / "run")
    report = handle.store.get_report("measure.experiment")
    assert report["experiment"] == "own-data"
    assert report["evals"][0]["arms"][1]["train_sizes"] == [{"real": 0, "synthetic": 6}]
    assert report["verdicts"] == [
        "synthetic-only does not detectably help over no-training at this size: +0.0 +- 0.0 "
        "points of score (95% CI [+0.0, +0.0] includes 0)."]
    assert (tmp_path / "run" / "measure" / "own-data" / "results.md").exists()


def test_inline_experiment_errors_fail_the_spec_check(tmp_path):
    with pytest.raises(SpecError) as err:
        validate_spec(math_spec(tmp_path, {"student": {"kind": "embedding_classifier",
                                                        "C": -1}, "evals": []}))
    text = "\n".join(err.value.issues)
    assert "stages[1]" in text and "inline experiment: student.C: Input should be greater " \
        "than 0 (got -1)" in text
