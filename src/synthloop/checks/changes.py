"""Successive changes by a percentage, each of the value the one before left.

"A shirt costs $40. Its price rises by 10%, and then the new price falls by 10%": the fall is
10% of $44, not of $40. A solution that takes the second percentage of the old value (40 * 0.10
twice) computes every step right on the wrong base. A step that takes a percentage of a value
an earlier step has already changed by a percentage of it (40 + 4 = 44 after 40 * 0.10 = 4)
applies that change to the old value (:func:`stale_base`), and so does a step that adds the
two percentages ("20% + 10% = 30%" for a cut of 20% and then a further 10%).
"""

from __future__ import annotations

import re
from fractions import Fraction

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
# The question says the changes follow one another: "and then", "the new price", "after that".
_IN_TURN = re.compile(r"\b(?:then|new|after that|afterwards|next|again|following|subsequently)\b",
                      re.IGNORECASE)
_NUMBER = r"\$?(\d[\d,]*(?:\.\d+)?)"
_PRODUCT = re.compile(rf"{_NUMBER}\s*[*x\u00d7]\s*{_NUMBER}%?")
_CHANGE = re.compile(rf"{_NUMBER}\s*([-+])\s*{_NUMBER}")
_PERCENT_SUM = re.compile(r"(\d+(?:\.\d+)?)%\s*\+\s*(\d+(?:\.\d+)?)%")  # "20% + 10%"


def stale_base(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step takes a percentage of a value an earlier step already changed, or None,
    where the question states two changes by a percentage in turn. Only products of two
    numbers (base and share) and sums or differences of two are read."""
    if len(_PERCENT.findall(question)) < 2 or not _IN_TURN.search(question):
        return None
    stated = {float(p) for p in _PERCENT.findall(question)}
    shares: dict[float, float] = {}  # each percentage taken: its base (4: 40, of 40 * 0.10)
    changed: dict[float, str] = {}  # each base a step changed by its percentage: that step
    for expr, value in steps:
        text = expr.replace(",", "").strip()
        added = _PERCENT_SUM.fullmatch(text)
        if added and {float(x) for x in added.groups()} <= stated:
            return (f"step {expr.strip()} adds two percentage changes made in turn; the second "
                    "is of the value the first left")
        if (product := _PRODUCT.fullmatch(text)) is not None:
            a, b = (float(x) for x in product.groups())
            base = a if b < 1 or "%" in text else b
            if base in changed:
                return (f"step {expr.strip()} takes a percentage of {base:g}, which step "
                        f"{changed[base]} already changed; the next change is of its result")
            shares[float(value)] = base
        elif (change := _CHANGE.fullmatch(text)) is not None:
            a, b = float(change.group(1)), float(change.group(3))
            if shares.get(b) == a:
                changed[a] = f"{expr.strip()} = {float(value):g}"
    return None
