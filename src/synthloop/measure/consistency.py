"""``validate.label_consistency``: keep a synthetic labelled example only when a classifier
trained on the user's real examples assigns it its intended label, confidently.

This is LAMBADA's filter (Anaby-Tavor et al., 2020): with five real examples per class, text a
small generator writes for a label is often another label's text or none at all, and training
on it hurts; keeping only what a real-trained classifier puts in the intended class, with high
confidence, turned the same data into a gain on ATIS, TREC and WOZ.

- The classifier is the measure's ``embedding_classifier`` (MiniLM embeddings, logistic
  regression) by default, or any ``student:`` of the experiment file: a ``command`` student
  trains with your own command and its eval command writes, per item, the probability it gives
  the item's ``label``.
- A record rewritten from a real example (its ``source``, as ``generate.augment`` writes) is
  judged by the model of the fold that held that example out, so the filter never judges a
  paraphrase with a model that saw its original; other records by the model of all real data.
- It trains on the real data only (``real:``, any table synthloop reads). A record whose text is
  one of those real examples is rejected (``real_example``): the filter cannot judge what it
  trained on, and a copy adds nothing.
- The record must be the classifier's first choice (where the student gives every label's
  probability) and its label's probability must reach ``threshold``. A rewrite of a real
  example that misses this bar passes as ``like_source`` when it keeps at least
  ``source_ratio`` of its source's probability for the label (the same fold's model scoring
  both) and more than chance (one over the number of labels): the classifier gets only about
  three in four held-out real examples right (5-shot Banking77), so it misplaces a faithful
  rewrite of an example it misplaces, or nearly does; what the filter is for, a rewrite that
  drifted to another label, loses most of its source's probability for the label. Left unset, the threshold
  is set on held-out real data: the real set is split in ``folds``, each fold scored by a model
  trained on the others, and the threshold keeps ``real_recall`` of the held-out real examples
  the model classifies right. The final model trains on all the real data.
- ``top_k`` keeps instead the ``k`` most probable first-choice records of each label (LAMBADA's
  rule); that needs the whole candidate set, hence a corpus stage.

Every verdict's details hold the predicted label, its probability, the intended label's
probability and the threshold or rank; the score is the intended label's probability.

The stage lives beside the measure's students (a stage folder may not import another), and is
named for what it does to the records.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import Field

from synthloop.config.students import CommandSpec, EmbeddingClassifierSpec
from synthloop.errors import DataError
from synthloop.measure.data import Item, load_items
from synthloop.measure.experiment import DataSpec
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import CorpusStage, InputFile, Pass, Reject, StageContext, StageParams

FilterStudent = Annotated[EmbeddingClassifierSpec | CommandSpec, Field(discriminator="kind")]


class LabelConsistencyParams(StageParams):
    """``real``: the real labelled examples (``real_fields`` maps ``text``/``label`` to their
    columns); ``text_field``/``label_field``: the records' fields."""

    real: InputFile
    real_fields: dict[str, str] = Field(default_factory=dict)
    text_field: str = "text"
    label_field: str = "label"
    student: FilterStudent = Field(
        default_factory=lambda: EmbeddingClassifierSpec(kind="embedding_classifier"))
    threshold: float | None = Field(default=None, ge=0, le=1, description=(
        "minimum probability of the intended label; unset: set on held-out real data"))
    real_recall: float = Field(default=0.9, gt=0, le=1, description=(
        "share of held-out real examples (classified right) the calibrated threshold keeps"))
    top_k: int | None = Field(default=None, ge=1, description=(
        "keep the k most probable first-choice records per label instead of a threshold"))
    source_ratio: float | None = Field(default=0.5, gt=0, le=1, description=(
        "a rewrite below the bar passes (like_source) when it keeps this share of its real "
        "source's probability for the label; None: never (nor with top_k, which ranks first "
        "choices only)"))
    source_field: str | None = Field(default="source", description=(
        "the field naming the real example a record was rewritten from (generate.augment "
        "writes it): such a record is judged by a model that did not train on that example"))
    folds: int = Field(default=5, ge=2, le=20)
    seed: int = 0
    cache_dir: str | None = None


@dataclass(frozen=True, slots=True)
class Guess:
    """What the real-trained model says about one text: its first choice (None when the
    student gives only the intended label's probability) and the intended label's probability."""

    predicted: str | None
    p_predicted: float | None
    p_label: float

    @property
    def agrees(self) -> bool:
        return self.predicted is None or self.p_label >= (self.p_predicted or 0.0)


class Classifier:
    """Trains the filter's student on items and guesses about other items."""

    def __init__(self, spec: EmbeddingClassifierSpec | CommandSpec, cache_dir: Path,
                 workdir: Path) -> None:
        from synthloop.measure.students import build_student

        self.student = build_student(spec, cache_dir)
        self.workdir = workdir
        self.calls = 0

    def guesses(self, train: list[Item], items: list[Item], *, seed: int) -> list[Guess]:
        """Train on ``train``; for each item, the model's guess about its ``label``."""
        from synthloop.measure.students import EvalSet
        from synthloop.measure.students.embedding import EmbeddingClassifier

        self.calls += 1
        if not items:
            return []
        student = self.student
        if isinstance(student, EmbeddingClassifier):
            model = student.fit(train, seed=seed)
            classes = [str(c) for c in model.classes_]
            probs = student.probabilities(model, [str(it["text"]) for it in items])
            where = {c: i for i, c in enumerate(classes)}
            out = []
            for item, row in zip(items, probs, strict=True):
                best = int(np.argmax(row))
                col = where.get(str(item["label"]))
                out.append(Guess(classes[best], float(row[best]),
                                 0.0 if col is None else float(row[col])))
            return out
        workdir = self.workdir / f"call{self.calls}"
        scores = student.run(train, [EvalSet("candidates", "score", items)], seed=seed,
                             workdir=workdir)["candidates"]
        return [Guess(None, None, float(s)) for s in scores]


def split_folds(real: list[Item], folds: int, seed: int) -> list[list[int]]:
    """Indices of ``real`` in stratified folds (by label), each the held-out part of one split;
    at most as many folds as the commonest label has items, and none when every label has one
    (holding out a label's only example leaves a model that has never seen the label)."""
    import warnings

    from sklearn.model_selection import StratifiedKFold

    labels = [str(it["label"]) for it in real]
    most = max(labels.count(lab) for lab in set(labels))
    if most < 2:
        return []
    splitter = StratifiedKFold(n_splits=max(2, min(folds, most)), shuffle=True,
                               random_state=seed)
    with warnings.catch_warnings():  # a label with fewer examples than folds is expected
        warnings.simplefilter("ignore", UserWarning)
        return [list(test) for _, test in splitter.split(np.zeros(len(real)), labels)]


def held_out(real: list[Item], fold: list[int]) -> list[Item]:
    """The real items outside ``fold``: what the fold's model trains on."""
    inside = set(fold)
    return [it for i, it in enumerate(real) if i not in inside]


def held_out_guesses(classifier: Classifier, real: list[Item], folds: list[list[int]], *,
                     seed: int) -> list[Guess]:
    """Each real item's guess from a model trained on the other folds."""
    out: list[Guess | None] = [None] * len(real)
    for fold in folds:
        guesses = classifier.guesses(held_out(real, fold), [real[i] for i in fold], seed=seed)
        for i, guess in zip(fold, guesses, strict=True):
            out[i] = guess
    return [g for g in out if g is not None]


def calibrate(guesses: list[Guess], recall: float) -> float:
    """The threshold that keeps ``recall`` of the held-out real examples the model classifies
    right: the intended label's probability of the ``ceil(recall * n)``-th most probable."""
    right = np.array([g.p_label for g in guesses if g.agrees and g.p_label > 0])
    if right.size == 0:
        raise DataError("the filter's model classifies none of the held-out real examples "
                        "right, so it cannot set a threshold; give more real examples per "
                        "label or set `threshold:`")
    keep = max(1, math.ceil(recall * right.size - 1e-9))
    return float(np.sort(right)[::-1][keep - 1])


def judge(guess: Guess, label: str, threshold: float | None) -> tuple[bool, str, str]:
    """(passed, code, reason) for one record by threshold (``None``: first choice only)."""
    p = f"p {guess.p_label:.2f}"
    if not guess.agrees:
        return False, "other_label", (
            f"the real-trained classifier assigns {guess.predicted!r} (p "
            f"{guess.p_predicted:.2f}), not the intended {label!r} ({p})")
    if threshold is not None and guess.p_label < threshold:
        return False, "low_confidence", (
            f"the real-trained classifier gives {label!r} only {p}, below the threshold "
            f"{threshold:.2f}")
    bar = "" if threshold is None else f" >= threshold {threshold:.2f}"
    return True, "ok", f"the real-trained classifier assigns {label!r} ({p}{bar})"


def like_source(guess: Guess, source: Guess, ratio: float, labels: int) -> str | None:
    """Why a rewrite below the bar is placed as its real source is (see the module
    docstring), else None."""
    if guess.p_label < ratio * source.p_label or guess.p_label <= 1 / labels:
        return None
    return (f"but it keeps {guess.p_label / source.p_label:.0%} of its real source's "
            f"probability for the label ({source.p_label:.2f}; at least {ratio:.0%}), as a "
            "faithful rewrite of an example this classifier misplaces does")


@register
class LabelConsistency(CorpusStage[LabelConsistencyParams]):
    """Keeps labelled examples a classifier trained on the real data assigns to their label."""

    name = "validate.label_consistency"
    batch_size = 512

    def needs_embedder(self) -> bool:
        return self.params.student.kind == "embedding_classifier"

    def reads(self) -> tuple[str, ...]:
        return (self.params.text_field, self.params.label_field)

    def setup(self, ctx: StageContext) -> None:
        from synthloop.measure.runner import default_cache_dir

        p = self.params
        cache = ctx.resolve(p.cache_dir) if p.cache_dir else default_cache_dir()
        self.classifier = Classifier(p.student, cache, ctx.run_dir / "label_consistency")
        self.real = load_items(DataSpec(path=p.real, fields=p.real_fields), ctx.resolve(p.real),
                               ("text", "label"))
        self.real_texts = {str(it["text"]).strip() for it in self.real}
        self.real_labels = {str(it["label"]) for it in self.real}
        self.folds = split_folds(self.real, p.folds, p.seed)
        if not self.folds and (p.source_field is not None
                               or (p.threshold is None and p.top_k is None)):
            raise DataError(
                f"{p.real}: every label has a single real example, so none can be held out: "
                "no threshold can be set on held-out real data, and a rewrite's source cannot "
                "be kept from the model that judges it; set `source_field: null` (judge with "
                "the model of all the real data, which saw each source) and `threshold:` or "
                "`top_k:`, or give two or more real examples per label")
        self.fold_of = {str(self.real[i]["text"]).strip(): f
                        for f, fold in enumerate(self.folds) for i in fold}
        self.threshold = p.threshold
        self.calibration: dict[str, Any] = {"threshold": p.threshold, "from": "set"}
        if p.threshold is None and p.top_k is None:
            held = held_out_guesses(self.classifier, self.real, self.folds, seed=p.seed)
            self.threshold = calibrate(held, p.real_recall)
            right = sum(g.agrees and g.p_label > 0 for g in held)
            self.calibration = {
                "threshold": round(self.threshold, 4), "from": "held-out real data",
                "real_recall": p.real_recall, "held_out": len(held),
                "held_out_accuracy": round(right / len(held), 4)}
        self.reset_index()

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "calibration": getattr(self, "calibration", None)}

    def reset_index(self) -> None:
        self.guesses: dict[str, Guess] = {}
        self.source_guesses: dict[str, Guess] = {}
        self.labels: dict[str, str] = {}
        self.pending: dict[str, Item] = {}
        self.problems: dict[str, tuple[str, str]] = {}
        self.ranks: dict[str, tuple[int, int]] | None = None

    def _fields(self, record: Record) -> tuple[str, str]:
        p = self.params
        values = {**record.attributes, **record.data}
        return str(values.get(p.text_field) or "").strip(), str(values.get(p.label_field) or "")

    def index(self, batch: list[Record], ctx: StageContext) -> None:
        """Sort out what cannot be judged; queue the rest for one guess over all candidates
        (one training, however many batches)."""
        for record in batch:
            text, label = self._fields(record)
            if not text or not label:
                self.problems[record.id] = ("no_text", (
                    f"the record has no {self.params.text_field!r} or "
                    f"{self.params.label_field!r} to judge"))
            elif text in self.real_texts:
                self.problems[record.id] = ("real_example", (
                    "the text is one of the real examples the filter trains on; it cannot "
                    "judge it, and a copy adds nothing"))
            elif label not in self.real_labels:
                self.problems[record.id] = ("unknown_label", (
                    f"no real example has the label {label!r}, so the filter cannot judge it"))
            else:
                source = record.data.get(self.params.source_field or "")
                fold = self.fold_of.get(str(source).strip()) if source is not None else None
                self.pending[record.id] = {"text": text, "label": label, "source": source,
                                           "fold": fold}

    def _guess_pending(self) -> None:
        """Guess every queued record: one made from a real example by the model of the fold
        that held that example out, any other by the model trained on all the real data."""
        groups: dict[int | None, list[str]] = defaultdict(list)
        for rid, item in self.pending.items():
            groups[item["fold"]].append(rid)
        for fold, rids in groups.items():
            train = self.real if fold is None else held_out(self.real, self.folds[fold])
            items = [self.pending[rid] for rid in rids]
            # the sources too, labelled as their rewrites are: how the model places them
            sources = [{"text": str(it["source"]), "label": it["label"]} for it in items
                       if fold is not None]
            guesses = self.classifier.guesses(train, items + sources, seed=self.params.seed)
            for rid, item, guess in zip(rids, items, guesses, strict=False):
                self.guesses[rid] = guess
                self.labels[rid] = item["label"]
            for rid, guess in zip(rids, guesses[len(items):], strict=False):
                self.source_guesses[rid] = guess
        self.pending = {}
        self.ranks = None

    def _rank(self) -> dict[str, tuple[int, int]]:
        """Per record id, its rank among its label's first-choice records and their count."""
        by_label: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for rid, guess in self.guesses.items():
            if guess.agrees:
                by_label[self.labels[rid]].append((-guess.p_label, rid))
        ranks = {}
        for group in by_label.values():
            for rank, (_, rid) in enumerate(sorted(group), start=1):
                ranks[rid] = (rank, len(group))
        return ranks

    def decide(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        p = self.params
        self._guess_pending()
        for record in batch:
            if ctx.decided(record):
                continue
            label = self._fields(record)[1]
            if record.id in self.problems:
                self.apply(record, Reject(*self.problems[record.id]))
                continue
            guess = self.guesses[record.id]
            details = {"label": label, "predicted": guess.predicted,
                       "p_predicted": _round(guess.p_predicted), "p_label": _round(guess.p_label),
                       "threshold": _round(self.threshold)}
            passed, code, reason = judge(guess, label, self.threshold)
            source = self.source_guesses.get(record.id)
            # top-k keeps the most probable first choices: another first choice is not ranked
            if (not passed and source is not None and p.source_ratio is not None
                    and p.top_k is None):
                details["p_source"] = _round(source.p_label)
                like = like_source(guess, source, p.source_ratio, len(self.real_labels))
                if like is not None:
                    passed, code, reason = True, "like_source", f"{reason}; {like}"
            if passed and p.top_k is not None:
                rank, of = self._top_rank(record.id)
                details |= {"rank": rank, "of": of}
                if rank > p.top_k:
                    passed, code = False, "not_top_k"
                    reason = (f"{reason}, but it ranks {rank} of {of} for {label!r}; only the "
                              f"{p.top_k} most probable are kept")
                else:
                    reason = f"{reason}; rank {rank} of {of} for {label!r} (top {p.top_k} kept)"
            score = _round(guess.p_label)
            self.apply(record, Pass(code, reason, score, details) if passed else
                       Reject(code, reason, score, details))
        return batch

    def _top_rank(self, rid: str) -> tuple[int, int]:
        if self.ranks is None:
            self.ranks = self._rank()
        return self.ranks[rid]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
