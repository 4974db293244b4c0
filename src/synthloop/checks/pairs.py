"""Pairs counted from both sides: "each of 6 people shakes hands once with every other".

A pair is one handshake, one game, one card swapped, whichever of its two members it is counted
from; n x (n - 1) counts each from both, so a solution that stops there counts every pair
twice. Where the question says each meets every other once, a step that multiplies a count of
the question by one less and no step that halves it are read as that slip.
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.numbers import values

# "each ... with every other person once", "every pair of teams plays once"
_ONCE_EACH = re.compile(r"\b(?:every|each) other\b[^.?!]*\bonce\b|\bonce\b[^.?!]*\b(?:every|each) "
                        r"other\b|\b(?:every|each) pair\b[^.?!]*\bonce\b", re.IGNORECASE)
_PRODUCT = re.compile(r"\s*(\d+)\s*[*x]\s*(\d+)\s*")
_HALVED = re.compile(r"/\s*2(?![\d.])")


def pairs_twice(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why the steps count each pair twice (n x (n - 1), never halved), or None."""
    if _ONCE_EACH.search(question) is None or any(_HALVED.search(e) for e, _ in steps):
        return None
    counts = values(question)
    for expr, _ in steps:
        if (m := _PRODUCT.fullmatch(expr)) is not None:
            a, b = int(m.group(1)), int(m.group(2))
            if abs(a - b) == 1 and max(a, b) in counts:
                return (f"step {expr.strip()} counts each pair from both sides; the question "
                        "counts each pair once, so it is halved")
    return None
