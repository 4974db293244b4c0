"""Which thing of a word problem each of a solution's numbers belongs to.

A trace whose every step holds, with every operand taken from the problem, can still pair the
numbers wrongly: a difference with the wrong person, one earner where both are asked, a rate
"per 100 km" read as per km, the adults counted at the children's price, "24, which is twice
as many as Noor's" read as Noor's 48. These readings take the problem's words for the roles
of its numbers (the sides of a comparison, the names asked about, what a rate is per, kinds set
side by side, the direction of a relation) and check the steps against them.

A question that compares ("how many more A than B") asks for A's number against B's, so the
steps must use a number of each clause of the problem that one side's words single out
(:func:`unused_compared`): a difference taken with a third person fails. So must a question
about everyone named ("How much do Ana and Ben earn together?", "combined", "both"), where two
or more names have clauses of their own: one earner's pay fails. Both readings reject 8 of
GSM8K's 7,473 train solutions (one of them wrong: 100 squares where the problem gives Pedro
200; others solve by algebra the step reader does not parse) and none of the 1,319 test ones.

A rate given per several units ("6 liters per 100 km") read as per one (6 * 350) fails too
(:func:`unread_rate`): some step must use the 100, or the rate per one unit; 1 of the 7,473
train solutions fails it (2 cups per 10 minutes, worked out in words).

Kinds set side by side twice ("$12 for adults and $7 for children", "2 adult and 3 child
tickets") pair a count with its own price; a product of one kind's count with the other's price
fails (:func:`crossed_pair`). 42 of GSM8K's 8,792 problems set kinds so; none of their
reference solutions fails it.

A relation stated of a given number ("24 shells, which is twice as many as Noor has") makes
the other side 24 / 2; a step 24 * 2 reads it the wrong way round (:func:`reversed_relation`;
5 of GSM8K's 8,792 questions state one so, none of their solutions fails).

A growth by a factor once a period ("doubles every hour") over several periods ("after 4
hours") is the factor to the power of the periods; a step multiplying the factor by the number
of periods (3 * 2 * 4) models it as one growth (:func:`linear_growth`; 3 of GSM8K's 8,792
questions grow so, none of their solutions fails).
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.asked import asking
from synthloop.checks.evidence import STOP_WORDS, content_words, stem
from synthloop.checks.numbers import values
from synthloop.checks.provenance import digits, stated, unspaced

# A problem's statement cut into clauses, each stating its own numbers about its own thing.
_CLAUSE = re.compile(r"(?<=[.!?;,])\s+|\s+(?:and|but|while|whereas)\s+")
# "How many more marbles does Sita have than Omar?": the two sides compared.
_COMPARED = re.compile(r"\bhow (?:many|much) (?:more|fewer|less)\b(.*)\bthan\b(.*)",
                       re.IGNORECASE)
# "How much do they earn together?": a question about everyone the problem names.
_JOINT = re.compile(r"\b(?:together|combined|altogether|both)\b", re.IGNORECASE)
# "6 liters of fuel per 100 km": an amount and the number of units it is per.
_RATE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z]+\s+){0,4}?per\s+(\d[\d,]*(?:\.\d+)?)\s+"
                   r"([a-z]+)", re.IGNORECASE)
# Two numbers side by side, each with its kind: "$12 for adults and $7 for children".
_KIND = r"(\d[\d,]*(?:\.\d+)?)\s+(?:(?:for|of|per|each)\s+)?(?:the\s+)?([a-z]+)"
_PARALLEL = re.compile(rf"\$?{_KIND}(?:\s+[a-z]+)?,?\s+(?:and|or)\s+\$?{_KIND}", re.IGNORECASE)
_SINGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man"}
_PRODUCT = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)\s*[*x\u00d7]\s*\$?(\d[\d,]*(?:\.\d+)?)")
# "24 shells, which is twice as many as": the stated number is the relation's first side.
_RELATION = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z]+\s+){0,3}?[a-z]+,\s+(?:which|that)\s+"
                       r"(?:is|was|are|were)\s+(twice|double|triple|half|\d+ times|two times|"
                       r"three times|four times|five times)\s+(?:as many|as much|the)\b",
                       re.IGNORECASE)
# "24 stamps, which is 3 more than Lia has": the stated number is the bigger side, so the
# other is 24 - 3 (and for "fewer" or "less", 24 + 3).
_OFFSET = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z]+\s+){0,3}?[a-z]+,\s+(?:which|that)\s+"
                     r"(?:is|was|are|were)\s+(\d[\d,]*(?:\.\d+)?)\s+(more|fewer|less)\s+than\b",
                     re.IGNORECASE)
_SUM = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)\s*([-+])\s*\$?(\d[\d,]*(?:\.\d+)?)")
_FACTOR_WORDS = {"twice": "2", "double": "2", "triple": "3", "half": "2", "two times": "2",
                 "three times": "3", "four times": "4", "five times": "5"}
_QUOTIENT = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)\s*[/\u00f7]\s*\$?(\d[\d,]*(?:\.\d+)?)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# "doubles every hour", "triples every 3 days": a growth by a factor once a period.
_GROWTH = re.compile(r"\b(doubles|triples|quadruples|halves)\s+(?:in\s+(?:size|number)\s+)?"
                     r"(?:every|each)\s+(?:(\d+)\s+)?([a-z]+?)s?\b", re.IGNORECASE)
_GROWTH_FACTORS = {"doubles": 2.0, "triples": 3.0, "quadruples": 4.0, "halves": 2.0}
_PRODUCT_ONLY = re.compile(r"[\d\s.,$*x\u00d7]+")  # numbers and signs of times alone
# Words of an asking sentence that name no thing of the problem.
_ASKING_WORDS = frozenset(stem(w) for w in """how many much what total altogether together
combined all both each left remain remaining more less fewer than need get have has had does
did do will would spend spent pay paid cost find calculate number amount money dollars
""".split())


def unused_compared(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why the steps leave out a thing the question is about, or None. "How many more A than
    B" asks for a difference of A's number and B's: where a word of either side singles out
    clauses of the problem from its others (Sita's "45" beside Ravi's "18" and Omar's "30";
    the red box beside the blue one), some step must use a number of each such clause, so a
    difference taken with the wrong person fails. "How much do they earn together?" (or
    "combined", "both", "altogether") asks about everyone the problem names with a number of
    their own, so each one's clause must give a step a number: one earner's pay fails."""
    ask = asking(question)
    if ask not in question:
        return None
    if (compared := _COMPARED.search(ask)) is not None:
        # each side's words, less the thing counted ("marbles") and the words both sides share
        first, second = ({stem(w) for w in content_words(side)} - _ASKING_WORDS for side in
                         (compared.group(1).strip().partition(" ")[2], compared.group(2)))
        words, how = sorted(first ^ second), "compares {!r} with another"
    elif _JOINT.search(ask):
        words, how = sorted(_names(question)), "asks about {!r} too"
    else:
        return None
    statement = unspaced(question[:question.rfind(ask)])
    clauses = [c for c in _CLAUSE.split(statement) if _raw(c)]
    operands = set().union(*(digits(expr) for expr, _ in steps)) if steps else set()
    abouts = {word: [c for c in clauses if word in {stem(w) for w in content_words(c)}]
              for word in words if not word.isdigit()}
    abouts = {word: about for word, about in abouts.items() if 0 < len(about) < len(clauses)}
    if compared is None and len(abouts) < 2:
        return None  # "together" with one person named: nobody else to leave out
    for word, about in abouts.items():
        for clause in about:
            if not any(abs(o - v) < 1e-9 for o in operands for v in stated(clause)):
                return (f"the question {how.format(word)}, and no step uses a number of "
                        f"{clause.strip(' .,;')!r}")
    return None


def unread_rate(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a rate is read as per one unit, or None: "6 liters per 100 km" is 0.06 a km, so a
    step that uses the 6 needs the 100 (or the rate per one unit, 0.06) in some step too."""
    operands = set().union(*(digits(expr) for expr, _ in steps)) if steps else set()
    computed = {float(value) for _, value in steps}
    for m in _RATE.finditer(unspaced(question)):
        amount, per = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
        if per == 1 or amount not in operands:
            continue
        if not {per, amount / per, per / amount} & (operands | computed):
            return (f"the question gives {m.group(1)} per {m.group(2)} {m.group(3)}, and the "
                    f"steps use {m.group(1)} as if per one {m.group(3).rstrip('s')}")
    return None


def linear_growth(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step multiplies a repeated growth's factor by the number of periods, or None: "it
    doubles every hour", "after 4 hours" grows by 2 four times over (2^4 = 16), so a product of
    the 2 and the 4 (3 * 2 * 4) models it as growing once by 8. A power, or the factor
    multiplied period by period, is read as the growth."""
    for m in _GROWTH.finditer(question):
        factor = _GROWTH_FACTORS[m.group(1).lower()]
        periods = {float(p.replace(",", "")) for p in re.findall(
            rf"\b(?:after|in|for|over)\s+(\d+)\s+{m.group(3)}", question, re.IGNORECASE)}
        per = float(m.group(2)) if m.group(2) else 1.0
        periods |= {p / per for p in periods}
        for expr, _ in steps:
            if not _PRODUCT_ONLY.fullmatch(expr.strip()):
                continue
            operands = digits(expr)
            if factor in operands and (operands & periods) - {factor}:
                count = min((operands & periods) - {factor})
                return (f"step {expr.strip()} multiplies by {factor:g} and by {count:g}, but "
                        f"'{m.group(0)}' multiplies by {factor:g} once a period: "
                        f"{factor:g}^{count:g} over {count:g} periods")
    return None


def crossed_pair(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step multiplies numbers of two parallel kinds, or None. Kinds the problem sets
    side by side twice ("$12 for adults and $7 for children", "2 adult and 3 child tickets")
    each have a price and a count; a product of one kind's number with the other's (2 adults
    at the children's $7) pairs the wrong things. A product of two unparallel kinds (3 hours at
    60 mph) is how a rate is used, and is left alone."""
    kinds, pairs, written = parallel(question)
    twice = {pair for pair, n in pairs.items() if n >= 2}
    for expr, _ in steps:
        product = _PRODUCT.fullmatch(expr.strip())
        if product is None:
            continue
        a, b = (kinds.get(float(x.replace(",", "")), set()) for x in product.groups())
        if len(a) == 1 and len(b) == 1 and frozenset(a | b) in twice:
            return (f"step {expr} multiplies a number of the {written[a.pop()]} by one of the "
                    f"{written[b.pop()]}")
    return None


def parallel(question: str) -> tuple[dict[float, set[str]], dict[frozenset[str], int],
                                     dict[str, str]]:
    """The kinds ``question`` sets side by side ("$12 for adults and $7 for children", "45 red
    and 30 blue umbrellas"): each number's kinds (stemmed, "child"), how often each pair of
    kinds is set so, and each kind as the problem first writes it."""
    kinds: dict[float, set[str]] = {}
    pairs: dict[frozenset[str], int] = {}
    written: dict[str, str] = {}
    for m in _PARALLEL.finditer(unspaced(question)):
        one, other = (kind(k) for k in (m.group(2), m.group(4)))
        if one == other:
            continue
        written.setdefault(one, m.group(2))
        written.setdefault(other, m.group(4))
        kinds.setdefault(float(m.group(1).replace(",", "")), set()).add(one)
        kinds.setdefault(float(m.group(3).replace(",", "")), set()).add(other)
        pairs[frozenset((one, other))] = pairs.get(frozenset((one, other)), 0) + 1
    return kinds, pairs, written


def kind(word: str) -> str:
    """A kind's word as :func:`parallel` keys it: stemmed, irregular plurals made singular."""
    return _SINGULAR.get(word.lower(), stem(word.lower()))


def reversed_relation(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a step turns a stated relation round, or None: "Lia has 24 shells, which is twice as
    many as Noor has" makes Noor's count 24 / 2, so a step 24 * 2 reads the relation the wrong
    way round (and for "which is half as many as", a step 24 / 2); "24, which is 3 more than
    Lia has" so makes a step 24 + 3 (and "3 fewer than", 24 - 3)."""
    for m in _RELATION.finditer(unspaced(question)):
        number = float(m.group(1).replace(",", ""))
        word = m.group(2).lower()
        factor = float(_FACTOR_WORDS.get(word) or word.split()[0])
        wrong = _QUOTIENT if word == "half" else _PRODUCT
        for expr, _ in steps:
            found = wrong.fullmatch(expr.replace(",", "").strip())
            if found is None:
                continue
            a, b = (float(x) for x in found.groups())
            if (a, b) == (number, factor) or wrong is _PRODUCT and (b, a) == (number, factor):
                return (f"step {expr} reads '{m.group(0)}' the wrong way round: "
                        f"{m.group(1)} is {word} the other, not the other {word} it")
    for m in _OFFSET.finditer(unspaced(question)):
        stated, offset = (float(x.replace(",", "")) for x in m.group(1, 2))
        sign = "+" if m.group(3).lower() == "more" else "-"  # the sign that reads it wrongly
        for expr, _ in steps:
            found = _SUM.fullmatch(expr.replace(",", "").strip())
            if found is None or found.group(2) != sign:
                continue
            a, b = float(found.group(1)), float(found.group(3))
            if (a, b) == (stated, offset) or sign == "+" and (b, a) == (stated, offset):
                return (f"step {expr} reads '{m.group(0)}' the wrong way round: {m.group(1)} "
                        f"is {m.group(2)} {m.group(3)} than the other, not the other "
                        f"{m.group(2)} {m.group(3)} than it")
    return None


def _names(text: str) -> set[str]:
    """The names ``text`` uses, lowercased: capitalised words it never writes in lower case
    ("Kai", "Oslo"; not "Tickets" opening a sentence beside "child tickets")."""
    lower = set(re.findall(r"\b[a-z]+\b", text))
    return {w.lower() for w in _CAPITALISED.findall(text)} - lower - STOP_WORDS


def _raw(text: str) -> set[float]:
    """The numbers ``text`` states, in digits or words."""
    return set(values(text)) | digits(text)
