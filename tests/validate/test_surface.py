"""checks.surface.plain, which the judge's surface probe asks on: the claims of a response
kept, its surface dressing dropped."""

from __future__ import annotations

import pytest

from synthloop.checks.surface import plain


@pytest.mark.parametrize("text,bare", [
    ("## Answer\n- The body has **212 bones**\n- babies have more",
     "Answer\nThe body has 212 bones\nbabies have more"),
    ("1. Solid\n2. Liquid", "Solid\nLiquid"),
    ("Probably Everest, I believe, at around 8,849 metres.", "Everest, at 8,849 metres."),
    ("Studies show the liver is the largest organ, as experts agree.",
     "the liver is the largest organ."),
    ("According to NASA, it takes 8 seconds.", "it takes 8 seconds."),
    ("Yes, you're right: Sydney is the capital.", "Sydney is the capital."),
    ("No, water is hydrogen and nitrogen.", "water is hydrogen and nitrogen."),
    ("It is certainly Tokyo.", "It is Tokyo."),
    ("Great question! It is a well-known fact that it is 5, as you say.", "it is 5."),
    ("Undeniably 5.", "5."),
])
def test_dressing_is_taken_off(text: str, bare: str) -> None:
    assert plain(text) == bare


@pytest.mark.parametrize("question,text,bare", [
    ("Can penguins fly?", "No, you're right: they cannot.", "No, they cannot."),
    ("Does ice float on water?", "Yes, certainly: it is less dense.", "Yes: it is less dense."),
    # a leading question asks to be agreed with: there "yes" is the dressing
    ("I read that it is 5. Is that so?", "Yes, it is 5.", "it is 5."),
    ("It is 5, right?", "Yes, certainly 5.", "5."),
    ("Bats are blind, aren't they?", "No, they see.", "they see."),
    ("What is 2 + 3? Tell me if you are sure.", "Yes, it is 5.", "it is 5."),
])
def test_yes_and_no_are_kept_where_the_question_asks_for_them(
        question: str, text: str, bare: str) -> None:
    assert plain(text, question) == bare


@pytest.mark.parametrize("text", [
    "Paris.", "Yes.", "No one knows for sure.", "It takes about a minute.", "I think.",
    "The right answer is 42.",
])
def test_bare_answers_and_lone_yes_no_are_left_as_they_are(text: str) -> None:
    assert plain(text) == text
