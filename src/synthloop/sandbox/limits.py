"""What a sandboxed program may use: the limits and the program itself (pure data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt


class Tier(StrEnum):
    """How strongly a program is contained, weakest first.

    ``rlimits``: kernel resource limits, its own session killed whole, a scrubbed environment, a
    fresh working directory and, when synthloop runs as root, a dedicated unprivileged uid.
    Both load a seccomp filter (no sockets but AF_UNIX); as root the rlimits tier also gives
    each run a mount namespace where only its working directory is writable, and an IPC one.
    ``bwrap``: the same inside bubblewrap namespaces (no network, no host files but the
    interpreter, read-only; size-capped tmpfs for all that is writable; its own pid
    namespace), kept warm and reset between programs.
    """

    RLIMITS = "rlimits"
    BWRAP = "bwrap"

    @property
    def strength(self) -> int:
        return list(Tier).index(self)


# What a spec may ask for: ``auto`` is the strongest tier the machine gives.
TierChoice = Literal["auto", "rlimits", "bwrap"]


class Limits(BaseModel):
    """Per-run limits. ``cpu_s`` defaults to the wall limit; sizes are MiB, output KiB."""

    model_config = ConfigDict(extra="forbid")

    wall_s: PositiveFloat = 10.0
    cpu_s: PositiveFloat | None = None
    memory_mb: PositiveInt = 1024  # address space (RLIMIT_AS)
    processes: PositiveInt = 64  # processes and threads of the sandbox user (RLIMIT_NPROC)
    file_mb: PositiveInt = 16  # largest file it may write (RLIMIT_FSIZE)
    disk_mb: PositiveInt = 64  # all files in its working directory together
    open_files: PositiveInt = 64  # RLIMIT_NOFILE
    output_kb: PositiveInt = Field(default=1024, description="stdout and stderr, each")

    def scaled(self, wall_s: float) -> Limits:
        """The same limits with another wall (and CPU) time."""
        return self.model_copy(update={"wall_s": wall_s, "cpu_s": None})


@dataclass(slots=True)
class Program:
    """A command to run in a fresh working directory holding ``files``.

    ``argv`` names files relative to the working directory. ``ro_paths`` are host paths the
    program needs to read (an interpreter's prefix); the bwrap tier binds them read-only at the
    same place, the rlimits tier needs them readable by the sandbox user. With ``report`` the
    program gets a channel of its own as fd 3 (``RunResult.report``): a verdict written there
    cannot have been forged on stdout, and a process the program forks can be kept from it.
    ``trusted`` names files that are the caller's own Python scripts, never the code under
    test: the bwrap tier compiles each once in its warm interpreter (a test harness run for
    every program is not compiled for every program). With ``entry`` the script (``argv[2]``,
    trusted) is a module whose top level only defines, and whose work is the function
    ``entry`` that it calls under ``if __name__ == "__main__"``: the bwrap tier runs that top
    level once in its warm interpreter and each program only calls ``entry``; the rlimits
    tier runs the script.
    """

    argv: list[str]
    stdin: bytes = b""
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    ro_paths: list[str] = field(default_factory=list)
    report: bool = False
    trusted: list[str] = field(default_factory=list)
    entry: str | None = None
