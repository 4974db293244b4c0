"""Word n-gram overlap between records and a reference set (benchmarks, sensitive corpora).

The reference side is a sorted array of n-gram hashes with the item each came from; a batch of
records is shingled at once (:mod:`synthloop.curate.shingles`) and looked up with one
``searchsorted``. Only records with a hit go through Python, to turn consecutive matching
n-grams into spans ("words 12..31 reproduce item 7") that a verdict can quote.

Options that make overlap robust to light edits:

- ``numbers=True`` replaces every number by ``0`` on both sides, so a copy with reworded
  quantities ("48 clips" -> "52 clips") still matches;
- items shorter than ``n`` words but at least ``min_words`` are matched whole (a 10-word MBPP
  prompt has no 13-gram);
- n-grams found in more than ``max_items`` different items are boilerplate of the reference set
  (``from typing import List``), not evidence of copying, and are dropped;
- with ``numbers=True``, n-grams that are more than half numbers carry little evidence once
  every number reads ``0`` (GSM8K's worked arithmetic, "0 0 0 0 so the total cost is 0 0 0",
  matched train answers to test answers) and are ignored on both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from synthloop.curate.shingles import Shingles, shingle

_NUMBER = re.compile(r"\d+")  # digit runs, so "1,000" -> "0,0" keeps its word positions
TOKEN = re.compile(r"[0-9a-z_\u0080-\U0010ffff]+")  # the tokens of synthloop.curate.shingles


@dataclass(frozen=True, slots=True)
class Span:
    """Words ``start:end`` of a record that reproduce reference item ``item``."""

    item: int
    start: int
    end: int

    @property
    def words(self) -> int:
        return self.end - self.start


_ZERO_HASH = shingle(["0"], n=1).hashes[0]


def _mostly_numbers(prepared: list[str], sh: Shingles, length: int) -> npt.NDArray[np.bool_]:
    """For each shingle of ``sh`` (``length``-grams of ``prepared``): are more than half of its
    words the number placeholder?"""
    words = shingle(prepared, n=1)  # one hash per word, in order
    numeric = np.concatenate([[0], np.cumsum(words.hashes == _ZERO_HASH)])
    per_doc = np.diff(sh.offsets)
    doc = np.repeat(np.arange(len(per_doc)), per_doc)
    k = np.arange(len(sh.hashes)) - np.repeat(sh.offsets[:-1], per_doc)
    start = words.offsets[doc] + k
    width = np.minimum(length, np.diff(words.offsets)[doc])
    return np.asarray(2 * (numeric[start + width] - numeric[start]) > width, dtype=np.bool_)


@dataclass
class _Table:
    keys: np.ndarray
    owners: np.ndarray


class OverlapIndex:
    """Hashes of the word ``n``-grams of reference items, for overlap lookups."""

    def __init__(self, n: int = 13, *, numbers: bool = False, min_words: int | None = None,
                 max_items: int | None = None) -> None:
        self.n = n
        self.numbers = numbers
        self.min_words = n if min_words is None else min(min_words, n)
        self.max_items = max_items
        self._tables: dict[int, _Table] = {}

    def prepare(self, text: str) -> str:
        return _NUMBER.sub("0", text) if self.numbers else text

    def build(self, texts: list[str], owners: list[int]) -> None:
        """Index ``texts``; ``owners[i]`` is the item text ``i`` belongs to (an item may have
        several texts, such as a question and its answer)."""
        prepared = [self.prepare(t) for t in texts]
        owner_arr = np.asarray(owners, dtype=np.int64)
        words = np.array([len(TOKEN.findall(t.lower())) for t in prepared], dtype=np.int64)
        lengths = {self.n} | {int(w) for w in np.unique(words) if self.min_words <= w < self.n}
        for length in sorted(lengths):
            chosen = np.flatnonzero(words >= length) if length == self.n else \
                np.flatnonzero(words == length)
            if len(chosen) == 0:
                continue
            texts_l = [prepared[i] for i in chosen]
            sh = shingle(texts_l, n=length)
            owners_l = np.repeat(owner_arr[chosen], np.diff(sh.offsets))
            keep = self._informative(texts_l, sh, length)
            self._tables[length] = self._table(sh.hashes[keep], owners_l[keep])

    def _table(self, keys: np.ndarray, owners: np.ndarray) -> _Table:
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        pair_new = np.ones(len(keys), dtype=bool)
        pair_new[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        keys, owners = keys[pair_new], owners[pair_new]  # distinct (n-gram, item) pairs
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        if self.max_items is not None:
            starts = np.flatnonzero(first)
            items_per_key = np.diff(np.append(starts, len(keys)))
            common = np.repeat(items_per_key > self.max_items, items_per_key)
            first &= ~common
        return _Table(keys[first], owners[first])

    def _informative(self, prepared: list[str], sh: Shingles, length: int) -> np.ndarray:
        if not self.numbers:
            return np.ones(len(sh.hashes), dtype=bool)
        return ~_mostly_numbers(prepared, sh, length)

    @property
    def size(self) -> int:
        return sum(len(t.keys) for t in self._tables.values())

    def find(self, texts: list[str]) -> list[list[Span]]:
        """For each text, the maximal runs of words that reproduce some item's n-grams."""
        prepared = [self.prepare(t) for t in texts]
        found: list[list[Span]] = [[] for _ in texts]
        for length, table in self._tables.items():
            if len(table.keys) == 0:
                continue
            sh = shingle(prepared, n=length)
            pos = np.searchsorted(table.keys, sh.hashes)
            pos[pos == len(table.keys)] = 0
            hit = (table.keys[pos] == sh.hashes) & self._informative(prepared, sh, length)
            if not hit.any():
                continue
            doc_of = np.repeat(np.arange(len(texts)), np.diff(sh.offsets))
            for doc in np.unique(doc_of[hit]):
                lo, hi = sh.offsets[doc], sh.offsets[doc + 1]
                found[doc] += _runs(hit[lo:hi], table.owners[pos[lo:hi]], length)
        return [sorted(spans, key=lambda s: (-s.words, s.start)) for spans in found]


def _runs(hit: np.ndarray, owners: np.ndarray, n: int) -> list[Span]:
    """Consecutive hit positions become one span of ``run + n - 1`` words, credited to the
    item that owns most of its n-grams."""
    spans = []
    idx = np.flatnonzero(hit)
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1
    for run in np.split(idx, breaks):
        item = Counter(owners[run].tolist()).most_common(1)[0][0]
        spans.append(Span(int(item), int(run[0]), int(run[-1]) + n))
    return spans


def span_text(text: str, span: Span, limit: int = 160) -> str:
    """The words of ``span`` in ``text`` (the original, before number normalisation, which
    keeps word positions), lower-cased and without punctuation."""
    words = TOKEN.findall(text.lower())[span.start:span.end]
    shown = " ".join(words)
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."
