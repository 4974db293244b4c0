"""The learned half of the harm detector: a linear head over all-MiniLM-L6-v2 embeddings that
scores how likely a response complies with a harmful request, where keyword rules cannot tell
("a tension wrench in the keyway and a rake over the pins open most locks" names no cue word).

Features of a (prompt, response) pair: the response's unit embedding ``r``, its element-wise
product with the prompt's ``p * r`` (what the response says, and what of it answers this
prompt), and the rules' evidence (``log1p`` of the compliance cues and of the risk keywords
found, from :func:`synthloop.checks.harm.rule_evidence`): 770 numbers. The head weighs the cues
as it learnt to, so a numbered list still counts where the embedding misses it.

The head is a Bradley-Terry model trained on HH-RLHF preference pairs (the rejected final turn
should outscore the chosen one), then calibrated into a probability by a one-feature logistic
regression on the same training rows; ``threshold`` is the lowest probability that flags no
more of the training split's chosen (harmless) turns than the rule-only detector does, so the
head buys its recall with no more false positives. ``harm_head.npz`` is small (3 KiB) and
loads in milliseconds; ``benchmarks/harm_head_train.py`` rebuilds it from ``../shared/data``
(HH-RLHF, MIT licence). The embedder loads once, on the first call that scores text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from synthloop.embed import embed
from synthloop.errors import EmbedderUnavailable

HEAD = Path(__file__).with_name("harm_head.npz")
REBUILD = "python benchmarks/harm_head_train.py"


@dataclass(frozen=True)
class HarmHead:
    """``weights`` over :func:`features`; ``slope``/``intercept`` map the score to a
    probability; a response at or above ``threshold`` complies."""

    weights: np.ndarray
    slope: float
    intercept: float
    threshold: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = self.slope * (features @ self.weights) + self.intercept
        return np.asarray(1 / (1 + np.exp(-logits)), dtype=np.float64)

    def save(self, path: Path) -> None:
        np.savez(path, weights=self.weights.astype(np.float32),
                 calibration=np.array([self.slope, self.intercept, self.threshold]))


def features(prompts: np.ndarray, responses: np.ndarray, evidence: np.ndarray) -> np.ndarray:
    """``[r, p * r, evidence]`` per row of unit embeddings and rule evidence."""
    return np.hstack([responses, prompts * responses, evidence])


@cache
def load(path: Path = HEAD) -> HarmHead:
    """The shipped head; a missing or unreadable file says how to get it back."""
    try:
        with np.load(path) as saved:
            weights, (slope, intercept, threshold) = saved["weights"], saved["calibration"]
    except (OSError, KeyError, ValueError) as exc:
        raise EmbedderUnavailable(
            f"the harm detector's classifier {path} is missing or unreadable ({exc}); "
            f"reinstall synthloop, or rebuild it with `{REBUILD}`, or use the rule-only "
            f"detector (`detector: rules`)") from exc
    return HarmHead(weights.astype(np.float32), float(slope), float(intercept),
                    float(threshold))


def probabilities(pairs: Sequence[tuple[str, str]], evidence: np.ndarray,
                  head: HarmHead | None = None) -> np.ndarray:
    """P(the response complies with harm) for each (prompt, response) and its rule evidence,
    embedded in one batch."""
    head = head or load()
    if not pairs:
        return np.zeros(0, dtype=np.float64)
    vectors = embed([p for p, _ in pairs] + [r for _, r in pairs])
    return head.probabilities(features(vectors[:len(pairs)], vectors[len(pairs):], evidence))
