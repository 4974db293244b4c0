"""validate.tool_counts: a count that opens a list of things one result lists is how many the
reply names there or how many the result lists, read from literal results."""

from __future__ import annotations

from typing import Any

import pytest

from synthloop.validate.tool_counts import miscounted

EVENTS = ("list_events", [{"event_id": "EV-1", "title": "Gym", "start": "09:00"},
                          {"event_id": "EV-2", "title": "Dentist", "start": "14:00"}])
PRODUCTS = ("search_products", [{"sku": "SKU-1", "name": "Pen", "price": 2},
                                {"sku": "SKU-2", "name": "Ink", "price": 9},
                                {"sku": "SKU-3", "name": "Pad", "price": 4}])
ACCOUNTS = ("list_accounts", [{"account_id": "AC-1", "owner": "Ann"},
                              {"account_id": "AC-2", "owner": "Ben"},
                              {"account_id": "AC-3", "owner": "Cy"}])
LABELS = ["EV-1", "Gym", "EV-2", "Dentist", "SKU-1", "Pen", "SKU-2", "Ink", "SKU-3", "Pad",
          "AC-1", "Ann", "AC-2", "Ben", "AC-3", "Cy"]


@pytest.mark.parametrize(("reply", "results"), [
    ("You have two events on 2026-03-02: Gym at 09:00 and Dentist at 14:00.", [EVENTS]),
    ("2 events today:\n1. Gym at 09:00\n2. Dentist at 14:00", [EVENTS]),
    ("3 products, cheapest first: Pen ($2).", [PRODUCTS]),  # counts all, names one
    ("2 of the products cost under $5: Pen and Pad.", [PRODUCTS]),  # counts what it names
    ("Balances after 2 transfers: AC-1 $40.", [ACCOUNTS]),  # no account is counted
    ("Pen 2, Ink 9, Pad 4: so Ink costs the most.", [PRODUCTS]),  # a price, not a count
])
def test_a_count_of_what_the_list_names_or_the_result_lists_passes(
        reply: str, results: list[tuple[str, Any]]) -> None:
    assert miscounted(reply, LABELS, results) is None


@pytest.mark.parametrize(("reply", "results", "reason"), [
    ("You have three events on 2026-03-02: Gym at 09:00 and Dentist at 14:00.", [EVENTS],
     "the reply counts 3 ('three events on 2026-03-02') but names 2, and the tool result "
     "lists 2"),
    ("Found 5 products:\n- Pen\n- Ink", [EVENTS, PRODUCTS],
     "the reply counts 5 ('5 products') but names 2, and the tool result lists 3"),
    ("3 events today:\n1. Gym at 09:00\n2. Dentist at 14:00", [EVENTS],  # "1." ends nothing
     "the reply counts 3 ('3 events today') but names 2, and the tool result lists 2"),
    ("You have 3 meetings on Monday: Gym and Dentist.", [EVENTS],  # a word for events
     "the reply counts 3 ('3 meetings on Monday') but names 2, and the tool result lists 2"),
    ("4 items match: Pen, Ink.", [PRODUCTS],  # a word for any listed thing
     "the reply counts 4 ('4 items match') but names 2, and the tool result lists 3"),
])
def test_a_count_neither_named_nor_listed_is_wrong(reply: str, results: list[tuple[str, Any]],
                                                    reason: str) -> None:
    assert miscounted(reply, LABELS, results) == reason
