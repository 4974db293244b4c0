"""``curate.memorization``: reject records that reproduce long spans of a sensitive corpus.

Synthetic data generated from documents or prompts can copy them out verbatim (private
documents in a doc-grounded QA recipe, the seed prompts of self-instruct). The user names the
corpus; a record is flagged when it reproduces at least ``min_span`` consecutive words of it
(after lower-casing and dropping punctuation). Spans are found as runs of matching word
``k``-grams, ``k = min(min_span, 13)``, so the check is one index lookup per record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from synthloop.curate.benchsets import ReferenceSet
from synthloop.curate.decontaminate import Reference, build_reference
from synthloop.curate.dedup import compared_text
from synthloop.curate.overlap import OverlapIndex, span_text
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import InputPath, Pass, RecordStage, Reject, StageContext, StageParams


class MemorizationParams(StageParams):
    """``corpus`` is a file (JSONL, Parquet or Hugging Face dataset directory) with the
    ``fields`` to compare; ``min_span`` is the shortest copied run, in words, that counts."""

    corpus: Annotated[str, InputPath("any")]
    fields: list[str] = Field(min_length=1)
    id_field: str | None = None
    format: Literal["auto", "jsonl", "parquet", "hf"] = "auto"
    record_fields: list[str] | None = None
    min_span: int = Field(default=50, ge=5)


@register
class Memorization(RecordStage[MemorizationParams]):
    """Rejects records that copy a long span of words from a sensitive corpus you name."""

    name = "curate.memorization"
    batch_size = 1024

    _ref: Reference | None = None

    def setup(self, ctx: StageContext) -> None:
        p = self.params
        ref = ReferenceSet(name=Path(p.corpus).stem, path=p.corpus, fields=p.fields,
                           id_field=p.id_field, format=p.format)
        base = ctx.base_dir
        index = OverlapIndex(min(p.min_span, 13))
        self._ref = build_reference([ref], base=base, data_dir=None, index=index)

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        if self._ref is None:
            self.setup(ctx)
        ref = self._ref
        assert ref is not None
        p = self.params
        texts = [compared_text(r, p.record_fields) for r in batch]
        for rec, text, spans in zip(batch, texts, ref.index.find(texts), strict=True):
            long = [s for s in spans if s.words >= p.min_span]
            if long:
                top = long[0]
                self.apply(rec, Reject("reproduces_corpus", f"reproduces {top.words} consecutive "
                                       f"words of {ref.items[top.item].id} (min_span "
                                       f"{p.min_span}): \"{span_text(text, top)}\"",
                                       score=float(top.words)))
            else:
                self.apply(rec, Pass())
        return batch
