"""The whole hostile suite (tests/validate/hostile.py) 5 times with 1 and with 2 workers at
every tier: prints whether the verdicts were identical every time, the records quarantined
(a sandbox failure: status failed, not a verdict on the program) and the time per round.
(The CI test repeats a deadline-free subset; this is the full check.)

    .venv/bin/python benchmarks/hostile_repeat.py [--rounds 5] [--tier bwrap] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from synthloop.records import Status  # noqa: E402
from synthloop.sandbox import statuses  # noqa: E402
from tests.validate.hostile import PROGRAMS  # noqa: E402
from tests.validate.test_hostile import Listener, programs_for, run_suite, suffix  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tier", action="append", help="only these tiers (default: all here)")
    parser.add_argument("--workers", type=int, action="append",
                        help="only these worker counts (default: 1 and 2)")
    args = parser.parse_args()
    listener = Listener()
    fmt = {"port": listener.port, "home": str(Path.home()), "repo": str(REPO),
           "outside": f"/tmp/synthloop-hostile-{uuid.uuid4().hex}"}
    tiers = [s.tier.value for s in statuses() if s.available]
    for tier in [t for t in tiers if not args.tier or t in args.tier]:
        names = programs_for(tier)
        expected = [PROGRAMS[n][1][tier] for n in names]
        for workers in args.workers or (1, 2):
            times, rounds, quarantined = [], [], []
            for i in range(args.rounds):
                start = time.perf_counter()
                records = run_suite(tier, names, workers, fmt)
                times.append(time.perf_counter() - start)
                rounds.append([suffix(r) for r in records])
                quarantined += [f"round {i + 1}: {r.id}: {r.verdicts[-1].reason[:200]}"
                                for r in records if r.status is Status.FAILED]
            same = all(r == expected for r in rounds)
            print(f"{tier:8} workers={workers}: {len(names)} programs x {args.rounds} rounds, "
                  f"{'identical and as expected' if same else 'DIFFERENT'}; "
                  f"{len(quarantined)} quarantined; "
                  f"{min(times):.1f}-{max(times):.1f} s per round", flush=True)
            for line in quarantined:
                print(f"  quarantined: {line}")
            for i, r in enumerate(rounds):
                for name, got, want in zip(names, r, expected, strict=True):
                    if got != want:
                        print(f"  round {i + 1}: {name}: {got} (expected {want})")


if __name__ == "__main__":
    main()
