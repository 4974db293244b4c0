"""checks.neighbours.memorised on literal probe outcomes: one outcome on every probe whose
answer moved, that the tested calls show to be no answer, is a memorised solution; answers
that vary are not."""

from __future__ import annotations

import pytest

from synthloop.checks.neighbours import Probe, memorised


def probe(tested: list[str], outcomes: list[str], source: str = "=6") -> Probe:
    return Probe(tested, [(f"{i}", o, source) for i, o in enumerate(outcomes)])


@pytest.mark.parametrize("tested,outcomes,what", [
    (["=6", "=8"], ["!KeyError"] * 4, "raises KeyError"),
    (["='AB'", "='XY'"], ["=None"] * 3, "returns None"),
    (["=1", "=5", "=55"], ["=0"] * 5, "returns 0"),
])
def test_one_outcome_that_no_tested_call_gave_is_memorised(tested: list[str],
                                                           outcomes: list[str],
                                                           what: str) -> None:
    moved = "" if what.startswith("raises") else " that change its answer"
    assert memorised(probe(tested, outcomes)) == (
        f"the solution passes its {len(tested)} tested calls but {what} on all "
        f"{len(outcomes)} inputs next to them{moved}, e.g. (0); (1); (2): it knows the tests' "
        "answers, not the task")


def test_probes_that_keep_their_tested_answer_are_left_out() -> None:
    # an `if x == 5` table answers (5, 1, 10) as it answered (5, 0, 10); so would clamp
    found = Probe(["=5", "=0", "=10"], [("5, 1, 10", "=5", "=5"), ("6, 0, 10", "=None", "=5"),
                                        ("4, 0, 10", "=None", "=5"), ("-2, 0, 10", "=None", "=0")])
    assert memorised(found) == (
        "the solution passes its 3 tested calls but returns None on all 3 inputs next to them "
        "that change its answer, e.g. (6, 0, 10); (4, 0, 10); (-2, 0, 10): it knows the tests' "
        "answers, not the task")


@pytest.mark.parametrize("tested,outcomes", [
    (["=6", "=8"], ["!KeyError", "=7", "!KeyError"]),  # one probe answered
    (["=6", "=8"], ["!IndexError", "=6", "!IndexError", "!IndexError"]),  # one kept its answer
    (["=6", "=8"], ["!KeyError"] * 2),  # too few probes to say
    (["=6", "!ValueError"], ["!ValueError"] * 4),  # the tests expect it to raise
    (["=None", "='AB'"], ["=None"] * 4),  # None is one of its answers
    (["=True", "=False"], ["=False"] * 6),  # a predicate false near its true points
    (["=6", "=8"], ["=6"] * 6),  # nothing moved
    ([], ["!KeyError"] * 4),
])
def test_outcomes_that_vary_or_that_the_tests_show_are_not_memorised(
        tested: list[str], outcomes: list[str]) -> None:
    assert memorised(probe(tested, outcomes)) is None
