"""Banking77: does synthetic data from the bundled local teacher help a 5-shot intent classifier?

1. Draw 5 real training examples per intent (fixed seed) from the Banking77 training set: the
   real arm, and the only real examples the generator may imitate.
2. Generate synthetic examples per intent with ``generate.labelled_examples`` and the bundled
   SmolLM2-135M-Instruct (llama.cpp, in process), deduplicated exactly.
3. Measure with the embedding classifier: real-only, synthetic-only and real+synthetic, on the
   full real test set (3,080 items), over 3 seeds. Seeds vary which synthetic examples an arm
   draws (``--syn-per-arm`` of them) so they measure how much the answer depends on the luck of
   generation; the 5-shot real set is fixed, so real-only does not vary across seeds.

Run it from the repository root (resumable: re-running continues the generation):

    .venv/bin/python benchmarks/banking77_experiment.py --per-intent 4 --syn-per-arm 231

Everything goes under ``runs/banking77/`` (git-ignored); the results table is printed and
written to ``runs/banking77/measure/results.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console

import synthloop
from synthloop.measure import publish
from synthloop.measure.experiment import validate_experiment
from synthloop.measure.runner import run_experiment

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "banking77"


def real_subset(out: Path, per_intent: int, seed: int) -> Path:
    """The fixed few-shot real training set, drawn once and written as CSV."""
    train = pd.read_csv(DATA / "train.csv")
    rng = np.random.default_rng(seed)
    parts = [group.iloc[rng.permutation(len(group))[:per_intent]]
             for _, group in train.groupby("category", sort=True)]
    out.parent.mkdir(parents=True, exist_ok=True)
    pd.concat(parts).to_csv(out, index=False)
    return out


def spec(labels: list[str], per_intent: int, real: Path) -> dict:
    return {
        "name": "banking77-synthetic",
        "seed": 7,
        "target": {"size": per_intent * len(labels), "oversample": 1.0, "max_rounds": 1,
                   "taxonomy": [{"skill": lab} for lab in labels]},
        "teachers": {"default": {"backend": "local", "temperature": 0.9, "top_p": 0.95,
                                 "max_tokens": 48, "n_ctx": 1024}},
        "stages": [
            {"use": "generate.labelled_examples", "examples": str(real),
             "label_field": "category", "shots": 3,
             "domain": "messages that customers of a bank send to its support chat"},
            {"use": "validate.rules", "required": ["text"],
             "fields": {"text": {"min_chars": 8, "max_chars": 300}}},
            {"use": "curate.dedup", "method": "exact", "fields": ["text"]},
        ],
        "outputs": {"formats": ["jsonl"], "style": "raw"},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-intent", type=int, default=4, help="synthetic examples per intent")
    ap.add_argument("--syn-per-arm", type=int, default=231,
                    help="synthetic examples each arm draws per seed (<= accepted records)")
    ap.add_argument("--real-per-intent", type=int, default=5)
    ap.add_argument("--labels", type=int, default=None, help="first N intents only (smoke test)")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--runs", type=Path, default=Path("runs/banking77"))
    args = ap.parse_args()
    console = Console()
    labels = json.loads((DATA / "categories.json").read_text())[: args.labels]
    real = real_subset(args.runs / "real.csv", args.real_per_intent, seed=0)
    t0 = time.monotonic()
    handle = synthloop.run(spec(labels, args.per_intent, real), args.runs / "run")
    n_ok = handle.store.count(synthloop.Status.OK)
    console.print(f"generation: {n_ok} accepted of {handle.store.count()} "
                  f"({time.monotonic() - t0:.0f}s)")
    test = args.runs / "test.csv"
    if args.labels is None:
        test = DATA / "test.csv"
    else:  # the smoke test evaluates on its labels only
        frame = pd.read_csv(DATA / "test.csv")
        frame[frame.category.isin(labels)].to_csv(test, index=False)
    exp = validate_experiment({
        "name": "banking77-5shot",
        "synthetic": [{"run": str(args.runs / "run")}],
        "real": {"path": str(real), "fields": {"label": "category"}},
        "arms": [{"name": "real-only", "real": "all"},
                 {"name": "synthetic-only", "synthetic": min(args.syn_per_arm, n_ok)},
                 {"name": "real+synthetic", "real": "all",
                  "synthetic": min(args.syn_per_arm, n_ok)}],
        "student": {"kind": "embedding_classifier"},
        "evals": [{"name": "banking77-test", "path": str(test), "fields": {"label": "category"},
                   "metric": "accuracy"}],
        "seeds": args.seeds,
    })
    result = run_experiment(exp, progress=console.print)
    publish(result, args.runs / "measure", runs=[args.runs / "run"])
    result.show(console)
    console.print(f"total {time.monotonic() - t0:.0f}s")


if __name__ == "__main__":
    main()
