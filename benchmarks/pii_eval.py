"""PII detection both ways, synthloop's regex recognisers side by side with Presidio (spaCy NER
+ its recognisers): recall and precision per entity type on Presidio's evaluation set, and the
share of records of clean text each would rewrite.

    .venv/bin/python benchmarks/pii_eval.py [--spacy-model en_core_web_sm] [--skip-presidio]

Labelled data: ../shared/data/presidio-pii/synth_dataset_v2.json (1,500 template sentences with
fake, character-offset labelled PII); only the types synthloop handles are scored (eight: it
labels no date of birth), every one of them requested (PERSON included). Clean data, which
holds no real private data: the 175 Self-Instruct seed tasks (instruction and every instance's
input and output, one record per task), Banking77's 13,083 utterances (train and test), GSM8K's
8,792 problems (question and worked answer with its calculator annotations: arithmetic) and
MBPP's 500 test tasks (prompt, code and asserts: code); a record is touched when any of its
texts has a detection. synthloop is measured with the stage's default entities (no PERSON) and
with all. Documents/s excludes model loading. Scoring: :mod:`synthloop.curate.pii.evaluate`.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from synthloop.curate.pii import detect as regex_backend
from synthloop.curate.pii.detect import DEFAULT_ENTITIES, ENTITIES, Entity
from synthloop.curate.pii.evaluate import (
    banking77_records,
    gsm8k_records,
    mbpp_records,
    presidio_docs,
    score,
    self_instruct_records,
    span_counts,
    touched,
)
from synthloop.curate.pii.names import first_names

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
Detector = Callable[[str], list[Entity]]


def labelled(docs: list[dict], detectors: dict[str, Detector]) -> None:
    results: dict[str, tuple[Counter, float]] = {}
    for name, detect in detectors.items():
        start = time.perf_counter()
        predictions = [detect(d["full_text"]) for d in docs]
        results[name] = (span_counts(docs, predictions),
                         len(docs) / (time.perf_counter() - start))
    names = list(results)
    print(f"Presidio evaluation set: {len(docs)} documents; overlap matching, one to one\n")
    print(f"{'entity':<15} {'gold':>5} " + " ".join(f"{n + ' P':>12} {'R':>5} {'F1':>5}"
                                                     for n in names))
    for kind in [*ENTITIES, None]:
        scores = [score(results[n][0], kind) for n in names]
        if not scores[0].support:
            continue  # a type the set does not label (DATE_OF_BIRTH)
        print(f"{kind or 'all (micro)':<15} {scores[0].support:>5} "
              + " ".join(f"{s.precision:>12.3f} {s.recall:>5.3f} {s.f1:>5.3f}" for s in scores))
    print("\ndocuments/s: " + ", ".join(f"{n} {results[n][1]:,.0f}" for n in names))


def clean(sets: dict[str, list[list[str]]], detectors: dict[str, Detector]) -> None:
    print("\nClean text: records touched (lower is better), and what was flagged")
    for set_name, records in sets.items():
        print(f"\n{set_name}: {len(records)} records")
        for name, detect in detectors.items():
            result = touched(records, detect)
            kinds = Counter[str]()
            for (kind, _), n in result.found.items():
                kinds[kind] += n
            print(f"  {name:<22} {result.touched:>4} touched ({result.rate:6.1%})  "
                  + ", ".join(f"{n} {k}" for k, n in kinds.most_common()))
            for (kind, text), n in result.found.most_common(8):
                print(f"  {'':<22}   {n:>3} x {kind} {text!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--spacy-model", default=None, help="spaCy model for Presidio")
    ap.add_argument("--skip-presidio", action="store_true")
    args = ap.parse_args()

    first_names()  # load the gazetteer outside the timing, as Presidio's model
    detectors: dict[str, Detector] = {"synthloop": regex_backend.detect}
    if not args.skip_presidio:
        from synthloop.curate.pii import presidio

        presidio.analyzer(args.spacy_model)
        detectors["presidio"] = lambda text: presidio.detect(text, ENTITIES, args.spacy_model)
    labelled(presidio_docs(DATA / "presidio-pii" / "synth_dataset_v2.json"), detectors)

    clean_detectors = {"synthloop (default)":
                       lambda text: regex_backend.detect(text, DEFAULT_ENTITIES),
                       "synthloop (+PERSON)": regex_backend.detect,
                       **{k: v for k, v in detectors.items() if k != "synthloop"}}
    clean({"Self-Instruct seed tasks":
           self_instruct_records(DATA / "self-instruct-seed" / "seed_tasks.jsonl"),
           "Banking77 train + test": [*banking77_records(DATA / "banking77" / "train.csv"),
                                      *banking77_records(DATA / "banking77" / "test.csv")],
           "GSM8K train + test": [*gsm8k_records(DATA / "gsm8k" / "train.jsonl"),
                                  *gsm8k_records(DATA / "gsm8k" / "test.jsonl")],
           "MBPP test split": mbpp_records(DATA / "mbpp" / "mbpp.jsonl")},
          clean_detectors)


if __name__ == "__main__":
    main()
