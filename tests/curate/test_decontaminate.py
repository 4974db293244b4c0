from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from synthloop.checks.numbers import values
from synthloop.curate.benchsets import as_reference, load_items
from synthloop.curate.decontaminate import (
    CODE_THRESHOLD,
    DOCSTRING_THRESHOLD,
    NUMBERS_THRESHOLD,
    PARAPHRASE_THRESHOLD,
    TEMPLATE_THRESHOLD,
    WORD_AGREEMENT,
    Decontaminate,
    DecontaminateParams,
    quoted_inputs,
    template_words,
)
from synthloop.curate.rarity import Rarity
from synthloop.curate.overlap import OverlapIndex, span_text
from synthloop.errors import DataError
from synthloop.records import Record

from .conftest import statuses

ITEM = ("Natalia sold clips to 48 of her friends in April, and then she sold half as many "
        "clips in May. How many clips did Natalia sell altogether in April and May?")


def _bench(tmp_path: Path, *questions: str) -> str:
    path = tmp_path / "bench.jsonl"
    path.write_text("".join(json.dumps({"qid": f"q{i}", "question": q}) + "\n"
                            for i, q in enumerate(questions)))
    return str(path)


def _check(params: DecontaminateParams, ctx, *texts: str) -> list[Record]:
    stage = Decontaminate(params)
    batch = [Record(id=f"r{i}", data={"instruction": t}) for i, t in enumerate(texts)]
    return asyncio.run(stage.process(batch, ctx("curate.decontaminate")))


def test_overlap_spans_survive_case_spacing_and_numbers() -> None:
    index = OverlapIndex(5, numbers=True)
    index.build(["one two three four five six seven 8 nine"], [0])
    text = "Intro words. ONE two,  three four five six seven 12 nine! trailing"
    (span,) = index.find([text])[0]
    assert (span.item, span.start, span.end) == (0, 2, 11)
    assert span_text(text, span) == "one two three four five six seven 12 nine"


def test_ngrams_mostly_of_numbers_are_not_evidence() -> None:
    index = OverlapIndex(8, numbers=True)
    index.build(["paid 12 3 36 36 so the cost 40 36 76 4 dollars"], [0])
    # every 8-gram of this copy is 5/8 numbers: worked arithmetic, not a copied problem
    assert index.find(["he 1 2 3 4 so the cost 5 6 7 8 now"]) == [[]]
    (span,) = index.find(["we paid 5 6 7 8 so the cost"])[0]  # 4/8 numbers: evidence
    assert (span.start, span.words) == (1, 8)


def test_short_items_match_whole_and_common_ngrams_are_ignored() -> None:
    index = OverlapIndex(13, min_words=4, max_items=1)
    index.build(["write a function to reverse a string",  # 7 words: matched whole
                 "from typing import list def f x return x plus one and two",
                 "from typing import list def f x return x plus one and two"], [0, 1, 2])
    found = index.find(["please write a function to reverse a string now",
                        "from typing import list def f x return x plus one and two"])
    assert [s.item for s in found[0]] == [0]
    assert found[1] == []  # shared by two items: boilerplate


def test_flags_planted_item_with_benchmark_id_and_span(tmp_path: Path, ctx) -> None:
    params = DecontaminateParams(against=[{"name": "mybench", "path": _bench(tmp_path, ITEM),
                                           "fields": ["question"], "id_field": "qid"}])
    edited = "Solve this. " + ITEM.upper().replace("48", "52") + " Show your work."
    clean, dirty = _check(params, ctx, "How many apples are in the basket today?", edited)
    assert clean.accepted and clean.verdicts[-1].check == "curate.decontaminate.clean"
    assert not dirty.accepted
    assert dirty.verdicts[-1].check == "curate.decontaminate.ngram_overlap"
    assert dirty.status_reason == (
        'overlaps mybench item mybench/q0 on 31 words: "natalia sold clips to 52 of her friends '
        'in april and then she sold half as many clips in may how many clips did natalia sell '
        'altogether in april and may"')


@pytest.mark.parametrize("numbers", [True, False])
def test_numbers_option_decides_reworded_quantities(tmp_path: Path, ctx, numbers: bool) -> None:
    # every 28-gram of the 31-word item contains the quantity "48"
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, ITEM),
                                           "fields": ["question"]}], numbers=numbers, ngram=28)
    (rec,) = _check(params, ctx, ITEM.replace("48", "52"))
    assert rec.accepted is not numbers


def test_builtin_gsm8k_from_local_files(shared_data: Path, ctx) -> None:
    test_q = json.loads((shared_data / "gsm8k" / "test.jsonl").open().readline())["question"]
    params = DecontaminateParams(against=["gsm8k"], data_dir=str(shared_data))
    (rec,) = _check(params, ctx, "Here is a word problem: " + test_q)
    assert rec.status_reason.startswith("overlaps gsm8k item gsm8k/test/0 on ")


def test_params_and_missing_files_give_clear_errors(tmp_path: Path, ctx, monkeypatch) -> None:
    monkeypatch.delenv("SYNTHLOOP_BENCHMARK_DIR", raising=False)
    with pytest.raises(ValidationError, match="unknown built-in benchmark 'gsm9k'"):
        DecontaminateParams(against=["gsm9k"])
    with pytest.raises(ValidationError, match="set data_dir \\(the folder holding "
                       "humaneval/HumanEval.jsonl.gz\\)"):
        DecontaminateParams(against=["humaneval"])
    with pytest.raises(ValidationError, match="needs `fields:`"):
        DecontaminateParams(against=[{"name": "x", "path": "x.jsonl"}])
    with pytest.raises(DataError, match="does not exist"):
        _check(DecontaminateParams(against=["mbpp"], data_dir=str(tmp_path)), ctx, "text")


def test_paraphrase_phase_flags_rewording(tmp_path: Path, ctx) -> None:
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, ITEM),
                                           "fields": ["question"]}], paraphrase_threshold=0.8)
    reworded = ("In April Natalia sold clips to 48 friends; in May she sold half that many. "
                "What is the total number of clips she sold over both months?")
    (rec,) = _check(params, ctx, reworded)
    assert rec.verdicts[-1].check == "curate.decontaminate.paraphrase"
    assert rec.status_reason.startswith("paraphrases b item b/0 (cosine 0.")


def test_the_calibrated_threshold_flags_a_rewording_and_keeps_a_problem_of_the_same_kind(
        tmp_path: Path, ctx) -> None:
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, ITEM),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    reworded = ("Natalia's clips: 48 went to friends in April, and May's sales were half of "
                "April's. Across April and May, how many clips were sold in all?")
    other = ("Tomas sold 30 cupcakes at the fair on Saturday and twice as many on Sunday. How "
             "many cupcakes did he sell over the weekend?")
    flagged, kept = _check(params, ctx, reworded, other)
    assert flagged.verdicts[-1].check == "curate.decontaminate.paraphrase"
    assert flagged.status_reason.endswith(f">= {PARAPHRASE_THRESHOLD})")
    assert kept.verdicts[-1].check == "curate.decontaminate.clean"


def test_number_values_read_digits_and_words() -> None:
    assert values("Toula paid $80,000, then 1.2 times sixty-eight; one of them") == {
        80000.0, 1.2, 68.0}
    assert values("three hundred and twenty-five, two hundred twenty five") == {325.0, 225.0}
    assert values("ten five-dollar bills and twelve thousand") == {10.0, 5.0, 12000.0}
    # a thousand closes a group: the hundreds after it are added, not multiplied (was 100850)
    assert values("one thousand eight hundred fifty, seventy thousand five") == {1850.0, 70005.0}
    # digits a scale word follows are its multiple, not the bare digits (were 2 and 4.5)
    assert values("a 2 million prize, 4.5 thousand riders, 3 goats") == {2e6, 4500.0, 3.0}
    # a year in two pairs is one number (were 19 and 87); a comma or a clock hour parts them
    assert values("Built in Nineteen Sixty-Two, sold in twenty twelve") == {1962.0, 2012.0}
    assert values("fifteen, twenty; at eleven thirty") == {15.0, 20.0, 11.0, 30.0}
    # thousands grouped by a space or a narrow no-break space (were 4 and 350, 12 and 500)
    assert values("4 350 kr og 12\u202f500 kr, 2023 340") == {4350.0, 12500.0, 2023.0, 340.0}


def test_number_agreement_weighs_rare_values_and_counts_added_ones() -> None:
    weights = Rarity([frozenset({2.0, 48.0}), frozenset({2.0, 3.0}), frozenset({2.0})])
    item = frozenset({2.0, 48.0})
    assert weights.agreement(item, item) == 1.0
    # 2 is in every text (weight log 2), 48 in one (log 4): dropping 48 costs more
    assert round(weights.agreement(frozenset({48.0}), item), 3) == 0.667
    assert round(weights.agreement(frozenset({2.0}), item), 3) == 0.333
    # an added 3 (as rare as 48) is counted against the record
    assert round(weights.agreement(frozenset({2.0, 48.0, 3.0}), item), 3) == 0.6
    assert weights.agreement(item, frozenset()) == 0.0


def test_a_retelling_below_the_cosine_threshold_is_caught_by_its_numbers(
        tmp_path: Path, ctx) -> None:
    """First person and the numbers spelled out (cosine 0.825 < 0.88): the same problem by its
    numbers; with one of them changed (one shared number is a coincidence), or both, another
    problem."""
    item = ("Natalia sold clips to 48 of her friends in April, and then she sold 36 clips in "
            "May. How many clips did Natalia sell altogether in April and May?")
    bench = [{"name": "b", "path": _bench(tmp_path, item), "fields": ["question"]}]
    retold = ("In April I sold clips to forty-eight of my friends, and in May I sold "
              "thirty-six. How many clips did I sell in April and May?")
    one_changed = retold.replace("forty-eight", "fifty")
    both_changed = one_changed.replace("thirty-six", "twenty")
    params = DecontaminateParams(against=bench, paraphrase_threshold=PARAPHRASE_THRESHOLD,
                                 paraphrase_template_threshold=None,
                                 paraphrase_skeleton_threshold=None)  # numbers alone decide
    flagged, *kept = _check(params, ctx, retold, one_changed, both_changed)
    assert flagged.verdicts[-1].check == "curate.decontaminate.paraphrase"
    assert flagged.status_reason == (
        f"paraphrases b item b/0 (cosine 0.825 >= {NUMBERS_THRESHOLD} and states its numbers: "
        "agreement 1.00 >= 0.75)")
    assert [r.verdicts[-1].check for r in kept] == ["curate.decontaminate.clean"] * 2
    cosine_only = params.model_copy(update={"paraphrase_numbers_threshold": None})
    assert [r.verdicts[-1].check for r in _check(cosine_only, ctx, retold)] == [
        "curate.decontaminate.clean"]


def test_a_problem_in_notation_is_caught_by_three_of_its_numbers(tmp_path: Path, ctx) -> None:
    """Compressed into notation, a problem is at 0.749, just under the numbers threshold; it
    states three of its four numbers (2 is common in the set, so it weighs little)."""
    item = ("Andrea has 8 more apples than Jamal and half as many bananas as Jamal. Jamal has 4 "
            "more bananas than apples. How many fruits are there if Andrea has 52 apples?")
    fillers = ["Tom has 2 cats and half as many dogs.", "Ann buys 2 pens and half as many "
               "pencils.", "Sue runs 2 miles.", "Bo eats 2 pies."]
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, item, *fillers),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    notation = ("A_apples = J_apples + 8; A_bananas = J_bananas / 2; J_bananas = J_apples + 4; "
                "A_apples = 52. Total fruit = ?")
    flagged, other = _check(params, ctx, notation, notation.replace("4;", "5;")
                            .replace("52", "60"))
    assert flagged.status_reason == (
        "paraphrases b item b/0 (cosine 0.749 >= 0.70 and states 3 or more of its numbers: "
        "agreement 0.87 >= 0.85)")
    assert other.accepted
    (off,) = _check(params.model_copy(update={"paraphrase_numbers_threshold": None}), ctx,
                    notation)
    assert off.accepted


def test_a_problem_in_notation_stating_all_its_numbers_and_a_constant_is_caught(
        tmp_path: Path, ctx) -> None:
    """In notation, a problem adds its arithmetic's constant (100, for a percentage), which
    counts against agreement (below 0.75 here, 100 being rarer in the set than 5 and 9); it
    states all three of the item's numbers. Missing one (6 for 5), or adding two, is not
    enough."""
    item = ("A baker makes 36 rolls. She sells 9 in the morning and 5 more than that in the "
            "afternoon. What percentage of the rolls does she sell?")
    fillers = ["Tom has 5 cats and 9 dogs.", "Ann buys 5 pens and 9 pencils.",
               "Sue runs 5 miles.", "Bo eats 9 pies."]
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, item, *fillers),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    notation = ("Baker: r = 36 rolls; m = 9 sold in the morning; a = m + 5 in the afternoon. "
                "Compute (m + a) / r * 100%.")
    flagged, missing, two = _check(params, ctx, notation, notation.replace("+ 5", "+ 6"),
                                   notation.replace("100%.", "100%, to 1 decimal place."))
    assert flagged.status_reason == (
        f"paraphrases b item b/0 (cosine 0.757 >= {NUMBERS_THRESHOLD} and states all 3 of its "
        "numbers, 5, 9, 36, adding 1 of its own)")
    assert missing.accepted and two.accepted


def test_one_shared_number_is_not_enough(tmp_path: Path, ctx) -> None:
    """ITEM states one number, 48: a retelling that states it too (cosine 0.818, agreement
    1.0) may be another problem with a 48 in it, so the numbers do not decide; its story words
    (clips sold to friends in April and May) do."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, ITEM),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    retold = ("In April I sold clips to forty-eight of my friends, and in May I sold half as "
              "many. How many clips did I sell in April and May?")
    (numbers_only,) = _check(params.model_copy(update={"paraphrase_template_threshold": None,
                                                       "paraphrase_skeleton_threshold": None}),
                             ctx, retold)
    assert numbers_only.verdicts[-1].check == "curate.decontaminate.clean"
    (rec,) = _check(params, ctx, retold)
    assert rec.status_reason is not None
    assert rec.status_reason.startswith("paraphrases b item b/0 (cosine 0.818 >= 0.8 and tells "
                                        "its story")


def test_the_numbers_threshold_must_be_the_lower_one() -> None:
    with pytest.raises(ValidationError, match=r"paraphrase_numbers_threshold \(0.9\) must not "
                       r"exceed paraphrase_threshold \(0.8\)"):
        DecontaminateParams(against=["gsm8k"], data_dir=".", paraphrase_threshold=0.8,
                            paraphrase_numbers_threshold=0.9)


def test_decontaminate_from_a_source_spec(tmp_path: Path, run_source) -> None:
    bench = _bench(tmp_path, ITEM)
    rows = [{"instruction": ITEM}, {"instruction": "Write a haiku about autumn leaves."}]
    stages = [{"use": "curate.decontaminate",
               "against": [{"name": "b", "path": bench, "fields": ["question"]}]}]
    with run_source(rows, stages) as run:
        got = statuses(run)
    assert got["Write a haiku about autumn leaves."] == ("accepted", None)
    assert got[ITEM][1].startswith("overlaps b item b/0 on 31 words")


def test_reference_set_from_parquet(tmp_path: Path, ctx) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "bench.parquet"
    pq.write_table(pa.table({"uid": ["p-1"], "prompt": [ITEM]}), path)
    params = DecontaminateParams(against=[{"name": "pq", "path": str(path), "fields": ["prompt"],
                                           "id_field": "uid"}])
    (rec,) = _check(params, ctx, ITEM)
    assert rec.status_reason.startswith("overlaps pq item pq/p-1 on 31 words")


NATALIA = ("Natalia sold clips to 48 of her friends in April, and then she sold 36 clips in May. "
           "How many clips did Natalia sell altogether in April and May?")


def test_a_question_dressed_as_json_or_a_chat_is_compared_by_its_question(
        tmp_path: Path, ctx) -> None:
    """As a whole, the JSON object scores cosine 0.637 and the chat 0.878 with a third number
    (84, its answer) that drops the agreement to 0.67: both passed. Their question bodies are
    the item's problem."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, NATALIA),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    as_json, as_chat = _check(params, ctx, (
        '{"seller": "Natalia", "april_friends": 48, "may_clips": 36, "ask": "clips sold in '
        'April and May"}'), (
        "User: natalia sold 48 clips to friends in april and 36 in may. total?\n"
        "Assistant: 48 + 36 = 84, so 84 clips."))
    assert as_json.status_reason == (
        f"paraphrases b item b/0 (cosine 0.798 >= {NUMBERS_THRESHOLD} and states its numbers: "
        "agreement 1.00 >= 0.75)")
    assert as_chat.status_reason == f"paraphrases b item b/0 (cosine 0.928 >= {PARAPHRASE_THRESHOLD})"


def test_a_text_not_in_english_passes_saying_it_was_not_checked(tmp_path: Path, ctx) -> None:
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, NATALIA),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    french, english = _check(params, ctx, (
        "Natalia a vendu des barrettes \u00e0 48 de ses amies en avril, puis 36 en mai. Combien "
        "de barrettes a-t-elle vendues ?"), "Write a haiku about autumn leaves.")
    assert french.accepted and english.accepted
    assert (french.verdicts[-1].check, french.verdicts[-1].reason) == (
        "curate.decontaminate.clean", "not checked for paraphrases: written in 'fr', and the "
        "paraphrase pass reads English only")
    assert english.verdicts[-1].reason == ""
    # without the paraphrase pass nothing claims to read meaning, so nothing is said
    (plain,) = _check(params.model_copy(update={"paraphrase_threshold": None}), ctx,
                      french.data["instruction"])
    assert plain.verdicts[-1].reason == ""


def test_a_translation_is_caught_by_the_digits_and_names_it_keeps(tmp_path: Path, ctx) -> None:
    """A German translation embeds far from its item (cosine 0.2-0.3): it keeps its digits
    and its name."""
    item = ("Cecilia just bought a new puppy. She feeds it 1 cup of food a day for the first "
            "180 days, then 2 cups a day. A bag holds 110 cups. How many bags does she use in "
            "a year?")
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, NATALIA, item),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    german = ("Cecilia hat gerade einen Welpen gekauft. In den ersten 180 Tagen gibt sie ihm "
              "jeden Tag 1 Tasse Futter, danach 2 Tassen. Ein Sack enth\u00e4lt 110 Tassen. Wie "
              "viele S\u00e4cke braucht sie im ersten Jahr?")
    translated, other = _check(params, ctx, german, german.replace("Cecilia", "Hanna"))
    assert translated.verdicts[-1].check == "curate.decontaminate.paraphrase"
    assert translated.status_reason.startswith("paraphrases b item b/1 (written in 'de', and "
                                               "states its numbers and names: 110, 180, 2, "
                                               "Cecilia; agreement 1.00 >= 0.75)")
    assert other.accepted and "not checked for paraphrases" in other.verdicts[-1].reason


def test_a_retelling_with_other_numbers_is_caught_by_its_story_words(tmp_path: Path,
                                                                     ctx) -> None:
    """One of the item's two numbers kept (one shared number is a coincidence) and cosine
    0.804 < 0.88: the numbers cannot say, but the rare words (clips, friends, April, May) are
    the item's (the reason spells them as the record does: "many", not its stem "mani"); a
    problem of the same shape about other things shares none of them."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, NATALIA),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    retold = ("In April I sold clips to forty-eight of my friends, and in May I sold fifty. How "
              "many clips did I sell in April and May?")
    other = ("Tomas sold cupcakes to 30 of his neighbours in June, then 25 more cupcakes in "
             "July. How many cupcakes did he sell in June and July together?")
    flagged, kept = _check(params, ctx, retold, other)
    assert flagged.status_reason == (
        f"paraphrases b item b/0 (cosine 0.804 >= {TEMPLATE_THRESHOLD} and tells its story: "
        f"rare words april, clips, friends, many; agreement 0.78 >= {WORD_AGREEMENT})")
    assert kept.accepted
    (without,) = _check(params.model_copy(update={"paraphrase_template_threshold": None,
                                                  "paraphrase_skeleton_threshold": None}),
                        ctx, retold)
    assert without.accepted


MANOLO = ("Manolo bought five lollipops and four candies that cost $3.20. If each lollipop "
          "costs $0.40, how much will 10 lollipops and 10 candies cost him?")


def test_a_retelling_with_other_names_numbers_and_units_is_caught_by_its_skeleton(
        tmp_path: Path, ctx) -> None:
    """Other name, other numbers: cosine 0.805, story-word agreement 0.35 (below both
    thresholds); masked, the two are the same problem (0.958)."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, MANOLO),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    retold = ("Keiko paid $4.50 for six lollipops and three candies. A lollipop costs $0.50. "
              "What will 8 lollipops and 8 candies cost her?")
    other = ("Keiko paid $4.50 for six pencils and three erasers. A pencil costs $0.50. How "
             "many erasers can she buy with the change from $10?")
    flagged, kept = _check(params, ctx, retold, other)
    assert flagged.status_reason == (
        "paraphrases b item b/0 (cosine 0.805 >= 0.75 and retells it: skeleton (numbers, names "
        "and units masked) cosine 0.958 >= 0.93)")
    assert kept.accepted
    (off,) = _check(params.model_copy(update={"paraphrase_skeleton_threshold": None}), ctx,
                    retold)
    assert off.accepted


def test_story_words_are_stems_without_numbers() -> None:
    """"bakes" and "baking" are one story word; a possessive, numbers and number words go."""
    assert template_words("Janet's ducks lay 16 eggs a day; she bakes muffins and is baking "
                          "twenty more.") == {"janet", "duck", "lay", "egg", "day", "bake",
                                              "muffin"}


def test_the_template_threshold_must_be_the_lower_one() -> None:
    with pytest.raises(ValidationError, match=r"paraphrase_template_threshold \(0.9\) must not "
                       r"exceed paraphrase_threshold \(0.8\)"):
        DecontaminateParams(against=["gsm8k"], data_dir=".", paraphrase_threshold=0.8,
                            paraphrase_template_threshold=0.9,
                            paraphrase_numbers_threshold=0.7)


SPECIAL = ("def special_filter(nums):\n    \"\"\"Count the numbers in an array that are greater "
           "than 10 and whose first and last digits are odd.\n    >>> special_filter([15, -73, "
           "14, -15])\n    1\n    \"\"\"\n")


def test_a_code_request_quoting_the_items_own_test_input_is_that_item(tmp_path: Path,
                                                                       ctx) -> None:
    """A plain request is far from the item's prompt (cosine 0.6); quoting its example input
    it is the item. The same request without it, or the input put to another use, is not.
    An input two items quote names the nearer; one more items quote than ``max_items`` is
    boilerplate."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, SPECIAL),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    request = ("Write a function that counts how many values in a list are over 10 and start "
               "and end with an odd digit")
    quoting, plain, other_use = _check(params, ctx, request + ", e.g. [15, -73, 14, -15] gives 1.",
                                       request + ".", "Plot [15, -73, 14, -15] as a bar chart.")
    assert quoting.status_reason == (
        f"paraphrases b item b/0 (cosine 0.628 >= {CODE_THRESHOLD} and quotes its test input "
        "[15,-73,14,-15])")
    assert plain.accepted and other_use.accepted
    shared = DecontaminateParams(against=[{"name": "b", "path": _bench(
        tmp_path, "Sort the array.\n>>> sort_array([15, -73, 14, -15])", SPECIAL),
        "fields": ["question"]}], paraphrase_threshold=PARAPHRASE_THRESHOLD)
    assert _check(shared, ctx, quoting.data["instruction"])[0].status_reason == (
        quoting.status_reason.replace("b/0", "b/1"))
    boilerplate = shared.model_copy(update={"max_items": 1})
    assert _check(boilerplate, ctx, quoting.data["instruction"])[0].accepted



UNITS = ('def unit_product(a, b):\n    """Product of the unit digits of a and b.\n    >>> '
         'unit_product(148, 412)\n    16\n    >>> unit_product(2020, 1851)\n    0\n    """\n')


def test_bare_calls_quoting_two_of_the_items_test_inputs_are_that_item(tmp_path: Path,
                                                                        ctx) -> None:
    """Calls and results alone embed near no task (cosine 0.3); two of the item's own test
    inputs name it at any cosine, one does not."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, UNITS),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    two, one = _check(params, ctx, "Implement g so that g(148, 412) = 16 and g(2020, 1851) = 0.",
                      "Implement g so that g(148, 412) = 16 and g(7, 3) = 21.")
    assert two.status_reason.startswith("paraphrases b item b/0 (quotes 2 of its test inputs, "
                                        "(148,412), (2020,1851), at cosine 0.")
    assert one.accepted
    (off,) = _check(params.model_copy(update={"paraphrase_code_threshold": None}), ctx,
                    two.data["instruction"])
    assert off.accepted



LPF = ('def largest_prime_factor(n: int):\n    """Return the largest prime factor of n. Assume '
       'n > 1 and is not a prime.\n    >>> largest_prime_factor(13195)\n    29\n    """\n')


def test_a_stub_in_rust_syntax_is_compared_by_its_comments(tmp_path: Path, ctx) -> None:
    """The signature's punctuation pulls the stub away from the item's docstring (0.79 < 0.80);
    its comment alone is the docstring."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, LPF),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    (rust,) = _check(params, ctx, "/// Return the largest prime factor of n. Assume n > 1 and n "
                     "is not a prime.\nfn lpf(n: u64) -> u64")
    assert rust.verdicts[-1].check == "curate.decontaminate.paraphrase"
    assert rust.status_reason.startswith("paraphrases b item b/0 (cosine 0.9")
    assert rust.status_reason.endswith(f">= {DOCSTRING_THRESHOLD} to its docstring's prose)")


def test_a_minimal_pair_is_not_a_paraphrase(tmp_path: Path, ctx) -> None:
    """"odd" for "even" embeds as near as a rewording (cosine 0.938 >= 0.88), but it is
    another task: no path flags an item the record contradicts."""
    item = "Write a python function to find the sum of fifth power of first n even natural numbers."
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, item),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    reworded = ("Write a Python function that returns the sum of the fifth powers of the first n "
                "even natural numbers.")
    odd, flagged = _check(params, ctx, reworded.replace("even", "odd"), reworded)
    assert odd.verdicts[-1].check == "curate.decontaminate.clean"
    assert flagged.status_reason == (
        f"paraphrases b item b/0 (cosine 0.968 >= {PARAPHRASE_THRESHOLD})")


HAPPY = ('def is_happy(s):\n    """You are given a string s.\n    Your task is to check if the '
         'string is happy or not.\n    A string is happy if its length is at least 3 and every 3 '
         'consecutive letters are distinct\n    For example:\n    is_happy(a) => False\n    '
         'is_happy(abcd) => True\n    """\n')


def test_a_stub_defining_the_items_own_function_is_that_item(tmp_path: Path, ctx) -> None:
    """A docstring of its own, under HumanEval/80's name: 0.872, below the cosine and
    docstring thresholds; the same stub under another name is not flagged."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, HAPPY),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    stub = ('def is_happy(s):\n    """Whether s has 3 or more letters and no 3 letters in a row '
            'repeat one."""\n')
    named, renamed = _check(params, ctx, stub, stub.replace("is_happy", "all_distinct"))
    assert named.status_reason == (
        "paraphrases b item b/0 (cosine 0.872 >= 0.85 and defines its function is_happy)")
    assert renamed.accepted
    (off,) = _check(params.model_copy(update={"paraphrase_code_threshold": None}), ctx, stub)
    assert off.accepted


def test_odd_places_are_not_odd_values(tmp_path: Path, ctx) -> None:
    """MBPP 412 removes odd numbers; removing the numbers at odd indices embeds as near
    (0.952) but is another task."""
    item = "Write a python function to remove odd numbers from a given list."
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, item),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    places, values_ = _check(params, ctx, "Write a python function to remove the numbers at "
                             "odd indices from a given list.",
                             "Write a Python function that removes the odd numbers from a list.")
    assert places.verdicts[-1].check == "curate.decontaminate.clean"
    assert values_.status_reason == (
        f"paraphrases b item b/0 (cosine 0.981 >= {PARAPHRASE_THRESHOLD})")


def test_mbpp_tests_are_read_and_an_input_two_items_share_names_both(shared_data: Path) -> None:
    """MBPP 200 (positions of the largest value) and 322 (of the smallest) test the same list;
    it is in neither's text, only in their ``test_list``."""
    items = {i.id: i for i in load_items(as_reference("mbpp"), base=shared_data,
                                         data_dir=str(shared_data))}
    both = "[12,33,23,10,67,89,45,667,23,12,11,10,54]"
    assert items["mbpp/200"].tests[0].startswith("assert position_max([12,33,23,10,67,89,")
    assert both not in "".join(items["mbpp/200"].texts)
    inputs = dict(zip(items, quoted_inputs(list(items.values()), max_items=5), strict=True))
    assert both in inputs["mbpp/200"] and both in inputs["mbpp/322"]
    alone = dict(zip(items, quoted_inputs(list(items.values()), max_items=1), strict=True))
    assert both not in alone["mbpp/200"]


LONGEST = ("from typing import List, Optional\n\n\ndef longest(strings: List[str]) -> "
           "Optional[str]:\n    \"\"\" Out of list of strings, return the longest one. Return "
           "the first one in case of multiple\n    strings of the same length. Return None in "
           "case the input list is empty.\n    >>> longest([])\n\n    >>> longest(['a', 'b', "
           "'c'])\n    'a'\n    >>> longest(['a', 'bb', 'ccc'])\n    'ccc'\n    \"\"\"\n")


def test_a_plain_request_is_compared_with_the_items_docstring_prose(tmp_path: Path,
                                                                     ctx) -> None:
    """HumanEval/12 as a request: cosine 0.79 to the prompt (signature and examples), 0.86 to
    its docstring's prose; the request for the shortest string is another task."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, LONGEST),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    request = ("Write a Python function that takes a list of strings and gives back the longest "
               "one. If several have the same maximum length, return whichever comes first; if "
               "the list is empty, return None.")
    flagged, other = _check(params, ctx, request, request.replace("longest", "shortest")
                            .replace("maximum", "minimum"))
    assert flagged.status_reason == (
        f"paraphrases b item b/0 (cosine 0.861 >= {DOCSTRING_THRESHOLD} to its docstring's "
        "prose)")
    assert other.accepted
    (off,) = _check(params.model_copy(update={"paraphrase_docstring_threshold": None}), ctx,
                    request)
    assert off.accepted


BAKER = ("A baker bakes 144 rolls, sells 37 in the morning and 58 in the afternoon, and packs "
         "the rest in bags of 7. How many bags does he fill?")


def test_a_retelling_stating_all_of_an_items_rare_numbers_is_that_item_at_any_cosine(
        tmp_path: Path, ctx) -> None:
    """In Spanish the problem embeds far from its item and names no one, but states its four
    rare numbers; one of them changed, it is another problem."""
    fillers = ["Tom has 2 apples and 3 pears. How many fruits does he have?"] * 60
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, BAKER, *fillers),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    spanish = ("Un panadero hornea 144 panecillos, vende 37 por la ma\u00f1ana y 58 por la "
               "tarde, y reparte el resto en bolsas de 7. \u00bfCu\u00e1ntas bolsas llena?")
    retold, other = _check(params, ctx, spanish, spanish.replace("58", "59"))
    assert retold.status_reason == (
        "paraphrases b item b/0 (states all 4 of its numbers, 7, 37, 58, 144, in whatever words "
        "(cosine 0.189): agreement 1.00 >= 0.6)")
    assert other.accepted and "not checked for paraphrases" in other.verdicts[-1].reason


ROTATION = ('def rotation_match(word: str, pattern: str) -> bool:\n'
            '    """Return True if pattern, or any rotation of pattern, is a substring of word.\n'
            "    >>> rotation_match('abcd', 'cdab')\n    True\n    \"\"\"\n")


def test_a_signature_in_another_language_with_the_items_parameters_is_that_item(
        tmp_path: Path, ctx) -> None:
    """A Java signature under a comment of its own is far from the Python prompt; it declares
    the item's function in camelCase with its parameters. Other parameters, or another
    function with the same parameters, are not the item."""
    params = DecontaminateParams(against=[{"name": "b", "path": _bench(tmp_path, ROTATION),
                                           "fields": ["question"]}],
                                 paraphrase_threshold=PARAPHRASE_THRESHOLD)
    java = ("/** True when the second string, rotated any number of times, occurs inside the "
            "first. */\npublic static boolean rotationMatch(String word, String pattern)")
    same, others, renamed = _check(params, ctx, java, java.replace("word, String pattern",
                                                                   "s, String t"),
                                   java.replace("rotationMatch", "rotatesInto"))
    assert same.status_reason == (
        "paraphrases b item b/0 (cosine 0.695 >= 0.65 and declares its function rotation_match "
        "(in any identifier style) with its parameters pattern, word)")
    assert others.accepted and renamed.accepted
