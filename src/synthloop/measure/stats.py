"""Statistics of an experiment: arm means, bootstrap intervals, paired differences, verdicts.

Every student returns one score per evaluation item per seed (1/0 for a correct answer, or a
graded score). The arm's metric is the mean over items, averaged over seeds. Intervals come from
a percentile bootstrap over *evaluation items* of the seed-averaged item scores: the question is
"how would the number move on another test set drawn like this one". Differences between arms
are *paired*: both arms are scored on the same items, so the bootstrap resamples the per-item
difference, which cancels the item difficulty shared by both arms and gives a much tighter
interval than comparing two separate intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synthloop.stats import Interval, bootstrap_mean


def item_means(scores: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Average a ``(seeds, items)`` score matrix over seeds: one score per item."""
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("scores must be a (seeds, items) matrix")
    means: npt.NDArray[np.float64] = matrix.mean(axis=0)
    return means


@dataclass(frozen=True, slots=True)
class ArmSummary:
    """One arm on one evaluation: mean over seeds with its item-bootstrap interval."""

    arm: str
    interval: Interval
    per_seed: list[float]

    @property
    def seed_std(self) -> float:
        return float(np.std(self.per_seed, ddof=1)) if len(self.per_seed) > 1 else 0.0


def summarize_arm(
    arm: str, scores: np.ndarray, *, samples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> ArmSummary:
    """Summarize a ``(seeds, items)`` score matrix."""
    scores = np.asarray(scores, dtype=float)
    interval = bootstrap_mean(item_means(scores), samples=samples, confidence=confidence,
                              seed=seed)
    return ArmSummary(arm, interval, [float(s) for s in scores.mean(axis=1)])


def paired_difference(
    a: np.ndarray, b: np.ndarray, *, samples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """``metric(a) - metric(b)`` on the same items, with a paired bootstrap interval.

    ``a`` and ``b`` are ``(seeds, items)`` matrices (seed counts may differ); each is averaged
    over seeds first, then the per-item differences are resampled.
    """
    da, db = item_means(a), item_means(b)
    if da.shape != db.shape:
        raise ValueError(f"arms were scored on different items ({da.size} vs {db.size})")
    return bootstrap_mean(da - db, samples=samples, confidence=confidence, seed=seed)


def verdict(diff: Interval, *, arm: str, baseline: str, metric: str) -> str:
    """A plain sentence: does ``arm`` beat ``baseline``, by how much, how sure.

    "Helps" or "hurts" only when the interval excludes zero; otherwise the honest answer is
    that this experiment cannot tell at this size.
    """
    pts = f"{diff.value * 100:+.1f} +- {diff.half_width * 100:.1f} points of {metric}"
    level = f"{diff.confidence:.0%} CI [{diff.low * 100:+.1f}, {diff.high * 100:+.1f}]"
    if diff.low > 0:
        return f"{arm} helps over {baseline} at this size, by {pts} ({level})."
    if diff.high < 0:
        return f"{arm} hurts compared with {baseline} at this size, by {pts} ({level})."
    return (f"{arm} does not detectably help over {baseline} at this size: {pts} "
            f"({level} includes 0).")
