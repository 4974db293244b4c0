"""A number a tool-use reply gives as a field that the calls changed but no tool result reports.

An order lowers a product's stock, and ``place_order``'s result gives the order, not the stock
left: a reply that says "6 are left in stock" has no source for the 6 (a capable teacher that
read the stock before could subtract; one that did not is guessing). The fields the calls
changed come from the environment's states before and after them (:func:`unread_fields`), the
field a number is given as from the word beside it (:func:`unreported`).
"""

from __future__ import annotations

import re
from typing import Any

from synthloop.validate.tool_facts import clauses, in_order, mentions, show
from synthloop.validate.tool_roles import TOKEN, VALUE_TAIL

# words between a number and the field it gives: "6 are left in stock", "stock is now 6"
_BETWEEN = frozenset("is are was were now still left remain remaining in of the units items "
                     "new at".split())


def unreported(reply: str, labels: list[str], fields: set[str], given: set[float]
               ) -> str | None:
    """A number given as a field (by the word next to it: "6 left in stock", "stock of 6") that
    the calls changed but no result reports (``fields``: :func:`unread_fields`), as a reason:
    the reply cannot know what the write left there. ``given``: the numbers the request, the
    calls' arguments and their results hold, which the reply may repeat."""
    words = {_singular(w) for key in fields for w in re.split(r"[_\W]+", key.casefold()) if w}
    for clause in clauses(reply, labels):
        _, rest = mentions(clause, labels)
        for value, end in in_order(rest):
            if not isinstance(value, float) or value in given:
                continue
            before = TOKEN.findall(VALUE_TAIL.sub("", rest[:end]))
            after = TOKEN.findall(rest[end:])
            said = [next((t for t in side if t.casefold() not in _BETWEEN), "")
                    for side in (before[::-1], after)]
            field = next((w for w in said if _singular(w.casefold()) in words), None)
            if field is not None:
                return (f"the reply gives {show(value)} as the {field} ({clause.strip()!r}); the "
                        f"calls changed the {field}, but no tool result reports it")
    return None


def unread_fields(before: Any, after: Any, results: list[Any]) -> set[str]:
    """The keys of the numeric fields of records that differ between the states ``before`` and
    ``after`` the calls (a stock an order lowered), less those whose words a key of ``results``
    shares (a transfer's ``from_balance`` reports the ``balance``)."""
    reported = {w for r in results for k in _keys(r) for w in k.split("_")}
    return {k for k in _changed(before, after) if not set(k.split("_")) & reported}


def _changed(before: Any, after: Any, key: str = "", depth: int = 0) -> set[str]:
    """The keys of the numeric fields, in objects within objects (a record in a collection, not
    a top-level counter), that differ between two JSON values, or that one of them lacks."""
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        return {k for name in set(old) | set(new)
                for k in _changed(old.get(name), new.get(name), str(name), depth + 1)}
    numeric = any(isinstance(v, (int, float)) and not isinstance(v, bool)
                  for v in (before, after))
    return {key} if numeric and before != after and depth >= 3 else set()


def _keys(node: Any) -> set[str]:
    """Every key of the objects under ``node`` (a tool result)."""
    if isinstance(node, list):
        return {k for item in node for k in _keys(item)}
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    return set()


def _singular(word: str) -> str:
    return word.removesuffix("s")
