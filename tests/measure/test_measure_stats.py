"""Statistics against values computable by hand or by a normal approximation."""

import numpy as np
import pytest

from synthloop.measure.stats import (
    item_means,
    paired_difference,
    summarize_arm,
    verdict,
)
from synthloop.stats import bootstrap_mean


def test_arm_mean_is_the_mean_over_seeds_of_item_accuracy():
    scores = np.array([[1, 0, 1, 1], [1, 1, 1, 0], [0, 0, 1, 1]], dtype=float)
    summary = summarize_arm("a", scores, samples=500)
    assert summary.per_seed == [0.75, 0.75, 0.5]
    assert summary.interval.value == pytest.approx(2 / 3)
    assert summary.seed_std == pytest.approx(np.std([0.75, 0.75, 0.5], ddof=1))
    assert item_means(scores).tolist() == pytest.approx([2 / 3, 1 / 3, 1.0, 2 / 3])
    assert summary.interval.low <= 2 / 3 <= summary.interval.high


def test_constant_scores_have_a_zero_width_interval():
    iv = bootstrap_mean(np.ones(50))
    assert (iv.value, iv.low, iv.high) == (1.0, 1.0, 1.0)


def test_bootstrap_interval_matches_the_normal_approximation_on_a_large_sample():
    rng = np.random.default_rng(1234)
    n, p = 20_000, 0.8
    values = (rng.random(n) < p).astype(float)
    iv = bootstrap_mean(values, samples=4000, seed=7)
    mean = values.mean()
    half = 1.959964 * np.sqrt(mean * (1 - mean) / n)
    assert iv.value == pytest.approx(mean)
    assert iv.low == pytest.approx(mean - half, abs=0.0015)
    assert iv.high == pytest.approx(mean + half, abs=0.0015)
    assert iv.half_width == pytest.approx(half, rel=0.1)


def test_paired_difference_cancels_shared_item_difficulty():
    # Arm b is arm a plus exactly one extra correct item in 10: the paired difference is
    # 0.1 with every resample of ten items giving a difference in {0, 0.1, ..., }.
    a = np.array([[1, 1, 1, 0, 0, 0, 1, 0, 1, 0]], dtype=float)
    b = a.copy()
    b[0, 3] = 1
    diff = paired_difference(b, a, samples=2000)
    assert diff.value == pytest.approx(0.1)
    assert diff.low == pytest.approx(0.0)
    assert diff.high == pytest.approx(0.3)
    same = paired_difference(a, a)
    assert (same.value, same.low, same.high) == (0.0, 0.0, 0.0)


def test_paired_interval_is_tighter_than_unpaired_intervals():
    rng = np.random.default_rng(0)
    easy = rng.random(2000) < 0.7
    a = easy.astype(float)[None, :]
    b = (easy | (rng.random(2000) < 0.1)).astype(float)[None, :]
    diff = paired_difference(b, a)
    sep = summarize_arm("b", b).interval.half_width + summarize_arm("a", a).interval.half_width
    assert diff.low > 0
    assert diff.half_width < sep / 2


def test_arms_on_different_items_are_refused():
    with pytest.raises(ValueError, match="different items"):
        paired_difference(np.ones((1, 3)), np.ones((1, 4)))


def test_verdict_wording_follows_the_interval():
    from synthloop.stats import Interval

    helps = verdict(Interval(0.05, 0.02, 0.08, 0.95), arm="real+synthetic",
                    baseline="real-only", metric="accuracy")
    assert helps.startswith("real+synthetic helps over real-only at this size, by +5.0 +- 3.0")
    unsure = verdict(Interval(0.01, -0.01, 0.03, 0.95), arm="s", baseline="r", metric="accuracy")
    assert "does not detectably help" in unsure and "includes 0" in unsure
    hurts = verdict(Interval(-0.1, -0.15, -0.05, 0.95), arm="s", baseline="r", metric="accuracy")
    assert hurts.startswith("s hurts compared with r")
