"""What a benchmark item keeps when it is translated: its digits and its people's names.

all-MiniLM-L6-v2 reads English only: a GSM8K test item in German embeds at a cosine of 0.28
to its English original, below other problems. A translation rewrites every word but keeps
"180", "110" and "Cecilia". :class:`FingerprintIndex` finds the item whose digits and names a
text states, weighted by rarity (:class:`~synthloop.curate.rarity.Rarity`) as the other
signals of :mod:`synthloop.curate.decontaminate` are. A name is a capitalised content word
that some item has capitalised too: a German noun ("Hundefutter") is capitalised but in no
item, so it is not counted against the agreement.

Calibrated on all 7,473 GSM8K train questions against GSM8K test (English, so each is what a
translated clean problem keeps: its digits and names), requiring ``min_shared`` shared
values of which ``min_names`` are names and two are numbers: weighted Jaccard >= 0.75 flags 13
(0.17%: stock names and small numbers, John's 3, 100 and 200), 0.7 flags 14, 0.8 flags 7;
without a name 59 at 0.7, with two names 1. The stage uses 4 values, a name and 0.75.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from synthloop.checks.evidence import content_words
from synthloop.curate.rarity import Rarity

# "1,200" groups thousands; "0,50" (a decimal comma, as most European languages write it) and
# "0.50" are decimals
_DIGITS = re.compile(r"\d+(?:,\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
# 0 and 1 are in most texts as "first", "one of": no evidence (as in checks.numbers.values)
_TRIVIAL = frozenset({"0", "1"})


def digits(text: str) -> frozenset[str]:
    """The numbers ``text`` writes in digits, normalised ("1,200" and "1200.0" are "1200",
    "0,50" is "0.5"): the ones a translation keeps."""
    return frozenset(f"{_number(d):g}" for d in _DIGITS.findall(text)) - _TRIVIAL


def _number(digits: str) -> float:
    grouped = len(digits.split(",")) > 1 and all(len(g) == 3 for g in digits.split(",")[1:])
    return float(digits.replace(",", "") if grouped else digits.replace(",", "."))


def capitalised(text: str) -> frozenset[str]:
    """Capitalised content words of ``text`` ("Cecilia"; "The" and "How" are stop words)."""
    words = set(content_words(text))
    return frozenset(w for w in _CAPITALISED.findall(text) if w.lower() in words)


@dataclass(frozen=True, slots=True)
class Match:
    """The item whose digits and names a text states: ``shared`` names them."""

    item: int
    agreement: float
    shared: tuple[str, ...]


class FingerprintIndex:
    """Items' digits and names, by value, with their rarity."""

    def __init__(self, texts: list[str], *, min_shared: int, min_names: int, bar: float) -> None:
        self.min_shared, self.min_names, self.bar = min_shared, min_names, bar
        self._names = frozenset(n for text in texts for n in capitalised(text))
        self._prints = [self.fingerprint(text) for text in texts]
        self._rarity: Rarity[str] = Rarity(self._prints)
        self._items: dict[str, list[int]] = defaultdict(list)
        for i, values in enumerate(self._prints):
            for value in values:
                self._items[value].append(i)

    def fingerprint(self, text: str) -> frozenset[str]:
        """``text``'s digits and the capitalised words of it that are names in some item."""
        return digits(text) | (capitalised(text) & self._names)

    def find(self, text: str) -> Match | None:
        """The item sharing the most of ``text``'s fingerprint (weighted Jaccard) where it
        reaches ``bar`` on ``min_shared`` values, ``min_names`` names and two numbers; else
        None."""
        mine = self.fingerprint(text)
        counts: dict[int, int] = defaultdict(int)
        for value in mine:
            for i in self._items.get(value, ()):
                counts[i] += 1
        best: Match | None = None
        for i, count in counts.items():
            shared = mine & self._prints[i]
            numbers = sum(v[0].isdigit() for v in shared)
            if count < self.min_shared or numbers < 2 or count - numbers < self.min_names:
                continue
            agreement = self._rarity.agreement(mine, self._prints[i])
            if agreement >= self.bar and (best is None or agreement > best.agreement):
                best = Match(i, agreement, tuple(sorted(shared)))
        return best
