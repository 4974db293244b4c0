"""label_words: a label's joiners and camelCase boundaries become single spaces, case kept."""

from synthloop.label_words import label_words


def test_underscores_hyphens_and_camel_case_become_spaces() -> None:
    assert label_words("card_arrival") == "card arrival"
    assert label_words("lost-or-stolen_card") == "lost or stolen card"
    assert label_words("cardArrival") == "card Arrival"
    assert label_words("ATMFee2Refund") == "ATM Fee2 Refund"


def test_punctuation_and_capitals_of_a_plain_label_stay() -> None:
    assert label_words("Refund_not_showing_up") == "Refund not showing up"
    assert label_words("reverted_card_payment?") == "reverted card payment?"
    assert label_words("__top__up__") == "top up"
