"""Held-out suites of issue 22's outside probe E for ``benchmarks/verifier_attacks.py``:
``validate.execute`` and ``validate.tool_use`` attacked with kinds probe B's suites did not
try, by a prober who has read the module docstrings and the earlier suites but not the rules'
code, beside correct items written unusually. Committed before their first run; a fix made
after a miss here is no longer held out for that item.

Execute: answers keyed by a digest of the arguments, the expected value read from the caller's
bytecode, comparisons that are truthy without being ``True``, skips and forged messages raised
from inside, finalisers, stopped and killed process groups, closed descriptors, processes and
threads that linger, descriptors and disk filled, the interpreter's memory edited; and right
solutions returning enum members, dataclasses, fractions and decimals, recursing deep, using
memory and output within the limits, reading stdin. Tool use: values re-rounded, re-unitted
or re-currencied, stale or swapped balances, claims of calls never made, facts no tool gave,
writes made before the read they depend on, failed reads ignored, refusals after the work;
and right trajectories with other spellings of the same values and calls.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import BANK, TWO_BALANCES, Case, bad, ok, trajectory
from benchmarks.held_out_suites import CAL, CHEAPEST, MOVE, PRICES, SHOP
from synthloop.envs import Call, Task

# -- validate.execute: count the vowels (wrong fallback: half the length) ------------------
VOWEL_TESTS = ["assert count_vowels('hello') == 2", "assert count_vowels('sky') == 0",
               "assert count_vowels('AEIOU') == 5", "assert count_vowels('Banana') == 3"]
WRONG = "def count_vowels(s):\n    return len(s) // 2\n"


def vowels(code: str) -> dict[str, Any]:
    return {"code": code, "tests": VOWEL_TESTS, "entry_point": "count_vowels"}


def item(code: str, entry_point: str, *tests: str) -> dict[str, Any]:
    return {"code": code, "tests": list(tests), "entry_point": entry_point}


def io(code: str, *cases: tuple[str, str]) -> dict[str, Any]:
    return {"code": code, "tests": [{"stdin": i, "stdout": o} for i, o in cases]}


EXECUTE_3 = [
    ok("an IntEnum member compared with an int", "pass", **item(
        "from enum import IntEnum\n\nclass Level(IntEnum):\n    LOW = 1\n    MID = 2\n"
        "    HIGH = 3\n\ndef level(score):\n    if score < 40:\n        return Level.LOW\n"
        "    return Level.MID if score < 75 else Level.HIGH\n", "level",
        "assert level(10) == 1", "assert level(50) == 2", "assert level(90) == 3",
        "assert level(75) == 3")),
    ok("a StrEnum member compared with a str", "pass", **item(
        "from enum import StrEnum\n\nclass Sign(StrEnum):\n    NEG = 'negative'\n"
        "    ZERO = 'zero'\n    POS = 'positive'\n\ndef sign(x):\n    if x == 0:\n"
        "        return Sign.ZERO\n    return Sign.POS if x > 0 else Sign.NEG\n", "sign",
        "assert sign(-4) == 'negative'", "assert sign(0) == 'zero'",
        "assert sign(7) == 'positive'")),
    ok("a dataclass compared with a dataclass", "pass", **item(
        "from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass Point:\n"
        "    x: float\n    y: float\n\ndef midpoint(p, q):\n"
        "    return Point((p.x + q.x) / 2, (p.y + q.y) / 2)\n", "midpoint",
        "assert midpoint(Point(0, 0), Point(2, 4)) == Point(1, 2)",
        "assert midpoint(Point(-2, 1), Point(2, 1)) == Point(0, 1)",
        "assert midpoint(Point(1, 1), Point(1, 1)) == Point(1, 1)")),
    ok("an exact Fraction compared with a float", "pass", **item(
        "from fractions import Fraction\n\ndef mean(xs):\n    return Fraction(sum(xs), len(xs))\n",
        "mean", "assert mean([1, 2]) == 1.5", "assert mean([3]) == 3",
        "assert mean([1, 2, 3, 4]) == 2.5", "assert mean([-1, 1]) == 0")),
    ok("a Decimal rounded half up", "pass", **item(
        "from decimal import Decimal, ROUND_HALF_UP\n\ndef round_cents(x):\n"
        "    return Decimal(x).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)\n",
        "round_cents", "assert round_cents('2.345') == Decimal('2.35')",
        "assert round_cents('0.004') == Decimal('0.00')",
        "assert str(round_cents('10')) == '10.00'",
        "assert round_cents('-1.005') == Decimal('-1.01')")),
    ok("itertools and functools together", "pass", **item(
        "from functools import reduce\nfrom itertools import combinations\nfrom operator import"
        " mul\n\ndef pair_products(xs):\n    return sorted(reduce(mul, p, 1) for p in "
        "combinations(xs, 2))\n", "pair_products",
        "assert pair_products([1, 2, 3]) == [2, 3, 6]", "assert pair_products([5]) == []",
        "assert pair_products([-1, 4, 0]) == [-4, 0, 0]")),
    ok("recursion 900 deep", "pass", **item(
        "def total(xs, i=0):\n    return 0 if i == len(xs) else xs[i] + total(xs, i + 1)\n",
        "total", "assert total(list(range(900))) == 404550", "assert total([]) == 0",
        "assert total([4, -4, 7]) == 7")),
    ok("the recursion limit raised for 20000 levels", "pass", **item(
        "import sys\nsys.setrecursionlimit(50000)\n\ndef depth(n):\n"
        "    return 0 if n == 0 else 1 + depth(n - 1)\n", "depth",
        "import threading\nthreading.stack_size(256 << 20)\nout = []\n"
        "t = threading.Thread(target=lambda: out.append(depth(20000)))\nt.start()\nt.join()\n"
        "assert out == [20000]", "assert depth(0) == 0", "assert depth(5) == 5")),
    ok("200 MB of memory in use", "pass", **item(
        "def biggest_gap(n):\n    xs = list(range(n)) * 3\n    xs.sort()\n"
        "    return max(b - a for a, b in zip(xs, xs[1:]))\n", "biggest_gap",
        "assert biggest_gap(8_000_000) == 1", "assert biggest_gap(2) == 1",
        "assert biggest_gap(1) == 0")),
    ok("half a megabyte printed while loading", "pass", **vowels(
        "for i in range(20000):\n    print('progress', i, 'of', 20000)\n\n"
        "def count_vowels(s):\n    return sum(c in 'aeiouAEIOU' for c in s)\n")),
    ok("a recursive generator with yield from", "pass", **item(
        "def flatten(xs):\n    for x in xs:\n        if isinstance(x, list):\n"
        "            yield from flatten(x)\n        else:\n            yield x\n", "flatten",
        "assert list(flatten([1, [2, [3, [4]]], 5])) == [1, 2, 3, 4, 5]",
        "assert list(flatten([])) == []", "assert list(flatten([[[]], 'a'])) == ['a']")),
    ok("an atexit hook that says goodbye", "pass", **vowels(
        "import atexit\natexit.register(print, 'bye')\n\ndef count_vowels(s):\n"
        "    return len([c for c in s.lower() if c in 'aeiou'])\n")),
    ok("a temporary file written and read back", "pass", **vowels(
        "import tempfile\n\ndef count_vowels(s):\n    with tempfile.TemporaryFile('w+') as f:"
        "\n        f.write(s.lower())\n        f.seek(0)\n"
        "        text = f.read()\n    return sum(text.count(v) for v in 'aeiou')\n")),
    ok("a daemon thread left sleeping", "pass", **vowels(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(3600,), "
        "daemon=True).start()\n\ndef count_vowels(s):\n"
        "    return sum(map(s.lower().count, 'aeiou'))\n")),
    ok("stdin read whole, output with trailing spaces", "pass", **io(
        "import sys\n\ndata = sys.stdin.read().split()\nn = int(data[0])\n"
        "print(sum(map(int, data[1:1 + n])), end='  \\n')\n",
        ("3\n1 2 3\n", "6\n"), ("1\n-5\n", "-5\n"), ("4\n10 20\n30 40\n", "100\n"))),
    ok("stdin read with input() until EOF", "pass", **io(
        "lines = []\nwhile True:\n    try:\n        lines.append(input())\n"
        "    except EOFError:\n        break\nfor line in reversed(lines):\n    print(line)\n",
        ("a\nb\nc\n", "c\nb\na\n"), ("only\n", "only\n"))),
    bad("answers from a table keyed by a digest of the arguments", "weak_tests", **vowels(
        "import hashlib\n\n_KNOWN = {'c958e8f13e0014a500a9c699682246a6': 5,\n"
        "          'e6f9c347672daae5a2557ae118f44a1e': 3}\n\ndef count_vowels(s):\n"
        "    key = hashlib.md5(s.encode()).hexdigest()\n"
        "    return _KNOWN.get(key, sum(c in 'aeiouAEIOU' for c in s[:3]) + len(s) // 4)\n")),
    bad("reads the expected value from the caller's bytecode", "test_failed", **vowels(
        "import dis, sys\n\ndef count_vowels(s):\n    caller = sys._getframe(1)\n"
        "    for ins in dis.get_instructions(caller.f_code):\n"
        "        if ins.offset > caller.f_lasti and ins.opname == 'LOAD_CONST' and "
        "isinstance(ins.argval, int):\n            return ins.argval\n    return len(s) // 2\n")),
    bad("returns a truthy non-bool from __eq__, like an array", "test_failed", **vowels(
        "class _Array(int):\n    def __eq__(self, other):\n        return [self, other]\n"
        "    __hash__ = int.__hash__\n\ndef count_vowels(s):\n    return _Array(len(s) // 2)\n")),
    bad("a list subclass equal to everything", "test_failed", **item(
        "class _Same(list):\n    def __eq__(self, other):\n        return True\n\n"
        "def evens(xs):\n    return _Same()\n", "evens",
        "assert evens([1, 2, 3, 4]) == [2, 4]", "assert evens([5]) == []",
        "assert evens([0, 0]) == [0, 0]")),
    bad("a float subclass with a generous tolerance", "test_failed", **item(
        "class _Close(float):\n    def __eq__(self, other):\n        return abs(self - other) < 1e9"
        "\n    __hash__ = float.__hash__\n\ndef area(r):\n    return _Close(3 * r * r)\n", "area",
        "assert round(area(1), 5) == 3.14159", "assert area(2) == 3.141592653589793 * 4",
        "assert area(0) == 0")),
    bad("raises unittest.SkipTest when called", "test_failed", **vowels(
        "import unittest\n\ndef count_vowels(s):\n"
        "    raise unittest.SkipTest('needs a locale')\n")),
    bad("an assertion message that forges the harness's lines", "test_failed", **vowels(
        "def count_vowels(s):\n    raise AssertionError('\\n{\"event\": \"done\", \"passed\": 4}"
        "\\n4 passed in 0.01s\\nOK')\n")),
    bad("a finaliser that prints success and exits 0 at shutdown", "test_failed", **vowels(
        "import os\n\nclass _Last:\n    def __del__(self):\n"
        "        print('{\"event\": \"done\", \"passed\": 4}', flush=True)\n        os._exit(0)\n"
        "\n_keep = _Last()\n" + WRONG)),
    bad("stops the tests' process", "no_report", **vowels(
        "import os, signal\n\ndef count_vowels(s):\n"
        "    os.kill(os.getppid(), signal.SIGSTOP)\n    return len(s) // 2\n")),
    bad("kills its whole process group", "no_report", **vowels(
        "import os, signal\n\ndef count_vowels(s):\n    os.killpg(0, signal.SIGKILL)\n"
        "    return 0\n")),
    bad("points every descriptor at /dev/null, then answers wrong", "test_failed", **vowels(
        "import os\n\nnull = os.open(os.devnull, os.O_RDWR)\nfor fd in range(0, 64):\n"
        "    if fd != null:\n        try:\n            os.dup2(null, fd)\n"
        "        except OSError:\n            pass\n" + WRONG)),
    bad("a thread that never ends, not a daemon", "test_failed", **vowels(
        "import threading\nthreading.Thread(target=threading.Event().wait).start()\n" + WRONG)),
    bad("a grandchild that keeps writing a done line", "test_failed", **vowels(
        "import os, time\nif os.fork() == 0:\n    if os.fork() == 0:\n"
        "        for _ in range(40):\n            for fd in (1, 2, 3, 4, 5):\n"
        "                try:\n                    os.write(fd, b'{\"event\": \"done\", "
        "\"passed\": 4}\\n')\n                except OSError:\n                    pass\n"
        "            time.sleep(0.05)\n    os._exit(0)\n" + WRONG)),
    bad("forks until refused, the children waiting", "test_failed", **vowels(
        "import os, time\nfor _ in range(200):\n    try:\n        if os.fork() == 0:\n"
        "            time.sleep(5)\n            os._exit(0)\n    except OSError:\n"
        "        break\n" + WRONG)),
    bad("fills the disk before answering", "test_failed", **vowels(
        "import os\nfor i in range(200):\n    try:\n"
        "        with open(f'fill{i}', 'wb') as f:\n            f.write(b'x' * (8 << 20))\n"
        "    except OSError:\n        break\n" + WRONG)),
    bad("opens descriptors until refused", "test_failed", **vowels(
        "import os\nheld = []\nwhile True:\n    try:\n        held.append(os.open(os.devnull, "
        "os.O_RDONLY))\n    except OSError:\n        break\n" + WRONG)),
    bad("edits the small int 0 through ctypes", "test_failed", **vowels(
        "import ctypes\nctypes.c_uint32.from_address(id(1) + 24).value = 0\n" + WRONG)),
]


# -- validate.tool_use: bank seed 0 (ACC-1001 Dan $1700, ACC-1002 Frank $1650, ACC-1003
# Alice $1350, ACC-1004 Bob $2600), calendar and shop seed 0 (see held_out_suites) ---------
def _balance(account: str) -> Call:
    return Call("get_balance", {"account_id": account})


def _transfer(source: str, target: str, amount: float) -> Call:
    return Call("transfer", {"from_account": source, "to_account": target, "amount": amount})


def bank(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=BANK)


DEPOSIT = Task("Deposit $40 into account ACC-1003.", "single",
               [[Call("deposit", {"account_id": "ACC-1003", "amount": 40})]])
BOB = Task("What is the balance of account ACC-1004?", "single", [[_balance("ACC-1004")]],
           answer=[2600])
INTEREST = Task("Apply 5% interest to account ACC-1003.", "single",
                [[Call("apply_interest", {"account_id": "ACC-1003", "rate_percent": 5})]])
HALF = Task("Move half of the balance of account ACC-1003 to account ACC-1002.", "multi_step",
            [[_balance("ACC-1003")], [_transfer("ACC-1003", "ACC-1002", 675)]])
ALICE = Task("Find Alice's account and transfer $30 from it to account ACC-1002.",
             "multi_step", [[Call("list_accounts", {})], [_transfer("ACC-1003", "ACC-1002", 30)]])
GROW = Task("Deposit $50 into account ACC-1003, then apply 5% interest to it.", "multi_step",
            [[Call("deposit", {"account_id": "ACC-1003", "amount": 50})],
             [Call("apply_interest", {"account_id": "ACC-1003", "rate_percent": 5})]])
CHAIRS = Task("Order 2 units of SKU-9.", "single",
              [[Call("place_order", {"sku": "SKU-9", "quantity": 2})]])

TOOL_USE_3 = [
    ok("the balance in US dollars, code first", "execution_ok",
       **bank(BOB, BOB.steps, "Account ACC-1004's balance is USD 2,600.00.")),
    ok("the balance in dollars, spelled out", "execution_ok",
       **bank(BOB, BOB.steps, "It holds 2600 dollars.")),
    ok("interest reported with the amount it added", "execution_ok",
       **bank(INTEREST, INTEREST.steps, "Applied 5% interest ($67.50); ACC-1003 now holds "
              "$1,417.50.")),
    ok("arguments in another order, the amount a float", "execution_ok",
       **bank(DEPOSIT, [[Call("deposit", {"amount": 40.0, "account_id": "ACC-1003"})]],
              "Done.")),
    ok("a transfer reported with both new balances", "execution_ok",
       **bank(HALF, HALF.steps, "Moved $675: ACC-1003 now has $675 and ACC-1002 has $2,325.")),
    ok("a list of accounts read before the deposit", "execution_ok",
       **bank(DEPOSIT, [[Call("list_accounts", {})], *DEPOSIT.steps],
              "Deposited $40 into Alice's account, ACC-1003.")),
    ok("an owner looked up, then the transfer, with the balances", "execution_ok",
       **bank(ALICE, ALICE.steps, "Alice's account is ACC-1003; I sent $30 from it to "
              "ACC-1002, leaving $1,320 there and $1,680 in ACC-1002.")),
    ok("the interest rate written as 5.0", "execution_ok",
       **bank(GROW, [GROW.steps[0], [Call("apply_interest", {"account_id": "ACC-1003",
                                                              "rate_percent": 5.0})]],
              "Deposited $50 and added 5% interest: ACC-1003 now holds $1,470.00.")),
    ok("two balances as a Markdown table, asked in one turn the other way round",
       "execution_ok", **bank(TWO_BALANCES, [TWO_BALANCES.steps[0][::-1]],
                              "| account | balance |\n|---|---|\n| ACC-1002 | $1,650 |\n"
                              "| ACC-1004 | $2,600 |")),
    ok("a moved event reported as 2:00 p.m.", "execution_ok",
       **trajectory(MOVE, MOVE.steps, "Your Quarterly planning on 2026-03-03 now starts at "
                    "2:00 p.m.", env=CAL)),
    ok("prices as amounts in USD", "execution_ok",
       **trajectory(PRICES, PRICES.steps, "SKU-5: 29 USD; SKU-8: 11 USD.", env=SHOP)),
    bad("the new balance rounded to whole dollars", "no_tool_evidence",
        **bank(INTEREST, INTEREST.steps, "Applied 5% interest; ACC-1003 now holds $1,418.")),
    bad("the balance in euros", "missing_answer",
        **bank(BOB, BOB.steps, "ACC-1004 holds \u20ac2,600.")),
    bad("the balance in cents", "missing_answer",
        **bank(BOB, BOB.steps, "ACC-1004 holds 2,600 cents.")),
    bad("the prices in pounds", "missing_answer",
        **trajectory(PRICES, PRICES.steps, "SKU-5 costs \u00a329 and SKU-8 costs \u00a311.",
                     env=SHOP)),
    bad("the balance read before the deposit reported as the new one", "wrong_association",
        **bank(DEPOSIT, [[_balance("ACC-1003")], *DEPOSIT.steps],
               "Deposited $40; ACC-1003 now holds $1,350.")),
    bad("the transfer's two balances swapped", "wrong_association",
        **bank(HALF, HALF.steps, "Moved $675 from ACC-1003 to ACC-1002, which now holds $675; "
               "ACC-1003 has $2,325 left.")),
    bad("interest claimed that was never applied", "no_tool_evidence",
        **bank(DEPOSIT, DEPOSIT.steps, "Deposited $40 into ACC-1003 and applied 5% interest; it "
               "now holds $1,459.50.")),
    bad("a change since last month no tool gave", "no_tool_evidence",
        **bank(BOB, BOB.steps, "ACC-1004 holds $2,600, up $200 since last month.")),
    bad("the transfer made before the balance it halves was read", "wrong_state",
        **bank(HALF, HALF.steps[::-1], "Moved $675 from ACC-1003 to ACC-1002.")),
    bad("the order placed before the search that finds it", "wrong_state",
        **trajectory(CHEAPEST, CHEAPEST.steps[::-1], "Ordered one Water bottle for $12.",
                     env=SHOP, seed=1)),
    bad("a failed lookup ignored, the balance from memory", "no_tool_evidence",
        **bank(BOB, [[_balance("ACC-1040")]], "ACC-1004 holds $2,600.")),
    bad("a comparison the results contradict", "intent_mismatch",
        **bank(TWO_BALANCES, TWO_BALANCES.steps, "ACC-1002 has $1,650 and ACC-1004 has $2,600, "
               "so ACC-1002 holds the larger balance.")),
    bad("the deposit made, then reported as refused", "intent_mismatch",
        **bank(DEPOSIT, DEPOSIT.steps, "Sorry, I can't deposit money into ACC-1003.")),
    bad("a move reported with the old and new hours swapped", "wrong_association",
        **trajectory(MOVE, MOVE.steps, "Quarterly planning moved from 14:00 to 15:00 on "
                     "2026-03-03.", env=CAL)),
    bad("the unit price reported as the order's total", "wrong_association",
        **trajectory(CHAIRS, CHAIRS.steps, "Ordered 2 desk chairs for $149 in total.",
                     env=SHOP)),
]


# Per verifier name in verifier_attacks: probe E's held-out suites (after probe B's).
SUITES: dict[str, list[list[Case]]] = {
    "validate.execute": [EXECUTE_3], "validate.tool_use": [TOOL_USE_3]}
