"""validate.tool_names: a thing a tool-use reply names must be one the results or calls give,
and an owner it gives a thing must be the one the results give it; read from results of other
domains than the built-in environments (lab samples, library members)."""

from __future__ import annotations

from typing import Any

from synthloop.envs import Call, Task, load_environment
from synthloop.validate.tool_facts import facts
from synthloop.validate.tool_names import Seen, misnamed, misowned, unlooked
from tests.validate.test_tool_use import one_turn_in_order, record, verdicts

SAMPLE = {"sample_id": "LB-12", "test": "ferritin", "value": 48}
MEMBERS = [{"member_id": "MB-1", "name": "Ines"}, {"member_id": "MB-2", "name": "Tomas"}]
FINES = {"member_id": "MB-2", "fines": 3}
NOTHING = Seen("", ())


def known(*results: Any) -> Any:
    return facts([(result, False, {}) for result in results])


def test_a_value_stated_of_an_id_no_result_names_is_unlooked() -> None:
    assert unlooked("LB-12 shows ferritin at 48.", known(SAMPLE), NOTHING) is None
    assert unlooked("LB-13 was not found; LB-12 shows 48.", known(SAMPLE), NOTHING) is None
    assert unlooked("Sample LB-13 shows ferritin at 48.", known(SAMPLE), NOTHING) == (
        "the reply states 48 of LB-13 ('Sample LB-13 shows ferritin at 48'), which no tool "
        "result or call names; LB-12 holds 48")


def test_an_unknown_id_before_a_colon_is_said_of_what_follows() -> None:
    assert unlooked("LB-13: ferritin 48.", known(SAMPLE), NOTHING) == (
        "the reply states 48 of LB-13 ('LB-13: ferritin 48'), which no tool result or call "
        "names; LB-12 holds 48")


def test_an_id_of_another_scheme_is_not_judged() -> None:
    assert unlooked("LB-12 shows 48, as in study COVID-19.", known(SAMPLE), NOTHING) is None


def test_a_thing_given_to_another_owner_is_misowned() -> None:
    members = known(MEMBERS)
    assert misowned("Ines's card is MB-1 and Tomas's is MB-2.", members, NOTHING) is None
    assert misowned("Ines's card is MB-2.", members, NOTHING) == (
        "wrong_association", "the reply gives MB-2 to Ines (\"Ines's card is MB-2\"); the tool "
        "results give Ines MB-1 and MB-2 to Tomas")


def test_an_owner_no_tool_gave_is_misowned_unless_it_opens_the_sentence() -> None:
    fines, asked = known(FINES), Seen("How much does MB-2 owe?", ())
    assert misowned("As asked, Paula's MB-2 owes $3.", fines, asked) == (
        "no_tool_evidence", "the reply gives MB-2 to Paula (\"Paula's MB-2\"), whom no tool "
        "result, call or request names")
    assert misowned("As asked, Paula's MB-2 owes $3.", fines,
                    Seen("What does Paula owe?", ())) is None
    assert misowned("Today's MB-2 fines: $3.", fines, asked) is None


def test_the_stage_rejects_a_stock_read_from_another_lookup() -> None:
    """Wired into validate.tool_use (shop seed 0): only SKU-1 is looked up."""
    shop = load_environment("shop")
    lookup = Call("get_product", {"sku": "SKU-1"})
    task = Task("How much does SKU-2 cost?", "single", [[Call("get_product", {"sku": "SKU-2"})]])
    rec = record(task, one_turn_in_order(shop, [lookup]), "SKU-2 costs $24.", shop)
    assert verdicts(rec)[-1] == ("no_tool_evidence", False)
    assert rec.status_reason == ("the reply states 24 of SKU-2 ('SKU-2 costs $24'), which no tool "
                                 "result or call names; Desk lamp (SKU-1) holds 24")


BOOKS = [{"book_id": "BK-1", "title": "Dune"}, {"book_id": "BK-2", "title": "Emma"}]


def test_a_name_set_beside_an_id_must_be_the_one_the_results_give_it() -> None:
    books = known(BOOKS)
    for right in ("Renewed Dune (BK-1).", "Renewed BK-2 (Emma) and BK-1.",
                  "Both loans renewed: BK-1, the Dune copy."):
        assert misnamed(right, books, NOTHING) is None
    assert misnamed("You renewed Emma (BK-1).", books, NOTHING) == (
        "wrong_association", "the reply names BK-1 Emma ('Emma (BK-1)'); the tool results give "
        "Emma to BK-2 and BK-1 to Dune")


def test_a_name_no_result_call_or_request_gives_is_no_evidence() -> None:
    returned = known({"returned": "BK-7"})
    assert misnamed("Returned BK-7, your Ulysses copy.", returned, Seen("Return BK-7.", ())) == (
        "no_tool_evidence", "the reply names BK-7 'Ulysses copy' ('BK-7, your Ulysses copy'); "
        "no tool result, call or request gives that name")
    assert misnamed("Returned BK-7, your Ulysses copy.", returned,
                    Seen("Return Ulysses (BK-7).", ())) is None
    assert misnamed("Returned the book (BK-7).", returned, Seen("Return BK-7.", ())) is None


def test_a_name_the_environment_ties_to_the_id_is_no_invention() -> None:
    """A true owner or title that only the environment's state holds (the results never gave
    it) is kept; a false one is not."""
    state = {"members": {"MB-2": {"name": "Paula", "fines": 3}}}
    fines = known(FINES)
    assert misowned("As asked, Paula's MB-2 owes $3.", fines, Seen("", (state,))) is None
    assert misowned("As asked, Rosa's MB-2 owes $3.", fines, Seen("", (state,))) == (
        "no_tool_evidence", "the reply gives MB-2 to Rosa (\"Rosa's MB-2\"), whom no tool "
        "result, call or request names")


def test_an_owner_set_after_an_id_is_that_ids_owner() -> None:
    members = known(MEMBERS)
    assert misnamed("Card MB-2, Tomas's, is active.", members, NOTHING) is None
    assert misnamed("Card MB-2, Ines's, is active.", members, NOTHING) == (
        "wrong_association", "the reply names MB-2 Ines (\"MB-2, Ines's\"); the tool results "
        "give Ines to MB-1 and MB-2 to Tomas")


def test_a_sentences_first_word_is_an_owner_where_the_environment_knows_the_name() -> None:
    state = {"members": {"MB-1": {"name": "Ines"}, "MB-2": {"name": "Tomas"}}}
    fines = known(FINES)
    assert misowned("Today's MB-2 fines: $3.", fines, Seen("", (state,))) is None
    assert misowned("Tomas's MB-2 owes $3.", fines, Seen("", (state,))) is None
    assert misowned("Ines's MB-2 owes $3.", fines, Seen("", (state,))) == (
        "no_tool_evidence", "the reply gives MB-2 to Ines (\"Ines's MB-2\"), whom no tool "
        "result, call or request names")


def test_a_value_of_a_name_only_the_environment_holds_is_unlooked() -> None:
    state = {"samples": {"LB-12": {"patient": "Noor", "value": 48},
                         "LB-14": {"patient": "Ravi", "value": 48}}}
    sample = known(SAMPLE)
    assert unlooked("Noor's LB-12 shows 48.", sample, Seen("Noor", (state,))) is None
    assert unlooked("Ravi's ferritin is 48.", sample, Seen("LB-12", (state,))) == (
        "the reply states 48 of Ravi (\"Ravi's ferritin is 48\"), which no tool result or call "
        "names; LB-12 holds 48")
    assert unlooked("Ravi's ferritin is 48.", sample, Seen("How is Ravi?", (state,))) is None
    assert unlooked("Noor's ferritin is 48.", sample, Seen("LB-12", (state,))) is None


def test_an_id_said_to_belong_to_a_name_or_named_before_it_is_checked() -> None:
    members = known(MEMBERS)
    assert misnamed("MB-2 belongs to Tomas; Ines, MB-1, owes nothing.", members, NOTHING) is None
    assert misnamed("MB-2 belongs to Ines.", members, NOTHING) == (
        "wrong_association", "the reply names MB-2 Ines ('MB-2 belongs to Ines'); the tool "
        "results give Ines to MB-1 and MB-2 to Tomas")
    assert misnamed("Your card, as asked, Ines, MB-2, is active.", members, NOTHING) == (
        "wrong_association", "the reply names MB-2 Ines ('Ines, MB-2'); the tool results give "
        "Ines to MB-1 and MB-2 to Tomas")


def test_a_name_sharing_a_word_with_a_looked_up_one_is_still_unlooked() -> None:
    """"Iron panel" shares only a word with the "Iron" the results give."""
    state = {"tests": {"LB-1": {"name": "Iron", "value": 90},
                       "LB-2": {"name": "Iron panel", "value": 48}}}
    iron = known({"test_id": "LB-1", "name": "Iron", "value": 90})
    assert unlooked("The Iron panel reads 90.", iron, Seen("LB-1", (state,))) == (
        "the reply states 90 of Iron panel ('The Iron panel reads 90'), which no tool result "
        "or call names; Iron (LB-1) holds 90")
