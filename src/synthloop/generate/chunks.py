"""What the document-grounded recipes share: a folder of documents as chunks, and the
deterministic map from a plan slot to its chunk and to its item kind.

Slot ``i`` takes chunk ``i mod n`` (documents in path order), so a plan as large as the number
of chunks visits each chunk once and a larger one cycles. Kinds with configured shares are
dealt by the golden-ratio sequence ``frac((i + 1) * phi)``: it is deterministic per slot, and
any prefix of the slots matches the shares to within a slot or two (a seeded draw would drift by
the square root of the count).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, TypeVar

from pydantic import Field, PositiveInt

from synthloop.documents import DEFAULT_CHUNK_CHARS, DEFAULT_INCLUDE, Chunk, load_chunks
from synthloop.stages import InputPath, StageContext, StageParams

_PHI = (math.sqrt(5) - 1) / 2
K = TypeVar("K", bound=str)


class DocumentsParams(StageParams):
    """``documents``: a folder of .txt, .md, .html and .pdf files (relative to the spec), the
    files matching ``include``, cut into chunks of at most ``chunk_chars`` characters."""

    documents: Annotated[str, Field(min_length=1), InputPath("folder")]
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    chunk_chars: PositiveInt = DEFAULT_CHUNK_CHARS


def read_chunks(params: DocumentsParams, ctx: StageContext) -> list[Chunk]:
    return load_chunks(ctx.resolve(params.documents), params.include, params.chunk_chars)


def deal(index: int, shares: Mapping[K, float]) -> K:
    """The kind of slot ``index``: the golden-ratio point falls in its share's interval."""
    total = sum(shares.values())
    point = ((index + 1) * _PHI) % 1.0 * total
    for kind, share in shares.items():
        if point < share:
            return kind
        point -= share
    return [k for k, s in shares.items() if s > 0][-1]  # float rounding at the very top


def check_shares(value: Mapping[K, float]) -> Mapping[K, float]:
    """Shares are non-negative with a positive sum (they need not add to 1)."""
    if any(v < 0 for v in value.values()) or sum(value.values()) <= 0:
        raise ValueError("shares must be non-negative with a positive sum")
    return value

