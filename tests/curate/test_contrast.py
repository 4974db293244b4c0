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


def test_parity_of_places_contrasts_with_parity_of_values() -> None:
    assert contrast("Write a python function to remove the numbers at odd indices from a given "
                    "list.", "Write a python function to remove odd numbers from a given list."
                    ) == ("index", "")
    assert contrast("the sum of odd values", "the sum of the values at odd positions") == (
        "", "index")
    # both say where, or neither says parity: no contrast
    assert contrast("odd values at even indexes", "odd elements in even positions") is None
    assert contrast("the element at index k", "the k-th element") is None
