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
clean texts (Banking77 train, Self-Instruct, HH-RLHF) reaches 0.733, and of 2,000 GSM8K *train*
problems (the same kind of text, other problems) 0.878; so at 0.88 none of either is flagged.
A test item reworded scores 0.95 against it; the same item retold in the first person, 0.85,
and passes (``benchmarks/attack_suites.py``): a rewording that changes the story's voice or
nouns falls below any threshold that keeps same-domain problems clean.

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
from synthloop.curate.dedup import compared_text
from synthloop.curate.overlap import OverlapIndex, Span, span_text
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import Pass, RecordStage, Reject, StageContext, StageParams


# Calibrated on clean data: the highest cosine of a clean text to a benchmark item is 0.878
# (see the module docstring)
PARAPHRASE_THRESHOLD = 0.88


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


@dataclass
class Reference:
    """Loaded items of every reference set with their n-gram index."""

    items: list[Item]
    sets: list[str]  # reference-set name of each item
    index: OverlapIndex
    vectors: np.ndarray | None = None


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

            self._ref.vectors = embed([" ".join(item.texts[:1]) for item in self._ref.items])

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        if self._ref is None:
            self.setup(ctx)
        ref = self._ref
        assert ref is not None
        p = self.params
        texts = [compared_text(r, p.fields) for r in batch]
        spans = ref.index.find(texts)
        similar = self._paraphrases(texts, spans)
        for rec, text, found, near in zip(batch, texts, spans, similar, strict=True):
            if found:
                top = found[0]
                item = ref.items[top.item]
                more = f" (+{len(found) - 1} more spans)" if len(found) > 1 else ""
                self.apply(rec, Reject("ngram_overlap", f"overlaps {ref.sets[top.item]} item "
                                       f"{item.id} on {top.words} words: "
                                       f"\"{span_text(text, top)}\"{more}"))
            elif near is not None:
                item_idx, cosine = near
                self.apply(rec, Reject("paraphrase", f"paraphrases {ref.sets[item_idx]} item "
                                       f"{ref.items[item_idx].id} (cosine {cosine:.3f} >= "
                                       f"{p.paraphrase_threshold})", score=cosine))
            else:
                self.apply(rec, Pass("clean"))
        return batch

    def _paraphrases(self, texts: list[str],
                     spans: list[list[Span]]) -> list[tuple[int, float] | None]:
        p = self.params
        ref = self._ref
        if p.paraphrase_threshold is None or ref is None or ref.vectors is None:
            return [None] * len(texts)
        from synthloop.embed import embed

        todo = [i for i, found in enumerate(spans) if not found]
        out: list[tuple[int, float] | None] = [None] * len(texts)
        if not todo or len(ref.vectors) == 0:
            return out
        sims = embed([texts[i] for i in todo]) @ ref.vectors.T
        best = sims.argmax(axis=1)
        for row, i in enumerate(todo):
            cosine = float(sims[row, best[row]])
            if cosine >= p.paraphrase_threshold:
                out[i] = (int(best[row]), cosine)
        return out
