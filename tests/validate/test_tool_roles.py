"""validate.tool_roles: a value or thing a tool-use reply states in a role (start, end, rate,
from, to) must sit in a field of that role, read from results of other domains than the
built-in environments (flights, library loans, a savings account, a book moved between
branches)."""

from __future__ import annotations

from typing import Any

import pytest

from synthloop.envs import Call, Task, load_environment
from synthloop.validate.tool_facts import facts
from synthloop.validate.tool_roles import misanswered, misroled, role_of_key
from tests.validate.test_tool_use import one_turn_in_order, record, verdicts

FLIGHT = {"flight": "FL-204", "departure": "09:10", "arrival": "11:25"}
LOAN = {"loan_id": "LN-7", "title": "Dune", "borrowed_on": "2026-02-20",
        "due_date": "2026-03-06"}
SAVINGS_ARGS = {"account_id": "SV-3", "rate_percent": 1.5}
SAVINGS = {"account_id": "SV-3", "balance": 406}
MOVE_ARGS = {"book_id": "BK-12", "from_branch": "North", "to_branch": "Harbour"}


def judged(reply: str, calls: list[tuple[str, Any, dict[str, Any]]]) -> str | None:
    """misroled over literal calls: (tool name, result, arguments)."""
    known = facts([(result, False, args) for _, result, args in calls])
    sources = [(f"{name}'s {what}", source) for name, result, args in calls
               for what, source in (("arguments", args), ("result", result))]
    return misroled(reply, known, sources)


@pytest.mark.parametrize(("key", "role"), [
    ("departure_time", "start"), ("due_date", "end"), ("rate_percent", "rate"),
    ("from_branch", "from"), ("destination", "to"), ("borrowed_on", None),
    ("unit_price", "price"), ("stock", "stock"), ("total", "total"), ("total_price", None)])
def test_a_fields_key_names_its_role(key: str, role: str | None) -> None:
    assert role_of_key(key) == role


@pytest.mark.parametrize("reply", [
    "FL-204 departs at 09:10 and lands at 11:25.", "FL-204 at 09:10, arriving 11:25.",
    "FL-204 leaves 09:10; you are free at 11:25.", "FL-204: 09:10\u201311:25."])
def test_times_said_in_their_own_roles_pass(reply: str) -> None:
    assert judged(reply, [("get_flight", FLIGHT, {"flight": "FL-204"})]) is None


@pytest.mark.parametrize("reply", ["FL-204 departs at 11:25.", "FL-204 at 11:25."])
def test_an_arrival_given_as_the_departure_is_misroled(reply: str) -> None:
    assert judged(reply, [("get_flight", FLIGHT, {"flight": "FL-204"})]) == (
        f"the reply gives 11:25 as FL-204's start ({reply.rstrip('.')!r}); the tool results and "
        "calls give 11:25 as its arrival and its departure as 09:10")


def test_a_loan_date_given_as_the_due_date_is_misroled() -> None:
    calls = [("get_loan", LOAN, {"loan_id": "LN-7"})]
    assert judged("Dune is due on 2026-03-06 (borrowed 2026-02-20).", calls) is None
    assert judged("Dune is due on 2026-02-20.", calls) == (
        "the reply gives 2026-02-20 as Dune's end ('Dune is due on 2026-02-20'); the tool "
        "results and calls give 2026-02-20 as its borrowed_on and its due_date as 2026-03-06")


def test_a_rate_no_call_applied_is_misroled() -> None:
    calls = [("add_interest", SAVINGS, SAVINGS_ARGS)]
    assert judged("Added 1.5 % interest; SV-3 now has $406.", calls) is None
    assert judged("Added 15% interest; SV-3 now has $406.", calls) == (
        "the reply gives 15 as the rate ('Added 15% interest'); the tool results and calls "
        "give it in no field, and give its rate_percent as 1.5")


def test_a_move_between_two_places_turned_round_is_misroled() -> None:
    calls = [("move_book", {"moved": "BK-12"}, MOVE_ARGS)]
    assert judged("Moved BK-12 from the North branch to Harbour.", calls) is None
    assert judged("Moved BK-12 from Harbour to North.", calls) == (
        "the reply says from Harbour ('Moved BK-12 from Harbour to North'); move_book's "
        "arguments give Harbour as to_branch and North as from_branch")


def test_a_round_trip_names_each_place_on_both_sides() -> None:
    legs = [("book", {"booked": "BK-1"}, {"origin": "OSL", "destination": "BER"}),
            ("book", {"booked": "BK-2"}, {"origin": "BER", "destination": "OSL"})]
    assert judged("Booked OSL to BER and back from BER to OSL.", legs) is None


def test_the_stage_rejects_an_end_given_as_a_start_and_a_transfer_turned_round() -> None:
    """Wired into validate.tool_use (calendar seed 0: EV-5 Budget review 11:00-12:00 on
    2026-03-03; bank seed 0)."""
    calendar = load_environment("calendar")
    listing = Call("list_events", {"date": "2026-03-03"})
    day = Task("When does my Budget review on 2026-03-03 begin?", "single", [[listing]],
               answer=["11:00"])
    turns = one_turn_in_order(calendar, [listing])
    right = record(day, turns, "Your Budget review begins at 11:00 and ends at 12:00.",
                   calendar)
    assert verdicts(right)[-1] == ("execution_ok", True)
    ended = record(day, turns, "It is at 11:00: your Budget review ends at 11:00 and begins "
                   "at 12:00.", calendar)
    assert verdicts(ended)[-1] == ("wrong_association", False)
    assert ended.status_reason.startswith("the reply gives 11:00 as Budget review's end")
    send = Call("transfer", {"from_account": "ACC-1004", "to_account": "ACC-1001", "amount": 25})
    pay = Task("Send $25 from ACC-1004 to ACC-1001.", "single", [[send]])
    bank = load_environment("bank")
    back = record(pay, one_turn_in_order(bank, [send]), "Done: $25 went into ACC-1004 out of "
                  "ACC-1001.", bank)
    assert verdicts(back)[-1] == ("wrong_association", False)
    assert back.status_reason == (
        "the reply says to ACC-1004 ('$25 went into ACC-1004 out of ACC-1001'); "
        "transfer's arguments give ACC-1004 as from_account and ACC-1001 as to_account")


def test_a_thing_listed_under_a_day_its_results_do_not_give_it_is_misdated() -> None:
    flights = [{"flight": "FL-204", "date": "2026-05-02", "departure": "09:10"},
               {"flight": "FL-310", "date": "2026-05-03", "departure": "07:45"}]
    calls = [("search_flights", flights, {"origin": "OSL"})]
    assert judged("On 2026-05-02 you fly FL-204 at 09:10.", calls) is None
    assert judged("On 2026-05-02 you fly FL-204; FL-310 goes on 2026-05-03.", calls) is None
    assert judged("2026-05-02:\n- FL-204 at 09:10\n- FL-310 at 07:45", calls) == (
        "the reply lists FL-310 under 2026-05-02 ('2026-05-02:\\n- FL-204 at 09:10\\n- FL-310 "
        "at 07:45'); the tool results give FL-310 the day 2026-05-03")


def test_a_gap_to_a_thing_must_be_the_gap_between_the_two() -> None:
    tests = [{"test_id": "LB-1", "name": "Ferritin", "value": 48, "upper": 150},
             {"test_id": "LB-2", "name": "Zinc", "value": 60, "upper": 120},
             {"test_id": "LB-3", "name": "Iron", "value": 90, "upper": 170}]
    calls = [("list_tests", tests, {"patient": "P-4"})]
    assert judged("Ferritin is 48, 12 lower than Zinc.", calls) is None
    assert judged("Zinc is at 60, so 30 units below the Iron reading.", calls) is None
    assert judged("Ferritin is 48, 42 lower than Zinc.", calls) == (
        "the reply gives 42 as the gap between Ferritin and Zinc ('42 lower than Zinc'); the "
        "tool results give them upper 150 and 120 (30 apart), value 48 and 60 (12 apart)")


def test_a_thing_said_to_have_none_of_a_field_it_holds_is_misroled() -> None:
    flights = [{"flight": "FL-204", "seats": 3}, {"flight": "FL-310", "seats": 0}]
    calls = [("search_flights", flights, {"origin": "OSL"})]
    assert judged("FL-310 has no seats left; FL-204 has 3.", calls) is None
    assert judged("FL-204 is not sold out: 3 seats.", calls) is None
    assert judged("FL-204 has no seats left.", calls) == (
        "the reply says FL-204 has no seats ('no seats left'); the tool results give its seats "
        "as 3")
    assert judged("Sorry, FL-204 is sold out.", calls) == (
        "the reply says FL-204 has no seats ('sold out'); the tool results give its seats as 3")


def test_a_name_alone_answering_the_requests_comparison_must_be_the_one_it_picks() -> None:
    fares = [{"flight": "FL-204", "fare": 180}, {"flight": "FL-310", "fare": 145}]
    known = facts([(fares, False, {"origin": "OSL"})])
    ask = "Which is cheaper, FL-204 or FL-310?"
    for right in ("FL-310, at $145 against $180.", "It's FL-310.",
                  "FL-204 costs $180 and FL-310 $145.", "FL-204 is dearer, so book FL-310."):
        assert misanswered(ask, right, known) is None
    assert misanswered(ask, "FL-204 - $180, against $145 for FL-310.", known) == (
        "the request's 'cheaper' compares the fare; the reply answers FL-204 ('FL-204'), but the "
        "tool results give FL-204 180 and FL-310 145: it picks FL-310")


def test_the_stage_reads_a_gap_as_a_gap_not_as_the_value_of_the_thing_after_it() -> None:
    """Shop seed 0: Kettle $35, Desk lamp $24 (11 apart), Stapler $11, Notebook $6."""
    shop = load_environment("shop")
    searches = [Call("search_products", {"category": "home"}),
                Call("search_products", {"category": "office"})]
    task = Task("How do the Kettle and the Desk lamp compare in price?", "parallel", [searches])
    turns = one_turn_in_order(shop, searches)
    right = record(task, turns, "The Kettle costs $35, $11 more than the Desk lamp.", shop)
    assert verdicts(right)[-1] == ("execution_ok", True)
    wrong = record(task, turns, "The Kettle costs $35, $6 more than the Desk lamp.", shop)
    assert verdicts(wrong)[-1] == ("wrong_association", False)
    assert wrong.status_reason == (
        "the reply gives 6 as the gap between Kettle and Desk lamp ('$6 more than the Desk "
        "lamp'); the tool results give them price 35 and 24 (11 apart), stock 6 and 6 (0 apart)")


def test_a_table_header_says_its_columns_role() -> None:
    calls = [("get_flight", FLIGHT, {"flight": "FL-204"})]
    table = "Your flight:\n\n| flight | departs | arrives |\n|---|---|---|\n| FL-204 | {} | {} |"
    assert judged(table.format("09:10", "11:25"), calls) is None
    assert judged(table.format("11:25", "09:10"), calls) == (
        "the reply gives 11:25 as FL-204's start ('flight FL-204 departs 11:25 arrives 09:10'); "
        "the tool results and calls give 11:25 as its arrival and its departure as 09:10")
    moved = [("move_book", {"moved": "BK-12"}, MOVE_ARGS)]
    assert judged("| from | to |\n|---|---|\n| North | Harbour |", moved) is None
    assert judged("| from | to |\n|---|---|\n| Harbour | North |", moved) == (
        "the reply says from Harbour ('from Harbour to North'); move_book's arguments give "
        "Harbour as to_branch and North as from_branch")


def test_a_thing_that_sends_or_receives_has_that_role() -> None:
    moved = [("move_book", {"moved": "BK-12"}, MOVE_ARGS)]
    assert judged("North sent BK-12 to Harbour, which received it.", moved) is None
    assert judged("Harbour sent BK-12 to North.", moved) == (
        "the reply says from Harbour ('Harbour sent BK-12 to North'); move_book's arguments give "
        "Harbour as to_branch and North as from_branch")
    assert judged("North received BK-12.", moved) == (
        "the reply says to North ('North received BK-12'); move_book's arguments give North as "
        "from_branch and Harbour as to_branch")


def test_from_is_a_start_only_right_after_a_thing() -> None:
    calls = [("get_flight", FLIGHT, {"flight": "FL-204"})]
    assert judged("FL-204 from 09:10 to 11:25; you are free from 11:25.", calls) is None
    assert judged("FL-204 from 11:25.", calls) == (
        "the reply gives 11:25 as FL-204's start ('FL-204 from 11:25'); the tool results and "
        "calls give 11:25 as its arrival and its departure as 09:10")


@pytest.mark.parametrize("heading", ["Saturday 2 May:", "On May 2nd", "Saturday:", "2 May -"])
def test_a_day_heading_may_be_written_in_words(heading: str) -> None:
    """2026-05-02 is a Saturday; FL-310 flies on Sunday 2026-05-03."""
    flights = [{"flight": "FL-204", "date": "2026-05-02", "departure": "09:10"},
               {"flight": "FL-310", "date": "2026-05-03", "departure": "07:45"}]
    calls = [("search_flights", flights, {"origin": "OSL"})]
    assert judged(f"{heading} FL-204 at 09:10.", calls) is None
    assert judged(f"{heading} FL-204 at 09:10 and FL-310 at 07:45.", calls) == (
        f"the reply lists FL-310 under {heading.removeprefix('On ').rstrip(':- ')} "
        f"('{heading} FL-204 at 09:10 and FL-310 at 07:45.'); the tool results give FL-310 the "
        "day 2026-05-03")


def test_an_arrow_gives_its_two_sides_from_and_to() -> None:
    moved = [("move_book", {"moved": "BK-12"}, MOVE_ARGS)]
    assert judged("BK-12: North -> Harbour.", moved) is None
    assert judged("BK-12: Harbour \u2192 North.", moved) == (
        "the reply says from Harbour ('BK-12: Harbour \u2192 North'); move_book's arguments "
        "give Harbour as to_branch and North as from_branch")


def test_a_role_noun_after_a_value_gives_its_role() -> None:
    calls = [("get_flight", FLIGHT, {"flight": "FL-204"})]
    assert judged("FL-204: 09:10 departure, 11:25 arrival.", calls) is None
    assert judged("FL-204: 11:25 departure.", calls) == (
        "the reply gives 11:25 as FL-204's start ('FL-204: 11:25 departure'); the tool results "
        "and calls give 11:25 as its arrival and its departure as 09:10")


@pytest.mark.parametrize("said", ["has none left", "is unavailable"])
def test_none_left_and_unavailable_say_a_stock_of_nothing(said: str) -> None:
    flights = [{"flight": "FL-204", "seats": 3}]
    calls = [("search_flights", flights, {"origin": "OSL"})]
    assert judged(f"FL-204 {said}.", calls) == (
        f"the reply says FL-204 has no seats ({said.split(' ', 1)[1]!r}); the tool results give "
        "its seats as 3")


def test_a_day_a_clause_names_is_a_day_of_the_things_before_it() -> None:
    """2026-05-02 is a Saturday."""
    calls = [("book_flight", {"booking": "BK-3"}, {"flight": "FL-204", "date": "2026-05-02"})]
    assert judged("Booked FL-204 (BK-3) for Saturday 2 May.", calls) is None
    assert judged("Booked FL-204 (BK-3) for Sunday 3 May.", calls) == (
        "the reply gives FL-204 and BK-3 the day Sunday 3 May ('Booked FL-204 (BK-3) for "
        "Sunday 3 May'); the tool results and calls give 2026-05-02")


PRODUCT = {"sku": "PR-4", "name": "Tent", "price": 120, "stock": 3}
ORDER_ARGS = {"sku": "PR-4", "quantity": 2}
ORDER = {"order_id": "OR-9", "sku": "PR-4", "quantity": 2, "total": 240}
RESTOCK = {"sku": "PR-4", "stock": 7}


@pytest.mark.parametrize(("reply", "calls"), [
    ("The Tent is priced at $120 with 3 in stock.", [("get_product", PRODUCT, {"sku": "PR-4"})]),
    ("Tent: $120, 3 units on hand.", [("get_product", PRODUCT, {"sku": "PR-4"})]),
    ("OR-9: 2 tents, the total comes to $240.", [("place_order", ORDER, ORDER_ARGS)]),
    ("The Tent is $120; total price $240 for 2 (OR-9).",  # "total price" is a total
     [("get_product", PRODUCT, {"sku": "PR-4"}), ("place_order", ORDER, ORDER_ARGS)]),
    ("Both of the 2 tents you wanted are in stock; the total is $240.",
     [("place_order", ORDER, ORDER_ARGS)]),
    ("Restocked 4 tents; 7 are now in stock.", [("restock", RESTOCK, {"sku": "PR-4",
                                                                      "quantity": 4})]),
])
def test_a_price_a_stock_and_a_total_in_their_fields_pass(
        reply: str, calls: list[tuple[str, Any, dict[str, Any]]]) -> None:
    assert judged(reply, calls) is None


@pytest.mark.parametrize(("reply", "calls", "reason"), [
    ("The Tent: 120 in stock, priced at $3.", [("get_product", PRODUCT, {"sku": "PR-4"})],
     "the reply gives 120 as Tent's stock ('The Tent: 120 in stock'); the tool results and "
     "calls give 120 as its price and its stock as 3"),
    # said of no thing named: of the one thing with a total, the order
    ("Ordered 2 tents; the total comes to $2.", [("place_order", ORDER, ORDER_ARGS)],
     "the reply gives 2 as OR-9's total ('the total comes to $2'); the tool results and calls "
     "give 2 as its quantity and its total as 240"),
    ("Restocked: 4 tents are now in stock.", [("restock", RESTOCK, {"sku": "PR-4",
                                                                    "quantity": 4})],
     "the reply gives 4 as PR-4's stock ('4 tents are now in stock'); the tool "
     "results and calls give 4 as its quantity and its stock as 7"),
    ("The flight now departs at 11:25.", [("rebook", FLIGHT, {"flight": "FL-204"})],
     "the reply gives 11:25 as FL-204's start ('The flight now departs at 11:25'); the tool "
     "results and calls give 11:25 as its arrival and its departure as 09:10"),
    ("Tent: $3, 120 available.", [("get_product", PRODUCT, {"sku": "PR-4"})],
     "the reply gives 120 as PR-4's stock ('120 available'); the tool results and calls give "
     "120 as its price and its stock as 3"),
])
def test_a_price_a_stock_a_total_or_a_start_in_another_field_is_misroled(
        reply: str, calls: list[tuple[str, Any, dict[str, Any]]], reason: str) -> None:
    assert judged(reply, calls) == reason


def test_a_role_said_of_no_thing_named_judges_nothing_where_several_have_it() -> None:
    other = {"flight": "FL-310", "departure": "11:25", "arrival": "13:40"}
    assert judged("The flight now departs at 13:40.", [
        ("search", [FLIGHT, other], {"route": "OSL-BGO"})]) is None
