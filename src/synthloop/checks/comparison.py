"""Which way a comparison points, and whether the thing it picks is the one its values pick.

A reply or an answer that states true values and then compares them the wrong way round ("A has
$1,650 and B $2,600, so A holds the larger balance"; "the placebo group" for "which group reached
remission more often?" over 41% and 18%) keeps every number and name its source gives: only the
comparison is wrong. Shared by ``validate.tool_use`` (things from the tool results) and
``validate.grounded`` (numbers bound to the words of the evidence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Comparative and superlative words, each with the end of the scale it picks: +1 the greater
# value, -1 the lesser ("more expensive" is read by its "more", "cheaper" by itself).
DIRECTIONS = {word: sign for sign, words in {
    1: "more most larger largest greater greatest higher highest bigger biggest longer longest "
       "taller tallest heavier heaviest pricier priciest later latest",
    -1: "less least fewer fewest smaller smallest lower lowest shorter shortest lighter "
        "lightest cheaper cheapest earlier earliest"}.items() for word in words.split()}
# Words that compare times: they order dates, and no quantity ("which year had more visitors"
# compares visitors, not years).
TEMPORAL = frozenset({"earlier", "earliest", "later", "latest"})
_DIRECTION = re.compile(rf"\b({'|'.join(DIRECTIONS)})\b", re.IGNORECASE)
# "more than 2,000", "at least 18", "more than twice that": a bound on one value or arithmetic
# on it, not a comparison of two things; nor is "100 acres more" (a difference)
_BOUND = re.compile(r"\s*(?:than\s+)?(?:about\s+)?(?:[$\u20ac\u00a3]?\d|(?:twice|thrice|half|"
                    r"double|triple|a half|a third|a quarter)\b)", re.IGNORECASE)
_DIFFERENCE = re.compile(r"\d%?(?:\s+[A-Za-z]+)?\s+$")


def direction(text: str) -> tuple[str, int, int] | None:
    """The first comparative or superlative word of ``text`` that compares things, with the end
    of the scale it picks and where it ends; None when there is none ("more than 2,000", "at
    least 18", "more than twice that" and "$5 more" bound or compute a value and compare
    nothing)."""
    for found in _DIRECTION.finditer(text):
        if _BOUND.match(text, found.end()) or _DIFFERENCE.search(text, 0, found.start()):
            continue
        return found.group(1).lower(), DIRECTIONS[found.group(1).lower()], found.end()
    return None


def extreme(values: Iterable[float], sign: int) -> float:
    """The value a comparison of ``sign`` picks: the greatest (+1) or the least (-1)."""
    return max(values) if sign > 0 else min(values)
