from __future__ import annotations

from synthloop.curate.fingerprint import FingerprintIndex, capitalised, digits

PUPPY = ("Cecilia just bought a new puppy. She feeds it 1 cup of food a day for the first 180 "
         "days, then 2 cups a day. A bag holds 110 cups. How many bags does she use in a year?")
CLIPS = "Natalia sold clips to 48 friends in April and 24 in May. How many clips in all?"


def test_digits_are_normalised_and_names_are_capitalised_content_words() -> None:
    assert digits("It cost $1,200.0, then 1200 again; 1 and 0 say nothing, 2.5 does.") == {
        "1200", "2.5"}
    # a decimal comma, as in Italian: "0,50 $" is 0.5, not 0 and 50
    assert digits("15 bicchieri a 0,50 $, poi 12,5 litri e 3,000,000 lire") == {
        "15", "0.5", "12.5", "3e+06"}
    assert capitalised("How many does Cecilia feed? The Tasse holds 110.") == {"Cecilia",
                                                                              "Tasse"}


def test_a_translation_keeps_the_items_digits_and_names() -> None:
    index = FingerprintIndex([CLIPS, PUPPY], min_shared=4, min_names=1, bar=0.75)
    german = ("Cecilia hat einen Welpen gekauft. Sie gibt ihm in den ersten 180 Tagen 1 Tasse "
              "Futter am Tag, danach 2 Tassen. Ein Sack enth\u00e4lt 110 Tassen.")
    found = index.find(german)
    assert found is not None
    assert (found.item, found.agreement, found.shared) == (1, 1.0, ("110", "180", "2",
                                                                    "Cecilia"))
    # the German nouns are capitalised but no item's names, so they do not dilute it
    assert index.fingerprint(german) == {"110", "180", "2", "Cecilia"}


def test_too_few_shared_values_or_no_name_is_not_a_match() -> None:
    index = FingerprintIndex([CLIPS, PUPPY], min_shared=4, min_names=1, bar=0.75)
    assert index.find("Cecilia a 180 jours et 2 chats.") is None  # three shared values
    assert index.find("Ana a 180 jours, 2 chats et 110 livres.") is None  # no name
    many = "Cecilia zählt 180, 2, 110, 7, 9, 13, 15, 17, 19 und 21."
    assert index.find(many) is None  # its own numbers outweigh the item's
