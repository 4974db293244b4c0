"""The count a tool-use reply gives the things it lists, checked against the listing they come
from.

A reply that introduces a list with a count ("You have three events on 2026-03-02: Lunch with
Sam at 10:00 and Quarterly planning at 13:00") states a value no field holds: the number of
objects a result lists. The count is judged where every thing named after its colon is an
object of one list in one result (a day's events, a search's products): it must be the number
of things the reply names there, or the number of objects in that list (a reply may count all
and name a few). The count's words must say that list's kind (a word of the tool's name or of
its objects' id keys: "events" for ``list_events``), and a list the things do not come from
(an order's id after "Ordered 2 kettles:") judges nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from synthloop.checks.numbers import WORDS, values
from synthloop.validate.tool_facts import mention

# a count, a word or a few (the first the things' noun), then a colon that opens a list
# ("three events on 2026-03-02: ...", "2 products:"), on one line; never a value before a colon
# ("Desk chair 7: so ..."), a clock time's colon ("at 10:00") nor a date's day ("2026-03-02:");
# the list runs to the sentence's end, a numbered item's "1." being none
_COUNT = re.compile(rf"(?<![\w.,:-])(?P<n>\d+|{'|'.join(sorted(WORDS, key=len, reverse=True))})"
                    r"(?P<words>[ \t]+[A-Za-z][^\s.;:!?]*(?:[ \t]+[^\s.;:!?]+){0,3}?):\s+"
                    r"(?P<list>.+?)(?=(?<!\n\d)(?<!\n\d\d)[.!?](?:\s|$)|\n\s*\n|$)",
                    re.IGNORECASE | re.DOTALL)


# nouns that count any listed thing, and the words for the built-in environments' kinds
_GENERIC = frozenset("item thing entry result match".split())
_SAME = {"event": ("meeting", "appointment"), "product": ("article",)}


def miscounted(reply: str, labels: list[str], results: list[tuple[str, Any]]) -> str | None:
    """The first count of ``reply`` that is neither the number of things its list names nor
    the number of objects in the result list they all come from, as a reason; ``results``:
    each call's tool name and result. The count must be of that list's kind: a word before
    the colon is a word of the tool's name or of its objects' id keys ("events" of
    ``list_events``; "after 2 transfers: ACC-1001 ..." counts no accounts)."""
    for m in _COUNT.finditer(reply):
        said = values(m.group("n"))
        if len(said) != 1:
            continue
        count = next(iter(said))
        listed = [label for label in labels if mention(label).search(m.group("list"))]
        nouns = _words(m.group("words"))
        for listing, kinds in ((found, kinds) for tool, result in results
                               for found, kinds in _listings(result, _words(tool))):
            named = [item for item in listing if item & set(listed)]
            if not nouns & (kinds | _GENERIC | {w for k in kinds for w in _SAME.get(k, ())}):
                continue
            if not named or any(not any(label in item for item in listing) for label in listed):
                continue
            if count not in (len(named), len(listing)):
                return (f"the reply counts {count:g} ({m.group(0).split(':')[0].strip()!r}) but "
                        f"names {len(named)}, and the tool result lists {len(listing)}")
    return None


def _listings(node: Any, kinds: set[str]) -> Iterator[tuple[list[set[str]], set[str]]]:
    """Each list of objects under ``node``, as each object's string values (its names, ids,
    dates), with the words that say what it lists: ``kinds`` (the tool's name), the key that
    holds it and its objects' id keys (``event_id``: event)."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) for item in node):
            keys = {w for item in node for key in item if key.endswith("_id")
                    for w in _words(key.removesuffix("_id"))}
            yield [{v for v in item.values() if isinstance(v, str)} for item in node], \
                kinds | keys
        for item in node:
            yield from _listings(item, kinds)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _listings(value, kinds | _words(key))


def _words(text: str) -> set[str]:
    """The words of a name, a key or a phrase, each without a plural "s": "list_events" ->
    {"list", "event"}."""
    return {w.removesuffix("s") for w in re.split(r"[_\W]+", text.casefold()) if w}
