"""Progress bars on a terminal: counts, rate and ETA per stage (rich)."""

from __future__ import annotations

from typing import Any

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

from synthloop.report.progress import Progress


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="cyan")


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
