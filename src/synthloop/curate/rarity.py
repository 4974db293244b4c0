"""How far two texts share what is distinctive in them: numbers, or rare words.

A paraphrase of a word problem may change every word, the voice and the names, but to be the
same problem it keeps the quantities (:func:`synthloop.checks.numbers.values` reads them); a
retelling with other numbers keeps the names, goods and units. Small numbers (2, 3, 4) and
common words ("dollars", "each") are in most problems and say little; :class:`Rarity` weighs
each value by its inverse document frequency over a reference set, so sharing 576 and 48, or
"Toula" and "cheesecakes", counts for more than sharing 2 and 3, or "buys" and "total".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class Rarity(Generic[T]):
    """Inverse document frequency of each value over a reference set's texts:
    ``log(1 + n / df)``, so a value in every text still weighs a little, and one in none
    weighs as one in a single text."""

    def __init__(self, sets: Iterable[frozenset[T]]) -> None:
        sets = list(sets)
        self._df = Counter(v for s in sets for v in s)
        self._n = len(sets)

    def weight(self, values: Iterable[T]) -> float:
        return sum(math.log1p(self._n / self._df.get(v, 1)) for v in values)

    def agreement(self, record: frozenset[T], item: frozenset[T]) -> float:
        """Weighted Jaccard of the two sets: 1.0 when a record states exactly the item's
        values, lower for each it drops or adds (rare values count most); 0.0 when the item
        states none."""
        if not item:
            return 0.0
        union = self.weight(record | item)
        return self.weight(record & item) / union if union else 0.0
