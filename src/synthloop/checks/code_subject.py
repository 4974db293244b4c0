"""Whether the code a response defines works on the kind of data its instruction names.

"Write a Python function that reverses a string" answered with ``def reverse_list(items)``
solves a neighbouring task: the code shares the instruction's verb, so its embedding is close,
but its function's name says it takes a list. Where the instruction names kinds of data (a
string, a list, a dictionary, a file, a matrix; not a number, which "the number of" names as
often) and every function the response
defines names in its name only other kinds, the code is for another task.
"""

from __future__ import annotations

import re

# Each kind of data, and the words that name it in an instruction or in a function's name.
_KINDS = {"string": "string strings str text texts word words sentence sentences char chars "
                    "character characters",
          "list": "list lists array arrays items lst tuple tuples sequence",
          "dictionary": "dictionary dictionaries dict dicts map mapping hashmap",
          "file": "file files path paths csv",
          "matrix": "matrix matrices grid"}
_KIND_OF = {word: kind for kind, words in _KINDS.items() for word in words.split()}
_DEFINED = re.compile(r"\b(?:def|function|func|fn)\s+([A-Za-z_]\w*)\s*\(")
_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def other_kind(response: str, instruction: str) -> tuple[str, str] | None:
    """(verdict code, reason) where every function ``response`` defines names only kinds of
    data ``instruction`` does not ("reverse_list" for "reverses a string"), else None."""
    asked = {_KIND_OF[w] for w in re.findall(r"[a-z]+", instruction.lower()) if w in _KIND_OF}
    names = _DEFINED.findall(response)
    if not asked or not names:
        return None
    named = [{_KIND_OF[p.lower()] for p in _PART.findall(name) if p.lower() in _KIND_OF}
             for name in names]
    if not all(named) or any(kinds & asked for kinds in named):
        return None
    return ("off_topic", f"the instruction asks about a {' or '.join(sorted(asked))}, and the "
            f"code's {names[0]} works on a {' or '.join(sorted(named[0]))}")
