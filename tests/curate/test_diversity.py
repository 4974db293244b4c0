from __future__ import annotations

import math

import numpy as np
import pytest

from synthloop.curate.diversity import (
    Diversity,
    DiversityParams,
    attribute_balance,
    distinct_n,
    self_bleu,
    vendi_score,
    words,
)
from synthloop.records import Record
from synthloop.spec import Spec
from tests.conftest import render_text


def test_distinct_n() -> None:
    docs = [words("the cat sat"), words("the cat ran")]
    assert distinct_n(docs, 1) == pytest.approx(4 / 6)
    assert distinct_n(docs, 2) == pytest.approx(3 / 4)


def test_self_bleu_is_one_for_copies_and_low_for_unrelated_texts() -> None:
    same = [words("a quick brown fox jumps over the lazy dog")] * 3
    assert self_bleu(same) == pytest.approx(1.0)
    unrelated = [words("alpha beta gamma delta epsilon"), words("one two three four five"),
                 words("red green blue yellow purple")]
    assert self_bleu(unrelated) < 0.1


def test_vendi_score_counts_effective_distinct_items() -> None:
    e = np.eye(4, dtype=np.float32)
    assert vendi_score(e) == pytest.approx(4.0)
    assert vendi_score(np.repeat(e[:1], 5, axis=0)) == pytest.approx(1.0)
    two = np.array([e[0], e[0], e[1], e[1]])
    assert vendi_score(two) == pytest.approx(2.0)


def test_attribute_balance_against_target() -> None:
    from collections import Counter

    got = attribute_balance({"difficulty": Counter({"easy": 3, "hard": 1})},
                            {"difficulty": {"easy": 0.5, "hard": 0.5}})
    assert got["difficulty"]["total_variation"] == pytest.approx(0.25)
    assert got["difficulty"]["values"][0] == {"value": "easy", "count": 3, "share": 0.75,
                                              "target": 0.5}


def test_report_fingerprints_lengths_and_balance(ctx) -> None:
    spec = Spec.model_validate({"name": "t", "stages": [{"use": "debug.noop"}],
                                "target": {"size": 4, "attributes": {"difficulty": ["easy",
                                                                                    "hard"]}}})
    records = [Record(id=str(i), data={"instruction": "q", "response": r},
                      attributes={"difficulty": d})
               for i, (r, d) in enumerate([
                   ("Sure! Here is the answer: four.", "easy"),
                   ("Sure! Here is the answer: nine.", "easy"),
                   ("Sure! Here is a poem about rain.", "easy"),
                   ("Twelve.", "hard")])]
    context = ctx("curate.diversity")
    context.spec = spec
    report = Diversity(DiversityParams(vendi=False)).report(iter(records), context)
    assert report["records"] == 4
    assert report["top_openings"][0] == {"text": "sure here is", "count": 3, "share": 0.75}
    assert report["top_phrases"][:2] == [
        {"text": "here is the answer", "count": 2, "share": 0.5},
        {"text": "sure here is the", "count": 2, "share": 0.5}]
    assert report["length_words"]["max"] == 7.0 and report["length_words"]["min"] == 1.0
    assert report["attribute_balance"]["difficulty"]["total_variation"] == pytest.approx(0.25)
    assert 0 < report["distinct"]["distinct_1"] < 1
    assert "vendi" not in report
    shown = render_text(Diversity.tables("curate.diversity", report))
    assert "Diversity (curate.diversity, 4 records)" in shown
    assert "│ sure here is │ 75.0% │ here is the answer │ 50.0% │" in shown
    report["top_openings"] = []  # a fingerprint column with nothing repeated says so
    shown = render_text(Diversity.tables("curate.diversity", report))
    assert "│ (none repeated) │       │ here is the answer │ 50.0% │" in shown


def test_report_vendi_with_the_bundled_model(ctx) -> None:
    records = [Record(id=str(i), data={"response": t}) for i, t in enumerate(
        ["How do I bake bread?", "How do I bake bread?", "What is the tallest mountain?"])]
    report = Diversity(DiversityParams()).report(records, ctx("curate.diversity"))
    assert 1.0 < report["vendi"]["score"] < 2.5
    assert math.isfinite(report["self_bleu"]["score"])


def test_diversity_report_from_a_source_spec(run_source) -> None:
    rows = [{"instruction": f"q{i}", "response": f"Sure! Here is answer number {i}."}
            for i in range(6)]
    with run_source(rows, [{"use": "curate.diversity", "vendi": False}]) as run:
        report = run.store.get_report("curate.diversity")
    assert report["records"] == 6
    assert report["top_openings"][0]["text"] == "sure here is"
