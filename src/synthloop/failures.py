"""Why records failed, grouped so a broken stage shows as one cause.

A quarantine reason carries its details (an HTTP body, a timeout's length, a record's own
text), so two records failed by the same broken endpoint rarely share a reason string. The
*error class* drops those details: ``HTTP 500`` for any body, ``timeout``, ``connection
error``; reasons of no known class are their own class (first line, shortened).

The run stops early when a batch's failures are dominated by one infrastructure class
(:func:`dominant_infra_error`): more retries or top-up rounds against a server answering 500
buy nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from synthloop.errors import InfraFailure

_HTTP = re.compile(r"\bHTTP (\d{3})\b|\banswered (\d{3})\b")
_INFRA_WORDS = (("timeout after", "timeout"), ("cannot connect", "connection error"),
                ("connection error", "connection error"))
# A dominant infrastructure error needs at least this many records and half of the batch.
MIN_RECORDS = 3
_REASON_CHARS = 80


def http_status(reason: str) -> int | None:
    """The HTTP status a failure reason names, if any."""
    match = _HTTP.search(reason)
    return int(match.group(1) or match.group(2)) if match else None


def infra_class(reason: str) -> str | None:
    """``HTTP 500``, ``timeout`` or ``connection error`` when the reason is the endpoint's
    (whatever the body or detail), else None."""
    status = http_status(reason)
    if status is not None:
        return f"HTTP {status}"
    low = reason.lower()
    return next((cls for word, cls in _INFRA_WORDS if word in low), None)


def error_class(reason: str | None) -> str:
    """A reason without its per-record details: the infrastructure class, or the reason's
    first line, shortened."""
    if not reason:
        return "(no reason)"
    infra = infra_class(reason)
    if infra is not None:
        return infra
    line = reason.strip().splitlines()[0] if reason.strip() else reason
    return line if len(line) <= _REASON_CHARS else line[:_REASON_CHARS - 1] + "…"


@dataclass(frozen=True)
class Dominant:
    stage: str
    name: str  # "HTTP 500", or "HTTP 5xx" for a mix of server errors
    count: int
    total: int
    example: str
    classes: tuple[tuple[str, int], ...]  # every infrastructure class of the stage, counted

    def describe(self) -> str:
        counts = ", ".join(f"{cls}: {n}" for cls, n in self.classes)
        return (f"stage {self.stage!r} failed {self.count} of {self.total} records with "
                f"{self.name} ({counts}); e.g. {self.example}")


def dominant_infra_error(failures: Iterable[tuple[str | None, str | None]], total: int
                         ) -> Dominant | None:
    """The infrastructure class that failed at least half of ``total`` records (and at least
    :data:`MIN_RECORDS`) at one stage, given (stage, reason) per failed record; exact HTTP
    statuses first, then all 5xx (or 4xx) of a stage together."""
    by_class: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for stage, reason in failures:
        cls = infra_class(reason or "")
        if cls is None or stage is None:
            continue
        by_class[(stage, cls)] += 1
        example.setdefault((stage, cls), reason or "")
    need = max(MIN_RECORDS, -(-total // 2))
    family: Counter[tuple[str, str]] = Counter()
    for (stage, cls), count in by_class.items():
        if cls.startswith("HTTP "):
            family[(stage, f"HTTP {cls[5]}xx")] += count
    for (stage, name), count in [*by_class.most_common(1), *family.most_common(1)]:
        if count >= need:
            mine = [(c, n) for (s, c), n in by_class.most_common() if s == stage]
            first = next(c for c, _ in mine if c[:6] == name[:6])
            return Dominant(stage, name, count, total, example[(stage, first)], tuple(mine))
    return None


def stop_for(dominant: Dominant, when: str) -> InfraFailure:
    """The error that stops a run on ``dominant`` (``when``: where it was seen)."""
    client = dominant.name.startswith("HTTP 4")
    hint = ("the endpoint refuses these requests as configured: check the teacher's settings "
            "(model, structured_output) against what the server supports" if client else
            "the endpoint is failing: check the server")
    return InfraFailure(
        f"{when}: {dominant.describe()}. Stopped early: {hint}, then re-run the same command "
        "to resume (the failed records are kept and will be retried).", client_error=client)
