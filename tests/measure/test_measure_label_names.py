"""Arms with ``label_names``: one item per real label, its text the label as words, added to
the arm's training set, weighed when asked, shown in the report; bad values are refused."""

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from synthloop.errors import DataError, SpecError
from synthloop.measure import load_experiment, measure, run_experiment
from synthloop.measure.experiment import ArmSpec
from synthloop.measure.labels import check_label_space
from synthloop.measure.students import Student
from tests.measure.conftest import write_jsonl, memorizing_experiment

REAL = [{"text": "where is my card", "label": "card_arrival"},
        {"text": "I lost it", "label": "lost-card"},
        {"text": "rate today?", "label": "exchangeRate"}]
# the three real texts, the three labels as words, and one text nothing trains on
EVAL_ROWS = [*REAL, {"text": "card arrival", "label": "card_arrival"},
             {"text": "lost card", "label": "lost-card"},
             {"text": "exchange Rate", "label": "exchangeRate"},
             {"text": "is there a fee", "label": "card_arrival"}]
NAMES = [{"text": "card arrival", "label": "card_arrival"},
         {"text": "exchange Rate", "label": "exchangeRate"},
         {"text": "lost card", "label": "lost-card"}]


def experiment(tmp_path: Path, arms: str) -> Path:
    """The command student that memorizes texts, with real data of three labels."""
    return memorizing_experiment(
        tmp_path, "names", REAL, [{"text": "card please", "label": "card_arrival"}], EVAL_ROWS,
        "arms:\n" + textwrap.indent(textwrap.dedent(arms), "  "))


class Recorder(Student):
    """Records each training set and its weights; scores every item 0."""

    train_fields = ("text", "label")
    takes_weights = True

    def __init__(self) -> None:
        self.seen: list[tuple[list[str], list[float] | None]] = []

    def eval_fields(self, metric: str) -> tuple[str, ...]:
        return ()

    def run(self, train, evals, *, seed, workdir, weights=None):
        self.seen.append(([it["text"] for it in train], None if weights is None
                          else list(weights)))
        return {ev.name: np.zeros(len(ev.items)) for ev in evals}


def test_label_names_add_one_item_per_label_and_show_in_the_report(tmp_path):
    path = experiment(tmp_path, """\
        - {name: real-only, real: all}
        - {name: real+names, real: all, label_names: true}
        - {name: names-only, label_names: true}
        """)
    result, out = measure(path)
    means = {a.arm: a.interval.value for a in result.evals[0].arms}
    assert means == {"real-only": pytest.approx(3 / 7), "real+names": pytest.approx(6 / 7),
                     "names-only": pytest.approx(3 / 7)}
    assert result.sizes["real+names"] == [{"real": 3, "synthetic": 0, "label_names": 3}] * 2
    assert result.sizes["real-only"] == [{"real": 3, "synthetic": 0}] * 2
    written = (tmp_path / "cache" / "work" / "names" / "real+names-seed0" / "train.jsonl")
    lines = [json.loads(line) for line in written.read_text().splitlines()]
    assert lines[3:] == NAMES
    assert sorted(lines[:3], key=lambda r: r["text"]) == sorted(REAL, key=lambda r: r["text"])
    md = (out / "results.md").read_text()
    assert "| held-out | real+names | 3 + 0 + 3 label names | 0.857 |" in md
    assert "| held-out | names-only | 0 + 0 + 3 label names | 0.429 |" in md
    assert "| held-out | real-only | 3 + 0 | 0.429 |" in md
    arms = json.loads((out / "results.json").read_text())["evals"][0]["arms"]
    assert [a.get("label_names_weight") for a in arms] == [None, 1.0, 1.0]


def test_a_weight_weighs_only_the_label_name_items(tmp_path):
    path = experiment(tmp_path, """\
        - {name: real-only, real: all}
        - {name: heavy, real: all, synthetic: all, synthetic_weight: 0.5, label_names: 2}
        """)
    student = Recorder()
    result = run_experiment(load_experiment(path), student=student)
    texts, weights = student.seen[1]
    assert texts[4:] == ["card arrival", "exchange Rate", "lost card"]
    assert weights == [1.0, 1.0, 1.0, 0.5, 2.0, 2.0, 2.0]
    assert student.seen[0][1] is None
    assert result.rows()[1][2] == "3 + 1 + 3 label names (weight 2)"
    assert result.to_dict()["evals"][0]["arms"][1]["label_names_weight"] == 2.0


@pytest.mark.parametrize("value", ["often", "-1"])
def test_a_bad_value_names_the_field(tmp_path, value):
    path = experiment(tmp_path, f"- {{name: real-only, real: all}}\n"
                                f"- {{name: n, real: all, label_names: {value}}}\n")
    with pytest.raises(SpecError) as err:
        load_experiment(path)
    got = "'often'" if value == "often" else "-1"
    assert err.value.issues == [
        f"{path}:15:39: arms[1].label_names: give `true`, `false` or a weight (what one "
        f"label-name item counts against one real item) (got {got})"]


def test_label_names_without_real_data_are_refused(tmp_path):
    path = experiment(tmp_path, "- {name: n, synthetic: all, label_names: true}\n")
    path.write_text(path.read_text().replace("real: {path: real.jsonl}\n", ""))
    with pytest.raises(SpecError, match=r"arm\(s\) 'n' set `label_names:`, which takes the "
                                        r"labels of the real data; name it in `real:`"):
        load_experiment(path)


def test_a_weight_needs_a_student_that_takes_weights(tmp_path):
    path = experiment(tmp_path, "- {name: real-only, real: all}\n"
                                "- {name: n, real: all, label_names: 0.5}\n")
    with pytest.raises(DataError, match=r"^arm\(s\) 'n' weigh their items .* the student "
                                        r"'command' does not weight"):
        run_experiment(load_experiment(path))


def test_a_student_of_other_fields_or_unlabelled_real_data_is_refused(tmp_path):
    path = experiment(tmp_path, "- {name: n, real: all, label_names: true}\n")
    chat = {"prompt": "p", "response": "r"}  # what a student of prompts and responses reads
    write_jsonl(tmp_path / "real.jsonl", [{**row, **chat} for row in REAL])
    write_jsonl(tmp_path / "syn.jsonl", [{"text": "card please", "label": "card_arrival", **chat}])
    sft = Recorder()
    sft.train_fields = ("prompt", "response")
    with pytest.raises(DataError) as err:
        run_experiment(load_experiment(path), student=sft)
    assert str(err.value) == (
        "arm(s) 'n' set label_names, but the student 'command' trains on prompt, response; "
        "a label-name item is only a text and its label (for embedding_classifier or a "
        "command). Nothing was trained.")
    # the command student needs no field, so only label_names asks for the label
    write_jsonl(tmp_path / "real.jsonl", [{"text": "where is my card"}])
    with pytest.raises(DataError) as err:
        run_experiment(load_experiment(path))
    assert str(err.value) == ("arm(s) 'n' set label_names, but items of real.jsonl have no "
                              "label; map its label column with `fields: {label: <column>}`. "
                              "Nothing was trained.")


def test_a_names_only_arm_trains_on_the_real_labels():
    real = [{"text": "t", "label": "a"}, {"text": "u", "label": "b"}]
    names_only = ArmSpec(name="names", label_names=True)
    with pytest.raises(DataError, match=r"arm 'names' trains on 1 label\(s\) that evaluation "
                                        r"'test' never has \(b\)"):
        check_label_space([names_only], real, [], {"test": [{"text": "v", "label": "a"}]})


def test_an_experiment_of_real_data_and_label_names_needs_no_synthetic_data(tmp_path):
    path = experiment(tmp_path, "- {name: real-only, real: all}\n"
                                "- {name: real+names, real: all, label_names: true}\n")
    path.write_text(path.read_text().replace("synthetic: [{path: syn.jsonl}]\n", ""))
    result = run_experiment(load_experiment(path))
    assert [a.interval.value for a in result.evals[0].arms] == [pytest.approx(3 / 7),
                                                                 pytest.approx(6 / 7)]
    text = path.read_text()
    path.write_text(text.replace("label_names: true", "label_names: lots"))
    with pytest.raises(SpecError) as err:
        load_experiment(path)
    assert [i.split(": ", 1)[1] for i in err.value.issues] == [
        "arms[1].label_names: give `true`, `false` or a weight (what one label-name item "
        "counts against one real item) (got 'lots')"]
    path.write_text(text + "  - {name: mixed, real: all, synthetic: all}\n")
    with pytest.raises(SpecError, match="synthetic: required key is missing"):
        load_experiment(path)
