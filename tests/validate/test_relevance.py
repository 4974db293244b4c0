"""validate.relevance: every verdict code on literal records, and its calibration on the
Self-Instruct seed tasks (real pairs against shuffled ones)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthloop.records import Record, Status
from synthloop.stages import StageContext
from synthloop.validate.relevance import Relevance, RelevanceParams, echo_share
from synthloop.validate.relevance_eval import evaluate, seed_pairs

STAGE = Relevance(RelevanceParams())


def judge(*data: dict[str, str]) -> list[Record]:
    records = [Record(id=str(i), data=d) for i, d in enumerate(data)]
    ctx = StageContext(spec_hash="h", stage=STAGE.label, stage_index=1, seed=0,
                       run_dir=Path.cwd())
    return asyncio.run(STAGE.process(records, ctx))


@pytest.mark.parametrize("data,code,reason", [
    ({"instruction": "Name a fruit."}, "no_response", "the record has no response field"),
    ({"instruction": "Name a fruit.", "response": "  \n"}, "empty", "the response is empty"),
    ({"instruction": "What is the capital of Peru?", "response": "I don't know."},
     "non_answer", "not an answer: \"I don't know\""),
    ({"instruction": "Write a poem about war.",
      "response": "I'm sorry, but I can't write that."},
     "non_answer", "not an answer: \"I'm sorry, but I can't\""),
    ({"instruction": "Who wrote Hamlet?", "response": "N/A"}, "non_answer",
     "not an answer: 'N/A'"),
    ({"instruction": "Summarize the plot of Hamlet.",
      "response": "summarize the plot of hamlet"}, "echo", "the response repeats the instruction"),
    ({"instruction": "List 2 advantages of working from home.",
      "response": "Sure: list 2 advantages of working from home"}, "echo",
     "83% of the response's word trigrams are copied from the instruction (echo_share 80%)"),
    ({"instruction": "Which year did the Berlin Wall fall, and who led East Germany then?",
      "response": "The year of the fall of the Berlin Wall and who led East Germany is an "
                  "interesting question; it depends on the sources you consult."}, "non_answer",
     "talk about the question, not an answer: every word it adds to the prompt ('interesting', "
     "'depends', 'sources', 'consult') is about asking, none about the subject"),
    ({"instruction": "How many legs does a spider have?",
      "response": "Spiders and their legs are worth looking into; many wonder about them."},
     "non_answer", "talk about the question, not an answer"),
    # by stem: "suggestions" is "suggest", "interestingly" "interest"
    ({"instruction": "How many legs does a spider have?",
      "response": "Spiders? Interesting question; suggestions about them depend on your source."},
     "non_answer", "talk about the question, not an answer: every word it adds to the prompt "
     "('interesting', 'suggestions', 'depend', 'source') is about asking"),
    ({"instruction": "How many legs does a spider have?",
      "response": "Interestingly, how many legs a spider has depends on the sources you consult."},
     "non_answer", "talk about the question, not an answer: every word it adds to the prompt "
     "('interestingly', 'depends', 'sources', 'consult')"),
    ({"instruction": "2 advantages of working from home:", "response": "Carrot"}, "off_topic",
     "the response is not about the instruction: similarity"),
    ({"instruction": "Write a SQL query that counts the rows of the table users.",
      "response": "We hiked up the mountain trail and saw a waterfall at noon."},
     "off_topic", "the response is not about the instruction: similarity"),
])
def test_rejections(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert record.status is Status.REJECTED
    assert verdict.check == f"validate.relevance.{code}"
    assert verdict.reason.startswith(reason)


def test_off_topic_reason_names_the_similarity_and_threshold() -> None:
    [record] = judge({"instruction": "2 advantages of working from home:",
                      "response": "Carrot"})
    verdict = record.verdicts[-1]
    assert verdict.score is not None and verdict.score < 0.2
    assert verdict.reason.endswith(f"similarity {verdict.score:.2f} < threshold 0.20")


@pytest.mark.parametrize("data,code", [
    ({"instruction": "Write a SQL query that counts the rows of the table users.",
      "response": "SELECT COUNT(*) FROM users;"}, "ok"),
    ({"instruction": "Give two advantages of working from home.",
      "response": "You save the commute, and you can organise your day around your work."},
     "ok"),
    # an answer in the prompt's own words adds nothing, and is no deflection
    ({"instruction": "Rewrite in the passive voice: the dog chased the postman down the road.",
      "response": "The postman was chased down the road by the dog."}, "ok"),
    # talk about the question beside a fact is an answer
    ({"instruction": "Which year did the Berlin Wall fall?",
      "response": "Good question: it fell in 1989, in November."}, "ok"),
    ({"instruction": "Is the sentence toxic?", "input": "You are lovely.", "response": "No"},
     "label"),
    ({"instruction": "Which passage answers the query?", "input": "1. ... 2. ... 3. ...",
      "response": "3"}, "label"),
    ({"instruction": "Choose a topic: politics, sports or science.",
      "input": "A new comet was seen.", "response": "Science."}, "label"),
    # a non-answer phrase on a later line of an answer does not make it one
    ({"instruction": "Write a birthday message for my grandmother, who turns 80.",
      "response": "Happy 80th birthday, Grandma!\nI'm not sure how you keep your energy, but "
                  "we love every birthday we spend with you."}, "ok"),
])
def test_acceptances(data: dict[str, str], code: str) -> None:
    [record] = judge(data)
    assert record.status is Status.OK
    assert record.verdicts[-1].check == f"validate.relevance.{code}"


def test_ok_carries_the_similarity_as_score() -> None:
    [record] = judge({"instruction": "Write a SQL query that counts the rows of the table users.",
                      "response": "SELECT COUNT(*) FROM users;"})
    assert record.verdicts[-1].score is not None and record.verdicts[-1].score >= 0.2


def test_a_short_answer_that_is_no_label_must_pass_the_similarity() -> None:
    # "Carrot" is short but neither yes/no, a number nor a phrase of the prompt
    [carrot, orange] = judge(
        {"instruction": "2 advantages of working from home:", "response": "Carrot"},
        {"instruction": "Name an orange vegetable.", "response": "Carrot"})
    assert carrot.verdicts[-1].check == "validate.relevance.off_topic"
    assert orange.verdicts[-1].check == "validate.relevance.ok"


def test_echo_share_counts_copied_trigrams() -> None:
    assert echo_share("the cat sat on the mat", "yesterday the cat sat on the mat") == 1.0
    assert echo_share("the cat sat here", "the cat sat on the mat") == 0.5
    assert echo_share("two words", "two words") == 0.0  # no trigram: the equality check's job


def test_seed_tasks_separate_real_from_shuffled_pairs(shared_data: Path) -> None:
    real, shuffled = seed_pairs(shared_data / "self-instruct-seed" / "seed_tasks.jsonl")
    assert len(real) == len(shuffled) == 175
    assert all(a["response"] != b["response"] for a, b in zip(real, shuffled, strict=True))
    result = evaluate(real, shuffled)
    assert result.auc >= 0.95
    assert result.false_rejection <= 0.05
    assert result.shuffled_accepted <= 0.15


@pytest.mark.parametrize("data,code,reason", [
    # a yes/no the prompt does not ask for answers nothing
    ({"instruction": "List two benefits of regular exercise.", "response": "Yes."},
     "non_answer", "'yes' to an instruction that asks no yes/no question"),
    ({"instruction": "Write a haiku about autumn leaves.",
      "response": "autumn leaves haiku autumn leaves haiku autumn poem leaves autumn"},
     "non_answer", "the prompt's words repeated, no sentence: 4 distinct words of 10"),
    ({"instruction": "Summarise the plot of Romeo and Juliet in one sentence.",
      "response": "Here is a one-sentence summary of the plot of Romeo and Juliet:"},
     "non_answer", "an introduction with nothing after it: 'Here is a one-sentence summary of "
     "the plot of Romeo and Juliet:'"),
    ({"instruction": "Summarise the plot of Romeo and Juliet in one sentence.",
      "response": "[Summary of the plot goes here]"},
     "non_answer", "not an answer: '[Summary of the plot goes here]'"),
    ({"instruction": "Translate 'good morning' into Spanish.",
      "response": "That is outside what I am able to help with today."},
     "non_answer", "not an answer: 'That is outside what I'"),
    ({"instruction": "Name three primary colours.",
      "response": "Which three colours do you think are the primary ones?"},
     "non_answer", "a question asked back, not an answer: 'Which three colours do you think are "
     "the primary ones?'"),
    ({"instruction": "How many bones are in the adult human body?",
      "response": "It depends on how you count them, so check an anatomy textbook."},
     "non_answer", "the instruction asks for a number or a date, and the response gives none"),
])
def test_probe_a_rejections(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == (f"validate.relevance.{code}", Status.REJECTED)
    assert verdict.reason.startswith(reason)


@pytest.mark.parametrize("data,code", [
    ({"instruction": "Tell me if the email is a promotion.", "input": "50% off all shoes!",
      "response": "yes"}, "label"),
    ({"instruction": "How many bones are in the adult human body?", "response": "206"},
     "label"),
    ({"instruction": "How many legs does a snake have?",
      "response": "A snake has no legs at all."}, "ok"),
    ({"instruction": "How much does a litre of water weigh?",
      "response": "About a kilogram, one thousand grams."}, "ok"),
    ({"instruction": "Write a question a teacher could ask about photosynthesis.",
      "response": "Why do plants need light to make sugar?"}, "ok"),
    # worked arithmetic repeats the question's names: working, not the prompt stuffed back
    ({"instruction": "Mia is 3 years older than Noor. Noor is 4 years older than Ines. Tom "
                     "is 3 years older than Ines. How many years older is Mia than Tom?",
      "response": "Mia is 3 + 4 = 7 years older than Ines.\nTom is 3 years older than Ines, "
                  "so Mia is 7 - 3 = 4 years older than Tom.\n#### 4"}, "ok"),
])
def test_probe_a_acceptances(data: dict[str, str], code: str) -> None:
    [record] = judge(data)
    assert (record.verdicts[-1].check, record.status) == (f"validate.relevance.{code}",
                                                          Status.OK)


@pytest.mark.parametrize("data,reason", [
    # a measure or a date asked for, none given: on the topic, so the similarity keeps it
    ({"instruction": "How tall is the Eiffel Tower?",
      "response": "The Eiffel Tower stands in Paris and was built for a World's Fair, though "
                  "its height has changed with its antennas."},
     "the instruction asks for a number or a date, and the response gives none"),
    ({"instruction": "When did the Titanic sink?",
      "response": "The Titanic sank on its maiden voyage after striking an iceberg."},
     "the instruction asks for a number or a date, and the response gives none"),
    ({"instruction": "Convert 3 pounds to kilograms.",
      "response": "Pounds are imperial and kilograms are metric units of mass."},
     "the instruction asks for a number or a date, and the response gives none"),
    # offers, plans and the request said back, and nothing else
    ({"instruction": "Name the largest desert in Asia.",
      "response": "To answer that, I will first check an atlas and then get back to you."},
     "talk around an answer, none given: 'To answer that, I will first check"),
    ({"instruction": "Give two uses of baking soda.",
      "response": "Sure! I'd be glad to help. Let me know if you need anything else."},
     "talk around an answer, none given: \"Sure! I'd be glad to help."),
    ({"instruction": "What is the capital of Kenya?",
      "response": "So you want to know what the capital city of Kenya is."},
     "talk around an answer, none given: 'So you want to know"),
    ({"instruction": "Who composed The Four Seasons?",
      "response": "As an AI, I don't have musical preferences of my own."},
     "not an answer: \"As an AI, I don't\""),
    # a yes/no or a number where neither is asked
    ({"instruction": "What is the largest planet?", "response": "No, not really."},
     "'no' to an instruction that asks no yes/no question"),
    ({"instruction": "Who discovered penicillin?", "response": "Twenty-eight."},
     "the instruction asks who or for a name, and the response is a number"),
    ({"instruction": "Name the author of Jane Eyre.", "response": "1847"},
     "the instruction asks who or for a name, and the response is a number"),
])
def test_probe_c_non_answers(data: dict[str, str], reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == ("validate.relevance.non_answer", Status.REJECTED)
    assert verdict.reason.startswith(reason)


@pytest.mark.parametrize("data,reason", [
    # the only number is one the question states: no year given
    ({"instruction": "In what year did the Voyager 2 probe pass Neptune?",
      "response": "Voyager 2 is one of the best-known probes and the only one to have visited "
                  "Neptune."},
     "the instruction asks for a number or a date, and the response gives only the prompt's "
     "own"),
    # talk about the language, in English only
    ({"instruction": "Translate 'good morning' into Spanish.",
      "response": "Spanish greetings change with the time of day and with how well you know "
                  "someone."},
     "the instruction asks for a translation into Spanish, and no part of the response is in "
     "another language than English"),
])
def test_on_topic_answers_that_give_nothing_asked(data: dict[str, str], reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == ("validate.relevance.non_answer", Status.REJECTED)
    assert verdict.reason.startswith(reason)


def test_the_input_copied_back_is_an_echo() -> None:
    [record] = judge({"instruction": "Summarise the text in five words.",
                      "input": "The bakery on Elm Street closes early on Sundays.",
                      "response": "The bakery on Elm Street closes early on Sundays."})
    assert (record.verdicts[-1].check, record.verdicts[-1].reason) == (
        "validate.relevance.echo", "the response repeats the input")


@pytest.mark.parametrize("data,code", [
    ({"instruction": "When did the Titanic sink?", "response": "In April 1912."}, "ok"),
    ({"instruction": "Is 15 a prime number?", "response": "No, 3 x 5."}, "ok"),
    ({"instruction": "Who discovered penicillin?", "response": "Alexander Fleming, in 1928."},
     "ok"),
    ({"instruction": "Translate 'good morning' into Spanish.",
      "response": "In Spanish you would say 'Buenos días'."}, "ok"),
    ({"instruction": "Translate 'thank you' into German.", "response": "Danke sch\u00f6n."},
     "ok"),
    # a number the prompt states may be part of an answer with a new one
    ({"instruction": "How many years after 1969 did Apollo 17 land?",
      "response": "Apollo 17 landed in 1972, 3 years after 1969."}, "ok"),
    # worked out, the answer may be a number the question states
    ({"instruction": "Tyler has 3 eggs and needs 4. How many more eggs does he need?",
      "response": "He needs 4 - 3 = 1 more egg."}, "ok"),
    # a plan followed by its working is an answer
    ({"instruction": "Convert 3 pounds to kilograms.",
      "response": "Let me work it out: 3 x 0.4536 = 1.36 kilograms."}, "ok"),
])
def test_probe_c_answers(data: dict[str, str], code: str) -> None:
    [record] = judge(data)
    assert (record.verdicts[-1].check, record.status) == (f"validate.relevance.{code}",
                                                          Status.OK)


@pytest.mark.parametrize("data,code", [
    # a capitalised name to a prompt that asks for one named thing is a label
    ({"instruction": "Give the chemical symbol for gold.", "response": "Au"}, "label"),
    ({"instruction": "Which ocean is the largest?", "response": "Pacific"}, "label"),
    # a lower-case word, or a prompt that asks for more than one thing, must pass the similarity
    ({"instruction": "Give the chemical symbol for gold.", "response": "carrot"}, "off_topic"),
    ({"instruction": "Describe the benefits of regular exercise.", "response": "Carrot"},
     "off_topic"),
    # one word where two items are asked is no label and too few items
    ({"instruction": "List two benefits of regular exercise.", "response": "Carrot"},
     "non_answer"),
])
def test_a_short_name_to_a_prompt_that_asks_for_one(data: dict[str, str], code: str) -> None:
    [record] = judge(data)
    assert record.verdicts[-1].check == f"validate.relevance.{code}"


@pytest.mark.parametrize("data,code,reason", [
    # a year in Roman numerals answers "when"
    ({"instruction": "When was the Magna Carta sealed?", "response": "MCCXV"}, "label",
     "a short label answer 'MCCXV'"),
    # a word made from the prompt's letters: the anagram or reversal asked for
    ({"instruction": "Reverse the letters of 'stressed'.", "response": "desserts"}, "label",
     "a short label answer 'desserts'"),
    # a scale word after "a few" is a quantity
    ({"instruction": "How many people came to the harbour festival?",
      "response": "A few thousand, by the organisers' count."}, "ok", ""),
])
def test_probe_i_answers_kept(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == (f"validate.relevance.{code}", Status.OK)
    assert verdict.reason.startswith(reason)


@pytest.mark.parametrize("data,reason", [
    # a word in a sentence's case that spells a numeral ("Mix") gives no year
    ({"instruction": "When did the museum in DC open?", "response": "Mix of both, really."},
     "the instruction asks for a number or a date, and the response gives none"),
])
def test_probe_i_no_year(data: dict[str, str], reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == ("validate.relevance.non_answer", Status.REJECTED)
    assert verdict.reason == reason


@pytest.mark.parametrize("data,code,reason", [
    ({"instruction": "Write a Bash command that lists hidden files.",
      "response": "Here you go:\n```bash\n```"}, "non_answer",
     "no answer in the response: only an empty code block after 'Here you go:'"),
    ({"instruction": "Write a JavaScript function that adds two numbers.",
      "response": "function add(a, b) {\n  // TODO\n}"}, "non_answer",
     "no answer in the response: only a stub with no body"),
    ({"instruction": "Write a Python function for the area of a circle.",
      "response": "```python\ndef area(r):\n    \"\"\"Area.\"\"\"\n"
                  "    raise NotImplementedError\n```"},
     "non_answer", "no answer in the response: only a stub with no body"),
    ({"instruction": "Describe how vaccines train the immune system.",
      "response": "https://www.example.org/vaccines"}, "non_answer",
     "no answer in the response: only a link"),
    ({"instruction": "Who painted the Mona Lisa?", "response": "The Mona Lisa was painted by the"},
     "non_answer", "the response stops before its answer, on 'the': 'The Mona Lisa was painted "
     "by the'"),
    ({"instruction": "How many legs does a spider have?",
      "response": "Q: How many legs does a spider have?\nA:"}, "echo",
     "the response is the instruction set out as a transcript, the answer's turn empty"),
])
def test_an_answer_with_nothing_in_it(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, record.status) == (f"validate.relevance.{code}", Status.REJECTED)
    assert verdict.reason == reason


@pytest.mark.parametrize("data", [
    {"instruction": "Write a Python function for the area of a circle.",
     "response": "```python\ndef area(r):\n    return 3.14159 * r * r\n```"},
    {"instruction": "Give me a link to the Python documentation.",
     "response": "https://docs.python.org/3/"},
    {"instruction": "Can penguins fly?", "response": "No, their wings are built for swimming"},
])
def test_an_answer_with_its_body_is_kept(data: dict[str, str]) -> None:
    [record] = judge(data)
    assert record.status == Status.OK, record.verdicts[-1].reason


PLANET = "Which planet is largest? 1) Mars 2) Jupiter 3) Venus. Reply with the number only."
TICKET = "Label this support ticket as billing, technical or account."


@pytest.mark.parametrize("data,code,reason", [
    ({"instruction": PLANET, "response": "4"}, "non_answer",
     "the response picks option 4, and the instruction offers 1, 2 and 3"),
    ({"instruction": PLANET, "response": "2"}, "label", "a short label answer '2'"),
    ({"instruction": TICKET, "input": "I was charged twice for my plan this month.",
      "response": "Call your bank and ask them to reverse the second payment."}, "non_answer",
     "the instruction asks to choose billing, technical or account, and the response names none "
     "of them"),
])
def test_a_choice_among_those_offered(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert verdict.check == f"validate.relevance.{code}"
    assert verdict.reason == reason


def test_a_label_named_in_a_sentence_is_a_choice() -> None:
    [record] = judge({"instruction": TICKET, "input": "I was charged twice for my plan.",
                      "response": "Billing: the customer was charged twice."})
    assert record.status == Status.OK, record.verdicts[-1].reason


@pytest.mark.parametrize("data,reason", [
    ({"instruction": "How does a bill become law in the United States?",
      "response": "Any civics textbook explains this step by step."},
     "the response says where the answer is ('textbook'), not what it is"),
    ({"instruction": "Which city is the oldest in Europe?",
      "response": "People disagree about which one is, and there are several candidates for "
                  "the title."},
     "talk about the question, not an answer: every word it adds to the prompt ('people', "
     "'disagree', 'several', 'candidates', 'title') is about asking, none about the subject"),
])
def test_a_pointer_or_a_hedge_is_no_answer(data: dict[str, str], reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, verdict.reason) == ("validate.relevance.non_answer", reason)


def test_an_answer_beside_a_pointer_is_kept() -> None:
    [record] = judge({"instruction": "Which gas do plants take in for photosynthesis?",
                      "response": "Plants take in carbon dioxide; any biology textbook explains "
                                  "this in detail."})
    assert record.status == Status.OK, record.verdicts[-1].reason


@pytest.mark.parametrize("data,reason", [
    ({"instruction": "What is the capital of Peru?", "response": "Sure! The capital of Peru is"},
     "the response stops before its answer, on 'is': 'Sure! The capital of Peru is'"),
    ({"instruction": "Explain how tides work.",
      "response": "More info here: https://www.example.org/tides"},
     "no answer in the response: only a link"),
])
def test_a_courtesy_before_a_cut_and_words_that_point_at_a_link(
        data: dict[str, str], reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, verdict.reason) == ("validate.relevance.non_answer", reason)


def test_a_sentence_that_answers_before_a_cut_is_kept() -> None:
    [record] = judge({"instruction": "What is the largest moon of Saturn?",
                      "response": "The largest one is Titan. It was discovered by the"})
    assert record.status == Status.OK, record.verdicts[-1].reason


@pytest.mark.parametrize("data,code,reason", [
    # a short answer to a prompt in another language: the English embedding cannot judge it
    ({"instruction": "Wie hei\u00dft die Hauptstadt von Frankreich?", "response": "Paris."},
     "label", "a short label answer 'Paris.'"),
    # a stub, a copy, a decline where the instruction asks for one
    ({"instruction": "Write the signature of a Python function add that takes two integers, "
                     "with an empty body.", "response": "def add(a: int, b: int) -> int:\n    ..."},
     "ok", ""),
    ({"instruction": "Copy this line word for word: 'All good things come to those who wait.'",
      "response": "All good things come to those who wait."}, "ok", ""),
    ({"instruction": "Write a short message turning down a job offer politely.",
      "response": "I'm sorry, but I can't accept the position at this time."}, "ok", ""),
    # a question where one is asked for, however far its words are from the instruction's
    ({"instruction": "Suggest a question a teacher could ask on the first day of school.",
      "response": "What did you enjoy most about the summer?"}, "label",
     "a question, as the instruction asks for one: 'What did you enjoy most about the summer?'"),
    # a name in Cyrillic capitals
    ({"instruction": "Who wrote Crime and Punishment?",
      "response": "\u0424\u0451\u0434\u043e\u0440 \u0414\u043e\u0441\u0442\u043e\u0435\u0432"
                  "\u0441\u043a\u0438\u0439."}, "label",
     "a short label answer '\u0424\u0451\u0434\u043e\u0440 \u0414\u043e\u0441\u0442\u043e\u0435"
     "\u0432\u0441\u043a\u0438\u0439.'"),
    # the same responses where the instruction asks for none of that
    ({"instruction": "Write a Python function add that returns the sum of two integers.",
      "response": "def add(a: int, b: int) -> int:\n    ..."}, "non_answer",
     "no answer in the response: only a stub with no body"),
    ({"instruction": "Explain the saying 'All good things come to those who wait.'",
      "response": "All good things come to those who wait."}, "echo",
     "100% of the response's word trigrams are copied from the instruction (echo_share 80%)"),
    ({"instruction": "Write a short message accepting a job offer.",
      "response": "I'm sorry, but I can't accept the position at this time."}, "non_answer",
     "not an answer: \"I'm sorry, but I can't\""),
    ({"instruction": "Name a good summer hobby.", "response": "What do you enjoy doing outdoors?"},
     "non_answer", "a question asked back, not an answer: 'What do you enjoy doing outdoors?'"),
    ({"instruction": "Who wrote Crime and Punishment?",
      "response": "\u0432 1866 \u0433\u043e\u0434\u0443."}, "non_answer",
     "the instruction asks who, and the response names no one as the one who did it"),
])
def test_answers_the_instruction_asks_for(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, verdict.reason) == (f"validate.relevance.{code}", reason)
    assert verdict.passed is (code in ("ok", "label"))


@pytest.mark.parametrize("data,code,reason", [
    # another language than the one the text is asked in
    ({"instruction": "Translate into English: 'Der Hund bellt die ganze Nacht.'",
      "response": "Le chien aboie toute la nuit."}, "off_topic",
     "the instruction asks for text in English, and the response is in French"),
    ({"instruction": "Write two sentences in Spanish about your weekend.",
      "response": "I went hiking on Saturday and watched a film on Sunday."}, "off_topic",
     "the instruction asks for text in Spanish, and the response is in English"),
    # a rating outside the scale stated, a template's slots, a link's words, a file pointed at,
    # questions asked back
    ({"instruction": "Score this essay on a scale of 1 to 10.",
      "input": "Essays teach us to think. I like them.", "response": "12"}, "non_answer",
     "the response rates 12, outside the scale the instruction states (1 to 10)"),
    ({"instruction": "Write a thank-you note to my teacher Mr Lee.",
      "response": "Dear {{teacher}}, thank you for {{reason}}."}, "non_answer",
     "not an answer: '{{teacher}}'"),
    ({"instruction": "Describe how rainbows form.",
      "response": "[Rainbow formation explained](https://example.org/rainbows)"}, "non_answer",
     "no answer in the response: only a link"),
    ({"instruction": "Name the planets of the solar system.",
      "response": "Kindly refer to the enclosed sheet planets.csv."}, "non_answer",
     "the response says where the answer is ('enclosed'), not what it is"),
    ({"instruction": "What is the tallest mountain in Africa?",
      "response": "Is it Mount Kenya? Or maybe Mount Stanley?"}, "non_answer",
     "a question asked back, not an answer: 'Is it Mount Kenya? Or maybe Mount Stanley?'"),
    # a measure for a "when"
    ({"instruction": "When was the Golden Gate Bridge opened?",
      "response": "Its towers rise 227 metres above the water."}, "non_answer",
     "the instruction asks for a number or a date, and the response gives no year"),
    # the same kinds of answer, right
    ({"instruction": "When was the Golden Gate Bridge opened?",
      "response": "It opened to traffic in 1937."}, "ok", ""),
    ({"instruction": "Write two sentences in Spanish about your weekend.",
      "response": "El s\u00e1bado fui de excursi\u00f3n y el domingo vi una pel\u00edcula."},
     "ok", ""),
    ({"instruction": "Score this essay on a scale of 1 to 10.",
      "input": "Essays teach us to think. I like them.", "response": "8"}, "label",
     "a short label answer '8'"),
])
def test_answers_of_the_wrong_kind(data: dict[str, str], code: str, reason: str) -> None:
    [record] = judge(data)
    verdict = record.verdicts[-1]
    assert (verdict.check, verdict.reason) == (f"validate.relevance.{code}", reason)
    assert verdict.passed is (code in ("ok", "label"))
