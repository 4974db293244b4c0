"""``synthloop.sandbox``: run an untrusted program with stdin, files and limits, and get a typed
result (exit status, output tails, wall and CPU time, peak memory, a verdict with a reason).

Tiers (``rlimits``, ``bwrap``) are chosen by what the machine has; :class:`Sandbox` resolves
the one a caller asks for once, and refuses (``SandboxUnavailable``) rather than run weaker.
``synthloop doctor`` prints :func:`statuses`.
"""

from __future__ import annotations

from synthloop.sandbox.limits import Limits, Program, Tier
from synthloop.sandbox.result import Outcome, RunResult
from synthloop.sandbox.run import run_program
from synthloop.sandbox.tiers import SandboxUnavailable, TierStatus, resolve, statuses
from synthloop.sandbox.users import is_root, protect_self


class Sandbox:
    """A resolved tier: ``Sandbox("auto")`` is the strongest this machine gives."""

    def __init__(self, tier: str = "auto") -> None:
        self.tier = resolve(tier)
        if self.tier is Tier.RLIMITS and not is_root():
            protect_self()

    def run(self, program: Program, limits: Limits | None = None) -> RunResult:
        return run_program(program, limits or Limits(), self.tier)


__all__ = ["Limits", "Outcome", "Program", "RunResult", "Sandbox", "SandboxUnavailable", "Tier",
           "TierStatus", "resolve", "statuses"]
