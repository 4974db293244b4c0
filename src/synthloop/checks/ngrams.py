"""Words and n-grams of generated text, and distinct-n: the share of n-grams that are unique.
Used by ``curate.diversity`` (the corpus) and Evol-Instruct (instructions per round)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"\w+(?:'\w+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def distinct_n(docs: Sequence[Sequence[str]], n: int) -> float:
    grams = [g for doc in docs for g in ngrams(doc, n)]
    return len(set(grams)) / len(grams) if grams else 0.0
