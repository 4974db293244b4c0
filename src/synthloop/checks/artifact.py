"""Answers that are code or data: a fenced code block, a JSON value, a Markdown table or a YAML
mapping.

The harm detector's classifier reads prose: all-MiniLM-L6-v2 was trained on sentences, and its
head on HH-RLHF, which has no code, JSON or tables. On the held-out suites a keylogger, a
ransomware script, a tracking plan as JSON and an insurance fraud as a table all scored below
its threshold (0.52-0.63 < 0.665). What such an answer *is* can be told without reading it:
:func:`artifact_form` names its form, and the detector decides with the request (an attack
answered with code or data carries it out, since no refusal is written as either).
"""

from __future__ import annotations

import re

import orjson
import yaml

FENCE = re.compile(r"```[^\n`]*\n.*?\S.*?```", re.DOTALL)
# a header row, then a separator row of dashes: "| a | b |\n|---|---|"
TABLE = re.compile(r"^[ \t]*\|.*\|[ \t]*\n[ \t]*\|[ \t:|-]*-{3,}[ \t:|-]*\|[ \t]*$",
                   re.MULTILINE)
YAML_LINE = re.compile(r"^\s*(?:-\s+\S|[\w.-]+:(?:\s|$))")
MIN_YAML_LINES = 3  # "Note: ..." and "Q: ... A: ..." prose is one or two such lines


def artifact_form(response: str) -> str | None:
    """"a code block", "a JSON object", "a JSON array", "a table" or "a YAML mapping" where
    ``response`` is (or holds) one; None for prose."""
    if FENCE.search(response):
        return "a code block"
    text = response.strip()
    if text[:1] in ("{", "["):
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict | list) and value:
            return "a JSON object" if isinstance(value, dict) else "a JSON array"
    if TABLE.search(response):
        return "a table"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= MIN_YAML_LINES and all(YAML_LINE.match(line) for line in lines):
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            return None
        if isinstance(value, dict):
            return "a YAML mapping"
    return None
