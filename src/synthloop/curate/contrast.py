"""Whether two near texts say opposite things: "odd" where the other says "even".

A short task statement and its minimal pair ("the sum of fifth powers of the first n *odd*
natural numbers", "... *even* ...") embed as near as a rewording does (all-MiniLM-L6-v2: 0.900
for that MBPP pair, 0.952 for "remove the numbers at odd indices" against "remove odd
numbers"): the words they share are the topic, the one they swap is the task. Of the MBPP
problems outside the test split that reach a cosine of 0.88 to a test problem, 4 of 12 are
such pairs (odd/even twice, right/left, a total "from 1 to n" against one number), and one
more at 0.859 is non-repeated against repeated elements.

:func:`contrast` finds a word that one text states more often than the other while the other
states its opposite more often (counts, so "even numbers at *odd* positions" against "even
numbers at *even* positions" is a contrast too). The opposites are a short list of the
polar words task statements turn on ("more", "before" and the like are stop words,
never compared); a word and its "un" form (set, unset) are opposites too. Parity is said of
values or of places: "remove the numbers at odd indices" is not "remove odd numbers" (0.952),
so where both texts say "odd" or "even" and only one of them says where (index, position),
that is a contrast too (``("index", "")``). WordNet's antonyms would need its corpus
downloaded at run time; this list is what the pairs above need and their kind.
"""

from __future__ import annotations

from collections import Counter

from synthloop.checks.evidence import content_words

_PAIRS = """odd even; left right; first last; maximum minimum; max min; largest smallest;
highest lowest; greatest least; longest shortest; biggest smallest; positive negative;
upper lower; uppercase lowercase; increasing decreasing; ascending descending; prefix suffix;
start end; beginning end; less greater; fewer greater; add subtract;
vowels consonants; vowel consonant; prime composite; rows columns; row column; horizontal
vertical; inner outer; union intersection; encode decode; encrypt decrypt; leftmost
rightmost; true false; valid invalid; open close; front back;
forward backward; top bottom; head tail"""
_PARITY = frozenset({"odd", "even"})
_PLACES = frozenset({"index", "indices", "indexes", "indexed", "position", "positions",
                     "positioned", "place", "places"})
OPPOSITES: dict[str, frozenset[str]] = {}
for _pair in _PAIRS.replace("\n", " ").split(";"):
    _a, _b = _pair.split()
    OPPOSITES[_a] = OPPOSITES.get(_a, frozenset()) | {_b}
    OPPOSITES[_b] = OPPOSITES.get(_b, frozenset()) | {_a}


def contrast(record: str, item: str) -> tuple[str, str] | None:
    """A word ``record`` states more often than ``item`` and its opposite that ``item``
    states more often than ``record`` (``("odd", "even")``); or "non" stated more often by one
    than by the other (``("non", "")``: non-repeated against repeated elements); or, where
    both say "odd" or "even", a place (index, position) said by one only (``("index", "")``);
    else None."""
    mine, theirs = Counter(content_words(record)), Counter(content_words(item))
    more, fewer = mine - theirs, theirs - mine
    if more["non"] or fewer["non"]:
        return ("non", "") if more["non"] else ("", "non")
    if _PARITY & mine.keys() and _PARITY & theirs.keys():
        places = bool(_PLACES & mine.keys()), bool(_PLACES & theirs.keys())
        if places[0] != places[1]:
            return ("index", "") if places[0] else ("", "index")
    for word in sorted(more):
        for other in sorted(_opposites(word)):
            if fewer[other]:
                return word, other
    return None


def _opposites(word: str) -> frozenset[str]:
    """The listed opposites of ``word``, and its form with or without "un" (set, unset)."""
    prefixed = word[2:] if word.startswith("un") and len(word) > 4 else "un" + word
    return OPPOSITES.get(word, frozenset()) | {prefixed}
