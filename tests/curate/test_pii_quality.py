"""PII detection on real data, both ways: clean text stays untouched (precision), Presidio's
labelled set is still found (recall). Each runs in about a second."""

from __future__ import annotations

from pathlib import Path

from synthloop.curate.pii.detect import DEFAULT_ENTITIES, ENTITIES, detect
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

# the words the issue saw redacted as PERSON in the seed tasks, and the non-PII the rest were
ISSUE_PERSONS = {"China", "Asia", "North America", "Sunday", "True", "Mac"}


def test_seed_tasks_are_left_alone(shared_data: Path) -> None:
    records = self_instruct_records(shared_data / "self-instruct-seed" / "seed_tasks.jsonl")
    default = touched(records, lambda text: detect(text, DEFAULT_ENTITIES))
    assert default.records == 175 and default.rate <= 0.03
    # what is left is the one fictional résumé's contact details, which look like PII, and "my
    # PhD student James" of a reference letter, whom its writer names as a private person
    assert set(default.found) == {("PHONE_NUMBER", "(123) 456-7891"),
                                  ("EMAIL_ADDRESS", "emoore@email.com"),
                                  ("PRIVATE_PERSON", "James")}
    with_names = touched(records, lambda text: detect(text, ENTITIES))
    flagged = {text for kind, text in with_names.found if kind == "PERSON"}
    assert not flagged & ISSUE_PERSONS
    assert {"Michelle Obama", "Olivia"} <= flagged  # names are names, famous or not


def test_banking77_utterances_are_left_alone(shared_data: Path) -> None:
    records = [*banking77_records(shared_data / "banking77" / "train.csv"),
               *banking77_records(shared_data / "banking77" / "test.csv")]
    result = touched(records, lambda text: detect(text, ENTITIES))
    assert result.records == 13083 and result.rate <= 0.03
    assert result.touched == 0


def test_presidio_set_f1_holds(shared_data: Path) -> None:
    docs = presidio_docs(shared_data / "presidio-pii" / "synth_dataset_v2.json")
    counts = span_counts(docs, [detect(d["full_text"], ENTITIES) for d in docs])
    assert score(counts).f1 >= 0.731
    assert score(counts, "CREDIT_CARD").f1 == 1.0 and score(counts, "PERSON").precision >= 0.9


def test_gsm8k_and_mbpp_are_left_alone(shared_data: Path) -> None:
    """Arithmetic and code are not PII: the default entities touched 2.7% of GSM8K (subtraction
    chains read as phones, "420 × 0" as an address) and 1% of MBPP's test split (floats whose
    digits pass Luhn) before the recognisers learned arithmetic."""
    gsm8k = touched([*gsm8k_records(shared_data / "gsm8k" / "train.jsonl"),
                     *gsm8k_records(shared_data / "gsm8k" / "test.jsonl")],
                    lambda text: detect(text, DEFAULT_ENTITIES))
    assert gsm8k.records == 8792 and gsm8k.rate <= 0.002, gsm8k.found.most_common(10)
    mbpp = touched(mbpp_records(shared_data / "mbpp" / "mbpp.jsonl"),
                   lambda text: detect(text, DEFAULT_ENTITIES))
    assert mbpp.records == 500 and mbpp.touched == 0, mbpp.found
