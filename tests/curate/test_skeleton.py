from __future__ import annotations

from synthloop.curate.skeleton import skeleton


def test_numbers_names_and_units_are_masked_and_the_story_is_kept() -> None:
    assert skeleton("Keiko paid $4.50 for six lollipops and 12 gallons of milk.") == (
        "someone paid N for N lollipops and N unit of milk.")
    assert skeleton("Manolo bought five lollipops; 1,200 metres, 10% off.") == (
        "someone bought N lollipops; N unit, N off.")
