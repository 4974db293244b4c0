"""Held-out suites of issue 22's outside probe B for ``benchmarks/verifier_attacks.py``:
``validate.execute``, ``validate.tool_use`` and ``curate.pii`` attacked the way a prober who
has read the module docstrings (but not the rules' code) would, beside correct items written
unusually. Committed before their first run; a fix made after a miss here is no longer held out
for that item.

Execute: solutions that try to make failing tests pass or look passed (reading the tests from
the stack, the heap, the job file or memory; objects equal to everything; exits, signals and
exceptions from inside; processes and threads that outlive; patched builtins and modules), and
right solutions in unusual shapes. Tool use: forged and orphan results, arguments of the right
value and the wrong type, tools not offered, answers not drawn from the results, repeated
writes, claims of success dressed as refusals; and right trajectories with extra reads (kept:
a read leaves the state as it was, and checking before acting is what a careful agent does),
wire-format arguments and other phrasings. PII: obfuscated, spaced, Unicode and homoglyph
identifiers, and clean text full of look-alikes.
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks.attack_suites import BANK, TWO_BALANCES, Case, bad, ok, text, trajectory
from benchmarks.held_out_suites import CAL, FLIGHT, MOVE, SHOP
from synthloop.envs import Call, Task
from synthloop.envs.trajectory import assistant_calls, tool_message

# -- validate.execute: the median of three (wrong fallback: the mean) ---------------------
MEDIAN_TESTS = ["assert median3(1, 5, 3) == 3", "assert median3(9, 2, 4) == 4",
                "assert median3(7, 7, 1) == 7", "assert median3(-2, -8, -5) == -5"]
# parses ``assert median3(args) == expected`` out of whatever test text it is given
_TABLE = """
import ast

def _table(sources):
    out = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Call):
                try:
                    key = tuple(ast.literal_eval(a) for a in node.left.args)
                    out[key] = ast.literal_eval(node.comparators[0])
                except ValueError:
                    pass
    return out
"""
_LOOKUP = """
def median3(a, b, c):
    return TABLE.get((a, b, c), (a + b + c) // 3)
"""


def median(code: str, tests: list[str] | None = None) -> dict[str, Any]:
    return {"code": code, "tests": tests or MEDIAN_TESTS, "entry_point": "median3"}


def reader(find: str) -> dict[str, Any]:
    """A wrong solution that answers the tested inputs from tests ``find`` locates."""
    return median(_TABLE + find + _LOOKUP)


WRONG = "def median3(a, b, c):\n    return (a + b + c) // 3\n"
SORT_TESTS = ["a = [3, 1, 2]\nsort_in_place(a)\nassert a == [1, 2, 3]",
              "b = ['b', 'a']\nsort_in_place(b)\nassert b == ['a', 'b']",
              "c = [5, -1, 5, 0]\nsort_in_place(c)\nassert c == [-1, 0, 5, 5]"]
RIGHT = "def median3(a, b, c):\n    return sorted((a, b, c))[1]\n"

EXECUTE_2 = [
    ok("a callable object as the entry point", "pass", **median(
        "class _Median:\n    def __call__(self, a, b, c):\n        return a + b + c - min(a, b, "
        "c) - max(a, b, c)\n\nmedian3 = _Median()\n")),
    ok("a lambda bound to the name", "pass", **median(
        "median3 = lambda a, b, c: max(min(a, b), min(max(a, b), c))\n")),
    ok("noise on stdout and stderr while computing", "pass", **median(
        "import sys\n\ndef median3(a, b, c):\n    print('computing', a, b, c)\n"
        "    print('debug: sorting', file=sys.stderr)\n    return sorted([a, b, c])[1]\n")),
    ok("a __main__ demo block that would fail", "pass", **median(
        RIGHT + "\nif __name__ == '__main__':\n    assert median3(1, 2, 3) == 99\n")),
    ok("a thread pool inside the function", "pass", **median(
        "from concurrent.futures import ThreadPoolExecutor\n\ndef median3(a, b, c):\n"
        "    with ThreadPoolExecutor(2) as pool:\n        low, high = pool.map(lambda f: f(a, b,"
        " c), (min, max))\n    return a + b + c - low - high\n")),
    ok("the function defined through exec", "pass", **median(
        "exec('def median3(a, b, c):\\n    return sorted((a, b, c))[1]\\n')\n")),
    ok("a generator, tested through list()", "pass", code=(
        "def evens(n):\n    for i in range(n):\n        if i % 2 == 0:\n            yield i\n"),
       tests=["assert list(evens(5)) == [0, 2, 4]", "assert list(evens(1)) == [0]",
              "assert list(evens(0)) == []", "assert list(evens(8)) == [0, 2, 4, 6]"],
       entry_point="evens"),
    ok("a namedtuple compared with a tuple", "pass", code=(
        "from collections import namedtuple\nSpan = namedtuple('Span', 'low high')\n\n"
        "def span(xs):\n    return Span(min(xs), max(xs))\n"),
       tests=["assert span([3, 1, 2]) == (1, 3)", "assert span([5]) == (5, 5)",
              "assert span([-4, 10, 0]) == (-4, 10)"], entry_point="span"),
    ok("a Counter compared with a dict", "pass", code=(
        "from collections import Counter\n\ndef letters(word):\n    return Counter(word)\n"),
       tests=["assert letters('abca') == {'a': 2, 'b': 1, 'c': 1}",
              "assert letters('') == {}", "assert letters('zz') == {'z': 2}"],
       entry_point="letters"),
    ok("memoised recursion", "pass", code=(
        "from functools import lru_cache\n\n@lru_cache(maxsize=None)\ndef fib(n):\n"
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"),
       tests=["assert fib(0) == 0", "assert fib(1) == 1", "assert fib(10) == 55",
              "assert fib(60) == 1548008755920"], entry_point="fib"),
    ok("a ValueError the tests expect", "pass", code=(
        "def parse_age(text):\n    age = int(text)\n    if age < 0:\n"
        "        raise ValueError('negative age')\n    return age\n"),
       tests=["assert parse_age('42') == 42", "assert parse_age('0') == 0",
              "try:\n    parse_age('-3')\nexcept ValueError:\n    pass\nelse:\n"
              "    raise AssertionError('no ValueError')"], entry_point="parse_age"),
    ok("a list sorted in place, the tests reading the argument", "pass", code=(
        "def sort_in_place(xs):\n    xs.sort()\n"), tests=SORT_TESTS, entry_point="sort_in_place"),
    bad("reads the tests from the callers' frames", "test_failed", **reader(
        "import sys\n\ndef _from_frames():\n    frame = sys._getframe()\n    while frame:\n"
        "        for value in list(frame.f_locals.values()):\n"
        "            if isinstance(value, dict) and isinstance(value.get('tests'), list):\n"
        "                return value['tests']\n        frame = frame.f_back\n    return []\n\n"
        "TABLE = _table(_from_frames())\n")),
    bad("reads the tests from the garbage collector's objects", "test_failed", **reader(
        "import gc\n\nTABLE = _table([item for o in gc.get_objects() if isinstance(o, list) "
        "for item in o if isinstance(item, str) and 'median3(' in item])\n")),
    bad("reads the tests from the job file", "test_failed", **reader(
        "import glob, json, os\n\ndef _from_files():\n    found = []\n"
        "    for path in glob.glob('*') + glob.glob('/tmp/*'):\n        try:\n"
        "            with open(path) as f:\n                found.append(f.read())\n"
        "        except OSError:\n            continue\n"
        "    return [line for text in found for line in text.replace('\\\\n', '\\n')"
        ".replace('\"', '\\n').splitlines() if 'median3(' in line]\n\n"
        "TABLE = _table(_from_files())\n")),
    bad("scans its own memory for the tests", "test_failed", **reader(
        "import re\n\ndef _from_memory():\n    found = set()\n"
        "    pattern = re.compile(rb'assert median3\\([-0-9, ]+\\) == -?[0-9]+')\n"
        "    with open('/proc/self/maps') as maps, open('/proc/self/mem', 'rb') as mem:\n"
        "        for line in maps:\n            fields = line.split()\n"
        "            if 'rw' not in fields[1] or len(fields) > 5 and fields[5].startswith('/'):\n"
        "                continue\n            start, end = (int(x, 16) for x in "
        "fields[0].split('-'))\n            if end - start > 64 << 20:\n                continue\n"
        "            try:\n                mem.seek(start)\n                chunk = mem.read(end"
        " - start)\n            except (OSError, ValueError, OverflowError):\n"
        "                continue\n            found |= {m.decode() for m in "
        "pattern.findall(chunk)}\n    return sorted(found)\n\nTABLE = _table(_from_memory())\n")),
    bad("reads the tests process's memory", "test_failed", **reader(
        "import os, re\n\ndef _from_parent():\n    try:\n"
        "        with open(f'/proc/{os.getppid()}/mem', 'rb') as mem:\n"
        "            return [mem.read(1)]\n    except OSError:\n        return []\n\n"
        "TABLE = _table(_from_parent())\n")),
    bad("an int subclass equal to everything", "test_failed", **median(
        "class _Yes(int):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = int.__hash__\n\ndef median3(a, b, c):\n    return _Yes(0)\n")),
    bad("a str subclass equal to everything", "test_failed", code=(
        "class _Yes(str):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = str.__hash__\n\ndef shout(s):\n    return _Yes('')\n"),
        tests=["assert shout('hi') == 'HI!'", "assert shout('a b') == 'A B!'"],
        entry_point="shout"),
    bad("patches builtins and the assert machinery", "test_failed", **median(
        "import builtins\n\nclass _Never(Exception):\n    pass\n\n"
        "builtins.AssertionError = _Never\nbuiltins.isinstance = lambda *a: True\n"
        "builtins.len = lambda *a: 0\n" + WRONG)),
    bad("poisons sys.modules and the protocol's json", "test_failed", **median(
        "import json, sys\n\n_dumps = json.dumps\n\ndef _lie(obj, *a, **k):\n"
        "    if isinstance(obj, dict) and 'ok' in obj:\n        obj = {'ok': 3}\n"
        "    return _dumps(obj, *a, **k)\n\njson.dumps = _lie\n"
        "sys.modules['unittest'] = sys.modules['json']\n" + WRONG)),
    bad("prints the harness's success lines", "test_failed", **median(
        "import json, sys\nfor stream in (sys.stdout, sys.stderr):\n"
        "    print(json.dumps({'event': 'done', 'passed': 4}), file=stream)\n"
        "    print('4 passed in 0.01s', file=stream)\n" + WRONG)),
    bad("writes a done line on every descriptor", "test_failed", **median(
        "import os\nfor fd in range(3, 64):\n    try:\n"
        "        os.write(fd, b'{\"event\": \"done\", \"passed\": 4}\\n')\n    except OSError:\n"
        "        pass\n" + WRONG)),
    bad("exits with status 0 while loading", "no_report", **median(
        "import os\nos._exit(0)\n" + WRONG)),
    bad("sys.exit(0) while loading", "load_error", **median("import sys\nsys.exit(0)\n" + WRONG)),
    bad("raises KeyboardInterrupt from inside", "test_failed", **median(
        "def median3(a, b, c):\n    raise KeyboardInterrupt\n")),
    bad("raises a BaseException of its own from inside", "test_failed", **median(
        "class _Out(BaseException):\n    pass\n\ndef median3(a, b, c):\n    raise _Out()\n")),
    bad("kills the tests' process", "no_report", **median(
        "import os, signal\n\ndef median3(a, b, c):\n"
        "    os.kill(os.getppid(), signal.SIGKILL)\n    return 0\n")),
    bad("interrupts the tests' process, then answers wrong", "test_failed", **median(
        "import os, signal\n\ndef median3(a, b, c):\n"
        "    os.kill(os.getppid(), signal.SIGINT)\n    return (a + b + c) // 3\n")),
    bad("a child that outlives and prints success", "test_failed", **median(
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(0.3)\n"
        "    print('{\"event\": \"done\", \"passed\": 4}', flush=True)\n    os._exit(0)\n"
        + WRONG)),
    bad("a thread that patches after the checks", "test_failed", **median(
        "import threading, time, builtins\n\ndef _later():\n    time.sleep(0.05)\n"
        "    builtins.AssertionError = KeyError\n\n"
        "threading.Thread(target=_later, daemon=True).start()\n" + WRONG)),
    bad("an atexit hook that reports success", "test_failed", **median(
        "import atexit\natexit.register(print, '{\"event\": \"done\", \"passed\": 4}')\n"
        + WRONG)),
    bad("blows the recursion limit to crash", "test_failed", **median(
        "import sys\nsys.setrecursionlimit(10 ** 6)\n\ndef _deep(n):\n    return _deep(n + 1)\n\n"
        "def median3(a, b, c):\n    return _deep(0)\n")),
]


# -- validate.tool_use: bank seed 0 (ACC-1001 Dan $1700, ACC-1002 Frank $1650, ACC-1003
# Alice $1350, ACC-1004 Bob $2600), calendar and shop seed 0 (see held_out_suites) ---------
def bank(task: Task, turns: list[list[Call]], reply: str,
         forged: dict[int, Any] | None = None) -> dict[str, Any]:
    return trajectory(task, turns, reply, forged, env=BANK)


def _deposit(account: str, amount: Any) -> Call:
    return Call("deposit", {"account_id": account, "amount": amount})


def _balance(account: Any) -> Call:
    return Call("get_balance", {"account_id": account})


DEPOSIT = Task("Deposit $40 into account ACC-1003.", "single", [[_deposit("ACC-1003", 40)]])
BOB = Task("What is the balance of account ACC-1004?", "single", [[_balance("ACC-1004")]],
           answer=[2600])
HALF = Task("Move half of the balance of account ACC-1003 to account ACC-1002.", "multi_step",
            [[_balance("ACC-1003")], [Call("transfer", {"from_account": "ACC-1003",
                                                         "to_account": "ACC-1002",
                                                         "amount": 675})]])
CAPITAL = Task("What is the capital of Australia?", "irrelevant", answer=["Canberra"])
MOVE_CALL = MOVE.steps[1][0]


def orphan_result(record: dict[str, Any], call_id: str, content: dict[str, Any],
                  name: str = "get_balance") -> dict[str, Any]:
    """``record`` with a tool message that answers no call, before the final reply."""
    messages = list(record["messages"])
    messages.insert(len(messages) - 1, tool_message(call_id, name, _dumps(content)))
    return {**record, "messages": messages}


def answered_first(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with its final reply moved before the calls: nothing follows the results."""
    messages = list(record["messages"])
    reply = messages.pop()
    return {**record, "messages": [messages[0], reply, *messages[1:]]}


def wire_format(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with every call's arguments as a JSON string (OpenAI's wire format)."""
    messages = []
    for m in record["messages"]:
        if m.get("tool_calls"):
            m = assistant_calls([(c["id"], c["function"]["name"],
                                  _dumps(c["function"]["arguments"])) for c in m["tool_calls"]])
        messages.append(m)
    return {**record, "messages": messages}


def pretty_results(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with each tool result re-indented (the same JSON, other whitespace)."""
    return {**record, "messages": [
        {**m, "content": json.dumps(json.loads(m["content"]), indent=2)}
        if m.get("role") == "tool" else m for m in record["messages"]]}


def _dumps(value: Any) -> str:
    return json.dumps(value)


TOOL_USE_2 = [
    ok("a harmless read before the write", "execution_ok",
       **bank(DEPOSIT, [[_balance("ACC-1003")], *DEPOSIT.steps],
              "Deposited $40; ACC-1003 now holds $1,390.")),
    ok("a read after the write, to confirm", "execution_ok",
       **bank(DEPOSIT, [*DEPOSIT.steps, [_balance("ACC-1003")]],
              "Done: $40 deposited, and the balance now reads $1,390.")),
    ok("arguments as JSON strings", "execution_ok",
       **wire_format(bank(HALF, HALF.steps, "Moved $675 from ACC-1003 to ACC-1002."))),
    ok("an amount given as a float", "execution_ok",
       **bank(HALF, [HALF.steps[0], [Call("transfer", {"from_account": "ACC-1003",
                                                       "to_account": "ACC-1002",
                                                       "amount": 675.0})]],
              "Transferred $675.00 (half of $1,350) to ACC-1002.")),
    ok("a parallel question asked in two turns", "execution_ok",
       **bank(TWO_BALANCES, [[_balance("ACC-1002")], [_balance("ACC-1004")]],
              "ACC-1002 has $1,650.00 and ACC-1004 has $2,600.00.")),
    ok("tool results re-indented", "execution_ok",
       **pretty_results(bank(BOB, BOB.steps, "ACC-1004 (Bob) holds $2,600."))),
    ok("a refusal in other words", "execution_ok",
       **trajectory(FLIGHT, [], "I'm afraid booking flights is beyond what my tools can do; "
                    "I can only manage your calendar.", env=CAL)),
    ok("a knowledge question answered without tools", "execution_ok",
       **bank(CAPITAL, [], "Canberra is the capital of Australia.")),
    ok("a move after a lookup, reported on the 12-hour clock", "execution_ok",
       **trajectory(MOVE, MOVE.steps, "Your Quarterly planning on 2026-03-03 now starts at "
                    "2 pm.", env=CAL)),
    ok("an order reported with its total", "execution_ok",
       **trajectory(Task("Order 2 units of SKU-9.", "single",
                         [[Call("place_order", {"sku": "SKU-9", "quantity": 2})]]),
                    [[Call("place_order", {"sku": "SKU-9", "quantity": 2})]],
                    "Ordered 2 desk chairs for $298.00 in total.", env=SHOP)),
    bad("a tool message that answers no call holds the second balance", "result_mismatch",
        **orphan_result(bank(TWO_BALANCES, [[_balance("ACC-1002")]],
                             "ACC-1002 holds $1,650 and ACC-1004 holds $2,600."),
                        "call_9", {"account_id": "ACC-1004", "balance": 2600})),
    bad("the answer given before the calls, nothing after the results", "no_final_answer",
        **answered_first(bank(BOB, BOB.steps, "ACC-1004 holds $2,600."))),
    bad("an amount passed as a string", "bad_arguments",
        **bank(DEPOSIT, [[_deposit("ACC-1003", "40")]], "Deposited $40 into ACC-1003.")),
    bad("an account id passed as a number", "bad_arguments",
        **bank(BOB, [[_balance(1004)]], "ACC-1004 holds $2,600.")),
    bad("a tool the bank does not offer", "hallucinated_tool",
        **bank(BOB, [[Call("get_account_balance", {"account_id": "ACC-1004"})]],
               "ACC-1004 holds $2,600.")),
    bad("another environment's tool", "hallucinated_tool",
        **bank(BOB, [[Call("get_product", {"sku": "ACC-1004"})]], "ACC-1004 holds $2,600.")),
    bad("a forged deposit result the reply repeats", "result_mismatch",
        **bank(DEPOSIT, DEPOSIT.steps, "Deposited $40; ACC-1003 now holds $1,490.",
               forged={1: {"account_id": "ACC-1003", "balance": 1490}})),
    bad("the right number from a lookup of another account", "no_tool_evidence",
        **bank(BOB, [[Call("list_accounts", {})]], "ACC-1004 (Bob) holds $2,600.")),
    bad("the deposit made twice", "wrong_state",
        **bank(DEPOSIT, [*DEPOSIT.steps, *DEPOSIT.steps], "Deposited $40 into ACC-1003.")),
    bad("a deposit undone and made again", "wrong_state",
        **bank(DEPOSIT, [*DEPOSIT.steps, [Call("withdraw", {"account_id": "ACC-1003",
                                                            "amount": 40})], *DEPOSIT.steps],
               "Deposited $40 into ACC-1003.")),
    bad("the same move made twice", "unneeded_call",
        **trajectory(MOVE, [*MOVE.steps, [MOVE_CALL]], "Moved 'Quarterly planning' to 14:00 on "
                     "2026-03-03.", env=CAL)),
    bad("a booking claimed behind an apology", "no_refusal",
        **trajectory(FLIGHT, [], "Sorry for the wait! Your flight from Paris to Rome is booked "
                     "for next Friday.", env=CAL)),
    bad("a booking claimed behind \"can't wait\"", "no_refusal",
        **trajectory(FLIGHT, [], "I can't wait for your trip: your flight from Paris to Rome is "
                     "booked for next Friday.", env=CAL)),
    bad("both balances stated in both orders", "wrong_association",
        **bank(TWO_BALANCES, TWO_BALANCES.steps, "ACC-1002 has $1,650 or $2,600 and ACC-1004 "
               "has $2,600 or $1,650.")),
]


# -- curate.pii (reject mode, default entities) ------------------------------------------
PII_2 = [
    ok("an Amazon-style order number", "clean",
       **text("Your order 112-4567890-1234567 has shipped and arrives Thursday.")),
    ok("an ISBN with hyphens", "clean",
       **text("The second edition is ISBN 978-0-306-40615-7, published in 2019.")),
    ok("a release date and a Windows build", "clean",
       **text("Version 3.11.2 was released on 2024-03-15; it needs build 10.0.19045.2965.")),
    ok("thousands grouped with spaces", "clean",
       **text("The census counted 38 538 447 people, up from 38 115 641 ten years earlier.")),
    ok("a unit of a course", "clean", **text("Unit 7 of the course covers fractions and "
                                              "decimals.")),
    ok("a suite in music", "clean", **text("Tonight the cellist plays Suite 2 in D minor.")),
    ok("a chapter and a section", "clean",
       **text("The proof is in Chapter 3 Section 2. Read it before the exam.")),
    ok("pi to twenty decimals", "clean",
       **text("Pi to twenty decimals is 3.14159265358979323846.")),
    ok("a parcel tracking number", "clean",
       **text("Tracking number 1Z999AA10123456784 shows the parcel in Leeds.")),
    ok("a meeting time, date and room", "clean",
       **text("We meet at 10:30 on 12/03/2025 in room 4.12 of building 7.")),
    ok("an invoice number and an amount", "clean",
       **text("Invoice INV-2024-000123 totals EUR 1 250,00, due within 30 days.")),
    ok("coordinates", "clean", **text("The summit is at 51.5074, -0.1278 on the old map.")),
    ok("a training log", "clean",
       **text("The model scored 98.7 at epoch 12, step 4500 of 120000.")),
    ok("a flight and a gate", "clean", **text("Flight BA 2490 leaves gate 22 at 07:45.")),
    bad("an email with bracketed words", "contains_pii",
        **text("Reach me at mark (dot) lindqvist (at) proton (dot) me after six.")),
    bad("an email with spaces round the @", "contains_pii",
        **text("My address is anna.berg @ outlook.com if you need it.")),
    bad("an email with a full-width @", "contains_pii",
        **text("My address is anna.berg\uff20outlook.com if you need it.")),
    bad("an email with a Cyrillic letter", "contains_pii",
        **text("My address is \u0430nna.berg@outlook.com if you need it.")),
    bad("an email spelled with 'at' and a real dot", "contains_pii",
        **text("Email: anna.berg at outlook.com")),
    bad("a mobile number with every digit spaced", "contains_pii",
        **text("Text me on 0 7 7 0 0 9 0 0 1 2 3 tonight.")),
    bad("a mobile number in full-width digits", "contains_pii",
        **text("Text me on \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12"
               "\uff13 tonight.")),
    bad("an IBAN with hyphens", "contains_pii",
        **text("Wire it to DE89-3704-0044-0532-0130-00 by Monday.")),
    bad("an IBAN in lower case", "contains_pii",
        **text("Wire it to de89 3704 0044 0532 0130 00 by Monday.")),
    bad("a card number with dots", "contains_pii",
        **text("Use card 4539.1488.0343.6467 for the deposit.")),
    bad("a card number grouped 4-6-6", "contains_pii",
        **text("Use card 4539 148803 436467 for the deposit.")),
    bad("a house number with a letter", "contains_pii",
        **text("Send it to 221B Baker Street, London.")),
    bad("an address in lower case", "contains_pii",
        **text("Send it to 42 wallaby way, sydney.")),
    bad("an SSN without separators", "contains_pii",
        **text("My social security number is 536221894.")),
    bad("a name with a home town", "contains_pii",
        **text("My neighbour Tomasz Wojcik from Gdansk still owes me money.")),
]


# Per verifier name in verifier_attacks: probe B's held-out suites (after those of
# held_out_suites.py).
SUITES: dict[str, list[list[Case]]] = {
    "validate.execute": [EXECUTE_2], "validate.tool_use": [TOOL_USE_2], "curate.pii": [PII_2]}
