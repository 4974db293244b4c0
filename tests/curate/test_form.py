from __future__ import annotations

from synthloop.curate.form import question_bodies
from synthloop.curate.language import not_english


def test_a_json_object_reads_as_its_keys_and_values() -> None:
    assert question_bodies('{"box_weight_lb": 15, "truck": {"maxLoad": 5000, "ask": '
                           '"most boxes"}, "items": ["salad_plate", null]}') == [
        "box weight lb 15 truck max load 5000 ask most boxes items salad plate"]


def test_json_that_does_not_parse_is_plain_text() -> None:
    assert question_bodies('{"a": 1,') == ['{"a": 1,']


def test_a_chat_keeps_its_asking_turns() -> None:
    chat = ("System: be brief\n### Human: Ann has 3 cats. How many legs?\n### Assistant: 12."
            "\n<|user|> And 4 cats?\n<|assistant|> 16")
    assert question_bodies(chat) == ["Ann has 3 cats. How many legs?", "And 4 cats?"]


def test_a_few_shot_prompt_is_one_body_per_question() -> None:
    assert question_bodies("Q: 2+2?\nA: 4\n\nQ: Bo has 5 pens and loses 2. How many?\nA:") == [
        "2+2?", "Bo has 5 pens and loses 2. How many?"]


def test_a_label_that_opens_a_text_is_dropped_and_one_inside_it_kept() -> None:
    assert question_bodies("Question: How far is 3 km?") == ["How far is 3 km?"]
    assert question_bodies("Sort the list. Input: [3, 1]") == ["Sort the list. Input: [3, 1]"]
    assert question_bodies("Note: the shop opens at 9.") == ["Note: the shop opens at 9."]


def test_answer_options_are_cut_inline_and_on_their_own_lines() -> None:
    assert question_bodies("A $1000 laptop is 20% off. Price?\n(A) $780 (B) $800 (C) $820") == [
        "A $1000 laptop is 20% off. Price?"]
    assert question_bodies("Question: Ben feeds 4 horses. Bags?\nA) 2\nB) 4\nC. 5\nAnswer:") == [
        "Ben feeds 4 horses. Bags?"]
    # one lettered clause is not a list of options
    assert question_bodies("Plan (a) is cheaper than the rest.") == [
        "Plan (a) is cheaper than the rest."]


def test_not_english_names_the_language_and_passes_english_and_code() -> None:
    assert not_english("Bob veut creuser un trou de 6 pieds de long et 4 pieds de large.") == "fr"
    assert not_english("Maddison tiene 5 cajas con 50 canicas en cada caja.") == "es"
    assert not_english("tom has 14 marbels, gives 5 to his bro. how many now") is None
    assert not_english("def f(x):\n    return x + 1\n") is None
