"""A record in a few lines for the terminal (``synthloop show``, ``synthloop preview``): who it
is, what it says, what every check decided.

The whole record (lineage, verdict details) is ~100 lines and mostly the same for every record
of a stage; a reader scanning data wants the content and the verdict codes. Each content field
is flattened to one line and clipped to ``FIELD_CHARS`` (a line or two of a terminal).
"""

from __future__ import annotations

from typing import Any

from synthloop.records import Record, content_fields

FIELD_CHARS = 150
MAX_FIELDS = 4
PASS, FAIL = "✓", "✗"


def one_line(value: Any, width: int = FIELD_CHARS) -> str:
    """``value`` on one line (whitespace collapsed; chat messages as ``role: content | ...``),
    clipped with an ellipsis."""
    if isinstance(value, list) and value and all(isinstance(m, dict) for m in value):
        value = " | ".join(f"{m.get('role', '?')}: {m.get('content') or m.get('tool_calls')}"
                           for m in value)
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def record_lines(rec: Record, *, prompt: list[dict[str, Any]] | str | None = None,
                 originals: bool = False, reasons: bool = False) -> list[str]:
    """Id, status and attributes; why it was dropped; its content fields; the messages sent
    (``prompt``: the messages, or the note saying why there are none); with ``originals``, the
    value before each rewrite of every field a stage or reviewer rewrote, oldest first (redacted
    PII: asked for, never by default); one line of verdict codes, or with ``reasons`` one line per verdict with its
    reason (a preview reads why a judge or rule failed without opening the record)."""
    status = "accepted" if rec.accepted else f"{rec.status.value} at {rec.status_stage}"
    attrs = ", ".join(f"{k}={v}" for k, v in rec.attributes.items())
    lines = [f"{rec.id}  {status}" + (f"  {attrs}" if attrs else "")]
    if not rec.accepted:
        lines.append(f"  why: {one_line(rec.status_reason or '')}")
    keys = content_fields(rec.data)
    lines += [f"  {k}: {one_line(rec.data[k])}" for k in keys[:MAX_FIELDS]]
    if len(keys) > MAX_FIELDS:
        lines.append(f"  (+ {', '.join(keys[MAX_FIELDS:])}: --full shows them)")
    if prompt is not None:
        lines.append(f"  sent: {one_line(prompt)}")
    if originals:
        lines += [f"  {k} before rewrite: {one_line(layer['value'])}"
                  for k, layers in rec.originals.items() for layer in layers]
    codes = [f"{PASS if v.passed else FAIL} {v.check}"
             + (f" {v.score:.3g}" if v.score is not None else "") for v in rec.verdicts]
    if reasons and codes:
        lines += [f"  {code}" + (f": {one_line(v.reason)}" if v.reason else "")
                  for code, v in zip(codes, rec.verdicts, strict=True)]
    else:
        lines.append("  " + ("  ".join(codes) or "no verdicts"))
    return lines
