"""Per-item scoring of generated answers: exact match of the final answer, pass@1 of code.

Exact match compares *final answers*, not texts: the value after the last ``#### `` line
(GSM8K's convention, which the SFT data teaches) or else the last number in the output, as an
exact fraction, so ``1,200``, ``$1200`` and ``1200.0`` all match ``1200``. Non-numeric answers
compare as case-folded, whitespace-collapsed strings.

Code runs in a separate Python process (isolated mode, empty environment, a scratch directory,
CPU-time and memory limits, killed with its process group on timeout): generated code never
runs in synthloop's own process.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from synthloop.checks.arithmetic import FINAL, parse_number
from synthloop.codeblocks import extract_code

_NUMBER = re.compile(r"-?\$?\d[\d,]*(?:\.\d+)?")


def final_answer(text: str) -> str | None:
    """The final answer in a solution: after the last ``####``, else the last number."""
    finals: list[str] = FINAL.findall(text)
    if finals:
        return finals[-1].strip()
    numbers = _NUMBER.findall(text)
    return numbers[-1] if numbers else None


def same_answer(predicted: str | None, gold: str) -> bool:
    """Whether two final answers are equal (numerically when both are numbers)."""
    if predicted is None:
        return False
    gold_final = final_answer(gold) if "####" in gold else gold
    if gold_final is None:
        return False
    try:
        return parse_number(predicted.rstrip(".")) == parse_number(gold_final)
    except ValueError:
        return " ".join(predicted.casefold().split()) == " ".join(gold_final.casefold().split())


def exact_match(output: str, gold: str) -> float:
    return 1.0 if same_answer(final_answer(output), gold) else 0.0


def pass_at_1(output: str, tests: str, *, entry_point: str | None = None,
              timeout_s: float = 10.0) -> float:
    """1.0 when the answer's code followed by ``tests`` exits cleanly in a sandbox.

    With ``entry_point`` (HumanEval style), the tests' ``check`` is called on that function.
    """
    program = f"{extract_code(output)}\n\n{tests}\n"
    if entry_point:
        program += f"\ncheck({entry_point})\n"
    return 1.0 if run_python(program, timeout_s=timeout_s) else 0.0


#: runs in the child before the program: limits first, then the program as ``__main__``
_LAUNCHER = """\
import resource, runpy, sys
cpu, mem = int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_python(program: str, *, timeout_s: float, memory_mb: int = 1024) -> bool:
    """Run ``program`` in a fresh, isolated interpreter; True when it exits with status 0."""
    with tempfile.TemporaryDirectory(prefix="synthloop-exec-") as tmp:
        path = Path(tmp) / "program.py"
        path.write_text(program, encoding="utf-8")
        limits = [str(int(timeout_s) + 1), str(memory_mb * 1024 * 1024)]
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(path), *limits], cwd=tmp,
            env={"PATH": os.defpath}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            return proc.wait(timeout=timeout_s) == 0
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return False
