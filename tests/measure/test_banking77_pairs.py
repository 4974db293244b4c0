"""The Banking77 paraphrase-pair transforms: the nuisance projection removes the pairs' main
direction, the whitening shrinks it, soft labels expand into weighted items, folds deal each
intent evenly, and the real control's deviations are taken from each intent's own mean."""

import numpy as np

from benchmarks import banking77_pairs as pairs


def test_projection_removes_the_direction_the_pairs_vary_along() -> None:
    diffs = np.array([[1.0, 0.0, 0.0], [-2.0, 0.0, 0.0], [0.0, 0.1, 0.0]])
    x = np.array([[3.0, 4.0, 5.0]])
    assert np.allclose(pairs.projector(diffs, 1)(x), [[0.0, 4.0, 5.0]])
    assert np.allclose(pairs.projector(diffs, 0)(x), x)


def test_whitening_shrinks_the_pairs_direction_and_keeps_the_mean_scale() -> None:
    diffs = np.array([[1.0, 0.0], [-1.0, 0.0]])
    # second moment diag(1, 0), mean eigenvalue 0.5: M = 0.5 * diag(2, 0) + 0.5 I
    out = pairs.whitener(diffs, 0.5)(np.array([[1.0, 1.0]]))
    assert np.allclose(out, [[1 / np.sqrt(1.5), 1 / np.sqrt(0.5)]])
    assert np.allclose(pairs.whitener(diffs, 1.0)(np.array([[1.0, 1.0]])), [[1.0, 1.0]])


def test_soft_labels_become_one_weighted_item_per_likely_intent() -> None:
    xs = np.array([[1.0, 2.0]])
    probs = np.array([[0.7, 0.295, 0.005]])
    x, y, w = pairs.expand_soft(xs, probs, np.array(["a", "b", "c"]), 0.5)
    assert y.tolist() == ["a", "b"]
    assert np.allclose(x, [[1.0, 2.0], [1.0, 2.0]])
    assert np.allclose(w, [0.5 * 0.7 / 0.995, 0.5 * 0.295 / 0.995])


def test_folds_deal_each_intent_over_every_fold_once() -> None:
    y = np.array(["a"] * 5 + ["b"] * 5)
    fold = pairs.folds(y, seed=3)
    assert sorted(fold[:5].tolist()) == [0, 1, 2, 3, 4]
    assert sorted(fold[5:].tolist()) == [0, 1, 2, 3, 4]


def test_within_intent_deviations_use_each_intents_own_mean() -> None:
    x = np.array([[1.0, 0.0], [3.0, 0.0], [5.0, 5.0]])
    assert np.allclose(pairs.within(x, np.array(["a", "a", "b"])),
                       [[-1.0, 0.0], [1.0, 0.0], [0.0, 0.0]])
