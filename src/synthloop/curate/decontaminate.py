"""``curate.decontaminate``: reject records that reproduce benchmark items.

Phase 1 is n-gram overlap as in GPT-3 (Brown et al., 2020): a record that shares any word
``ngram``-gram (13 by default; 8 is stricter) with a benchmark item is contaminated. Text is
lower-cased, split on non-word characters and, with ``numbers: true``, every digit run becomes
``0``, so copies with changed case, spacing, punctuation or quantities still match; sentences
added around a copied item do not break its n-grams. Items shorter than ``ngram`` words (short
MBPP prompts) match whole when they have at least ``min_words`` words.

Phase 2 (``paraphrase_threshold``) embeds records and items with all-MiniLM-L6-v2 and flags a
record whose cosine similarity to an item reaches the threshold: rewordings that share no long
n-gram. It costs an embedding per record, so it is off by default. :data:`PARAPHRASE_THRESHOLD`
is the calibrated value: against GSM8K test, HumanEval and MBPP, the most similar of 12,490
clean texts (Banking77 train, Self-Instruct, HH-RLHF) reaches 0.733, and of GSM8K *train*
problems (the same kind of text, other problems) 0.878; so at 0.88 none of either is flagged.

Cosine alone cannot go lower: a test item retold in the first person scores 0.85, and other
problems of the same kind score as much. What makes a retelling the *same* problem is its
quantities, so a second, lower threshold (``paraphrase_numbers_threshold``,
:data:`NUMBERS_THRESHOLD`) flags a record only where it also states the item's numbers:
their agreement (:mod:`synthloop.curate.numbers`: values, so "sixty-eight" is "$68", weighted
by rarity in the reference set, Jaccard, so a record that adds its own numbers agrees less)
must reach :data:`NUMBER_AGREEMENT`, on two shared values at least (one shared number is a
coincidence). Both were calibrated on all 7,473 GSM8K train questions against GSM8K test, on a
grid (cosine 0.70-0.78, agreement 0.6-0.8): the loosest pair that flags about 0.1% of them
(7/7,473: other problems sharing a few numbers; cosine 0.70 with agreement 0.7 flags 27
without the two-value rule). ``benchmarks/decontam_eval.py --paraphrase`` measures both
settings on the attack suite and on clean real data. A record that carries its own worked
solution states more numbers than the item and agrees less: compare the question's field
only (``fields``).

The verdict names the benchmark, the item id and the overlapping span.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import Field, field_validator, model_validator

from synthloop.curate.benchsets import (
    BUILTINS,
    Item,
    ReferenceSet,
    as_reference,
    check_reference,
    load_items,
)
from synthloop.checks.numbers import values
from synthloop.curate.dedup import compared_text
from synthloop.curate.numbers import NumberWeights
from synthloop.curate.overlap import OverlapIndex, Span, span_text
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import Pass, RecordStage, Reject, StageContext, StageParams


# Calibrated on clean data: the highest cosine of a clean text to a benchmark item is 0.878
# (see the module docstring)
PARAPHRASE_THRESHOLD = 0.88
# Below it, a record must also state the item's numbers (see the module docstring)
NUMBERS_THRESHOLD = 0.75
NUMBER_AGREEMENT = 0.75
# One shared number is a coincidence, not an identity
MIN_SHARED = 2


class DecontaminateParams(StageParams):
    """``against`` lists built-in benchmarks by name (gsm8k, humaneval, mbpp) or reference sets
    ``{name, path, fields, id_field}``; ``data_dir`` holds the built-ins' files."""

    against: list[str | ReferenceSet] = Field(min_length=1)
    data_dir: str | None = None
    fields: list[str] | None = None
    ngram: int = Field(default=13, ge=3, le=64)
    numbers: bool = True
    min_words: int = Field(default=8, ge=3)
    max_items: int = Field(default=5, ge=1, description="n-grams shared by more benchmark "
                           "items than this are boilerplate and ignored")
    paraphrase_threshold: float | None = Field(default=None, gt=0.0, le=1.0, description=(
        f"cosine to a benchmark item that flags a paraphrase (off when unset; "
        f"{PARAPHRASE_THRESHOLD} flags no clean text, see the stage's docs)"))
    paraphrase_numbers_threshold: float | None = Field(
        default=NUMBERS_THRESHOLD, gt=0.0, le=1.0, description=(
            "a lower cosine that flags a paraphrase stating the item's numbers (agreement >= "
            f"{NUMBER_AGREEMENT}); only with paraphrase_threshold; null turns it off"))

    @field_validator("against")
    @classmethod
    def _known(cls, value: list[str | ReferenceSet]) -> list[str | ReferenceSet]:
        for entry in value:
            check_reference(as_reference(entry))
        return value

    @model_validator(mode="after")
    def _data_dir(self) -> DecontaminateParams:
        builtins = [r.name for r in map(as_reference, self.against)
                    if r.path is None and r.name in BUILTINS]
        if builtins and not self.data_dir and not os.environ.get("SYNTHLOOP_BENCHMARK_DIR"):
            raise ValueError(f"built-in benchmark {builtins[0]!r} is read from local files: set "
                             f"data_dir (the folder holding {BUILTINS[builtins[0]].file}) or "
                             "$SYNTHLOOP_BENCHMARK_DIR")
        return self

    @model_validator(mode="after")
    def _thresholds(self) -> DecontaminateParams:
        low, high = self.paraphrase_numbers_threshold, self.paraphrase_threshold
        if low is not None and high is not None and low > high:
            raise ValueError(f"paraphrase_numbers_threshold ({low}) must not exceed "
                             f"paraphrase_threshold ({high}): it is the lower bar, for "
                             "records that also state the item's numbers")
        return self


@dataclass
class Reference:
    """Loaded items of every reference set with their n-gram index."""

    items: list[Item]
    sets: list[str]  # reference-set name of each item
    index: OverlapIndex
    vectors: np.ndarray | None = None
    numbers: list[frozenset[float]] | None = None  # of the embedded text of each item
    weights: NumberWeights | None = None


@dataclass(frozen=True, slots=True)
class Paraphrase:
    """The item a record paraphrases; ``agreement`` is set when its numbers decided."""

    item: int
    cosine: float
    agreement: float | None = None


def find_paraphrase(sims: np.ndarray, text: str, ref: Reference,
                    threshold: float, numbers_threshold: float | None) -> Paraphrase | None:
    """The paraphrased item given a record's text and its cosine to every item: the most
    similar item at ``threshold``, else the most similar at ``numbers_threshold`` whose
    numbers the text states (``MIN_SHARED`` of them or more, agreement >=
    ``NUMBER_AGREEMENT``). The text's numbers are read only when an item is that near."""
    best = int(sims.argmax())
    if sims[best] >= threshold:
        return Paraphrase(best, float(sims[best]))
    if numbers_threshold is None or ref.numbers is None or ref.weights is None:
        return None
    near = np.flatnonzero(sims >= numbers_threshold)
    if not len(near):
        return None
    numbers = values(text)
    for i in near[np.argsort(-sims[near])]:
        if len(numbers & ref.numbers[i]) < MIN_SHARED:
            continue
        agreement = ref.weights.agreement(numbers, ref.numbers[i])
        if agreement >= NUMBER_AGREEMENT:
            return Paraphrase(int(i), float(sims[i]), agreement)
    return None


def build_reference(refs: list[ReferenceSet], *, base: Path, data_dir: str | None,
                    index: OverlapIndex) -> Reference:
    items: list[Item] = []
    sets: list[str] = []
    for ref in refs:
        loaded = load_items(ref, base=base, data_dir=data_dir)
        items += loaded
        sets += [ref.name] * len(loaded)
    texts = [t for item in items for t in item.texts]
    owners = [i for i, item in enumerate(items) for _ in item.texts]
    index.build(texts, owners)
    return Reference(items, sets, index)


@register
class Decontaminate(RecordStage[DecontaminateParams]):
    """Rejects records that reproduce benchmark items (n-gram overlap, optionally embedding
    similarity), naming the benchmark item."""

    name = "curate.decontaminate"
    batch_size = 1024

    _ref: Reference | None = None

    def needs_embedder(self) -> bool:
        return self.params.paraphrase_threshold is not None

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        base = ctx.base_dir
        index = OverlapIndex(p.ngram, numbers=p.numbers, min_words=p.min_words,
                             max_items=p.max_items)
        self._ref = build_reference([as_reference(e) for e in p.against], base=base,
                                    data_dir=p.data_dir, index=index)
        if p.paraphrase_threshold is not None:
            from synthloop.embed import embed

            embedded = [" ".join(item.texts[:1]) for item in self._ref.items]
            self._ref.vectors = embed(embedded)
            self._ref.numbers = [values(text) for text in embedded]
            self._ref.weights = NumberWeights(self._ref.numbers)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        if self._ref is None:
            self.setup(ctx)
        texts = [compared_text(r, self.params.fields) for r in batch]
        for rec, outcome in zip(batch, self.decide(texts), strict=True):
            self.apply(rec, outcome)
        return batch

    def decide(self, texts: list[str], vectors: np.ndarray | None = None) -> list[Pass | Reject]:
        """The verdict on each text; ``vectors`` are their embeddings where the caller has
        them (a benchmark that compares settings embeds once), else they are computed."""
        ref = self._ref
        assert ref is not None, "setup() first"
        spans = ref.index.find(texts)
        similar = self._paraphrases(texts, spans, vectors)
        out: list[Pass | Reject] = []
        for text, found, near in zip(texts, spans, similar, strict=True):
            if found:
                top = found[0]
                item = ref.items[top.item]
                more = f" (+{len(found) - 1} more spans)" if len(found) > 1 else ""
                out.append(Reject("ngram_overlap", f"overlaps {ref.sets[top.item]} item "
                                  f"{item.id} on {top.words} words: "
                                  f"\"{span_text(text, top)}\"{more}"))
            elif near is not None:
                out.append(Reject("paraphrase", f"paraphrases {ref.sets[near.item]} item "
                                  f"{ref.items[near.item].id} ({self._why(near)})",
                                  score=near.cosine))
            else:
                out.append(Pass("clean"))
        return out

    def _why(self, near: Paraphrase) -> str:
        p = self.params
        if near.agreement is None:
            return f"cosine {near.cosine:.3f} >= {p.paraphrase_threshold}"
        return (f"cosine {near.cosine:.3f} >= {p.paraphrase_numbers_threshold} and states its "
                f"numbers: agreement {near.agreement:.2f} >= {NUMBER_AGREEMENT}")

    def _paraphrases(self, texts: list[str], spans: list[list[Span]],
                     vectors: np.ndarray | None) -> list[Paraphrase | None]:
        p = self.params
        ref = self._ref
        if p.paraphrase_threshold is None or ref is None or ref.vectors is None:
            return [None] * len(texts)
        from synthloop.embed import embed

        todo = [i for i, found in enumerate(spans) if not found]
        out: list[Paraphrase | None] = [None] * len(texts)
        if not todo or len(ref.vectors) == 0:
            return out
        rows = vectors[todo] if vectors is not None else embed([texts[i] for i in todo])
        sims = rows @ ref.vectors.T
        for row, i in enumerate(todo):
            out[i] = find_paraphrase(sims[row], texts[i], ref, p.paraphrase_threshold,
                                     p.paraphrase_numbers_threshold)
        return out
