"""The label-space check: arms and evaluations must be about the same labels.

A classifier trained on labels an evaluation never has loses accuracy to them (it sometimes
predicts a label that can never be right), and an arm whose training data covers fewer of those
extra labels gains accuracy for that reason alone. The README's 10-intent smoke test did exactly
this: real data from all 77 Banking77 intents, synthetic data and the test set from 10, and
"real+synthetic helps +3.3 points" was the synthetic data pulling predictions towards the 10
tested intents; with the real data cut to the same 10 intents the answer was "hurts -2.0".

So an arm that trains on a label no evaluation has is refused (``labels: check``, the default)
or, with ``labels: evaluation``, its training items of such labels are dropped before any draw.
An arm that lacks some of an evaluation's labels is an honest result (it cannot predict them),
and is flagged in the result's notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from synthloop.errors import DataError
from synthloop.measure.data import Item
from synthloop.measure.experiment import ArmSpec

SHOWN = 5  # labels named in a message before "and N more"


def labelled(items: Sequence[Item]) -> bool:
    """Whether every item has a label (the check applies to labelled data only)."""
    return bool(items) and all(it.get("label") is not None for it in items)


def label_set(items: Sequence[Item]) -> set[str]:
    return {str(it["label"]) for it in items}


def arm_labels(arm: ArmSpec, real: Sequence[Item], synthetic: Sequence[Item]) -> set[str]:
    """The labels an arm may train on: those of the pools it draws from (label names are the
    real data's labels)."""
    out: set[str] = set()
    if arm.real != 0 or arm.label_names:
        out |= label_set(real)
    if arm.uses_synthetic:
        out |= label_set(synthetic)
    return out


def restrict(items: list[Item], labels: set[str]) -> list[Item]:
    """The items whose label is one of ``labels``."""
    return [it for it in items if str(it["label"]) in labels]


def check_label_space(
    arms: Sequence[ArmSpec], real: Sequence[Item], synthetic: Sequence[Item],
    evals: dict[str, Sequence[Item]],
) -> list[str]:
    """Raise DataError when an arm trains on labels an evaluation lacks (every such arm and
    evaluation in one message); return notes on arms that lack some evaluation labels."""
    if not all(labelled(items) for items in evals.values()):
        return []
    pools = [p for p in (real, synthetic) if p]
    if not pools or not all(labelled(p) for p in pools):
        return []
    problems, notes = [], []
    for name, items in evals.items():
        wanted = label_set(items)
        for arm in arms:
            have = arm_labels(arm, real, synthetic)
            if not have:
                continue
            extra, missing = have - wanted, wanted - have
            if extra:
                problems.append(
                    f"arm {arm.name!r} trains on {len(extra)} label(s) that evaluation "
                    f"{name!r} never has ({_names(extra)}); it has {len(wanted)} label(s)")
            if missing:
                notes.append(f"arm {arm.name!r} has no training items for {len(missing)} of "
                             f"the {len(wanted)} labels of {name!r} ({_names(missing)}): it "
                             "cannot predict them")
    if problems:
        raise DataError("\n".join([
            *problems,
            "A classifier loses accuracy to labels the evaluation never has, so arms with "
            "different label sets differ for that reason, not for their data. Give the real and "
            "synthetic data the evaluation's labels, or set `labels: evaluation` in the "
            "experiment to drop training items of other labels. Nothing was trained."]))
    return notes


def _names(labels: set[str]) -> str:
    shown = sorted(labels)[:SHOWN]
    more = len(labels) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")
