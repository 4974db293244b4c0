"""The numbers a run is judged by: the funnel per stage, coverage against the target, and a
lineage summary. Plain data here; `render` turns them into rich tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

# CoverageRow and FunnelRow are named here too: the rows these functions return
from synthloop.counts import CoverageRow as CoverageRow
from synthloop.counts import FunnelRow as FunnelRow
from synthloop.counts import StageCounts
from synthloop.plan.sampler import Cell, cell_text, make_plan
from synthloop.plan.shortfall import kept_per_cell, short_cells
from synthloop.config.spec import Spec
from synthloop.store import RunStore


def funnel(store: RunStore) -> list[FunnelRow]:
    """One row per stage, and a ``human`` row once anyone has reviewed records (it counts the
    reviewed records that the machine checks had accepted)."""
    rows = [
        FunnelRow(p.name, p.counts, store.rejection_reasons(p.name))
        for p in store.all_progress()
    ]
    if not store.decision_count():  # the review modules load only for a reviewed run
        return rows
    from synthloop.validate.human.decisions import HUMAN, HumanLayer

    human = HumanLayer(store).funnel_counts()
    if human is not None:
        reviewed, passed, rejected, edited = human
        rows.append(FunnelRow(HUMAN, StageCounts(reviewed, passed, rejected, 0, edited),
                              store.rejection_reasons(HUMAN)))
    return rows


@dataclass
class TargetCount:
    """Accepted records against the plan: in all, and each cell kept below its planned count
    as (cell, planned, kept)."""

    planned: int
    kept: int
    short: list[tuple[Cell, int, int]]

    SHOWN = 6  # cells named in the line; the rest are counted

    def missed(self) -> str:
        """``target missed: kept K of N planned (cell ...: k of n; ...)``, or "" when every
        cell kept its planned count."""
        if not self.short:
            return ""
        line = f"target missed: kept {self.kept:,} of {self.planned:,} planned"
        if self.short[0][0] == ():  # no axes: the one cell is the whole
            return line
        cells = "; ".join(f"{cell_text(cell)}: {kept} of {want}" for cell, want, kept in
                          self.short[:self.SHOWN])
        more = len(self.short) - self.SHOWN
        return (f"{line} (cell{'s' if len(self.short) > 1 else ''} {cells}"
                f"{f'; {more} more cells short' if more > 0 else ''})")


def target_count(store: RunStore, spec: Spec) -> TargetCount | None:
    """Planned against kept, per cell; None for a run from a source (no target)."""
    if spec.target is None:
        return None
    plan = make_plan(spec.target)
    kept = kept_per_cell(store, plan)
    short = [(cell, want, kept[cell]) for cell, want in short_cells(plan, kept).items()]
    return TargetCount(plan.size, sum(kept.values()), short)


def coverage(store: RunStore, spec: Spec) -> list[CoverageRow]:
    """Target vs achieved share of accepted records, per value of every plan axis."""
    if spec.target is None:
        return []
    plan = make_plan(spec.target)
    achieved = kept_per_cell(store, plan)
    total = sum(achieved.values())
    rows = []
    for axis in plan.keys:
        values = sorted({dict(c)[axis] for c in plan.shares})
        for value in values:
            t_share = sum(s for c, s in plan.shares.items() if dict(c)[axis] == value)
            t_count = sum(n for c, n in plan.counts.items() if dict(c)[axis] == value)
            a_count = sum(n for c, n in achieved.items() if dict(c).get(axis) == value)
            rows.append(CoverageRow(axis, value, t_share, a_count / total if total else 0.0,
                                    t_count, a_count))
    return rows


def lineage_summary(store: RunStore) -> list[dict[str, Any]]:
    """Accepted records per producer (stage, recipe, teacher/simulator and parameters)."""
    return [{"stage": prod["stage"], "recipe": prod["recipe"], "producer": prod["producer"],
             "records": n} for prod, n in store.accepted_per_producer()]
