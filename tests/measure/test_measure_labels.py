"""The label-space check: arms that train on labels the evaluation lacks are refused, or their
items dropped with ``labels: evaluation``; arms lacking evaluation labels are noted."""

import json
import textwrap

import pytest

from synthloop.errors import DataError
from synthloop.measure import load_experiment, run_experiment
from synthloop.measure.experiment import ArmSpec
from synthloop.measure.labels import check_label_space


def items(*labels):
    return [{"text": f"t{i}", "label": lab, "id": f"line {i + 1}"}
            for i, lab in enumerate(labels)]


REAL_ONLY = ArmSpec(name="real-only", real="all")
SYN_ONLY = ArmSpec(name="synthetic-only", synthetic="all")


def test_an_arm_with_labels_the_evaluation_lacks_is_refused():
    with pytest.raises(DataError) as err:
        check_label_space([REAL_ONLY, SYN_ONLY], items("a", "b", "c", "d"), items("a", "b"),
                          {"test": items("a", "b")})
    lines = str(err.value).splitlines()
    assert lines[0] == ("arm 'real-only' trains on 2 label(s) that evaluation 'test' never has "
                        "(c, d); it has 2 label(s)")
    assert len(lines) == 2 and lines[1].endswith("Nothing was trained.")
    assert "`labels: evaluation`" in lines[1]


def test_matching_labels_pass_and_missing_ones_are_noted():
    notes = check_label_space([REAL_ONLY, SYN_ONLY], items("a", "b", "c"), items("a"),
                              {"test": items("a", "b", "c")})
    assert notes == ["arm 'synthetic-only' has no training items for 2 of the 3 labels of "
                     "'test' (b, c): it cannot predict them"]


def test_unlabelled_data_is_not_checked():
    rows = [{"prompt": "p", "response": "r", "id": "line 1"}]
    assert check_label_space([REAL_ONLY], rows, rows, {"test": rows}) == []


def _experiment(tmp_path, memorizer, extra=""):
    """The memorizer experiment with a real set that also has label 'c' (absent from eval)."""
    real = [json.loads(line) for line in (tmp_path / "real.jsonl").read_text().splitlines()]
    real.append({"text": "t99", "label": "c"})
    (tmp_path / "real.jsonl").write_text("".join(json.dumps(r) + "\n" for r in real))
    memorizer.write_text(memorizer.read_text() + textwrap.dedent(extra))
    return load_experiment(memorizer)


def test_run_refuses_before_training_when_arms_and_evaluation_disagree(tmp_path, memorizer):
    exp = _experiment(tmp_path, memorizer)
    with pytest.raises(DataError, match=r"arm 'real-only' trains on 1 label\(s\) that "
                                        r"evaluation 'held-out' never has \(c\)"):
        run_experiment(exp)
    assert not (tmp_path / "cache" / "work").exists()


def test_labels_evaluation_drops_the_other_labels_and_runs(tmp_path, memorizer):
    exp = _experiment(tmp_path, memorizer, "labels: evaluation\n")
    result = run_experiment(exp)
    sizes = result.sizes["real-only"]
    assert [s["real"] for s in sizes] == [4, 4]  # the 'c' item was dropped
    means = {a.arm: a.interval.value for a in result.evals[0].arms}
    assert means == {"real-only": 0.2, "synthetic-only": 0.8, "real+synthetic": 1.0}
    assert result.notes == []


def test_banking77_smoke_test_draws_real_and_test_from_the_same_intents(tmp_path):
    """--labels 10 once drew the real set from all 77 intents and tested on 10; now both the
    real sets and the test set hold exactly the 10 intents, so the label check passes."""
    import pandas as pd

    from benchmarks import banking77_experiment as bench
    labels = json.loads((bench.DATA / "categories.json").read_text())[:10]
    reals = bench.real_sets(labels, [5, 10], tmp_path)
    five, ten = pd.read_csv(reals[5]), pd.read_csv(reals[10])
    test = pd.read_csv(bench.test_set(labels, tmp_path, all_labels=77))
    assert set(five.category) == set(ten.category) == set(test.category) == set(labels)
    assert len(five) == 50 and len(ten) == 100 and len(test) == 400
    assert set(five.text) <= set(ten.text)  # the 5-shot set is part of the 10-shot set
    as_items = [{"text": t, "label": c} for t, c in zip(five.text, five.category, strict=True)]
    test_items = [{"text": t, "label": c} for t, c in zip(test.text, test.category, strict=True)]
    assert check_label_space([REAL_ONLY], as_items, [], {"test": test_items}) == []


def test_banking77_smoke_test_as_it_was_is_refused(tmp_path):
    """The old smoke test (real set from all 77 intents, test set from the first 10) gave
    'real+synthetic helps +3.3' only because the 10-intent synthetic data pulled predictions
    towards the tested intents; the label-space check now refuses it before any training."""
    import pandas as pd

    from benchmarks import banking77_experiment as bench
    every = json.loads((bench.DATA / "categories.json").read_text())
    real = pd.read_csv(bench.real_sets(every, [5], tmp_path)[5])
    test = pd.read_csv(bench.test_set(every[:10], tmp_path, all_labels=77))
    as_items = [{"text": t, "label": c} for t, c in zip(real.text, real.category, strict=True)]
    test_items = [{"text": t, "label": c} for t, c in zip(test.text, test.category, strict=True)]
    extra = sorted(set(every[10:]))[:5]
    with pytest.raises(DataError) as err:
        check_label_space([REAL_ONLY], as_items, [], {"banking77-test": test_items})
    assert str(err.value).splitlines()[0] == (
        f"arm 'real-only' trains on 67 label(s) that evaluation 'banking77-test' never has "
        f"({', '.join(extra)} and 62 more); it has 10 label(s)")
