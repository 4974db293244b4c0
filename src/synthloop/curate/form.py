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

A text in none of these forms is its own one body.
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


def question_bodies(text: str) -> list[str]:
    """The questions ``text`` asks (at least one: the text itself, in no known form)."""
    data = _json(text)
    if data is not None:
        return [" ".join(_flatten(data))]
    turns = _asking_turns(text)
    return [_without_options(t) for t in turns] if turns else [_without_options(text)]


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
