"""Curves: arms at multiples and shares of the real set, points left out when the synthetic
data runs short, each point's interval and difference, the verdict on the best, the plot."""

import numpy as np
import pytest

from synthloop.errors import DataError
from synthloop.measure import load_experiment, run_experiment
from synthloop.measure.curves import CurvePoint, best_verdict
from synthloop.measure.data import balanced
from synthloop.measure.experiment import ArmSpec, CurveSpec
from synthloop.measure.runner import compose
from synthloop.measure.stats import Interval
from synthloop.report import svg


def test_curve_spec_makes_amount_and_share_arms():
    arms = CurveSpec(multiples=[1, 2.5], shares=[0.25]).arms()
    assert [(a.name, a.real, a.ratio, a.share) for a in arms] == [
        ("real+1x", "all", 1.0, None), ("real+2.5x", "all", 2.5, None),
        ("share 25%", "all", None, 0.25)]


def test_share_arm_replaces_part_of_the_real_draw():
    real = [{"text": f"r{i}"} for i in range(4)]
    syn = [{"text": f"s{i}"} for i in range(3)]
    got = compose(ArmSpec(name="half", real="all", share=0.5), real, syn)
    assert [it["text"] for it in got.items] == ["r0", "r1", "s0", "s1"]
    assert (got.n_real, got.n_synthetic) == (2, 2)
    with pytest.raises(DataError, match="arm 'all' needs 4 synthetic items; only 3"):
        compose(ArmSpec(name="all", real="all", share=1.0), real, syn)


def test_share_needs_all_real_and_nothing_else():
    with pytest.raises(ValueError, match="`share:` replaces part of the real draw"):
        ArmSpec(name="x", real=3, share=0.5)


def test_memorizer_curve_points_notes_and_best_verdict(memorizer):
    """4 real items cover 4 of 20 evaluation items, each synthetic item one of the other 16:
    accuracy is (4 + synthetic) / 20 at each amount, and 4 / 20 at a 50% share."""
    memorizer.write_text(memorizer.read_text()
                         + "curve: {multiples: [1, 2, 4, 8], shares: [0.5]}\n")
    exp = load_experiment(memorizer)
    assert [a.name for a in exp.arms] == ["real-only", "real+1x", "real+2x", "real+4x",
                                          "real+8x", "share 50%"]
    result = run_experiment(exp)
    assert result.notes == ["curve point 'real+8x' left out: it needs more than the 16 "
                            "synthetic items there are"]
    ev = result.evals[0]
    assert [(p.arm, p.kind, p.n_real, p.n_synthetic, p.metric.value) for p in ev.curve] == [
        ("real-only", "baseline", 4, 0, 0.2), ("real+1x", "amount", 4, 4, 0.4),
        ("real+2x", "amount", 4, 8, 0.6), ("real+4x", "amount", 4, 16, 1.0),
        ("share 50%", "share", 2, 2, 0.2)]
    assert ev.curve[3].difference.value == pytest.approx(0.8)
    assert ev.best.startswith("held-out: best setting real+4x (4 real + 16 synthetic, 80% "
                              "synthetic): +80.0 points of accuracy over real-only")
    assert "the best of 4 settings, picked on this evaluation" in ev.best
    markdown = result.to_markdown()
    assert "## Curve on held-out" in markdown
    assert "| real+2x | 8 | 67% | 0.600 |" in markdown
    assert result.to_dict(with_scores=False)["evals"][0]["curve"][1]["share"] == 0.5


def _point(arm, n, value, low, high, kind="amount"):
    iv = Interval(value, low, high, 0.95)
    return CurvePoint(arm, kind, 10, n, Interval(0.8 + value, 0.79, 0.81, 0.95),
                      None if kind == "baseline" else iv)


def test_best_verdict_says_when_nothing_helps_and_counts_what_hurts():
    points = [_point("real-only", 0, 0, 0, 0, kind="baseline"),
              _point("real+1x", 10, 0.004, -0.003, 0.011),
              _point("real+2x", 20, -0.02, -0.03, -0.01)]
    assert best_verdict(points, eval_name="test", metric="accuracy") == (
        "test: no setting detectably helps over real-only; the best of 2 settings, picked on "
        "this evaluation is real+1x (10 real + 10 synthetic, 50% synthetic): +0.4 points of "
        "accuracy (95% CI [-0.3, +1.1]); 1 of 2 settings hurt.")


def test_curve_plot_draws_each_series_with_escaped_names():
    plot = str(svg.curve({"aug <filtered>": [(0, 0.80, 0.79, 0.81), (385, 0.82, 0.81, 0.83)],
                          "free": [(0, 0.80, 0.79, 0.81), (154, 0.78, 0.77, 0.79)]},
                         title="t", xlabel="synthetic items", ylabel="accuracy", baseline=0.80))
    assert plot.startswith("<svg") and plot.count("<polyline") == 2
    assert "aug &lt;filtered&gt;" in plot and "<filtered>" not in plot
    assert plot.count("<circle") == 4 and 'stroke-dasharray="3 3"' in plot
    assert "aug &lt;filtered&gt;: 385: 0.820 [0.810, 0.830]" in plot
    assert svg.curve({}, title="t", xlabel="x", ylabel="y") == ""


def test_report_draws_amounts_and_shares_as_two_lines_from_the_baseline():
    from synthloop.report.html import measure_curve

    def point(kind, n, value):
        return {"kind": kind, "n_synthetic": n, "metric": {"value": value, "low": value - 0.01,
                                                           "high": value + 0.01}}

    ev = {"name": "test", "metric": "accuracy",
          "curve": [point("baseline", 0, 0.80), point("amount", 385, 0.82),
                    point("amount", 770, 0.81), point("share", 192, 0.78)]}
    plot = str(measure_curve(ev))
    assert plot.count("<polyline") == 2
    assert "real + synthetic: 770: 0.810" in plot
    assert "fixed size, synthetic share: 192: 0.780" in plot
    assert measure_curve({"name": "t", "metric": "accuracy", "arms": []}) == ""


def test_synthetic_weight_weighs_only_the_synthetic_items():
    real = [{"text": f"r{i}"} for i in range(2)]
    syn = [{"text": f"s{i}"} for i in range(3)]
    light = ArmSpec(name="light", real="all", synthetic=2, synthetic_weight=0.25)
    assert compose(light, real, syn).weights == [1.0, 1.0, 0.25, 0.25]
    assert compose(ArmSpec(name="plain", real="all", synthetic=2), real, syn).weights is None
    assert compose(ArmSpec(name="real", real="all", synthetic_weight=0.25), real, syn
                   ).weights is None


def test_synthetic_weight_is_refused_for_a_student_without_weights(memorizer):
    memorizer.write_text(memorizer.read_text() + "arms:\n  - {name: real-only, real: all}\n"
                         "  - {name: light, real: all, synthetic: all, synthetic_weight: 0.5}\n")
    with pytest.raises(DataError) as err:
        run_experiment(load_experiment(memorizer))
    assert str(err.value) == ("arm(s) 'light' weigh their items (synthetic_weight, or "
                              "label_names other than true), but the student 'command' "
                              "does not weight its training items (embedding_classifier does). "
                              "Nothing was trained.")


def test_every_prefix_of_a_balanced_draw_keeps_the_labels_even():
    items = [{"id": f"{lab}{i}", "label": lab} for lab, n in (("a", 3), ("b", 1), ("c", 2))
             for i in range(n)]
    out = balanced(items, np.random.default_rng(0))
    assert sorted(it["label"] for it in out[:3]) == ["a", "b", "c"]  # 1x of 3 labels: one each
    assert sorted(it["label"] for it in out[3:5]) == ["a", "c"]
    assert [it["id"] for it in out if it["label"] == "a"] == ["a0", "a1", "a2"]
    unlabelled = [{"id": "x"}, {"id": "y"}]
    assert balanced(unlabelled, np.random.default_rng(0)) == unlabelled
