"""checks.answer_shape: the kind of answer an instruction asks for, missing from an on-topic
response (issue 22: relevance kept every on-topic non-answer of probe F)."""

from __future__ import annotations

import pytest

from synthloop.checks.answer_shape import asks_translation, missing


def shape(instruction: str, response: str) -> tuple[str, str] | None:
    return missing(response, instruction, instruction)


@pytest.mark.parametrize("instruction,response,verdict", [
    # a count answered with the year of an event
    ("How many bones does a cat's tail have?",
     "Cat skeletons were first catalogued by naturalists in 1798.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives only "
                    "the year of an event")),
    # a unit to answer in names a measure
    ("What is the melting point of lead in Celsius?",
     "Lead has been smelted since antiquity and melts easily in a campfire.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives none")),
    # a calculation with no result
    ("What is 30% of 70?", "A percentage is a share of a hundred.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives none")),
    # a year asked, a count given
    ("What year did the Hindenburg burn?", "The fire killed 36 people at Lakehurst.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives no "
                    "year")),
    # a century answers "when" but not "what year"
    ("What year was the printing press invented?",
     "It came about in the fifteenth century in Mainz.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives none")),
    # the listed items left out
    ("Sort these words alphabetically: pear, apple, fig.",
     "Alphabetical order compares the first letters, then the next.",
     ("non_answer", "the instruction asks for 3 items in order, and the response leaves out 3 "
                    "of them (pear, apple, fig)")),
    # the conversion turned round
    ("How do I convert miles to kilometres?",
     "To convert kilometres to miles, multiply by 0.621.",
     ("off_topic", "the instruction asks to convert miles to kilometres, and the response "
                   "converts kilometres to miles")),
    # a poem described, not written
    ("Write a haiku about rain.", "A haiku has three lines of five, seven and five syllables.",
     ("non_answer", "the instruction asks for a haiku, and the response is 1 line of text, not "
                    "a haiku")),
    # a quote holding a question mark before the language
    ("Translate 'How are you?' into Italian.",
     "Italian has a formal and an informal way to ask this.",
     ("non_answer", "the instruction asks for a translation into Italian, and no part of the "
                    "response is in another language than English")),
])
def test_a_missing_shape_is_named(instruction: str, response: str,
                                  verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("How many bones does a cat's tail have?", "About 20, catalogued in 1798."),
    ("How many moons does Mars have?", "Two."),
    ("What is the melting point of lead in Celsius?", "327.5 degrees."),
    ("What year did the Hindenburg burn?", "1937, at Lakehurst."),
    ("When was the printing press invented?", "In the fifteenth century."),
    ("When did the war end?", "On 8 May 1945."),
    ("Sort these words alphabetically: pear, apple, fig.", "apple, fig, pear"),
    ("How do I convert miles to kilometres?", "Multiply the miles by 1.609."),
    ("Write a haiku about rain.", "Soft rain on the roof\nthe gutters hum their one note\n"
                                  "the cat will not move"),
    ("Translate 'How are you?' into Italian.", "'Come stai?'"),
    ("Tyler has 3 eggs and needs 4. How many more eggs does he need?", "4 - 3 = 1 more egg."),
])
def test_the_shape_asked_is_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


def test_a_translation_is_asked_only_into_a_named_language() -> None:
    assert asks_translation("Translate 'Where is the station?' into German.")
    assert not asks_translation("Translate this sentence into plain words.")


@pytest.mark.parametrize("instruction,response,verdict", [
    # a deed asked, a place and a date given
    ("Who discovered penicillin?", "Penicillin was discovered in London in 1928 and changed "
     "medicine.", ("non_answer", "the instruction asks who, and the response names no one as "
                   "the one who did it")),
    ("Who built the first steam locomotive?", "The first steam locomotive ran on a tramway in "
     "Wales, hauling iron from the Penydarren works.",
     ("non_answer", "the instruction asks who, and the response names no one as the one who "
                    "did it")),
    # a name after another verb is a thing, not the doer
    ("Name the composer of The Four Seasons.", "The Four Seasons premiered in 1725 and inspired "
     "Baroque Week festivals.", ("non_answer", "the instruction asks who, and the response names "
                                 "no one as the one who did it")),
    ("Name the author of Dracula.", "Dracula was published in 1897 and influenced Nosferatu.",
     ("non_answer", "the instruction asks who, and the response names no one as the one who "
                    "did it")),
    # a reason asked, the question talked about
    ("Why do leaves change colour in autumn?", "Why leaves turn is something people wonder "
     "about every autumn.", ("non_answer", "the instruction asks why, and the response talks "
                             "about the question ('Why') and gives no reason (no 'because', "
                             "'so', 'due to', 'causes' or the like)")),
    ("Explain why bread goes stale.", "That is a question bakers hear all the time.",
     ("non_answer", "the instruction asks why, and the response talks about the question "
                    "('question') and gives no reason (no 'because', 'so', 'due to', 'causes' "
                    "or the like)")),
    # letters asked, what the thing does given
    ("What does NATO stand for?", "NATO is a military alliance founded in 1949 to defend its "
     "members.", ("non_answer", "the instruction asks what NATO stands for, and no words of the "
                  "response spell it out")),
    ("What does the abbreviation GPS stand for?", "GPS tells your phone where it is using "
     "satellites.", ("non_answer", "the instruction asks what GPS stands for, and no words of "
                     "the response spell it out")),
    # items asked, the category talked about
    ("List three benefits of cycling to work.", "Cycling to work has many benefits that "
     "commuters often mention.", ("non_answer", "the instruction asks for 3 benefits, and the "
                                  "response gives 1 item")),
    ("Name two uses of vinegar in cleaning.", "Vinegar has several uses in cleaning, and "
     "people swear by it.", ("non_answer", "the instruction asks for 2 uses, and the response "
                             "gives 1 item")),
])
def test_a_missing_name_reason_expansion_or_item_is_named(instruction: str, response: str,
                                                           verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("Who discovered penicillin?", "Alexander Fleming, in 1928."),
    ("Who discovered penicillin?", "It was discovered by Alexander Fleming in London."),
    ("Who built the first steam locomotive?", "Richard Trevithick built it in Wales."),
    ("Who should I ask for help?", "Your teacher."),  # no deed asked: any answer
    ("Name the author of Dracula.", "It was written by Bram Stoker."),
    ("Name the author of Dracula.", "Most readers know it: the author was Bram Stoker."),
    ("Who discovered penicillin?", "It is usually credited to Alexander Fleming."),
    ("Why do leaves change colour in autumn?", "Chlorophyll breaks down as days shorten, so "
                                               "yellow and red pigments show."),
    ("Why do leaves change colour in autumn?", "Shorter days."),  # a reason without a marker
    ("What does NATO stand for?", "North Atlantic Treaty Organization."),
    ("What does the abbreviation GPS stand for?", "Global Positioning System"),
    ("List three benefits of cycling to work.", "Fitness, lower costs and less traffic."),
    ("Name two uses of vinegar in cleaning.", "1. Descaling kettles\n2. Cleaning windows"),
])
def test_a_name_reason_expansion_or_items_are_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


@pytest.mark.parametrize("instruction,response,verdict", [
    # the relation asked, of another thing
    ("What is the capital of Canada?", "The capital of Australia is Canberra.",
     ("off_topic", "the instruction asks for the capital of Canada, and the response gives the "
                   "capital of Australia")),
    ("Name the currency of Japan.", "The currency of China is the yuan.",
     ("off_topic", "the instruction asks for the currency of Japan, and the response gives the "
                   "currency of China")),
    # another relation of the thing asked
    ("What is the capital of Canada?", "Toronto is the largest city in Canada.",
     ("off_topic", "the instruction asks for the capital of Canada, and the response gives the "
                   "largest city of Canada")),
    ("What is the longest river in Africa?", "The Congo is the deepest river in Africa.",
     ("off_topic", "the instruction asks for the longest river of Africa, and the response "
                   "gives the deepest river of Africa")),
    # a measure of a thing asked, none given
    ("What is the melting point of iron?", "Iron is a grey metal used to make steel.",
     ("non_answer", "the instruction asks for a number or a date, and the response gives none")),
    ("What is the population of Iceland?", "Iceland is a Nordic island country in the North "
     "Atlantic.", ("non_answer", "the instruction asks for a number or a date, and the response "
                   "gives none")),
])
def test_a_neighbouring_question_or_a_missing_measure_is_named(
        instruction: str, response: str, verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("What is the capital of Canada?", "Ottawa, not Toronto, which is the largest city in Canada."),
    ("What is the capital of Canada?", "The capital of Canada is Ottawa."),
    ("Name the currency of Japan.", "The yen; the currency of China is the yuan."),
    ("What is the melting point of iron?", "About 1,538 degrees Celsius."),
    ("What is the population of Iceland?", "Roughly 390,000 people."),
])
def test_the_relation_or_measure_asked_is_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


@pytest.mark.parametrize("instruction,response,verdict", [
    ("What is 20% of 150?", "Percentages are parts of a hundred, so divide by 100 first.",
     ("non_answer", "the instruction asks to calculate 20% of 150 (30), and the response states "
                    "no such result")),
    ("Calculate 12 times 7.", "Times tables are learned by heart by the age of 9.",
     ("non_answer", "the instruction asks to calculate 12 times 7 (84), and the response states "
                    "no such result")),
])
def test_a_calculation_without_its_result_is_named(instruction: str, response: str,
                                                   verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("What is 20% of 150?", "It is 30."),
    ("Calculate 12 times 7.", "Eighty-four."),
    ("Calculate 12 times 7.", "12 x 7 = 84"),
    ("What is 100 divided by 8?", "12.5"),
    ("What is the capital of France?", "Paris."),  # no calculation to read
])
def test_a_calculation_result_is_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


@pytest.mark.parametrize("instruction,response,verdict", [
    ("Where is Machu Picchu?", "Machu Picchu is a 15th-century Inca citadel admired by millions "
     "of visitors.", ("non_answer", "the instruction asks where, and the response names no "
                      "place")),
    ("Where is the Taj Mahal?", "The Taj Mahal was commissioned in 1632 by Shah Jahan for his "
     "wife.", ("non_answer", "the instruction asks where, and the response names no place")),
])
def test_a_where_without_a_place_is_named(instruction: str, response: str,
                                          verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("Where is Machu Picchu?", "In Peru, high in the Andes."),
    ("Where is the Taj Mahal?", "Agra, India."),
    ("Where is the Taj Mahal?", "It stands on the south bank of the Yamuna river."),
    ("Where can I buy stamps?", "A post office."),  # no named thing's place asked
])
def test_a_place_is_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


@pytest.mark.parametrize("instruction,response,verdict", [
    ("Give me a synonym for 'quick'.", "'Quick' is a short, common adjective that English "
     "borrowed from Old English.", ("non_answer", "the instruction asks for a word, and the "
                                    "response offers none: no short answer, list or quoted "
                                    "word besides the prompt's own")),
    ("What is the opposite of 'ancient'?", "Ancient things are those that come from a very long "
     "time ago, like old ruins.", ("non_answer", "the instruction asks for a word, and the "
                                   "response offers none: no short answer, list or quoted word "
                                   "besides the prompt's own")),
])
def test_a_word_asked_and_none_offered_is_named(instruction: str, response: str,
                                                verdict: tuple[str, str]) -> None:
    assert shape(instruction, response) == verdict


@pytest.mark.parametrize("instruction,response", [
    ("Give me a synonym for 'quick'.", "Rapid."),
    ("Give me a synonym for 'quick'.", "You could say 'swift' in most sentences."),
    ("Give me a synonym for 'quick'.", "Fast is the most common synonym in everyday speech."),
    ("What is the opposite of 'ancient'?", "modern, new, recent"),
])
def test_a_word_offered_is_found(instruction: str, response: str) -> None:
    assert shape(instruction, response) is None


@pytest.mark.parametrize("instruction,response,found", [
    ("Translate 'good night' into Portuguese.", "Buenas noches.",
     ("off_topic", "the instruction asks for a translation into Portuguese, and the response is "
      "in Spanish")),
    ("Translate 'thank you very much' into German.", "Sure! In German: Merci beaucoup.",
     ("off_topic", "the instruction asks for a translation into German, and the response is in "
      "French")),
    ("Translate 'good night' into Portuguese.", "Boa noite.", None),
    # too short to name a language: may be the translation
    ("Translate 'see you tomorrow' into Dutch.", "Tot morgen.", None),
])
def test_a_translation_into_another_language_than_asked(
        instruction: str, response: str, found: tuple[str, str] | None) -> None:
    assert missing(response, instruction, instruction) == found


@pytest.mark.parametrize("instruction,response,found", [
    ("Write a JavaScript function that sorts an array of names.",
     "function sortString(s) {\n  return s.split('').sort().join('');\n}",
     ("off_topic", "the instruction asks about a list, and the code's sortString works on a "
      "string")),
    ("Write a JavaScript function that sorts an array of names.",
     "function sortNames(names) {\n  return [...names].sort();\n}", None),
    ("Write a Python function that counts the words in a sentence.",
     "def count_words(text):\n    return len(text.split())", None),
])
def test_code_for_another_kind_of_data(instruction: str, response: str,
                                       found: tuple[str, str] | None) -> None:
    assert missing(response, instruction, instruction) == found
