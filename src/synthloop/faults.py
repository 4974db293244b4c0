"""Crash injection for the crash-safety tests: a real SIGKILL at a named point.

``SYNTHLOOP_KILL_AT=commit:0:mid@3`` kills the process the 3rd time it reaches the point
``commit:0:mid``: inside the 3rd transaction of the segment starting at stage 0, before COMMIT.
Points: ``commit:<first stage index>:mid``, ``commit:<first stage index>:after``,
``export:row`` and ``llama:request`` (a request reaching the local model's host process).
``SYNTHLOOP_KILL_SIGNAL=SIGSEGV`` sends that signal instead of SIGKILL, as a native crash
would. Unset, this costs one comparison per batch.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_SPEC = os.environ.get("SYNTHLOOP_KILL_AT")
_POINT, _, _NTH = (_SPEC or "").partition("@")
_seen: Counter[str] = Counter()


def checkpoint(point: str) -> None:
    if _SPEC is None or point != _POINT:
        return
    _seen[point] += 1
    if _seen[point] >= int(_NTH or 1):
        os.kill(os.getpid(), signal.Signals[os.environ.get("SYNTHLOOP_KILL_SIGNAL", "SIGKILL")])
