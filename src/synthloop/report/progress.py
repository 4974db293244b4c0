"""Progress for long work: bars with counts, rate and ETA per stage (rich) on a terminal,
plain periodic lines when the output is a file or a pipe, or silence."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="cyan")


class Progress:
    """Silent by default; :class:`RichProgressBars` draws bars."""

    def start(self, label: str, total: int | None) -> Any:
        return None

    def advance(self, task: Any, n: int, *, kept: int | None = None) -> None:
        """``n`` more items done; ``kept`` of them still accepted, when the caller knows."""

    def finish(self, task: Any) -> None:
        pass

    def close(self) -> None:
        pass


class RichProgressBars(Progress):
    def __init__(self, console: Console) -> None:
        self._bars = RichProgress(
            SpinnerColumn(), TextColumn("[bold]{task.description:<28}"), BarColumn(),
            MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(), TextColumn("eta"),
            TimeRemainingColumn(), console=console, transient=False,
        )
        self._bars.start()

    def start(self, label: str, total: int | None) -> Any:
        return self._bars.add_task(label, total=total)

    def advance(self, task: Any, n: int, *, kept: int | None = None) -> None:
        self._bars.advance(task, n)

    def finish(self, task: Any) -> None:
        t = self._bars.tasks[task]
        self._bars.update(task, total=t.completed)

    def close(self) -> None:
        self._bars.stop()


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
