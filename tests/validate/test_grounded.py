"""validate.grounded: one literal item per verdict code; the evidence helpers on literal text;
the closed-book check and the claim judge with a scripted teacher."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from synthloop.checks.evidence import (
    Span,
    changed_bound,
    claims,
    exact_tokens,
    locate,
    numbers,
    quantities,
    reordered,
    stem,
    support,
    token_f1,
    unsupported_name,
)
from synthloop.generate.chunks import deal
from synthloop.records import Lineage, Record, Status
from synthloop.stages import StageContext
from synthloop.teachers import Teacher
from synthloop.testing import FakeTeacher
from synthloop.validate.grounded import CLOSED_BOOK, Grounded, GroundedParams, _yes_no
from tests.conftest import run_cli

PASSAGE = ("The Loire is the longest river in France. It rises in the Massif Central and "
           "flows 1,006 kilometres to the Atlantic at Saint-Nazaire.")
SECOND = "Nantes, the largest city on the Loire, was the capital of the Duchy of Brittany."


def item(**data: Any) -> Record:
    base = {"question": "Where does the Loire reach the sea?", "answer": "at Saint-Nazaire",
            "evidence": ["flows 1,006 kilometres to the Atlantic at Saint-Nazaire"],
            "context": [PASSAGE], "kind": "extractive"}
    return Record(id="r", data={**base, **data}, lineage=Lineage(spec_hash="s", stage="g", recipe="t"))


def ctx(tmp_path: Path, teachers: dict[str, Teacher] | None = None) -> StageContext:
    return StageContext(spec_hash="s", stage="validate.grounded", stage_index=1, seed=0,
                        run_dir=tmp_path, teachers=dict(teachers or {}))


def judge(record: Record, tmp_path: Path, teachers: dict[str, Teacher] | None = None,
          **params: Any) -> tuple[str, str, bool]:
    stage = Grounded(GroundedParams(**params))
    asyncio.run(stage.process([record], ctx(tmp_path, teachers)))
    verdict = record.verdicts[-1]
    return verdict.check, verdict.reason, verdict.passed


def test_ok_records_the_span(tmp_path: Path) -> None:
    rec = item()
    assert judge(rec, tmp_path) == ("validate.grounded.ok", "1 evidence span(s) found", True)
    start = PASSAGE.index("flows")
    assert rec.data["evidence_spans"] == [{"passage": 0, "start": start, "end": len(PASSAGE) - 1,
                                           "score": 100.0}]


def test_no_question(tmp_path: Path) -> None:
    assert judge(item(answer="  "), tmp_path) == (
        "validate.grounded.no_question", "the question or the answer is empty", False)


def test_answered_unanswerable_and_off_topic(tmp_path: Path) -> None:
    assert judge(item(kind="unanswerable", answer="Nantes"), tmp_path) == (
        "validate.grounded.answered_unanswerable", "an unanswerable item answers 'Nantes'",
        False)
    assert judge(item(kind="unanswerable", answer="unanswerable",
                      question="What is the answer to the question?"), tmp_path) == (
        "validate.grounded.off_topic",
        "the unanswerable question shares no content word with the passages", False)
    assert judge(item(kind="unanswerable", answer="Unanswerable.", evidence=[],
                      question="How deep is the Loire at Nantes?"), tmp_path) == (
        "validate.grounded.ok", "declines as it should", True)


def test_no_evidence(tmp_path: Path) -> None:
    assert judge(item(evidence=["", " "]), tmp_path) == (
        "validate.grounded.no_evidence", "the answer quotes no evidence", False)


def test_span_not_found_gives_the_best_score(tmp_path: Path) -> None:
    check, reason, passed = judge(item(evidence=["The Seine flows through Paris."]), tmp_path)
    assert (check, passed) == ("validate.grounded.span_not_found", False)
    assert reason.startswith("evidence 'The Seine flows through Paris.' is not in the passages "
                             "(best match ")
    assert reason.endswith(" < 90)")


def test_fuzzy_quote_is_found_re_cased_and_re_spaced(tmp_path: Path) -> None:
    rec = item(evidence=["flows 1,006   kilometres to the atlantic at Saint Nazaire"])
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"
    assert rec.data["evidence_spans"][0]["score"] >= 90


def test_single_hop(tmp_path: Path) -> None:
    rec = item(kind="multi_hop", context=[PASSAGE, SECOND])
    assert judge(rec, tmp_path) == ("validate.grounded.single_hop",
                                    "a multi-hop item quotes only one passage", False)
    two = item(kind="multi_hop", context=[PASSAGE, SECOND], answer="Nantes, on the Loire",
               evidence=["The Loire is the longest river in France.",
                         "Nantes, the largest city on the Loire"])
    assert judge(two, tmp_path)[0] == "validate.grounded.ok"
    assert [s["passage"] for s in two.data["evidence_spans"]] == [0, 1]


def test_unsupported_names_the_claim(tmp_path: Path) -> None:
    rec = item(answer="At Saint-Nazaire. It is frozen every winter.")
    assert judge(rec, tmp_path) == (
        "validate.grounded.unsupported",
        "the claim 'It is frozen every winter.' is not supported by the evidence "
        "(support 0.00)", False)


def test_closed_book_flags_what_the_teacher_knows(tmp_path: Path) -> None:
    rec = item(question="What is the capital of France?", answer="Paris",
               context=["Paris is the capital of France."], evidence=["Paris is the capital"])
    knows = FakeTeacher(lambda r: "It is Paris.")
    assert judge(rec, tmp_path, {"t": knows}, closed_book="t") == (
        "validate.grounded.closed_book",
        "answered without the passages: 'It is Paris.' matches 'Paris' (F1 1.00)", False)
    assert knows.requests[0].messages == [{"role": "user", "content": CLOSED_BOOK.format(
        question="What is the capital of France?")}]  # no passage in the closed-book call
    guesses = FakeTeacher(lambda r: "Lyon, I think.")
    assert judge(item(), tmp_path, {"t": guesses}, closed_book="t")[0] == "validate.grounded.ok"


def test_judge_decides_claim_by_claim(tmp_path: Path) -> None:
    rec = item(answer="At Saint-Nazaire. On the Atlantic.")
    says_no_to_second = FakeTeacher(lambda r: "no" if "Atlantic." in str(
        r.messages[-1]["content"]).split("Claim:")[1] else "Yes.")
    assert judge(rec, tmp_path, {"j": says_no_to_second}, judge="j") == (
        "validate.grounded.unsupported",
        "the claim 'On the Atlantic.' is not supported by the evidence (support 0.00)", False)
    assert judge(item(), tmp_path, {"j": FakeTeacher(lambda r: "yes")}, judge="j")[0] == (
        "validate.grounded.ok")


def test_an_unreadable_judge_reply_quarantines_and_never_passes(tmp_path: Path) -> None:
    rec = item()
    assert judge(rec, tmp_path, {"j": FakeTeacher(lambda r: "Probably.")}, judge="j") == (
        "validate.grounded.failed", "teacher 'j' gave up: unparsable answer after one repair "
        "attempt: reply with yes or no", False)
    assert rec.status is Status.FAILED and "evidence_spans" not in rec.data
    assert _yes_no("Yes, it is.") == "yes" and _yes_no("no") == "no"
    with pytest.raises(ValueError, match="reply with yes or no"):
        _yes_no("The claim is supported.")


def test_locate_support_claims_f1_on_literals() -> None:
    assert locate("longest river", [SECOND, PASSAGE]) == Span(1, 17, 30, 100.0)
    assert locate("Tokyo is big", [PASSAGE]) is None
    assert claims("At Saint-Nazaire. It is long!\n") == ["At Saint-Nazaire.", "It is long!"]
    assert claims("It costs $19.50. Then 2.5 more at 10 p.m. today.") == [
        "It costs $19.50.", "Then 2.5 more at 10 p.m.", "today."]
    assert support("the Loire rises in the Alps", PASSAGE) == pytest.approx(2 / 3)
    assert token_f1("Saint-Nazaire", "It reaches the sea at Saint-Nazaire.") == 1.0
    assert token_f1("Paris", "Lyon") == 0.0
    assert token_f1("the Atlantic Ocean", "Atlantic sea") == pytest.approx(0.5)
    assert exact_tokens("On 14 July 1789, twelve men of Paris met") == [
        "on", "14", "july", "1789", "twelve", "paris"]
    assert numbers("It is 1,006.5 km, or about one thousand") == ["1006.5", "1000"]
    assert numbers("Forty-eight arches built in May 1724, one by one") == ["48", "1724", "may"]
    assert numbers("you may see twenty-one") == ["21"]  # "may", lower case, is a verb


def test_stem_joins_inflections_and_a_possessive_and_keeps_irregular_forms_apart() -> None:
    words = ["locks", "lock's", "lock", "looking", "opens", "eggs", "stress", "fell", "fall"]
    assert [stem(w) for w in words] == [
        "lock", "lock", "lock", "look", "open", "egg", "stress", "fell", "fall"]


def test_kinds_are_dealt_in_their_shares() -> None:
    kinds = [deal(i, {"extractive": 0.6, "multi_hop": 0.2, "unanswerable": 0.2})
             for i in range(100)]
    assert (kinds.count("extractive"), kinds.count("multi_hop"),
            kinds.count("unanswerable")) == (60, 20, 20)
    assert [deal(i, {"a": 1.0, "b": 0.0}) for i in range(5)] == ["a"] * 5


def test_check_names_undefined_teachers_of_the_new_stages(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: bad\ntarget: {size: 2}\nstages:\n"
                    "  - {use: generate.red_team, target: victim}\n"
                    "  - {use: curate.archive}\n"
                    "  - {use: validate.grounded, closed_book: nobody}\n")
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert (f"{spec}:4:38: stages[0].target: teacher 'victim' is not defined under `teachers:`"
            in result.stderr)
    assert (f"{spec}:6:43: stages[2].closed_book: teacher 'nobody' is not defined under "
            "`teachers:`" in result.stderr)


@pytest.mark.parametrize(("quote", "token"), [
    ("flows 1,060 kilometres to the Atlantic at Saint-Nazaire", "1060"),  # digits swapped
    ("It rises in the Massif Central and flows 1,006 kilometres to the Pacific", "pacific"),
    ("The Loire is the longest river in Spain.", "spain"),
])
def test_a_quote_that_changes_a_number_or_a_name_is_altered(tmp_path: Path, quote: str,
                                                             token: str) -> None:
    rec = item(evidence=[quote], answer="the Atlantic")
    check, reason, passed = judge(rec, tmp_path)
    assert (check, passed) == ("validate.grounded.altered_span", False)
    assert reason.startswith(f"evidence {quote!r} says {token!r}, which its place in the "
                             "passages does not (score 9")


def test_a_number_word_changed_in_a_quote_is_altered(tmp_path: Path) -> None:
    bridge = "The old bridge at Blois stands on eleven arches of pale stone built in 1724."
    rec = item(context=[bridge], answer="eleven arches",
               evidence=["stands on twelve arches of pale stone built in 1724"])
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.altered_span",
        "evidence 'stands on twelve arches of pale stone built in 1724' says 'twelve', which "
        "its place in the passages does not (score 96)")


def test_an_answer_number_must_be_in_the_evidence_or_question(tmp_path: Path) -> None:
    rec = item(question="How far does the Loire flow?",
               answer="It flows 1,600 kilometres to the Atlantic.")
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.unsupported_number",
        "the answer's number or date '1600' is in neither the evidence nor the question")
    rec = item(question="How far does the Loire flow?", answer="1,006 kilometres")
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"
    asked = item(question="Name a town the Loire reaches after 1,006 kilometres.",
                 answer="Saint-Nazaire, after 1,006 kilometres",
                 evidence=["to the Atlantic at Saint-Nazaire"])
    assert judge(asked, tmp_path, min_support=0.0)[0] == "validate.grounded.ok"


def test_a_decimal_answer_is_one_claim(tmp_path: Path) -> None:
    fare = "A ticket from Tours to Blois costs 12.80 euros on weekdays."
    rec = item(context=[fare], question="What does a weekday ticket cost?",
               answer="It costs 12.80 euros", evidence=["costs 12.80 euros on weekdays"])
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"


def test_a_number_in_other_units_than_the_evidence_is_wrong_unit(tmp_path: Path) -> None:
    lake = "Lac de Grand-Lieu is 6,300 hectares in winter and 4 metres deep at most."
    rec = item(context=[lake], question="How deep is the lake?", answer="4 feet deep",
               evidence=["4 metres deep at most"])
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.wrong_unit",
        "the answer's '4 feet' is '4 metres' in the evidence")
    same = item(context=[lake], question="How deep is the lake?", answer="4 m deep",
                evidence=["4 metres deep at most"])
    assert judge(same, tmp_path)[0] == "validate.grounded.ok"


def test_an_answer_that_denies_its_quote_is_negated(tmp_path: Path) -> None:
    rec = item(answer="It is not true that it reaches the Atlantic at Saint-Nazaire.")
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.negated",
        "the answer says 'not', which its evidence does not: it denies what it quotes")
    contracted = item(answer="The Loire doesn\u2019t reach the Atlantic at Saint-Nazaire")
    assert judge(contracted, tmp_path)[1].startswith("the answer says \"doesn't\"")
    # "No," replying to a yes/no question is not a denial of the quote
    reply = item(question="Does the Loire reach the sea at Nantes?",
                 answer="No, at Saint-Nazaire.")
    assert judge(reply, tmp_path)[0] == "validate.grounded.ok"
    # a negation the evidence itself carries may be repeated
    dry = "The Loire is not navigable above Orleans in summer."
    kept = item(context=[dry], question="Is the Loire navigable above Orleans in summer?",
                answer="It is not navigable above Orleans in summer",
                evidence=["The Loire is not navigable above Orleans in summer."])
    assert judge(kept, tmp_path)[0] == "validate.grounded.ok"


def test_a_quote_shortened_with_an_ellipsis_is_found_part_by_part() -> None:
    text = "The Loire rises in the Massif Central, crosses Orleans and Tours, and ends at Nantes."
    whole = locate("The Loire rises ... and ends at Nantes", [text])
    assert whole == Span(0, 0, 84, 100.0)
    assert locate("The Loire rises \u2026 crosses Orleans", [text]) == Span(0, 0, 54, 100.0)
    assert locate("and ends at Nantes ... The Loire rises", [text]) is None  # out of order
    assert locate("The Loire rises ... and ends at Brest", [text]) is None
    far = "The Loire rises. " + "x " * 200 + "It ends at Nantes."
    assert locate("The Loire rises ... It ends at Nantes", [far]) is None  # a page left out


@pytest.mark.parametrize(("answer", "check", "reason"), [
    # the separator dropped, the number spelled out: the same number
    ("About 1850 people work there.", "ok", "1 evidence span(s) found"),
    ("One thousand eight hundred fifty people", "ok", "1 evidence span(s) found"),
    ("About 1860 people work there.", "unsupported_number",
     "the answer's number or date '1860' is in neither the evidence nor the question"),
    ("One thousand eight hundred people", "unsupported_number",
     "the answer's number or date '1800' is in neither the evidence nor the question"),
    # a date's month changed: a number too
    ("They have worked there since July 2020.", "unsupported_number",
     "the answer's number or date 'july' is in neither the evidence nor the question"),
    ("Since June 2020, about 1,850 people.", "ok", "1 evidence span(s) found"),
])
def test_numbers_and_months_of_the_answer_compare_as_values(tmp_path: Path, answer: str,
                                                             check: str, reason: str) -> None:
    mill = "Since June 2020 the mill at Tours employs about 1,850 people on three shifts."
    rec = item(context=[mill], question="How many people does the mill employ?", answer=answer,
               evidence=["Since June 2020 the mill at Tours employs about 1,850 people"])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{check}", reason)


MILL = ("Before the flood, the mill ground about 400 sacks of flour a week. The ferry does not "
        "run in winter, when the river is frozen. Of the 200 boats, 30 percent are ferries.")


def test_a_quote_that_turns_a_word_round_or_leaves_it_out_is_altered(tmp_path: Path) -> None:
    after = item(context=[MILL], question="How much did the mill grind after the flood?",
                 answer="About 400 sacks a week",
                 evidence=["after the flood, the mill ground about 400 sacks of flour a week"])
    assert judge(after, tmp_path)[:2] == (
        "validate.grounded.altered_span",
        "evidence 'after the flood, the mill ground about 400 sacks of flour a week' says "
        "'after', which its place in the passages does not (score 95)")
    elided = item(context=[MILL], question="Does the ferry run in winter?",
                  answer="Yes, the ferry runs in winter.",
                  evidence=["The ferry ... run in winter"])
    assert judge(elided, tmp_path)[:2] == (
        "validate.grounded.altered_span",
        "evidence 'The ferry ... run in winter' leaves out 'not', which its place in the "
        "passages says (score 100)")


def test_an_answer_that_says_the_alternative_or_another_name_is_unsupported(
        tmp_path: Path) -> None:
    shortest = item(question="What does the passage say of the Loire?",
                    answer="It is the shortest river in France.",
                    evidence=["The Loire is the longest river in France."])
    assert judge(shortest, tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer says 'shortest' where its evidence says 'longest'")
    pacific = item(answer="to the Pacific at Saint-Nazaire")
    assert judge(pacific, tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer's name 'Pacific' is in neither the evidence nor the question")
    assert judge(item(answer="To the Atlantic at Saint-Nazaire"), tmp_path)[0] == (
        "validate.grounded.ok")


def test_a_percentage_answered_as_a_count_is_a_wrong_unit(tmp_path: Path) -> None:
    count = item(context=[MILL], question="How many of the boats are ferries?",
                 answer="30 of the boats are ferries.", evidence=["30 percent are ferries"])
    assert judge(count, tmp_path)[:2] == (
        "validate.grounded.wrong_unit", "the answer's '30' is '30 percent' in the evidence")
    share = item(context=[MILL], question="What share of the boats are ferries?",
                 answer="30% are ferries", evidence=["30 percent are ferries"])
    assert judge(share, tmp_path)[0] == "validate.grounded.ok"


BRIDGE = ("The bridge joins Malm\u00f6 to Copenhagen. Its engineer was Pavel Dvo\u0159\u00e1k. "
          "The pump under it moves 1,200 litres a minute. The survey was led by Dr. Ida Holm "
          "of Lund.")


def test_a_name_without_accents_as_a_possessive_or_after_a_title_is_the_passage_s(
        tmp_path: Path) -> None:
    join = {"context": [BRIDGE], "question": "Which cities does the bridge join?",
            "evidence": ["The bridge joins Malm\u00f6 to Copenhagen"]}
    assert judge(item(**join, answer="Malmo and Copenhagen."), tmp_path)[0] == (
        "validate.grounded.ok")
    assert unsupported_name("One of Fleming’s dishes", "Alexander Fleming noticed") is None
    engineer = {"context": [BRIDGE], "question": "Who was the bridge's engineer?",
                "evidence": ["Its engineer was Pavel Dvo\u0159\u00e1k"]}
    assert judge(item(**engineer, answer="Mr. Dvorak."), tmp_path)[0] == "validate.grounded.ok"
    assert judge(item(**engineer, answer="Mr. Dvorak and Mr. Novak."), tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer's name 'Novak' is in neither the evidence nor the question")


def test_evidence_that_only_repeats_the_answer_s_name_is_unsupported(tmp_path: Path) -> None:
    founder = item(context=[BRIDGE], question="Who founded the firm?",
                   answer="Pavel Dvo\u0159\u00e1k", evidence=["Pavel Dvo\u0159\u00e1k"])
    assert judge(founder, tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the evidence only repeats the answer: it says nothing of what the question asks")
    said = item(context=["Ali had $21. He spent $5."], question="What does the passage say?",
                answer="Ali had $21", evidence=["Ali had $21."])
    assert judge(said, tmp_path)[0] == "validate.grounded.ok"


def test_an_ellipsis_that_joins_two_sentences_is_altered(tmp_path: Path) -> None:
    joined = item(context=[BRIDGE], question="How much water did Pavel Dvo\u0159\u00e1k move?",
                  answer="1,200 litres a minute",
                  evidence=["Its engineer was Pavel Dvo\u0159\u00e1k ... moves 1,200 litres a "
                            "minute"])
    assert judge(joined, tmp_path)[:2] == (
        "validate.grounded.altered_span",
        "evidence 'Its engineer was Pavel Dvo\u0159\u00e1k ... moves 1,200 litres a minute' "
        "joins two sentences of the passages with an ellipsis, as if one said it")
    titled = item(context=[BRIDGE], question="Who led the survey?", answer="Dr. Ida Holm",
                  evidence=["The survey was led by ... Ida Holm"])
    assert judge(titled, tmp_path)[0] == "validate.grounded.ok"


def test_a_rate_of_another_time_unit_is_a_wrong_unit(tmp_path: Path) -> None:
    pump = {"context": [BRIDGE], "question": "How much does the pump move?",
            "evidence": ["The pump under it moves 1,200 litres a minute"]}
    assert judge(item(**pump, answer="1,200 litres an hour"), tmp_path)[:2] == (
        "validate.grounded.wrong_unit",
        "the answer's '1200 litres an hour' is '1200 litres a minute' in the evidence")
    for answer in ("1,200 litres", "1,200 litres per minute"):
        assert judge(item(**pump, answer=answer), tmp_path)[0] == "validate.grounded.ok"


def test_a_quantity_in_another_metric_unit_is_the_evidence_s_number(tmp_path: Path) -> None:
    span = {"context": [PASSAGE], "question": "How far does the Loire flow?",
            "evidence": ["flows 1,006 kilometres to the Atlantic"]}
    assert judge(item(**span, answer="1,006,000 metres"), tmp_path)[0] == "validate.grounded.ok"
    assert judge(item(**span, answer="1.006 kilometres"), tmp_path)[:2] == (
        "validate.grounded.unsupported_number",
        "the answer's number or date '1.006' is in neither the evidence nor the question")


def test_a_multi_hop_answer_may_compute_from_two_quotes(tmp_path: Path) -> None:
    hop = {"context": ["The mill opened in 1851.", "The ferry started in 1860."],
           "question": "How many years after the mill opened did the ferry start?",
           "evidence": ["The mill opened in 1851", "The ferry started in 1860"],
           "kind": "multi_hop"}
    assert judge(item(**hop, answer="Nine years: 1851 to 1860."), tmp_path)[0] == (
        "validate.grounded.ok")
    assert judge(item(**hop, answer="Ten years: 1851 to 1860."), tmp_path)[:2] == (
        "validate.grounded.unsupported_number",
        "the answer's number or date '10' is in neither the evidence nor the question")


def test_digits_with_a_scale_word_are_read_as_their_value(tmp_path: Path) -> None:
    assert numbers("a 2 million kronor prize; 4.5 thousand riders") == ["2000000", "4500"]
    budget = {"context": ["The harbour got 3 million euros; 2.5 thousand ships dock a year."],
              "question": "What did the harbour get?",
              "evidence": ["The harbour got 3 million euros"]}
    assert judge(item(**budget, answer="3,000,000 euros"), tmp_path)[0] == (
        "validate.grounded.ok")
    assert judge(item(**budget, answer="3,500,000 euros"), tmp_path)[:2] == (
        "validate.grounded.unsupported_number",
        "the answer's number or date '3500000' is in neither the evidence nor the question")
    ships = {**budget, "question": "How many ships dock a year?",
             "evidence": ["2.5 thousand ships dock a year"]}
    assert judge(item(**ships, answer="2,500 ships a year"), tmp_path)[0] == (
        "validate.grounded.ok")


def test_a_time_in_other_units_or_a_share_in_per_cent_is_the_evidence_s(tmp_path: Path) -> None:
    ferry = {"context": ["The ferry leaves every 30 minutes; the crossing takes 15 minutes and "
                         "costs 12% more at night."],
             "question": "How often does the ferry leave?",
             "evidence": ["The ferry leaves every 30 minutes"]}
    assert judge(item(**ferry, answer="Every half hour."), tmp_path)[0] == "validate.grounded.ok"
    crossing = {**ferry, "question": "How long is the crossing?",
                "evidence": ["the crossing takes 15 minutes"]}
    assert judge(item(**crossing, answer="A quarter of an hour."), tmp_path)[0] == (
        "validate.grounded.ok")
    assert judge(item(**crossing, answer="Half an hour."), tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the claim 'Half an hour.' is not supported by the evidence (support 0.00)")
    night = {**ferry, "question": "How much more does it cost at night?",
             "evidence": ["costs 12% more at night"]}
    assert judge(item(**night, answer="Twelve per cent more."), tmp_path)[0] == (
        "validate.grounded.ok")
    assert support("Thirty-five per cent.", "cut by 35 percent") == 1.0
    assert support("1.5 million kronor", "a prize of SEK 1.5 million") == 1.0  # code and name
    assert quantities("5 per day, 35 per cent") == {"35": {"percent": "percent"}}  # not 5%


def test_a_quote_that_swaps_two_numbers_or_names_of_its_passage_is_altered(
        tmp_path: Path) -> None:
    routes = "The north route is 12 km long and the south route is 30 km long."
    rec = item(context=[routes], question="How long is the north route?", answer="30 km",
               evidence=["The north route is 30 km long and the south route is 12 km long"])
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.altered_span",
        "evidence 'The north route is 30 km long and the south route is 12 km long' gives '12' "
        "after '30', which its place in the passages gives the other way round (score 94)")
    assert reordered("Omar Diaz chaired the board and Lena Park kept the books",
                     "Lena Park chaired the board and Omar Diaz kept the books") == (
        "diaz", "lena")
    kept = item(context=[routes], question="How long is the north route?", answer="12 km",
                evidence=["the north route is 12 km long and the south route is 30 km long"])
    assert judge(kept, tmp_path)[0] == "validate.grounded.ok"


def test_a_number_bounded_otherwise_than_in_the_evidence_is_unsupported(
        tmp_path: Path) -> None:
    hall = {"context": ["The hall seats 250 people. A survey asked roughly 600 farmers."],
            "question": "How many people does the hall seat?",
            "evidence": ["The hall seats 250 people"]}
    assert judge(item(**hall, answer="More than 250 people."), tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer says 'More than 250' where its evidence says '250'")
    for answer in ("About 250 people.", "Up to 250 people.", "Exactly 250 people."):
        assert judge(item(**hall, answer=answer), tmp_path)[0] == "validate.grounded.ok"
    survey = {**hall, "question": "How many farmers did the survey ask?",
              "evidence": ["A survey asked roughly 600 farmers"]}
    assert judge(item(**survey, answer="Precisely 600 farmers."), tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer says 'Precisely 600' where its evidence says 'roughly 600'")
    assert judge(item(**hall, answer="Nearly two hundred and fifty."), tmp_path)[:2] == (
        "validate.grounded.unsupported", "the answer says 'Nearly 250' where its evidence says "
        "'250'")
    assert judge(item(**survey, answer="Nearly 600 farmers."), tmp_path)[0] == (
        "validate.grounded.ok")
    # words copied from the evidence are left to support: a clean GSM8K answer cut from it
    assert changed_bound("more than 5000 pounds", "can carry no more than 5000 pounds") is None
    assert changed_bound("over 5000 pounds", "can carry no more than 5000 pounds") == (
        "over 5000", "no more than 5000")


def test_a_no_that_denies_the_questions_verb_is_kept_and_a_denied_quote_is_not(
        tmp_path: Path) -> None:
    # the question asks "end"; the quote says "flows ... to the Atlantic": "doesn't end" is the No
    rec = item(question="Does the Loire end in a lake?",
               answer="No \u2013 it doesn't end in a lake; it flows to the Atlantic at "
                      "Saint-Nazaire.")
    assert judge(rec, tmp_path)[:2] == ("validate.grounded.ok", "1 evidence span(s) found")
    # "flows" is the quote's word: denying it denies the quote, "No" or not
    denied = item(question="Does the Loire flow to the Atlantic?",
                  answer="No, it doesn't flow to the Atlantic at Saint-Nazaire.")
    assert judge(denied, tmp_path)[:2] == (
        "validate.grounded.negated",
        "the answer says \"doesn't\", which its evidence does not: it denies what it quotes")


@pytest.mark.parametrize("answer", ["1\u202f006 km.", "1 006 kilometres to the Atlantic."])
def test_thousands_grouped_by_a_space_are_one_number(tmp_path: Path, answer: str) -> None:
    rec = item(question="How long is the Loire?", answer=answer)
    assert judge(rec, tmp_path)[:2] == ("validate.grounded.ok", "1 evidence span(s) found")


def test_an_initial_for_a_first_name_ends_no_claim(tmp_path: Path) -> None:
    rec = item(context=["The bridge was designed by Maren Holt and opened in 1931."],
               question="Who designed the bridge?", answer="M. Holt designed it.",
               evidence=["The bridge was designed by Maren Holt"])
    assert judge(rec, tmp_path)[:2] == ("validate.grounded.ok", "1 evidence span(s) found")
    other = item(context=["The bridge was designed by Maren Holt and opened in 1931."],
                 question="Who designed the bridge?", answer="M. Berg designed it.",
                 evidence=["The bridge was designed by Maren Holt"])
    assert judge(other, tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the claim 'M. Berg designed it.' is not supported by the evidence (support 0.33)")


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("30 seats, a third of the 90.", "ok", "1 evidence span(s) found"),
    ("45 seats, half of the 90.", "unsupported_number",  # the quote's share is a third
     "the answer's number or date '45' is in neither the evidence nor the question"),
    ("40 seats, a third of the 90.", "unsupported_number",
     "the answer's number or date '40' is in neither the evidence nor the question"),
])
def test_a_share_the_text_names_may_be_stated_in_figures(tmp_path: Path, answer: str,
                                                         code: str, reason: str) -> None:
    hall = "The hall has 90 seats; a third of them are in the gallery."
    rec = item(context=[hall], question="How many seats does the hall's gallery have?",
               answer=answer, evidence=[hall])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("1,006 kilometres (roughly 625 miles).", "ok", "1 evidence span(s) found"),  # 625.1
    ("1,006 kilometres (roughly 700 miles).", "unsupported_number",  # 625, not 700
     "the answer's number or date '700' is in neither the evidence nor the question"),
    ("1,006 kilometres (625 miles).", "unsupported_number",  # unhedged: no rounding
     "the answer's number or date '625' is in neither the evidence nor the question"),
])
def test_a_hedged_imperial_conversion_reads_as_the_metric_quantity(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    rec = item(question="How long is the Loire?", answer=answer)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("Just under an hour.", "ok", "1 evidence span(s) found"),  # 50 minutes
    ("A little over three quarters of an hour.", "ok", "1 evidence span(s) found"),
    ("Nearly 2,000 visitors a day.", "ok", "1 evidence span(s) found"),  # 1,870
    ("Just over an hour.", "unsupported",  # 50 minutes is under the hour
     "the claim 'Just over an hour.' is not supported by the evidence (support 0.00)"),
    ("Nearly 1,500 visitors a day.", "unsupported_number",  # 1,870 is over it
     "the answer's number or date '1500' is in neither the evidence nor the question"),
    ("Nearly 3,000 visitors a day.", "unsupported_number",  # too far to round so
     "the answer's number or date '3000' is in neither the evidence nor the question"),
    ("Roughly 1,900 a day.", "ok", "1 evidence span(s) found"),  # rounder, within 5%
    ("Roughly 1,871 visitors a day.", "unsupported_number",  # no rounder than 1,870
     "the answer's number or date '1871' is in neither the evidence nor the question"),
    ("About 2,000 visitors a day.", "unsupported_number",  # 7% off
     "the answer's number or date '2000' is in neither the evidence nor the question"),
])
def test_a_quantity_rounded_to_one_side_reads_as_the_evidence_s(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    museum = "The kiln takes 50 minutes to heat; the museum draws 1,870 visitors a day."
    rec = item(context=[museum], question="How long does the kiln take to heat, and how many "
               "visitors does the museum draw?",
               answer=answer, evidence=[museum])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("One quarter (about 25%).", "ok", "1 evidence span(s) found"),
    ("25 per cent of them.", "ok", "1 evidence span(s) found"),
    ("One in four.", "ok", "1 evidence span(s) found"),
    ("One in five.", "unsupported_number",
     "the answer's number or date '5' is in neither the evidence nor the question"),
    ("About 33% of them.", "unsupported_number",  # a third, not the quarter the quote gives
     "the answer's number or date '33' is in neither the evidence nor the question"),
])
def test_a_share_in_words_or_per_cent_reads_as_the_evidence_writes_it(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    choir = "A quarter of the choir's singers are tenors."
    rec = item(context=[choir], question="What share of the choir sings tenor?",
               answer=answer, evidence=[choir])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("250 personnes, selon la Mairie.", "ok", "1 evidence span(s) found"),
    ("300 personnes, selon la Mairie.", "unsupported_number",  # numbers are still read
     "the answer's number or date '300' is in neither the evidence nor the question"),
])
def test_an_answer_in_another_language_than_its_quote_is_read_by_its_numbers(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    hall = "The town hall seats 250 people."
    rec = item(context=[hall], question="Combien de personnes la salle des f\u00eates "
               "peut-elle accueillir ?", answer=answer, evidence=[hall])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


def test_an_english_answer_over_an_english_quote_is_still_read_word_by_word(
        tmp_path: Path) -> None:
    hall = "The town hall seats 250 people."
    rec = item(context=[hall], question="How many people does the hall seat?",
               answer="250 people, says the Mayor.", evidence=[hall])
    assert judge(rec, tmp_path)[:2] == (
        "validate.grounded.unsupported",
        "the answer's name 'Mayor' is in neither the evidence nor the question")


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("Oak and Birch.", "ok", "1 evidence span(s) found"),
    ("Only Birch.", "unsupported",
     "the answer says 'Only Birch' where its evidence says 'Oak as well as Birch'"),
    ("Birch alone.", "unsupported",
     "the answer says 'Birch alone' where its evidence says 'Oak as well as Birch'"),
])
def test_one_thing_said_to_be_the_only_one_where_the_evidence_gives_two_is_unsupported(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    yard = "Most mills cut pine. The northern mill cuts Oak as well as Birch for its buyers."
    rec = item(context=[yard], question="What does the northern mill cut for its buyers?",
               answer=answer, evidence=["The northern mill cuts ... Birch for its buyers"])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("\u00bfCu\u00e1ntas personas viven en el pueblo de Sel?", "1.200 habitantes.", "ok",
     "1 evidence span(s) found"),
    ("\u00bfCu\u00e1ntas personas viven en el pueblo de Sel?", "1.300 habitantes.",
     "unsupported_number",
     "the answer's number or date '1.3' is in neither the evidence nor the question"),
    ("Wie tief ist der Orrin-See?", "Bis zu 96 Meter.", "ok", "1 evidence span(s) found"),
])
def test_an_answer_in_another_language_is_read_as_that_language_writes_numbers(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    lakes = "Lake Orrin is 14 kilometres long and up to 96 metres deep. Sel has 1,200 residents."
    quote = "Sel has 1,200 residents" if "Sel" in question else "up to 96 metres deep"
    rec = item(context=[lakes], question=question, answer=answer, evidence=[quote])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("By how much did the herd grow from 2019 to 2024?", "By 35 cows, from 85 to 120.", "ok",
     "1 evidence span(s) found"),
    ("By how much did the herd grow from 2019 to 2024?", "By 45 cows.", "unsupported_number",
     "the answer's number or date '45' is in neither the evidence nor the question"),
    ("How many cows did the farm have in 2024?", "35 cows.", "unsupported_number",
     "the answer's number or date '35' is in neither the evidence nor the question"),
])
def test_a_question_that_asks_a_change_may_be_answered_with_a_difference(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    herd = "The farm's herd went from 85 cows in 2019 to 120 cows in 2024."
    rec = item(context=[herd], question=question, answer=answer, evidence=[herd])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("By 20%.", "ok", "1 evidence span(s) found"),
    ("Roughly a fifth.", "ok", "1 evidence span(s) found"),
    ("By 25%.", "unsupported_number",
     "the answer's number or date '25' is in neither the evidence nor the question"),
])
def test_a_fifth_and_a_hedge_read_as_the_evidence_s_share(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    shop = "Sales fell by a fifth in the fifth year."
    rec = item(context=[shop], question="By how much did sales fall?", answer=answer,
               evidence=[shop])
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)
