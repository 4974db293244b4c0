"""A run that ends short of its target, cell by cell: planned, kept, and why the rest went.

Printed as the last lines of ``synthloop run`` (which then exits 5) and held by the API's
``RunOutcome``, so a missed target is never a silent "run complete". :func:`kept_per_cell` and
:func:`short_cells` are the one planned-against-kept computation: the report's target line and
its coverage table count with them too, so the run and the report never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from synthloop.failures import error_class
from synthloop.plan.sampler import Cell, Plan, cell_of, cell_text
from synthloop.records import Status
from synthloop.store import RunStore

TOP_REASONS = 3
SHOWN_CELLS = 12


@dataclass(frozen=True)
class CellShortfall:
    cell: Cell
    planned: int
    kept: int
    rejected: Counter[str] = field(default_factory=Counter)  # check code -> records
    quarantined: Counter[str] = field(default_factory=Counter)  # stage: error class -> records

    def line(self) -> str:
        why = [f"{what} {sum(counts.values())}: " + ", ".join(
            f"{reason} {n}" for reason, n in counts.most_common(TOP_REASONS))
            for what, counts in (("rejected", self.rejected),
                                 ("quarantined", self.quarantined)) if counts]
        return (f"{cell_text(self.cell)}: planned {self.planned}, kept {self.kept}; "
                + ("; ".join(why) or "no record was made for the rest"))


@dataclass(frozen=True)
class Shortfall:
    planned: int
    kept: int
    rounds: int
    max_rounds: int
    cells: list[CellShortfall]

    def headline(self) -> str:
        return (f"short of target: kept {self.kept:,} of {self.planned:,} planned, "
                f"{len(self.cells)} cell(s) short after {self.rounds} of {self.max_rounds} "
                "round(s)")

    def lines(self) -> list[str]:
        shown = sorted(self.cells, key=lambda c: (c.kept - c.planned, c.cell))
        out = [self.headline()]
        out += [f"  {c.line()}" for c in shown[:SHOWN_CELLS]]
        if len(shown) > SHOWN_CELLS:
            out.append(f"  ... {len(shown) - SHOWN_CELLS} more cell(s) short")
        return out


def kept_per_cell(store: RunStore, plan: Plan) -> Counter[Cell]:
    """Accepted records per cell of ``plan``."""
    kept: Counter[Cell] = Counter()
    if not plan.keys:  # one cell, whatever the attributes: a count, not a GROUP BY (whose
        # sort of every accepted row was 5% of a million-record run of no-op stages)
        accepted = store.count(Status.OK)
        if accepted:
            kept[()] = accepted
        return kept
    for attrs, n in store.attribute_counts(Status.OK):
        kept[cell_of(attrs, plan.keys)] += n
    return kept


def short_cells(plan: Plan, kept: Counter[Cell]) -> dict[Cell, int]:
    """The cells that kept fewer records than planned, in cell order, with their planned
    count."""
    return {cell: want for cell, want in sorted(plan.counts.items()) if kept[cell] < want}


def shortfall(store: RunStore, plan: Plan, max_rounds: int,
              kept: Counter[Cell] | None = None) -> Shortfall | None:
    """The cells that kept fewer accepted records than planned (``kept``: per cell, when the
    caller has just counted them), with the reasons of their other records; None when every
    cell reached its count."""
    kept = kept_per_cell(store, plan) if kept is None else kept
    short = short_cells(plan, kept)
    if not short:
        return None
    rejected: dict[Cell, Counter[str]] = {c: Counter() for c in short}
    quarantined: dict[Cell, Counter[str]] = {c: Counter() for c in short}
    for attrs, status, stage, reason, check in store.outcome_reasons():
        cell = cell_of(attrs, plan.keys)
        if cell not in short:
            continue
        if status is Status.FAILED:
            quarantined[cell][f"{stage}: {error_class(reason)}"] += 1
        else:
            rejected[cell][check or f"{stage}: {error_class(reason)}"] += 1
    cells = [CellShortfall(c, want, kept[c], rejected[c], quarantined[c])
             for c, want in short.items()]
    return Shortfall(plan.size, sum(kept.values()),
                     store.max_round() + 1, max_rounds, cells)
