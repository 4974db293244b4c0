"""Experiment files: valid ones load with defaults, malformed ones fail with located errors."""

import textwrap

import pytest

from synthloop.errors import SpecError
from synthloop.measure.experiment import load_experiment


def write(tmp_path, text, name="exp.yaml"):
    (tmp_path / "syn.jsonl").write_text('{"text": "a", "label": "x"}\n')
    (tmp_path / "test.csv").write_text("text,category\nb,x\n")
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


GOOD = """\
name: tiny
synthetic: [{path: syn.jsonl}]
real: {path: test.csv, fields: {label: category}, per_label: 5}
student: {kind: embedding_classifier}
evals:
  - {name: test, path: test.csv, fields: {label: category}}
"""


def test_defaults_give_three_arms_and_three_seeds(tmp_path):
    exp = load_experiment(write(tmp_path, GOOD))
    assert [a.name for a in exp.arms] == ["real-only", "synthetic-only", "real+synthetic"]
    assert exp.seed_list == [0, 1, 2]
    assert exp.baseline_arm == "real-only"
    assert exp.resolve("syn.jsonl") == tmp_path / "syn.jsonl"
    assert exp.evals[0].metric == "accuracy"


def test_unknown_student_key_is_located_with_a_suggestion(tmp_path):
    path = write(tmp_path, GOOD.replace("{kind: embedding_classifier}",
                                        "\n  kind: embedding_classifier\n  max_iters: 5"))
    with pytest.raises(SpecError) as err:
        load_experiment(path)
    assert err.value.exit_code == 2
    assert err.value.issues == [
        f"{path}:6:3: student.max_iters: unknown key 'max_iters'; did you mean 'max_iter'?"]


def test_unknown_student_kind_suggests_the_closest(tmp_path):
    path = write(tmp_path, GOOD.replace("embedding_classifier", "embeding_classifier"))
    with pytest.raises(SpecError, match=r"exp.yaml:4:17: student.kind: 'embeding_classifier' "
                                        r"is not a student; did you mean 'embedding_classifier'"):
        load_experiment(path)


def test_bad_arm_values_are_located(tmp_path):
    text = GOOD + "arms:\n  - {name: a, real: all, ratio: -1}\n  - {name: a, real: lots}\n"
    path = write(tmp_path, text)
    with pytest.raises(SpecError) as err:
        load_experiment(path)
    assert err.value.issues == [
        f"{path}:8:33: arms[0].ratio: Input should be greater than 0 (got -1)",
        f"{path}:9:21: arms[1].real: give `all` or a number of items (got 'lots')",
    ]


def test_metric_must_suit_the_student(tmp_path):
    text = GOOD.replace("fields: {label: category}}", "fields: {label: category}, "
                        "metric: exact_match}")
    with pytest.raises(SpecError, match="cannot score metric 'exact_match'.*scores accuracy"):
        load_experiment(write(tmp_path, text))


def test_missing_data_file_names_the_key(tmp_path):
    path = write(tmp_path, GOOD.replace("syn.jsonl", "nope.jsonl"))
    with pytest.raises(SpecError) as err:
        load_experiment(path)
    assert err.value.issues == [
        f"{path}:2:20: synthetic[0].path: {tmp_path / 'nope.jsonl'} does not exist"]


def test_yaml_syntax_error_and_missing_synthetic(tmp_path):
    with pytest.raises(SpecError, match=r"bad.yaml:2:\d+: YAML syntax error"):
        load_experiment(write(tmp_path, "name: x\n  student: [\n", name="bad.yaml"))
    with pytest.raises(SpecError, match="synthetic: required key is missing"):
        load_experiment(write(tmp_path, GOOD.replace("synthetic: [{path: syn.jsonl}]\n", "")))


def test_command_eval_must_write_result(tmp_path):
    text = GOOD.replace("{kind: embedding_classifier}", "{kind: command, eval: 'x {eval}'}")
    with pytest.raises(SpecError, match=r"student: the eval command must write its scores to "
                                        r"\{result\}"):
        load_experiment(write(tmp_path, text))
