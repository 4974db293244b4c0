"""The numbers a text states, as values, and how far two texts state the same distinctive ones.

A paraphrase of a word problem may change every word, the voice and the names, but to be the
same problem it keeps the quantities: "sixty-eight dollars" is "$68", "80,000" is "80000".
:func:`values` reads digits (thousands separators and decimals) and English number words
("three", "twenty-five", "two hundred and fifty") as values. Small numbers (2, 3, 4) are
in most problems and say little; :class:`NumberWeights` weighs each value by its inverse
document frequency over a reference set, so sharing 576 and 48 counts for more than sharing
2 and 3. A hand-written reader: text2num would do the words too, but is a compiled dependency
for what is twenty lines here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty "
                                         "ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[a-z]+")
# "one" and zero are left out: "one of them", "no one" say no quantity
_TRIVIAL = frozenset({0.0, 1.0})


def values(text: str) -> frozenset[float]:
    """The numbers ``text`` states: "$80,000" -> 80000, "sixty-eight" -> 68, "1.2" -> 1.2."""
    found: set[float] = set()
    words: float | None = None  # the number words read so far
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            found.add(float(token.replace(",", "")))
        elif token in _SMALL or token in _TENS:
            value = _SMALL.get(token, _TENS.get(token, 0))
            if words is not None and _continues(words, value):
                words += value
                continue
            if words is not None:
                found.add(words)
            words = value
            continue
        elif token in _SCALES and words is not None:
            words *= _SCALES[token]
            continue
        elif token == "and" and words is not None and words >= 100:
            continue
        if words is not None:
            found.add(words)
            words = None
    if words is not None:
        found.add(words)
    return frozenset(found - _TRIVIAL)


def _continues(words: float, value: int) -> bool:
    """Whether a number word extends the number before it: "hundred five", "twenty five" do;
    "ten five", "five five" start another."""
    if words >= 100 and words % 100 == 0:
        return True
    return words % 10 == 0 and words % 100 >= 20 and value < 10


class NumberWeights:
    """Inverse document frequency of each value over a reference set's texts:
    ``log(1 + n / df)``, so a value in every text still weighs a little."""

    def __init__(self, sets: Iterable[frozenset[float]]) -> None:
        sets = list(sets)
        self._df = Counter(v for s in sets for v in s)
        self._n = len(sets)

    def weight(self, numbers: Iterable[float]) -> float:
        return sum(math.log1p(self._n / self._df.get(v, 1)) for v in numbers)

    def agreement(self, record: frozenset[float], item: frozenset[float]) -> float:
        """Weighted Jaccard of the two sets of values: 1.0 when a record states exactly the
        item's numbers, lower for each it drops or adds (rare values count most); 0.0 when
        the item states none."""
        if not item:
            return 0.0
        union = self.weight(record | item)
        return self.weight(record & item) / union if union else 0.0
