"""HumanEval (164) and MBPP's test split (500) through ``validate.execute``: every canonical
solution should pass its tests, and the same solution with its return value replaced by None
should fail. Prints pass rates, the items that do not behave, and items/s per tier.

    .venv/bin/python benchmarks/code_exec.py [--tier auto|rlimits|bwrap|all] [--workers N]
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
from synthloop.sandbox import statuses
from synthloop.stages import StageContext

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def run(records: list[Record], tier: str, workers: int) -> float:
    stage = Execute(ExecuteParams(tier=tier, workers=workers))
    ctx = StageContext(spec_hash="bench", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("."))
    stage.setup(ctx)
    start = time.perf_counter()
    asyncio.run(stage.process(records, ctx))
    return len(records) / (time.perf_counter() - start)


def report(name: str, records: list[Record], want_pass: bool, rate: float) -> None:
    odd = [r for r in records if r.accepted != want_pass]
    ok = len(records) - len(odd)
    print(f"  {name:28} {ok}/{len(records)} {'pass' if want_pass else 'fail'} "
          f"({100 * ok / len(records):.1f}%), {rate:.1f} items/s")
    for r in odd:
        print(f"    {r.id}: {r.verdicts[-1].check}: {r.verdicts[-1].reason[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    tiers = ([s.tier.value for s in statuses() if s.available] if args.tier == "all"
             else [args.tier])
    sets = {"humaneval": codesets.humaneval(DATA), "mbpp-test": codesets.mbpp(DATA, "test")}
    print(f"{os.cpu_count()} CPU cores, {args.workers} workers")
    for tier in tiers:
        print(f"tier {tier}:")
        for name, records in sets.items():
            canonical = [Record(id=r.id, data=dict(r.data)) for r in records]
            report(f"{name} canonical", canonical, True, run(canonical, tier, args.workers))
            bugged = [codesets.with_wrong_return(r) for r in records]
            report(f"{name} return -> None", bugged, False, run(bugged, tier, args.workers))


if __name__ == "__main__":
    main()
