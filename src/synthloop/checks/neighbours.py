"""Whether a solution that passed its tests only knows the tested inputs: the harness calls
the entry point next to them (an argument a little off, or another tested call's argument in
its place, see ``harness/python_tests.py``), and :func:`memorised` reads the outcomes.

Why: tests pin a function at a few points, and a program can pass them by knowing those
points, a lookup table of the tested inputs or an ``if`` per test, without doing the task. Such
a program has no behaviour between the points: where a probe's answer is not the answer of
the tested call it was made from, it raises (the table has no such key), returns None (no
``if`` matched) or returns one fallback value. A program that does the task behaves like one:
its answers move as its inputs do. So a solution is taken to know only the tests when every
probe (at least :data:`MIN_PROBES`) raised one exception where no tested call raised; or when
every probe whose answer moved from its tested call's (at least :data:`MIN_PROBES`) gave None
where no tested call did, or one value where the tested calls gave at least
:data:`MIN_TESTED_VALUES` different ones. Answers that did not move are left out there: an
``if x == 5`` table answers a probe that changed another argument as the test did, and so does
a right solution that ignores that argument. Exceptions count on all probes: a right solution
raises on some neighbours (a count past its list's length) and answers the others. A table
that falls back to one of its arguments (``table.get(x, x)``) answers like an identity: it is
caught where the tested calls answered something else than a number argument and every probe
that moved that argument a little from them hands it back (:func:`echoing`).

This asks nothing of the task (no reference, no property). On HumanEval's 164 and MBPP's 500
canonical solutions it flags none (``benchmarks/verifier_attacks.py``). Its blind spots: a
table whose fallback is computed like an answer (``x + 1``, say), and a task that is a table
(number words to numbers) tested on every entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

MIN_PROBES = 3
MIN_TESTED_VALUES = 3


class Probed(NamedTuple):
    """One call next to a tested one: the call as shown, its outcome, the outcome of the tested
    call it was made from (``source``), that call's index, the argument it moved a little
    (``near``: a position or a keyword's name; "" when it took another tested call's argument)
    and the number arguments each outcome is (``echoes``, ``source_echoes``). An outcome is
    ``=<repr>`` of a value or ``!<exception class>``."""

    call: str
    outcome: str
    source: str
    origin: int = -1
    near: str = ""
    echoes: tuple[str, ...] = ()
    source_echoes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Probe:
    """The tested calls' outcomes and the calls next to them."""

    tested: list[str]
    probed: list[Probed]


def memorised(probe: Probe) -> str | None:
    """Why the solution seems to know only the tested inputs, else None."""
    if not probe.tested:
        return None
    tested = set(probe.tested)
    everywhere = {p.outcome for p in probe.probed}
    moved = [p for p in probe.probed if p.outcome != p.source]
    answers = {p.outcome for p in moved}
    if len(probe.probed) >= MIN_PROBES and len(everywhere) == 1 \
            and next(iter(everywhere)).startswith("!") and not any(t.startswith("!")
                                                                    for t in tested):
        what, shown = f"raises {next(iter(everywhere))[1:]}", "them"
        calls = [p.call for p in probe.probed]
    elif len(moved) >= MIN_PROBES and len(answers) == 1 and (
            answers == {"=None"} and "=None" not in tested
            or next(iter(answers)).startswith("=") and len(tested) >= MIN_TESTED_VALUES):
        what, shown = f"returns {next(iter(answers))[1:60]}", "them that change its answer"
        calls = [p.call for p in moved]
    elif (echoed := echoing(probe)) is not None:
        what, shown = f"returns its {argument(echoed[0])} unchanged", (
            "tested calls that answered otherwise")
        calls = echoed[1]
    else:
        return None
    return (f"the solution passes its {len(probe.tested)} tested calls but {what} on all "
            f"{len(calls)} inputs next to {shown}, e.g. "
            f"{'; '.join(f'({call})' for call in calls[:3])}: it knows the tests' answers, "
            "not the task")


def echoing(probe: Probe) -> tuple[str, list[str]] | None:
    """``(argument, calls)`` when the solution hands back a number argument as it was given
    on every probe that moved it a little from a tested call that answered something else, at
    least two probes each round at least two tested calls: a table of the tests that falls
    back to its argument. A right solution with fixed points (the next prime of 7 is 7, of 8
    is 11) answers some of the neighbours of a tested input with themselves, not all."""
    for key in sorted({p.near for p in probe.probed if p.near}):
        near = [p for p in probe.probed if p.near == key and key not in p.source_echoes]
        rounds = Counter(p.origin for p in near)
        if any(key not in p.echoes for p in near) or sum(n >= 2 for n in rounds.values()) < 2:
            continue
        return key, [p.call for p in near if rounds[p.origin] >= 2]
    return None


def argument(key: str) -> str:
    """``1st argument``, ``2nd argument``... of a position; ``argument lo`` of a keyword."""
    if not key.isdigit():
        return f"argument {key}"
    n = int(key) + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} argument"
