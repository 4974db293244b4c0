"""Exact "is this a near copy of anything in the pool?" by ROUGE-L, fast for large pools.

Self-Instruct rejects a new instruction whose ROUGE-L F1 with any pool instruction reaches
0.7, and compares it with the whole pool: O(pool) LCS computations per candidate in Python, the
recipe's bottleneck as the pool grows (about 4 s per candidate at 50,000 instructions here).
This index gives exactly the same answers while computing the LCS of almost no entry.

With ``m`` query tokens, ``n`` entry tokens and ``L`` their LCS, ROUGE-L F1 is
``F = 2L / (m + n)``, and ``L <= min(m, n, s)`` where ``s`` counts the query tokens (with
multiplicity) that occur in the entry. An inverted index (token -> entry ids, numpy arrays)
gives ``s`` for every entry at once in one ``bincount`` over the query tokens' posting lists,
so ``2 min(m, n, s) / (m + n) >= t`` prunes the pool in vectorized C. The few survivors are
visited best bound first, checked with the exact multiset overlap, and only then get the
O(m n) LCS; the visit stops once no bound can beat the best score found.

Measured (``benchmarks/novelty_index.py``, 2 shared cores): pool of 50,000 instructions,
1.6 ms per check against 3,800 ms for the brute-force scan (~2,300x), 0.6 LCS per check,
identical verdicts and scores.

Tokens are ``rouge_score``'s: lowercase, runs of ``[a-z0-9]``, no stemming (Self-Instruct's
setting). ``benchmarks/novelty_index.py`` measures it against the brute-force scan.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def lcs_length(a: list[str], b: list[str]) -> int:
    """Longest common subsequence of two token lists (O(len(a) len(b)) time, O(len(b)) space)."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(a: list[str], b: list[str]) -> float:
    """ROUGE-L F1 (beta = 1) of two token lists."""
    if not a or not b:
        return 0.0
    return 2.0 * lcs_length(a, b) / (len(a) + len(b))


@dataclass(frozen=True, slots=True)
class Match:
    """The most similar pool entry: its index, text and ROUGE-L F1."""

    index: int
    text: str
    score: float


class _Growable:
    """An int32/float array with amortized O(1) append (posting lists, lengths)."""

    __slots__ = ("buf", "size")

    def __init__(self, dtype: type = np.int32) -> None:
        self.buf: npt.NDArray[np.int32 | np.float64] = np.empty(8, dtype=dtype)
        self.size = 0

    def append(self, value: float) -> None:
        if self.size == len(self.buf):
            self.buf = np.resize(self.buf, 2 * len(self.buf))
        self.buf[self.size] = value
        self.size += 1

    def view(self) -> np.ndarray:
        return self.buf[: self.size]


class NoveltyIndex:
    """A growing pool of texts answering "closest entry with ROUGE-L >= threshold"."""

    def __init__(self, threshold: float = 0.7) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.texts: list[str] = []
        self._tokens: list[list[str]] = []
        self._lengths = _Growable(np.float64)
        self._postings: dict[str, _Growable] = {}
        self.lcs_computed = 0  # for the benchmark: how much work the bounds left

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str) -> int:
        tokens = tokenize(text)
        i = len(self.texts)
        self.texts.append(text)
        self._tokens.append(tokens)
        self._lengths.append(len(tokens))
        for tok in set(tokens):
            posting = self._postings.get(tok)
            if posting is None:
                posting = self._postings[tok] = _Growable()
            posting.append(i)
        return i

    def nearest(self, text: str) -> Match | None:
        """The pool entry most similar to ``text`` if its ROUGE-L reaches the threshold."""
        query = tokenize(text)
        m = len(query)
        if m == 0 or not self.texts:
            return None
        t = self.threshold
        qcounts = Counter(query)
        lists = [(self._postings[tok].view(), c) for tok, c in qcounts.items()
                 if tok in self._postings]
        if not lists:
            return None
        ids = np.concatenate([ids for ids, _ in lists])
        weights = np.repeat([float(c) for _, c in lists], [len(ids) for ids, _ in lists])
        shared = np.bincount(ids, weights=weights, minlength=len(self.texts))
        lengths = self._lengths.view()
        bound = 2.0 * np.minimum(shared, np.minimum(lengths, m)) / (m + lengths)
        survivors = np.nonzero(bound >= t - 1e-9)[0]
        best: Match | None = None
        for i in survivors[np.argsort(-bound[survivors], kind="stable")]:
            if best is not None and bound[i] <= best.score:
                break
            tokens = self._tokens[i]
            overlap = sum(min(c, tokens.count(tok)) for tok, c in qcounts.items())
            if 2.0 * overlap / (m + len(tokens)) < t:
                continue
            self.lcs_computed += 1
            score = rouge_l(query, tokens)
            if score >= t and (best is None or score > best.score):
                best = Match(int(i), self.texts[i], score)
        return best
