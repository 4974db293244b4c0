"""What each number of a word problem counts, read against the sums a solution takes.

Every step of a trace can hold with every operand from the problem, and the model of the
problem still be wrong: "Sam has 3 apples and buys 4 bags with 5 apples in each" solved as
3 + 4 = 7, then 7 x 5 = 35, adds loose apples to bags. The problem says what each number
counts: "4 bags with 5 apples in each" makes a bag a container of apples, so 4 counts bags and
5 is apples per bag, while "3 apples" counts apples. A sum of a count of containers and a count
of what they hold (:func:`mixed_sum`) adds unlike things, whatever its arithmetic.

Kinds set side by side ("45 red and 30 blue umbrellas", "12 girls and 15 boys") are siblings
(:func:`~synthloop.checks.roles.parallel`). A question that asks about one of them alone ("How
many blue umbrellas ...?") is not answered by a sum of both (:func:`sibling_sum`); one that
names neither ("How many children ...?") where the problem sets them side by side twice ("5
of the girls and 4 of the boys wear glasses") asks about both, so each of their numbers must
feed a step (:func:`sibling_left_out`).
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.asked import asking, asking_clause
from synthloop.checks.evidence import STOP_WORDS, content_words, spelled_as_digits, stem
from synthloop.checks.provenance import digits, unspaced
from synthloop.checks.roles import kind, parallel

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
# "4 bags with 5 apples in each", "3 boxes of 12 eggs", "12 trays of 4 cookies", "6 crates
# holding 20 melons": a count of containers, their noun, what each holds and its noun.
_HOLDS = re.compile(rf"({_NUMBER})\s+(?:[a-z]+\s+)??([a-z]+)\s+(?:of|with|containing|holding|"
                    rf"that (?:hold|holds|contain|contains))\s+({_NUMBER})\s+([a-z]+)",
                    re.IGNORECASE)
# A number and the word after it, and the next: "3 apples", "4 loose eggs" (the second word
# is the noun where it is one the problem's containers name).
_COUNTED = re.compile(rf"({_NUMBER})\s+([a-z]+)(?:\s+([a-z]+))?", re.IGNORECASE)
# "45 red and 30 blue umbrellas", "27 yellow balls and 33 brown balls": two qualifiers of one
# thing, each with its number.
_SIBLINGS = re.compile(rf"({_NUMBER})\s+([a-z]+)(?:\s+([a-z]+))?,?\s+(?:and|or)\s+({_NUMBER})\s+"
                       r"([a-z]+)\s+([a-z]+)", re.IGNORECASE)
_TERM = re.compile(r"\s*\$?(\d[\d,]*(?:\.\d+)?)\s*")
_SIGNS = re.compile(r"\s+[-+]\s+|(?<=\d)[-+](?=[\d$])")


def mixed_sum(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step adds (or takes) a count of containers to a count of what they hold, or None:
    "4 bags with 5 apples in each" beside "3 apples", a step 3 + 4. Only a plain sum or
    difference of numbers is read ("3 + 4 * 5" adds 3 apples to 20), and only numbers the
    problem gives one kind to and no earlier step computes (8 / 4 = 2 people is no "2
    families")."""
    text = _digits(question)
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


def sibling_sum(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step adds the numbers of two sibling kinds of one thing where the question asks
    about one of them alone, or None: "45 red and 30 blue umbrellas", "How many blue umbrellas
    ...?", a step 45 + 30. A sum a later step divides by ("27 + 33 = 60" balls, "27 / 60" of
    them yellow) is a whole a share is taken of, and is left alone; only a plain sum of numbers
    is read."""
    asked = {stem(w) for w in content_words(asking_clause(asking(question)))}
    siblings: dict[float, tuple[str, str, str]] = {}  # each number: its qualifier, the other's,
    # and the thing they qualify, as written
    for m in _SIBLINGS.finditer(_digits(question)):
        one, other, head = m.group(2), m.group(5), m.group(6)
        if (m.group(3) and stem(m.group(3).lower()) != stem(head.lower())
                or head.lower() in STOP_WORDS or stem(one.lower()) == stem(other.lower())):
            continue
        siblings[_value(m.group(1))] = (one, other, head)
        siblings[_value(m.group(4))] = (other, one, head)
    for n, (expr, value) in enumerate(steps):
        if "-" in expr or not (terms := _plain(expr)) or any(
                _divides_by(later, float(value)) for later, _ in steps[n + 1:]):
            continue
        for v in terms:
            if v not in siblings:
                continue
            one, other, head = siblings[v]
            if (stem(one.lower()) in asked and stem(other.lower()) not in asked
                    and any(siblings.get(w, ("",))[0] == other for w in terms)):
                return (f"step {expr.strip()} adds the {other} {head} to the {one} {head}, and "
                        f"the question asks about the {one} {head} alone")
    return None


def sibling_left_out(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a number of one sibling kind feeds no step where the question asks about both, or
    None: "12 girls and 15 boys. 5 of the girls and 4 of the boys wear glasses. How many
    children do not wear glasses?" needs the 4 as much as the 5. Only kinds set side by side
    twice are read, and only where the question names neither."""
    kinds, pairs, written = parallel(question)
    asked = {kind(w) for w in content_words(asking(question))}
    used = set().union(*(digits(expr) for expr, _ in steps)) if steps else set()
    for pair, n in pairs.items():
        if n < 2 or pair & asked:
            continue
        for number, of in sorted(kinds.items()):
            if of & pair and number not in used and number not in (0.0, 1.0):
                both = " and the ".join(written[k] for k in sorted(pair))
                return (f"the question asks about the {both} alike, and no step uses "
                        f"{number:g} ({written[next(iter(of & pair))]})")
    return None


def _digits(question: str) -> str:
    """``question`` with its numbers in digits: "two packs of ten pens" is "2 packs of 10"."""
    return spelled_as_digits(unspaced(question))


def _divides_by(expr: str, value: float) -> bool:
    """Whether ``expr`` divides by ``value`` ("27/60*100" by 60)."""
    return any(abs(_value(m.group(1)) - value) < 1e-9
               for m in re.finditer(r"/\s*\(?\$?(\d[\d,]*(?:\.\d+)?)", expr))


def _plain(expr: str) -> list[float]:
    """The numbers of ``expr`` where it is a plain sum or difference of numbers, else none."""
    terms = _SIGNS.split(expr.strip())
    if len(terms) < 2 or not all(_TERM.fullmatch(t) for t in terms):
        return []
    return [_value(t.strip().lstrip("$")) for t in terms]


def _terms(expr: str, kinds: dict[float, dict[str, str]], unread: set[float],
           ) -> list[tuple[str, str]]:
    """(noun, number as written) of each term of ``expr`` that counts one kind of thing, where
    ``expr`` is a plain sum or difference of numbers; else none."""
    return [next(iter(kinds[v].items())) for v in _plain(expr)
            if v in kinds and len(kinds[v]) == 1 and v not in unread]


def _noun(word: str) -> str:
    return stem(word.lower())


def _value(text: str) -> float:
    return float(text.replace(",", ""))
