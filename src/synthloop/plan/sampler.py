"""Turn the target distribution into generation slots, deterministically for a seed.

A *cell* is one combination of skill and attribute values; its target share is the product of
the skill's weight share and each attribute value's weight share, adjusted by quotas. Counts are
apportioned by the largest-remainder method so they sum exactly to the target size, and slots
are interleaved in a seeded random order so a partial run is already balanced.
"""

from __future__ import annotations

import itertools
import math
import random
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from synthloop.records import Slot, SlotBlock
from synthloop.spec import TargetSpec

Cell = tuple[tuple[str, str], ...]  # sorted (key, value) pairs: hashable attribute dict


def cell_of(attributes: dict[str, object], keys: Iterable[str]) -> Cell:
    """The cell a record belongs to, over the plan's attribute keys."""
    return tuple(sorted((k, str(attributes.get(k))) for k in keys))


def cell_text(cell: Cell) -> str:
    """``skill=money, difficulty=easy``, or ``(all)`` for a plan without axes."""
    return ", ".join(f"{k}={v}" for k, v in cell) or "(all)"


@dataclass(frozen=True)
class Plan:
    """Target share and count per cell."""

    keys: tuple[str, ...]
    shares: dict[Cell, float]
    counts: dict[Cell, int]

    @property
    def size(self) -> int:
        return sum(self.counts.values())


def _axis_weights(values: list[str] | dict[str, float]) -> dict[str, float]:
    if isinstance(values, dict):
        return dict(values)
    return {v: 1.0 for v in values}


def target_shares(target: TargetSpec) -> dict[Cell, float]:
    """Cross the taxonomy with every attribute axis; shares sum to 1 before quotas."""
    axes: list[tuple[str, dict[str, float]]] = []
    if target.taxonomy:
        axes.append(("skill", {s.skill: s.weight for s in target.taxonomy}))
    axes.extend((k, _axis_weights(v)) for k, v in target.attributes.items())
    if not axes:
        return {(): 1.0}
    shares: dict[Cell, float] = {}
    for combo in itertools.product(*(list(w.items()) for _, w in axes)):
        share = 1.0
        pairs = []
        for (axis, weights), (value, weight) in zip(axes, combo, strict=True):
            share *= weight / sum(weights.values())
            pairs.append((axis, value))
        shares[tuple(sorted(pairs))] = share
    return shares


def _apply_quotas(shares: dict[Cell, float], target: TargetSpec) -> dict[Cell, float]:
    """Scale matching cells to honour each quota's min/max count, rescaling the rest.

    Quotas are applied in order; a later quota can move an earlier one's cells.
    """
    size = target.size
    for quota in target.quotas:
        match = {k: str(v) for k, v in quota.match.items()}
        inside = [c for c in shares if all(dict(c).get(k) == v for k, v in match.items())]
        total_in = sum(shares[c] for c in inside)
        bound = None
        if quota.max is not None and total_in * size > quota.max:
            bound = quota.max / size
        if quota.min is not None and total_in * size < quota.min:
            bound = min(quota.min / size, 1.0)
        if bound is None or not inside:
            continue
        outside_total = 1.0 - total_in
        for c in shares:
            if c in inside:
                shares[c] = shares[c] / total_in * bound if total_in else bound / len(inside)
            elif outside_total > 0:
                shares[c] = shares[c] / outside_total * (1.0 - bound)
    return shares


def apportion(shares: dict[Cell, float], total: int) -> dict[Cell, int]:
    """Largest-remainder apportionment: integer counts summing to ``total``; ties broken by
    cell order so the result is deterministic."""
    norm = sum(shares.values())
    raw = {c: s / norm * total for c, s in shares.items()}
    counts = {c: math.floor(v) for c, v in raw.items()}
    left = total - sum(counts.values())
    order = sorted(raw, key=lambda c: (-(raw[c] - counts[c]), c))
    for c in order[:left]:
        counts[c] += 1
    return counts


def make_plan(target: TargetSpec) -> Plan:
    shares = _apply_quotas(target_shares(target), target)
    keys = tuple(sorted({k for cell in shares for k, _ in cell}))
    return Plan(keys=keys, shares=shares, counts=apportion(shares, target.size))


def shuffle(items: list[int], rng: random.Random) -> None:
    """``rng.shuffle(items)``, the very same order and random draws, with the draw inlined.

    ``random.shuffle`` calls ``_randbelow`` per item: a Python frame per slot, 0.84 s of a
    million-slot plan against 0.60 s inlined (timed alone, load 2; the 0.84 s were 7% of a run of
    no-op stages, ``benchmarks/pipeline_overhead.py``).
    The plan of a seed must not change, so this is CPython's Fisher-Yates and its rejection
    sampling of ``getrandbits`` (``Random._randbelow_with_getrandbits``), step for step."""
    getrandbits = rng.getrandbits
    for i in range(len(items) - 1, 0, -1):
        n = i + 1
        k = n.bit_length()
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        items[i], items[j] = items[j], items[i]


def slots_for(
    needed: dict[Cell, int], *, seed: int, start: int, round_: int
) -> SlotBlock:
    """Slots for the given per-cell counts, interleaved in a seeded order."""
    order = sorted(needed)
    cell_of = [i for i, c in enumerate(order) for _ in range(needed[c])]
    rng = random.Random(f"{seed}:{round_}")
    shuffle(cell_of, rng)
    seeds = array("q", map(rng.getrandbits, itertools.repeat(31, len(cell_of))))
    return SlotBlock(start, round_, [dict(c) for c in order], array("I", cell_of), seeds)


def first_round(plan: Plan, target: TargetSpec, seed: int) -> SlotBlock:
    """Round 0: every cell's count times ``oversample`` (rounded up)."""
    needed = {c: math.ceil(n * target.oversample) for c, n in plan.counts.items() if n > 0}
    return slots_for(needed, seed=seed, start=0, round_=0)


def top_up(
    plan: Plan, accepted: dict[Cell, int], produced: dict[Cell, int], *, seed: int, start: int,
    round_: int,
) -> Sequence[Slot]:
    """Slots for the cells still short of their count, scaled by each cell's observed yield
    (accepted per slot, at least 0.2 so a failing cell cannot explode the plan)."""
    needed = {}
    for cell, want in plan.counts.items():
        short = want - accepted.get(cell, 0)
        if short <= 0:
            continue
        tried = produced.get(cell, 0)
        rate = accepted.get(cell, 0) / tried if tried else 1.0
        needed[cell] = math.ceil(short / max(rate, 0.2))
    return slots_for(needed, seed=seed, start=start, round_=round_) if needed else []


def worst_top_up(plan: Plan) -> int:
    """The most slots one top-up round can add: every cell empty at the lowest yield."""
    return len(top_up(plan, {}, dict.fromkeys(plan.counts, 1), seed=0, start=0, round_=1))
