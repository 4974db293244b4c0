"""The Banking77 benchmark's pools: verbatim items: ``ctx-mix`` puts a clause before the other
real examples of its own intent (label kept by construction), ``ctx-swap`` before another
intent's (the control); list-continuation items come only from runs whose shown real
examples the arm's real set holds."""

import pandas as pd

from benchmarks import banking77_experiment as bench


REAL = pd.DataFrame({"text": ["where is my card", "card not here yet", "rate for euros"],
                     "category": ["card_arrival", "card_arrival", "exchange_rate"]})
CTX = [{"id": "r1", "label": "card_arrival", "source": "where is my card",
        "text": "I moved house last week. where is my card"}]


def test_context_mix_reuses_a_clause_within_its_intent_only():
    mixed = bench.context_mix(CTX, REAL)
    assert [(m["text"], m["label"]) for m in mixed] == [
        ("I moved house last week. where is my card", "card_arrival"),
        ("I moved house last week. card not here yet", "card_arrival")]


def test_context_swap_puts_the_clause_before_another_intents_examples():
    swapped = bench.context_swap(CTX, REAL)
    assert [(s["text"], s["label"]) for s in swapped] == [
        ("I moved house last week. rate for euros", "exchange_rate")]


def test_list_items_only_from_runs_whose_shown_examples_the_arm_has():
    five = {"where is my card", "rate for euros"}
    ten = five | {"card not here yet"}
    runs = [(five, [{"text": "Has my card shipped?"}, {"text": "card not here yet"}]),
            (ten, [{"text": "has my card shipped?"}, {"text": "euro rate today?"}])]
    assert bench.usable_list_items(runs, five) == [{"text": "Has my card shipped?"},
                                                   {"text": "card not here yet"}]
    assert bench.usable_list_items(runs, ten) == [{"text": "Has my card shipped?"},
                                                  {"text": "euro rate today?"}]
