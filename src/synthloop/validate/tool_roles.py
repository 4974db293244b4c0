"""The role a tool-use reply gives each value and thing it states, checked against the key of the
result field (or call argument) that holds it.

:mod:`synthloop.validate.tool_facts` checks that a value is said of a thing that holds it. A
value can belong to the right thing and still be said in the wrong role: an event's end given
as its start ("the Dentist at 10:00", 10:00 being when it ends), a flight's arrival as its
departure, a book's loan date as its due date, a rate no call applied ("20% interest" where the
call applied 2), a transfer's two accounts turned round ("from B to A" where the call sent from
A to B), a price and a stock count swapped, an order's quantity given as its total. Each role
is a family of words a reply uses (:data:`ROLES`: "starts", "departs", "at" right after a
thing's name; "until", "due", "arrives"; "%" after a value, "rate" before it; "from"; "to",
"into"; "priced"; "in stock" after a count; "total") and of the words a field's key is made
of (``start``, ``departure``; ``end``, ``due_date``; ``rate_percent``; ``from_account``,
``origin``; ``to_account``, ``destination``; ``price``; ``stock``; ``total``).

A value stated with a role word, said of a thing (the last thing its clause names before it), is
judged where that thing has a field of that role: it must be in one, or be a value that thing
held before a later result; it is wrong where it is in another field of that thing (its end, its
loan date), or, for a rate, in no field of any thing. A rate said of nothing named ("Applied 20%
interest") is said of every thing; another role said of nothing named ("the total comes to
$2") is said of the one thing with a field of that role, if only one has one. "at" and "from"
say a start only right after a thing ("Dentist at 10:00"; "free at 14:00" judges nothing), and
a Markdown table's header says the role of its column ("| event | start |").

A thing named right after "from" or "to", right before "sent" or "received", or on either side
of an arrow ("A -> B") must be under the key the word says in at least one object (arguments
or result) that holds it under a from- or a to- key; a thing only ever under the other is turned
round.

A day a clause names is a day of the things it names before it ("Added EV-7 on Thursday 5
March").

Read by sentence: a day that heads a sentence or a list ("On 2026-03-04 you have ...",
"Tuesday 3 March:", "On Monday") is the day of each thing listed after it; a value given as a
gap to a thing ("$6 less than the Kettle") is the gap between it and a thing the sentence names
before. A thing said to have none of a field ("out of stock", "no seats left", "sold out") must
hold 0 in it.

One more reading with its own input: a reply that answers the request's comparison with a
name alone ("Bob, with $2,650 against Alice's $2,750") must name the thing that comparison picks
(:func:`misanswered`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from synthloop.checks.comparison import TEMPORAL, direction
from synthloop.validate.tool_facts import (
    DATE,
    GAP,
    WORDS,
    Facts,
    Value,
    clauses,
    in_order,
    mention,
    mentions,
    picked,
    show,
)

# role: (words a reply says it with, words a field's key says it with)
ROLES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "start": (frozenset("start starts started starting begin begins began beginning depart "
                        "departs departed departing departure leave leaves leaving open opens "
                        "opened opening".split()),
              frozenset("start starts begin begins depart departs departure open opens "
                        "opening".split())),
    "end": (frozenset("end ends ended ending until till finish finishes finished finishing "
                      "arrive arrives arrived arriving arrival land lands landed landing close "
                      "closes closed closing due".split()),
            frozenset("end ends finish finishes arrive arrives arrival close closes closing due "
                      "until".split())),
    # "interest" names the amount as often as the rate ("5% interest ($67.50)"): no rate word
    "rate": (frozenset({"rate"}),
             frozenset("rate percent pct apr interest".split())),
    "from": (frozenset({"from"}), frozenset("from source origin sender payer".split())),
    "to": (frozenset({"to", "into"}), frozenset("to target destination dest recipient "
                                                 "payee".split())),
    # "costs" says a unit price as often as an order's total ("2 kettles cost $70"): no price word
    "price": (frozenset("price prices priced".split()), frozenset("price cost".split())),
    "stock": (frozenset("stock inventory".split()), frozenset("stock inventory".split())),
    "total": (frozenset("total totals totalling totaling".split()), frozenset({"total"})),
}
_VALUE_ROLES = ("start", "end", "rate", "price", "stock", "total")
# words that link a role word to its value, read only there: "the total comes to $70"
_LINK = frozenset("comes came come amounts amounted to".split())
# a count said to be in stock: right after it ("29 in stock", "6 units on hand", "4 left in
# stock", "6 available") or, a few words on, as what is there now ("5 Desk chairs are now in
# stock"; "the 2 kettles you wanted are in stock" says they are available, not how many)
_STOCK_AFTER = re.compile(r"(?:\s+(?:units?|items?|pieces?|\x00+))?\s+(?:(?:left\s+)?"
                          r"(?:in\s+stock|on\s+hand)|available|remaining)\b"
                          r"|(?:\s+[\w\x00-]+){0,3}?\s+(?:is|are)\s+now\s+"
                          r"(?:in\s+stock|on\s+hand)\b", re.IGNORECASE)
# A thing's role by what it does next: "ACC-1002 sent $70", "ACC-1003 received $70".
_DOES = {**dict.fromkeys("sent sends paid pays transferred transfers gave gives wired".split(),
                         "from"),
         **dict.fromkeys("received receives got gets gained gains".split(), "to")}
_ARROW = re.compile(r"\s*(?:->|\u2192|=>|\u27f6)\s*")
# Words that may stand between a role word and what it says the role of ("starts at 09:00",
# "is due on", "rate of 2%", "from your account ACC-1003").
_FILLER = frozenset("is are was were be the a an of on by now your my his her their its "
                    "account acct".split())
_THING = "\x00"  # a thing's name, blanked in a clause so that its words are no role words
TOKEN = re.compile(rf"{_THING}+|[A-Za-z%]+|\d[\w:.,]*")  # a name, a word, a value
# a value's own text, cut off the words before it
VALUE_TAIL = re.compile(r"[$\u20ac\u00a3]?\s?(?:\d{4}-\d{2}-\d{2}|[\w:.,]*)$")
# a value given as a gap to a thing named next: "$6 less than the", "2 units fewer than"
_GAP = re.compile(rf"[$\u20ac\u00a3]?(?P<n>\d[\d,]*(?:\.\d+)?){GAP.pattern}")
# none of a field: "out of stock", "no seats left", "sold out", "none left", "unavailable" (the
# last three of what a thing has in stock)
_NONE = re.compile(r"\bout of (?P<field>[a-z]+)\b|\bno (?P<left>[a-z]+) left\b|\bsold out\b|"
                   r"\bnone left\b|\bunavailable\b",
                   re.IGNORECASE)
_STOCK = frozenset("stock inventory available availability seat remaining left".split())
_NOT = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)
# a reply that opens with a name alone: "Bob, with ...", "It's Alice.", "The answer is Kettle:"
_LEAD = re.compile(r"\s*(?:(?:it'?s|it is|that'?s|that is|the answer is)\s+)?"
                   r"(?P<name>[^,.;:!?\n]+?)\s*(?:[,.;:!?\n]|\s[-\u2013\u2014]\s|$)",
                   re.IGNORECASE)
# a Markdown table (a header row, a |---| row, body rows) and one of its cells once marked
_TABLE = re.compile(r"(?:^|\n)\s*\|[^\n]*\|\s*\n\s*\|[\s:|-]*-[\s:|-]*\|\s*(?:\n\s*\|[^\n]*\|)+")
_TABLE_ROW = re.compile(r"\x01([^\x01\x02]*)\x02([^\x01]*?)(?=\s\x01|$)", re.MULTILINE)
# a day as a reply names it: "2026-03-04", "Tuesday 3 March", "March 3rd", "Mar 3", "Monday"
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = re.compile(rf"(?:\b(?P<wd>{_WEEKDAY}),?\s+)?"
                  rf"(?:(?P<iso>(?<!\d)\d{{4}}-\d{{2}}-\d{{2}}(?!\d))|"
                  rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b|"
                  rf"\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)|"
                  rf"\b(?P<wd2>{_WEEKDAY})\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")  # sentences; a list under a heading is one
# a role noun right after a value: "10:00 start", "11:25 arrival"
_NOUN_AFTER = re.compile(r"\s(start|end|finish|departure|arrival)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def role_of_key(key: str) -> str | None:
    """The role a field's key names ("departure_time": start, "to_account": to), if one."""
    words = set(re.split(r"[_\W]+", key.casefold()))
    found = [role for role, (_, keys) in ROLES.items() if words & keys]
    return found[0] if len(found) == 1 else None


def misroled(reply: str, known: Facts, sources: list[tuple[str, Any]]) -> str | None:
    """The first value or thing ``reply`` states in a role the field holding it does not have,
    as a reason; ``sources``: each call's arguments and its result, each with where it is from
    ("transfer's arguments")."""
    labels = sorted(known.labels, key=len, reverse=True)
    for clause in clauses(_TABLE_ROW.sub(_headed, _TABLE.sub(_rows, reply)), labels):
        wrong = (_value_misroled(clause, labels, known) or _none_left(clause, labels, known)
                 or _misdayed(clause, labels, known) or _thing_misroled(clause, sources))
        if wrong is not None:
            return wrong
    return next(filter(None, (check(sentence, labels, known) for sentence in
                              _SENTENCE.split(reply) for check in (_misdated, _misdiffered))),
                None)


def _rows(table: re.Match[str]) -> str:
    """A Markdown table with each body row's cells marked by its column's header, one row a line:
    "| event | start |" over "| Dentist | 10:00 |" reads "\x01event\x02Dentist \x01start\x02
    10:00" until :func:`_headed` writes it out, so that a header says its column's role."""
    lines = table.group(0).strip("\n").split("\n")
    headers = _cells(lines[0])
    return "\n" + "\n".join(" ".join(f"\x01{h}\x02{c}" for h, c in zip(headers, _cells(line)))
                            for line in lines[2:]) + "\n"


def _headed(cell: re.Match[str]) -> str:
    return f"{cell.group(1)} {cell.group(2)}"


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _misdiffered(sentence: str, labels: list[str], known: Facts) -> str | None:
    """A value given as how far a thing stands from another ("$6 less than the Kettle", "2 fewer
    than SKU-8") that is not the gap between them: the thing it is said of is each other thing
    the sentence names, and the gap is taken in each numeric field the two share; a pair that
    shares none is not judged."""
    for label in labels:
        for m in re.finditer(_GAP.pattern + mention(label).pattern, sentence, re.IGNORECASE):
            value = float(m.group("n").replace(",", ""))
            theirs = _numbers(known, label)
            others = [other for other in labels if other != label
                      and mention(other).search(sentence[:m.start()])
                      and not set(known.about(other)) & set(known.about(label))]
            gaps = {(other, key): abs(mine[key] - theirs[key]) for other in others
                    for mine in [_numbers(known, other)] for key in set(mine) & set(theirs)}
            if gaps and not any(abs(gap - value) < 0.005 for gap in gaps.values()):
                other = next(iter(gaps))[0]
                mine = _numbers(known, other)
                given = ", ".join(f"{key} {show(mine[key])} and {show(theirs[key])} "
                                  f"({show(gap)} apart)" for (o, key), gap in sorted(gaps.items())
                                  if o == other)
                return (f"the reply gives {show(value)} as the gap between {other} and {label} "
                        f"({m.group(0).strip()!r}); the tool results give them {given}")
    return None


def _numbers(known: Facts, label: str) -> dict[str, float]:
    """The numeric fields with one value of the things ``label`` names, in the results."""
    return {k: v for e in known.about(label) if not e.asked for k, vs in e.fields.items()
            if len(vs) == 1 for v in vs if isinstance(v, float)}


def _misdated(sentence: str, labels: list[str], known: Facts) -> str | None:
    """A day that heads a sentence ("On 2026-03-04 you have A at 12:00 and B at 14:00",
    "Tuesday 3 March: A, B", "On Monday: A") said of each thing the sentence names after it: one
    whose results give it other days (and none this one names) is listed under the wrong day. A
    sentence that states two days heads nothing."""
    days = list(_DAY.finditer(sentence))
    named = [(m.start(), label) for label in labels for m in mention(label).finditer(sentence)]
    if len(days) != 1 or not named or days[0].start() > min(at for at, _ in named):
        return None
    day = days[0]
    for _, label in sorted(named):
        about = [e for e in known.about(label) if not e.asked]
        held = {v for e in about for vs in e.fields.values() for v in vs
                if isinstance(v, str) and DATE.fullmatch(v)}
        past = {v for e in about for v in e.past if isinstance(v, str) and DATE.fullmatch(v)}
        if held and not any(_is_day(day, v) for v in held | past):
            return (f"the reply lists {label} under {day.group(0).strip()} "
                    f"({sentence.strip()!r}); the tool results give {label} the day "
                    f"{', '.join(sorted(held))}")
    return None


def _misdayed(clause: str, labels: list[str], known: Facts) -> str | None:
    """The one day a clause names ("Tuesday 3 March", "on Monday"), said of the things it names
    before it, none of whose days (in results or calls, now or before a later result) it is."""
    days = list(_DAY.finditer(clause))
    if len(days) != 1:
        return None
    named = [label for label in labels if (m := mention(label).search(clause))
             and m.start() < days[0].start()]
    about = [e for label in named for e in known.about(label)]
    held = {v for e in about for vs in e.fields.values() for v in vs
            if isinstance(v, str) and DATE.fullmatch(v)}
    past = {v for e in about for v in e.past if isinstance(v, str) and DATE.fullmatch(v)}
    if not held or any(_is_day(days[0], v) for v in held | past):
        return None
    return (f"the reply gives {' and '.join(named)} the day {days[0].group(0).strip()} "
            f"({clause.strip()!r}); the tool results and calls give {', '.join(sorted(held))}")


def _is_day(said: re.Match[str], iso: str) -> bool:
    """Whether the ISO date ``iso`` is the day ``said`` (a :data:`_DAY` match) names."""
    when = date.fromisoformat(iso)
    if said.group("iso"):
        return said.group("iso") == iso
    weekday = said.group("wd") or said.group("wd2")
    if weekday and when.weekday() != _WEEKDAYS.index(weekday.casefold()[:3]):
        return False
    month, day = said.group("m") or said.group("m2"), said.group("d") or said.group("d2")
    return not month or (when.month, when.day) == (_MONTHS.index(month.casefold()[:3]) + 1,
                                                   int(day))


def _blanked(clause: str, labels: list[str]) -> tuple[str, list[tuple[int, str]]]:
    """``clause`` with each thing's name blanked by :data:`_THING` (same length), and where each
    name ends with the label it names."""
    ends: list[tuple[int, str]] = []
    for label in labels:  # longest first, as :func:`mentions` matches them
        for m in mention(label).finditer(clause):
            if _THING not in m.group(0):
                ends.append((m.end(), label))
        clause = mention(label).sub(lambda m: _THING * len(m.group(0)), clause)
    return clause, sorted(ends)


def _value_misroled(clause: str, labels: list[str], known: Facts) -> str | None:
    """A value of ``clause`` said in a role (start, end, rate) whose fields, on the thing it is
    said of, do not hold it, where another field of that thing does, or no field at all."""
    marked, ends = _blanked(clause, labels)
    _, rest = mentions(clause, labels)
    for value, end in in_order(rest):
        after = _NOUN_AFTER.match(marked, end)
        role = _role_before(marked[:end]) or ("rate" if _PERCENT.match(marked, end) else None) \
            or (role_of_key(after.group(1)) if after else None) \
            or ("stock" if _STOCK_AFTER.match(marked, end) else None)
        thing = next((label for at, label in reversed(ends) if at <= end), None)
        if role is None:
            continue
        if thing is None and role != "rate":
            thing = _only_holder(role, known)
            if thing is None:
                continue
        about = known.about(thing) if thing is not None else known.entities
        right = sorted({v for e in about for k, vs in e.fields.items() if role_of_key(k) == role
                        for v in vs}, key=str)
        if not right or value in right or any(value in e.past for e in about):
            continue
        elsewhere = [k for e in about for k, vs in e.fields.items() if value in vs]
        if elsewhere or role == "rate" and not any(value in e.now or value in e.past
                                                   for e in known.entities):
            keys = "/".join(sorted({k for e in about for k in e.fields if role_of_key(k) == role}))
            gives = f"give {show(value)} as its {elsewhere[0]} and" if elsewhere else \
                "give it in no field, and give"
            whose = f"{thing}'s" if thing is not None else "the"
            return (f"the reply gives {show(value)} as {whose} {role} "
                    f"({clause.strip()!r}); the tool results and calls {gives} its {keys} as "
                    f"{', '.join(map(show, right))}")
    return None


def _only_holder(role: str, known: Facts) -> str | None:
    """The one thing with a field of ``role``, which a value said in that role of no thing
    named ("the total comes to $70", "now starts at 16:00" after one move) is said of; None
    where several things have one (a day's listing)."""
    holders = [e for e in known.entities
               if e.labels and any(role_of_key(k) == role for k in e.fields)]
    if not holders:
        return None
    first = known.about(holders[0].labels[0])
    return holders[0].labels[0] if all(e in first for e in holders) else None


def _none_left(clause: str, labels: list[str], known: Facts) -> str | None:
    """A thing said to have none of a field ("out of stock", "no seats left", "sold out") whose
    results give that field a value other than 0, as a reason; a denied one ("not sold out")
    says nothing."""
    marked, ends = _blanked(clause, labels)
    for m in _NONE.finditer(marked):
        thing = next((label for at, label in reversed(ends) if at <= m.start()), None)
        if thing is None or _NOT.search(marked, 0, m.start()):
            continue
        field = (m.group("field") or m.group("left") or "").casefold().removesuffix("s")
        held = {k: vs for e in known.about(thing) if not e.asked for k, vs in e.fields.items()
                if {w.removesuffix("s") for w in re.split(r"[_\W]+", k.casefold())}
                & ({field} if field else _STOCK)}
        if held and not any(0.0 in vs for vs in held.values()):
            key, values = next(iter(held.items()))
            return (f"the reply says {thing} has no {key} ({m.group(0)!r}); the tool results "
                    f"give its {key} as {', '.join(map(show, sorted(values, key=str)))}")
    return None


def _role_before(text: str) -> str | None:
    """The role the words just before a value (its own characters cut off) say: "ends at"
    (end), "rate of" (rate), "Dentist at" (start: "at" right after a thing's name, or after
    "is"), "free at" (none), "total price" (total: the first of two role words)."""
    tokens = TOKEN.findall(VALUE_TAIL.sub("", text))
    at = False
    for n in range(len(tokens) - 1, max(len(tokens) - 5, -1), -1):
        token, word = tokens[n], tokens[n].casefold()
        if word in _FILLER or word in _LINK:
            continue
        if word in ("at", "from"):  # weak: a start only right after a thing ("Dentist at")
            at = True
        elif token.startswith(_THING):
            return "start" if at else None
        elif token[0].isdigit():  # another value stands between: "at 11:00 on 2026-03-03"
            return None
        else:  # a role word before another says the kind of it: "total price" is a total
            said = [r for w in tokens[max(n - 1, 0):n + 1] for r in _VALUE_ROLES
                    if w.casefold() in ROLES[r][0]]
            return said[0] if said else None
    return None


def _thing_misroled(clause: str, sources: list[tuple[str, Any]]) -> str | None:
    """A thing named right after "from" or "to" ("into"), right before "sent" or "received", or
    on either side of an arrow ("A -> B"), that every object holding it under a from- or a to-
    key holds under the other: a transfer turned round."""
    pairs = [(tool, sides) for tool, source in sources for sides in _sides(source)]
    names = dict.fromkeys(v for _, sides in pairs for _, v in sides.values())
    for at, name in sorted((m.start(), n) for n in names for m in mention(n).finditer(clause)):
        before = [w.casefold() for w in TOKEN.findall(clause[:at])]
        after = [w.casefold() for w in TOKEN.findall(clause[at + len(name):])]
        said = next((w for w in reversed(before) if w not in _FILLER), "")
        then = next((w for w in after if w not in _FILLER), "")
        role = next((r for r in ("from", "to") if said in ROLES[r][0]), _DOES.get(then))
        if _ARROW.match(clause, at + len(name)):  # "ACC-1002 -> ACC-1003"
            role = "from"
        elif re.search(rf"{_ARROW.pattern}$", clause[:at]):
            role = "to"
        if role is None:
            continue
        held = [(tool, sides) for tool, sides in pairs
                if any(v == name for _, v in sides.values())]
        if all(sides[role][1] != name for _, sides in held):
            tool, sides = held[0]
            other = "to" if role == "from" else "from"
            return (f"the reply says {role} {name} ({clause.strip()!r}); {tool} give "
                    f"{name} as {sides[other][0]} and {sides[role][1]} as {sides[role][0]}")
    return None


def _sides(node: Any) -> Iterator[dict[str, tuple[str, str]]]:
    """Each JSON object under ``node`` with a from- and a to- key holding names: role -> (key,
    name), e.g. ``{"from": ("from_account", "ACC-1003"), "to": ("to_account", "ACC-1002")}``."""
    if isinstance(node, list):
        for item in node:
            yield from _sides(item)
    elif isinstance(node, dict):
        sides = {role: (k, v) for k, v in node.items() if isinstance(v, str)
                 and (role := role_of_key(k)) in ("from", "to")}
        if len(sides) == 2:
            yield sides
        for value in node.values():
            yield from _sides(value)


def misanswered(request: str, reply: str, known: Facts) -> str | None:
    """A reply that answers the request's comparison ("Who has more money, Alice or Bob?") with
    a thing's name alone before its first break ("Bob, with $2,650 against Alice's $2,750"),
    and no comparative of its own, names the thing the request's comparative picks among those
    the request names, by the field it compares (:func:`synthloop.validate.tool_facts.picked`);
    else the reason. Times ("earlier") are left to the reply's own comparisons."""
    asked = direction(request)
    labels = sorted(known.labels, key=len, reverse=True)
    lead = _LEAD.match(reply)
    if asked is None or asked[0] in TEMPORAL or direction(reply) is not None or lead is None:
        return None
    answer, rest = mentions(lead.group("name"), labels)
    named = mentions(request, labels)[0]
    if len(answer) != 1 or WORDS.search(rest) or len(named) < 2:
        return None
    word, sign, end = asked
    hint = set(re.findall(r"[a-z]+", request[end:].lower())[:2]) | {word}
    found = picked(sign, named, hint, known)
    chosen = next((t for t in named if set(known.about(t)) & set(known.about(answer[0]))), None)
    if found is None or chosen is None or found[2] == chosen:
        return None
    key, values, winner = found
    given = " and ".join(f"{t} {show(v)}" for t, v in values.items())
    return (f"the request's {word!r} compares the {key}; the reply answers {answer[0]} "
            f"({lead.group('name').strip()!r}), but the tool results give {given}: it picks "
            f"{winner}")
