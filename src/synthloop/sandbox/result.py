"""A sandboxed run's typed result, and how the raw facts of a run become its verdict."""

from __future__ import annotations

import re
import signal
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """``pass``/``fail``: the program exited 0 / non-zero on its own. ``timeout``, ``memory``
    and ``violation`` (output, file, disk, process limits, writes outside the work dir, a
    forbidden system call): a limit stopped it. ``crash``: killed by another signal.
    ``infra_error``: the sandbox itself could not start the program (not the program's fault)."""

    PASS = "pass"
    FAIL = "fail"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASH = "crash"
    VIOLATION = "violation"
    INFRA_ERROR = "infra_error"


@dataclass(slots=True)
class RunResult:
    outcome: Outcome
    reason: str
    tier: str
    exit_code: int | None
    signal: int | None
    stdout: bytes
    stderr: bytes
    wall_s: float
    cpu_s: float
    peak_rss_kb: int
    report: bytes = b""  # what it wrote on its report channel (``Program.report``)

    def tail(self, stream: str = "stderr", chars: int = 400) -> str:
        """The last ``chars`` characters of a stream, decoded leniently, one line."""
        data: bytes = getattr(self, stream)
        text = data[-4 * chars:].decode("utf-8", "replace").strip()
        return text[-chars:]

    def usage(self) -> dict[str, Any]:
        """Resource usage to store with a verdict."""
        return {"tier": self.tier, "exit_code": self.exit_code, "signal": self.signal,
                "wall_s": round(self.wall_s, 4), "cpu_s": round(self.cpu_s, 4),
                "peak_rss_kb": self.peak_rss_kb}


@dataclass(slots=True)
class Facts:
    """What the runner observed; ``limit_hit`` is set when the runner itself stopped the
    program (wall deadline, output or disk cap, files left outside the work dir)."""

    exit_code: int | None
    signal: int | None
    cpu_s: float
    cpu_limit_s: int
    stderr: bytes
    limit_hit: tuple[Outcome, str] | None = None
    infra: str | None = None


# Messages a runtime prints when a limit refused it (Python, C, C++, Node). Only a hint: a
# program can print anything, but it cannot turn a failure into a pass this way.
_STDERR_HINTS: list[tuple[re.Pattern[str], Outcome, str]] = [
    (re.compile(r"MemoryError|Cannot allocate memory|std::bad_alloc|heap out of memory"),
     Outcome.MEMORY, "memory limit ({memory_mb} MiB address space)"),
    (re.compile(r"File too large"), Outcome.VIOLATION, "file size limit ({file_mb} MiB)"),
    (re.compile(r"No space left on device|Disk quota exceeded"), Outcome.VIOLATION,
     "disk limit ({disk_mb} MiB)"),
    (re.compile(r"BlockingIOError|Resource temporarily unavailable|can't start new thread"),
     Outcome.VIOLATION, "process limit ({processes} processes)"),
]


def classify(facts: Facts, limits: dict[str, Any]) -> tuple[Outcome, str]:
    """The verdict of a run, with a reason that names the limit hit or the exit status."""
    if facts.infra is not None:
        return Outcome.INFRA_ERROR, f"sandbox could not start the program: {facts.infra}"
    if facts.limit_hit is not None:
        return facts.limit_hit
    sig = facts.signal
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and facts.cpu_s >= facts.cpu_limit_s):
        return Outcome.TIMEOUT, f"CPU time limit ({facts.cpu_limit_s} s)"
    if sig == signal.SIGXFSZ:
        return Outcome.VIOLATION, f"file size limit ({limits['file_mb']} MiB)"
    if sig == signal.SIGSYS:
        return Outcome.VIOLATION, "forbidden system call (seccomp)"
    if sig is not None:
        return Outcome.CRASH, f"killed by {signal.Signals(sig).name}"
    if facts.exit_code == 0:
        return Outcome.PASS, "exit status 0"
    hint = limit_hint(facts.stderr[-8192:].decode("utf-8", "replace"), limits)
    return hint or (Outcome.FAIL, f"exit status {facts.exit_code}")


def limit_hint(text: str, limits: dict[str, Any]) -> tuple[Outcome, str] | None:
    """The limit an error message says the program ran into, if any (``MemoryError``...)."""
    for pattern, outcome, reason in _STDERR_HINTS:
        if pattern.search(text):
            return outcome, reason.format(**limits)
    return None
