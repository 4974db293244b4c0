"""Where a worked solution's numbers come from, read against its word problem.

Every step of a trace can hold and its final answer still answer another problem: one with a
number misread ("16 rows" where the problem has 15) or a value carried in that no step
computed ("30 + 20" where the morning's step gave 25). The arithmetic alone cannot see that;
the provenance of each operand can. A step's operand must be a number of the problem (or a
form a solver writes it in: 25% as 0.25 or 0.75, two weeks as 14 days, $120 million, one
mental addition or subtraction of two of its numbers), a number the trace states in prose, a
value an earlier step computed, or a fact every solver knows (7 days a week, 100 cents, 16
ounces where the problem speaks of pounds).

Only whole-number operands are read: shares and rates in words ("two and a half", "a dime")
come in too many written forms. On GSM8K's reference solutions this rejects 2 of 1,319 test
and 14 of 7,473 train ones (a step done in the head before the one that uses it, "300/2" after
400 - 100; clock times as "820-800"; the 50 US states; and reference solutions that are
themselves wrong, such as "2.8 * 700" for 800 bees); a rule that every number of the problem be
used would reject 148 of the 1,319.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from synthloop.checks.numbers import values

# Facts every solver knows, written without deriving them: small counts, calendar and clock
# (7, 12, 24, 30, 31, 52, 60, 365), a quarter's 25 cents, percent (100), metric (1000).
KNOWN = frozenset({2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 24.0, 30.0, 31.0, 52.0,
                   25.0, 60.0, 100.0, 365.0, 1000.0, 0.5, 0.25, 0.75, 0.01})
# Units' sizes a solution converts a stated quantity by without a step: two weeks are 14 days,
# 4 feet 48 inches, 3 hours 180 minutes, 1 1/2 dozen 18.
_CONVERSIONS = (3, 7, 12, 16, 24, 60, 100, 1000, 5280, 10**6)
# Sizes a solution knows once the problem names the unit: 16 ounces a pound, 128 a gallon.
_UNIT_FACTS = {re.compile(r"\b(?:pounds?|ounces?|lbs?|oz)\b", re.IGNORECASE): (16.0,),
               re.compile(r"\b(?:gallons?|quarts?|pints?)\b", re.IGNORECASE): (128.0, 32.0, 16.0),
               re.compile(r"\bmiles?\b", re.IGNORECASE): (5280.0,),
               re.compile(r"\b(?:feet|foot|yards?)\b", re.IGNORECASE): (36.0,)}
_FRACTION = re.compile(r"(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)")  # "3/4", "1 1/2"
_OPERAND = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
# Worked arithmetic written out ("16 * 12 = 192", "<<16*12=192>>"): taken out of a trace to
# leave the numbers it states in prose ("He has 240 apples"), which are sourced by the writer.
_WORKED = re.compile(r"<<[^<>]*>>|[$\d.,]+(?:\s*(?:[-+*/x\u00d7\u00f7^]|\\times)\s*"
                     r"\(?[$\d.,]+\)?%?)+\s*=")
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*(million|billion)\b", re.IGNORECASE)  # "$120 million"
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")  # "7:50", which a step writes as 750
_SPACED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d|[.,]\d)")  # "$350 000"


def stated(question: str) -> frozenset[float]:
    """The values ``question`` states, with the forms a solution writes them in without a
    step: a percentage as a share and as what is left or reached (25% off: 0.25, 0.75, 1.25;
    75, 125), a fraction or mixed number as its value (3/4: 0.75), a quantity converted by a
    unit's size (2 weeks: 14), a clock time as digits (7:50: 750), and the sum or difference
    of two of its numbers ("$6 less than the $28 jeans": 22)."""
    question = unspaced(question)
    found = set(values(question)) | digits(question)
    found |= {float(n) * (10**6 if scale.lower() == "million" else 10**9)
              for n, scale in _SCALED.findall(question)}
    found |= {float(h + m) for h, m in _CLOCK.findall(question)}
    found |= {int(whole or 0) + float(Fraction(int(a), int(b)))
              for whole, a, b in _FRACTION.findall(question) if int(b) != 0}
    given = sorted(found)
    for v in given:
        found |= {v / 100, 1 - v / 100, 1 + v / 100, 100 - v, 100 + v,
                  *(v * k for k in _CONVERSIONS),
                  *(v / k for k in _CONVERSIONS)}
    found |= {a + b for a in given for b in given} | {abs(a - b) for a in given for b in given}
    return frozenset(found)


def unsourced(question: str, trace: str, steps: Iterable[tuple[str, Fraction]]) -> str | None:
    """Why a step's whole-number operand comes from nowhere, or None: ``steps`` are each
    step's left side and value in order; an operand must be a value of the question
    (:func:`stated`), a number ``trace`` states outside its arithmetic, a value an earlier step
    computed, or a known fact (:data:`KNOWN`, :data:`_UNIT_FACTS`); a step that restates a
    value an earlier step computed is not read. A question that states no number ("How far?":
    the problem's numbers kept elsewhere) is no source to read."""
    if not values(question) and not digits(question):
        return None
    prose = _WORKED.sub(" ", unspaced(trace))
    known = set(stated(question)) | values(prose) | digits(prose) | KNOWN | {
        size for unit, sizes in _UNIT_FACTS.items() if unit.search(question) for size in sizes}
    computed: set[float] = set()
    for n, (expr, value) in enumerate(steps, 1):
        if any(abs(float(value) - k) < 1e-9 for k in computed):
            # a value an earlier step computed, written again ("4 * 15 = 4 * 10 + 4 * 5 = 40 +
            # 20"): the arithmetic holds or fails by itself, and whatever its operands are it
            # carries nothing new forward
            continue
        operands = digits(unspaced(expr))
        alien = sorted(v for v in operands
                       if v.is_integer() and not any(abs(v - k) < 1e-9 for k in known))
        if alien:
            return (f"step {n} ({expr}) uses {_show(alien[0])}, which the question does not "
                    "state, the trace does not say, and no earlier step computes")
        known.add(float(value))
        computed.add(float(value))
    return None


def digits(text: str) -> set[float]:
    """The numbers written in digits in ``text``, a leading dot read (".25", "$.5")."""
    return {float(n.replace(",", "")) for n in _OPERAND.findall(text)} - {0.0, 1.0}


def unspaced(text: str) -> str:
    """``text`` with thousands written apart joined ("$350 000": "$350000")."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def _show(value: float) -> str:
    return f"{value:g}"
