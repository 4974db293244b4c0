"""The mutants of a solution (``checks/mutants.py``), the harness that runs them (a mutant is
killed only by a failing test, never by what it does to itself or its channel) and
``validate.execute``'s ``weak_tests`` verdict, on tiny literal solutions and tests."""

from __future__ import annotations

import pytest

from synthloop.checks.mutants import mutants
from synthloop.checks.runners import PythonRunner, Task
from synthloop.sandbox import Limits, Sandbox
from synthloop.sandbox.tiers import SANDBOX_PYTHON
from tests.validate.test_execute import TIERS, execute, verdict

WHOLE = ["'add(...)' -> 'a changed value of the same type and length'",
         "'add(...)' -> 'the same value for every input'", "'add(...)' -> 'its first argument'"]


def changes(code: str, entry: str | None = None, limit: int = 20) -> list[str]:
    return [m.change for m in mutants(code, entry, limit)]


def test_each_operator_gives_its_mutants_and_the_entry_point_its_wrappers() -> None:
    assert sorted(changes("def add(a, b):\n    return a + b", "add")) == sorted([
        "'a + b' -> 'a - b'", "'a + b' -> 'a * b'", "'a + b' -> 'a'", "'a + b' -> 'b'",
        "'return a + b' -> 'return None'", *WHOLE])


def test_comparisons_constants_conditions_and_statements() -> None:
    code = ("def keep(xs):\n    out = []\n    for x in xs:\n        if x > 0:\n"
            "            out.append(x)\n    return out")
    got = set(changes(code, "keep", limit=100))
    assert {"'x > 0' -> 'x >= 0'", "'x > 0' -> 'x < 0'", "'x > 0' -> 'x > 1'",
            "'x > 0' -> 'x > -1'", "'x > 0' -> 'not x > 0'", "'out.append(x)' -> 'pass'",
            "'return out' -> 'return None'"} <= got


def test_docstrings_annotations_and_unreached_helpers_are_left_alone() -> None:
    code = ('def unused(n):\n    return n + 1\n\n'
            'def double(x: int) -> int:\n    """Twice 2."""\n    return x * 2')
    assert sorted(changes(code, "double")) == sorted([
        "'x * 2' -> 'x + 2'", "'x * 2' -> 'x // 2'", "'x * 2' -> 'x'", "'x * 2' -> '2'",
        "'x * 2' -> 'x * 3'", "'x * 2' -> 'x * 1'", "'return x * 2' -> 'return None'",
        "'double(...)' -> 'a changed value of the same type and length'",
        "'double(...)' -> 'the same value for every input'",
        "'double(...)' -> 'its first argument'"])


def test_the_choice_depends_on_the_code_alone_and_keeps_to_the_limit() -> None:
    code = "def f(a, b, c):\n    return a + b * c - 1 if a < b else c // 2"
    first = changes(code, "f", limit=4)
    assert first == changes(code, "f", limit=4) and len(first) == 4 + len(WHOLE)
    assert len(changes(code, "f", limit=100)) > 20
    assert mutants("def f(:", "f", 10) == []


def test_only_the_same_value_mutant_is_decisive_and_wrappers_run() -> None:
    found = mutants("def add(a, b):\n    return a + b", "add", 0)  # the wrappers alone
    assert [(m.change, m.decisive) for m in found] == [(WHOLE[0], False), (WHOLE[1], True),
                                                       (WHOLE[2], False)]
    values = []
    for mutant in found:
        namespace: dict[str, object] = {}
        exec(mutant.code, namespace)
        add = namespace["add"]
        assert callable(add)
        values.append((add(1, 2), add(5, 5)))
    assert values == [(4, 11), (3, 3), (1, 5)]
    namespace = {}
    exec(found[0].code, namespace)
    changed = namespace["_mutant_changed"]
    assert callable(changed)
    assert [changed(v) for v in (True, 2.5, "abc", "", [1, [2]], (), {"a": 1}, None)] == [
        False, 3.5, "`bc", "x", [2, [2]], (0,), {"a": 2}, None]


HOSTILE_MUTANTS = [
    "def f(x):\n    return x + 1",  # a wrong value: the test fails
    "import os\ndef f(x):\n    os._exit(0)",  # exits before the tests finish
    "import os\ndef f(x):\n    os._exit(1)",
    # a forged report written on the channel, then exit
    "import gc, json, os, socket, struct\ndef f(x):\n    for o in gc.get_objects():\n"
    "        if isinstance(o, socket.socket):\n"
    "            data = json.dumps({'event': 'mutant', 'killed': True}).encode()\n"
    "            try:\n                o.sendall(struct.pack('!I', len(data)) + data)\n"
    "            except OSError:\n                pass\n    os._exit(0)",
    # signals to the tests' process: an early timer and an interrupt
    "import os, signal\ndef f(x):\n    os.kill(os.getppid(), signal.SIGALRM)\n"
    "    os.kill(os.getppid(), signal.SIGINT)\n    return x * 2",
    "def f(x):\n    while True:\n        pass",  # hangs: the timer stops it
    "def f(x):\n    return x * 2",  # right: survives
    # right but slow, as on a busy machine: its time is CPU time, which sleeping does not use
    "import time\ndef f(x):\n    time.sleep(1)\n    return x * 2",
]


@pytest.mark.parametrize("tier", TIERS)
def test_only_a_failing_test_kills_a_mutant(tier: str) -> None:
    runner = PythonRunner(SANDBOX_PYTHON)
    task = Task(code="def f(x):\n    return x * 2", tests=["assert f(2) == 4"], entry_point="f")
    case = runner.mutants_program(task, HOSTILE_MUTANTS, per_mutant_s=0.5, budget_s=20.0)
    result = Sandbox(tier).run(case.program, Limits(wall_s=30))
    tally = runner.survivors(case, result)
    assert (tally.ran, tally.killed, tally.survived) == (8, [0, 5], [1, 2, 3, 4, 6, 7])


def test_a_harness_that_stops_for_time_counts_only_what_ran() -> None:
    """A mutant that sleeps uses no CPU time: the budget's wall time stops it, unjudged."""
    runner = PythonRunner(SANDBOX_PYTHON)
    task = Task(code="def f(x):\n    return x * 2", tests=["assert f(2) == 4"], entry_point="f")
    sleeps = "import time\ndef f(x):\n    time.sleep(30)"
    hang = "def f(x):\n    while True:\n        pass"
    case = runner.mutants_program(task, [hang, sleeps, hang], per_mutant_s=0.2, budget_s=20.0)
    tally = runner.survivors(case, Sandbox("auto").run(case.program, Limits(wall_s=30)))
    assert (tally.ran, tally.killed, tally.survived) == (1, [0], [])


def test_weak_tests_verdict_names_the_count_and_a_survivor() -> None:
    strong, typed, one_case, silent = execute(
        {"code": "def add(a, b):\n    return a + b",
         "tests": ["assert add(2, 3) == 5", "assert add(4, 0) == 4"]},
        {"code": "def add(a, b):\n    return a - b", "tests": ["assert isinstance(add(2, 3), int)"]},
        {"code": "def add(a, b):\n    return a * b", "tests": ["assert add(2, 2) == 4"]},
        {"code": "import os\ndef add(a, b):\n    if a > 1:\n        os._exit(1)\n    return a + b",
         "tests": ["assert add(1, 1) == 2", "assert add(0, 3) == 3"]},
        mutant_check=True)
    assert verdict(strong) == ("pass", "all 2 tests passed")
    details = strong.verdicts[-1].details or {}
    assert (details["mutants_run"], details["mutants_killed"], details["mutants_survived"]) == (
        8, 8, [])
    assert verdict(typed) == ("weak_tests", "tests killed 1 of 8 mutants; 'a - b' -> 'a * b' "
                                            "survived")
    assert verdict(one_case) == ("weak_tests", "tests killed 6 of 8 mutants; 'add(...)' -> "
                                               "'the same value for every input' survived")
    # mutants that exit where the solution would not are not killed by it
    assert verdict(silent) == ("weak_tests", "tests killed 6 of 13 mutants; 'a > 1' -> 'a >= 1' "
                                             "survived")


def test_min_killed_sets_the_bar() -> None:
    # killed: None, a changed value, the same value; 'max(x, 0)' -> 'max(x, 1)' survives
    typed: dict[str, object] = {"code": "def positive(x):\n    return max(x, 0)",
             "tests": ["assert positive(5) == 5", "assert positive(7) == 7"]}
    lenient, strict = (execute(typed, mutant_check=True, min_killed=share)[0]
                       for share in (0.5, 0.99))
    assert verdict(lenient) == ("pass", "all 2 tests passed")
    assert verdict(strict) == ("weak_tests", "tests killed 3 of 6 mutants; 'max(x, 0)' -> "
                                             "'max(x, 1)' survived")
