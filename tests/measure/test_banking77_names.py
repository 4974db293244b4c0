"""The Banking77 name-anchored pass: the names control, the nearest-name filter, nested
label-balanced prefixes, a development set clear of every real draw, real draws that change
with the seed (seed 0 unchanged), and the curve's two series."""

import numpy as np
import pandas as pd

from benchmarks import banking77_experiment as bench
from benchmarks import banking77_names as names_pass
from synthloop.label_words import label_words


def test_label_words_turn_underscores_into_spaces() -> None:
    assert label_words("card_arrival") == "card arrival"
    assert label_words("reverted_card_payment?") == "reverted card payment?"


def test_names_control_is_one_item_per_label() -> None:
    frame = names_pass.names(["card_arrival", "pin_blocked"])
    assert frame.to_dict("records") == [{"text": "card arrival", "label": "card_arrival"},
                                        {"text": "pin blocked", "label": "pin_blocked"}]


def test_nearest_name_filter_keeps_texts_closest_to_their_own_name() -> None:
    name_x = np.array([[1.0, 0.0], [0.0, 1.0]])
    x = np.array([[2.0, 0.1], [0.9, 1.0], [0.1, 3.0]])
    kept = names_pass.nearest_name_keeps(x, ["a", "a", "b"], name_x, ["a", "b"])
    assert kept.tolist() == [True, False, True]


def test_curve_prefixes_are_balanced_and_nested() -> None:
    frame = pd.DataFrame({"text": [f"t{i}" for i in range(6)],
                          "label": ["a", "a", "a", "b", "b", "b"]})
    one = names_pass.first_per_label(frame, 1, seed=3)
    two = names_pass.first_per_label(frame, 2, seed=3)
    assert sorted(one.label) == ["a", "b"]
    assert sorted(two.label) == ["a", "a", "b", "b"]
    assert set(one.text) <= set(two.text)
    assert len(names_pass.first_per_label(frame, None, seed=3)) == 6


def test_dev_set_avoids_held_texts() -> None:
    train = pd.DataFrame({"text": ["x1", "x2", "x3", "y1", "y2"],
                          "category": ["x", "x", "x", "y", "y"]})
    dev = names_pass.dev_set(train, {"x1", "x2", "y2"}, per_label=1)
    assert dev.to_dict("records") == [{"text": "x3", "label": "x"}, {"text": "y1", "label": "y"}]


def test_real_draw_changes_with_the_seed_and_seed_zero_keeps_its_file(tmp_path) -> None:
    labels = sorted(pd.read_csv(bench.DATA / "train.csv").category.unique())[:3]
    zero = bench.real_sets(labels, [5], tmp_path)[5]
    one = bench.real_sets(labels, [5], tmp_path, seed=1)[5]
    assert (zero.name, one.name) == ("real5.csv", "real5-s1.csv")
    a, b = pd.read_csv(zero), pd.read_csv(one)
    assert len(a) == len(b) == 15 and set(a.category) == set(b.category) == set(labels)
    assert set(a.text) != set(b.text)


def test_curve_series_start_at_real_only_and_at_the_names() -> None:
    def row(arm: str, pool: str | None, extra: int, value: float) -> dict[str, object]:
        return {"arm": arm, "pool": pool, "extra_items": [extra],
                "test": {"metric": {"value": value, "low": value - 0.01,
                                    "high": value + 0.01}}}
    rows = [row("real-only", None, 0, 0.80), row("+names w1", None, 77, 0.81),
            row("+names w2", None, 77, 0.82), row("+teach n=1", "teach", 77, 0.79),
            row("+teach all w0.5", "teach", 616, 0.78), row("+teach+name", "name", 300, 0.5),
            row("+names +teach n=1", "teach", 154, 0.805)]
    series = names_pass.curve_series(rows)
    assert [p[:2] for p in series["real + teacher"]] == [(0.0, 0.80), (1.0, 0.79)]
    assert [p[:2] for p in series["real + names + teacher"]] == [(0.0, 0.81), (1.0, 0.805)]
