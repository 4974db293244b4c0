"""PII detection quality per entity type on Presidio's own evaluation set, synthloop's regex
recognisers side by side with Presidio (spaCy NER + its recognisers).

    .venv/bin/python benchmarks/pii_eval.py [--spacy-model en_core_web_sm] [--limit N]

Data: ../shared/data/presidio-pii/synth_dataset_v2.json (1,500 template sentences with fake,
character-offset labelled PII). Only the eight types synthloop handles are scored. A prediction
is a true positive when it overlaps an unmatched gold span of the same type (one to one);
documents/s excludes model loading.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from synthloop.curate.pii import detect as regex_backend
from synthloop.curate.pii.detect import ENTITIES, Entity

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "presidio-pii"


def score(docs: list[dict], predict: Callable[[str], list[Entity]]) -> tuple[Counter, float]:
    counts: Counter = Counter()  # (type, "tp"|"fp"|"fn")
    start = time.perf_counter()
    predictions = [predict(d["full_text"]) for d in docs]
    rate = len(docs) / (time.perf_counter() - start)
    for doc, predicted in zip(docs, predictions, strict=True):
        gold = [s for s in doc["spans"] if s["entity_type"] in ENTITIES]
        used = [False] * len(gold)
        for p in predicted:
            match = next((i for i, g in enumerate(gold) if not used[i]
                          and g["entity_type"] == p.type
                          and p.start < g["end_position"] and g["start_position"] < p.end), None)
            if match is None:
                counts[(p.type, "fp")] += 1
            else:
                used[match] = True
                counts[(p.type, "tp")] += 1
        for g, hit in zip(gold, used, strict=True):
            if not hit:
                counts[(g["entity_type"], "fn")] += 1
    return counts, rate


def prf(counts: Counter, kind: str | None) -> tuple[float, float, float, int]:
    kinds = [kind] if kind else list(ENTITIES)
    tp = sum(counts[(k, "tp")] for k in kinds)
    fp = sum(counts[(k, "fp")] for k in kinds)
    fn = sum(counts[(k, "fn")] for k in kinds)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--spacy-model", default=None, help="spaCy model for Presidio")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip-presidio", action="store_true")
    args = ap.parse_args()
    docs = json.loads((DATA / "synth_dataset_v2.json").read_text())[:args.limit]

    regex_backend.first_names()  # load the gazetteer outside the timing, as Presidio's model
    systems: dict[str, tuple[Counter, float]] = {
        "synthloop": score(docs, regex_backend.detect)}
    if not args.skip_presidio:
        from synthloop.curate.pii import presidio

        presidio.analyzer(args.spacy_model)
        systems["presidio"] = score(
            docs, lambda text: presidio.detect(text, ENTITIES, args.spacy_model))

    names = list(systems)
    print(f"{len(docs)} documents; overlap matching, one to one\n")
    print(f"{'entity':<15} {'gold':>5} " + " ".join(f"{n + ' P':>12} {'R':>5} {'F1':>5}"
                                                     for n in names))
    for kind in [*ENTITIES, None]:
        cells = []
        support = 0
        for n in names:
            p, r, f1, support = prf(systems[n][0], kind)
            cells.append(f"{p:>12.3f} {r:>5.3f} {f1:>5.3f}")
        print(f"{kind or 'all (micro)':<15} {support:>5} " + " ".join(cells))
    print("\ndocuments/s: " + ", ".join(f"{n} {systems[n][1]:,.0f}" for n in names))
    if len(names) == 2:
        print(f"speed ratio synthloop/presidio: {systems[names[0]][1] / systems[names[1]][1]:.0f}x")


if __name__ == "__main__":
    main()
