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
raises on some neighbours (a count past its list's length) and answers the others.

This asks nothing of the task (no reference, no property). On HumanEval's 164 and MBPP's 500
canonical solutions it flags none (``benchmarks/verifier_attacks.py``). Its blind spots: a
table whose fallback varies like an answer (its first argument, say), and a task that is a
table (number words to numbers) tested on every entry.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_PROBES = 3
MIN_TESTED_VALUES = 3


@dataclass(frozen=True, slots=True)
class Probe:
    """The tested calls' outcomes and, per probe, ``(call, outcome, the outcome of the tested
    call it was made from)``; an outcome is ``=<repr>`` of a value or ``!<exception class>``."""

    tested: list[str]
    probed: list[tuple[str, str, str]]


def memorised(probe: Probe) -> str | None:
    """Why the solution seems to know only the tested inputs, else None."""
    if not probe.tested:
        return None
    tested = set(probe.tested)
    everywhere = {outcome for _, outcome, _ in probe.probed}
    moved = [(call, outcome) for call, outcome, source in probe.probed if outcome != source]
    answers = {outcome for _, outcome in moved}
    if len(probe.probed) >= MIN_PROBES and len(everywhere) == 1 \
            and next(iter(everywhere)).startswith("!") and not any(t.startswith("!")
                                                                    for t in tested):
        what, shown = f"raises {next(iter(everywhere))[1:]}", "them"
        calls = [call for call, _, _ in probe.probed]
    elif len(moved) >= MIN_PROBES and len(answers) == 1 and (
            answers == {"=None"} and "=None" not in tested
            or next(iter(answers)).startswith("=") and len(tested) >= MIN_TESTED_VALUES):
        what, shown = f"returns {next(iter(answers))[1:60]}", "them that change its answer"
        calls = [call for call, _ in moved]
    else:
        return None
    return (f"the solution passes its {len(probe.tested)} tested calls but {what} on all "
            f"{len(calls)} inputs next to {shown}, e.g. "
            f"{'; '.join(f'({call})' for call in calls[:3])}: it knows the tests' answers, "
            "not the task")
