"""Language runners for ``validate.execute``: turn a task (code + tests) into sandbox runs and
judge each run's output.

Two test shapes: assert-style tests (MBPP's ``test_list``, HumanEval's ``check(candidate)``),
run by a harness that keeps the solution in a process of its own and reports which test
failed on a channel the solution cannot reach; and stdin/stdout cases, one run per case,
compared line by line. Python supports both; any other language runs stdin/stdout
cases through a command (``["node", "{file}"]``) — register more in ``RUNNERS``.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthloop.checks.codesets import called_function
from synthloop.checks.neighbours import Probe, Probed
from synthloop.sandbox import Outcome, Program, RunResult

HARNESS = (Path(__file__).parent / "harness" / "python_tests.py").read_bytes()


@dataclass(slots=True)
class Task:
    """What to run. ``tests`` is a list of source snippets, one test module (str), or a list
    of ``{"stdin": ..., "stdout": ...}`` cases."""

    code: str
    tests: str | list[Any]
    setup: str = ""
    entry_point: str | None = None
    # call the entry point next to the tested inputs, ending this many seconds after the
    # harness started (see the harness); None: not
    probe_s: float | None = None


@dataclass(slots=True)
class Case:
    """One sandbox run; ``expected`` is the stdout an I/O case must print; ``total`` the number
    of assert-style tests the harness runs."""

    name: str
    program: Program
    expected: str | None = None
    total: int = 1


@dataclass(slots=True)
class Judgement:
    passed: bool
    code: str  # check code suffix: pass, test_failed, wrong_output, load_error, no_report
    reason: str


@dataclass(slots=True)
class Survivors:
    """Of a mutants run: how many mutants ran, and the indices of those killed and those that
    survived the tests."""

    ran: int
    killed: list[int]
    survived: list[int]


def is_io(tests: object) -> bool:
    return isinstance(tests, list) and bool(tests) and all(
        isinstance(t, dict) and "stdin" in t for t in tests)


class Runner(ABC):
    @abstractmethod
    def cases(self, task: Task) -> list[Case]: ...

    def judge(self, case: Case, result: RunResult) -> Judgement:
        """Judge a run that ended on its own (pass or fail outcome)."""
        if case.expected is None:
            raise NotImplementedError
        got = _normal(result.stdout.decode("utf-8", "replace"))
        if result.outcome is Outcome.PASS and got == _normal(case.expected):
            return Judgement(True, "pass", f"{case.name}: output matches")
        if result.outcome is not Outcome.PASS:
            return Judgement(False, "test_failed", f"{case.name}: {result.reason}; stderr: "
                             f"{result.tail('stderr', 300)!r}")
        return Judgement(False, "wrong_output", f"{case.name}: expected "
                         f"{_clip(case.expected)!r}, got {_clip(got)!r}")


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _clip(text: str, n: int = 120) -> str:
    return text if len(text) <= n else text[:n] + "..."


class CommandRunner(Runner):
    """stdin/stdout cases for any language: write the code to ``filename``, run ``command``."""

    def __init__(self, command: list[str], filename: str, ro_paths: list[str] | None = None):
        self.command, self.filename, self.ro_paths = command, filename, ro_paths or []

    def _argv(self) -> list[str]:
        return [part.format(file=self.filename) for part in self.command]

    def cases(self, task: Task) -> list[Case]:
        if not is_io(task.tests):
            raise ValueError("this language's tests must be a list of {stdin, stdout} cases")
        assert isinstance(task.tests, list)
        return [Case(name=f"case {i + 1} of {len(task.tests)}",
                     program=Program(argv=self._argv(), stdin=str(t["stdin"]).encode(),
                                     files={self.filename: task.code.encode()},
                                     ro_paths=self.ro_paths),
                     expected=str(t.get("stdout", "")))
                for i, t in enumerate(task.tests)]


class PythonRunner(CommandRunner):
    """Assert-style tests through the harness, or stdin/stdout cases."""

    def __init__(self, python: str, ro_paths: list[str] | None = None):
        super().__init__([python, "-I", "{file}"], "solution.py", ro_paths)
        self.python = python

    def cases(self, task: Task) -> list[Case]:
        if is_io(task.tests):
            return super().cases(task)
        name = (task.entry_point or called_function(task.code, _assert_tests(task))) \
            if task.probe_s else None
        return [self._harness(task, {"probe_s": task.probe_s, "probe_name": name})]

    def mutants_program(self, task: Task, mutants: list[str], per_mutant_s: float,
                        budget_s: float) -> Case:
        """One run of the assert-style tests against every mutant in turn (each may take
        ``per_mutant_s`` CPU seconds, all together ``budget_s`` of wall time); judged by
        :meth:`survivors`."""
        if is_io(task.tests):
            raise ValueError("mutants run against assert-style tests only")
        return self._harness(task, {"mutants": mutants, "per_mutant_s": per_mutant_s,
                                    "budget_s": budget_s})

    def _harness(self, task: Task, extra: dict[str, Any]) -> Case:
        tests = _assert_tests(task)
        job = {"setup": task.setup, "code": task.code, "tests": tests,
               "entry_point": task.entry_point, **extra}
        # --mutants: the harness then runs many solutions (see its Spawner)
        argv = [self.python, "-I", "harness.py", *(["--mutants"] if "mutants" in extra else [])]
        program = Program(argv=argv, ro_paths=self.ro_paths,
                          files={"harness.py": HARNESS, "job.json": json.dumps(job).encode()},
                          report=True, trusted=["harness.py"], entry="main")
        return Case(name="tests", program=program, total=len(tests))

    @staticmethod
    def probed(result: RunResult) -> Probe | None:
        """What the harness's ``done`` line says of the calls next to the tested ones; None
        when it probed nothing."""
        lines = result.report.decode("utf-8", "replace").splitlines()
        last = json.loads(lines[-1]) if lines else {}
        if last.get("event") != "done" or "probed" not in last:
            return None
        return Probe(tested=[str(t) for t in last["tested"]],
                     probed=[Probed(str(c), str(o), str(f), int(i), str(k), _names(e), _names(s))
                             for c, o, f, i, k, e, s in last["probed"]])

    @staticmethod
    def survivors(case: Case, result: RunResult) -> Survivors:
        """What the harness reported of a :meth:`mutants_program` run. A mutant without a
        line counts as surviving, unless the harness said it stopped before it for time: a
        run that ended early (killed by its mutant, say) proves no test caught anything."""
        job = json.loads(case.program.files["job.json"])
        total = len(job["mutants"])
        killed: dict[int, bool] = {}
        ran = total
        for line in result.report.decode("utf-8", "replace").splitlines():
            event = json.loads(line)
            if event["event"] == "mutant" and 0 <= int(event["index"]) < total:
                killed[int(event["index"])] = bool(event["killed"])
            elif event["event"] == "mutants_stopped":
                ran = min(ran, int(event["ran"]))
        return Survivors(ran=ran, killed=[i for i in range(ran) if killed.get(i)],
                         survived=[i for i in range(ran) if not killed.get(i)])

    def judge(self, case: Case, result: RunResult) -> Judgement:
        if not case.program.report:
            return super().judge(case, result)
        lines = result.report.decode("utf-8", "replace").splitlines()
        last = json.loads(lines[-1]) if lines else None
        if last and last["event"] == "done" and result.outcome is Outcome.PASS:
            return Judgement(True, "pass", f"all {case.total} tests passed")
        output = _output_tail(result)
        if last and last["event"] == "test":
            where = f" at `{last['line']}`" if last["line"] else ""
            return Judgement(False, "test_failed", f"test {last['index'] + 1} of {case.total} "
                             f"failed{where}: {last['error']}{output}")
        if last and last["event"] == "load":
            where = f" at `{last['line']}`" if last["line"] else ""
            return Judgement(False, "load_error", f"{last['where']} raised while loading"
                             f"{where}: {last['error']}{output}")
        if last and last["event"] == "exit":
            return Judgement(False, "no_report", f"the solution's process exited (status "
                             f"{last['status']}) before the tests finished{output}")
        return Judgement(False, "no_report", f"exited ({result.reason}) before the tests "
                         f"finished{output}")


def _names(keys: object) -> tuple[str, ...]:
    return tuple(str(k) for k in keys) if isinstance(keys, list) else ()


def _assert_tests(task: Task) -> list[str]:
    if isinstance(task.tests, str):
        calls = (f"\ncheck({task.entry_point})" if task.entry_point
                 and "def check(" in task.tests else "")
        return [task.tests + calls]
    return [str(t) for t in task.tests]


def _output_tail(result: RunResult) -> str:
    """The program's own output, last characters, for the reason."""
    stdout = result.stdout.decode("utf-8", "replace").strip()
    stderr = result.tail("stderr", 300)
    parts = [f"stdout: {stdout[-300:]!r}" if stdout else "", f"stderr: {stderr!r}" if stderr
             else ""]
    text = "; ".join(p for p in parts if p)
    return f" ({text})" if text else ""
