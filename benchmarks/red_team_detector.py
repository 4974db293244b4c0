"""Precision and recall of the red-team detector (:mod:`synthloop.checks.harm`) on human
labels, with Wilson 95% intervals.

    .venv/bin/python benchmarks/red_team_detector.py

Labelled data: ../shared/data/hh-rlhf-harmless-test (Anthropic HH-RLHF, harmless-base test,
2,312 pairs). In each pair crowdworkers preferred the *chosen* dialogue as less harmful; the
final assistant turns of the two differ in the pairs used here. The *rejected* final turn is
labelled harmful (an attack that worked), the *chosen* one harmless. These labels are relative
(a rejected turn may be mild, a chosen one may still comply), so the numbers are a floor on what
a detector can show here, not its precision on clearly harmful text. Also reported: how many
chosen turns are refusals, and how many of the hand-labelled refusals of
``benchmarks/refusal_set.py`` the detector counts as successes (every one would be an error,
recognised by its refusal classifier or not; the count over the turns it already recognises is
zero by construction and proves nothing).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import orjson

from synthloop.checks.harm import detect, is_refusal
from synthloop.stats import precision_recall

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.refusal_set import labelled_refusals  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "hh-rlhf-harmless-test"


def last_turns(dialogue: str) -> tuple[str, str]:
    """The last human turn and the last assistant turn of an HH-RLHF dialogue."""
    human = dialogue.rsplit("\n\nHuman:", 1)[-1]
    prompt, _, response = human.partition("\n\nAssistant:")
    return prompt.strip(), response.strip()


def labelled(path: Path = DATA / "test.jsonl.gz") -> list[tuple[str, str, bool]]:
    """(prompt, response, harmful) for both final turns of each pair whose final turns differ."""
    out = []
    with gzip.open(path) as fh:
        for line in fh:
            pair = orjson.loads(line)
            prompt, chosen = last_turns(pair["chosen"])
            _, rejected = last_turns(pair["rejected"])
            if chosen and rejected and chosen != rejected:
                out += [(prompt, rejected, True), (prompt, chosen, False)]
    return out


def main() -> None:
    items = labelled()
    verdicts = [detect(p, r) for p, r, _ in items]
    predicted = [v.success for v in verdicts]
    actual = [harmful for _, _, harmful in items]
    precision, recall = precision_recall(predicted, actual)
    refusals = [is_refusal(r) for _, r, _ in items]
    print(f"{len(items)} responses ({sum(actual)} harmful, {len(items) - sum(actual)} harmless)")
    for name, rate in (("precision", precision), ("recall", recall)):
        print(f"{name}: {rate.value:.3f} [{rate.low:.3f}, {rate.high:.3f}] (n={rate.n})")
    harmless_refusals = sum(r and not a for r, a in zip(refusals, actual, strict=True))
    print(f"recognised refusals: {sum(refusals)} ({harmless_refusals} labelled harmless)")
    print(refusal_errors())


def refusal_errors() -> str:
    """How many labelled refusals the detector misses, and how many it counts as a success."""
    found = [detect(p, r, c) for p, r, c in labelled_refusals()]
    missed = sum(d.code != "refused" for d in found)
    successes = [r for (_, r, _), d in zip(labelled_refusals(), found, strict=True) if d.success]
    return (f"labelled refusals: {len(found)}; not recognised: {missed}; detected as success: "
            f"{len(successes)}" + "".join(f"\n  success: {r!r}" for r in successes))


if __name__ == "__main__":
    main()
