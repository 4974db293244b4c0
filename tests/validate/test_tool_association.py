"""validate.tool_use attaches each value of the reply to the thing it is said of: two values
swapped between two things, or a moved event reported at an hour it no longer has, are
``wrong_association``; the same values said of the right things pass. Shop seed 0: SKU-1 Desk
lamp $24 (6 in stock), SKU-2 Kettle $35 (6); calendar seed 0: EV-5 Budget review 2026-03-03
11:00-12:00, EV-2 Quarterly planning 15:00-16:00; bank seed 0: ACC-1001 $1700, ACC-1003 $1350,
ACC-1002 $1650."""

from __future__ import annotations

import pytest

from synthloop.envs import Call, Task, load_environment
from synthloop.records import Record
from tests.validate.test_tool_use import (BALANCES, DEPOSIT, DEPOSIT_THEN_INTEREST, INTEREST,
                                          one_turn_in_order, record, verdicts)

SHOP, CALENDAR = load_environment("shop"), load_environment("calendar")
BANK_ENV = load_environment("bank")
LOOKUPS = [Call("get_product", {"sku": "SKU-1"}), Call("get_product", {"sku": "SKU-2"})]
PRICES = Task("What do the desk lamp (SKU-1) and the kettle (SKU-2) cost?", "parallel",
              [LOOKUPS], answer=[24, 35])
LISTING = Call("list_events", {"date": "2026-03-03"})
MOVE = Call("move_event", {"event_id": "EV-5", "date": "2026-03-03", "start": "09:00"})
EARLIER = Task("Move my Budget review on 2026-03-03 to 09:00.", "multi_step",
               [[LISTING], [MOVE]])


def prices(reply: str) -> Record:
    return record(PRICES, one_turn_in_order(SHOP, LOOKUPS), reply, SHOP)


def moved(reply: str) -> Record:
    turns = [*one_turn_in_order(CALENDAR, [LISTING]),
             [("move_event", MOVE.arguments, {"event_id": "EV-5", "date": "2026-03-03",
                                              "start": "09:00", "end": "10:00"})]]
    return record(EARLIER, turns, reply, CALENDAR)


@pytest.mark.parametrize("reply", [
    "The Desk lamp costs $24.00 and the Kettle costs $35.",
    "$24 for the desk lamp, $35 for the kettle.",
    "| Kettle | $35 |\n| Desk lamp | $24 |",
    "SKU-2 (Kettle): 35 dollars; SKU-1: $24.",
    "The Desk lamp and the Kettle cost $24 and $35 respectively.",
    "Kettle (SKU-2) $35 and Desk lamp (SKU-1) $24.",
])
def test_prices_said_of_the_right_products_pass(reply: str) -> None:
    assert verdicts(prices(reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "reason"), [
    ("The Desk lamp costs $35 and the Kettle costs $24.",
     "the reply says Desk lamp 35 ('The Desk lamp costs $35 and the Kettle costs $24'); the "
     "tool results give Desk lamp 24, 6 and Kettle (SKU-2) 35"),
    ("The Desk lamp and the Kettle cost $35 and $24.",
     "the reply says Desk lamp 35 ('The Desk lamp and the Kettle cost $35 and $24'); the tool "
     "results give Desk lamp 24, 6 and Kettle (SKU-2) 35"),
    ("Prices: $35 (Desk lamp) / $24 (Kettle).",
     "the reply says Desk lamp 35 ('$35 (Desk lamp) / $24 (Kettle)'); the tool results give "
     "Desk lamp 24, 6 and Kettle (SKU-2) 35"),
    ("| Kettle | $24 |\n| Desk lamp | $35 |",
     "the reply says Kettle 24 ('| Kettle | $24 |'); the tool results give Kettle 35, 6 and "
     "Desk lamp (SKU-1) 24"),
    ("SKU-1 is $35; SKU-2 is $24.",
     "the reply says SKU-1 35 ('SKU-1 is $35'); the tool results give SKU-1 24, 6 and Kettle "
     "(SKU-2) 35"),
])
def test_two_prices_swapped_are_a_wrong_association(reply: str, reason: str) -> None:
    rec = prices(reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


def test_two_balances_swapped_are_a_wrong_association() -> None:
    lookups = [("get_balance", {"account_id": "ACC-1001"},
                {"account_id": "ACC-1001", "balance": 1700}),
               ("get_balance", {"account_id": "ACC-1003"},
                {"account_id": "ACC-1003", "balance": 1350})]
    swapped = record(BALANCES, [lookups], "ACC-1001 holds $1,350 and ACC-1003 holds $1,700.")
    assert verdicts(swapped)[-1] == ("wrong_association", False)
    assert swapped.status_reason == (
        "the reply says ACC-1001 1350 ('ACC-1001 holds $1,350 and ACC-1003 holds $1,700'); "
        "the tool results give "
        "ACC-1001 1700 and ACC-1003 1350")


@pytest.mark.parametrize("reply", [
    "Moved Budget review to 09:00-10:00 on 2026-03-03.",
    "Budget review moved from 11:00 to 09:00.",  # the old hour, said as the old one
    "Done: Budget review was 11:00-12:00 and now starts at 9 am.",
])
def test_a_move_reported_at_its_new_hour_passes(reply: str) -> None:
    assert verdicts(moved(reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "reason"), [
    ("Budget review now starts at 12:00 on 2026-03-03.",
     "the reply says Budget review 12:00 ('Budget review now starts at 12:00 on 2026-03-03'); "
     "the tool results give Budget review 09:00, 10:00, 2026-03-03 (12:00 only before a later "
     "result)"),
    ("Moved the Budget review to 15:00.",
     "the reply says Budget review 15:00 ('Moved the Budget review to 15:00'); the tool results "
     "give Budget review 09:00, 10:00, 2026-03-03 and Quarterly planning (EV-2) "
     "15:00"),
])
def test_a_move_reported_at_an_hour_the_listing_shows_is_a_wrong_association(
        reply: str, reason: str) -> None:
    rec = moved(reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


def test_the_balance_after_each_write_may_be_narrated() -> None:
    told = ("Deposited $100 into ACC-1002 (balance $1,750), then applied 5% interest: ACC-1002 "
            "now holds $1,837.50.")
    rec = record(DEPOSIT_THEN_INTEREST, [[DEPOSIT], [INTEREST]], told)
    assert verdicts(rec)[-1] == ("execution_ok", True)


def test_a_value_of_a_result_about_the_named_product_is_attached_to_it() -> None:
    """The order (ORD-1, SKU-6, 4 units) is about the Water bottle that search named SKU-6, so
    "4 Water bottles" is no wrong association, though Running shoes (SKU-4) has 4 in stock."""
    search = Call("search_products", {"category": "sport"})
    order = Call("place_order", {"sku": "SKU-6", "quantity": 4})
    cheapest = Task("Order 4 units of the cheapest sport product.", "multi_step",
                    [[search], [order]])
    _, (found, placed) = SHOP.replay(0, [search, order])
    turns = [[("search_products", search.arguments, found)],
             [("place_order", order.arguments, placed)]]
    rec = record(cheapest, turns, "Ordered 4 Water bottles for $48.", SHOP)
    assert verdicts(rec)[-1] == ("execution_ok", True)
    wrong = record(cheapest, turns, "Ordered 4 Water bottles; Running shoes cost $48.", SHOP)
    assert verdicts(wrong)[-1] == ("wrong_association", False)
    assert wrong.status_reason == (
        "the reply says Running shoes 48 ('Running shoes cost $48'); the tool results give "
        "Running shoes 4, 89 and ORD-1, SKU-6 48")


HALF = Task("Move half of the balance of account ACC-1003 to account ACC-1002.", "multi_step",
            [[Call("get_balance", {"account_id": "ACC-1003"})],
             [Call("transfer", {"from_account": "ACC-1003", "to_account": "ACC-1002",
                                "amount": 675})]])
HALF_TURNS = [[("get_balance", {"account_id": "ACC-1003"},
                {"account_id": "ACC-1003", "balance": 1350})],
              [("transfer", HALF.steps[1][0].arguments, {"from_balance": 675, "to_balance": 2325})]]


@pytest.mark.parametrize("reply", [
    "Transferred $675.00 (half of $1,350) to ACC-1002.",
    "Moved $675 (= $1,350 / 2) to ACC-1002.",
    "Moved $675 to ACC-1002 (half of ACC-1003's $1,350).",
])
def test_a_bracket_that_derives_the_amount_is_no_association(reply: str) -> None:
    """$1,350 in a bracket that computes the $675 stated beside it is an operand of it, not a
    value said of ACC-1002."""
    assert verdicts(record(HALF, HALF_TURNS, reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "clause"), [
    ("Transferred $675 to ACC-1002 ($1,350).", "Transferred $675 to ACC-1002 ($1,350)"),
    ("Transferred $675 to ACC-1002 (balance $1,350).",
     "Transferred $675 to ACC-1002 (balance $1,350)"),
    ("Moved $675 to ACC-1002 (half of ACC-1002's $1,350).", "half of ACC-1002's $1,350"),
    ("ACC-1002 got $1,350 (= 2 x 675).", "ACC-1002 got $1,350"),
])
def test_a_swapped_value_in_or_beside_a_bracket_is_a_wrong_association(
        reply: str, clause: str) -> None:
    rec = record(HALF, HALF_TURNS, reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (f"the reply says ACC-1002 1350 ({clause!r}); the tool results "
                                 "give ACC-1002 2325, 675 and ACC-1003 1350 before a later "
                                 "result")


SEND = Task("Send $200 from account ACC-1001 to account ACC-1003.", "single",
            [[Call("transfer", {"from_account": "ACC-1001", "to_account": "ACC-1003",
                                "amount": 200})]])
SENT = [[("transfer", SEND.steps[0][0].arguments, {"from_balance": 1500, "to_balance": 1550})]]


@pytest.mark.parametrize("reply", [
    "Sent $200 from ACC-1001 to ACC-1003; ACC-1001 now has $1,500 and ACC-1003 $1,550.",
    "Sent $200 from ACC-1001 to ACC-1003, which now holds $1,550; ACC-1001 is left with $1,500.",
    "Sent $200 to ACC-1003, leaving $1,500 in ACC-1001.",
])
def test_a_transfer_s_balances_said_of_their_accounts_pass(reply: str) -> None:
    """A transfer's result has no account of its own: its from_balance is the balance of the
    from_account, its to_balance that of the to_account."""
    assert verdicts(record(SEND, SENT, reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "reason"), [
    ("Sent $200 from ACC-1001 to ACC-1003; ACC-1001 now has $1,550 and ACC-1003 $1,500.",
     "the reply says ACC-1001 1550 ('ACC-1001 now has $1,550 and ACC-1003 $1,500'); the tool "
     "results give ACC-1001 1500, 200 and ACC-1003 1550"),
    ("Sent $200 from ACC-1001 to ACC-1003, which now holds $1,500.",
     "the reply says ACC-1003 1500 ('which now holds $1,500'); the tool results give ACC-1003 "
     "1550, 200 and ACC-1001 1500"),
])
def test_a_transfer_s_balances_swapped_are_a_wrong_association(reply: str, reason: str) -> None:
    rec = record(SEND, SENT, reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


def test_a_balance_read_before_a_transfer_is_not_the_balance_after_it() -> None:
    rec = record(HALF, HALF_TURNS, "Moved $675 to ACC-1002; ACC-1003 now holds $1,350.")
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        "the reply says ACC-1003 1350 ('ACC-1003 now holds $1,350'); the tool results give "
        "ACC-1003 675 (1350 only before a later result)")


@pytest.mark.parametrize("reply", [
    "Budget review was at 11:00 on 2026-03-03 and is now at 09:00.",
    "Moved Budget review from 11:00-12:00 to 09:00-10:00.",
    "Budget review now starts at 09:00 instead of 11:00.",
])
def test_a_move_told_old_hour_first_passes(reply: str) -> None:
    assert verdicts(moved(reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "clause"), [
    ("Budget review moved from 09:00 to 11:00.", "Budget review moved from 09:00 to 11:00"),
    ("Budget review was 09:00-10:00 and is now 11:00-12:00.",
     "Budget review was 09:00-10:00 and is now 11:00-12:00"),
])
def test_a_move_told_with_old_and_new_hours_swapped_is_a_wrong_association(
        reply: str, clause: str) -> None:
    rec = moved(reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        f"the reply gives 09:00 as Budget review's old value ({clause!r}); the tool results "
        "give it as the new one (Budget review was 11:00, 12:00)")


@pytest.mark.parametrize("reply", [
    "The Desk lamp costs $24 and the Kettle $35, so the Desk lamp is cheaper.",
    "The Kettle ($35) is more expensive than the Desk lamp ($24).",
    "Desk lamp: $24. Kettle: $35. The Kettle is not cheaper.",
])
def test_a_comparison_the_prices_make_passes(reply: str) -> None:
    assert verdicts(prices(reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "reason"), [
    ("The Desk lamp costs $24 and the Kettle $35, so the Kettle is cheaper.",
     "the reply's 'cheaper' picks Kettle ('so the Kettle is cheaper'), but by the price the "
     "tool results give (Kettle 35 and Desk lamp 24) it picks Desk lamp"),
    ("The Desk lamp ($24) is more expensive than the Kettle ($35).",
     "the reply's 'more' picks Desk lamp ('The Desk lamp ($24) is more expensive than the "
     "Kettle ($35)'), but by the price the tool results give (Desk lamp 24 and Kettle 35) it "
     "picks Kettle"),
])
def test_a_comparison_the_prices_turn_round_is_a_wrong_association(reply: str,
                                                                   reason: str) -> None:
    rec = prices(reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


def test_a_comparison_of_balances_turned_round_is_a_wrong_association() -> None:
    lookups = [("get_balance", {"account_id": "ACC-1001"},
                {"account_id": "ACC-1001", "balance": 1700}),
               ("get_balance", {"account_id": "ACC-1003"},
                {"account_id": "ACC-1003", "balance": 1350})]
    told = "ACC-1001 holds $1,700 and ACC-1003 $1,350, so ACC-1003 has the higher balance."
    rec = record(BALANCES, [lookups], told)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        "the reply's 'higher' picks ACC-1003 ('so ACC-1003 has the higher balance'), but by the "
        "balance the tool results give (ACC-1003 1350 and ACC-1001 1700) it picks ACC-1001")
    right = record(BALANCES, [lookups], told.replace("ACC-1003 has", "ACC-1001 has"))
    assert verdicts(right)[-1] == ("execution_ok", True)


@pytest.mark.parametrize("reply", [
    "ACC-1001 holds $1,700 and ACC-1003 $1,350. Shall I move more money into ACC-1003?",
    "ACC-1001 holds $1,700 and ACC-1003 $1,350; I can move more money into ACC-1003 for you.",
    "ACC-1001 holds $1,700 and ACC-1003 $1,350; the larger balance is ACC-1001's.",
])
def test_a_comparative_that_compares_no_two_accounts_is_not_judged(reply: str) -> None:
    lookups = [("get_balance", {"account_id": "ACC-1001"},
                {"account_id": "ACC-1001", "balance": 1700}),
               ("get_balance", {"account_id": "ACC-1003"},
                {"account_id": "ACC-1003", "balance": 1350})]
    assert verdicts(record(BALANCES, [lookups], reply))[-1] == ("execution_ok", True)


def test_a_comparison_that_opens_its_clause_is_judged_by_the_thing_after_it() -> None:
    lookups = [("get_balance", {"account_id": "ACC-1001"},
                {"account_id": "ACC-1001", "balance": 1700}),
               ("get_balance", {"account_id": "ACC-1003"},
                {"account_id": "ACC-1003", "balance": 1350})]
    rec = record(BALANCES, [lookups], "ACC-1001 holds $1,700 and ACC-1003 $1,350; the larger "
                                      "balance is ACC-1003's.")
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        "the reply's 'larger' picks ACC-1003 (\"the larger balance is ACC-1003's\"), but by the "
        "balance the tool results give (ACC-1003 1350 and ACC-1001 1700) it picks ACC-1001")


def test_an_amount_asked_for_is_not_the_balance_an_account_now_holds() -> None:
    deposit = Task("Deposit $100 into account ACC-1002.", "single",
                   [[Call("deposit", {"account_id": "ACC-1002", "amount": 100})]])
    turns = [[("deposit", {"account_id": "ACC-1002", "amount": 100},
               {"account_id": "ACC-1002", "balance": 1750})]]
    for right in ("Deposited $100; ACC-1002 now holds $1,750.",
                  "ACC-1002 now has $100 more: $1,750.",
                  "I have now deposited $100 into ACC-1002."):
        assert verdicts(record(deposit, turns, right))[-1] == ("execution_ok", True), right
    rec = record(deposit, turns, "Deposited $100; ACC-1002 now holds $100.")
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        "the reply says ACC-1002 100 ('ACC-1002 now holds $100'); the tool results give "
        "ACC-1002 1750 (100 only as what a call asked for)")


@pytest.mark.parametrize("reply", [
    "Desk lamp: $24; Kettle: $35.",
    "The Desk lamp costs $24 (6 left) and the Kettle $35 (6 left).",
    "The Desk lamp and the Kettle cost $24 and $35 (6 in stock each).",
    "The Desk lamp (SKU-1, $24) costs less than the Kettle (SKU-2, $35).",
])
def test_values_said_of_the_thing_named_before_them_pass(reply: str) -> None:
    assert verdicts(prices(reply))[-1] == ("execution_ok", True)


@pytest.mark.parametrize(("reply", "reason"), [
    ("Desk lamp: $35; Kettle: $24.",
     "the reply says Desk lamp 35 ('Desk lamp: $35'); the tool results give Desk lamp 24, 6 "
     "and Kettle (SKU-2) 35"),
    ("The Desk lamp costs $35 (6 left) and the Kettle $24 (6 left).",
     "the reply says Desk lamp 35 ('The Desk lamp costs $35 (6 left) and the Kettle $24 (6 "
     "left)'); the tool results give Desk lamp 24, 6 and Kettle (SKU-2) 35"),
    ("The Kettle (SKU-2, $35) costs less than the Desk lamp (SKU-1, $24).",
     "the reply's 'less' picks Kettle ('The Kettle (SKU-2, $35) costs less than the Desk lamp "
     "(SKU-1, $24)'), but by the price the tool results give (Kettle 35 and Desk lamp 24) it "
     "picks Desk lamp"),
])
def test_a_value_said_of_the_thing_named_before_it_is_judged_against_it(
        reply: str, reason: str) -> None:
    """A name and its value ("Desk lamp: $35"), things each followed by their own values, and
    a bracket's commas are no clause breaks between a thing and what is said of it."""
    rec = prices(reply)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


def test_two_events_dates_swapped_are_a_wrong_association() -> None:
    """A listing's date argument says nothing of whose the date is: each event's date is
    still judged."""
    days = [Call("list_events", {"date": "2026-03-02"}), Call("list_events", {"date": "2026-03-03"})]
    when = Task("On which days are my Team sync and my Budget review?", "parallel", [days])
    turns = one_turn_in_order(CALENDAR, days)
    assert verdicts(record(when, turns, "Team sync is on 2026-03-02 and the Budget review on "
                                        "2026-03-03.", CALENDAR))[-1] == ("execution_ok", True)
    rec = record(when, turns, "Team sync is on 2026-03-03 and the Budget review on 2026-03-02.",
                 CALENDAR)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == (
        "the reply says Team sync 2026-03-03 ('Team sync is on 2026-03-03 and the Budget review "
        "on 2026-03-02'); the tool results give Team sync 12:00, 13:00, 2026-03-02 and Budget "
        "review (EV-5) 2026-03-03 and Quarterly planning (EV-2) 2026-03-03")


DAY = Call("list_events", {"date": "2026-03-04"})  # EV-3 Lunch with Sam 13:00, EV-6 1:1 14:00
FIRST = Task("Which comes first on 2026-03-04, lunch or the 1:1?", "single", [[DAY]],
             answer=["Lunch with Sam"])


@pytest.mark.parametrize(("reply", "reason"), [
    ("The 1:1 with Priya (14:00) is earlier than Lunch with Sam (13:00).",
     "the reply's 'earlier' picks 1:1 with Priya ('The 1:1 with Priya (14:00) is earlier than "
     "Lunch with Sam (13:00)'), but by the times the tool results give (1:1 with Priya "
     "2026-03-04 14:00 and Lunch with Sam 2026-03-04 13:00) it picks Lunch with Sam"),
    ("Lunch with Sam starts after your 1:1 with Priya.",
     "the reply's 'after' picks Lunch with Sam ('Lunch with Sam starts after your 1:1 with "
     "Priya'), but by the times the tool results give (Lunch with Sam 2026-03-04 13:00 and 1:1 "
     "with Priya 2026-03-04 14:00) it picks 1:1 with Priya"),
    ("Your 1:1 with Priya precedes Lunch with Sam.",
     "the reply's 'precedes' picks 1:1 with Priya ('Your 1:1 with Priya precedes Lunch with "
     "Sam'), but by the times the tool results give (1:1 with Priya 2026-03-04 14:00 and Lunch "
     "with Sam 2026-03-04 13:00) it picks Lunch with Sam"),
])
def test_a_comparison_in_time_the_results_turn_round_is_a_wrong_association(
        reply: str, reason: str) -> None:
    rec = record(FIRST, one_turn_in_order(CALENDAR, [DAY]), reply, CALENDAR)
    assert verdicts(rec)[-1] == ("wrong_association", False)
    assert rec.status_reason == reason


@pytest.mark.parametrize("reply", [
    "Lunch with Sam (13:00) comes before the 1:1 with Priya (14:00).",
    "The 1:1 with Priya is later, at 14:00; Lunch with Sam is at 13:00.",
    "Lunch with Sam, at 1 pm, is the earliest.",
    # "before" opening its clause: the thing it picks is in the clause before
    "Lunch with Sam comes first, before the 1:1 with Priya.",
    "The 1:1 with Priya follows Lunch with Sam.",
])
def test_a_comparison_in_time_the_results_make_passes(reply: str) -> None:
    rec = record(FIRST, one_turn_in_order(CALENDAR, [DAY]), reply, CALENDAR)
    assert verdicts(rec)[-1] == ("execution_ok", True)


def test_a_value_before_a_clauses_first_thing_may_be_the_thing_named_just_before() -> None:
    turns = [[("get_balance", {"account_id": "ACC-1001"},
               {"account_id": "ACC-1001", "balance": 1700}),
              ("get_balance", {"account_id": "ACC-1003"},
               {"account_id": "ACC-1003", "balance": 1350})]]
    right = record(BALANCES, turns, "First is ACC-1001: $1,700 against ACC-1003's $1,350.")
    assert verdicts(right)[-1] == ("execution_ok", True)
    wrong = record(BALANCES, turns, "First is ACC-1001: $1,350 against ACC-1003's $1,700.")
    assert verdicts(wrong)[-1] == ("wrong_association", False)


def test_a_comparison_may_give_the_difference_with_its_operands() -> None:
    """"($2,600 vs $1,350)" shows the operands of the $1,250 difference, not values of ACC-1004;
    where they do not make the value before them (their sum), the bracket is ACC-1004's, and
    $1,350 is ACC-1003's."""
    calls = [Call("get_balance", {"account_id": "ACC-1004"}),
             Call("get_balance", {"account_id": "ACC-1003"})]
    task = Task("Who has more money, ACC-1004 or ACC-1003?", "parallel", [calls],
                answer=["ACC-1004"])
    turns = one_turn_in_order(BANK_ENV, calls)
    kept = record(task, turns, "ACC-1004, by $1,250 ($2,600 vs $1,350).")
    assert verdicts(kept)[-1] == ("execution_ok", True)
    wrong = record(task, turns, "ACC-1004, by $3,950 ($2,600 vs $1,350).")
    assert verdicts(wrong)[-1] == ("wrong_association", False)
    assert wrong.status_reason == (
        "the reply says ACC-1004 1350 ('ACC-1004: by $3,950 ($2,600 vs $1,350)'); the tool "
        "results give ACC-1004 2600 and ACC-1003 1350")
