"""Items for an experiment: read a run or a file, rename fields, draw per-label or sized samples.

An item is a flat dict of canonical fields (``text``, ``label``, ``prompt``, ``response``,
``answer``, ``tests``...) plus ``id``. Students say which fields they need; a missing one is a
DataError naming the source and the row, never a KeyError deep in training.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from synthloop.errors import DataError
from synthloop.measure.experiment import DataSpec
from synthloop.records import Status
from synthloop.store import RunStore, run_db
from synthloop.tables import Table

Item = dict[str, Any]


def load_items(spec: DataSpec, path: Path, needed: Sequence[str]) -> list[Item]:
    """All items of a source (before any ``per_label``/``sample`` draw), fields renamed."""
    rows = _run_rows(path) if spec.run is not None else _file_rows(path, spec.fields)
    return items_from_rows(rows, spec.fields, needed, source=str(path))


def items_from_rows(
    rows: Iterable[tuple[str, dict[str, Any]]],
    fields: dict[str, str],
    needed: Sequence[str],
    *,
    source: str,
) -> list[Item]:
    """Items from ``(row id, row)`` pairs: every column, plus the canonical names of
    ``fields``; every needed field must be there."""
    items: list[Item] = []
    for rid, row in rows:
        item: Item = {**row, **{name: row.get(col) for name, col in fields.items()}, "id": rid}
        for name in needed:
            if item.get(name) is None:
                column = fields.get(name, name)
                have = ", ".join(sorted(row)) or "nothing"
                raise DataError(f"{source}: {rid}: no field {column!r} (needed as {name!r}); "
                                f"it has {have}. Map it with `fields: {{{name}: <column>}}`")
        items.append(item)
    if not items:
        raise DataError(f"{source}: no items")
    return items


def _run_rows(run_dir: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    """Accepted records of a run; a record's attributes fill fields its data lacks."""
    store = RunStore(run_db(run_dir))
    try:
        return [(f"record {rec.id}", {**rec.attributes, **rec.data})
                for rec in store.iter_records(status=Status.OK)]
    finally:
        store.close()


def _file_rows(path: Path, fields: dict[str, str]) -> Iterable[tuple[str, dict[str, Any]]]:
    """``(line or row, row)`` pairs of a table; a mapped column it lacks is a DataError."""
    table = Table(path)
    table.check(fields)
    return ((row.pos, row.data) for row in table.strict_rows())


def draw(
    items: list[Item], *, per_label: int | None, sample: int | None, rng: np.random.Generator,
    keep_order: bool = False,
) -> list[Item]:
    """A random subset: ``per_label`` items of each label (all of a label that has fewer), then
    at most ``sample`` items. Shuffled, so a prefix is a random subset; with ``keep_order``
    (evaluation sets) the chosen items stay in file order, so scores line up with the file."""
    index = list(range(len(items)))
    if per_label is not None:
        by_label: dict[Any, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            if "label" not in item:
                raise DataError("`per_label:` needs a `label` field on the items")
            by_label[item["label"]].append(i)
        index = []
        for label in sorted(by_label, key=str):
            group = by_label[label]
            index.extend(group[j] for j in rng.permutation(len(group))[:per_label])
    chosen = [index[j] for j in rng.permutation(len(index))]
    if sample is not None:
        chosen = chosen[:sample]
    if keep_order:
        chosen.sort()
    return [items[i] for i in chosen]


def balanced(items: list[Item], rng: np.random.Generator) -> list[Item]:
    """``items`` reordered so that every prefix holds each label as evenly as the items allow:
    round robin over the labels (in a random order), each label's items in their given order.

    Arms take prefixes of a draw; a random prefix of labelled items skews the labels' shares
    (at 1 real Banking77 example per intent, adding 1x the real set as random copies of it lost
    2.8 accuracy points, all 8 copies 0.5), which a curve would then report as the synthetic
    data's effect. Items without a ``label`` keep their order."""
    if not items or not all("label" in it for it in items):
        return items
    by_label: dict[Any, list[Item]] = defaultdict(list)
    for item in items:
        by_label[item["label"]].append(item)
    groups = [by_label[lab] for lab in sorted(by_label, key=str)]
    order = [groups[j] for j in rng.permutation(len(groups))]
    return [group[r] for r in range(max(map(len, order))) for group in order if r < len(group)]
