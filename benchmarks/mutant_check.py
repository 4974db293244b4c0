"""``validate.execute``'s mutant check on clean real data: HumanEval's 164 canonical solutions
and MBPP's 500 test items with their own tests, which are right and test values, so every
``weak_tests`` rejection is a false one. Runs each set twice side by side, without and with
``mutant_check`` (at ``min_killed: 0``, so that one run gives the rejections at every
threshold from the killed shares in the verdicts' details), and prints the false rejections
per threshold, the items rejected at the default, and the cost per record.

    PYTHONPATH=src .venv/bin/python benchmarks/mutant_check.py [--tier bwrap] [--limit N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

from synthloop.checks import codesets
from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.records import Record
from synthloop.stages import StageContext

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
DEFAULT = ExecuteParams().min_killed
JUDGED = {"validate.execute.pass", "validate.execute.weak_tests"}


def run(records: list[Record], **params: object) -> float:
    """Seconds per record through ``validate.execute`` with ``params``."""
    stage = Execute(ExecuteParams(**params))  # type: ignore[arg-type]
    ctx = StageContext(spec_hash="bench", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("."))
    stage.setup(ctx)
    start = time.perf_counter()
    asyncio.run(stage.process(records, ctx))
    return (time.perf_counter() - start) / len(records)


def killed_share(record: Record) -> float | None:
    """The share of mutants killed; -1 when a decisive one survived (rejected at any
    threshold, 0 included); None when none ran."""
    details = record.verdicts[-1].details or {}
    ran = details.get("mutants_run")
    if not ran:
        return None
    return -1.0 if details["mutants_decisive"] else details["mutants_killed"] / ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="bwrap")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    sets = {"humaneval": codesets.humaneval(DATA), "mbpp-test": codesets.mbpp(DATA, "test")}
    print(f"{os.cpu_count()} CPU cores, load {os.getloadavg()[0]:.1f}, tier {args.tier}")
    for name, records in sets.items():
        records = records[:args.limit]
        plain = [Record(id=r.id, data=dict(r.data)) for r in records]
        checked = [Record(id=r.id, data=dict(r.data)) for r in records]
        before = run(plain, tier=args.tier)
        after = run(checked, tier=args.tier, mutant_check=True, min_killed=0.0)
        # at min_killed 0 only a decisive survivor rejects (weak_tests): it passed its tests
        passed = [r for r in checked if r.verdicts[-1].check in JUDGED]
        for record in checked:
            if record.verdicts[-1].check not in JUDGED:
                print(f"    failed its own tests: {record.id}: {record.verdicts[-1].reason[:200]}")
        shares = {r.id: killed_share(r) for r in passed}
        tallies = [r.verdicts[-1].details or {} for r in passed]
        judged = [d["mutants_killed"] / d["mutants_run"] for d in tallies if d.get("mutants_run")]
        print(f"{name}: {len(passed)}/{len(records)} pass their tests; mutants ran for "
              f"{len(judged)}, mean killed share {sum(judged) / max(len(judged), 1):.3f}; "
              f"{before:.3f} -> {after:.3f} s/record ({after / before:.1f}x)")
        for threshold in THRESHOLDS:
            rejected = [i for i, s in shares.items() if s is not None and s < threshold]
            mark = " (default)" if threshold == DEFAULT else ""
            print(f"  min_killed {threshold}{mark}: {len(rejected)}/{len(passed)} falsely "
                  f"rejected as weak_tests")
        for record in passed:
            share = shares[record.id]
            if share is not None and share < DEFAULT:
                d = record.verdicts[-1].details or {}
                print(f"    {record.id}: killed {d['mutants_killed']} of {d['mutants_run']}; "
                      f"survived: {'; '.join(d['mutants_survived'][:2])}")


if __name__ == "__main__":
    main()
