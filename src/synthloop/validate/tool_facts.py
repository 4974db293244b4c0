"""Which thing each value of a tool-use reply is attached to, checked against the tool results.

Replay proves that the goal's values are in the reply; it cannot see that a reply swaps two
prices or reports a moved event at an hour it no longer has. Here the tool results (and the
calls' arguments) are read as *entities*: each JSON object is labelled by its name-like
fields (``name``, ``title``, ``owner``, ``sku``, ``*_id``... or a value shaped like an id,
``EV-2``) and holds its other leaves as values (numbers, clock times, dates). A result without
a label is said of what its call's arguments name: a transfer's ``from_balance`` is the
``balance`` of its ``from_account``. A later result for the same id (``move_event`` after
``list_events``, a transfer after ``get_balance``) supersedes the fields it repeats: what a
*read* showed becomes a *past* value of that entity (the trajectory changed it since); what
an earlier *write* returned stays held (a reply may narrate its steps: "deposited $100,
balance $1,750, then applied 5% interest: $1,837.50").

The reply is cut into clauses (sentences, lines, ``;``, ``, ``, ``: ``): a value stated in a
clause that names entities must be held by one of them, or be a past value of one where it is
given as such ("from 11:00", "was $1,350", a clause that speaks of the past); a value given as
the old one ("moved from 09:00 to 11:00") must not be the new value of a field that changed,
and one given as what a thing now holds ("ACC-1003 now holds $40") must be a result's, not only
what a call asked for (the deposit's $40).
Where a clause names as many things as it states values, the i-th value is said of the i-th
thing ("A and B cost $1 and $2", "A is $1 and B $2"); where it names each thing before its own
values, each value is said of the thing before it ("ORD-1 (3 notebooks) came to $22 and ORD-2
to $18"); a name alone before ": " is a clause with what follows ("Bob: $2,500"), and no clause
breaks inside a bracket ("(SKU-4, $89)"). A clause opening with "which" is said of
the thing named just before it, one with "it" or "there" of any thing named before. A bracket
whose arithmetic gives another value of its clause ("$675 (half of $1,350)") shows that value's
operands: it is a clause of its own, whose values may be past ones. Only values some entity
holds or held are judged: a number no object holds (a count), or only a result that names
nothing, is left to the other checks; a query's arguments (``{"date": ...}``) hide nothing,
so the dates of the events it lists are judged. A list item or table row is one line, so one
clause. A comparison ("so ACC-1002 holds the larger
balance", "the Kettle is cheaper") must pick the thing the results' values pick
(:func:`miscompared`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from synthloop.checks.arithmetic import written_value
from synthloop.checks.clock import CLOCK12, CLOCK24, CLOCK_DOT, NOON, clock_times
from synthloop.checks.comparison import TEMPORAL, direction, extreme
from synthloop.checks.numbers import values as numbers

Value = float | str  # a number, a clock time "HH:MM" or a date "YYYY-MM-DD"

DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")  # an ISO date, "2026-03-04"
_ID = re.compile(r"[A-Za-z]+-\d+")
_LABEL_KEY = re.compile(r"(?:^|_)(?:id|name|title|label|owner|sku)$")
_ID_KEY = re.compile(r"(?:^|_)(?:id|sku)$")
_CLAUSE = re.compile(r"[.;!?]+(?=\s|$)|\n|,\s|:\s|\s(?:but|while|whereas)\s")
_BRACKET = re.compile(r"\(([^()]*)\)")
_PAST = re.compile(r"\b(?:from|was|were|had|previously|before|earlier|old|instead\s+of)\b",
                   re.IGNORECASE)


def stated(text: str) -> set[Value]:
    """The values ``text`` states: dates, clock times, then the numbers of what is left (so
    "2026-03-03" and "14:00" give no stray 2026 or 14)."""
    found: set[Value] = set(DATE.findall(text)) | clock_times(text)
    rest = NOON.sub(" ", CLOCK12.sub(" ", CLOCK_DOT.sub(" ", CLOCK24.sub(" ", DATE.sub(
        " ", text)))))
    return found | set(numbers(rest))


@dataclass(eq=False)  # an entity is itself: two with equal fields are two
class _Entity:
    labels: list[str] = field(default_factory=list)
    fields: dict[str, set[Value]] = field(default_factory=dict)
    written: set[Value] = field(default_factory=set)  # what earlier writes returned
    past: set[Value] = field(default_factory=set)  # what earlier reads showed, since replaced
    changed: set[str] = field(default_factory=set)  # the fields those past values were of
    asked: bool = False  # a call's arguments, not a result

    @property
    def now(self) -> set[Value]:
        return {v for vs in self.fields.values() for v in vs} | self.written

    def named(self, key: str) -> bool:
        return any(label.casefold() == key for label in self.labels)


@dataclass
class Facts:
    """The entities of a trajectory's tool results and arguments."""

    entities: list[_Entity]
    loose: set[Value]  # values of objects without a label: they belong to no one known

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(label for e in self.entities for label in e.labels))

    def about(self, label: str) -> list[_Entity]:
        """The entities ``label`` names, and those a result of them shares another label with
        (the order of SKU-6 is about the product named "Water bottle" whose id is SKU-6;
        arguments link nothing: a transfer's two accounts stay two)."""
        key = label.casefold()
        direct = [e for e in self.entities if e.named(key)]
        bridges = {other.casefold() for e in direct if not e.asked for other in e.labels}
        return [e for e in self.entities
                if e in direct or any(e.named(other) for other in bridges)]

    def holders(self, value: Value, besides: list[_Entity], past: bool = False) -> list[str]:
        """The entities, other than ``besides``, that hold ``value`` now (``past``: held it
        before a later result), named as a reason names them: "Kettle (SKU-2)"."""
        return list(dict.fromkeys(name_of(e.labels) for e in self.entities if e not in besides
                                  and value in (e.past if past else e.now)))


def facts(calls: list[tuple[Any, bool, dict[str, Any]]]) -> Facts:
    """Read the entities of each call's result (in call order, with whether the call changed
    the state, and its arguments) and of the calls' arguments (what was asked for an entity,
    e.g. a deposit's amount, is attached to it; arguments never supersede a result). A result
    without a label of its own is said of the things its arguments name (:func:`_bound`)."""
    by_id: dict[str, _Entity] = {}
    entities: list[_Entity] = []
    loose: set[Value] = set()
    sources = [*((r, False, wrote, args) for r, wrote, args in calls),
               *((args, True, False, {}) for _, _, args in calls)]
    for source, asked, wrote, args in sources:
        for found in _objects(source, []):
            for labels, ident, fields in ([found] if found[0] else _bound(found[2], args)):
                if not labels:  # a query's arguments ("date": ...) say nothing of whose it is
                    if not asked:
                        loose.update(v for vs in fields.values() for v in vs)
                    continue
                entity = by_id.get(ident) if ident and not asked else None
                if entity is None:
                    entity = _Entity(asked=asked)
                    entities.append(entity)
                    if ident and not asked:
                        by_id[ident] = entity
                entity.labels += [label for label in labels if label not in entity.labels]
                for key, vs in fields.items():
                    replaced = entity.fields.get(key, set()) - vs - entity.written
                    entity.past |= replaced
                    if replaced:
                        entity.changed.add(key)
                    entity.fields[key] = vs
                if wrote:
                    entity.written |= {v for vs in fields.values() for v in vs}
    return Facts(entities, loose)


def _bound(fields: dict[str, set[Value]], args: dict[str, Any]
           ) -> Iterator[tuple[list[str], str | None, dict[str, set[Value]]]]:
    """The fields of a result without a label, each said of the thing an argument names: the
    argument whose key shares a word with the field's (a transfer's ``from_balance`` is the
    balance of its ``from_account``, stored as ``balance``), or the only thing the arguments
    name; a field no argument claims belongs to no one known."""
    named = {key: value for key, value in args.items() if isinstance(value, str)
             and (_LABEL_KEY.search(key) or _ID.fullmatch(value))}
    claimed: dict[str, dict[str, set[Value]]] = {}
    for key, vs in fields.items():
        words = key.split("_")
        owner = next((arg for arg in named if set(arg.split("_")) & set(words)), None)
        if owner is not None:
            shared = set(owner.split("_"))
            claimed.setdefault(owner, {})["_".join(w for w in words if w not in shared)
                                          or key] = vs
        elif len(named) == 1:
            claimed.setdefault(next(iter(named)), {})[key] = vs
        else:
            yield [], None, {key: vs}
    for arg, owned in claimed.items():
        label = named[arg]
        yield [label], label if _ID_KEY.search(arg) or _ID.fullmatch(label) else None, owned


def name_of(labels: list[str]) -> str:
    """An entity as a reason names it: its name, then its ids ("Kettle (SKU-2)")."""
    ids = [label for label in labels if _ID.fullmatch(label)]
    names = [label for label in labels if label not in ids]
    if names and ids:
        return f"{', '.join(names)} ({', '.join(ids)})"
    return ", ".join(names or ids)


def _objects(node: Any, inherited: list[str]
             ) -> Iterator[tuple[list[str], str | None, dict[str, set[Value]]]]:
    """Each JSON object under ``node``: its labels (its own, else its parent's), its id and its
    values by key. A list of scalars is one field of the object that holds it."""
    if isinstance(node, list):
        for item in node:
            yield from _objects(item, inherited)
        return
    if not isinstance(node, dict):
        return
    labels: list[str] = []
    ident: str | None = None
    fields: dict[str, set[Value]] = {}
    children = []
    for key, value in node.items():
        if isinstance(value, str) and (_LABEL_KEY.search(key) or _ID.fullmatch(value)):
            labels.append(value)
            if ident is None and (_ID_KEY.search(key) or _ID.fullmatch(value)):
                ident = value
        elif isinstance(value, dict) or isinstance(value, list) and any(
                isinstance(v, (dict, list)) for v in value):
            children.append(value)
        elif isinstance(value, list):
            fields[key] = {v for item in value for v in _leaf(item)}
        else:
            fields[key] = _leaf(value)
    labels = labels or inherited
    yield labels, ident, fields
    for child in children:
        yield from _objects(child, labels)


def _leaf(value: Any) -> set[Value]:
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, (int, float)):
        return {float(value)}
    return stated(str(value))


@dataclass(frozen=True)
class Misattributed:
    """A value the reply attaches to ``entity``, which holds ``holds``; ``owners`` hold it
    (``formerly``: held it before a later result). ``was``: the reply gives the value as the
    entity's old one, where the results give it as its new one (``holds`` its earlier
    values). ``asked``: the reply gives what a call asked for as what the entity now holds."""

    clause: str
    value: Value
    entity: str
    holds: list[Value]
    owners: list[str]
    formerly: bool = False
    was: bool = False
    asked: bool = False

    def reason(self) -> str:
        if self.was:
            return (f"the reply gives {show(self.value)} as {self.entity}'s old value "
                    f"({self.clause!r}); the tool results give it as the new one ({self.entity} "
                    f"was {', '.join(map(show, self.holds))})")
        later = " before a later result" if self.formerly else ""
        only = "as what a call asked for" if self.asked else "before a later result"
        others = f" and {' and '.join(f'{o} {show(self.value)}{later}' for o in self.owners)}" \
            if self.owners else f" ({show(self.value)} only {only})"
        return (f"the reply says {self.entity} {show(self.value)} ({self.clause!r}); the tool "
                f"results give {self.entity} {', '.join(map(show, self.holds)) or 'nothing'}"
                f"{others}")


# A clause that opens with a relative pronoun is said of the thing named just before it
# ("ACC-1002, which now holds $675"); one with another pronoun may be said of any thing named
# before it ("leaving $1,320 there").
_RELATIVE = re.compile(r"^(?:which|who|whose)\b", re.IGNORECASE)
_BACK = re.compile(r"\b(?:it|its|there|they|them|their)\b", re.IGNORECASE)
# The word that says whether a value is an old one ("from 15:00", "was $1,350") or the new one
# ("to 14:00", "now $1,390").
# A value given as what a thing holds now ("now holds $40", "is now at 09:00"), not as a change.
_HOLDS = re.compile(r"\b(?:now|currently)\s+(?:holds?|has|have|is|are|stands\s+at|sits\s+at)"
                    r"\s+(?:at\s+)?[$\u20ac\u00a3]?\s?[\d,.:]+(?:\s?[ap]\.?\s?m\.?)?$",
                    re.IGNORECASE)
_MORE = re.compile(r"\s*(?:more|less|extra|fewer)\b", re.IGNORECASE)  # "now has $100 more"
# what follows a value given as a gap to another thing ("$6 less than", "2 units fewer than"):
# a difference, not a value of the thing it names
GAP = re.compile(r"\s+(?:[a-z]+\s+)?(?:less|more|cheaper|dearer|pricier|fewer|lower|higher|"
                 r"greater|smaller|bigger|above|below|under|over)\s+(?:than\s+)?(?:the\s+)?")
WORDS = re.compile(r"\b(?!(?:the|a|an)\b)\w", re.IGNORECASE)  # more than an article
_TENSE = re.compile(r"\b(?:(from|was|were|had|previously|originally|formerly|old|instead\s+of)|"
                    r"(to|now|new|currently))\b", re.IGNORECASE)


def misattributed(reply: str, known: Facts) -> Misattributed | None:
    """The first value of ``reply`` attached to an entity that does not hold it, if any."""
    labels = sorted(known.labels, key=len, reverse=True)
    before: list[str] = []  # the things named so far
    for part in clauses(reply, labels):
        for clause, derived in _apart(part, labels):
            mentioned, rest = mentions(clause, labels)
            groups = _things(mentioned, known)
            if not mentioned and before and _RELATIVE.match(clause):
                groups = [[before[-1]]]
            pool = [m for g in groups for m in g] + (before if _BACK.search(clause) else [])
            # a value before the clause's first thing may still be the last thing's before it
            # ("It's Alice: $2,750 against Bob's $2,650")
            lead = [*pool, *before[-1:]]
            first = min((m.start() for label in mentioned for m in [mention(label).search(clause)]
                         if m), default=len(clause))
            before += mentioned
            judged = [(v, end, _tense(clause, rest, end), _HOLDS.search(rest, 0, end) is not None
                       and not _MORE.match(rest, end))
                      for v, end in in_order(rest) if v not in known.loose
                      and any(v in e.now or v in e.past for e in known.entities)
                      and not GAP.match(rest, end)]
            # as many values as things: the i-th is said of the i-th ("A and B cost $1 and $2",
            # "A costs $1 and B $2"); things each followed by their values: each value is said
            # of the thing before it ("ORD-1 (3 notebooks) came to $22 and ORD-2 to $18"); else
            # each is said of any of them (one before them all, also of the thing named last)
            owners = _each_after(clause, groups, [end for _, end, _, _ in judged])
            if len(groups) > 1 and len(judged) == len(groups):
                pairs = [(g, (v, t, h)) for g, (v, _, t, h) in zip(groups, judged, strict=True)]
            elif owners is not None:
                pairs = list(zip(owners, ((v, t, h) for v, _, t, h in judged), strict=True))
            else:
                pairs = [(lead if end <= first else pool, (v, t, h))
                         for v, end, t, h in judged if pool]
            for group, (value, tense, holds) in pairs:
                wrong = _wrong(clause, value, (tense, holds, derived), group, known)
                if wrong is not None:
                    return wrong
    return None


def clauses(reply: str, labels: list[str]) -> list[str]:
    """``reply`` cut at :data:`_CLAUSE` outside brackets, a part that is only a thing's name
    joined to the part after it: "Bob: $2,500" and "Notebook: 4 in stock" say the value of the
    name."""
    out: list[str] = []
    start, bare = 0, ""
    cuts = [c for c in _CLAUSE.finditer(reply)  # none inside a bracket: "(SKU-4, $89)"
            if reply.count("(", 0, c.start()) <= reply.count(")", 0, c.start())]
    for cut in [*cuts, None]:
        part = reply[start:cut.start() if cut else len(reply)].strip()
        start = cut.end() if cut else len(reply)
        mentioned, rest = mentions(part, labels)
        if mentioned and not WORDS.search(rest):
            bare = f"{bare}{part}: "
            continue
        if part or bare:
            out.append((bare + part).strip().rstrip(":").strip())
        bare = ""
    return out


def _each_after(clause: str, groups: list[list[str]], ends: list[int]
                ) -> list[list[str]] | None:
    """The thing each value (ending at ``ends``) is said of, where ``clause`` names each thing
    before its own values ("ORD-1 (3 notebooks) came to $22 and ORD-2 (2 staplers) to $18");
    None where it names two things with no value between them ("Gym and Team sync are at
    ...") or a value before any thing, or names fewer than two."""
    if len(groups) < 2:
        return None
    named = sorted((m.start(), n) for n, group in enumerate(groups) for label in group
                   for m in [mention(label).search(clause)] if m)
    events = sorted([*((at, n) for at, n in named), *((end, -1) for end in ends)])
    owners: list[list[str]] = []
    current, fresh = -1, False  # the thing named last; whether it has a value yet
    for _, n in events:
        if n >= 0:
            if n != current and current >= 0 and not fresh:
                return None
            if n != current:
                current, fresh = n, False
        elif current < 0:
            return None
        else:
            owners.append(groups[current])
            fresh = True
    return owners


def _tense(clause: str, rest: str, end: int) -> int:
    """Whether the value that ends at ``end`` of ``clause`` is given as an old value (-1: "from
    15:00", "was 11:00-12:00"), as the new one (1: "to 14:00", "now $1,390") or neither (0). The
    word holds until the next one, or until a thing is named ("from ACC-1003" marks no value);
    ``rest`` is the clause with its things blanked."""
    marks = list(_TENSE.finditer(rest, 0, end))
    if not marks or any(a != b for a, b in zip(clause[marks[-1].end():end],
                                                rest[marks[-1].end():end], strict=True)):
        return 0
    return -1 if marks[-1].group(1) else 1


# Words that compare prices without naming the field ("cheaper", "more expensive", "costs less").
_PRICED = frozenset({"cheaper", "cheapest", "pricier", "priciest", "expensive", "cost", "costs"})
# What comes before a comparison that opens its clause: "so the cheapest is the Kettle".
_OPENS = re.compile(r"\W*(?:(?:and|so|but|thus|hence)\s+)?(?:the\s+)?$", re.IGNORECASE)
# Words that order things in time without a comparative ("comes before", "starts after",
# "precedes"), each with the end of the scale it picks, as
# :func:`synthloop.checks.comparison.direction` gives it; the thing they pick is named before
# them ("A comes before B"), and one that opens its clause ("..., before B") picks nothing.
_ORDER = {"before": -1, "after": 1, "precedes": -1, "follows": 1}
_ORDERING = re.compile(rf"\b({'|'.join(_ORDER)})\b", re.IGNORECASE)
# A clause that denies its comparison ("is not cheaper") says nothing of which is greater.
_DENIED = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)


def miscompared(reply: str, known: Facts) -> str | None:
    """A comparison of ``reply`` that the results turn round, as a reason: the first thing a
    clause with a comparative or superlative names ("so ACC-1002 holds the larger balance",
    "the cheapest is the Kettle") is not the one whose value the word picks, among the things
    that clause names after it, or else all the things the reply names. A comparative after
    which a clause first names a thing compares nothing ("move more money into ACC-1003"),
    nor does one in a question or a denial. The value compared is the field the word after the
    comparative names ("larger balance"; "cheaper" and "more expensive" name a price or a
    cost), else the one numeric field all of them hold; a comparison in time ("earlier", "comes
    before") compares when the things are (:func:`_misordered`)."""
    labels = sorted(known.labels, key=len, reverse=True)
    everything = mentions(reply, labels)[0]
    for clause in clauses(reply, labels):
        order = _ORDERING.search(clause)
        said = direction(clause) or (order and (order.group(1).lower(),
                                                _ORDER[order.group(1).lower()], order.end()))
        mentioned, rest = mentions(clause, labels)
        if not said or not mentioned or _DENIED.search(clause) or "?" in clause:
            continue
        word, sign, end = said
        named_first = next(i for i, (a, b) in enumerate(zip(clause, rest, strict=True)) if a != b)
        if named_first > end and (word in _ORDER or not _OPENS.match(clause[:end - len(word)])):
            continue  # "move more money into ACC-1003": no thing is compared
        rivals = mentioned[1:] or [m for m in everything if m != mentioned[0]]
        things = [g[0] for g in _things([mentioned[0], *rivals], known)]
        if word in TEMPORAL or word in _ORDER:  # times compared, not numbers
            turned = _misordered(clause, word, sign, things, known)
            if turned is not None:
                return turned
            continue
        hint = (set(re.findall(r"[a-z]+", clause[end:].lower())[:2]) | {word}
                | set(re.findall(r"[a-z]+", clause[:end - len(word)].lower())[-1:]))
        found = picked(sign, things, hint, known)
        if found is None:
            continue
        key, values, winner = found
        if winner != things[0]:
            given = " and ".join(f"{t} {show(v)}" for t, v in values.items())
            return (f"the reply's {word!r} picks {things[0]} ({clause.strip()!r}), but by the "
                    f"{key} the tool results give ({given}) it picks {winner}")
    return None


def picked(sign: int, things: list[str], hint: set[str], known: Facts
           ) -> tuple[str, dict[str, float], str] | None:
    """What a comparison picking the end ``sign`` of a scale picks among ``things``: the field
    it compares them by (the one whose key shares a word with ``hint``, the words around the
    comparative: "cheaper" and "more expensive" name a price or a cost; else the one numeric
    field all of them hold), their values in it and the thing it picks; None where no field is
    found."""
    held = [{k: vs for e in known.about(t) if not e.asked for k, vs in e.fields.items()
             if len(vs) == 1 and isinstance(next(iter(vs)), float)} for t in things]
    common = set.intersection(*(set(h) for h in held)) if len(held) > 1 else set()
    if hint & _PRICED:
        hint = hint | {"price", "cost"}
    keys = [k for k in common if set(k.split("_")) & hint] or (
        list(common) if len(common) == 1 else [])
    if not keys:
        return None
    values = {t: float(next(iter(h[keys[0]]))) for t, h in zip(things, held, strict=True)}
    best = extreme(values.values(), sign)
    return keys[0], values, next(t for t, v in values.items() if v == best)


def _misordered(clause: str, word: str, sign: int, things: list[str], known: Facts
                ) -> str | None:
    """A comparison in time ("earlier", "comes before") that picks, of ``things``, another than
    the one whose moment in the results (its earliest date, then its earliest clock time) the
    word picks; None where it picks right or a thing has no moment."""
    moments: dict[str, tuple[str, str]] = {}
    for thing in things:
        held = {v for e in known.about(thing) if not e.asked for vs in e.fields.values()
                for v in vs if isinstance(v, str)}
        dates = sorted(v for v in held if DATE.fullmatch(v))
        clocks = sorted(v for v in held if CLOCK24.fullmatch(v))
        if not dates and not clocks:
            return None
        moments[thing] = (dates[0] if dates else "", clocks[0] if clocks else "")
    best = max(moments.values()) if sign > 0 else min(moments.values())
    if len(things) < 2 or moments[things[0]] == best:
        return None
    given = " and ".join(f"{t} {' '.join(filter(None, m))}" for t, m in moments.items())
    winner = next(t for t, m in moments.items() if m == best)
    return (f"the reply's {word!r} picks {things[0]} ({clause.strip()!r}), but by the times the "
            f"tool results give ({given}) it picks {winner}")


def _apart(clause: str, labels: list[str]) -> list[tuple[str, bool]]:
    """``clause`` without the brackets that derive one of its other values, then each such
    bracket as a clause of its own (with True: a derivation): a derivation's numbers are
    operands of that value, not said of the clause's things ("Transferred $675 (half of $1,350)
    to ACC-1002": $1,350 is not ACC-1002's), only of what the bracket itself names, which may
    have held them before the write ("half of ACC-1003's $1,350"). A bracket that derives
    nothing ("ACC-1002 ($2,600)", "Kettle (SKU-2)") stays in its clause."""
    derivations = [m for m in _BRACKET.finditer(clause) if _derives(m, clause, labels)]
    for m in reversed(derivations):
        clause = f"{clause[:m.start()].rstrip()} {clause[m.end():].lstrip()}".strip()
    return [(clause, False), *((m.group(1), True) for m in derivations)]


# two values set against each other in a bracket show a difference: "by $250 ($1,600 vs $1,350)"
_CONTRAST = re.compile(r"\s+(?:vs\.?|versus|against|compared\s+(?:to|with))\s+", re.IGNORECASE)


def _derives(bracket: re.Match[str], clause: str, labels: list[str]) -> bool:
    """Whether ``bracket`` is arithmetic (:func:`written_value`; the things it names and their
    "'s" aside; two values set against each other, "$1,600 vs $1,350", as their difference)
    whose value ``clause`` states outside it."""
    _, inside = mentions(bracket.group(1), labels)
    _, outside = mentions(clause[:bracket.start()] + clause[bracket.end():], labels)
    inside, contrasted = _CONTRAST.subn(" - ", re.sub(r"\s'?s\b", " ", inside))
    try:
        value = written_value(inside)
    except ValueError:
        return False
    value = abs(value) if contrasted else value
    return any(isinstance(v, float) and abs(v - value) <= 0.005 for v in stated(outside))


def _wrong(clause: str, value: Value, said: tuple[int, bool, bool], things: list[str],
           known: Facts) -> Misattributed | None:
    """``value``, said of ``things`` in ``clause``, where they do not hold it; ``said``: its
    tense (:func:`_tense`), whether the clause gives it as what a thing now holds ("now holds
    $40"), and whether it is the operand of a derived value. A past value of theirs may be
    given as such, or as an operand; what a call asked for (a deposit's $40) is no balance a
    thing now holds where a result says what it holds; a value no other thing holds or held is
    not judged."""
    tense, holds, derived = said
    about = [e for m in things for e in known.about(m)]
    results = [e for e in about if not e.asked]
    if holds and results and not any(value in e.now for e in results) and any(
            value in e.now for e in about):  # "ACC-1003 now holds $40", the deposit's amount
        return Misattributed(clause, value, things[0],
                             sorted({v for e in results for v in e.now}, key=str), [],
                             asked=True)
    past = {v for e in about for v in e.past}
    new = [e for e in about if any(value in e.fields.get(k, set()) for k in e.changed)]
    if tense < 0 and new and value not in past:  # "moved from 14:00", 14:00 its new hour
        return Misattributed(clause, value, things[0], sorted(new[0].past, key=str), [],
                             was=True)
    if any(value in e.now for e in about) or value in past and tense <= 0 and (
            tense < 0 or derived or _PAST.search(clause)):
        return None
    owners = known.holders(value, besides=about)
    formerly = not owners
    if formerly:
        owners = known.holders(value, besides=about, past=True)
    if not owners and value not in past:
        return None
    first = {v for e in known.about(things[0]) for v in e.now}
    return Misattributed(clause, value, things[0], sorted(first, key=str), owners, formerly)


def _things(mentioned: list[str], known: Facts) -> list[list[str]]:
    """The mentions grouped by the thing they name ("Kettle (SKU-2)" is one thing)."""
    groups: list[list[str]] = []
    for label in mentioned:
        same = next((g for g in groups if any(
            e in known.about(g[0]) for e in known.about(label) if not e.asked)), None)
        if same is None:
            groups.append([label])
        else:
            same.append(label)
    return groups


@lru_cache(maxsize=4096)  # each clause is read by several checks
def in_order(text: str) -> tuple[tuple[Value, int], ...]:
    """The values :func:`stated` reads in ``text``, in the order the text states them, each
    with where the shortest prefix that states it ends (cut before a character that is no letter
    or digit: "13:00-14:00" states 13:00 first)."""
    wanted = stated(text)
    first: dict[Value, int] = {}
    for end in [*(m.start() for m in re.finditer(r"[^\w]", text)), len(text)]:
        for value in stated(text[:end]) & wanted:
            first.setdefault(value, end)
    return tuple(sorted(first.items(), key=lambda item: item[1]))


def mentions(clause: str, labels: list[str]) -> tuple[list[str], str]:
    """The labels ``clause`` names, in the order it names them (matched longest first, a plural
    "s" allowed), and the clause with them blanked out, so an id's digits ("SKU-5") are not
    read as a value."""
    found: dict[str, int] = {}
    for label in labels:
        pattern = mention(label)
        if match := pattern.search(clause):
            found[label] = match.start()
            clause = pattern.sub(lambda m: " " * len(m.group(0)), clause)
    return sorted(found, key=found.__getitem__), clause


def mention(label: str) -> re.Pattern[str]:
    """Where a text names ``label``: the whole label, any case, a plural "s" allowed."""
    return re.compile(rf"(?<!\w){re.escape(label)}(?:e?s)?(?!\w)", re.IGNORECASE)


def show(value: Value) -> str:
    return f"{value:g}" if isinstance(value, float) else value
