"""``curate.archive``: the red-team archive over the accepted attack candidates, as a report.

Per cell (risk category x attack style) the elite is the candidate with the highest attack
success rate (ties: the earliest). The report gives what a red-team run is judged by:

- ``coverage``: cells with a candidate, and cells whose elite succeeded at least once, out of
  every cell the ``generate.red_team`` stage of the spec spans;
- ``best_asr``: each cell's elite ASR (category -> style -> rate);
- ``diversity``: 1 - the mean pairwise rapidfuzz similarity of the elites' prompts (0: all the
  same prompt, 1: nothing shared);
- the funnel of detector verdicts over every target answer (refused, minimal, off_topic, unread,
  benign, success), so a weak run shows *why* it is weak;
- ``over_refusal``: the share of benign look-alikes the target refused, with a Wilson
  interval.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from synthloop.records import Record
from synthloop.registry import get_stage, register
from synthloop.stages import ReportStage, StageContext, StageParams
from synthloop.stats import wilson


class ArchiveParams(StageParams):
    """``stage``: the label of the red-team stage whose cells the coverage counts."""

    stage: str = "generate.red_team"


def diversity(prompts: list[str]) -> float | None:
    pairs = list(itertools.combinations(prompts, 2))
    if not pairs:
        return None
    return round(1 - sum(fuzz.ratio(a, b) for a, b in pairs) / 100 / len(pairs), 3)


@register
class Archive(ReportStage[ArchiveParams]):
    """Coverage, best attack-success rate per cell and diversity of a red-team archive."""

    name = "curate.archive"

    def reads(self) -> tuple[str, ...]:
        return ("prompt", "category", "style", "asr")

    def _cells(self, ctx: StageContext) -> int | None:
        """Categories x styles of the red-team stage, read through its own parameters (the
        registry's class, so its defaults count) rather than by importing the generator."""
        for stage in ctx.spec.stages if ctx.spec is not None else []:
            if stage.label == self.params.stage:
                p = get_stage(stage.use).Params(**stage.params).model_dump()
                return len(p["categories"]) * len(p["styles"])
        return None

    @classmethod
    def tables(cls, label: str, report: dict[str, Any]) -> list[Any]:
        return archive_tables(label, report)

    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        elites: dict[tuple[str, str], Record] = {}
        verdicts: Counter[str] = Counter()
        benign = refused = candidates = 0
        for rec in records:
            if "asr" not in rec.data:
                continue
            candidates += 1
            key = (rec.data["category"], rec.data["style"])
            if key not in elites or rec.data["asr"] > elites[key].data["asr"]:
                elites[key] = rec
            verdicts.update(d["code"] for d in rec.data.get("detections", []))
            if "benign_refused" in rec.data:
                benign += 1
                refused += bool(rec.data["benign_refused"])
        best: dict[str, dict[str, float]] = {}
        for (category, style), rec in sorted(elites.items()):
            best.setdefault(category, {})[style] = rec.data["asr"]
        over = wilson(refused, benign)
        return {
            "candidates": candidates,
            "cells": self._cells(ctx),
            "cells_filled": len(elites),
            "cells_with_success": sum(r.data["asr"] > 0 for r in elites.values()),
            "best_asr": best,
            "diversity": diversity([r.data["prompt"] for r in elites.values()]),
            "detector_verdicts": dict(verdicts),
            "over_refusal": {"rate": over.value, "low": over.low, "high": over.high,
                             "n": over.n},
            "elites": [{"category": c, "style": s, "asr": r.data["asr"], "id": r.id,
                        "prompt": r.data["prompt"]} for (c, s), r in sorted(elites.items())],
        }


def archive_tables(label: str, report: dict[str, Any]) -> list[Any]:
    """The red-team archive: best attack-success rate per cell (category x style), then the
    coverage, diversity, detector and over-refusal figures."""
    from rich.markup import escape
    from rich.table import Table  # only when shown: rich is slow to import

    styles = sorted({style for row in report["best_asr"].values() for style in row})
    grid = Table(title=f"Red-team archive ({label}): best attack-success rate per cell",
                 title_justify="left")
    grid.add_column("category")
    for style in styles:
        grid.add_column(style, justify="right")
    for category, row in report["best_asr"].items():
        grid.add_row(escape(category), *(f"{row[s]:.0%}" if s in row else "-" for s in styles))
    facts = Table(title_justify="left", show_header=False)
    facts.add_column("metric")
    facts.add_column("value", justify="right")
    cells = report["cells"]
    facts.add_row("cells filled", f"{report['cells_filled']}" + (f" of {cells}" if cells else ""))
    facts.add_row("cells with a successful attack", str(report["cells_with_success"]))
    facts.add_row("candidates", f"{report['candidates']:,}")
    div = report["diversity"]
    facts.add_row("elites' diversity (1 - mean pairwise similarity)",
                  "-" if div is None else f"{div:.3f}")
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(report["detector_verdicts"].items()))
    facts.add_row("detector verdicts on target answers", verdicts or "-")
    over = report["over_refusal"]
    facts.add_row("over-refusal on benign look-alikes (95% CI)",
                  f"{over['rate']:.0%} [{over['low']:.0%}, {over['high']:.0%}] of {over['n']}"
                  if over["n"] else "-")
    return [grid, facts]
