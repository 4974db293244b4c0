"""Which tiers this machine gives, and why not (what to install).

A tier is available when a real run of ``true`` through it passes: the probe exercises the
same runner, launcher, seccomp filter and (for bwrap) warm sandbox that programs get.
"""

from __future__ import annotations

import functools
import os
import subprocess
import threading
from dataclasses import dataclass

from synthloop.errors import SandboxUnavailable
from synthloop.sandbox.bwrap import SANDBOX_PYTHON, binary
from synthloop.sandbox.limits import Limits, Program, Tier
from synthloop.sandbox.run import run_program
from synthloop.sandbox.seccomp import compiled
from synthloop.sandbox.users import is_root

__all__ = ["SANDBOX_PYTHON", "SandboxUnavailable", "TierStatus", "resolve", "statuses",
           "why_unavailable"]


@dataclass(frozen=True, slots=True)
class TierStatus:
    tier: Tier
    available: bool
    detail: str


def _probe(tier: Tier) -> str | None:
    """Why a run of ``true`` fails in ``tier``; None when it passes."""
    result = run_program(Program(argv=["true"]), Limits(wall_s=10), tier)
    if result.outcome.value == "pass":
        return None
    return f"{result.reason}; {result.tail('stderr', 300)}".strip("; ")


@functools.cache
def _rlimits_status() -> TierStatus:
    program, detail = compiled()
    if program is None:
        return TierStatus(Tier.RLIMITS, False, f"{detail}: without it a program has the "
                          "host's network")
    who = ("root: each run gets its own unprivileged uid, a mount namespace where only its "
           "work dir is writable, and an IPC namespace; its processes are killed with kill(-1) "
           "as that uid" if is_root() else
           "unprivileged: the program runs as you; it can read and write what you can and "
           "signal your other processes (synthloop itself is shielded; use bwrap)")
    if (why := _probe(Tier.RLIMITS)) is not None:
        return TierStatus(Tier.RLIMITS, False, f"cannot run a program here: {why}")
    return TierStatus(Tier.RLIMITS, True, f"CPU, memory, processes, file size, open files; "
                      f"own session; {detail}; {who}")


@functools.cache
def _bwrap_status() -> TierStatus:
    found = binary()
    if found is None:
        return TierStatus(Tier.BWRAP, False, "bwrap not found: install the Debian/Ubuntu "
                          "package `bubblewrap` (apt-get install bubblewrap)")
    if not os.access(SANDBOX_PYTHON, os.X_OK):
        return TierStatus(Tier.BWRAP, False, f"no {SANDBOX_PYTHON}: the sandbox's supervisor "
                          "needs a system python3 under /usr (apt-get install python3)")
    program, detail = compiled()
    if program is None:
        return TierStatus(Tier.BWRAP, False, detail)
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    if (why := _probe(Tier.BWRAP)) is not None:
        return TierStatus(Tier.BWRAP, False, f"{version.strip()} cannot start a sandbox here "
                          f"(user namespaces disabled?): {why}")
    return TierStatus(Tier.BWRAP, True, f"{version.strip()}: all namespaces unshared, "
                      f"no network, read-only /usr and /, size-capped tmpfs /work, /tmp and "
                      f"/dev/shm, kept warm; {detail}")


_STATUS = {Tier.RLIMITS: _rlimits_status, Tier.BWRAP: _bwrap_status}
_probing = threading.Lock()  # a thread asking while another probes waits for its answer


def _status(tier: Tier) -> TierStatus:
    """The tier's status, probed once per process, also when two threads ask at once
    (``synthloop run`` probes bwrap in the background while it loads, see checks/prestart.py)."""
    with _probing:
        return _STATUS[tier]()


def statuses() -> list[TierStatus]:
    """Every tier, weakest first, with whether it works here and why (not)."""
    return [_status(tier) for tier in Tier]


def why_unavailable(requested: str) -> str | None:
    """Why the tier a spec names does not work on this machine (what to install); None when
    it works. ``auto`` always works: it falls back to the strongest tier there is. Only the
    tier named is probed (each probe runs a program)."""
    if requested == "auto":
        return None
    status = _status(Tier(requested))
    return None if status.available else status.detail


def resolve(requested: str) -> Tier:
    """``auto`` picks the strongest tier that works (a weaker one is probed only when a
    stronger one fails); a named tier must work, or this raises."""
    if requested == "auto":
        for tier in sorted(Tier, key=lambda t: t.strength, reverse=True):
            if _status(tier).available:
                return tier
        raise SandboxUnavailable("no sandbox tier works here: " + "; ".join(
            s.detail for s in statuses()) + ". Run `synthloop doctor`.")
    if (why := why_unavailable(requested)) is not None:
        raise SandboxUnavailable(f"sandbox tier {requested!r} is not available: {why}. Run "
                                 "`synthloop doctor`; ask for a weaker tier explicitly if that "
                                 "is acceptable.")
    return Tier(requested)
