"""Which thing a tool-use reply names, checked against the records the tool results give.

:mod:`synthloop.validate.tool_facts` binds a value to a thing the results know. A reply can
also name a thing no result gives, or tie two names the results keep apart:

- an id of a scheme the results use ("SKU-9" where a result gives "SKU-8"), which no result or
  call names, stated with a value ("The Desk chair (SKU-9) has 4 units"): the value comes from
  another thing's lookup, or from nowhere (:func:`unlooked`, ``no_tool_evidence``);
- a name given as the owner of a thing ("Frank's account is ACC-1003", "Erin's ACC-1004"):
  where both are names of records in the results, one record must hold both (the owner lookup
  gives Frank ACC-1002, so "Frank's ... ACC-1003" ties two records: ``wrong_association``);
  where the owner is a capitalised word that no result, call or request holds, the reply gives
  an owner no tool gave (``no_tool_evidence``). A capitalised word that opens a sentence or a
  line is no unknown owner ("Today's ACC-1001 ...").
"""

from __future__ import annotations

import re

from synthloop.validate.tool_facts import Facts, clauses, in_order, mention, mentions, name_of, show

_ID = re.compile(r"(?<![\w-])([A-Za-z]+)-\d+(?![\w-])")
# "<owner>'s [noun] [is] <thing>": "Frank's account is ACC-1003", "Erin's ACC-1004"
_OWNED = r"['\u2019]s\s+(?:[a-z]+\s+)?(?:is\s+|:\s*)?"


def unlooked(reply: str, known: Facts) -> str | None:
    """A clause that names an id of a scheme the results use but that no result or call names,
    and states a value, as a reason."""
    labels = sorted(known.labels, key=len, reverse=True)
    schemes = {m.group(1).casefold() for label in labels if (m := _ID.fullmatch(label))}
    seen = {label.casefold() for label in labels}
    for clause in clauses(reply, labels):
        _, rest = mentions(clause, labels)
        for m in _ID.finditer(rest):
            if m.group(1).casefold() not in schemes or m.group(0).casefold() in seen:
                continue
            values = in_order(rest[:m.start()] + " " * len(m.group(0)) + rest[m.end():])
            if values:
                value = values[0][0]
                holders = known.holders(value, besides=[])
                held = f"; {' and '.join(holders)} {'hold' if len(holders) > 1 else 'holds'} " \
                    f"{show(value)}" if holders else ""
                return (f"the reply states {show(value)} of {m.group(0)} ({clause.strip()!r}), "
                        f"which no tool result or call names{held}")
    return None


def misowned(reply: str, known: Facts, seen: str) -> tuple[str, str] | None:
    """A thing the reply gives to an owner the results do not give it to, as (verdict code,
    reason); ``seen``: the request, calls and results as text."""
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
                if owner.casefold() not in seen.casefold() and not _opens(reply, m.start()):
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


def _opens(text: str, at: int) -> bool:
    """Whether ``at`` opens a sentence, a line or a list item of ``text``."""
    before = text[:at].rstrip(" \t-*\u2022")
    return not before or before[-1] in ".!?:\n"
