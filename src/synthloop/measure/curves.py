"""The curve of the held-out metric against the synthetic data mixed in, and its verdict.

A single "real + synthetic" arm answers one question at one size; a user deciding how much to
generate needs the whole curve: the metric at 0, 1x, 2x, 4x, 8x the real set of synthetic items
(and, for "can it replace real data", at fixed size with a growing synthetic share), each point
with its interval and its paired difference from real-only. The verdict names the best point
and says whether even that one is distinguishable from real-only; since it is picked after
seeing the results, it says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synthloop.measure.stats import ArmSummary
from synthloop.stats import Interval


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One arm of the curve: how much synthetic data, the metric, the difference."""

    arm: str
    kind: str  # "baseline", "amount" (real + k x synthetic) or "share" (fixed size)
    n_real: int
    n_synthetic: int
    metric: Interval
    difference: Interval | None  # arm - baseline, paired; None for the baseline

    @property
    def share(self) -> float:
        total = self.n_real + self.n_synthetic
        return self.n_synthetic / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"arm": self.arm, "kind": self.kind, "n_real": self.n_real,
                "n_synthetic": self.n_synthetic, "share": round(self.share, 4),
                "metric": self.metric.to_dict(),
                "difference": None if self.difference is None else self.difference.to_dict()}


def curve_points(
    arms: list[ArmSummary], diffs: dict[str, Interval], sizes: dict[str, list[dict[str, int]]],
    *, baseline: str, curve_arms: list[str], shares: set[str],
) -> list[CurvePoint]:
    """The baseline and the curve's arms, in order of synthetic amount (shares last)."""
    points = []
    for summary in arms:
        if summary.arm != baseline and summary.arm not in curve_arms:
            continue
        size = sizes[summary.arm][0]
        kind = ("baseline" if summary.arm == baseline
                else "share" if summary.arm in shares else "amount")
        points.append(CurvePoint(summary.arm, kind, size["real"], size["synthetic"],
                                 summary.interval, diffs.get(summary.arm)))
    return sorted(points, key=lambda p: (p.kind == "share", p.n_synthetic, p.share))


def best_verdict(points: list[CurvePoint], *, eval_name: str, metric: str) -> str:
    """A plain sentence on the best setting of the curve against the baseline."""
    tried = [(p, p.difference) for p in points if p.difference is not None]
    if not tried:
        return f"{eval_name}: the curve has no point besides the baseline."
    best, d = max(tried, key=lambda pd: pd[1].value)
    base = next((p.arm for p in points if p.kind == "baseline"), "the baseline")
    what = (f"{best.arm} ({best.n_real} real + {best.n_synthetic} synthetic, "
            f"{best.share:.0%} synthetic)")
    ci = f"{d.confidence:.0%} CI [{d.low * 100:+.1f}, {d.high * 100:+.1f}]"
    pts = f"{d.value * 100:+.1f} points of {metric}"
    picked = f"the best of {len(tried)} settings, picked on this evaluation"
    hurt = sum(1 for _, diff in tried if diff.high < 0)
    hurts = f"; {hurt} of {len(tried)} settings hurt" if hurt else ""
    if d.low > 0:
        return (f"{eval_name}: best setting {what}: {pts} over {base} ({ci}); it helps "
                f"({picked}: confirm on fresh data){hurts}.")
    return (f"{eval_name}: no setting detectably helps over {base}; {picked} is {what}: "
            f"{pts} ({ci}){hurts}.")
