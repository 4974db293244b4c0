"""``validate.relevance`` on the Self-Instruct seed tasks: real instruction/output pairs
against the same outputs shuffled to other instructions.

    .venv/bin/python benchmarks/relevance_eval.py [--threshold 0.2]

Prints the ROC AUC of the embedding similarity and the acceptance rates of the stage's decision
(non-answer checks, label rule and threshold) on each side, with the verdict codes, plus the
thresholds at 2, 5 and 10% false rejections on the real pairs. Scoring:
:mod:`synthloop.validate.relevance_eval`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from synthloop.validate.relevance import DEFAULT_THRESHOLD, RelevanceParams
from synthloop.validate.relevance_eval import evaluate, seed_pairs

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-tasks", type=Path,
                        default=DATA / "self-instruct-seed" / "seed_tasks.jsonl")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    real, shuffled = seed_pairs(args.seed_tasks)
    print(f"{len(real)} real pairs, {len(shuffled)} shuffled pairs ({args.seed_tasks})")
    for threshold in sorted({args.threshold, 0.14, 0.2, 0.25}):
        result = evaluate(real, shuffled, RelevanceParams(threshold=threshold))
        print()
        print("\n".join(result.lines()))


if __name__ == "__main__":
    main()
