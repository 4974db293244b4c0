"""validate.grounded keeps right answers written in another form than their evidence: a unit's
power sign for its words, a table's header row (seen round after issue 22's probe J)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from synthloop.records import Lineage, Record
from synthloop.stages import StageContext
from synthloop.validate.grounded import Grounded, GroundedParams

LAKE = ("Lake Orrin covers 3.5 square kilometres and holds 0.04 cubic kilometres of water. Its "
        "ferry leaves at 7:30 and the crossing takes 1:05:20 in calm weather.")


def verdict(question: str, answer: str, evidence: list[str], tmp_path: Path,
            kind: str = "extractive", context: list[str] | None = None) -> tuple[str, str]:
    record = Record(id="r", data={"question": question, "answer": answer, "evidence": evidence,
                                  "context": context or [LAKE], "kind": kind},
                    lineage=Lineage(spec_hash="s", stage="g", recipe="t"))
    ctx = StageContext(spec_hash="s", stage="validate.grounded", stage_index=1, seed=0,
                       run_dir=tmp_path, teachers={})
    asyncio.run(Grounded(GroundedParams()).process([record], ctx))
    return record.verdicts[-1].check.rsplit(".", 1)[1], record.verdicts[-1].reason


def test_a_power_sign_says_square_or_cubic(tmp_path: Path) -> None:
    quote = ["Lake Orrin covers 3.5 square kilometres"]
    assert verdict("How large is Lake Orrin?", "3.5 km2", quote, tmp_path)[0] == "ok"
    assert verdict("How large is Lake Orrin?", "About 3.5 km\u00b2.", quote, tmp_path)[0] == "ok"
    volume = ["holds 0.04 cubic kilometres of water"]
    assert verdict("How much water is in it?", "0.04 km\u00b3", volume, tmp_path)[0] == "ok"
    assert verdict("How much water is in it?", "0.4 km\u00b3", volume, tmp_path) == (
        "unsupported_number", "the answer's number or date '0.4' is in neither the evidence nor "
        "the question")


def test_a_time_in_another_form_is_the_evidences(tmp_path: Path) -> None:
    ferry = ["Its ferry leaves at 7:30"]
    assert verdict("When does the ferry leave?", "At 7:30 a.m.", ferry, tmp_path)[0] == "ok"
    assert verdict("N\u00e5r g\u00e5r ferja?", "Klokka 07.30.", ferry, tmp_path)[0] == "ok"
    crossing = ["the crossing takes 1:05:20 in calm weather"]
    assert verdict("How long is the crossing?", "1 hr 5 min 20 sec.", crossing,
                   tmp_path)[0] == "ok"
    assert verdict("How long is the crossing?", "1 hour and 5.2 minutes.", crossing,
                   tmp_path) == ("unsupported_number", "the answer's number or date '5.2' is "
                                 "in neither the evidence nor the question")


def test_a_tables_header_row_claims_nothing(tmp_path: Path) -> None:
    quote = ["Lake Orrin covers 3.5 square kilometres and holds 0.04 cubic kilometres of water"]
    table = "| area | volume |\n| :-- | --: |\n| 3.5 sq kilometres | 0.04 cubic kilometres |"
    assert verdict("What are its area and volume?", table, quote, tmp_path)[0] == "ok"
    wrong = table.replace("| 3.5 sq kilometres |", "| reed marsh and bog |")
    assert verdict("What are its area and volume?", wrong, quote, tmp_path) == (
        "unsupported", "the claim '| reed marsh and bog | 0.04 cubic kilometres |' is not "
        "supported by the evidence (support 0.50)")


def test_a_result_shown_with_its_operands_is_checked_arithmetic(tmp_path: Path) -> None:
    ferry = ["Of the 240 seats on the ferry, 185 were sold"]
    sold = ["Of the 240 seats on the ferry, 185 were sold on Sunday."]

    def judged(answer: str) -> tuple[str, str]:
        return verdict("How many seats were left?", answer, ferry, tmp_path, context=sold)

    assert judged("55 seats (240 - 185 sold).")[0] == "ok"
    assert judged("55 seats.") == ("unsupported_number", "the answer's number or date '55' is "
                                   "in neither the evidence nor the question")
    assert judged("65 seats (240 - 185 sold).") == (
        "unsupported_number", "the answer's number or date '65' is in neither the evidence nor "
        "the question")


def test_a_share_in_words_counts_no_things(tmp_path: Path) -> None:
    museum = "The Harbour museum counts 90,000 visitors a year, three quarters of them tourists."
    quote = ["The Harbour museum counts 90,000 visitors a year, three quarters of them tourists"]

    def judged(answer: str) -> tuple[str, str]:
        return verdict("What share of the Harbour museum's visitors are tourists?", answer,
                       quote, tmp_path, context=[museum])

    assert judged("About 75% (three quarters).")[0] == "ok"
    assert judged("Three quarters.")[0] == "ok"
    assert judged("About 75% (two quarters).") == (
        "unsupported_number", "the answer's number or date '2' is in neither the evidence nor "
        "the question")


def test_a_retelling_with_the_asked_claims_number_may_name_the_next_claim(tmp_path: Path) -> None:
    mill = ("The Brekk mill ground grain for 200 years; since 1990 it has housed the Lind "
            "museum.")
    quote = [mill.rstrip(".")]

    def judged(answer: str) -> tuple[str, str]:
        return verdict("What did the Brekk mill do?", answer, quote, tmp_path, context=[mill])

    assert judged("It ground grain for 200 years, and since 1990 it has been home to the Lind "
                  "museum.")[0] == "ok"
    assert judged("It housed the Lind museum.") == (
        "unsupported", "the answer's 'lind' is in another claim of its evidence ('since 1990 it "
        "has housed the Lind museum') than the one the question asks about ('The Brekk mill "
        "ground grain for 200 years')")


def test_a_direction_turned_round_in_a_quote_or_an_answer(tmp_path: Path) -> None:
    weir = "The weir stands 3 kilometres downriver of the mill, on the outbound road."
    assert verdict("Where is the weir?", "3 kilometres upriver of the mill.",
                   ["The weir stands 3 kilometres upriver of the mill"], tmp_path,
                   context=[weir]) == (
        "altered_span", "evidence 'The weir stands 3 kilometres upriver of the mill' says "
        "'upriver', which its place in the passages does not (score 92)")
    assert verdict("Which road is the weir on?", "The inbound road.",
                   ["on the outbound road"], tmp_path, context=[weir]) == (
        "unsupported", "the answer says 'inbound' where its evidence says 'outbound'")


def test_a_value_its_evidence_says_was_replaced(tmp_path: Path) -> None:
    shop = "The bakery pushed its opening from 7:30 to 6:45 and raised its price from 3 to 4 euros."
    quote = ["The bakery pushed its opening from 7:30 to 6:45"]

    def judged(question: str, answer: str) -> tuple[str, str]:
        return verdict(question, answer, quote, tmp_path, context=[shop])

    assert judged("When does the bakery open?", "At 7:30.") == (
        "unsupported", "the answer gives 7:30, which its evidence says was replaced ('The "
        "bakery pushed its opening from ... to 6:45'); it holds 6:45 now")
    assert judged("When does the bakery open?", "At 6:45.")[0] == "ok"
    assert judged("When did the bakery open at first?", "At 7:30.")[0] == "ok"
    assert judged("When does the bakery open?", "At 6:45 (from 7:30).")[0] == "ok"


def test_a_share_given_for_the_rest_the_question_asks_of(tmp_path: Path) -> None:
    fleet = "The town runs 40 buses, a quarter of them electric."
    quote = ["The town runs 40 buses, a quarter of them electric"]

    def judged(question: str, answer: str) -> tuple[str, str]:
        return verdict(question, answer, quote, tmp_path, context=[fleet])

    assert judged("What share of the buses don't run on electricity?", "About 25%.") == (
        "unsupported", "the question asks of the rest of what its evidence gives as 'a "
        "quarter'; the answer's 'a quarter' is that share, not the rest")
    assert judged("What share of the buses are electric?", "About 25%.")[0] == "ok"


def test_one_part_given_for_the_whole_asked(tmp_path: Path) -> None:
    farm = ("The farm's old barns store 900 tonnes of hay; a new shed, built in 2019, stores "
            "another 150 tonnes.")
    quote = [farm.rstrip(".")]

    def judged(question: str, answer: str) -> tuple[str, str]:
        return verdict(question, answer, quote, tmp_path, context=[farm])

    assert judged("How much hay can the farm store in all?", "900 tonnes.") == (
        "unsupported", "the question asks for a whole, and the answer's 900 tonnes is one part "
        "of it (\"The farm's old barns store ... tonnes of hay;\"): its evidence adds 150 "
        "tonnes ('stores another ... tonnes')")
    assert judged("How much hay can the old barns store?", "900 tonnes.")[0] == "ok"
    assert judged("How much hay can the farm store in all?",
                  "1,050 tonnes (900 + 150).")[0] == "ok"
