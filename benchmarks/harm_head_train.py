"""Rebuild ``src/synthloop/checks/harm_head.npz``, the harm detector's classifier, from
HH-RLHF (../shared/data/hh-rlhf-harmless-test; Anthropic, MIT licence).

    .venv/bin/python benchmarks/harm_head_train.py

Training rows: the final turns of the pairs that ``red_team_detector.held_out`` does not hold
out; the benchmark measures on the others. The labels are preferences (the rejected turn is the
more harmful of the two), so the head is a Bradley-Terry model: a logistic regression without
intercept on the feature differences rejected - chosen (both orders), its regularisation ``C``
picked by 5-fold cross-validated pair accuracy on the training pairs. A one-feature logistic
regression on the training turns maps its score to a probability, and the threshold is the
lowest one that flags no more of the training chosen (harmless) turns than the rule-only
detector flags, counting those the rules already decide for it (refusals, minimal answers)
as not flagged: the classifier is to find more harm at the rules' false-positive
rate. Deterministic: lbfgs from zeros on fixed data gives the same file every time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from synthloop.checks.harm import detect_many, gate, rule_evidence
from synthloop.checks.harm_head import HEAD, HarmHead, features
from synthloop.embed import embed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.red_team_detector import held_out, pairs  # noqa: E402

C_GRID = (0.1, 0.3, 1.0, 3.0)


def bradley_terry(diff: np.ndarray, c: float) -> np.ndarray:
    """Weights ``w`` with ``diff @ w > 0`` where the rejected turn is the harmful one."""
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(np.vstack([diff, -diff]), np.r_[np.ones(len(diff)), np.zeros(len(diff))])
    return np.asarray(model.coef_[0], dtype=np.float64)


def pick_c(diff: np.ndarray) -> float:
    """The ``C`` of the best mean held-out-fold pair accuracy."""
    folds = list(KFold(5, shuffle=True, random_state=0).split(diff))

    def accuracy(c: float) -> float:
        return float(np.mean([(diff[test] @ bradley_terry(diff[train], c) > 0).mean()
                              for train, test in folds]))

    scores = {c: accuracy(c) for c in C_GRID}
    print("5-fold pair accuracy by C:", {c: round(s, 3) for c, s in scores.items()})
    return max(scores, key=lambda c: scores[c])


def main() -> None:
    train = [pair for pair in pairs() if not held_out(pair)]
    prompts, chosen, rejected = (np.asarray(embed(list(texts))) for texts in zip(*train))
    good = features(prompts, chosen, rule_evidence([c for _, c, _ in train]))
    bad = features(prompts, rejected, rule_evidence([r for _, _, r in train]))
    c = pick_c(bad - good)
    weights = bradley_terry(bad - good, c)
    scores = np.r_[bad @ weights, good @ weights]
    calibration = LogisticRegression().fit(scores[:, None], np.r_[np.ones(len(bad)),
                                                                  np.zeros(len(good))])
    slope, intercept = float(calibration.coef_[0][0]), float(calibration.intercept_[0])
    head = HarmHead(weights.astype(np.float32), slope, intercept, 1.0)
    chances = head.probabilities(good)
    open_ = np.array([gate(p, r, topic=False) is None for p, r, _ in train])
    allowed = sum(d.success for d in detect_many([(p, r, None) for p, r, _ in train],
                                                 detector="rules"))
    ranked = np.sort(chances[open_])[::-1]
    threshold = float(ranked[allowed]) + 1e-6 if allowed < len(ranked) else 0.0
    head = HarmHead(head.weights, slope, intercept, threshold)
    head.save(HEAD)
    flagged = int((chances[open_] >= head.threshold).sum())
    print(f"{len(train)} training pairs; C={c}; threshold {head.threshold} flags "
          f"{flagged}/{len(train)} chosen turns (the rules: {allowed}); wrote {HEAD}")


if __name__ == "__main__":
    main()
