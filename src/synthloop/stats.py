"""Intervals around estimates, shared by the stages that report them: a percentile-bootstrap
mean (judge agreement, experiment arms) and Wilson's interval for a proportion (detector
precision and recall, the red-team archive's over-refusal rate).

Kept below the stage folders so that ``validate``, ``curate`` and ``measure`` use one
implementation without importing each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps


@dataclass(frozen=True, slots=True)
class Interval:
    """A point estimate with its confidence interval ``[low, high]``."""

    value: float
    low: float
    high: float
    confidence: float

    @property
    def half_width(self) -> float:
        """Half the interval's width: the ``Y`` of "X +- Y"."""
        return (self.high - self.low) / 2

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high,
                "confidence": self.confidence}


def bootstrap_mean(
    values: np.ndarray, *, samples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """Mean of ``values`` with a percentile-bootstrap interval (resampling the values).

    Percentile rather than BCa: BCa is undefined when every item scores the same (a model that
    gets everything right), which small evaluations hit.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("bootstrap needs a non-empty 1-d array of item scores")
    mean = float(values.mean())
    if values.size == 1 or np.all(values == values[0]):
        return Interval(mean, mean, mean, confidence)
    res = sps.bootstrap(
        (values,), np.mean, n_resamples=samples, confidence_level=confidence,
        method="percentile", vectorized=True, rng=np.random.default_rng(seed),
    )
    ci = res.confidence_interval
    return Interval(mean, float(ci.low), float(ci.high), confidence)



@dataclass(frozen=True, slots=True)
class Rate:
    """A proportion with its Wilson score interval."""

    value: float
    low: float
    high: float
    n: int


def wilson(successes: int, n: int, z: float = 1.96) -> Rate:
    """Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is
    honest at small ``n`` and at rates near 0 or 1."""
    if n == 0:
        return Rate(math.nan, 0.0, 1.0, 0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Rate(p, max(0.0, centre - half), min(1.0, centre + half), n)


def precision_recall(predicted: list[bool], actual: list[bool]) -> tuple[Rate, Rate]:
    """Precision and recall of ``predicted`` against ``actual`` labels, with intervals."""
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    return wilson(tp, sum(predicted)), wilson(tp, sum(actual))
