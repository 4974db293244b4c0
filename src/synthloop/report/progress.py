"""Progress for long work: plain periodic lines when the output is a file or a pipe, or
silence; the bars a terminal gets are in :mod:`synthloop.report.bars` (rich's progress
module is not imported by a run that draws none)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, TextIO


class Progress:
    """Silent by default; :class:`synthloop.report.bars.RichProgressBars` draws bars."""

    def start(self, label: str, total: int | None) -> Any:
        return None

    def advance(self, task: Any, n: int, *, kept: int | None = None) -> None:
        """``n`` more items done; ``kept`` of them still accepted, when the caller knows."""

    def finish(self, task: Any) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class _Line:
    label: str
    total: int | None
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    kept: int = 0
    counted: bool = False  # whether any advance said how many were kept
    printed: float = 0.0


class PlainProgress(Progress):
    """One plain line per stage when it starts, at its first items, then at most every
    ``every_s`` seconds and when it ends (stage, done/total, kept, rate): what a log file or
    CI output can show, where a bar cannot be drawn."""

    def __init__(self, stream: TextIO, every_s: float = 10.0) -> None:
        self.stream = stream
        self.every_s = every_s
        self._tasks: list[_Line] = []

    def start(self, label: str, total: int | None) -> Any:
        self._tasks.append(_Line(label, total))
        task = len(self._tasks) - 1
        self._print(self._tasks[task], "started")
        return task

    def advance(self, task: Any, n: int, *, kept: int | None = None) -> None:
        line = self._tasks[task]
        first = line.done == 0
        line.done += n
        if kept is not None:
            line.kept += kept
            line.counted = True
        if first or time.monotonic() - line.printed >= self.every_s:
            self._print(line, "")

    def finish(self, task: Any) -> None:
        self._print(self._tasks[task], "done")

    def _print(self, line: _Line, state: str) -> None:
        now = time.monotonic()
        line.printed = now
        total = f"/{line.total:,}" if line.total is not None else ""
        parts = [f"{line.label}: {line.done:,}{total}"]
        if line.counted:
            parts.append(f"kept {line.kept:,}")
        elapsed = now - line.started
        if line.done and elapsed > 0:
            parts.append(f"{line.done / elapsed:,.1f}/s")
        parts.append(f"{elapsed:,.0f} s")
        if state:
            parts.append(state)
        self.stream.write(", ".join(parts) + "\n")
        self.stream.flush()
