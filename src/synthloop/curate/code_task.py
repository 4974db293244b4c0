"""What names a code task apart from its wording: its test inputs, and its docstring's prose.

A HumanEval or MBPP task restated as a plain request, or as a stub with a docstring of its own,
keeps few of the task's words, and the embedding of a short request is as near to other tasks
of the same topic. A copy that quotes the task's tests is that task: a record that feeds
``[15, -73, 14, -15]`` or ``{'a':1, 'b': {'c': {'d': {}}}}`` to a function has read them.
:func:`literals` reads the bracketed data of any text, prose or code, so that the
decontamination stage can compare a record's with each item's (prompt, solution and tests).

Literals are kept only where they are data of some size: a bracketed group of two elements or
more, of numbers and strings only (no names), spaces dropped (``[15, -73, 14]`` is
``[15,-73,14]``), of at least :data:`MIN_CONTENT` characters besides brackets, quotes and
commas: ``(1, 2)``, ``[1, 2, 3, 4, 5]`` or ``('a', 'b', 'c')`` is in any code (the last, in an
MBPP test and an MBPP problem outside the test split, was the one literal such problems shared
with a test problem). Function names do not name a task: 51 of MBPP's 474 problems outside the
test split define a function that a test problem defines (``check_isosceles`` for a scalene
check, ``count_set_bits`` from 1 to n against for one number), at cosines of 0.74-0.90.
A stub that defines the task's own function with a docstring of its own is as near
(``def special_factorial(n)``, HumanEval/139's: 0.811): :func:`defined_names` is read by
the decontamination stage only at a cosine above those (its docs give the cost on the 474).

A HumanEval prompt is a signature, a docstring and its examples; a plain request restating it
is near the docstring's prose only (HumanEval/12 as a request: cosine 0.79 to the prompt, 0.86
to its prose). :func:`docstring_prose` is that prose: the first docstring up to its examples.
"""

from __future__ import annotations

import re

_OPEN = {"[": "]", "{": "}", "(": ")"}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"[A-Za-z_]")
_DEF = re.compile(r"\bdef\s+([A-Za-z_]\w*)\s*\(")
_CAMEL = re.compile(r"[a-z][A-Z]")
_FRAME = re.compile(r"[\[\](){}'\",]")
MIN_CONTENT = 6
_DOCSTRING = re.compile(r"(\"\"\"|\'\'\')(.*?)(?:\1|$)", re.DOTALL)
# Where a docstring's examples start: ">>> f(1)", "For example:", "Example 1:", "Note:"
_EXAMPLES = re.compile(r"(?:^|\n)\s*(?:>>>|for example|examples?\b|note\b|input:)", re.IGNORECASE)


def defined_names(text: str) -> frozenset[str]:
    """The functions ``text`` defines whose names are compound (``is_happy``,
    ``findMax``): a single word (``solve``, ``add``) names no task."""
    return frozenset(n for n in _DEF.findall(text) if "_" in n.strip("_") or _CAMEL.search(n))


def literals(text: str) -> frozenset[str]:
    """The bracketed data groups of ``text`` at any depth, spaces dropped."""
    out: set[str] = set()
    stack: list[int] = []
    for i, char in enumerate(text):
        if char in _OPEN:
            stack.append(i)
        elif stack and char == _OPEN[text[stack[-1]]]:
            group = re.sub(r"\s+", "", text[stack.pop():i + 1])
            if (len(_FRAME.sub("", group)) >= MIN_CONTENT and _is_data(group)
                    and _elements(group) > 1):
                out.add(group)
        elif char in _OPEN.values():
            stack.clear()  # unbalanced: start again after it
    return frozenset(out)


def _is_data(group: str) -> bool:
    """Numbers and strings only: ``(test_tup1, test_tup2)`` or ``(2, len(l))`` is code."""
    bare = _QUOTED.sub("", group)
    return not _NAME.search(bare) and (bare != group or any(c.isdigit() for c in bare))


def _elements(group: str) -> int:
    """Top-level elements of a bracketed group without spaces."""
    depth, count = 0, 1
    for char in group[1:-1]:
        depth += char in _OPEN
        depth -= char in _OPEN.values()
        count += char == "," and depth == 0
    return count


def docstring_prose(text: str) -> str | None:
    """The first docstring of ``text`` up to its examples, spaces collapsed; None when it has
    no docstring or the docstring is all examples."""
    found = _DOCSTRING.search(text)
    if found is None:
        return None
    prose = " ".join(_EXAMPLES.split(found.group(2), maxsplit=1)[0].split())
    return prose or None
