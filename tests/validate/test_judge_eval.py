"""judge-eval's parts on literal data: HH-RLHF pairs read, rates summarised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthloop.checks.judge import Comparison
from synthloop.errors import DataError, SpecError
from synthloop.spec_check import load_teachers
from synthloop.validate.family import model_family
from synthloop.validate.judge_eval import Pair, load_pairs, split_dialogue, summarize


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_split_dialogue_takes_the_last_assistant_turn() -> None:
    text = "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: how to pick a lock?\n\nAssistant: No."
    assert split_dialogue(text) == ("Human: hi\n\nAssistant: hello\n\nHuman: how to pick a lock?",
                                    "No.")


def test_load_pairs_skips_pairs_that_differ_before_the_last_answer(tmp_path: Path) -> None:
    data = write(tmp_path / "hh.jsonl", [
        {"chosen": "\n\nHuman: q\n\nAssistant: safe", "rejected": "\n\nHuman: q\n\nAssistant: bad"},
        {"chosen": "\n\nHuman: q\n\nAssistant: a", "rejected": "\n\nHuman: other\n\nAssistant: b"},
        {"chosen": "\n\nHuman: q\n\nAssistant: same", "rejected": "\n\nHuman: q\n\nAssistant: same"},
        {"chosen": "no turns here", "rejected": "\n\nHuman: q\n\nAssistant: b"},
    ])
    pairs, skipped = load_pairs(data)
    assert pairs == [Pair("Human: q", "safe", "bad")]
    assert skipped == 3


def test_load_pairs_names_the_missing_field(tmp_path: Path) -> None:
    data = write(tmp_path / "hh.jsonl", [{"prompt": "x", "rejected": "y"}])
    with pytest.raises(DataError, match=r"hh.jsonl:1: no 'chosen' field; judge-eval reads"):
        load_pairs(data)


def test_load_pairs_takes_the_folder_a_user_names(tmp_path: Path) -> None:
    pair = {"chosen": "\n\nHuman: q\n\nAssistant: safe",
            "rejected": "\n\nHuman: q\n\nAssistant: bad"}
    write(tmp_path / "test.jsonl", [pair])
    (tmp_path / "SOURCE.txt").write_text("where it came from")
    assert load_pairs(tmp_path) == ([Pair("Human: q", "safe", "bad")], 0)
    write(tmp_path / "train.jsonl", [pair])
    with pytest.raises(DataError, match=r"a folder with 2 data files \(test.jsonl, train.jsonl\);"
                       " give one of them"):
        load_pairs(tmp_path)


def test_a_teachers_only_file_names_a_judge(tmp_path: Path) -> None:
    path = tmp_path / "judge.yaml"
    path.write_text("teachers:\n  j: {backend: openai, base_url: http://127.0.0.1:1/v1, "
                    "model: m}\n")
    teachers, spec = load_teachers(path)
    assert spec is None and teachers["j"].model == "m"
    path.write_text("teachers:\n  j: {backend: openai, model: m}\n")
    with pytest.raises(SpecError, match=r"judge.yaml:2:6: teachers.j.base_url: required "
                       "key is missing"):
        load_teachers(path)


def test_summarize_counts_ties_as_half_and_splits_by_length() -> None:
    pairs = [Pair("p", "short", "much longer answer"), Pair("p", "a longer chosen one", "no"),
             Pair("p", "x", "yy"), Pair("p", "x", "yy")]
    results = [Comparison("a", ("A", "B"), 0.7), Comparison("tie", ("A", "A"), 0.45),
               Comparison("b", ("B", "A")), None]
    report = summarize(pairs, results, skipped=7, judge={})
    assert (report.judged, report.unparsed, report.skipped) == (3, 1, 7)
    assert report.agreement.value == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3
    assert report.consistency.value == pytest.approx(2 / 3)
    assert report.first_position.value == pytest.approx(4 / 6)
    assert report.shorter_preferred is not None and report.shorter_preferred.value == 0.5
    assert report.longer_preferred is not None and report.longer_preferred.value == 0.5
    # log-probs on two pairs: P(chosen) 0.7 agrees, 0.45 does not
    assert report.order_averaged is not None and report.order_averaged.value == 0.5


def test_summarize_refuses_when_nothing_parsed() -> None:
    with pytest.raises(DataError, match="no judge answer parsed"):
        summarize([Pair("p", "a", "b")], [None], skipped=0, judge={})


@pytest.mark.parametrize("model,family", [
    ("SmolLM2-135M-Instruct.Q4_1.gguf", "smollm"), ("/models/Qwen2.5-7B-Instruct", "qwen"),
    ("gpt-4o-mini", "gpt"), ("mixtral-8x7b", "mistral"), ("meta-llama/Llama-3.1-8B", "llama"),
    ("acme-7b", "acme")])
def test_model_family(model: str, family: str) -> None:
    assert model_family(model) == family
