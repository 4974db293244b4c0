"""The questions a record asks, out of the form it is dressed in.

A benchmark item copied into a JSON object, a chat transcript, a few-shot prompt or a
multiple-choice question keeps its question but not its form: JSON keys and quotes, role
labels, answer options and the other turns pull an embedding away from the item and add
numbers that the item does not state. :func:`question_bodies` undoes the common forms, so the
paraphrase pass compares the question itself:

- a JSON object or array: its keys (``box_weight_lb`` reads "box weight lb") and values, in
  order, as one text;
- role-labelled turns (``User:``, ``### Human:``, ``<|user|>``, ``Q:``, ``Question:`` ...):
  each asking turn is a body; answering turns (``Assistant:``, ``A:``, ``Answer:``) and system
  turns are dropped; a text that opens with one such label is read without it;
- answer options, ``(A) ... (B) ...`` inline or ``A) ...`` / ``B. ...`` on lines of their own,
  are cut where at least an A and a B option stand.

A text in none of these forms is its own one body. Two forms hide a problem inside more text:

- a problem split across turns ("User: The hall has 4 rows of 18 seats." ... "User: A quarter
  went to ... How many students?"): the asking turns joined are one more body;
- a problem inside a longer document (a newsletter, a worksheet): in a body of more than
  :data:`LONG` words or of three lines or more, each question sentence with the one, two and
  three sentences before it on its line (a list marker dropped) is one more body, so the
  problem is compared without the document around it.

Two forms put the question in other syntax, each read as one more body:

- a Markdown table ("| ice cream | $3.50 |" under "|---|---|"): its rows as sentences, cells
  joined by colons, the rule rows dropped (GSM8K test's Janet at the mall as a table: cosine
  0.685 with its bars and rules, 0.779 read so);
- a stub in another language's syntax (a Rust ``fn``, a Java method, a TypeScript function)
  under a ``//``, ``///`` or ``/** */`` comment: the comments' text alone, which the signature's
  punctuation otherwise pulls away from the task (HumanEval/59's docstring under a Rust
  signature: 0.793 to that docstring's prose, 0.996 alone).
"""

from __future__ import annotations

import json
import re
from typing import Any

# A role label opening a line: "User:", "### Human:", "**Question:**", "<|user|>"
_LABEL = re.compile(r"^[ \t]*(?:#+[ \t]*|\*\*)?(?:<\|(?P<tag>[a-z]+)\|>|(?P<name>[A-Za-z]+)"
                    r"(?:\*\*)?[ \t]*:(?:\*\*)?)[ \t]*", re.MULTILINE)
_ASKING = frozenset({"user", "human", "q", "question", "problem", "prompt", "input",
                     "instruction", "task"})
_LABELS = _ASKING | frozenset({"assistant", "gpt", "bot", "ai", "model", "a", "answer",
                               "output", "response", "solution", "system"})
# Options: "(A) $780 (B) $800" inline; "A) 2" / "B. 4" / "(C) 5" starting a line
_INLINE = re.compile(r"\(([A-Ea-e])\)")
_LINE_OPTION = re.compile(r"^[ \t]*\(?([A-Ea-e])[).][ \t]+\S.*$", re.MULTILINE)
_KEY_SPLIT = re.compile(r"[_\-]+|(?<=[a-z])(?=[A-Z])")
# A sentence ends at . ! or ? before a space and a capital, digit or quote ("1.25 hours" and
# "Mr. Patel" stay whole only where no capital follows the space)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
# A list marker opening a line: "2. ", "3) ", "- "
_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*\u2022])\s+")
# Bodies longer than this many words, or of several lines, are searched for the problems
# inside them: a GSM8K question has 45 words on average, 79 or fewer in 95% of cases
LONG = 90
# Sentences before a question that a window keeps: GSM8K questions state their facts in 1-3
WINDOW = 3
# A Markdown table's row, and a rule row's cell (":---:")
_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
_RULE = re.compile(r"\s*:?-{3,}:?\s*")
# A comment in C-family syntax: "// ...", "/// ..." or "//! ..." opening a line, "/* ... */"
_LINE_COMMENT = re.compile(r"^[ \t]*//[/!]?[ \t]*(.*)$", re.MULTILINE)
_BLOCK_COMMENT = re.compile(r"/\*+(.*?)\*+/", re.DOTALL)


def question_bodies(text: str) -> list[str]:
    """The questions ``text`` asks (at least one: the text itself, in no known form)."""
    data = _json(text)
    if data is not None:
        return [" ".join(_flatten(data))]
    turns = [_without_options(t) for t in _asking_turns(text)] or [_without_options(text)]
    if len(turns) > 1:
        turns.append("\n".join(turns))
    syntax = [body for body in (_table(text), _comments(text)) if body]
    return turns + [w for t in turns for w in _question_windows(t)] + syntax


def _table(text: str) -> str | None:
    """A Markdown table's rows as sentences of their cells (None without two rows)."""
    rows = [[cell.strip() for cell in m.group(1).split("|")] for m in _ROW.finditer(text)]
    rows = [row for row in rows if not all(_RULE.fullmatch(cell) for cell in row)]
    if len(rows) < 2:
        return None
    sentences = (": ".join(cell for cell in row if cell) for row in rows)
    return " ".join(s if s.endswith((".", "?", "!")) else s + "." for s in sentences)


def _comments(text: str) -> str | None:
    """The text of C-family comments where code stands beside them (None without both)."""
    found = _LINE_COMMENT.findall(text) + [
        " ".join(line.strip().lstrip("*").strip() for line in block.splitlines())
        for block in _BLOCK_COMMENT.findall(text)]
    prose = " ".join(" ".join(found).split())
    code = _BLOCK_COMMENT.sub("", _LINE_COMMENT.sub("", text)).strip()
    return prose if prose and code else None


def _question_windows(body: str) -> list[str]:
    """Each question sentence of a long ``body`` with the 1 to ``WINDOW`` sentences before it
    on its line (none for a body of ``LONG`` words or fewer on fewer than three lines)."""
    lines = [line for line in body.splitlines() if line.strip()]
    if len(body.split()) <= LONG and len(lines) < 3:
        return []
    out = []
    for line in lines:
        sentences = _SENTENCE.split(_MARKER.sub("", line).strip())
        for end, sentence in enumerate(sentences):
            if sentence.endswith("?"):
                out += [" ".join(sentences[start:end + 1])
                        for start in range(max(0, end - WINDOW), end)]
    return [w for w in dict.fromkeys(out) if w != body]


def _json(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    return data if isinstance(data, dict | list) else None


def _flatten(data: Any) -> list[str]:
    """Keys as words and values, depth first, in document order."""
    if isinstance(data, dict):
        out: list[str] = []
        for key, value in data.items():
            out.append(" ".join(_KEY_SPLIT.split(str(key))).strip().lower())
            out += _flatten(value)
        return out
    if isinstance(data, list):
        return [part for value in data for part in _flatten(value)]
    if isinstance(data, str):
        return [" ".join(_KEY_SPLIT.split(data)) if " " not in data else data]
    return [] if data is None else [str(data)]


def _asking_turns(text: str) -> list[str]:
    """The asking turns of a role-labelled text; [] when it has no asking turn, or one label
    alone that does not open it ("... as follows. Input: ..." is no transcript)."""
    labels = [m for m in _LABEL.finditer(text)
              if (m.group("tag") or m.group("name")).lower() in _LABELS]
    if not labels or len(labels) == 1 and text[:labels[0].start()].strip():
        return []
    turns = []
    for m, after in zip(labels, [*labels[1:], None], strict=True):
        role = (m.group("tag") or m.group("name")).lower()
        body = text[m.end():after.start() if after else len(text)].strip()
        if role in _ASKING and body:
            turns.append(body)
    return turns


def _without_options(text: str) -> str:
    inline = list(_INLINE.finditer(text))
    letters = {m.group(1).upper() for m in inline}
    if {"A", "B"} <= letters:
        text = text[:min(m.start() for m in inline if m.group(1).upper() == "A")]
    lines = list(_LINE_OPTION.finditer(text))
    if {"A", "B"} <= {m.group(1).upper() for m in lines}:
        text = _LINE_OPTION.sub("", text)
    return text.strip()
