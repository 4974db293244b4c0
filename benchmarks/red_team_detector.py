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

Person labels: the preference labels are relative, so 250 held-out final turns were also
labelled by a person as harmful, refusal or benign (``results/red_team_person_labels.tsv``:
ids, labels and a one-line reason, never the text; ``--sample`` prints the list to label
again). On these the benchmark reports precision, recall, and the false-positive rate on benign
turns, each with a Wilson interval.

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

import argparse
import gzip
import hashlib
import os
import random
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
PERSON_LABELS = RESULTS.with_name("red_team_person_labels.tsv")
HELD_OUT_BUCKETS = 3  # of 10
SAMPLE_SEED, SAMPLE_REJECTED, SAMPLE_CHOSEN = 22, 150, 100
LABELS = ("harmful", "refusal", "benign")


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


def pair_id(pair: tuple[str, str, str]) -> str:
    """A pair's stable id: a hash of its three texts, not its row."""
    return hashlib.blake2b("\0".join(pair).encode(), digest_size=8).hexdigest()


def held_out(pair: tuple[str, str, str]) -> bool:
    """Whether a pair is kept out of training (by its id, so a reordered file keeps it)."""
    return int(pair_id(pair)[:2], 16) % 10 < HELD_OUT_BUCKETS


def person_sample(path: Path = DATA / "test.jsonl.gz") -> list[tuple[str, str, str, str]]:
    """(pair id, side, prompt, response) of the person-labelled turns: the held-out pairs in id
    order, shuffled with ``SAMPLE_SEED``; the first ``SAMPLE_REJECTED`` give their rejected
    turn, the next ``SAMPLE_CHOSEN`` their chosen one (no pair gives both, so the labels are
    independent)."""
    held = sorted((pair for pair in pairs(path) if held_out(pair)), key=pair_id)
    random.Random(SAMPLE_SEED).shuffle(held)
    return ([(pair_id(p), "rejected", p[0], p[2]) for p in held[:SAMPLE_REJECTED]]
            + [(pair_id(p), "chosen", p[0], p[1])
               for p in held[SAMPLE_REJECTED:SAMPLE_REJECTED + SAMPLE_CHOSEN]])


def person_labelled(labels: Path = PERSON_LABELS,
                    path: Path = DATA / "test.jsonl.gz") -> list[tuple[str, str, str]]:
    """(prompt, response, label) for every row of the person-label file, the text re-read from
    the data set by pair id and side; ValueError naming the line that does not fit."""
    sample = {(i, side): (prompt, response) for i, side, prompt, response in person_sample(path)}
    out = []
    for number, line in enumerate(labels.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[2] not in LABELS or tuple(fields[:2]) not in sample:
            raise ValueError(f"{labels}:{number}: expected 'pair id<TAB>side<TAB>label<TAB>"
                             f"reason' with a sampled pair id and side and a label in "
                             f"{LABELS}, got {line!r}")
        out.append((*sample[fields[0], fields[1]], fields[2]))
    return out


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


def person_row(name: str, predicted: list[bool], labels: list[str]) -> str:
    """A row on the person labels: precision over every flagged turn, recall on the harmful
    ones, false positives on the benign ones, and how many labelled refusals are flagged."""
    flagged_as = {label: sum(p for p, x in zip(predicted, labels, strict=True) if x == label)
                  for label in LABELS}
    precision, recall = precision_recall(predicted, [x == "harmful" for x in labels])
    fp = wilson(flagged_as["benign"], labels.count("benign"))
    return (f"| {name} | {precision.value:.3f} [{precision.low:.3f}, {precision.high:.3f}] | "
            f"{recall.value:.3f} [{recall.low:.3f}, {recall.high:.3f}] | "
            f"{flagged_as['benign']}/{fp.n} ({fp.value:.1%}) [{fp.low:.1%}, {fp.high:.1%}] | "
            f"{flagged_as['refusal']}/{labels.count('refusal')} |")


def measure_person(detector: Detector, items: list[tuple[str, str, str]]) -> list[str]:
    """Person-label rows for one detector, at its threshold and the classifier's looser ones."""
    found = detect_many([(p, r, None) for p, r, _ in items], detector=detector)
    labels = [label for _, _, label in items]
    thresholds = (None, *LOOSER) if detector == "classifier" else (None,)
    return [person_row(detector if t is None else f"{detector}, threshold {t}",
                       flagged(found, t), labels) for t in thresholds]


def measure(detector: Detector, items: list[tuple[str, str, bool]]) -> list[str]:
    """Rows for one detector: at its threshold and, for the classifier, the looser ones."""
    found = detect_many([(p, r, None) for p, r, _ in items], detector=detector)
    refused = refusal_verdicts(detector)
    actual = [harmful for _, _, harmful in items]
    thresholds = (None, *LOOSER) if detector == "classifier" else (None,)
    return [row(detector if t is None else f"{detector}, threshold {t}", flagged(found, t),
                actual, flagged(refused, t)) for t in thresholds]


def print_blind_sample() -> None:
    """The person sample as a labeller reads it: shuffled, the side hidden, with its ids."""
    sample = person_sample()
    random.Random(7).shuffle(sample)
    for n, (i, _, prompt, response) in enumerate(sample):
        print(f"### {n} {i}\nH: {prompt}\nA: {response}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true",
                        help="print the person sample for labelling (side hidden) and exit")
    if parser.parse_args().sample:
        print_blind_sample()
        return
    load = os.getloadavg()[0]
    items = labelled()
    person = person_labelled()
    count = {label: sum(x == label for *_, x in person) for label in LABELS}
    harmful = sum(h for _, _, h in items)
    refusals = sum(is_refusal(r) for _, r, _ in items)
    report = "\n".join([
        "# Red-team detector on held-out HH-RLHF",
        "",
        f"Run: `python benchmarks/red_team_detector.py`, {datetime.now(UTC):%Y-%m-%d %H:%M} "
        f"UTC, 1-min load {load:.1f} (2 cores).",
        "",
        "## Person labels",
        "",
        f"{len(person)} held-out final turns ({SAMPLE_REJECTED} rejected, {SAMPLE_CHOSEN} "
        f"chosen, drawn by `person_sample`) labelled by a person (`{PERSON_LABELS.name}`, "
        f"its rule at the top): {count['harmful']} harmful, {count['refusal']} refusals, "
        f"{count['benign']} benign. Precision counts every flagged turn; false positives are "
        "the benign turns flagged; a flagged refusal is an error.",
        "",
        "| detector | precision [95% CI] | recall [95% CI] | benign turns flagged [95% CI] | "
        "person-labelled refusals flagged |",
        "|---|---|---|---:|---:|",
        *measure_person("rules", person),
        *measure_person("classifier", person),
        "",
        "## Preference labels (rejected = harmful, chosen = harmless)",
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
