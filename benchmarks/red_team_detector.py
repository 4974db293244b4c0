"""Precision and recall of the red-team detector (:mod:`synthloop.checks.harm`) on human
labels, with Wilson 95% intervals: the classifier detector beside the rule-only one, on the
same held-out rows, in one run.

    .venv/bin/python benchmarks/red_team_detector.py

Labelled data: ../shared/data/hh-rlhf-harmless-test (Anthropic HH-RLHF, harmless-base test,
2,312 pairs, MIT licence). In each pair crowdworkers preferred the *chosen* dialogue as less
harmful; the final assistant turns of the two differ in the pairs used here. The *rejected*
final turn is labelled harmful (an attack that worked), the *chosen* one harmless. These labels
are relative (a rejected turn may be mild, a chosen one may still comply), so the numbers are a
floor on what a detector can show here, not its precision on clearly harmful text.

Split: a pair is held out when a hash of its three texts falls in 3 of 10 buckets (``held_out``);
``benchmarks/harm_head_train.py`` trains the classifier on the other pairs only, and this
benchmark measures on the held-out ones only. The classifier is measured at its trained
threshold and at two looser ones (``LOOSER``), to show what recall costs in false positives.
Also reported: the false positives on the
held-out harmless turns, how many turns are refusals, and how many of the hand-labelled
refusals of ``benchmarks/refusal_set.py`` the detector counts as successes (every one would be
an error, recognised by its refusal classifier or not). Results:
``benchmarks/results/red_team_detector.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

from synthloop.checks.harm import Detection, Detector, detect_many, is_refusal
from synthloop.stats import precision_recall, wilson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.refusal_set import labelled_refusals  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "hh-rlhf-harmless-test"
RESULTS = Path(__file__).resolve().parent / "results" / "red_team_detector.md"
HELD_OUT_BUCKETS = 3  # of 10


def last_turns(dialogue: str) -> tuple[str, str]:
    """The last human turn and the last assistant turn of an HH-RLHF dialogue."""
    human = dialogue.rsplit("\n\nHuman:", 1)[-1]
    prompt, _, response = human.partition("\n\nAssistant:")
    return prompt.strip(), response.strip()


def pairs(path: Path = DATA / "test.jsonl.gz") -> list[tuple[str, str, str]]:
    """(prompt, chosen, rejected) final turns of each pair whose final turns differ."""
    out = []
    with gzip.open(path) as fh:
        for line in fh:
            pair = orjson.loads(line)
            prompt, chosen = last_turns(pair["chosen"])
            _, rejected = last_turns(pair["rejected"])
            if chosen and rejected and chosen != rejected:
                out.append((prompt, chosen, rejected))
    return out


def held_out(pair: tuple[str, str, str]) -> bool:
    """Whether a pair is kept out of training (stable: a hash of its texts, not its row)."""
    digest = hashlib.blake2b("\0".join(pair).encode(), digest_size=8).digest()
    return digest[0] % 10 < HELD_OUT_BUCKETS


def labelled(path: Path = DATA / "test.jsonl.gz") -> list[tuple[str, str, bool]]:
    """(prompt, response, harmful) for both final turns of each held-out pair."""
    return [item for pair in pairs(path) if held_out(pair)
            for item in ((pair[0], pair[2], True), (pair[0], pair[1], False))]


LOOSER = (0.625, 0.6)  # classifier thresholds below the trained one, fixed before measuring


def flagged(found: list[Detection], threshold: float | None) -> list[bool]:
    """Successes at the detector's own threshold, or at a looser one: a verdict the
    classifier gave (success or benign) whose probability (its score) reaches it."""
    if threshold is None:
        return [d.success for d in found]
    return [d.code in ("success", "benign") and d.score >= threshold for d in found]


def row(name: str, predicted: list[bool], actual: list[bool], refusals: list[bool]) -> str:
    """A table row: precision, recall, false positives on harmless turns, refusals flagged."""
    precision, recall = precision_recall(predicted, actual)
    wrong = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    fp = wilson(wrong, len(actual) - sum(actual))
    return (f"| {name} | {precision.value:.3f} [{precision.low:.3f}, {precision.high:.3f}] | "
            f"{recall.value:.3f} [{recall.low:.3f}, {recall.high:.3f}] | {wrong}/{fp.n} "
            f"({fp.value:.1%}) | {sum(refusals)}/{len(refusals)} |")


def measure(detector: Detector, items: list[tuple[str, str, bool]]) -> list[str]:
    """Rows for one detector: at its threshold and, for the classifier, the looser ones."""
    found = detect_many([(p, r, None) for p, r, _ in items], detector=detector)
    refused = refusal_verdicts(detector)
    actual = [harmful for _, _, harmful in items]
    thresholds = (None, *LOOSER) if detector == "classifier" else (None,)
    return [row(detector if t is None else f"{detector}, threshold {t}", flagged(found, t),
                actual, flagged(refused, t)) for t in thresholds]


def main() -> None:
    load = os.getloadavg()[0]
    items = labelled()
    harmful = sum(h for _, _, h in items)
    refusals = sum(is_refusal(r) for _, r, _ in items)
    report = "\n".join([
        "# Red-team detector on held-out HH-RLHF",
        "",
        f"Run: `python benchmarks/red_team_detector.py`, {datetime.now(UTC):%Y-%m-%d %H:%M} "
        f"UTC, 1-min load {load:.1f} (2 cores).",
        "",
        f"{len(items)} held-out final turns of harmless-base test ({harmful} rejected = harmful, "
        f"{len(items) - harmful} chosen = harmless; {refusals} recognised refusals); the "
        "classifier never saw these pairs.",
        "",
        "| detector | precision [95% CI] | recall [95% CI] | harmless turns flagged | "
        "hand-labelled refusals flagged |",
        "|---|---|---|---:|---:|",
        *measure("rules", items),
        *measure("classifier", items),
        "",
    ])
    RESULTS.write_text(report)
    print(report)


def refusal_verdicts(detector: Detector = "classifier") -> list[Detection]:
    """The detector's verdicts on the hand-labelled refusals."""
    return detect_many(labelled_refusals(), detector=detector)


def refusal_errors(detector: Detector = "classifier") -> str:
    """How many labelled refusals the detector misses, and how many it counts as a success."""
    found = refusal_verdicts(detector)
    missed = sum(d.code != "refused" for d in found)
    successes = [r for (_, r, _), d in zip(labelled_refusals(), found, strict=True) if d.success]
    return (f"labelled refusals: {len(found)}; not recognised: {missed}; detected as success: "
            f"{len(successes)}" + "".join(f"\n  success: {r!r}" for r in successes))


if __name__ == "__main__":
    main()
