"""How good PII detection is, both ways: recall and precision on labelled spans (Presidio's
evaluation set), and how many records of clean text it would rewrite (Self-Instruct's seed
tasks, Banking77's utterances, GSM8K's worked answers, MBPP's code and tests). A detector that
finds every name but turns "the highest mountain in Asia" into "[PERSON]" fails the second
test, so both are measured together by ``benchmarks/pii_eval.py`` and asserted by the tests.

Span scoring: a prediction is a true positive when it overlaps an unmatched gold span of the
same type (one to one); gold types synthloop does not detect (ORGANIZATION, GPE...) are ignored.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from synthloop.curate.pii.detect import ENTITIES, Entity

Detector = Callable[[str], list[Entity]]


class GoldSpan(TypedDict):
    """A labelled span of Presidio's evaluation set (the fields the scoring reads)."""

    entity_type: str
    start_position: int
    end_position: int


class PresidioDoc(TypedDict):
    """A document of Presidio's evaluation set: its text and its labelled spans."""

    full_text: str
    spans: list[GoldSpan]


def self_instruct_records(path: Path) -> list[list[str]]:
    """One record per seed task: its instruction and every instance's input and output."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        texts = [task["instruction"]]
        for instance in task["instances"]:
            texts += [instance["input"], instance["output"]]
        records.append([t for t in texts if t])
    return records


def banking77_records(path: Path) -> list[list[str]]:
    """One record per utterance of a Banking77 CSV (``text,category``)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [[row["text"]] for row in csv.DictReader(f)]


def gsm8k_records(path: Path) -> list[list[str]]:
    """One record per GSM8K problem: its question and its worked answer (with the
    ``<<calculator>>`` annotations): arithmetic that must not read as phones or addresses."""
    return [[row["question"], row["answer"]] for row in _jsonl(path)]


def mbpp_records(path: Path, task_ids: range = range(11, 511)) -> list[list[str]]:
    """One record per MBPP task of ``task_ids`` (default: the test split, 11-510): its prompt,
    code and test asserts, whose long floats can pass a card checksum."""
    return [[row["text"], row["code"], *row["test_list"]] for row in _jsonl(path)
            if row["task_id"] in task_ids]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Touched:
    """Records of clean text in which the detector found something, and what it found."""

    records: int
    touched: int
    found: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, text) -> count

    @property
    def rate(self) -> float:
        return self.touched / self.records if self.records else 0.0


def touched(records: Iterable[list[str]], detect: Detector) -> Touched:
    """Count the records that any of whose texts has a detection."""
    result = Touched(0, 0)
    for texts in records:
        result.records += 1
        found = [e for text in texts for e in detect(text)]
        result.touched += bool(found)
        result.found.update((e.type, e.text) for e in found)
    return result


def presidio_docs(path: Path) -> list[PresidioDoc]:
    """Presidio-research's ``synth_dataset_v2.json``: ``full_text`` and labelled ``spans``."""
    docs: list[PresidioDoc] = json.loads(path.read_text(encoding="utf-8"))
    return docs


def span_counts(docs: list[PresidioDoc], predictions: list[list[Entity]]) -> Counter[tuple[str, str]]:
    """``(type, "tp" | "fp" | "fn")`` counts of predictions against the gold spans."""
    counts: Counter[tuple[str, str]] = Counter()
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
    return counts


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int  # gold spans


def score(counts: Counter[tuple[str, str]], kind: str | None = None) -> Score:
    """Precision, recall and F1 of one entity type, or micro-averaged over all of them."""
    kinds = [kind] if kind else list(ENTITIES)
    tp = sum(counts[(k, "tp")] for k in kinds)
    fp = sum(counts[(k, "fp")] for k in kinds)
    fn = sum(counts[(k, "fn")] for k in kinds)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn)
