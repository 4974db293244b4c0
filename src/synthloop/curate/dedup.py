"""``curate.dedup``: remove duplicates, keeping one member of each cluster.

``method: exact`` hashes the normalised text (case, punctuation and whitespace ignored).
Which member is kept is configurable: the ``first`` by position, the ``longest`` text, or the
highest ``score`` (a numeric data field named by ``score_field``). A record this stage already
accepted stays kept, so resumed and topped-up runs never flip an earlier decision. Rejected
records name the kept record in their reason.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import model_validator

from synthloop.curate.normalize import normalize
from synthloop.records import Record, Status, record_text
from synthloop.registry import register
from synthloop.stages import CorpusStage, StageContext, StageParams


class DedupParams(StageParams):
    """``fields`` restricts the compared text to those data fields (default: all text)."""

    method: Literal["exact"] = "exact"
    fields: list[str] | None = None
    keep: Literal["first", "longest", "score"] = "first"
    score_field: str | None = None

    @model_validator(mode="after")
    def _score_field(self) -> DedupParams:
        if self.keep == "score" and not self.score_field:
            raise ValueError("keep: score needs score_field (the data field holding the score)")
        return self


def compared_text(record: Record, fields: list[str] | None) -> str:
    if fields is None:
        return record_text(record.data)
    return "\n".join(str(record.data.get(f, "")) for f in fields)


Rank = tuple[int, float, int]


def keep_rank(record: Record, text: str, params: DedupParams, decided: bool) -> Rank:
    """Smaller is better. Records already accepted by this stage always win."""
    if params.keep == "longest":
        score = -float(len(text))
    elif params.keep == "score":
        raw = record.data.get(params.score_field or "")
        score = -float(raw) if isinstance(raw, int | float) else float("inf")
    else:
        score = 0.0
    return (0 if decided else 1, score, record.seq or 0)


@register
class Dedup(CorpusStage):
    name = "curate.dedup"
    Params = DedupParams
    batch_size = 2048

    def reset_index(self) -> None:
        self._kept: dict[bytes, tuple[Rank, str]] = {}

    def _key(self, record: Record) -> tuple[bytes, str]:
        text = compared_text(record, self.params.fields)  # type: ignore[attr-defined]
        return hashlib.blake2b(normalize(text).encode(), digest_size=16).digest(), text

    def index(self, batch: list[Record], ctx: StageContext) -> None:
        for rec in batch:
            key, text = self._key(rec)
            decided = rec.seq is not None and rec.seq <= ctx.cursor and rec.status is Status.OK
            rank = keep_rank(rec, text, self.params, decided)  # type: ignore[arg-type]
            current = self._kept.get(key)
            if current is None or rank < current[0]:
                self._kept[key] = (rank, rec.id)

    def decide(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        for rec in batch:
            key, _ = self._key(rec)
            kept = self._kept[key][1]
            if kept == rec.id:
                rec.add_verdict(self.label, f"{self.label}.unique", True)
            else:
                rec.add_verdict(self.label, f"{self.label}.exact_duplicate", False,
                                f"exact duplicate of record {kept} (same normalised text)")
        return batch
