"""How far two texts state the same distinctive numbers.

A paraphrase of a word problem may change every word, the voice and the names, but to be the
same problem it keeps the quantities (:func:`synthloop.checks.numbers.values` reads them).
Small numbers (2, 3, 4) are in most problems and say little; :class:`NumberWeights` weighs
each value by its inverse document frequency over a reference set, so sharing 576 and 48
counts for more than sharing 2 and 3.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable


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
