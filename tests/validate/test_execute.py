"""``validate.execute`` on tiny literal records: verdict codes, reasons, details, calibrated
time limits, the timeout re-run, quarantine on infra errors, stdin/stdout cases, other
languages, and the spec-level errors."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.records import Record, Status
from synthloop.sandbox import Limits, statuses
from synthloop.stages import StageContext
from tests.conftest import run_cli

TIERS = [s.tier.value for s in statuses() if s.available]


def execute(*data: dict[str, object], **params: object) -> list[Record]:
    stage = Execute(ExecuteParams(**params))  # type: ignore[arg-type]
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"))
    stage.setup(ctx)
    records = [Record(id=str(i), data=dict(d)) for i, d in enumerate(data)]
    asyncio.run(stage.process(records, ctx))
    return records


def verdict(record: Record) -> tuple[str, str]:
    v = record.verdicts[-1]
    return v.check.removeprefix("validate.execute."), v.reason


@pytest.mark.parametrize("tier", TIERS)
def test_verdicts_name_the_test(tier: str) -> None:
    ok, bad, load, printing = execute(
        {"code": "def f(x):\n    return x + 1", "tests": ["assert f(1) == 2"]},
        {"code": "def f(x):\n    return x + 1", "tests": ["assert f(1) == 2", "assert f(2) == 4"]},
        {"code": "def f(x) return", "tests": ["assert True"]},
        {"code": "def f():\n    print('hello')\n    return 1", "tests": ["assert f() == 2"]},
        tier=tier)
    assert verdict(ok) == ("pass", "all 1 tests passed")
    assert verdict(bad) == ("test_failed", "test 2 of 2 failed at `assert f(2) == 4`: "
                                           "AssertionError")
    assert verdict(load) == ("load_error", "solution.py raised while loading at `def f(x) return`: "
                                           "SyntaxError: expected ':' (line 1)")
    assert verdict(printing) == ("test_failed", "test 1 of 1 failed at `assert f() == 2`: "
                                                "AssertionError (stdout: 'hello')")
    details = ok.verdicts[-1].details
    assert details is not None and details["tier"] == tier and details["time_limit_s"] == 10.0
    assert details["peak_rss_kb"] > 1000 and details["cpu_s"] > 0 and details["exit_code"] == 0


def test_a_models_fenced_answer_runs_its_code_blocks() -> None:
    answer = {"code": "Here it is:\n```python\ndef f(x):\n    return x + 1\n```\nHope this helps.",
              "tests": ["assert f(1) == 2"]}
    (fenced,) = execute(answer)
    (raw,) = execute(answer, fenced=False)
    assert verdict(fenced) == ("pass", "all 1 tests passed")
    assert verdict(raw)[0] == "load_error" and "SyntaxError" in verdict(raw)[1]


def test_humaneval_style_check_function() -> None:
    ok, bad = execute(
        {"code": "def add(a, b):\n    return a + b", "entry_point": "add",
         "tests": "def check(candidate):\n    assert candidate(1, 2) == 3\n"},
        {"code": "def add(a, b):\n    return a - b", "entry_point": "add",
         "tests": "def check(candidate):\n    assert candidate(0, 0) == 0\n"
                  "    assert candidate(1, 2) == 3\n"})
    assert verdict(ok) == ("pass", "all 1 tests passed")
    assert verdict(bad) == ("test_failed", "test 1 of 1 failed at `assert candidate(1, 2) == 3`: "
                                           "AssertionError")


def test_stdin_stdout_cases() -> None:
    (record,) = execute({"code": "print(int(input()) * 2)",
                         "tests": [{"stdin": "2", "stdout": "4"}, {"stdin": "3", "stdout": "7"}]})
    assert verdict(record) == ("wrong_output", "case 2 of 2: expected '7', got '6'")


def test_another_language_through_a_command() -> None:
    ok, bad = execute({"code": "read x; echo $((x * 2))", "tests": [{"stdin": "21\n",
                                                                     "stdout": "42"}]},
                      {"code": "exit 4", "tests": [{"stdin": "", "stdout": ""}]},
                      language="sh", command=["/bin/sh", "{file}"], filename="main.sh")
    assert verdict(ok) == ("pass", "case 1 of 1: output matches")
    assert verdict(bad) == ("test_failed", "case 1 of 1: exit status 4; stderr: ''")


def test_time_limit_from_the_reference() -> None:
    # The floor is 10 s and the slow reference sleeps 2.5 s: the fast one stays under the floor
    # and the slow one above it however loaded the machine (5 x 2 s, 5 x 2.5 s).
    slow_ref = "import time\ntime.sleep(2.5)\ndef f():\n    return 1"
    fast, slow = execute(
        {"code": "def f():\n    return 1", "reference": "def f():\n    return 1",
         "tests": ["assert f() == 1"]},
        {"code": slow_ref, "reference": slow_ref, "tests": ["assert f() == 1"]},
        reference_field="reference", time_factor=5, min_time_s=10, limits=Limits(wall_s=60))
    assert fast.verdicts[-1].details["time_limit_s"] == 10  # type: ignore[index]
    slow_details = slow.verdicts[-1].details
    assert slow_details is not None and slow_details["reference_s"] >= 2.5
    assert slow_details["time_limit_s"] == pytest.approx(5 * slow_details["reference_s"], abs=0.01)


def test_a_timeout_is_run_twice_before_it_counts() -> None:
    (record,) = execute({"code": "while True:\n    pass", "tests": ["assert True"]},
                        limits=Limits(wall_s=0.5))
    assert verdict(record) == ("timeout", "tests: wall time limit (0.5 s)")
    assert record.verdicts[-1].details["reruns"] == 1  # type: ignore[index]


def test_infra_error_quarantines_instead_of_rejecting() -> None:
    (record,) = execute({"code": "x = 1", "tests": ["assert x == 1"]},
                        python="/nonexistent/python3")
    assert record.status is Status.FAILED
    assert "/nonexistent/python3" in (record.status_reason or "")


def test_records_without_code_or_tests_are_rejected_by_name() -> None:
    no_code, no_tests = execute({"tests": ["assert True"]}, {"code": "x = 1"})
    assert verdict(no_code) == ("bad_record", "no code in field 'code'")
    assert verdict(no_tests) == ("bad_record", "no tests in field 'tests'")


def test_params_refuse_a_language_without_command() -> None:
    with pytest.raises(ValidationError, match="language 'node' needs `command`"):
        ExecuteParams(language="node")
    with pytest.raises(ValidationError, match="tier"):
        ExecuteParams(tier="docker")  # type: ignore[arg-type]


def test_mutant_check_rejects_tests_that_test_nothing() -> None:
    strong, weak, unrelated = execute(
        {"code": "def f(x):\n    return x * 2", "tests": ["assert f(2) == 4", "assert f(5) == 10"]},
        {"code": "def f(x):\n    return x * 2", "tests": ["f(2)", "assert True"]},
        {"code": "def f(x):\n    return x * 2", "tests": ["assert 1 + 1 == 2"]},
        mutant_check=True)
    assert verdict(strong) == ("pass", "all 2 tests passed")
    assert verdict(weak) == ("weak_tests", "tests killed 0 of 10 mutants; 'x * 2' -> 'x // 2' "
                                           "survived")
    assert verdict(unrelated) == ("weak_tests", "the tests call no function of the solution, so "
                                                "they cannot tell a right solution from a wrong one")


def test_a_solution_that_knows_only_the_tested_inputs_is_weak_tests() -> None:
    table, chain, fallback = execute(
        {"code": "def area(w, h):\n    return {(2, 3): 6, (4, 5): 20, (1, 7): 7}[(w, h)]\n",
         "tests": ["assert area(2, 3) == 6", "assert area(4, 5) == 20", "assert area(1, 7) == 7"]},
        {"code": "def shout(s):\n    if s == 'ab':\n        return 'AB!'\n    if s == 'xyz':\n"
                 "        return 'XYZ!'\n", "entry_point": "shout",
         "tests": ["assert shout('ab') == 'AB!'", "assert shout('xyz') == 'XYZ!'"]},
        {"code": "def fib(n):\n    return {1: 1, 5: 5, 10: 55, 12: 144}.get(n, 0)\n",
         "tests": ["assert fib(1) == 1", "assert fib(5) == 5", "assert fib(10) == 55",
                   "assert fib(12) == 144"]})
    assert verdict(table) == ("weak_tests", "the solution passes its 3 tested calls but raises "
                              "KeyError on all 12 inputs next to them, e.g. (4, 3); (2, 5); "
                              "(2, 7): it knows the tests' answers, not the task")
    assert verdict(chain)[0] == "weak_tests"
    assert verdict(chain)[1].startswith("the solution passes its 2 tested calls but returns None "
                                        "on all 6 inputs next to them that change its answer")
    assert verdict(fallback)[0] == "weak_tests"
    assert "but returns 0 on all 10 inputs next to them that change" in verdict(fallback)[1]


def test_a_table_that_falls_back_to_its_argument_is_weak_tests() -> None:
    # the fallback answers like the task near clamp(5, 0, 10) == 5, not near -3 and 12
    tests = ["assert clamp(5, 0, 10) == 5", "assert clamp(-3, 0, 10) == 0",
             "assert clamp(12, 0, 10) == 10"]
    echo, as_float, right = execute(
        {"code": "def clamp(x, lo, hi):\n    return {-3: 0, 12: 10}.get(x, x)\n", "tests": tests},
        {"code": "def clamp(x, lo, hi):\n    return {-3: 0, 12: 10}.get(x, x * 1.0)\n",
         "tests": tests},
        {"code": "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n", "tests": tests})
    assert verdict(echo) == ("weak_tests", "the solution passes its 3 tested calls but returns "
                             "its 1st argument unchanged on all 6 inputs next to tested calls "
                             "that answered otherwise, e.g. (-2, 0, 10); (13, 0, 10); "
                             "(-4, 0, 10): it knows the tests' answers, not the task")
    assert verdict(as_float)[0] == "weak_tests"
    assert verdict(right) == ("pass", "all 3 tests passed")


def test_solutions_of_a_narrow_domain_pass_the_neighbour_check() -> None:
    # probes leave the domain (odd numbers, one character), but not all of them do
    odd, char, looping = execute(
        {"code": "def mid_odd(n):\n    if n % 2 == 0:\n        return 'even'\n"
                 "    return (n + 1) // 2\n",
         "tests": ["assert mid_odd(9) == 5", "assert mid_odd(5) == 3", "assert mid_odd(11) == 6"]},
        {"code": "def ascii_of(c):\n    return ord(c)\n",
         "tests": ["assert ascii_of('A') == 65", "assert ascii_of('R') == 82"]},
        {"code": "def triple(n):\n    if n in (3, 5, 9):\n        return n * 3\n"
                 "    while True:\n        pass\n",
         "tests": ["assert triple(3) == 9", "assert triple(5) == 15", "assert triple(9) == 27"]})
    assert [verdict(r)[0] for r in (odd, char)] == ["pass", "pass"]
    assert odd.verdicts[-1].details is not None and odd.verdicts[-1].details["probes"] == 7
    # a probe that loops ends the probing, not the pass (the loop is no test's concern)
    assert verdict(looping) == ("pass", "all 3 tests passed")


def test_the_neighbour_check_can_be_turned_off() -> None:
    [record] = execute({"code": "def area(w, h):\n    return {(2, 3): 6, (4, 5): 20}[(w, h)]\n",
                        "tests": ["assert area(2, 3) == 6", "assert area(4, 5) == 20"]},
                       neighbour_check=False)
    assert verdict(record) == ("pass", "all 2 tests passed")
    assert "probes" not in (record.verdicts[-1].details or {})


def test_mutant_check_on_stdin_stdout_cases() -> None:
    strong, weak = execute(
        {"code": "print(input())", "tests": [{"stdin": "hi", "stdout": "hi"}]},
        {"code": "print()", "tests": [{"stdin": "hi", "stdout": ""}]}, mutant_check=True)
    assert verdict(strong) == ("pass", "case 1 of 1: output matches")
    assert verdict(weak) == ("weak_tests", "the cases also pass a program that prints nothing: "
                                           "they test nothing")


def test_resource_usage_is_stored_with_the_verdict(tmp_path: Path) -> None:
    import synthloop

    rows = tmp_path / "code.jsonl"
    rows.write_text('{"code": "def f(x):\\n    return 2 * x", "tests": ["assert f(2) == 4"]}\n')
    spec = {"name": "x", "source": {"path": str(rows)},
            "stages": [{"use": "validate.execute"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        (record,) = run.records(with_verdicts=True)
    details = record.verdicts[-1].details
    assert details is not None and details["exit_code"] == 0 and details["peak_rss_kb"] > 1000



NO_BWRAP_HINT = ("needs sandbox tier 'bwrap', which is not available here: bwrap not found: "
                 "install the Debian/Ubuntu package `bubblewrap` (apt-get install bubblewrap), "
                 "or set `tier: rlimits`")


def _without_bwrap(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has no bwrap (the sandbox finds it through PATH)."""
    return {"PATH": str(tmp_path / "empty")}


def test_a_spec_needing_bwrap_fails_check_and_run_where_bwrap_is_missing(
        tmp_path: Path) -> None:
    """`check` refuses a spec that asks for the bwrap tier, naming the stage and what to
    install; `run` says the same as text, not as a Python list."""
    rows = tmp_path / "code.jsonl"
    rows.write_text('{"code": "print(1)", "tests": ["assert True"]}\n')
    spec = tmp_path / "s.yaml"
    spec.write_text(yaml.safe_dump({"name": "x", "source": {"path": str(rows)},
                                    "stages": [{"use": "validate.execute", "tier": "bwrap"}]}))
    checked = run_cli("check", str(spec), env=_without_bwrap(tmp_path))
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert f"stages[0].tier: stage 'validate.execute' {NO_BWRAP_HINT}" in \
        " ".join(checked.stderr.split())
    ran = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q",
                  env=_without_bwrap(tmp_path))
    assert ran.returncode == 2
    assert f"stage 'validate.execute' {NO_BWRAP_HINT}" in " ".join(ran.stderr.split())
    assert "['" not in ran.stderr and '["' not in ran.stderr


def test_check_names_a_code_generator_that_needs_bwrap(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "x", "target": {"size": 2, "taxonomy": [{"skill": "arithmetic"}]},
        "teachers": {"t": {"backend": "local"}},
        "stages": [{"use": "generate.code", "teacher": "t", "tier": "bwrap"}]}))
    checked = run_cli("check", str(spec), env=_without_bwrap(tmp_path))
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert f"stages[0].tier: stage 'generate.code' {NO_BWRAP_HINT}" in \
        " ".join(checked.stderr.split())


@pytest.mark.parametrize("tier", TIERS)
def test_a_solution_that_changes_its_argument_in_place_is_seen_by_the_tests(tier: str) -> None:
    tests = ["a = [3, 1, 2]\nsort_in_place(a)\nassert a == [1, 2, 3]",
             "d = {}\ncount_into(d, 'aba')\nassert d == {'a': 2, 'b': 1}"]
    right, wrong = execute(
        {"code": "def sort_in_place(xs):\n    xs.sort()\n\ndef count_into(d, s):\n"
                 "    for c in s:\n        d[c] = d.get(c, 0) + 1\n", "tests": tests},
        {"code": "def sort_in_place(xs):\n    xs.sort(reverse=True)\n\ndef count_into(d, s):\n"
                 "    d.update(dict.fromkeys(s, 1))\n", "tests": tests},
        tier=tier)
    assert verdict(right) == ("pass", "all 2 tests passed")
    assert verdict(wrong) == ("test_failed", "test 1 of 2 failed at `assert a == [1, 2, 3]`: "
                                             "AssertionError")


def test_a_solution_defining_a_dataclass_loads_as_a_module_would() -> None:
    code = ("from dataclasses import dataclass\n\n@dataclass\nclass Box:\n    w: int\n\n"
            "def area(w):\n    return Box(w).w ** 2\n")
    record, = execute({"code": code, "tests": ["assert area(3) == 9"]}, neighbour_check=False)
    assert verdict(record) == ("pass", "all 1 tests passed")


def test_fractions_and_decimals_come_back_as_numbers_the_tests_compare() -> None:
    tests = ["assert half(3) == 1.5", "assert cents('2.345') == Decimal('2.35')"]
    right, wrong = (execute({"code": "from decimal import Decimal, ROUND_HALF_UP\n"
                             "from fractions import Fraction\n\ndef half(n):\n"
                             f"    return Fraction(n, {d})\n\ndef cents(x):\n"
                             "    return Decimal(x).quantize(Decimal('0.01'), ROUND_HALF_UP)\n",
                             "tests": tests}, neighbour_check=False)[0] for d in (2, 3))
    assert verdict(right) == ("pass", "all 2 tests passed")
    assert verdict(wrong) == ("test_failed", "test 1 of 2 failed at `assert half(3) == 1.5`: "
                                             "AssertionError")


def test_dataclass_instances_are_compared_by_their_fields_not_their_own_eq() -> None:
    tests = ["assert mid(P(0, 0), P(2, 4)) == P(1, 2)", "assert mid(P(1, 1), P(1, 1)).x == 1"]
    right, lying = (execute({"code": "from dataclasses import dataclass\n\n"
                             f"@dataclass{eq}\nclass P:\n    x: float\n    y: float\n{extra}\n"
                             "def mid(p, q):\n    return P((p.x + q.x) / 2, (p.y + q.y) / "
                             f"{d})\n", "tests": tests}, neighbour_check=False)[0]
                    for eq, extra, d in (("", "", 2), ("(eq=False)", "    def __eq__(self, o):\n"
                                                     "        return True\n", 3)))
    assert verdict(right) == ("pass", "all 2 tests passed")
    assert verdict(lying) == ("test_failed", "test 1 of 2 failed at `assert mid(P(0, 0), P(2, "
                                             "4)) == P(1, 2)`: AssertionError")
