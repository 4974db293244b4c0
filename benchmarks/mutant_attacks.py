"""``validate.execute``'s mutant check against weak-test attacks written for it: wrong code
whose tests check only the result's type, its length, that no exception is raised, or one
trivial case, and right code with vacuous tests; and, as a control of what it cannot see,
wrong code with two real cases that miss the bug. Every attack passes its own tests, so only
the mutant check can reject it (``weak_tests``). Beside it, in the same run: the check it
replaced (the tests must fail the solution returning None) and right code with tests that pin
values, which must be kept. Prints recall per kind of attack and the attacks that got through.

    PYTHONPATH=src .venv/bin/python benchmarks/mutant_attacks.py [--tier bwrap]
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from synthloop.checks.codesets import called_function, with_wrong_return
from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.records import Record
from synthloop.stages import StageContext

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
DEFAULT = ExecuteParams().min_killed


@dataclass(frozen=True)
class Item:
    kind: str  # type, length, no_exception, one_case, loose, two_cases, vacuous (attacks);
    # strong (kept)
    code: str
    tests: tuple[str, ...]


ATTACKS = [
    # wrong code, tests of the result's type
    Item("type", "def sum_even(xs):\n    return sum(x for x in xs[:-1] if x % 2 == 0)",
         ("assert isinstance(sum_even([1, 2, 3, 4]), int)",)),
    Item("type", "def factorial(n):\n    out = 1\n    for i in range(2, n):\n        out *= i\n"
         "    return out", ("assert isinstance(factorial(5), int)",)),
    Item("type", "def is_palindrome(s):\n    return s == s[::-1]",
         ("assert isinstance(is_palindrome('Level'), bool)",)),
    Item("type", "def count_vowels(s):\n    return sum(c in 'aeiou' for c in s)",
         ("assert type(count_vowels('Apple')) is int",)),
    Item("type", "def largest(xs):\n    best = xs[0]\n    for x in xs:\n        if x < best:\n"
         "            best = x\n    return best", ("assert isinstance(largest([3, 9, 4]), int)",)),
    Item("type", "def mean(xs):\n    return sum(xs) // len(xs)",
         ("assert isinstance(mean([1, 2]), (int, float))",)),
    # wrong code, tests of the result's length
    Item("length", "def reverse(xs):\n    return list(xs)",
         ("assert len(reverse([1, 2, 3])) == 3",)),
    Item("length", "def running_totals(xs):\n    out, total = [], 0\n    for x in xs:\n"
         "        out.append(total)\n        total += x\n    return out",
         ("assert len(running_totals([1, 2, 3])) == 3",)),
    Item("length", "def word_lengths(text):\n    return [len(w) - 1 for w in text.split()]",
         ("assert len(word_lengths('a bc def')) == 3",)),
    Item("length", "def squares(xs):\n    return [x * 2 for x in xs]",
         ("assert len(squares([1, 2, 3])) == 3",)),
    Item("length", "def evens(n):\n    return [i for i in range(1, n + 1) if i % 2 == 1]",
         ("assert len(evens(6)) == 3",)),
    # wrong code, tests that only call it
    Item("no_exception", "def fizzbuzz(n):\n    if n % 3 == 0 and n % 5 == 0:\n"
         "        return 'FizzBuzz'\n    if n % 3 == 0:\n        return 'Buzz'\n"
         "    if n % 5 == 0:\n        return 'Fizz'\n    return str(n)",
         ("fizzbuzz(15)", "fizzbuzz(7)")),
    Item("no_exception", "def c_to_f(c):\n    return c * 9 / 5 - 32", ("c_to_f(100)",)),
    Item("no_exception", "def search(xs, target):\n    lo, hi = 0, len(xs) - 1\n"
         "    while lo < hi:\n        mid = (lo + hi) // 2\n        if xs[mid] < target:\n"
         "            lo = mid + 1\n        else:\n            hi = mid\n"
         "    return lo if xs and xs[lo] == target else -1",
         ("search([1, 3, 5, 7], 5)",)),
    Item("no_exception", "def gcd(a, b):\n    return min(a, b)", ("gcd(12, 18)",)),
    Item("no_exception", "def count_words(text):\n    return len(text.split('a'))",
         ("count_words('a tall tree')", "count_words('')")),
    # wrong code, one trivial case
    Item("one_case", "def factorial(n):\n    return n if n > 0 else 1",
         ("assert factorial(1) == 1",)),
    Item("one_case", "def is_prime(n):\n    return n == 2 or n % 2 == 1",
         ("assert is_prime(3) is True",)),
    Item("one_case", "def abs_diff(a, b):\n    return a - b", ("assert abs_diff(3, 3) == 0",)),
    Item("one_case", "def max2(a, b):\n    return a", ("assert max2(5, 5) == 5",)),
    Item("one_case", "def fib(n):\n    return n", ("assert fib(1) == 1",)),
    Item("one_case", "def power(base, exp):\n    return base * exp",
         ("assert power(2, 2) == 4",)),
    # wrong code, loose tests of several inputs: an order, a range, values that miss the bug
    Item("loose", "def factorial(n):\n    out = 1\n    for i in range(2, n):\n        out *= i\n"
         "    return out", ("assert factorial(5) > factorial(3)", "assert factorial(4) > 0")),
    Item("loose", "def is_even(n):\n    return n % 2 == 1",
         ("assert is_even(2) != is_even(3)",)),
    Item("loose", "def mean(xs):\n    return sum(xs) // len(xs)",
         ("assert mean([1, 2, 3]) < mean([4, 5, 6])", "assert mean([2]) >= 0")),
    Item("loose", "def absolute(x):\n    return x if x > 0 else x",
         ("assert absolute(3) == 3", "assert absolute(5) == 5")),
    Item("loose", "def clip_words(text, n):\n    return ' '.join(text.split()[:n + 1])",
         ("assert len(clip_words('a b c d', 2)) <= len('a b c d')",
          "assert clip_words('a', 1) != clip_words('a b', 1) or True",
          "assert clip_words('x y z', 0) != clip_words('p q', 0)")),
    # wrong code, two real cases that miss the bug (beyond what mutants can show: the tests
    # pin values, only not the values the bug changes)
    Item("two_cases", "def is_prime(n):\n    return n == 2 or (n > 1 and n % 2 == 1)",
         ("assert is_prime(2) is True", "assert is_prime(4) is False")),
    Item("two_cases", "def count_vowels(s):\n    return sum(c in 'aeiou' for c in s)",
         ("assert count_vowels('apple') == 2", "assert count_vowels('sky') == 0")),
    Item("two_cases", "def largest(xs):\n    return xs[-1]",
         ("assert largest([1, 2, 3]) == 3", "assert largest([4, 9]) == 9")),
    # right code, vacuous tests
    Item("vacuous", "def add(a, b):\n    return a + b", ("assert callable(add)",)),
    Item("vacuous", "def sort_desc(xs):\n    return sorted(xs, reverse=True)",
         ("assert isinstance(sort_desc([3, 1, 2]), list)",)),
    Item("vacuous", "def clamp(x, lo, hi):\n    return max(lo, min(x, hi))",
         ("clamp(5, 0, 10)",)),
    Item("vacuous", "def median(xs):\n    s = sorted(xs)\n    n = len(s)\n"
         "    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2",
         ("assert median([4]) == 4",)),
]
STRONG = [
    Item("strong", "def sum_even(xs):\n    return sum(x for x in xs if x % 2 == 0)",
         ("assert sum_even([1, 2, 3, 4]) == 6", "assert sum_even([]) == 0",
          "assert sum_even([5, 7]) == 0")),
    Item("strong", "def factorial(n):\n    out = 1\n    for i in range(2, n + 1):\n"
         "        out *= i\n    return out",
         ("assert factorial(0) == 1", "assert factorial(5) == 120")),
    Item("strong", "def reverse(xs):\n    return xs[::-1]",
         ("assert reverse([1, 2, 3]) == [3, 2, 1]", "assert reverse([]) == []")),
    Item("strong", "def fizzbuzz(n):\n    if n % 15 == 0:\n        return 'FizzBuzz'\n"
         "    if n % 3 == 0:\n        return 'Fizz'\n    if n % 5 == 0:\n        return 'Buzz'\n"
         "    return str(n)", ("assert fizzbuzz(15) == 'FizzBuzz'", "assert fizzbuzz(9) == 'Fizz'",
                             "assert fizzbuzz(10) == 'Buzz'", "assert fizzbuzz(7) == '7'")),
    Item("strong", "def is_prime(n):\n    if n < 2:\n        return False\n"
         "    for d in range(2, int(n ** 0.5) + 1):\n        if n % d == 0:\n"
         "            return False\n    return True",
         ("assert is_prime(2)", "assert not is_prime(9)", "assert is_prime(13)",
          "assert not is_prime(1)")),
    Item("strong", "def median(xs):\n    s = sorted(xs)\n    n = len(s)\n"
         "    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2",
         ("assert median([3, 1, 2]) == 2", "assert median([4, 1, 3, 2]) == 2.5")),
]


def records(items: list[Item]) -> list[Record]:
    return [Record(id=str(i), data={"code": item.code, "tests": list(item.tests),
                                    "entry_point": called_function(item.code, list(item.tests))})
            for i, item in enumerate(items)]


def run(batch: list[Record], **params: object) -> list[Record]:
    stage = Execute(ExecuteParams(**params))  # type: ignore[arg-type]
    ctx = StageContext(spec_hash="bench", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("."))
    stage.setup(ctx)
    asyncio.run(stage.process(batch, ctx))
    return batch


def old_check_catches(batch: list[Record], tier: str) -> list[bool]:
    """The replaced check: the tests call no function, or pass the solution returning None."""
    broken = [with_wrong_return(r) if r.data["entry_point"] else None for r in batch]
    ran = run([b for b in broken if b is not None], tier=tier)
    passed = iter(r.accepted for r in ran)
    return [True if b is None else next(passed) for b in broken]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="bwrap")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores, load {os.getloadavg()[0]:.1f}, tier {args.tier}")
    # min_killed 0: the verdicts' details give the rejections at every threshold in one run
    attacks = run(records(ATTACKS), tier=args.tier, mutant_check=True, min_killed=0.0)
    old = old_check_catches(records(ATTACKS), args.tier)
    strong = run(records(STRONG), tier=args.tier, mutant_check=True, min_killed=0.0)
    print(f"the check it replaced (tests must fail the solution returning None): "
          f"{sum(old)}/{len(ATTACKS)}")
    total = Counter(i.kind for i in ATTACKS)
    for threshold in THRESHOLDS:
        caught = [weak(r, threshold) for r in attacks]
        by_kind = Counter(i.kind for i, hit in zip(ATTACKS, caught, strict=True) if hit)
        kinds = ", ".join(f"{kind} {by_kind[kind]}/{n}" for kind, n in total.items())
        mark = " (default)" if threshold == DEFAULT else ""
        print(f"min_killed {threshold}{mark}: attacks caught as weak_tests {sum(caught)}/"
              f"{len(ATTACKS)} ({kinds}); right code with strong tests kept "
              f"{sum(not weak(r, threshold) for r in strong)}/{len(STRONG)}")
    caught = [weak(r, DEFAULT) for r in attacks]
    for item, record, hit in zip(ATTACKS, attacks, caught, strict=True):
        d = record.verdicts[-1].details or {}
        if not hit:
            print(f"  got through ({item.kind}): {item.code.splitlines()[0]} killed "
                  f"{d.get('mutants_killed')} of {d.get('mutants_run')}")
    for item, record in zip(STRONG, strong, strict=True):
        if weak(record, DEFAULT) or not record.verdicts[-1].passed:
            print(f"  rejected: {item.code.splitlines()[0]}: {record.verdicts[-1].reason}")


def weak(record: Record, threshold: float) -> bool:
    """Whether the check rejects ``record`` at ``min_killed: threshold`` (a decisive
    survivor rejects at any)."""
    d = record.verdicts[-1].details or {}
    if record.verdicts[-1].check.endswith(".weak_tests"):
        return True
    return bool(d.get("mutants_run")) and d["mutants_killed"] < threshold * d["mutants_run"]


if __name__ == "__main__":
    main()
