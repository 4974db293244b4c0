"""validate.grounded binds each number of the answer to what its sources say it of: an answer
that picks the thing its evidence's numbers do not, or answers a question about one thing with a
real number of another, is ``unsupported``; the same numbers said of the right things pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from synthloop.checks.comparison import direction
from synthloop.records import Record
from tests.validate.test_grounded import judge

FROST = ("In the spring survey, 62% of the northern farms reported frost damage, against 35% of "
         "the southern farms.")
HARBOUR = ("The harbour wall is 640 metres long. Behind it, a 90 metre pier serves the ferries. "
           "Milk boils at 100 degrees at sea level. High in the Andes, at 4,000 metres, it boils "
           "at about 86 degrees.")


def qa(question: str, answer: str, quote: str, passage: str) -> Record:
    data: dict[str, Any] = {"question": question, "answer": answer, "evidence": [quote],
                            "context": [passage], "kind": "extractive"}
    return Record(id="r", data=data)


@pytest.mark.parametrize(("question", "answer"), [
    ("Which farms reported frost damage more often?", "The northern farms"),
    ("Which farms reported frost damage less often?", "The southern farms."),
    ("How did the regions compare?", "The northern farms reported frost damage more often than "
                                     "the southern farms."),
    ("What share of the northern farms reported frost damage?",
     "62%, more than the southern farms"),
])
def test_a_comparison_its_numbers_make_passes(tmp_path: Path, question: str,
                                               answer: str) -> None:
    rec = qa(question, answer, FROST, FROST)
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"


@pytest.mark.parametrize(("question", "answer", "reason"), [
    ("Which farms reported frost damage more often?", "The southern farms",
     "the answer picks what its evidence gives 35% ('against ... of the southern farms.'), but "
     "'more' picks 62% ('In the spring survey, ... of the northern farms reported frost "
     "damage')"),
    ("How did the regions compare?", "The southern farms reported frost damage more often than "
                                     "the northern farms.",
     "the answer picks what its evidence gives 35% ('against ... of the southern farms.'), but "
     "'more' picks 62% ('In the spring survey, ... of the northern farms reported frost "
     "damage')"),
    ("Which farms reported frost damage less often?", "The northern farms",
     "the answer picks what its evidence gives 62% ('In the spring survey, ... of the northern "
     "farms reported frost damage'), but 'less' picks 35% ('against ... of the southern "
     "farms.')"),
])
def test_a_comparison_turned_round_is_unsupported(tmp_path: Path, question: str, answer: str,
                                                  reason: str) -> None:
    assert judge(qa(question, answer, FROST, FROST), tmp_path) == (
        "validate.grounded.unsupported", reason, False)


def test_a_number_of_one_thing_for_a_question_about_another_is_unsupported(
        tmp_path: Path) -> None:
    rec = qa("How long is the pier?", "640 metres", "The harbour wall is 640 metres long",
             HARBOUR)
    assert judge(rec, tmp_path) == (
        "validate.grounded.unsupported",
        "the question asks about 'pier', which the passages give 90 metre ('Behind it, a ... "
        "metre pier serves the ferries.'); its evidence does not name it, so the answer's 640 metres "
        "is said of something else", False)


@pytest.mark.parametrize(("question", "answer", "quote"), [
    ("How long is the harbour wall?", "640 metres", "The harbour wall is 640 metres long"),
    ("How long is the harbour wall?", "0.64 km", "The harbour wall is 640 metres long"),
    # the evidence says "it" of the milk, but names the Andes the question asks about
    ("At what temperature does milk boil high in the Andes?", "About 86 degrees",
     "High in the Andes, at 4,000 metres, it boils at about 86 degrees"),
])
def test_a_number_of_the_thing_asked_passes(tmp_path: Path, question: str, answer: str,
                                            quote: str) -> None:
    assert judge(qa(question, answer, quote, HARBOUR), tmp_path)[0] == "validate.grounded.ok"


@pytest.mark.parametrize(("text", "found"), [
    ("Which farm is larger?", ("larger", 1)),
    ("the cheapest of them", ("cheapest", -1)),
    ("more than 2,000 people", None),
    ("at least 18 farms", None),
    ("100 acres more than twice that", None),
    ("$5 more", None),
])
def test_direction_reads_comparisons_not_bounds(text: str,
                                                found: tuple[str, int] | None) -> None:
    said = direction(text)
    assert (said[:2] if said else None) == found


@pytest.mark.parametrize("answer", ["35%", "About 35% of them."])
def test_the_number_of_the_thing_the_question_names_passes(tmp_path: Path, answer: str) -> None:
    rec = qa("What share of the southern farms reported frost damage?", answer, FROST, FROST)
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"


def test_another_thing_s_number_from_the_same_quote_is_unsupported(tmp_path: Path) -> None:
    rec = qa("What share of the southern farms reported frost damage?", "62%", FROST, FROST)
    assert judge(rec, tmp_path) == (
        "validate.grounded.unsupported",
        "the question asks about 'southern', which its evidence gives 35% ('against ... of the "
        "southern farms.'); the answer gives 62%, which it says of another thing ('In the "
        "spring survey, ... of the northern farms reported frost damage')", False)


YARDS = "The northern yard employs 1,850 people. The southern yard employs 420 people."


def test_a_bare_number_takes_the_kind_its_evidence_gives_it(tmp_path: Path) -> None:
    """"1,850" alone counts people, as its quote says: so the passages' 420 people of the
    southern yard, which the question asks about, show it is said of another yard."""
    rec = qa("How many people work at the southern yard?", "1,850",
             "The northern yard employs 1,850 people", YARDS)
    assert judge(rec, tmp_path) == (
        "validate.grounded.unsupported",
        "the question asks about 'southern', which the passages give 420 ('The southern yard "
        "employs ... people.'); its evidence does not name it, so the answer's 1,850 is said "
        "of something else", False)
    right = qa("How many people work at the northern yard?", "1,850",
               "The northern yard employs 1,850 people", YARDS)
    assert judge(right, tmp_path)[0] == "validate.grounded.ok"


VISITS = "The museum had 2,470,000 visitors in 2014 and 2,650,000 in 2013."


@pytest.mark.parametrize(("question", "answer", "passed"), [
    ("Which year had more visitors?", "2013", True),  # compares visitors, not years
    ("Which year had more visitors?", "2014", False),  # "2,650,000 in 2013": visitors too
    ("Which count came earlier, 2,470,000 or 2,650,000?", "2,650,000", True),
])
def test_years_are_ordered_only_by_earlier_and_later(tmp_path: Path, question: str,
                                                      answer: str, passed: bool) -> None:
    assert judge(qa(question, answer, VISITS, VISITS), tmp_path)[2] is passed


SHOW = ("Ana Ruiz grew a pear of 640 grams that won first prize, while Ben Cole's pear, grown on "
        "the north hill, weighed 580 grams. Ruiz's orchard has 300 trees; Cole keeps 40 hives.")
PEARS = ("Ana Ruiz grew a pear of 640 grams that won first prize, while Ben Cole's pear, grown on "
         "the north hill, weighed 580 grams")


@pytest.mark.parametrize(("question", "answer", "quote", "reason"), [
    ("How heavy was Ben Cole's pear?", "640 grams", PEARS,
     "the question asks about 'ben', which its evidence says beside 580 grams (\"while Ben "
     "Cole's pear, grown on the north hill, weighed ... grams\"), not beside the answer's 640 "
     "grams ('Ana Ruiz grew a pear of ... grams that won first prize')"),
    ("How many trees does Ben Cole have?", "300 trees",
     "Ruiz's orchard has 300 trees; Cole keeps 40 hives",
     "the question asks about 'cole', which its evidence says beside 40 ('Cole keeps ... "
     "hives'), not beside the answer's 300 (\"Ruiz's orchard has ... trees;\")"),
])
def test_a_number_the_evidence_says_beside_another_name_is_unsupported(
        tmp_path: Path, question: str, answer: str, quote: str, reason: str) -> None:
    assert judge(qa(question, answer, quote, SHOW), tmp_path) == (
        "validate.grounded.unsupported", reason, False)


@pytest.mark.parametrize(("question", "answer", "quote"), [
    ("How heavy was Ben Cole's pear?", "580 grams", PEARS),
    ("How many trees are in Ana Ruiz's orchard?", "300 trees",
     "Ruiz's orchard has 300 trees; Cole keeps 40 hives"),
])
def test_a_number_said_beside_the_name_asked_passes(tmp_path: Path, question: str, answer: str,
                                                    quote: str) -> None:
    assert judge(qa(question, answer, quote, SHOW), tmp_path)[0] == "validate.grounded.ok"


OPENING = ("The mayor, Ada Lind, opened the new library, while her deputy, Omar Berg, opened "
           "the pool. Ada Lind and Omar Berg arrived early. The two officials cut the ribbon.")


def test_a_name_from_another_claim_of_the_sentence_is_unsupported(tmp_path: Path) -> None:
    quote = ("The mayor, Ada Lind, opened the new library, while her deputy, Omar Berg, opened "
             "the pool")
    assert judge(qa("Who opened the new library?", "Omar Berg", quote, OPENING), tmp_path) == (
        "validate.grounded.unsupported",
        "the answer's 'berg' is in another claim of its evidence ('her deputy, Omar Berg, opened "
        "the pool') than the one the question asks about ('The mayor, Ada Lind, opened the new "
        "library')", False)
    right = qa("Who opened the new library?", "Ada Lind", quote, OPENING)
    assert judge(right, tmp_path)[0] == "validate.grounded.ok"


def test_names_from_another_sentence_may_answer_what_a_claim_says_of_them(
        tmp_path: Path) -> None:
    rec = qa("Who cut the ribbon?", "Ada Lind and Omar Berg", "", OPENING)
    rec.data["evidence"] = ["Ada Lind and Omar Berg arrived early",
                            "The two officials cut the ribbon"]
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"


FERRY = "The ferry now carries about 900 cars a week, up from 600 before the new pier opened."


@pytest.mark.parametrize(("question", "answer", "reason"), [
    ("How many cars a week did the ferry carry before the new pier opened?", "About 900.",
     "the question asks for the number 'before' a change, which its evidence gives as 600 ('up "
     "from ... before the new pier opened.'); the answer's 900 is from the other side of it"),
    ("How many cars a week does the ferry carry now?", "600 cars",
     "the question asks for the number 'now' a change, which its evidence gives as 900 ('The "
     "ferry now carries about ... cars a week'); the answer's 600 is from the other side of "
     "it"),
])
def test_a_number_from_the_other_side_of_a_change_is_unsupported(
        tmp_path: Path, question: str, answer: str, reason: str) -> None:
    assert judge(qa(question, answer, FERRY, FERRY), tmp_path) == (
        "validate.grounded.unsupported", reason, False)


@pytest.mark.parametrize(("question", "answer"), [
    ("How many cars a week did the ferry carry before the new pier opened?", "About 600."),
    ("How many cars a week does the ferry carry now?", "About 900 cars."),
])
def test_the_number_from_the_side_of_the_change_asked_passes(tmp_path: Path, question: str,
                                                             answer: str) -> None:
    assert judge(qa(question, answer, FERRY, FERRY), tmp_path)[0] == "validate.grounded.ok"


BOAT = "Tom sold his half of the boat to a friend; Sam, who had sailed it for years, kept his."


@pytest.mark.parametrize(("question", "answer", "reason"), [
    # the words the question asks with ("kept") are said of Sam, not of the answer's Tom
    ("Which of the two brothers kept the boat?", "Tom kept his half.",
     "the answer says of 'tom' what its evidence says of another ('Sam, who had sailed it for "
     "years, kept his.'); of 'tom' it says 'Tom sold his half of the boat to a friend'"),
    # a pronoun is the question's name, and what the answer adds is said of Tom
    ("Did Sam keep his half of the boat?", "No, he sold it to a friend.",
     "the answer says of 'sam' what its evidence says of another ('Tom sold his half of the "
     "boat to a friend'); of 'sam' it says 'Sam, who had sailed it for years, kept his.'"),
])
def test_a_claim_said_of_another_of_the_sentence_is_unsupported(tmp_path: Path, question: str,
                                                                answer: str, reason: str) -> None:
    assert judge(qa(question, answer, BOAT, BOAT), tmp_path) == (
        "validate.grounded.unsupported", reason, False)


@pytest.mark.parametrize(("question", "answer"), [
    ("Which of the two brothers kept the boat?", "Sam kept his."),
    ("What did the brothers do with the boat?", "Tom sold his half to a friend; Sam kept his."),
])
def test_a_claim_said_of_whom_the_evidence_says_it_passes(tmp_path: Path, question: str,
                                                          answer: str) -> None:
    assert judge(qa(question, answer, BOAT, BOAT), tmp_path)[0] == "validate.grounded.ok"


def test_the_question_s_words_bind_only_a_name_the_question_does_not_give(
        tmp_path: Path) -> None:
    # "half" is the question's premise here, not what the answer says of Sam: Tom's "half" of
    # the boat does not make the answer about Tom
    rec = qa("Did Sam keep his half of the boat?", "Yes, Sam kept his half.", BOAT, BOAT)
    assert judge(rec, tmp_path)[0] == "validate.grounded.ok"


HALL = ("Its director, Ida Moss, raised the roof of the west hall, while her curator, Lev Hart, "
        "catalogued the coins.")


@pytest.mark.parametrize("answer", ["Yes, he did.", "Yes, he raised the roof of the west hall."])
def test_a_yes_to_what_the_evidence_says_of_another_is_unsupported(tmp_path: Path,
                                                                   answer: str) -> None:
    assert judge(qa("Did Lev Hart raise the roof?", answer, HALL, HALL), tmp_path) == (
        "validate.grounded.unsupported",
        "the answer says of 'hart' what its evidence says of another ('Its director, Ida Moss, "
        "raised the roof of the west hall'); of 'hart' it says 'her curator, Lev Hart, "
        "catalogued the coins.'", False)


@pytest.mark.parametrize(("question", "answer"), [
    ("Did Ida Moss raise the roof?", "Yes, she raised the roof."),
    ("Did Lev Hart raise the roof?", "No, he catalogued the coins."),
])
def test_a_yes_or_no_that_the_evidence_bears_out_passes(tmp_path: Path, question: str,
                                                        answer: str) -> None:
    assert judge(qa(question, answer, HALL, HALL), tmp_path)[0] == "validate.grounded.ok"


LIGHTHOUSE = ("The Holm lighthouse was built in 1874. Its keeper, Ada Lund, took over from Per "
              "Dahl when he retired in 1931.")


def test_a_year_beside_the_person_a_who_question_asks_for_is_no_answer_to_bind(
        tmp_path: Path) -> None:
    """The passages' 1874 is said of "Holm", which the quote does not name; but "who" asks
    for a person, and the answer's 1931 only tells when she took over."""
    rec = qa("Who keeps the Holm lighthouse?", "Ada Lund; she took over from Per Dahl when he "
             "retired in 1931.", "Its keeper, Ada Lund, took over from Per Dahl when he retired "
             "in 1931", LIGHTHOUSE)
    assert judge(rec, tmp_path) == ("validate.grounded.ok", "1 evidence span(s) found", True)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("650 loaves a week.", "ok", "1 evidence span(s) found"),
    ("400 loaves a week.", "unsupported",
     "the question asks about 'summer', which its evidence gives 650 ('... loaves a week in "
     "summer.'); the answer gives 400, which it says of another thing ('The bakery sells ... "
     "loaves a week in winter')"),
])
def test_a_number_is_said_of_the_qualifier_past_its_noun_and_rate(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    bakery = "The bakery sells 400 loaves a week in winter and 650 loaves a week in summer."
    rec = qa("How many loaves a week does the bakery sell in summer?", answer, bakery, bakery)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


CHOIR = ("The choir's founding conductor, Ada Lind, stepped down in 2015; her successor, Piet "
         "Maas, conducts it today.")


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("Who conducts the choir now?", "Piet Maas.", "ok", "1 evidence span(s) found"),
    ("Who conducts the choir now?", "Ada Lind.", "unsupported",
     "the question asks who it is 'now', but its evidence says the answer's 'Ada Lind' 'stepped "
     "down' (\"The choir's founding conductor, Ada Lind, stepped down in 2015\"): that is over"),
    ("Who conducted the choir before 2015?", "Ada Lind.", "ok", "1 evidence span(s) found"),
    ("Who conducted the choir before 2015?", "Piet Maas.", "unsupported",
     "the question asks who it is 'before', but its evidence says the answer's 'Piet Maas' is "
     "so still ('in 2015; her successor, Piet Maas, conducts it today.')"),
    ("Who conducts the choir now?", "Piet Maas, who took over when Ada Lind stepped down.", "ok",
     "1 evidence span(s) found"),
])
def test_a_name_whose_role_is_over_is_not_who_holds_it_now(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    rec = qa(question, answer, CHOIR, CHOIR)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


HALLS = ["The old mill was bought in 1998 by Tove Brun, who runs it as a bakery.",
         "At the spring fair, the potter Jens Ruud took the prize for best stall."]


@pytest.mark.parametrize(("answer", "quotes", "code", "reason"), [
    ("Jens Ruud.", ["the potter Jens Ruud took the prize for best stall"], "ok",
     "1 evidence span(s) found"),
    ("Tove Brun.", ["bought in 1998 by Tove Brun", "took the prize for best stall"],
     "unsupported", "the answer's 'Tove Brun' is not whom its passage says it of: the quote "
     "that answers is cut from 'At the spring fair, the potter Jens Ruud took the prize for "
     "best stall', which says it of 'Jens Ruud'"),
])
def test_a_quote_cut_past_its_subject_says_it_of_its_sentence_s_name(
        tmp_path: Path, answer: str, quotes: list[str], code: str, reason: str) -> None:
    data: dict[str, Any] = {"question": "Who took the prize for best stall?", "answer": answer,
                            "evidence": quotes, "context": HALLS, "kind": "extractive"}
    rec = Record(id="r", data=data)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


LIBRARY = ("The library extended its opening hours last spring, but a roof leak closed the "
           "reading room in May.")
LEAK = "The reading room closed in May, but only because a roof leak flooded it."


@pytest.mark.parametrize(("answer", "passage", "code", "reason"), [
    ("A roof leak.", LIBRARY, "ok", "1 evidence span(s) found"),
    ("Because the library extended its opening hours last spring.", LIBRARY, "unsupported",
     "the answer's 'library' is in another claim of its evidence ('The library extended its "
     "opening hours last spring') than the one the question asks about ('a roof leak closed "
     "the reading room in May.')"),
    ("A roof leak flooded it.", LEAK, "ok", "1 evidence span(s) found"),  # the linked claim
])
def test_an_answer_from_another_claim_of_the_sentence_is_unsupported(
        tmp_path: Path, answer: str, passage: str, code: str, reason: str) -> None:
    rec = qa("Why was the reading room closed in May?", answer, passage, passage)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


ZOO = ("Berne's zoo opened in 1937. Its bear enclosure covers 6,000 square metres and houses "
       "4 bears.")


@pytest.mark.parametrize(("question", "code", "reason"), [
    ("How many bears did the zoo house when it opened?", "ok", "declines as it should"),
    ("How many keepers does the bear enclosure have?", "ok", "declines as it should"),
    ("How many bears does the enclosure of Berne's zoo house?", "unsupported",
     "the passages answer the question said to be unanswerable: 'Its bear enclosure covers "
     "6,000 square metres and houses 4 bears.' gives 4"),
])
def test_an_unanswerable_question_its_passage_answers_is_unsupported(
        tmp_path: Path, question: str, code: str, reason: str) -> None:
    data: dict[str, Any] = {"question": question, "answer": "unanswerable", "evidence": [],
                            "context": [ZOO], "kind": "unanswerable"}
    assert judge(Record(id="r", data=data), tmp_path)[:2] == (f"validate.grounded.{code}",
                                                              reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("The old lighthouse is 47 metres tall.", "ok", "1 evidence span(s) found"),
    ("47 metres, taller than any other lighthouse on the coast.", "unsupported",
     "the answer says 'taller', a comparison that neither its evidence nor the question makes"),
])
def test_a_comparison_the_evidence_does_not_make_is_unsupported(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    tower = "Built in 1871, the old lighthouse is 47 metres tall."
    rec = qa("How tall is the old lighthouse?", answer, tower, tower)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("question", "answer", "passages", "quotes"), [
    # "former" and "left" may end another role than the one asked about
    ("Who coaches the team now?", "Jonas Lie.", ["Former player Jonas Lie coaches the team."],
     ["Former player Jonas Lie coaches the team"]),
    ("Who runs Kelp now?", "Anna Berg.",
     ["Anna Berg left Fjord Labs in 2019 to found Kelp, which she still runs."],
     ["Anna Berg left Fjord Labs in 2019 to found Kelp, which she still runs"]),
    # a quote that opens with its own subject ("the team") cut none off
    ("Which team won the league in 2019?", "The Falcons.",
     ["In 2019, under coach Lena Park, the team won the league.",
      "The team is called the Falcons."],
     ["the team won the league", "The team is called the Falcons"]),
    # a claim joined by ", and" may give the cause
    ("Why did the bridge close in May?", "Engineers found cracks in its deck.",
     ["The bridge closed in May, and engineers found cracks in its deck."],
     ["The bridge closed in May, and engineers found cracks in its deck"]),
    # two numbers the answer may compare
    ("How does the new hall compare with the old one?",
     "The new hall is larger than the old one.",
     ["The new hall seats 500; the old one seated 300."],
     ["The new hall seats 500; the old one seated 300."]),
])
def test_right_answers_that_bind_by_role_clause_or_comparison_pass(
        tmp_path: Path, question: str, answer: str, passages: list[str],
        quotes: list[str]) -> None:
    data: dict[str, Any] = {"question": question, "answer": answer, "evidence": quotes,
                            "context": passages, "kind": "extractive"}
    assert judge(Record(id="r", data=data), tmp_path)[:2] == (
        "validate.grounded.ok", f"{len(quotes)} evidence span(s) found")


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("How deep is Lake Orrin?", "Up to 96 metres.", "ok", "1 evidence span(s) found"),
    ("How long is Lake Orrin?", "96 metres.", "unsupported",
     "the question asks about 'lake', which the passages give 14 kilometres ('Lake Orrin is "
     "... kilometres long'); its evidence does not name it, so the answer's 96 metres is said "
     "of something else"),
])
def test_a_number_said_with_the_dimension_asked_is_of_the_thing_asked(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    lake = "Lake Orrin is 14 kilometres long and up to 96 metres deep."
    rec = qa(question, answer, "up to 96 metres deep", lake)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("Greta Lund's brother Nils Lund.", "ok", "2 evidence span(s) found"),
    ("Greta Lund.", "unsupported", "the answer's 'Greta Lund' is not whom its passage says it "
     "of: the quote that answers is cut from 'Greta Lund opened the bookshop in 2001 with her "
     "brother Nils Lund, who left in 2008 to teach', which says it of 'Nils Lund'"),
])
def test_the_name_nearest_a_quote_cut_past_its_subject_is_its_subject(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    shop = "Greta Lund opened the bookshop in 2001 with her brother Nils Lund, who left in 2008 " \
           "to teach."
    data: dict[str, Any] = {"question": "Who left the bookshop in 2008 to teach?",
                            "answer": answer, "context": [shop], "kind": "extractive",
                            "evidence": ["Greta Lund opened the bookshop in 2001 with her "
                                         "brother Nils Lund", "who left in 2008 to teach"]}
    assert judge(Record(id="r", data=data), tmp_path)[:2] == (f"validate.grounded.{code}",
                                                              reason)


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("How many stalls did the 2019 market have?", "64 stalls.", "ok",
     "1 evidence span(s) found"),
    ("How many stalls did the 2015 market have?", "64 stalls.", "unsupported",
     "the question asks about 2015, which its evidence does not give; it says the answer's 64 "
     "beside 2019 ('The 2019 market had ... stalls.')"),
])
def test_a_number_said_beside_another_year_than_the_one_asked_is_unsupported(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    market = "The market began in 2015. The 2019 market had 64 stalls."
    rec = qa(question, answer, "The 2019 market had 64 stalls.", market)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("At 9 a.m.", "ok", "1 evidence span(s) found"),
    ("At 11 a.m.", "unsupported",
     "the question asks about 'open', which its evidence gives 9 ('On weekdays the pool "
     "opens at ... a.m.'); the answer gives 11, which it says of another thing ('on Sundays at "
     "... a.m.')"),
])
def test_times_of_day_are_bound_to_what_the_evidence_says_them_of(
        tmp_path: Path, answer: str, code: str, reason: str) -> None:
    pool = "On weekdays the pool opens at 9 a.m., on Sundays at 11 a.m."
    rec = qa("When does the pool open on weekdays?", answer, pool, pool)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


@pytest.mark.parametrize(("answer", "code", "reason"), [
    ("4 pounds.", "ok", "1 evidence span(s) found"),
    ("7 pounds.", "unsupported",
     "the question asks about \"child's\", which its evidence gives 4 pounds ('... pounds for "
     "children.'); the answer gives 7 pounds, which it says of another thing ('A day pass "
     "costs ... pounds for women')"),
])
def test_an_irregular_plural_is_its_singular(tmp_path: Path, answer: str, code: str,
                                            reason: str) -> None:
    fair = "A day pass costs 7 pounds for women and 4 pounds for children."
    rec = qa("What does a child's day pass cost?", answer, fair, fair)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)


CLUB = "The chess club has 80 members. Most of them live in town; the others commute from Brest."


@pytest.mark.parametrize(("question", "answer", "code", "reason"), [
    ("How many members does the chess club have?", "80 members.", "ok",
     "1 evidence span(s) found"),
    ("How many members commute from Brest?", "80 members.", "unsupported",
     "the question asks about 'commute', which the passages say of a part of the group its "
     "evidence counts ('the others commute from Brest.'): the answer gives the whole"),
])
def test_the_whole_group_s_count_for_a_part_of_it_is_unsupported(
        tmp_path: Path, question: str, answer: str, code: str, reason: str) -> None:
    rec = qa(question, answer, "The chess club has 80 members", CLUB)
    assert judge(rec, tmp_path)[:2] == (f"validate.grounded.{code}", reason)
