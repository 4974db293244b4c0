"""``validate.execute``: run a record's code against its tests in the sandbox.

The verdict's check code is ``validate.execute.<pass|test_failed|wrong_output|load_error|
no_report|timeout|memory|violation|crash|weak_tests>``; its reason names the failing test with
the tail of its output, or the limit hit; its ``details`` hold the tier, time, CPU, peak memory
and the time limit used. A sandbox that could not start the program (infra_error) quarantines the record
(status failed) rather than blaming it.

Time limits: with a ``reference_field``, the reference solution runs first and the limit is
``time_factor`` x its slowest case, at least ``min_time_s`` and at most ``limits.wall_s``, so a
slow item gets room and a fast one no minutes to burn. A timeout is re-run once before it is
believed, so verdicts do not flip with machine load.
"""

from __future__ import annotations

import asyncio
import os
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import Field, PositiveFloat, PositiveInt, model_validator

from synthloop.checks.codesets import called_function
from synthloop.checks.mutants import mutants
from synthloop.checks.neighbours import memorised
from synthloop.checks.runners import (
    CommandRunner,
    Judgement,
    PythonRunner,
    Runner,
    Task,
    is_io,
)
from synthloop.codeblocks import extract_code
from synthloop.records import Record
from synthloop.registry import register
from synthloop.sandbox import Limits, Outcome, RunResult, Sandbox
from synthloop.sandbox.limits import Tier, TierChoice
from synthloop.sandbox.pool import prestart
from synthloop.sandbox.result import limit_hint
from synthloop.sandbox.tiers import SANDBOX_PYTHON, why_unavailable
from synthloop.stages import Fail, Pass, RecordStage, Reject, StageContext, StageParams


class ExecuteParams(StageParams):
    """Field names default to MBPP/HumanEval's. ``language: python`` takes assert-style tests
    or stdin/stdout cases; any other language needs ``command`` (``["node", "{file}"]``),
    ``filename`` and stdin/stdout cases."""

    language: str = "python"
    code_field: str = "code"
    # A model's answer wraps its program in Markdown fences; plain code (datasets) has none.
    fenced: bool = Field(default=True, description=(
        "run the fenced code blocks when the code field has them (the whole text otherwise)"))
    tests_field: str = "tests"
    setup_field: str | None = "test_setup_code"
    entry_point_field: str | None = "entry_point"
    reference_field: str | None = None
    # After a pass, run the tests against mutants of the solution (checks/mutants.py): tests
    # that kill fewer than ``min_killed`` of them cannot tell it from a wrong one (check code
    # ``weak_tests``). stdin/stdout cases: the cases must fail a program that prints nothing.
    # After a pass, call the entry point on inputs next to the tested ones
    # (checks/neighbours.py): a solution that raises, returns None or one fallback value on all
    # of them knows only the tests' answers (``weak_tests``).
    neighbour_check: bool = Field(default=True, description=(
        "call the entry point next to the tested inputs; one outcome on all of them that no "
        "tested call gave is weak_tests (a lookup table of the tests)"))
    mutant_check: bool = False
    min_killed: float = Field(default=0.5, ge=0.0, le=1.0, description=(
        "the share of the solution's mutants its tests must kill (mutant_check)"))
    mutants: PositiveInt = Field(default=10, description=(
        "how many mutants of each solution to run at most (mutant_check)"))
    tier: TierChoice = "auto"
    limits: Limits = Field(default_factory=Limits)
    time_factor: PositiveFloat = 5.0
    min_time_s: PositiveFloat = 2.0
    workers: PositiveInt | None = None  # concurrent programs; default: CPU cores
    python: str = SANDBOX_PYTHON
    command: list[str] | None = None
    filename: str | None = None
    ro_paths: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _runner_complete(self) -> ExecuteParams:
        if self.language != "python" and not (self.command and self.filename):
            raise ValueError(f"language {self.language!r} needs `command` (e.g. [node, "
                             "'{file}']) and `filename` (e.g. main.js)")
        return self

if TYPE_CHECKING:
    from synthloop.spec import Spec


def tier_problems(stage: str, tier: str) -> list[tuple[str, str]]:
    """``check``'s finding when ``stage`` names a sandbox tier this machine lacks, so the spec
    fails before any teacher is paid rather than when the stage starts."""
    why = why_unavailable(tier)
    if why is None:
        return []
    return [("tier", f"stage {stage!r} needs sandbox tier {tier!r}, which is not available "
                     f"here: {why}, or set `tier: rlimits`")]


@register
class Execute(RecordStage[ExecuteParams]):
    """Runs each record's code against its tests in the sandbox; names the failing test."""

    name = "validate.execute"
    batch_size = 64
    _gate: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    def setup(self, ctx: StageContext) -> None:
        # fail before the first batch when the tier is missing; else have every worker's
        # sandbox warm by then (bwrap: started in the background, see sandbox/pool.py)
        if self.sandbox.tier is Tier.BWRAP:
            prestart(self.params.ro_paths, self.params.limits.disk_mb, self.workers)

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        return tier_problems(self.name, self.params.tier)

    @cached_property
    def sandbox(self) -> Sandbox:
        return Sandbox(self.params.tier)

    @cached_property
    def runner(self) -> Runner:
        if self.params.language == "python":
            return PythonRunner(self.params.python, self.params.ro_paths)
        assert self.params.command and self.params.filename
        return CommandRunner(self.params.command, self.params.filename, self.params.ro_paths)

    @property
    def workers(self) -> int:
        return self.params.workers or os.cpu_count() or 1

    def parallelism(self, ctx: StageContext) -> int:
        return self.workers

    async def process(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        # One gate for every batch in flight (the driver keeps two): a gate per batch ran
        # twice as many programs as workers, each in a warm sandbox of its own.
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:
            self._gate = (loop, asyncio.Semaphore(self.workers))
        gate = self._gate[1]

        async def one(record: Record) -> None:
            async with gate:
                await asyncio.to_thread(self.check_record, record)

        await asyncio.gather(*(one(r) for r in batch))
        return batch

    def check_record(self, record: Record) -> None:
        """Run one record's tests and append its verdict."""
        task = self._task(record, self.params.code_field)
        if isinstance(task, str):
            self.apply(record, Reject("bad_record", task))
            return
        details: dict[str, Any] = {}
        limits = self._calibrated(record, details)
        if self.params.neighbour_check:  # the probes end with half the time limit left
            task.probe_s = 0.5 * limits.wall_s
        judgement, result = self._evaluate(task, limits, details)
        if result is not None:
            details.update(result.usage())
        details["time_limit_s"] = round(limits.wall_s, 3)
        if result is not None and result.outcome is Outcome.INFRA_ERROR:
            self.apply(record, Fail(judgement.reason))
            return
        if judgement.passed and result is not None and isinstance(self.runner, PythonRunner):
            probe = self.runner.probed(result)
            why = memorised(probe) if probe is not None else None
            if probe is not None:
                details["probes"] = len(probe.probed)
            if why is not None:
                judgement = Judgement(False, "weak_tests", why)
        if judgement.passed and self.params.mutant_check:
            spent = result.cpu_s if result is not None else limits.wall_s
            weak = self._mutant(task, limits, spent, details)
            if isinstance(weak, Fail):
                self.apply(record, weak)
                return
            judgement = weak or judgement
        verdict = Pass if judgement.passed else Reject
        self.apply(record, verdict(judgement.code, judgement.reason, details=details))

    def _task(self, record: Record, code_field: str) -> Task | str:
        data, p = record.data, self.params
        code, tests = data.get(code_field), data.get(p.tests_field)
        if not isinstance(code, str) or not code.strip():
            return f"no code in field {code_field!r}"
        if not tests:
            return f"no tests in field {p.tests_field!r}"
        if p.fenced:
            code = extract_code(code)
        setup = data.get(p.setup_field, "") if p.setup_field else ""
        entry = data.get(p.entry_point_field) if p.entry_point_field else None
        return Task(code=code, tests=tests, setup=setup or "", entry_point=entry)

    def _calibrated(self, record: Record, details: dict[str, Any]) -> Limits:
        """The limits for this record: scaled from its reference solution when it has one."""
        p = self.params
        if not p.reference_field or not record.data.get(p.reference_field):
            return p.limits
        task = self._task(record, p.reference_field)
        if isinstance(task, str):
            return p.limits
        judgement, result = self._evaluate(task, p.limits, {})
        if not judgement.passed or result is None:
            details["reference"] = f"reference failed, default limit: {judgement.reason[:200]}"
            return p.limits
        details["reference_s"] = round(result.wall_s, 4)
        wall = min(p.limits.wall_s, max(p.min_time_s, p.time_factor * result.wall_s))
        return p.limits.scaled(wall)

    def _mutant(self, task: Task, limits: Limits, spent_s: float,
                 details: dict[str, Any]) -> Judgement | Fail | None:
        """A failing judgement when the tests kill fewer than ``min_killed`` of the solution's
        mutants (for stdin/stdout cases: when they pass a program that prints nothing); a
        failure when the sandbox could not run them. ``spent_s``: the CPU time of the tests on
        the solution, which sizes each mutant's (CPU time: a busy machine does not stretch
        it)."""
        if is_io(task.tests):
            silent = Task(code="pass", tests=task.tests)
            if self._evaluate(silent, limits, {})[0].passed:
                return Judgement(False, "weak_tests", "the cases also pass a program that prints "
                                 "nothing: they test nothing")
            return None
        tests = task.tests if isinstance(task.tests, list) else [task.tests]
        entry = task.entry_point or called_function(task.code, [str(t) for t in tests])
        if entry is None:
            return Judgement(False, "weak_tests", "the tests call no function of the solution, "
                             "so they cannot tell a right solution from a wrong one")
        found = mutants(task.code, entry, self.params.mutants)
        if not found or not isinstance(self.runner, PythonRunner):
            return None
        # a mutant that loops for ever costs time_factor x the solution's tests, CPU seconds
        per_mutant = min(limits.wall_s, max(0.25, self.params.time_factor * spent_s))
        case = self.runner.mutants_program(task, [m.code for m in found], per_mutant,
                                           budget_s=0.8 * limits.wall_s)
        result = self.sandbox.run(case.program, limits)
        if result.outcome is Outcome.INFRA_ERROR:
            return Fail(f"mutants: {result.reason}")
        tally = self.runner.survivors(case, result)
        decisive = [i for i in tally.survived if found[i].decisive]
        details.update(mutants_run=tally.ran, mutants_killed=len(tally.killed),
                       mutants_decisive=len(decisive),
                       mutants_survived=[found[i].change for i in tally.survived[:5]])
        few = len(tally.killed) < self.params.min_killed * tally.ran
        if tally.ran and (few or decisive):
            example = found[tally.survived[0] if few else decisive[0]].change
            return Judgement(False, "weak_tests", f"tests killed {len(tally.killed)} of "
                             f"{tally.ran} mutants; {example} survived")
        return None

    def _evaluate(self, task: Task, limits: Limits,
                  details: dict[str, Any]) -> tuple[Judgement, RunResult | None]:
        """Run every case until one fails; a timeout is re-run once before it counts."""
        try:
            cases = self.runner.cases(task)
        except ValueError as exc:
            return Judgement(False, "bad_record", str(exc)), None
        judgement, result = Judgement(False, "no_report", "no test cases"), None
        for case in cases:
            result = self.sandbox.run(case.program, limits)
            if result.outcome is Outcome.TIMEOUT:
                details["reruns"] = details.get("reruns", 0) + 1
                result = self.sandbox.run(case.program, limits)
            if result.outcome in (Outcome.PASS, Outcome.FAIL):
                judgement = self.runner.judge(case, result)
                # a limit the program ran into shows as its error (MemoryError...): name it
                hint = None if judgement.passed else limit_hint(judgement.reason,
                                                                limits.model_dump())
                if hint is not None:
                    judgement = Judgement(False, hint[0].value, f"{hint[1]}: {judgement.reason}")
            else:
                judgement = Judgement(False, result.outcome.value, f"{case.name}: "
                                      f"{result.reason}{_stderr(result)}")
            if not judgement.passed:
                break
        return judgement, result


def _stderr(result: RunResult) -> str:
    tail = result.tail("stderr", 300)
    return f" (stderr: {tail!r})" if tail else ""
