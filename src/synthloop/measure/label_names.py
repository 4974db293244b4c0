"""Label-name items: one training item per label of the real data, its text the label as words.

Why: the names are free, and they help. On Banking77 with the embedding student, the 77 names
("card_arrival" -> "card arrival") as 77 more training items gained +1.79 accuracy points
[+1.42, +2.15] at 5 real examples per intent and +0.48 [+0.25, +0.72] at 10 (seeds 0-4 redraw
the real set; fresh seeds 5-9 confirmed +1.60 and +0.44), where no text of the bundled teacher
helped (``benchmarks/results/banking77/names/``). An arm with ``label_names`` is the baseline
that synthetic data has to beat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from synthloop.errors import DataError
from synthloop.label_words import label_words
from synthloop.measure.data import Item
from synthloop.measure.labels import labelled

if TYPE_CHECKING:
    from synthloop.measure.experiment import ExperimentSpec
    from synthloop.measure.students import Student

NAME_FIELDS = ("text", "label")  # all a label-name item has


def name_items(real: Sequence[Item]) -> list[Item]:
    """One item per distinct label of ``real`` (sorted), its label value kept as it is."""
    labels = sorted({it["label"] for it in real}, key=str)
    return [{"text": label_words(str(lab)), "label": lab, "id": f"label name {lab}"}
            for lab in labels]


def check_label_names(exp: ExperimentSpec, student: Student, real: Sequence[Item]) -> None:
    """Arms with ``label_names`` need a student that trains on texts and labels, and labelled
    real data to take the labels from; checked before any training starts."""
    arms = ", ".join(repr(a.name) for a in exp.arms if a.label_names)
    if not arms:
        return
    other = [f for f in student.train_fields if f not in NAME_FIELDS]
    if other:
        raise DataError(f"arm(s) {arms} set label_names, but the student {exp.student.kind!r} "
                        f"trains on {', '.join(student.train_fields)}; a label-name item is "
                        "only a text and its label (for embedding_classifier or a command). "
                        "Nothing was trained.")
    if not labelled(real):
        where = exp.real.where if exp.real is not None else "the real data"
        raise DataError(f"arm(s) {arms} set label_names, but items of {where} have no label; "
                        "map its label column with `fields: {label: <column>}`. "
                        "Nothing was trained.")
