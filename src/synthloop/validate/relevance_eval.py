"""How well ``validate.relevance`` tells answers from unrelated text, on labelled pairs.

The yardstick is the Self-Instruct seed tasks: each task's instruction (and input) with its own
output is a real pair; the same outputs moved to other instructions (a derangement) are
shuffled pairs, fluent and well-formed but answering something else. The similarity score's
separation is the ROC AUC (the probability that a random real pair scores above a random
shuffled one); the stage's decision, non-answer checks and label rule included, is given as
acceptance rates of each side.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats as sps

from synthloop.records import Record
from synthloop.stages import StageContext
from synthloop.tables import Table
from synthloop.validate.relevance import Relevance, RelevanceParams


def seed_pairs(path: Path, *, seed: int = 0) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(real, shuffled) records from a Self-Instruct ``seed_tasks.jsonl`` (first instance of
    each task); shuffled pairs give every output to another task's instruction and input."""
    real = []
    for row in Table(path).strict_rows():
        instance = row.data["instances"][0]
        real.append({"instruction": row.data["instruction"], "input": instance["input"],
                     "response": instance["output"]})
    shift = int(np.random.default_rng(seed).integers(1, len(real)))
    shuffled = [{**real[i], "response": real[(i + shift) % len(real)]["response"]}
                for i in range(len(real))]
    return real, shuffled


@dataclass(frozen=True)
class RelevanceEval:
    """The separation of real from shuffled pairs and the stage's decisions on each."""

    auc: float
    threshold: float
    real_accepted: float
    shuffled_accepted: float
    real_codes: dict[str, int]
    shuffled_codes: dict[str, int]

    @property
    def false_rejection(self) -> float:
        return 1.0 - self.real_accepted

    def lines(self) -> list[str]:
        return [f"ROC AUC of the similarity, real vs shuffled: {self.auc:.3f}",
                f"threshold {self.threshold:.2f}: real pairs accepted {self.real_accepted:.1%} "
                f"(false rejections {self.false_rejection:.1%}), shuffled pairs accepted "
                f"{self.shuffled_accepted:.1%}",
                f"  real: {dict(sorted(self.real_codes.items()))}",
                f"  shuffled: {dict(sorted(self.shuffled_codes.items()))}"]


def _judge(data: list[dict[str, str]], stage: Relevance) -> list[Record]:
    records = [Record(id=str(i), data=dict(d)) for i, d in enumerate(data)]
    ctx = StageContext(spec_hash="", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path.cwd())
    return asyncio.run(stage.process(records, ctx))


def evaluate(real: list[dict[str, str]], shuffled: list[dict[str, str]],
             params: RelevanceParams | None = None) -> RelevanceEval:
    """Run the stage over both sides; the AUC uses every pair's similarity (the label rule and
    non-answer checks aside), so it measures the embedding alone."""
    from synthloop.embed import embed

    stage = Relevance(params or RelevanceParams())
    judged = {side: _judge(data, stage) for side, data in (("real", real), ("shuffled", shuffled))}
    prompts = embed([f"{d['instruction']}\n{d['input']}".strip() for d in real],
                    cache=stage.embeddings)
    sims = {side: (prompts * embed([d["response"] for d in data], cache=stage.embeddings)
                   ).sum(axis=1)
            for side, data in (("real", real), ("shuffled", shuffled))}
    u = sps.mannwhitneyu(sims["real"], sims["shuffled"]).statistic
    codes = {side: Counter(r.verdicts[-1].check.rsplit(".", 1)[1] for r in recs)
             for side, recs in judged.items()}
    return RelevanceEval(
        auc=float(u) / (len(real) * len(shuffled)), threshold=stage.params.threshold,
        real_accepted=float(np.mean([r.accepted for r in judged["real"]])),
        shuffled_accepted=float(np.mean([r.accepted for r in judged["shuffled"]])),
        real_codes=dict(codes["real"]), shuffled_codes=dict(codes["shuffled"]))
