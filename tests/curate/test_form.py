from __future__ import annotations

from synthloop.curate.form import question_bodies
from synthloop.checks.language import not_english


def test_a_json_object_reads_as_its_keys_and_values() -> None:
    assert question_bodies('{"box_weight_lb": 15, "truck": {"maxLoad": 5000, "ask": '
                           '"most boxes"}, "items": ["salad_plate", null]}') == [
        "box weight lb 15 truck max load 5000 ask most boxes items salad plate"]


def test_json_that_does_not_parse_is_plain_text() -> None:
    assert question_bodies('{"a": 1,') == ['{"a": 1,']


def test_a_chat_keeps_its_asking_turns() -> None:
    chat = ("System: be brief\n### Human: Ann has 3 cats. How many legs?\n### Assistant: 12."
            "\n<|user|> And 4 cats?\n<|assistant|> 16")
    assert question_bodies(chat) == ["Ann has 3 cats. How many legs?", "And 4 cats?",
                                     "Ann has 3 cats. How many legs?\nAnd 4 cats?"]


def test_a_problem_split_across_turns_is_one_more_body() -> None:
    chat = ("User: The hall has 4 rows of 18 seats.\nAssistant: So 72 seats.\nUser: A quarter "
            "went to parents. How many are left?")
    assert question_bodies(chat)[-1] == ("The hall has 4 rows of 18 seats.\nA quarter went to "
                                         "parents. How many are left?")
    assert question_bodies("User: Ann has 3 cats. How many legs?") == [
        "Ann has 3 cats. How many legs?"]  # one turn: nothing to join


def test_a_problem_inside_a_long_document_is_windowed_at_its_question() -> None:
    fair = "The fair raised enough for two new reading corners at the school."  # 12 words
    problem = "Maths corner: the club ordered 20 pizzas and ate 70% of them."
    text = " ".join([fair] * 7 + [problem, "How many were left?", "Answers by Friday."])
    assert question_bodies(text) == [  # 100 words: the text, and 1 to 3 sentences and the ask
        text,
        f"{fair} {fair} {problem} How many were left?",
        f"{fair} {problem} How many were left?",
        f"{problem} How many were left?"]
    assert question_bodies(" ".join([fair] * 6 + [problem, "How many were left?"])) == [
        " ".join([fair] * 6 + [problem, "How many were left?"])]  # 88 words: one problem


def test_a_list_of_problems_is_windowed_line_by_line_without_its_markers() -> None:
    sheet = ("Worksheet 3.\n1. A bus leaves at 8:40 and arrives at 9:25. How long is it?\n"
             "2. Movie A runs 5 minutes longer than Movie B. How long is Movie A?")
    assert question_bodies(sheet)[1:] == [
        "A bus leaves at 8:40 and arrives at 9:25. How long is it?",
        "Movie A runs 5 minutes longer than Movie B. How long is Movie A?"]
    assert question_bodies("Ann has 3 cats. Bo has 2. How many?") == [
        "Ann has 3 cats. Bo has 2. How many?"]  # short, on one line: a problem, not a document


def test_a_few_shot_prompt_is_one_body_per_question() -> None:
    assert question_bodies("Q: 2+2?\nA: 4\n\nQ: Bo has 5 pens and loses 2. How many?\nA:")[:2] == [
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



def test_a_markdown_table_is_one_more_body_of_its_rows() -> None:
    table = "| Ann's shop | cost |\n|:---|---:|\n| 3 pens | $4.50 |\n| left over | ? |"
    assert question_bodies(table) == [table, "Ann's shop: cost. 3 pens: $4.50. left over: ?"]
    assert question_bodies("| one row | only |") == ["| one row | only |"]


def test_a_stub_in_c_family_syntax_is_one_more_body_of_its_comments() -> None:
    rust = "/// Largest prime factor of n.\n/// Assume n > 1.\nfn lpf(n: u64) -> u64"
    java = "/**\n * Whether b or a rotation of it\n * is in a.\n */\nboolean check(String a)"
    assert question_bodies(rust)[1:] == ["Largest prime factor of n. Assume n > 1."]
    assert question_bodies(java)[1:] == ["Whether b or a rotation of it is in a."]
    # a comment alone is the text itself; Python's floor division is no comment
    assert question_bodies("// Largest prime factor of n.") == ["// Largest prime factor of n."]
    assert question_bodies("def half(n):\n    return n // 2") == ["def half(n):\n    return n // 2"]


def test_not_english_names_the_language_and_passes_english_and_code() -> None:
    assert not_english("Bob veut creuser un trou de 6 pieds de long et 4 pieds de large.") == "fr"
    assert not_english("Maddison tiene 5 cajas con 50 canicas en cada caja.") == "es"
    assert not_english("tom has 14 marbels, gives 5 to his bro. how many now") is None
    assert not_english("def f(x):\n    return x + 1\n") is None
