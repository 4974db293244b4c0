from __future__ import annotations

from synthloop.curate.contrast import contrast


def test_a_minimal_pair_contrasts_on_its_polar_word() -> None:
    assert contrast("Find the sum of fifth powers of the first n odd natural numbers.",
                    "Find the sum of fifth powers of the first n even natural numbers.") == (
        "odd", "even")
    assert contrast("Set the right most unset bit.", "Set the left most unset bit.") == (
        "right", "left")
    assert contrast("Count the unset bits.", "Count the set bits.") == ("unset", "set")
    assert contrast("the sum of non-repeated elements", "the sum of repeated elements") == (
        "non", "")
    assert contrast("the sum of elements", "the sum of non-zero elements") == ("", "non")


def test_counts_decide_where_both_texts_have_both_words() -> None:
    # "even numbers at odd positions" against "even numbers at even positions"
    assert contrast("the sum of the even numbers at odd positions in a tuple",
                    "the sum of even numbers at even positions") == ("odd", "even")
    assert contrast("odd and even numbers", "even and odd numbers") is None


def test_a_rewording_does_not_contrast() -> None:
    assert contrast("Create a function which sorts sublists by their second element.",
                    "Write a function to sort a list according to the second element in "
                    "sublist.") is None
    # an opposite on one side only is no contrast
    assert contrast("Find the largest value in a list.", "Find the value in a list.") is None
