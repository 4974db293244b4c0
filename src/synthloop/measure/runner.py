"""Run an experiment: for every seed and arm, train the student and score every evaluation.

Per seed, the real training data is drawn once (``per_label``/``sample``) and the synthetic data
shuffled once, each then ordered so that its prefixes keep the labels even
(:func:`~synthloop.measure.data.balanced`); every arm of that seed takes prefixes of those
draws, so arms of one seed differ only in what the experiment varies, and the real items of
"real+synthetic" are exactly those of "real-only". Evaluation sets are drawn once for the whole
experiment.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synthloop.cache_dirs import cache_dir
from synthloop.config.students import CausalLMSFTSpec, StudentConfig
from synthloop.errors import DataError
from synthloop.measure.data import Item, balanced, draw, load_items
from synthloop.measure.experiment import ArmSpec, ExperimentSpec
from synthloop.measure.label_names import check_label_names, name_items
from synthloop.measure.labels import check_label_space, label_set, labelled, restrict
from synthloop.measure.results import ArmScores, ExperimentResult, summarize
from synthloop.measure.students import EvalSet, Student, build_student

Progress = Callable[[str], None]
SyntheticLoader = Callable[[Sequence[str]], list[Item]]


@dataclass
class TrainingSet:
    """What one arm trains on in one seed, and how much of each kind (real items first, then
    synthetic, then label names)."""

    items: list[Item]
    n_real: int
    n_synthetic: int
    #: one per item (real 1, synthetic the arm's ``synthetic_weight``, label names its
    #: ``label_names``); None: all weigh 1
    weights: list[float] | None = None
    n_names: int = 0


def _weighted(arm: ArmSpec, real: list[Item], synthetic: list[Item],
              names: Sequence[Item]) -> TrainingSet:
    names = list(names) if arm.label_names else []
    weights = ([1.0] * len(real) + [arm.synthetic_weight] * len(synthetic)
               + [arm.label_names] * len(names))
    return TrainingSet(real + synthetic + names, len(real), len(synthetic),
                       None if all(w == 1 for w in weights) else weights, len(names))


def compose(arm: ArmSpec, real: list[Item], synthetic: list[Item],
            names: Sequence[Item] = ()) -> TrainingSet:
    """The arm's training set from this seed's real and synthetic draws (prefixes of each),
    and the label-name items when the arm asks for them."""
    if arm.share is not None:
        want = round(arm.share * len(real))
        if want > len(synthetic):
            raise DataError(f"arm {arm.name!r} needs {want} synthetic items; only "
                            f"{len(synthetic)} are available (accepted records)")
        return _weighted(arm, real[:len(real) - want], synthetic[:want], names)
    n_real = len(real) if arm.real == "all" else min(arm.real, len(real))
    if arm.real != "all" and arm.real > len(real):
        raise DataError(f"arm {arm.name!r} asks for {arm.real} real items; only {len(real)} "
                        "are available")
    if arm.ratio is not None:
        want = round(arm.ratio * n_real)
    else:
        want = len(synthetic) if arm.synthetic == "all" else int(arm.synthetic)
    if want > len(synthetic):
        raise DataError(f"arm {arm.name!r} needs {want} synthetic items; only "
                        f"{len(synthetic)} are available (accepted records); generate more or "
                        "lower the size")
    return _weighted(arm, real[:n_real], synthetic[:want], names)


def run_experiment(
    exp: ExperimentSpec,
    *,
    synthetic: SyntheticLoader | None = None,
    student: Student | None = None,
    progress: Progress | None = None,
    workdir: Path | None = None,
) -> ExperimentResult:
    """Train and score every arm for every seed; return the summarized result.

    ``synthetic`` loads the synthetic items, given the fields the student needs (a spec's own
    run, when measuring is a stage); otherwise they are read from ``exp.synthetic``.
    ``student`` overrides the one the spec builds (tests inject fakes this way).
    """
    say = progress or (lambda _msg: None)
    cache_dir = exp.resolve(exp.cache_dir) if exp.cache_dir else default_cache_dir()
    student = student or build_student(_resolved_student(exp), cache_dir)
    workdir = workdir or cache_dir / "work" / exp.name
    evals = [
        EvalSet(ev.name, ev.metric, draw(
            load_items(ev, exp.resolve(ev.where), student.eval_fields(ev.metric)),
            per_label=ev.per_label, sample=ev.sample, rng=np.random.default_rng(exp.seed),
            keep_order=True))
        for ev in exp.evals
    ]
    if synthetic is not None:
        syn_all = synthetic(student.train_fields)
    else:
        syn_all = [it for src in exp.synthetic
                   for it in load_items(src, exp.resolve(src.where), student.train_fields)]
    real_all = (load_items(exp.real, exp.resolve(exp.real.where), student.train_fields)
                if exp.real is not None else [])
    if exp.labels == "evaluation" and all(labelled(e.items) for e in evals):
        wanted = set().union(*(label_set(e.items) for e in evals))
        real_all = restrict(real_all, wanted) if labelled(real_all) else real_all
        syn_all = restrict(syn_all, wanted) if labelled(syn_all) else syn_all
    say(f"{len(syn_all)} synthetic items, {len(real_all)} real items, "
        f"{', '.join(f'{e.name}: {len(e.items)} items' for e in evals)}")
    notes = check_label_space(exp.arms, real_all, syn_all, {e.name: e.items for e in evals})
    exp, dropped = _fit_curve(exp, real_all, syn_all)
    notes += dropped
    _check_arms(exp, real_all, syn_all)
    _check_weights(exp, student)
    check_label_names(exp, student, real_all)
    names = name_items(real_all) if any(a.label_names for a in exp.arms) else []
    student.setup()
    results = {arm.name: ArmScores(arm) for arm in exp.arms}
    started = time.monotonic()
    for seed in exp.seed_list:
        rng = np.random.default_rng([exp.seed, seed])
        real = (balanced(draw(real_all, per_label=exp.real.per_label, sample=exp.real.sample,
                              rng=rng), rng) if exp.real is not None else [])
        syn = balanced(draw(syn_all, per_label=None, sample=None, rng=rng), rng)
        for arm in exp.arms:
            train = compose(arm, real, syn, names)
            t0 = time.monotonic()
            weighted = {} if train.weights is None else {"weights": train.weights}
            scores = student.run(train.items, evals, seed=seed,
                                 workdir=workdir / f"{arm.name}-seed{seed}", **weighted)
            acc = results[arm.name]
            for ev in evals:
                acc.scores.setdefault(ev.name, []).append(_checked(scores, ev, arm.name))
            acc.sizes.append({"real": train.n_real, "synthetic": train.n_synthetic,
                              **({"label_names": train.n_names} if train.n_names else {})})
            shown = ", ".join(f"{ev.name} {scores[ev.name].mean():.3f}" for ev in evals)
            named = f" + {train.n_names} label names" if train.n_names else ""
            say(f"seed {seed} {arm.name}: {train.n_real} real + {train.n_synthetic} synthetic"
                f"{named} -> {shown} ({time.monotonic() - t0:.1f}s)")
    return summarize(exp, evals, results, seconds=time.monotonic() - started, notes=notes)


def _fit_curve(exp: ExperimentSpec, real_all: list[Item],
               syn_all: list[Item]) -> tuple[ExperimentSpec, list[str]]:
    """The experiment without the curve points there are too few synthetic items for, and a
    note for each (a curve's last points are a wish, not a requirement)."""
    real = _real_draw(exp, real_all)
    keep, notes = [], []
    for arm in exp.arms:
        try:
            compose(arm, real, syn_all)
        except DataError:
            if arm.name in exp.curve_arms:
                notes.append(f"curve point {arm.name!r} left out: it needs more than the "
                             f"{len(syn_all)} synthetic items there are")
                continue
        keep.append(arm)
    return (exp.model_copy(update={"arms": keep}), notes) if notes else (exp, [])


def _real_draw(exp: ExperimentSpec, real_all: list[Item]) -> list[Item]:
    """The real draw of seed 0 (its size does not depend on the seed)."""
    return (draw(real_all, per_label=exp.real.per_label, sample=exp.real.sample,
                 rng=np.random.default_rng([exp.seed, 0])) if exp.real is not None else [])


def _check_arms(exp: ExperimentSpec, real_all: list[Item], syn_all: list[Item]) -> None:
    """Every arm's training set can be composed, checked before any training starts (the
    draws' sizes do not depend on the seed); one error lists every arm that cannot."""
    real = _real_draw(exp, real_all)
    problems = []
    for arm in exp.arms:
        try:
            compose(arm, real, syn_all)
        except DataError as exc:
            problems.append(str(exc))
    if problems:
        raise DataError("\n".join([*problems, "Nothing was trained."]))


def _check_weights(exp: ExperimentSpec, student: Student) -> None:
    """An arm that weighs synthetic or label-name items needs a student that takes weights
    (ignoring them would measure another arm than the one asked for)."""
    weighted = [arm.name for arm in exp.arms
                if arm.synthetic_weight != 1 or arm.label_names not in (0, 1)]
    if weighted and not student.takes_weights:
        raise DataError(f"arm(s) {', '.join(map(repr, weighted))} weigh their items "
                        "(synthetic_weight, or label_names other than true), but the student "
                        f"{exp.student.kind!r} does not weight its training items "
                        "(embedding_classifier does). Nothing was trained.")


def _checked(scores: dict[str, np.ndarray], ev: EvalSet, arm: str) -> np.ndarray:
    got = np.asarray(scores.get(ev.name, []), dtype=float)
    if got.shape != (len(ev.items),):
        raise DataError(f"student returned {got.size} scores for {len(ev.items)} items of "
                        f"{ev.name!r} (arm {arm!r})")
    return got


def _resolved_student(exp: ExperimentSpec) -> StudentConfig:
    """The student spec with a model path made relative to the experiment file."""
    spec = exp.student
    if isinstance(spec, CausalLMSFTSpec) and spec.model != "bundled":
        return spec.model_copy(update={"model": str(exp.resolve(spec.model))})
    return spec


def default_cache_dir() -> Path:
    """``$SYNTHLOOP_CACHE/measure``, else ``~/.cache/synthloop/measure``."""
    return cache_dir("measure")
