"""A wrong solution that tries to forge a pass through ``validate.execute`` at every tier: each
attack below forged one against the harness that reported from the solution's own process
(nonce and ``report`` in ``__main__``); none may pass now, and each ends in a named verdict.
The right solutions next to them still pass: the tests see the solution's values, classes,
generators and exceptions through the channel between the two processes."""

from __future__ import annotations

import pytest

from tests.validate.test_execute import TIERS, execute, verdict

TEST = ["assert answer() == 42"]

# the value ``assert answer() == <value>`` expects, from whichever test sources are found
READ_THE_TESTS = """
import ast, gc, json, sys
def expected(sources):
    for source in sources:
        try:
            test = ast.parse(source).body[0].test
            return ast.literal_eval(test.comparators[0])
        except (AttributeError, IndexError, SyntaxError, ValueError):
            continue
    return 0
def answer():
    return EXPECTED
"""

# name -> (solution code, expected check suffix, a fragment of the reason); the test is TEST
# unless the attack names its own (a solution's ``abs`` only matters to a test that uses it)
ATTACKS: dict[str, tuple[str, str, str] | tuple[str, str, str, list[str]]] = {
    # call every report-like function the harness left in __main__ or the heap, exit 0
    "call_the_reporter": ("""
import gc, os, sys
def answer():
    main = sys.modules['__main__']
    found = [getattr(main, n) for n in dir(main)]
    found += [o for o in gc.get_objects() if callable(o)
              and 'report' in getattr(o, '__name__', '')]
    for fn in found:
        if callable(fn) and 'report' in getattr(fn, '__name__', ''):
            try:
                fn(event='done', passed=1)
            except BaseException:
                pass
    os._exit(0)
""", "no_report", "the solution's process exited (status 0) before the tests finished"),
    # find a nonce anywhere in memory and write a done line with it on every fd (but sockets:
    # forge_on_the_channel below)
    "nonce_on_every_fd": ("""
import gc, json, os, stat, sys
def answer():
    line = json.dumps({'event': 'done', 'passed': 1})
    prefixes = ['', str(getattr(sys.modules['__main__'], 'NONCE', ''))]
    prefixes += [str(o['nonce']) for o in gc.get_objects()
                 if isinstance(o, dict) and 'nonce' in o]
    for fd in range(3, 256):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
        except OSError:
            continue
        for prefix in prefixes:
            try:
                os.write(fd, (prefix + line + '\\n').encode())
            except OSError:
                pass
    os._exit(0)
""", "no_report", "before the tests finished"),
    # open the harness's fds through /proc and write a done line there
    "parents_fds_through_proc": ("""
import json, os
def answer():
    line = (json.dumps({'event': 'done', 'passed': 1}) + '\\n').encode()
    base = f'/proc/{os.getppid()}/fd'
    try:
        names = os.listdir(base)
    except OSError:
        names = [str(n) for n in range(3, 16)]
    for name in names:
        try:
            fd = os.open(f'{base}/{name}', os.O_WRONLY)
            os.write(fd, line)
        except OSError:
            pass
    os._exit(0)
""", "no_report", "before the tests finished"),
    # replace exec so that the test runner runs no test at all
    "no_op_exec": ("""
import builtins
builtins.exec = lambda *args, **kwargs: None
def answer():
    return 41
""", "test_failed", "test 1 of 1 failed at `assert answer() == 42`: AssertionError"),
    # the runner's own report function replaced by one that says done
    "patch_the_runner": ("""
import json, os, sys
main = sys.modules['__main__']
def forged(**fields):
    out = getattr(main, 'REPORT', None) or sys.stdout
    out.write(str(getattr(main, 'NONCE', '')) + json.dumps({'event': 'done', 'passed': 1}) + '\\n')
    out.flush()
    os._exit(0)
for name in ('report', 'failure'):
    setattr(main, name, forged)
def answer():
    return 41
""", "test_failed", "AssertionError"),
    # an answer that equals everything
    "always_equal": ("""
class Anything:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
def answer():
    return Anything()
""", "test_failed", "the solution gave an object that is not plain data, which the tests "
                   "cannot compare"),
    # a solution-defined built-in or module standing in for what the tests use
    "shadow_a_builtin": ("""
def abs(x):
    return 0
class math:
    isclose = staticmethod(lambda *args, **kwargs: True)
def answer():
    return 41
""", "test_failed", "AssertionError", ["assert abs(answer() - 42) < 0.5",
                                       "assert math.isclose(answer(), 42)"]),
    # exit 0 from an atexit hook once the test raised SystemExit
    "exit_zero_at_exit": ("""
import atexit, os, sys
atexit.register(os._exit, 0)
def answer():
    sys.exit(0)
""", "test_failed", "SystemExit"),
    # talk to the tests' process on the socket found in the caller's frame, then exit 0
    "forge_on_the_channel": ("""
import gc, json, os, socket, struct
def answer():
    for o in gc.get_objects():
        if isinstance(o, socket.socket):
            data = json.dumps({'event': 'done', 'passed': 1}).encode()
            try:
                o.sendall(struct.pack('!I', len(data)) + data)
            except OSError:
                pass
    os._exit(0)
""", "test_failed", "the solution's process broke the protocol"),
    # probe B: answer with the value the test expects, read from the tests themselves: the
    # callers' frames, the garbage collector's objects, the job file (each passed before the
    # solution's process was forked from one that had never read them)
    "tests_from_the_callers_frames": (READ_THE_TESTS + """
def _tests():
    frame = sys._getframe()
    while frame:
        for value in list(frame.f_locals.values()):
            if isinstance(value, dict) and isinstance(value.get('tests'), list):
                return value['tests']
        frame = frame.f_back
    return []
EXPECTED = expected(_tests())
""", "test_failed", "test 1 of 1 failed at `assert answer() == 42`: AssertionError"),
    "tests_from_the_garbage_collector": (READ_THE_TESTS + """
EXPECTED = expected([s for o in gc.get_objects() if isinstance(o, list) for s in o
                    if isinstance(s, str) and 'answer()' in s])
""", "test_failed", "test 1 of 1 failed at `assert answer() == 42`: AssertionError"),
    "tests_from_the_job_file": (READ_THE_TESTS + """
def _tests():
    try:
        with open('job.json') as f:
            return json.load(f)['tests']
    except OSError:
        return []
EXPECTED = expected(_tests())
""", "test_failed", "test 1 of 1 failed at `assert answer() == 42`: AssertionError"),
}


# every writable mapping of its own memory read through ctypes: at the bwrap tier the sandbox's
# supervisor, which the harness is forked from, once held the job files of the programs before
SCAN_MEMORY = READ_THE_TESTS + """
import ctypes, re
def _scan():
    found = []
    with open('/proc/self/maps') as maps:
        for line in maps.read().splitlines():
            fields = line.split()
            if fields[1].startswith('rw') and not fields[-1].startswith('[v'):
                start, end = (int(x, 16) for x in fields[0].split('-'))
                chunk = ctypes.string_at(start, end - start)
                found += [m.decode() for m in re.findall(rb'assert answer\\(\\) == \\d+', chunk)]
    return found
EXPECTED = expected(_scan())
"""


@pytest.mark.parametrize("tier", TIERS)
def test_a_solution_finds_no_job_file_in_its_memory(tier: str) -> None:
    # four in a row through one sandbox, the test as long as HumanEval's
    tests = ["assert answer() == 42  # " + "x" * 1000, "assert answer() > 41",
             "assert answer() < 43"]
    records = execute(*[{"code": SCAN_MEMORY, "tests": tests}] * 4, tier=tier, workers=1,
                      neighbour_check=False)
    assert [verdict(r)[0] for r in records] == ["test_failed"] * 4
    assert verdict(records[-1])[1].startswith("test 1 of 3 failed at `assert answer() == 42  # ")


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_wrong_solution_cannot_forge_a_pass(tier: str, attack: str) -> None:
    code, expected, reason, *tests = ATTACKS[attack]
    (record,) = execute({"code": code, "tests": tests[0] if tests else TEST}, tier=tier)
    got, why = verdict(record)
    assert (got, reason in why) == (expected, True), why


@pytest.mark.parametrize("tier", TIERS)
def test_right_solutions_still_pass_through_the_channel(tier: str) -> None:
    values, classes, generator, raising, module, builtin_name, fixture = execute(
        {"code": "def f(x):\n    return {'a': (x, [1.5, None]), 'b': {b'x'}, 'c': 2 ** 100}",
         "tests": ["assert f(3) == {'a': (3, [1.5, None]), 'b': {b'x'}, 'c': 2 ** 100}",
                   "assert isinstance(f(3)['a'], tuple) and f(3)['c'] > 2 ** 99"]},
        {"code": "class Pair:\n    def __init__(self, a, b):\n        self.a, self.b = a, b\n"
                 "def longest(pairs):\n    return max(p.b - p.a for p in pairs)",
         "tests": ["assert longest([Pair(1, 5), Pair(2, 3)]) == 4"]},
        {"code": "def evens(n):\n    yield from range(0, n, 2)",
         "tests": ["assert list(evens(7)) == [0, 2, 4, 6]"]},
        {"code": "def root(x):\n    if x < 0:\n        raise ValueError('negative')\n"
                 "    return x ** 0.5",
         "tests": ["try:\n    root(-1)\nexcept ValueError as e:\n    assert str(e) == 'negative'\n"
                   "else:\n    raise AssertionError('no error')"]},
        {"code": "import math\ndef area(r):\n    return math.pi * r * r",
         "tests": ["assert math.isclose(area(2), 12.566370614359172)"]},
        {"code": "def sum(a, b):\n    return a + b", "entry_point": "sum",
         "tests": ["assert sum(2, 3) == 5"]},  # a built-in's name, but the one under test
        {"code": "class Node:\n    def __init__(self, v):\n        self.v, self.left = v, None\n"
                 "def depth(n):\n    return 0 if n is None else 1 + depth(n.left)",
         "test_setup_code": "root = Node(1)\nroot.left = Node(2)",
         "tests": ["assert depth(root) == 2"]},
        tier=tier)
    for record in (values, classes, generator, raising, module, builtin_name, fixture):
        assert verdict(record)[0] == "pass", verdict(record)
