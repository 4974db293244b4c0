"""synthloop's bytecode as an install has it, before a benchmark times a process.

pip compiles a package's bytecode when it installs it; a source checkout run under
PYTHONDONTWRITEBYTECODE (set on this machine) compiles synthloop again in every process,
0.14-0.15 s of CPU a run that no user pays (measured in the neardup and sandbox benchmarks,
load 7-8). Python reads existing .pyc files whatever that variable says, so compiling once
here is enough.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "synthloop"


def compile_synthloop() -> None:
    """Write the checkout's .pyc files (a no-op for those already current)."""
    compileall.compile_dir(PACKAGE, quiet=1)
