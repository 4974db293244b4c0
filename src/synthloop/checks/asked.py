"""What a word problem's question asks for, read against a worked solution's final answer.

A trace can hold every step and still answer the wrong thing: the right count in minutes when
the question asks hours, the amount given away when it asks what is left. The arithmetic alone
cannot see that; the question's last sentence says which unit and which operation the answer
needs. Both readings are narrow on purpose: on GSM8K's 8,792 reference solutions (train and
test) with their questions, :func:`wrong_unit` rejects none and :func:`missing_operation` 4
(all in train; measured with the trace's other checks first, as ``validate.answer_check`` runs).
Two readings of what is counted reject none of them either: a mean divided by one of the values
summed rather than by how many (:func:`mean_divisor`), and the gaps between posts "every 5
metres" counted as the posts where one stands at each end (:func:`gaps_for_posts`).
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.arithmetic import parse_number
from synthloop.checks.evidence import MEASURES, UNITS, stem

_SENTENCE = re.compile(r"(?<=[.?!])\s+")
# "How many (more) hours ...", "How much does she pay, in cents?": the unit is the word after.
_ASKED = re.compile(r"\bhow many (?:more |fewer |less |additional |extra |total |whole |full )?"
                    r"([a-z]+)|\bin (?:total )?([a-z]+)\b(?=[^.?!]*\?)", re.IGNORECASE)
_PERCENT_ASKED = re.compile(r"\bwhat percent(?:age)?\b|\bhow many percent\b", re.IGNORECASE)
# A number with what marks its unit: a dollar sign before it, a percent sign or a word after.
_QUANTITY = re.compile(r"(\$\s*)?(-?\d[\d,]*(?:\.\d+)?)(?:\s*(%)|\s*([A-Za-z]+))?")
# Questions whose answer is a difference or a mean: "how many are left", "how many more A than
# B", "what is the average". Conditions ("If he has 20 left, how many ...") do not count: only
# the clause that asks.
_DIFFERENCE = re.compile(r"\bhow (?:many|much)\b[^?,;]*\b(?:left|remain(?:s|ing)?)\s*(?:over\s*)?"
                         r"\?|\bhow (?:many|much) (?:more|fewer|less)\b[^?]*\bthan\b",
                         re.IGNORECASE)
# "split equally among 6 friends", "shared evenly between them", with a question for each one's
# part ("How much does each friend pay?"): a quotient.
_SHARED = re.compile(r"\b(?:split|shared?|divided?|splits|divides)\b[^.?!]*?\b(?:equally|evenly)\b|"
                     r"\b(?:equally|evenly)\s+(?:split|shared?|divided?)\b", re.IGNORECASE)
_EACH = re.compile(r"\beach\b(?! other)|\bper (?:person|head)\b|\bapiece\b", re.IGNORECASE)
_WH = re.compile(r"\b(?:how|what|which)\b", re.IGNORECASE)  # the clause that asks comes last
_SHARE = re.compile(r"[*x]\s*0?\.\d|0?\.\d+\s*[*x]")  # "20 * .25": a part taken as a product
# Things set "every 5 metres" along a length, the ends counted: a count one more than the gaps.
_EVERY = re.compile(r"\bevery\s+(\d[\d,]*(?:\.\d+)?)\s*-?\s*([a-z]+)", re.IGNORECASE)
_ENDS = re.compile(r"\b(?:at|on)\s+(?:each|both|either)\s+ends?\b|\bincluding\s+(?:the\s+|both\s+)*"
                   r"ends\b|\bat\s+the\s+(?:start|beginning)\s+and\s+(?:at\s+)?the\s+end\b",
                   re.IGNORECASE)
# Words whose referents split a whole in two, each with its opposite (compared stemmed).
_WORDS = re.compile(r"[a-z]+")
_OPPOSITES = tuple((a, b) for pair in """survived:died died:survived passed:failed
failed:passed won:lost lost:won present:absent absent:present alive:dead dead:alive
sold:unsold unsold:sold used:unused unused:used correct:wrong wrong:correct
correct:incorrect incorrect:correct accepted:rejected rejected:accepted hit:missed
missed:hit""".split() for a, b in [pair.split(":")])
_COMPLEMENT_SHARE = re.compile(r"\b1\s*-\s*0?\.\d|\b100\s*-\s*\d")  # 1 - 0.15, 100 - 15
_MEAN = re.compile(r"\b(?:what(?:'s| is| was| will be)?|find|calculate|compute)\s+(?:the|his|"
                   r"her|their|its)?\s*(?:\w+\s)?(?:average|mean)\b(?![^?]*\bis\b)",
                   re.IGNORECASE)
# "By what percent did it fall?" after "falls from $50 to $42": a change taken of where it
# started, so some step divides by the first value.
_PERCENT_CHANGE = re.compile(r"\bwhat percent(?:age)?\b|\bpercent(?:age)? (?:increase|decrease|"
                             r"change|drop|rise|fall|gain|loss)\b", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom \$?(\d[\d,]*(?:\.\d+)?)\b[^.?!]*?\bto \$?\d", re.IGNORECASE)
# "25% off", "a discount of 25%", with a question for the price paid (not the original one).
_PERCENT_OFF = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(?:off|discount)\b|\bdiscount of (\d+(?:\.\d+)?)"
                          r"\s*%", re.IGNORECASE)
_ASKS_PRICE = re.compile(r"\b(?:price|pay|paid|cost|costs|spend|spent)\b", re.IGNORECASE)
_ASKS_BEFORE = re.compile(r"\b(?:original|originally|before|regular|full|usual|discount|save|"
                          r"saves|saved|saving|savings|off)\b", re.IGNORECASE)
_OPERAND = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_PLUS = re.compile(r"\s*\+\s*")
_PLAIN = re.compile(r"\s*\$?\d[\d,]*(?:\.\d+)?\s*")
_QUOTIENT = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)\s*/\s*\$?(\d[\d,]*(?:\.\d+)?)")

_MINUS = re.compile(r"[\d)%]\s*-\s*[$\d(.]")
_DIVIDE = re.compile(r"[\d)%]\s*/\s*[$\d(.]")


def asking(question: str) -> str:
    """The sentence of ``question`` that asks (its last with a question mark, else its last)."""
    sentences = _SENTENCE.split(question.strip())
    return ([s for s in sentences if "?" in s] or sentences)[-1]


def asking_clause(ask: str) -> str:
    """The clause of an asking sentence from its last "how", "what" or "which" on: "If each
    cousin gets 40, how many are there?" asks "how many are there?"; the rest is a condition."""
    return _WH.split(ask)[-1]


def asked_unit(question: str) -> str | None:
    """The unit the question wants its answer in ("hour", "cent", "percent"), or None."""
    ask = asking(question)
    if _PERCENT_ASKED.search(ask):
        return "percent"
    units = [UNITS.get((m.group(1) or m.group(2)).lower()) for m in _ASKED.finditer(ask)]
    return next((u for u in reversed(units) if u in MEASURES), None)


def given_unit(text: str, value: Fraction) -> str | None:
    """The unit ``text`` last gives ``value`` in ("$4.50": "dollar", "180 minutes": "minute"),
    or None where it never writes the value with one."""
    unit = None
    for m in _QUANTITY.finditer(text):
        try:
            if parse_number(m.group(2)) != value:
                continue
        except ValueError:
            continue
        marked = "percent" if m.group(3) else "dollar" if m.group(1) else UNITS.get(
            (m.group(4) or "").lower())
        unit = marked or unit
    return unit


def wrong_unit(question: str, trace: str, final: str) -> str | None:
    """Why ``final`` (the trace's final answer, as written) is in another unit than the one
    ``question`` asks for, or None: the trace last writes its value in another unit of the same
    measure (180 minutes for "how many hours"), or gives a share (0.25) for "what percent"."""
    asked = asked_unit(question)
    if asked is None:
        return None
    value = parse_number(final)
    given = given_unit(trace, value)
    if asked == "percent":
        if 0 < value < 1 and "%" not in final and given != "percent":
            return (f"the question asks for a percent; the final answer {final} is a share "
                    f"({float(value * 100):g}%)")
        return None
    if given is not None and given != asked and MEASURES.get(given) == MEASURES[asked]:
        return f"the question asks for {asked}s; the final answer {final} is in {given}s"
    return None


def missing_operation(question: str, expressions: list[str]) -> str | None:
    """Why the steps (``expressions``: the arithmetic of each, as evaluated) cannot answer
    ``question``, or None: a question asking what is left or how many more has an answer no
    step subtracted or divided for (the total given away, the bigger count), one asking for a
    mean has none divided (the sum), one asking each one's part of what is "split equally" has
    none divided nor a share taken (the whole bill; 72 of GSM8K's 8,792 questions ask so, none
    of their solutions fails), one asking the price paid after "25% off" has no step
    subtracting the discount or taking the 75% left (the discount itself; 71 of GSM8K's 8,792
    questions ask so, none of their solutions fails), one asking the percent change "from $50
    to $42" has no step dividing by where it started (8 / 42 for 8 / 50; no GSM8K question
    words a change so, so it was measured on none), and one asking about the opposite of what
    the problem states ("24 passed", "What percent failed?") has no step subtracting or
    taking the share left (:func:`_complement`; none of GSM8K's solutions fails)."""
    ask = asking(question)
    if _DIFFERENCE.search(ask) and not any(_MINUS.search(e) or _DIVIDE.search(e)
                                           for e in expressions):
        return "the question asks what is left or how many more, and no step subtracts"
    if _MEAN.search(ask) and not any(_DIVIDE.search(e) for e in expressions):
        return "the question asks for an average, and no step divides"
    if (_SHARED.search(question) and _EACH.search(asking_clause(ask))
            and not any(_DIVIDE.search(e) or _SHARE.search(e) for e in expressions)):
        return ("the question asks for each one's part of what is shared equally, and no step "
                "divides")
    if (other := _complement(question, ask)) is not None and not any(
            _MINUS.search(e) or _COMPLEMENT_SHARE.search(e) for e in expressions):
        return (f"the question asks about the rest ({other}), and no step subtracts or takes "
                "the share left")
    off = _PERCENT_OFF.search(question)
    if off is not None and _ASKS_PRICE.search(ask) and not _ASKS_BEFORE.search(ask):
        rate = float(off.group(1) or off.group(2))
        kept = {100 - rate, 1 - rate / 100}
        if not any(_MINUS.search(e) or kept & _operands(e) for e in expressions):
            return (f"the question asks for a price after {off.group(0)}, and no step subtracts "
                    f"the discount or takes the {100 - rate:g}% left")
    if _PERCENT_CHANGE.search(ask) and (change := _FROM_TO.search(question)) is not None:
        start = change.group(1).replace(",", "")
        if not any(re.search(rf"/\s*\(?\$?{re.escape(start)}(?![\d.])", e.replace(",", ""))
                   for e in expressions):
            return (f"the question asks for a percent change from {change.group(1)}, and no "
                    f"step divides by {change.group(1)}")
    return None


def mean_divisor(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why a mean is taken over the wrong count, or None: where the question asks for an
    average, a step dividing a sum of k numbers ("5 + 7 + 9 = 21") by one of the summed values
    ("21 / 7": the 7 km run on Tuesday), not by k, divides by an amount, not by a count of what
    was summed. A divisor some step computes (3 + 3 = 6 women) may be a count and is left
    alone, as is one the problem leaves unsaid (20 / 5 over Monday to Friday)."""
    if not _MEAN.search(asking(question)):
        return None
    sums: dict[float, list[float]] = {}  # each plain sum's value: its terms
    computed: set[float] = set()
    for expr, value in steps:
        terms = _PLUS.split(expr.strip())
        if len(terms) >= 2 and all(_PLAIN.fullmatch(t) for t in terms):
            sums[float(value)] = [float(t.strip().strip("$").replace(",", "")) for t in terms]
        quotient = _QUOTIENT.fullmatch(expr.strip())
        if quotient is not None:
            total, by = (float(x.replace(",", "")) for x in quotient.groups())
            terms_of = sums.get(total, [])
            if len(terms_of) >= 2 and by != len(terms_of) and by in terms_of and by not in computed:
                return (f"step {expr.strip()} divides the sum of {len(terms_of)} values by "
                        f"{by:g}; their mean divides by {len(terms_of)}")
        computed.add(float(value))
    return None


def gaps_for_posts(question: str, steps: list[tuple[str, Fraction]]) -> str | None:
    """Why the answer counts the gaps where the question counts what stands at their ends, or
    None: posts "every 5 metres along a 40-metre fence, with a post at each end" are 40 / 5 = 8
    gaps and 9 posts, so an answer of 8 reached by that division (the last step) counts the
    gaps. "At each end", "at both ends" and "including the ends" say the ends are counted."""
    if not steps or not _ENDS.search(question):
        return None
    spacing = _EVERY.search(question)
    expr, value = steps[-1]
    quotient = _QUOTIENT.fullmatch(expr.strip())
    if spacing is None or quotient is None:
        return None
    by = float(quotient.group(2).replace(",", ""))
    if by != float(spacing.group(1).replace(",", "")) or value.denominator != 1:
        return None
    return (f"step {expr.strip()} counts {value} gaps of {spacing.group(1)} "
            f"{spacing.group(2)}, and with one at each end there are {value + 1}")


def _complement(question: str, ask: str) -> str | None:
    """What the question asks the complement of, or None: the asking clause names the opposite
    of a word of the statement, which the statement never uses ("60 survived", "What fraction
    died?"). A denial ("How many did he not hit?") is not read: solutions reach its complement
    in prose ("not able to hit 3/5 of them") or by adding the other parts, 5 of GSM8K's 8,792
    so."""
    statement = question[:question.rfind(ask)] if ask in question else ""
    clause = asking_clause(ask)
    said = {stem(w) for w in _WORDS.findall(statement.lower())}
    asked = {stem(w) for w in _WORDS.findall(clause.lower())}
    for one, other in _OPPOSITES:
        if stem(one) in asked and stem(other) in said and stem(one) not in said:
            return f"{one}, not {other}"
    return None


def _operands(expression: str) -> set[float]:
    return {float(n) for n in _OPERAND.findall(expression.replace(",", ""))}
