"""The Banking77 benchmark's pools of verbatim items: ``ctx-mix`` puts a clause before the other
real examples of its own intent (label kept by construction), ``ctx-swap`` before another
intent's (the control)."""

import importlib.util
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    path = ROOT / "benchmarks" / "banking77_experiment.py"
    spec = importlib.util.spec_from_file_location("banking77_experiment_ctx", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REAL = pd.DataFrame({"text": ["where is my card", "card not here yet", "rate for euros"],
                     "category": ["card_arrival", "card_arrival", "exchange_rate"]})
CTX = [{"id": "r1", "label": "card_arrival", "source": "where is my card",
        "text": "I moved house last week. where is my card"}]


def test_context_mix_reuses_a_clause_within_its_intent_only():
    bench = _benchmark()
    mixed = bench.context_mix(CTX, REAL)
    assert [(m["text"], m["label"]) for m in mixed] == [
        ("I moved house last week. where is my card", "card_arrival"),
        ("I moved house last week. card not here yet", "card_arrival")]


def test_context_swap_puts_the_clause_before_another_intents_examples():
    bench = _benchmark()
    swapped = bench.context_swap(CTX, REAL)
    assert [(s["text"], s["label"]) for s in swapped] == [
        ("I moved house last week. rate for euros", "exchange_rate")]
