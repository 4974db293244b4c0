"""validate.tool_unread: a number given as a field the calls changed but no result reports
(seats left after a booking, stock left after an order) comes from nowhere."""

from __future__ import annotations

from synthloop.envs import Call, Task, load_environment
from synthloop.validate.tool_unread import unread_fields, unreported
from tests.validate.test_tool_use import one_turn_in_order, record, verdicts


def test_a_field_a_write_changed_but_no_result_reports_cannot_be_stated() -> None:
    before = {"flights": {"FL-1": {"seats": 5, "price": 120}}, "next_id": 9}
    after = {"flights": {"FL-1": {"seats": 4, "price": 120}}, "next_id": 10,
             "bookings": {"BK-9": {"flight": "FL-1", "fare": 120}}}
    fields = unread_fields(before, after, [{"booking_id": "BK-9", "fare": 120}])
    assert fields == {"seats"}
    labels = ["FL-1", "BK-9"]
    assert unreported("Booked FL-1 (BK-9) for $120.", labels, fields, set()) is None
    assert unreported("Booked 2 seats on FL-1.", labels, fields, {2.0}) is None
    assert unreported("Booked FL-1 (BK-9); 4 seats remain.", labels, fields, set()) == (
        "the reply gives 4 as the seats ('4 seats remain'); the calls changed the seats, but no "
        "tool result reports it")


def test_the_stage_rejects_a_stock_left_that_no_result_reports() -> None:
    """Shop seed 0: an order lowers SKU-1's stock; place_order's result does not report it."""
    shop = load_environment("shop")
    order = Call("place_order", {"sku": "SKU-1", "quantity": 2})
    task = Task("Order 2 units of SKU-1.", "single", [[order]])
    turns = one_turn_in_order(shop, [order])
    told = record(task, turns, "Ordered 2 units of SKU-1 for $48.", shop)
    assert verdicts(told)[-1] == ("execution_ok", True)
    guessed = record(task, turns, "Ordered 2 units of SKU-1 for $48, and the stock is now 4.",
                     shop)
    assert verdicts(guessed)[-1] == ("no_tool_evidence", False)
    assert guessed.status_reason == (
        "the reply gives 4 as the stock ('and the stock is now 4'); the calls changed the stock, "
        "but no tool result reports it")
