"""Which thing a tool-use reply names, checked against the records the tool results give.

:mod:`synthloop.validate.tool_facts` binds a value to a thing the results know. A reply can
also name a thing no result gives, or tie two names the results keep apart:

- an id of a scheme the results use ("SKU-9" where a result gives "SKU-8"), which no result or
  call names, stated with a value ("The Desk chair (SKU-9) has 4 units"), or a name only the
  environment's state holds, in a clause naming nothing the results do ("The Desk chair has 4
  units"): the value comes from another thing's lookup, or from nowhere (:func:`unlooked`,
  ``no_tool_evidence``);
- a name given as the owner of a thing ("Frank's account is ACC-1003", "Erin's ACC-1004"):
  where both are names of records in the results, one record must hold both (the owner lookup
  gives Frank ACC-1002, so "Frank's ... ACC-1003" ties two records: ``wrong_association``);
  where the owner is a capitalised word that no result, call or request holds, the reply gives
  an owner no tool gave (``no_tool_evidence``). A capitalised word that opens a sentence or a
  line is an owner only where the environment's state holds it as a name ("Erin's ACC-1004",
  not "Today's ACC-1001 ...");
- a name set beside an id ("Emma (BK-1)", "BK-1 (Emma)", "EV-5, your Budget review", "BK-1,
  Emma's", "BK-1 belongs to Emma", "Emma, BK-1"): the results must not give it to another
  thing (``wrong_association``), and some result, call or the request must hold it
  (``no_tool_evidence``), :func:`misnamed`.

An owner or a name no result, call or request holds is still kept where the environment's
state ties it to the id (:class:`Seen`): identity the request's context may carry, not a value
that needs a read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from synthloop.validate.tool_facts import Facts, clauses, in_order, mention, mentions, name_of, show

_ID = re.compile(r"(?<![\w-])([A-Za-z]+)-\d+(?![\w-])")
# a name beside an id: "Kettle (ID)", "ID (Kettle)", "ID, your Budget review", "ID, Frank's",
# "ID belongs to Frank", "Budget review, ID"
_BESIDE = (r"(?P<before>[A-Z][\w'\u2019-]*(?:\s[a-z][\w'\u2019-]*){0,3})\s\(ID\)"
           r"|\bID\s\((?P<after>[A-Z][^\d()]*)\)"
           r"|\bID,\s(?:your|the|my)\s(?P<appos>[A-Z][\w-]*(?:\s[a-z][\w-]*)?)"
           r"|\bID,\s(?P<owner>[A-Z][\w-]*)['\u2019]s\b"
           r"|\bID,?\s(?:belongs\sto|is\sowned\sby|owned\sby)\s(?P<holder>[A-Z][\w-]*)"
           r"|(?P<lead>[A-Z][\w-]*(?:\s[a-z][\w-]*){0,3}),\sID\b")
# "<owner>'s [noun] [is] <thing>": "Frank's account is ACC-1003", "Erin's ACC-1004"
_OWNED = r"['\u2019]s\s+(?:[a-z]+\s+)?(?:is\s+|:\s*)?"


def unlooked(reply: str, known: Facts, seen: Seen) -> str | None:
    """A clause that states a value of a thing no result or call names, and names no thing they
    do, as a reason: an id of a scheme the results use ("SKU-9" beside "SKU-8"), or a name the
    environment's state holds that the request, calls and results do not, nor ties to a thing
    they name ("the Desk chair", when only the Stapler was looked up; not "2 desk chairs"
    ordered as SKU-9, whose name the order's result does not give)."""
    labels = sorted(known.labels, key=len, reverse=True)
    schemes = {m.group(1).casefold() for label in labels if (m := _ID.fullmatch(label))}
    looked = {label.casefold() for label in labels}
    names = [n for n in seen.names() if n.casefold() not in looked
             and not _word(n).search(seen.text) and not any(seen.tied(lab, n) for lab in labels)]
    strangers = {m.group(0) for m in _ID.finditer(reply) if m.group(1).casefold() in schemes
                 and m.group(0).casefold() not in looked}  # a clause of its own: "SKU-9: 4 left"
    for clause in clauses(reply, sorted([*labels, *strangers], key=len, reverse=True)):
        mentioned, rest = mentions(clause, labels)
        unknown = [m for m in _ID.finditer(rest) if m.group(0) in strangers]
        if not unknown:  # a name of its own ("Iron panel"), read before those inside it ("Iron")
            unnamed, blank = mentions(clause, names)
            mentioned, rest = mentions(blank, labels)
            first = mention(unnamed[0]).search(clause) if unnamed and not mentioned else None
            unknown = [first] if first else []
        for m in unknown[:1]:
            values = in_order(rest[:m.start()] + " " * len(m.group(0)) + rest[m.end():])
            if values:
                value = values[0][0]
                holders = known.holders(value, besides=[])
                held = f"; {' and '.join(holders)} {'hold' if len(holders) > 1 else 'holds'} " \
                    f"{show(value)}" if holders else ""
                return (f"the reply states {show(value)} of {m.group(0)} ({clause.strip()!r}), "
                        f"which no tool result or call names{held}")
    return None


@dataclass(frozen=True)
class Seen:
    """What a name the reply gives a thing may come from: ``text``, the request, the calls'
    arguments and their results; ``states``, the environment's states before and after the
    calls, where a record that holds both the thing's id and the name ties them (a true owner
    the request and results do not name is no invention: "ACC-1004 (Bob)")."""

    text: str
    states: tuple[Any, ...]

    @cached_property
    def records(self) -> tuple[tuple[str, ...], ...]:
        """Each object of the states as its strings: the key it is filed under
        (``accounts["ACC-1004"]``) and its string values."""
        return tuple(found for state in self.states for found in _records(state, ""))

    def gives(self, label: str, name: str) -> bool:
        """Whether ``name``'s first word ("Dentist" of "Dentist appointment") is in the text, or
        in a record that holds ``label``."""
        head = name.split()[0]
        return _word(head).search(self.text) is not None or self.tied(label, head)

    def tied(self, label: str, name: str) -> bool:
        """Whether a record holds ``label`` and a value with ``name`` in it."""
        word = _word(name)
        return any(label in record and any(word.search(v) for v in record if v != label)
                   for record in self.records)

    def names(self) -> list[str]:
        """The capitalised names the states' records hold ("Desk chair", "Erin"), longest
        first."""
        found = {v for record in self.records for v in record[1:]
                 if v[:1].isupper() and not _ID.fullmatch(v)}
        return sorted(found, key=len, reverse=True)

    def knows(self, word: str) -> bool:
        """Whether a record of the states holds ``word`` as a whole value (a name, "Erin")."""
        return any(v.casefold() == word.casefold() for record in self.records
                   for v in record[1:])


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _records(node: Any, key: str) -> Iterator[tuple[str, ...]]:
    if isinstance(node, list):
        for item in node:
            yield from _records(item, "")
    elif isinstance(node, dict):
        yield (key, *(v for v in node.values() if isinstance(v, str)))
        for k, v in node.items():
            yield from _records(v, str(k))


def misowned(reply: str, known: Facts, seen: Seen) -> tuple[str, str] | None:
    """A thing the reply gives to an owner the results do not give it to, as (verdict code,
    reason)."""
    labels = sorted(known.labels, key=len, reverse=True)
    owners = [re.escape(label) for label in labels] + [r"[A-Z][a-z]+"]
    for label in labels:
        things = [e for e in known.about(label) if not e.asked]
        if not things:
            continue
        for m in re.finditer(rf"(?<![\w'])(?P<owner>{'|'.join(owners)}){_OWNED}"
                             rf"{mention(label).pattern}", reply):
            owner = m.group("owner")
            if owner.casefold() not in (lab.casefold() for lab in labels):
                if not seen.gives(label, owner) and (seen.knows(owner)
                                                     or not _opens(reply, m.start())):
                    return "no_tool_evidence", (
                        f"the reply gives {label} to {owner} ({m.group(0)!r}), whom no tool "
                        "result, call or request names")
                continue
            mine = {lab.casefold() for e in things for lab in e.labels}
            theirs = [lab for e in known.about(owner) if not e.asked for lab in e.labels
                      if lab.casefold() != owner.casefold()]
            if owner.casefold() not in mine and theirs:
                others = [lab for e in things for lab in e.labels if lab != label]
                return "wrong_association", (
                    f"the reply gives {label} to {owner} ({m.group(0)!r}); the tool results give "
                    f"{owner} {', '.join(dict.fromkeys(theirs))} and {label} to "
                    f"{name_of(others) or 'no one'}")
    return None


def misnamed(reply: str, known: Facts, seen: Seen) -> tuple[str, str] | None:
    """A name the reply sets beside a thing's id ("Kettle (SKU-2)", "SKU-2 (Kettle)", "EV-5,
    your Budget review") that the results give another thing (``wrong_association``), or whose
    first word no result, call or request holds (``no_tool_evidence``), as (verdict code,
    reason). Before an id, the name runs from its last capitalised word, not a sentence's
    first ("Ordered three notebooks (ORD-1)" names nothing)."""
    labels = sorted(known.labels, key=len, reverse=True)
    for label in (label for label in labels if _ID.fullmatch(label)):
        things = [e for e in known.about(label) if not e.asked]
        for m in re.finditer(_BESIDE.replace("ID", re.escape(label)), reply) if things else ():
            name = next(g for g in m.groups() if g)
            if (m.group("before") or m.group("lead")) and _opens(reply, m.start()):
                continue
            other = next((lab for lab in labels if lab != label
                          and mention(lab).search(name) is not None), None)
            if other is None:
                if seen.gives(label, name):
                    continue
                return "no_tool_evidence", (
                    f"the reply names {label} {name!r} ({m.group(0)!r}); no tool result, call "
                    "or request gives that name")
            theirs = [e for e in known.about(other) if not e.asked]
            if theirs and not set(theirs) & set(things):
                return "wrong_association", (
                    f"the reply names {label} {other} ({m.group(0)!r}); the tool results give "
                    f"{other} to {_others(theirs, other)} and {label} to "
                    f"{_others(things, label) or 'no name'}")
    return None


def _others(things: list[Any], label: str) -> str:
    """The labels of ``things`` other than ``label``, as a reason names them."""
    return name_of([lab for lab in dict.fromkeys(lab for e in things for lab in e.labels)
                    if lab != label])


def _opens(text: str, at: int) -> bool:
    """Whether ``at`` opens a sentence, a line or a list item of ``text``."""
    before = text[:at].rstrip(" \t-*\u2022")
    return not before or before[-1] in ".!?:\n"
