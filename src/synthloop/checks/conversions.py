"""The sizes of units and magnitudes a worked solution states in prose, read against the known
ones.

A trace can compute every step right from a wrong fact it states in words: "1 hour is 100
minutes, so 2.5 x 100 = 250", "1.2 thousand is 120, and 120 x 5 = 600". No step is wrong and
every operand is sourced (the trace states it), so only the fact itself can be checked. Two
kinds of statement are read: one unit said to be so many of another of the same measure ("an
hour is 100 minutes", "there are 12 months in a year", "1 mile = 1.6 km"), and a number with
a magnitude word said to be a plain number ("1.2 thousand is 120", "2 dozen are 24"); and a
clock time's digits run together as a number ("1315 - 1045" for 13:15 - 10:45). A
quantity of more than one unit ("5 days is 40 hours" of work) is not a unit's size and is left
alone.
"""

from __future__ import annotations

import re

from synthloop.checks.evidence import CONVERTIBLE, IMPERIAL, MEASURES, UNITS
from synthloop.checks.numbers import values

# Each unit's size in the base unit of its measure; a year as 365.25 days (a month has no one
# length: "4 weeks in a month" is how solutions count, so it is not read), and no ton (short,
# long or metric: "one ton is 2000 pounds" in GSM8K).
_SIZES = {unit: size for unit, size in (CONVERTIBLE | IMPERIAL).items() if unit != "tonne"} | {
    "dollar": 1.0, "cent": 0.01, "year": 365.25 * 86400.0}
_SCALES = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
SLACK = 0.02  # how far a stated size may round: "1 mile is 1.6 km" is 1.609
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ONE = r"(?:1|a|an|one|each|every)"
_IS = r"(?:is|are|equals|=|makes|has|have|contains)"
_HEDGE = r"(?:(?:about|approximately|roughly|around)\s+)?"
# "an hour is 100 minutes", "1 mile = 1.6 km"; "there are 100 minutes in an hour" (not "8
# hours in a day" alone, which may be a day's work).
_UNIT_IS = re.compile(rf"(?<![\w.,]){_ONE}\s+([a-z]+)\s+{_IS}\s+{_HEDGE}({_NUMBER})\s+([a-z]+)",
                      re.IGNORECASE)
_UNIT_IN = re.compile(rf"\bthere\s+(?:are|is)\s+{_HEDGE}({_NUMBER})\s+([a-z]+)\s+in\s+{_ONE}\s+"
                      r"([a-z]+)", re.IGNORECASE)
# "1.2 thousand is 120", "1.2 thousand bottles is 120 bottles", "a dozen is 10"; not "is 1.2
# thousand" nor "is 2 * 12", which is a step.
_SCALE = "|".join(_SCALES)
_MAGNITUDE = re.compile(rf"(?<![\w.,])({_NUMBER}|a|an|one)\s+({_SCALE})\s+(?:[a-z]+\s+)?{_IS}\s+"
                        rf"{_HEDGE}\$?({_NUMBER})(?!\d|[,.]\d|\s*(?:[-+*/x\u00d7]|{_SCALE}))",
                        re.IGNORECASE)

# A clock time, "13:15": its digits run together (1315) count an hour as 100 minutes, which
# is wrong across hours (read as numbers, times of two hours at least: "1315 - 1045").
_CLOCK = re.compile(r"(?<![\d:.,])([1-9]\d?):([0-5]\d)(?![\d:])")


def wrong_size(text: str, question: str = "") -> str | None:
    """Why a unit's or a magnitude's size stated in ``text`` is wrong, or None: "an hour is 100
    minutes" (an hour is 60), "1.2 thousand is 120" (1,200), a clock time's digits run together
("13:15 - 10:45 is 1315 - 1045"). A size the ``question`` sets
    itself ("a planet with 250 days per year") is the problem's, not a fact to check."""
    premises = values(question)
    for m in _UNIT_IS.finditer(text):
        if _number(m.group(2)) not in premises and (reason := _check(
                m.group(0), 1.0, m.group(1), _number(m.group(2)), m.group(3))):
            return reason
    for m in _UNIT_IN.finditer(text):
        if _number(m.group(1)) not in premises and (reason := _check(
                m.group(0), 1.0, m.group(3), _number(m.group(1)), m.group(2))):
            return reason
    read = {m.group(1): m.group(0) for m in _CLOCK.finditer(f"{question}\n{text}")
            if float(digits := m.group(1) + m.group(2)) not in premises
            and re.search(rf"(?<![\d:.,]){digits}(?![\d:]|[.,]\d)", text)}
    if len(read) >= 2:  # within one hour ("8:25 - 8:00 = 825 - 800") the digits hold
        time = next(iter(read.values()))
        return (f"'{time}' is read as the number {time.replace(':', '')}: a clock time counts "
                "60 minutes to the hour, not 100")
    for m in _MAGNITUDE.finditer(text):
        amount, scale, said = _number(m.group(1)), m.group(2).lower(), _number(m.group(3))
        if abs(amount * _SCALES[scale] - said) > 1e-9 * max(1.0, said) and said not in premises:
            return (f"'{m.group(0)}': {m.group(1)} {scale} is "
                    f"{_show(amount * _SCALES[scale])}, not {m.group(3)}")
    return None


def _check(said: str, amount: float, unit: str, count: float, other: str) -> str | None:
    """Why ``amount`` ``unit`` is not ``count`` ``other``, where both are units of one measure
    with known sizes; None where it holds or cannot be read."""
    one, two = UNITS.get(unit.lower()), UNITS.get(other.lower())
    if one is None or two is None or one == two or one not in _SIZES or two not in _SIZES:
        return None
    if MEASURES.get(one) != MEASURES.get(two):
        return None
    size = amount * _SIZES[one] / _SIZES[two]
    if abs(size - count) <= SLACK * size:
        return None
    return f"'{said}': 1 {unit} is {_show(round(size, 4))} {other}, not {_show(count)}"


def _number(text: str) -> float:
    return 1.0 if text.lower() in ("a", "an", "one") else float(text.replace(",", ""))


def _show(value: float) -> str:
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"
