"""checks.neighbours.memorised on literal probe outcomes: one outcome on every probe whose
answer moved, that the tested calls show to be no answer, is a memorised solution; answers
that vary are not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from synthloop.checks.neighbours import Probe, Probed, memorised


def probe(tested: list[str], outcomes: list[str], source: str = "=6") -> Probe:
    return Probe(tested, [Probed(f"{i}", o, source) for i, o in enumerate(outcomes)])


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
    found = Probe(["=5", "=0", "=10"], [Probed("5, 1, 10", "=5", "=5"),
                                        Probed("6, 0, 10", "=None", "=5"),
                                        Probed("4, 0, 10", "=None", "=5"),
                                        Probed("-2, 0, 10", "=None", "=0")])
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


def clamp_probes(answer: Callable[[int, int, int], int]) -> Probe:
    """clamp(x, 0, 10) tested at x = 5, -3, 12; probed at x a little off and at lo one more,
    answered by ``answer``, as the harness reports them."""
    tested = [(5, 5), (-3, 0), (12, 10)]
    probed = []
    for origin, (x, then) in enumerate(tested):
        source_echoes = tuple(str(i) for i, a in enumerate((x, 0, 10)) if a == then)
        for args, changed in [((x + 1, 0, 10), "0"), ((x - 1, 0, 10), "0"),
                              ((x + 2, 0, 10), "0"), ((x, 1, 10), "1")]:
            now = answer(*args)
            echoes = tuple(str(i) for i, a in enumerate(args) if a == now)
            probed.append(Probed(", ".join(map(str, args)), f"={now}", f"={then}", origin,
                                 changed, echoes, source_echoes))
    return Probe([f"={then}" for _, then in tested], probed)


def test_a_table_that_hands_back_its_first_argument_is_memorised() -> None:
    found = clamp_probes(lambda x, lo, hi: {-3: 0, 12: 10}.get(x, x))
    assert memorised(found) == (
        "the solution passes its 3 tested calls but returns its 1st argument unchanged on all "
        "6 inputs next to tested calls that answered otherwise, e.g. (-2, 0, 10); (-4, 0, 10); "
        "(-1, 0, 10): it knows the tests' answers, not the task")


def test_a_right_solution_that_is_the_identity_near_some_tests_is_not_memorised() -> None:
    # clamp itself answers x near 5, and 0 or 10 near -3 and 12
    assert memorised(clamp_probes(lambda x, lo, hi: max(lo, min(x, hi)))) is None


def test_fixed_points_next_to_some_tested_inputs_are_not_memorised() -> None:
    # the next prime >= n, tested at 8, 14, 24: 7, 13 and 23 are their own answer, 9, 15 and
    # 25 are not
    found = Probe(["=11", "=17", "=29"], [
        Probed(f"{n}", f"={m}", f"={src}", origin, "0", ("0",) if n == m else ())
        for origin, (src, pairs) in enumerate([(11, [(9, 11), (7, 7), (10, 11)]),
                                               (17, [(15, 17), (13, 13), (16, 17)]),
                                               (29, [(25, 29), (23, 23), (26, 29)])])
        for n, m in pairs])
    assert memorised(found) is None
