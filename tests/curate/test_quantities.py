from __future__ import annotations

from synthloop.curate.quantities import QuantityIndex
from synthloop.curate.rarity import Rarity

# 100 filler items number their lines 2 to 9: those numbers weigh log(1 + 103/101) = 0.70, a
# number in one item log(104) = 4.64
LIST = frozenset({2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0})
CASTLES = frozenset({220.0, 40.0, 15.0, 12.0})
SMALL = frozenset({2.0, 3.0, 15.0})
ITEMS = [CASTLES, LIST, SMALL] + [LIST] * 100


def _index(bar: float = 0.6) -> QuantityIndex:
    return QuantityIndex(ITEMS, Rarity(ITEMS), min_shared=4, min_weight=12.0, min_mean=2.5,
                         bar=bar)


def test_a_record_stating_all_of_an_items_rare_numbers_is_that_item() -> None:
    found = _index().find(frozenset({220.0, 40.0, 15.0, 12.0, 2.0}))
    assert found is not None
    assert (found.item, found.shared) == (0, (12.0, 15.0, 40.0, 220.0))
    assert 0.6 <= found.agreement < 1.0  # the added 2 counts against it, a little


def test_one_number_missing_or_too_many_added_is_not_the_item() -> None:
    assert _index().find(frozenset({220.0, 40.0, 15.0})) is None
    assert _index().find(CASTLES | {101.0, 102.0, 103.0, 104.0}) is None
    assert _index(bar=0.45).find(CASTLES | {101.0, 102.0, 103.0, 104.0}) is not None


def test_few_or_common_numbers_are_not_indexed() -> None:
    # a numbered list states 2 to 9: many numbers, but common ones (mean weight below 2.5)
    assert _index().find(LIST) is None
    # three numbers are fewer than min_shared
    assert _index().find(SMALL) is None
