"""An experiment's results: summaries per arm, paired comparisons, verdicts, and their renderings
(JSON, Markdown, a rich table). Item scores are kept in the JSON so any other statistic can be
recomputed later without training again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import orjson

from synthloop.measure.curves import CurvePoint, best_verdict, curve_points
from synthloop.measure.stats import ArmSummary, paired_difference, summarize_arm, verdict
from synthloop.stats import Interval

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from synthloop.measure.experiment import ArmSpec, ExperimentSpec
    from synthloop.measure.students import EvalSet


class _Bootstrap(TypedDict):
    """The bootstrap's settings, passed alike to every arm's summary and comparison."""

    samples: int
    confidence: float
    seed: int


@dataclass
class ArmScores:
    """Scores of one arm: per evaluation a ``(seeds, items)`` matrix, plus training sizes."""

    arm: ArmSpec
    scores: dict[str, list[np.ndarray]] = field(default_factory=dict)
    sizes: list[dict[str, int]] = field(default_factory=list)


CURVE_HEADER = ("arm", "synthetic items", "synthetic share", "mean", "95% CI",
                "diff vs baseline [95% CI]")
HEADER = ("eval", "arm", "train (real + syn)", "mean", "95% CI", "per seed",
          "diff vs baseline", "diff 95% CI")


@dataclass(frozen=True, slots=True)
class Comparison:
    """``arm - baseline`` on one evaluation, paired over items."""

    arm: str
    baseline: str
    difference: Interval
    verdict: str


@dataclass(frozen=True, slots=True)
class EvalResult:
    name: str
    metric: str
    n_items: int
    arms: list[ArmSummary]
    comparisons: list[Comparison]
    scores: dict[str, list[list[float]]]  # arm -> per seed -> per item
    item_ids: list[str]  # where each item is in its source (line, row or record id)
    curve: list[CurvePoint] = field(default_factory=list)  # with `curve:` in the experiment
    best: str | None = None  # the verdict on the curve's best setting


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    name: str
    student: dict[str, Any]
    seeds: list[int]
    baseline: str
    sizes: dict[str, list[dict[str, int]]]  # arm -> per seed {real, synthetic[, label_names]}
    evals: list[EvalResult]
    seconds: float
    notes: list[str] = field(default_factory=list)  # label-space flags, curve points left out
    label_names: dict[str, float] = field(default_factory=dict)  # arm -> weight, arms with names

    @property
    def verdicts(self) -> list[str]:
        return ([c.verdict for ev in self.evals for c in ev.comparisons]
                + [ev.best for ev in self.evals if ev.best])

    def to_dict(self, *, with_scores: bool = True) -> dict[str, Any]:
        return {
            "experiment": self.name,
            "student": self.student,
            "seeds": self.seeds,
            "baseline": self.baseline,
            "seconds": round(self.seconds, 1),
            "verdicts": self.verdicts,
            "notes": self.notes,
            "evals": [{
                "name": ev.name, "metric": ev.metric, "n_items": ev.n_items,
                "arms": [{"arm": a.arm, **a.interval.to_dict(), "per_seed": a.per_seed,
                          "seed_std": a.seed_std, "train_sizes": self.sizes[a.arm],
                          **({"label_names_weight": self.label_names[a.arm]}
                             if a.arm in self.label_names else {})}
                         for a in ev.arms],
                "comparisons": [{"arm": c.arm, "baseline": c.baseline,
                                 **c.difference.to_dict(), "verdict": c.verdict}
                                for c in ev.comparisons],
                **({"curve": [p.to_dict() for p in ev.curve], "best": ev.best}
                   if ev.curve else {}),
                **({"item_ids": ev.item_ids, "item_scores": ev.scores} if with_scores else {}),
            } for ev in self.evals],
        }

    def rows(self) -> list[list[str]]:
        """One row per evaluation and arm, shared by the Markdown and the terminal table."""
        out = []
        for ev in self.evals:
            diffs = {c.arm: c.difference for c in ev.comparisons}
            for a in ev.arms:
                iv = a.interval
                size = self.sizes[a.arm][0]
                d = diffs.get(a.arm)
                out.append([
                    ev.name, a.arm, self._train_cell(a.arm, size),
                    f"{iv.value:.3f}", f"[{iv.low:.3f}, {iv.high:.3f}]",
                    " ".join(f"{s:.3f}" for s in a.per_seed),
                    "(baseline)" if d is None else f"{d.value:+.3f}",
                    "" if d is None else f"[{d.low:+.3f}, {d.high:+.3f}]",
                ])
        return out

    def _train_cell(self, arm: str, size: dict[str, int]) -> str:
        """``real + synthetic``, then the label names and their weight where the arm adds
        them, so a reader sees what else the arm trained on."""
        cell = f"{size['real']} + {size['synthetic']}"
        if arm not in self.label_names:
            return cell
        weight = self.label_names[arm]
        return cell + f" + {size['label_names']} label names" + (
            f" (weight {weight:g})" if weight != 1 else "")

    def to_markdown(self) -> str:
        metric = ", ".join(sorted({ev.metric for ev in self.evals}))
        lines = [f"# Experiment {self.name}", "",
                 (f"Student: `{self.student.get('kind')}`; metric: {metric}; seeds: "
                  f"{', '.join(map(str, self.seeds))}; baseline: {self.baseline}. Means are over "
                  "seeds; intervals are percentile bootstraps over evaluation items, and "
                  "differences are paired item by item."), "",
                 "| " + " | ".join(HEADER) + " |",
                 "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows()]
        for ev in self.evals:
            if ev.curve:
                lines += ["", f"## Curve on {ev.name}", "", "| " + " | ".join(CURVE_HEADER) + " |",
                          "|" + "---|" * len(CURVE_HEADER)]
                lines += ["| " + " | ".join(row) + " |" for row in curve_rows(ev.curve)]
        lines += ["", "## Verdict", ""] + [f"- {v}" for v in self.verdicts]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def show(self, console: Console) -> None:
        """The table and the plain verdicts, for a terminal."""
        from rich.markup import escape

        console.print(self.table())
        for line in self.verdicts:
            console.print(f"[bold]verdict:[/] {escape(line)}")
        for line in self.notes:
            console.print(f"[yellow]note:[/] {escape(line)}")

    def table(self) -> Table:
        from rich.table import Table

        table = Table(title=f"experiment {self.name}")
        for col in HEADER:
            table.add_column(col, justify="left" if col in ("eval", "arm") else "right")
        for row in self.rows():
            table.add_row(*row)
        return table

    def save(self, out: Path) -> tuple[Path, Path]:
        """Write ``results.json`` and ``results.md`` into ``out``."""
        out.mkdir(parents=True, exist_ok=True)
        js, md = out / "results.json", out / "results.md"
        js.write_bytes(orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2
                                    | orjson.OPT_SERIALIZE_NUMPY))
        md.write_text(self.to_markdown(), encoding="utf-8")
        return js, md


def curve_rows(points: list[CurvePoint]) -> list[list[str]]:
    """One Markdown row per curve point."""
    rows = []
    for p in points:
        m, d = p.metric, p.difference
        rows.append([p.arm, str(p.n_synthetic), f"{p.share:.0%}", f"{m.value:.3f}",
                     f"[{m.low:.3f}, {m.high:.3f}]",
                     "(baseline)" if d is None
                     else f"{d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]"])
    return rows


def summarize(
    exp: ExperimentSpec, evals: list[EvalSet], results: dict[str, ArmScores], *, seconds: float,
    notes: list[str] | None = None,
) -> ExperimentResult:
    """Turn raw per-item scores into arm summaries, paired comparisons and verdicts."""
    boot: _Bootstrap = {"samples": exp.bootstrap.samples, "confidence": exp.bootstrap.confidence,
            "seed": exp.seed}
    base = exp.baseline_arm
    out = []
    for ev in evals:
        mats = {name: np.stack(r.scores[ev.name]) for name, r in results.items()}
        arms = [summarize_arm(name, m, **boot) for name, m in mats.items()]
        comps = []
        for name, m in mats.items():
            if name == base:
                continue
            diff = paired_difference(m, mats[base], **boot)
            comps.append(Comparison(name, base, diff,
                                    verdict(diff, arm=name, baseline=base, metric=ev.metric)))
        points: list[CurvePoint] = []
        best = None
        if exp.curve is not None:
            shares = {a.name for a in exp.arms if a.share is not None}
            points = curve_points(arms, {c.arm: c.difference for c in comps},
                                  {n: r.sizes for n, r in results.items()}, baseline=base,
                                  curve_arms=exp.curve_arms, shares=shares)
            best = best_verdict(points, eval_name=ev.name, metric=ev.metric)
        out.append(EvalResult(ev.name, ev.metric, len(ev.items), arms, comps,
                              {name: m.tolist() for name, m in mats.items()},
                              [str(it["id"]) for it in ev.items], points, best))
    return ExperimentResult(
        name=exp.name, student=exp.student.model_dump(mode="json"), seeds=exp.seed_list,
        baseline=base, sizes={n: r.sizes for n, r in results.items()}, evals=out,
        seconds=seconds, notes=list(notes or []),
        label_names={a.name: a.label_names for a in exp.arms if a.label_names})
