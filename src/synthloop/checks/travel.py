"""Time from distance and speed: the distance over the speed, never the speed over the
distance.

"How many hours does it take to drive 150 km at 60 km/h?" is 150 / 60. A step that divides the
speed by the distance (60 / 150 = 0.4) computes right and answers in hours per kilometre
inverted; no other check sees it, as both operands come from the question.
"""

from __future__ import annotations

import re
from fractions import Fraction

_ASKS_TIME = re.compile(r"\bhow (?:many (?:hours|minutes|seconds|days)|long)\b", re.IGNORECASE)
_UNITS = r"(?:km|kilomet(?:re|er)s?|miles?|m|met(?:re|er)s?|feet|ft)"
_SPEED = re.compile(rf"(\d+(?:\.\d+)?)\s*(?:{_UNITS}\s*(?:/|per|an|a)\s*(?:h|hr|hour|minute|min|"
                    r"second|s)\b|mph|kph|km/h)", re.IGNORECASE)
_DISTANCE = re.compile(rf"(\d+(?:\.\d+)?)\s*{_UNITS}\b(?!\s*(?:/|per|an hour|a hour))",
                       re.IGNORECASE)
_QUOTIENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")


def speed_over_distance(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step divides the question's speed by its distance where it asks how long, or
    None."""
    if _ASKS_TIME.search(question) is None:
        return None
    speeds = {float(m.group(1)) for m in _SPEED.finditer(question)}
    distances = {float(m.group(1)) for m in _DISTANCE.finditer(question)} - speeds
    for expr, _ in steps:
        if (m := _QUOTIENT.fullmatch(expr)) is not None:
            a, b = float(m.group(1)), float(m.group(2))
            if a in speeds and b in distances:
                return (f"step {expr.strip()} divides the speed by the distance; the time is "
                        "the distance over the speed")
    return None
