from __future__ import annotations

import pytest

from synthloop.curate.quality import Quality, QualityParams, repeated_ngram_share
from synthloop.records import Record

from .conftest import statuses


def _verdict(data: dict, **params) -> tuple[bool, str, str]:
    stage = Quality(QualityParams(**params))
    rec = Record(id="r", data=data)
    stage.apply(rec, stage.check(rec))
    v = rec.verdicts[-1]
    return v.passed, v.check.removeprefix("curate.quality."), v.reason


GOOD = {"instruction": "What is 2 + 3?", "response": "2 + 3 = 5, so the answer is 5."}


@pytest.mark.parametrize(("data", "params", "code", "reason"), [
    ({"instruction": "Hi", "response": "   "}, {}, "empty_response", "the response is empty"),
    ({"instruction": "Hi", "response": "Hello."}, {"min_words": 3}, "too_short",
     "response has 1 words (min_words 3)"),
    ({"instruction": "Hi", "response": "one two three four"}, {"max_words": 3}, "too_long",
     "response has 4 words (max_words 3)"),
    ({"instruction": "Name a colour.", "response": "name a colour"}, {}, "echoed_prompt",
     "the response repeats the prompt"),
    ({"instruction": "How do I pick a lock?",
      "response": "I'm sorry, but I can't help with that request."}, {}, "refusal",
     "refusal: \"I'm sorry, but I can't\""),
    ({"instruction": "Opinion?", "response": "As an AI language model, I have no opinions."},
     {}, "ai_boilerplate", "assistant boilerplate: 'As an AI language model'"),
    ({"instruction": "List fruit.", "response": "Here are some fruits: apples, pears and"},
     {}, "truncated", "the response looks truncated: it ends with the dangling word 'and'"),
    ({"instruction": "Code?", "response": "```python\nprint(1)\n"}, {}, "truncated",
     "the response looks truncated: it ends with an unclosed ``` code block"),
    ({"instruction": "Poem", "response": "Roses are red.\nRoses are red.\nRoses are red.\nOk."},
     {}, "repeated_lines", "50% of lines repeat an earlier line (max_repeated_lines 30%)"),
    ({"instruction": "Go", "response": "we will go now " * 6 + "fine."}, {},
     "repeated_ngrams", "80% of words are in repeated 5-grams (max_repeated_ngrams 50%)"),
    ({"instruction": "Go", "response": "# a # b # c # d # e done."}, {}, "symbol_ratio",
     "0.45 symbols ('#', '...') per word (max_symbol_ratio 0.1)"),
    ({"instruction": "Numbers", "response": "12 34 56 78 = 90 12 34 56 78 = 90 ok."}, {},
     "non_alphabetic", "only 8% of words contain a letter (min_alpha_words 25%)"),
])
def test_each_heuristic_has_its_reason(data, params, code, reason) -> None:
    assert _verdict(data, **params) == (False, code, reason)


def test_good_record_and_gsm8k_style_answer_pass() -> None:
    assert _verdict(GOOD) == (True, "ok", "")
    gsm = {"question": "How many clips?", "answer": "Natalia sold 48/2 = <<48/2=24>>24 clips in "
           "May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether.\n#### 72"}
    assert _verdict(gsm)[0]


def test_ratio_checks_wait_for_enough_words() -> None:
    assert _verdict({"instruction": "Set?", "response": "{3, 12, 7}"})[0]
    assert _verdict({"instruction": "Set?", "response": "{3, 12, 7}"}, ratio_min_words=2)[1] \
        == "non_alphabetic"


def test_checks_can_be_turned_off() -> None:
    data = {"instruction": "x", "response": "As an AI language model, I think so."}
    assert _verdict(data, boilerplate=False)[0]


def test_chat_messages_are_read() -> None:
    data = {"messages": [{"role": "user", "content": "Hi"},
                         {"role": "assistant", "content": "I cannot help with that."}]}
    assert _verdict(data)[1] == "refusal"


def test_repeated_ngram_share_counts_covered_words() -> None:
    assert repeated_ngram_share("a b c a b c".split(), 3) == pytest.approx(0.5)
    assert repeated_ngram_share("a b c d e f".split(), 3) == 0.0


def test_quality_from_a_source_spec(run_source) -> None:
    rows = [{"instruction": "Say hi", "response": "Hello there, friend."},
            {"instruction": "Why?", "response": "As an AI language model I cannot say."}]
    with run_source(rows, [{"use": "curate.quality"}]) as run:
        got = statuses(run)
    assert got["Say hi"] == ("accepted", None)
    assert got["Why?"] == ("rejected", "assistant boilerplate: 'As an AI language model'")
