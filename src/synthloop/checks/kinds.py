"""What each number of a word problem counts, read against the sums a solution takes.

Every step of a trace can hold with every operand from the problem, and the model of the
problem still be wrong: "Sam has 3 apples and buys 4 bags with 5 apples in each" solved as
3 + 4 = 7, then 7 x 5 = 35, adds loose apples to bags. The problem says what each number
counts: "4 bags with 5 apples in each" makes a bag a container of apples, so 4 counts bags and
5 is apples per bag, while "3 apples" counts apples. A sum of a count of containers and a count
of what they hold (:func:`mixed_sum`) adds unlike things, whatever its arithmetic.
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.evidence import stem
from synthloop.checks.provenance import unspaced

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
# "4 bags with 5 apples in each", "3 boxes of 12 eggs", "12 trays of 4 cookies", "6 crates
# holding 20 melons": a count of containers, their noun, what each holds and its noun.
_HOLDS = re.compile(rf"({_NUMBER})\s+(?:[a-z]+\s+)??([a-z]+)\s+(?:of|with|containing|holding|"
                    rf"that (?:hold|holds|contain|contains))\s+({_NUMBER})\s+([a-z]+)",
                    re.IGNORECASE)
# A number and the word after it, and the next: "3 apples", "4 loose eggs" (the second word
# is the noun where it is one the problem's containers name).
_COUNTED = re.compile(rf"({_NUMBER})\s+([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)
_TERM = re.compile(r"\s*\$?(\d[\d,]*(?:\.\d+)?)\s*")
_SIGNS = re.compile(r"\s+[-+]\s+|(?<=\d)[-+](?=[\d$])")


def mixed_sum(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step adds (or takes) a count of containers to a count of what they hold, or None:
    "4 bags with 5 apples in each" beside "3 apples", a step 3 + 4. Only a plain sum or
    difference of numbers is read ("3 + 4 * 5" adds 3 apples to 20), and only numbers the
    problem gives one kind to and no earlier step computes (8 / 4 = 2 people is no "2
    families")."""
    text = unspaced(question)
    holds: dict[str, str] = {}  # each container's noun: what one holds ("bag": "5 apples")
    items: dict[str, str] = {}  # each container's noun: the noun of what it holds
    held: set[float] = set()  # "5" of "5 apples in each": per container, no count of its own
    for m in _HOLDS.finditer(text):
        container, item = _noun(m.group(2)), _noun(m.group(4))
        if container != item:
            holds[container] = f"{m.group(2).lower()} holds {m.group(3)} {m.group(4)}"
            items[container] = item
            held.add(_value(m.group(3)))
    if not holds:
        return None
    kinds: dict[float, dict[str, str]] = {}  # each number: the nouns it counts, as written
    nouns = set(holds) | set(items.values())
    for m in _COUNTED.finditer(text):
        second = m.group(3) is not None and _noun(m.group(3)) in nouns
        noun = _noun(m.group(3) if second else m.group(2))
        kinds.setdefault(_value(m.group(1)), {})[noun] = m.group(0) if second else (
            f"{m.group(1)} {m.group(2)}")
    unread = set(held)  # numbers that count nothing of their own, or that a step computed
    for expr, value in steps:
        counted = _terms(expr, kinds, unread)
        for kind, number in counted:
            other = next((n for k, n in counted if kind in items and k == items[kind]), None)
            if other is not None:
                return (f"step {expr.strip()} adds {other!r} to {number!r}, and each of the "
                        f"{holds[kind]}")
        unread.add(float(value))
    return None


def _terms(expr: str, kinds: dict[float, dict[str, str]], unread: set[float],
           ) -> list[tuple[str, str]]:
    """(noun, number as written) of each term of ``expr`` that counts one kind of thing, where
    ``expr`` is a plain sum or difference of numbers; else none."""
    terms = _SIGNS.split(expr.strip())
    if len(terms) < 2 or not all(_TERM.fullmatch(t) for t in terms):
        return []
    values = [_value(t.strip().lstrip("$")) for t in terms]
    return [next(iter(kinds[v].items())) for v in values
            if v in kinds and len(kinds[v]) == 1 and v not in unread]


def _noun(word: str) -> str:
    return stem(word.lower())


def _value(text: str) -> float:
    return float(text.replace(",", ""))
