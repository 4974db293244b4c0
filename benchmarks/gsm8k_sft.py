"""GSM8K-style: does LoRA SFT of SmolLM2-135M-Instruct on math-simulator traces beat no SFT?

1. Generate verified simulator traces (``examples/math.yaml``: the math word-problem simulator,
   ``validate.answer_check``, rules, exact dedup) into ``runs/gsm8k-sim``.
2. Measure with the ``causal_lm_sft`` student (the bundled GGUF, dequantized by transformers):
   arm ``no-training`` (the model as shipped) against ``synthetic-only`` (LoRA on the traces),
   exact match of the final answer on a fixed random sample of the real GSM8K test set.

The budget follows the device: ``--budget cpu`` (default without a GPU) is tiny so it finishes
in minutes on a laptop; ``--budget gpu`` trains for real. Everything is resumable; results go to
``runs/gsm8k-sim/measure/results.{json,md}``.

    .venv/bin/python benchmarks/gsm8k_sft.py            # picks the budget from the device
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml
from rich.console import Console

import synthloop
from synthloop.measure import publish
from synthloop.measure.experiment import validate_experiment
from synthloop.measure.runner import run_experiment

ROOT = Path(__file__).resolve().parents[1]
GSM8K_TEST = ROOT.parent / "shared" / "data" / "gsm8k" / "test.jsonl"

BUDGETS = {
    # traces generated, eval items, seeds, student settings
    "cpu": {"traces": 400, "eval": 16, "seeds": 1,
            "student": {"max_steps": 20, "batch_size": 4, "max_length": 320,
                        "max_new_tokens": 110, "eval_batch_size": 8, "learning_rate": 3e-4}},
    "gpu": {"traces": 4000, "eval": 500, "seeds": 3,
            "student": {"epochs": 2, "batch_size": 16, "max_length": 512,
                        "max_new_tokens": 256, "eval_batch_size": 64, "learning_rate": 2e-4,
                        "lora": {"r": 16, "alpha": 32,
                                 "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]}}},
}


def main() -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", choices=["auto", *BUDGETS], default="auto")
    ap.add_argument("--runs", type=Path, default=Path("runs/gsm8k-sim"))
    ap.add_argument("--eval", type=int, default=None, help="GSM8K test items (override)")
    ap.add_argument("--seeds", type=int, default=None)
    args = ap.parse_args()
    budget_name = args.budget if args.budget != "auto" else (
        "gpu" if torch.cuda.is_available() else "cpu")
    budget = BUDGETS[budget_name]
    console = Console()
    t0 = time.monotonic()
    spec = yaml.safe_load((ROOT / "examples" / "math.yaml").read_text())
    spec["name"] = "gsm8k-sim"
    spec["target"]["size"] = budget["traces"]
    spec["outputs"] = {"formats": ["jsonl"], "style": "chat"}
    handle = synthloop.run(spec, args.runs / "run")
    n_ok = handle.store.count(synthloop.Status.OK)
    console.print(f"simulator: {n_ok} verified traces ({time.monotonic() - t0:.0f}s)")
    exp = validate_experiment({
        "name": f"gsm8k-sft-{budget_name}",
        "synthetic": [{"run": str(args.runs / "run"),
                       "fields": {"prompt": "question", "response": "trace"}}],
        "arms": [{"name": "no-training"}, {"name": "synthetic-only", "synthetic": "all"}],
        "student": {"kind": "causal_lm_sft", **budget["student"]},
        "evals": [{"name": "gsm8k-test", "path": str(GSM8K_TEST),
                   "fields": {"prompt": "question"}, "metric": "exact_match",
                   "sample": args.eval or budget["eval"]}],
        "seeds": args.seeds or budget["seeds"],
    })
    result = run_experiment(exp, progress=console.print)
    publish(result, args.runs / "measure", runs=[args.runs / "run"])
    result.show(console)
    console.print(f"budget {budget_name}, total {time.monotonic() - t0:.0f}s")


if __name__ == "__main__":
    main()
