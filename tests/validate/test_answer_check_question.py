"""answer_check with the record's question: the final answer in the unit asked, and a step
that subtracts or divides where the question asks what is left, how many more, or a mean."""

from __future__ import annotations

import pytest

from synthloop.records import Record
from synthloop.stages import Pass, Reject
from synthloop.validate.answer_check import AnswerCheck, AnswerCheckParams

CHECK = AnswerCheck(AnswerCheckParams(answer_field=None))
MUGS = "Each mug takes 20 minutes to glaze. How many hours do 6 mugs take?"
FARE = "A bus ticket costs 80 cents. How much do 5 tickets cost, in cents?"
SHARE = "Of 20 dogs, 5 are black. What percent of the dogs are black?"
CARDS = "Ali had 50 cards. He gave 12 to Jo and 8 to Mia. How many cards does he have left?"
MEAN = "Three bags weigh 4, 6 and 8 kilograms. What is the average weight of a bag?"


def verdict(question: str | None, trace: str) -> tuple[str, str]:
    data = {"trace": trace} | ({"question": question} if question else {})
    outcome = CHECK.check(Record(id="r1", data=data))
    assert isinstance(outcome, Pass | Reject)
    return outcome.code, outcome.reason


@pytest.mark.parametrize("question,trace,code,reason", [
    (MUGS, "6 mugs take 20 * 6 = 120 minutes.\n#### 120", "wrong_unit",
     "the question asks for hours; the final answer 120 is in minutes"),
    (MUGS, "6 mugs take 20 * 6 = 120 minutes.\n120 / 60 = 2 hours.\n#### 2", "ok", ""),
    (None, "6 mugs take 20 * 6 = 120 minutes.\n#### 120", "ok", ""),  # no question to read
    (FARE, "80 cents is $0.80.\n5 tickets cost 0.80 * 5 = $4.00.\n#### 4", "wrong_unit",
     "the question asks for cents; the final answer 4 is in dollars"),
    (FARE, "5 tickets cost 80 * 5 = 400 cents.\n#### 400", "ok", ""),
    # the unit written only on a calculator mark's far side: "$<<10000/100=100>>100"
    (FARE, "80 * 5 = <<80*5=400>>400 cents, and 400 cents make $<<400/100=4>>4\n#### 4",
     "wrong_unit", "the question asks for cents; the final answer 4 is in dollars"),
    (SHARE, "5 / 20 = 0.25 of the dogs.\n#### 0.25", "wrong_unit",
     "the question asks for a percent; the final answer 0.25 is a share (25%)"),
    (SHARE, "5 / 20 = 0.25, and 0.25 * 100 = 25.\n#### 25%", "ok", ""),
])
def test_the_final_answer_is_in_the_unit_the_question_asks(
        question: str | None, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    (CARDS, "He gave away 12 + 8 = 20 cards.\n#### 20", "wrong_quantity",
     "the question asks what is left or how many more, and no step subtracts"),
    (CARDS, "He gave away 12 + 8 = 20 cards.\n50 - 20 = 30 are left.\n#### 30", "ok", ""),
    ("A red jar has 30 beads and a blue jar twice as many. How many more beads are in the "
     "blue jar than in the red one?", "The blue jar has 30 * 2 = 60 beads.\n#### 60",
     "wrong_quantity", "the question asks what is left or how many more, and no step subtracts"),
    # "left" in a condition, not in what is asked
    ("If Sam has 20 cards left after giving half away, how many did he start with?",
     "He started with 20 * 2 = 40 cards.\n#### 40", "ok", ""),
    (MEAN, "They weigh 4 + 6 + 8 = 18 kilograms.\n#### 18", "wrong_quantity",
     "the question asks for an average, and no step divides"),
    (MEAN, "They weigh 4 + 6 + 8 = 18 kilograms, and 18 / 3 = 6.\n#### 6", "ok", ""),
])
def test_a_question_for_a_difference_or_a_mean_needs_a_step_that_gives_one(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


# Each operand comes from the problem, the trace's prose, an earlier step or a known fact.
ORCHARD = "An orchard has 14 rows of 9 trees. A storm fells 11 trees. How many trees stand?"
BUS = ("A bus carries 32 people in the morning and 27 in the evening. Each ticket is $3. How "
       "much do the tickets bring in a day?")


@pytest.mark.parametrize("question,trace,code,reason", [
    # a number misread from the problem (13 rows for 14), every step consistent
    (ORCHARD, "13 * 9 = 117 trees.\n117 - 11 = 106 stand.\n#### 106", "unsourced_number",
     "step 1 (13 * 9) uses 13, which the question does not state, the trace does not say, and "
     "no earlier step computes"),
    (ORCHARD, "14 * 9 = 126 trees.\n126 - 11 = 115 stand.\n#### 115", "ok", ""),
    # a carried value no step computed (the evening's 27 * 3 = 81 carried as 84)
    (BUS, "Morning: 32 * 3 = 96 dollars.\nEvening: 27 * 3 = 81 dollars.\nA day: 96 + 84 = 180 "
     "dollars.\n#### 180", "unsourced_number", "step 3 (96 + 84) uses 84, which the question "
     "does not state, the trace does not say, and no earlier step computes"),
    (BUS, "Morning: 32 * 3 = 96 dollars.\nEvening: 27 * 3 = 81 dollars.\nA day: 96 + 81 = 177 "
     "dollars.\n#### 177", "ok", ""),
    # sourced without a step: a number said in prose, two weeks as 14 days, 16 ounces a pound,
    # a mental difference of two of the problem's numbers ($6 less than $28)
    ("A shop sells 40 cakes a day. How many cakes does it sell in two weeks?",
     "It sells every day for 14 days.\n40 * 14 = 560 cakes.\n#### 560", "ok", ""),
    ("A bag holds 3 pounds of rice. How many ounces is that?", "3 * 16 = 48 ounces.\n#### 48",
     "ok", ""),
    ("Jeans cost $28 and a shirt costs $6 less. What do both cost?",
     "28 + 22 = 50 dollars.\n#### 50", "ok", ""),
    ("Ann has 120 stamps. She gives some away and has 75 left, then buys 30. How many now?",
     "She has 75 stamps, so 75 + 30 = 105.\n#### 105", "ok", ""),
    # a value computed and then written again in other terms: its operands carry nothing new
    ("A crate holds 18 jars. How many jars are in 3 crates?",
     "3 * 18 = 3 * 20 - 3 * 2 = 60 - 6 = 54 jars.\n#### 54", "ok", ""),
    ("A tray holds 25 buns. How many buns are on 4 trays?",
     "4 * 25 = 100, that is 50 + 50 = 100 buns.\n#### 100", "ok", ""),
    # ... but a new value built on an unsourced operand still fails
    ("A crate holds 18 jars. How many jars are in 3 crates?",
     "3 * 18 = 54 jars.\n54 + 17 = 71 jars.\n#### 71", "unsourced_number",
     "step 2 (54 + 17) uses 17, which the question does not state, the trace does not say, and "
     "no earlier step computes"),
])
def test_operands_come_from_the_problem(question: str, trace: str, code: str,
                                        reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


RUNS = "Lena ran 12 km, Tom ran 9 km and Ivo ran 15 km. How many more km did Ivo run than Tom?"
SHELVES = ("A short shelf holds 24 books, a tall shelf holds 40 books and a box holds 30 books. "
           "How many more books does the tall shelf hold than the short shelf?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (RUNS, "Ivo ran 15 - 12 = 3 km more.\n#### 3", "answer_mismatch", "the question compares "
     "'tom' with another, and no step uses a number of 'Tom ran 9 km'"),
    (RUNS, "Ivo ran 15 - 9 = 6 km more.\n#### 6", "ok", ""),
    (SHELVES, "40 - 30 = 10 more books.\n#### 10", "answer_mismatch", "the question compares "
     "'short' with another, and no step uses a number of 'A short shelf holds 24 books'"),
    (SHELVES, "40 - 24 = 16 more books.\n#### 16", "ok", ""),
])
def test_a_difference_uses_both_things_compared(question: str, trace: str, code: str,
                                                reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


PAY = "Kai earns $20 an hour and Lu earns $15 an hour. They each work 6 hours. How much do they " \
      "earn together?"
RAIN = "Oslo got 40 mm of rain and Bergen got 95 mm. How much rain did the two cities get combined?"


@pytest.mark.parametrize("question,trace,code,reason", [
    (PAY, "Kai works 6 hours: 20 * 6 = 120 dollars.\n#### 120", "answer_mismatch",
     "the question asks about 'lu' too, and no step uses a number of 'Lu earns $15 an hour'"),
    (PAY, "20 * 6 = 120 and 15 * 6 = 90, so 120 + 90 = 210 dollars.\n#### 210", "ok", ""),
    (RAIN, "Twice Oslo's rain: 40 * 2 = 80 mm.\n#### 80", "answer_mismatch",
     "the question asks about 'bergen' too, and no step uses a number of 'Bergen got 95 mm'"),
    (RAIN, "40 + 95 = 135 mm.\n#### 135", "ok", ""),
    # one person named: "both pairs" leaves nobody out
    ("Ida buys two lamps: one for $30 and one 50% dearer. What do both cost?",
     "50% of 30 is 15, so 30 + 15 = 45.\n45 + 30 = 75.\n#### 75", "ok", ""),
])
def test_together_uses_everyone_named(question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    # a percent change taken of where it ended
    ("A bus fare rises from $2.50 to $3. By what percent did it rise?",
     "3 - 2.50 = 0.50.\n0.50 / 3 = 0.1667, about 16.67 percent.\n#### 16.67", "wrong_quantity",
     "the question asks for a percent change from 2.50, and no step divides by 2.50"),
    ("A bus fare rises from $2.50 to $3. By what percent did it rise?",
     "3 - 2.50 = 0.50.\n0.50 / 2.50 = 0.2, that is 20 percent.\n#### 20", "ok", ""),
    ("A town shrinks from 800 to 600 people. What is the percentage decrease?",
     "800 - 600 = 200.\n200 / 600 * 100 = 33.33.\n#### 33.33", "wrong_quantity",
     "the question asks for a percent change from 800, and no step divides by 800"),
    ("A town shrinks from 800 to 600 people. What is the percentage decrease?",
     "800 - 600 = 200.\n200 / 800 * 100 = 25.\n#### 25", "ok", ""),
])
def test_a_percent_change_is_taken_of_the_start(question: str, trace: str, code: str,
                                                reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


LAMP = "A lamp uses 5 kWh per 50 hours. How many kWh does it use in 300 hours?"
PAINT = "Paint covers 12 square metres per 2 litres. How many square metres do 9 litres cover?"


@pytest.mark.parametrize("question,trace,code,reason", [
    (LAMP, "5 * 300 = 1500 kWh.\n#### 1500", "answer_mismatch",
     "the question gives 5 per 50 hours, and the steps use 5 as if per one hour"),
    (LAMP, "300 / 50 = 6 blocks of 50 hours.\n6 * 5 = 30 kWh.\n#### 30", "ok", ""),
    (PAINT, "12 * 9 = 108 square metres.\n#### 108", "answer_mismatch",
     "the question gives 12 per 2 litres, and the steps use 12 as if per one litre"),
    (PAINT, "12 / 2 = 6 square metres a litre.\n6 * 9 = 54.\n#### 54", "ok", ""),
])
def test_a_rate_is_read_with_what_it_is_per(question: str, trace: str, code: str,
                                            reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


LUNCH = ("Lunch costs $6 for students and $9 for teachers. A class brings 20 students and 2 "
         "teachers. What do they pay?")
SEATS = ("Seats cost $40 for the stalls and $25 for the balcony. A group buys 6 for the stalls "
         "and 10 for the balcony. What do they pay?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (LUNCH, "20 * 9 = 180 dollars.\n2 * 6 = 12 dollars.\n180 + 12 = 192.\n#### 192",
     "answer_mismatch", "step 20 * 9 multiplies a number of the students by one of the "
     "teachers"),
    (LUNCH, "20 * 6 = 120 dollars.\n2 * 9 = 18 dollars.\n120 + 18 = 138.\n#### 138", "ok", ""),
    (SEATS, "6 * 25 = 150.\n10 * 40 = 400.\n150 + 400 = 550.\n#### 550", "answer_mismatch",
     "step 6 * 25 multiplies a number of the stalls by one of the balcony"),
    (SEATS, "6 * 40 = 240.\n10 * 25 = 250.\n240 + 250 = 490.\n#### 490", "ok", ""),
    # a rate times a time: kinds that are not set side by side
    ("A car drives 3 hours at 60 mph and then 2 hours at 50 mph. How far does it go?",
     "3 * 60 = 180.\n2 * 50 = 100.\n180 + 100 = 280 miles.\n#### 280", "ok", ""),
])
def test_a_product_pairs_numbers_of_one_kind(question: str, trace: str, code: str,
                                             reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    # the discount given as the price
    ("A lamp costs $60 and is sold at 20% off. What does Ana pay for it?",
     "20% of 60 is 0.2 * 60 = 12 dollars.\n#### 12", "wrong_quantity",
     "the question asks for a price after 20% off, and no step subtracts the discount or takes "
     "the 80% left"),
    ("A lamp costs $60 and is sold at 20% off. What does Ana pay for it?",
     "0.8 * 60 = 48 dollars.\n#### 48", "ok", ""),
    ("A gym offers a discount of 15% on a $200 yearly pass. What is the cost of the pass?",
     "200 * 0.15 = 30.\n#### 30", "wrong_quantity", "the question asks for a price after "
     "discount of 15%, and no step subtracts the discount or takes the 85% left"),
    ("A gym offers a discount of 15% on a $200 yearly pass. What is the cost of the pass?",
     "200 * 0.15 = 30.\n200 - 30 = 170.\n#### 170", "ok", ""),
    # the price before the discount is asked: no subtraction needed
    ("Shoes cost $30 after 25% off. What was their original price?",
     "30 / 0.75 = 40.\n#### 40", "ok", ""),
])
def test_a_price_after_a_discount_takes_the_discount_off(question: str, trace: str, code: str,
                                                         reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    ("Omar drove 120 km, which is three times as many as Rui drove. How far did they drive in "
     "all?", "Rui drove 120 * 3 = 360 km.\n120 + 360 = 480.\n#### 480", "answer_mismatch",
     "step 120 * 3 reads '120 km, which is three times as many' the wrong way round: 120 is "
     "three times the other, not the other three times it"),
    ("Omar drove 120 km, which is three times as many as Rui drove. How far did they drive in "
     "all?", "Rui drove 120 / 3 = 40 km.\n120 + 40 = 160.\n#### 160", "ok", ""),
    ("A tank holds 40 litres, which is half as much as the barrel holds. What do both hold?",
     "The barrel holds 40 / 2 = 20 litres.\n40 + 20 = 60.\n#### 60", "answer_mismatch",
     "step 40 / 2 reads '40 litres, which is half as much' the wrong way round: 40 is half the "
     "other, not the other half it"),
    ("A tank holds 40 litres, which is half as much as the barrel holds. What do both hold?",
     "The barrel holds 40 * 2 = 80 litres.\n40 + 80 = 120.\n#### 120", "ok", ""),
])
def test_a_relation_is_read_the_right_way_round(question: str, trace: str, code: str,
                                                reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


def test_a_question_without_numbers_is_no_source() -> None:
    # only the asking sentence kept: the trace's numbers cannot be traced to it
    assert verdict("How far does the car go?", "120 / 4 = 30 km an hour.\n30 * 3 = 90.\n#### 90"
                   ) == ("ok", "")


@pytest.mark.parametrize("question,trace,code,reason", [
    ("A tour lasts 3 hours. How many minutes is that?",
     "An hour has 100 minutes, so 3 * 100 = 300 minutes.\n#### 300", "wrong_conversion",
     "'An hour has 100 minutes': 1 hour is 60 minutes, not 100"),
    ("A tour lasts 3 hours. How many minutes is that?",
     "An hour has 60 minutes, so 3 * 60 = 180 minutes.\n#### 180", "ok", ""),
    ("A shelf is 4 feet long. How long is it in inches?",
     "There are 10 inches in a foot, so 4 * 10 = 40 inches.\n#### 40", "wrong_conversion",
     "'There are 10 inches in a foot': 1 foot is 12 inches, not 10"),
    ("A city has 2.5 million people and a third of them ride the tram. How many ride it?",
     "2.5 million is 250,000, and 250,000 / 3 = 83,333.33.\n#### 83,333.33",
     "wrong_conversion", "'2.5 million is 250,000': 2.5 million is 2,500,000, not 250,000"),
    ("A city has 2.5 million people and a fifth of them ride the tram. How many ride it?",
     "2.5 million is 2,500,000, and 2,500,000 / 5 = 500,000.\n#### 500,000", "ok", ""),
    # a size the problem sets is its premise, and "2 dozen is 2 * 12" is a step
    ("A planet's year lasts 300 days, split into 6 equal seasons. How long is a season?",
     "1 year is 300 days, so a season is 300 / 6 = 50 days.\n#### 50", "ok", ""),
    ("Eve bakes 2 dozen rolls and eats 5. How many are left?",
     "2 dozen rolls is 2 * 12 = 24 rolls.\n24 - 5 = 19.\n#### 19", "ok", ""),
])
def test_a_unit_or_magnitude_stated_in_prose_has_its_known_size(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    ("Lena has 6 pens and buys 3 packs of 10 pens. How many pens does she have?",
     "6 + 3 = 9.\n9 * 10 = 90 pens.\n#### 90", "answer_mismatch",
     "step 6 + 3 adds '6 pens' to '3 packs', and each of the packs holds 10 pens"),
    ("Lena has 6 pens and buys 3 packs of 10 pens. How many pens does she have?",
     "3 * 10 = 30.\n30 + 6 = 36 pens.\n#### 36", "ok", ""),
    ("A stall has 5 crates holding 20 melons and 4 loose melons. How many melons are there?",
     "5 + 4 = 9, and 9 * 20 = 180.\n#### 180", "answer_mismatch",
     "step 5 + 4 adds '4 loose melons' to '5 crates', and each of the crates holds 20 melons"),
    # a sum of two containers' counts adds like things
    ("A van has 3 boxes of 12 cups and 2 boxes of 6 plates. How many boxes are there?",
     "3 + 2 = 5.\n#### 5", "ok", ""),
])
def test_a_count_of_containers_is_not_added_to_what_they_hold(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


ROSES = ("A florist has 18 white and 24 pink roses, and sells half as many pink roses as she "
         "has. How many pink roses does she sell?")
BIKES = ("A club has 20 members and 16 guests. 6 of the members and 5 of the guests ride "
         "bikes. How many people do not ride bikes?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (ROSES, "18 + 24 = 42 roses.\n42 / 2 = 21.\n#### 21", "answer_mismatch",
     "step 18 + 24 adds the white roses to the pink roses, and the question asks about the "
     "pink roses alone"),
    (ROSES, "24 / 2 = 12.\n#### 12", "ok", ""),
    # a sum of both that a share is taken of is the whole, not the answer
    ("A jar has 12 green and 28 black beads. What percent of the beads are green?",
     "12 + 28 = 40 beads.\n12 / 40 * 100 = 30.\n#### 30", "ok", ""),
    (BIKES, "20 + 16 = 36 people.\n36 - 6 = 30.\n#### 30", "answer_mismatch",
     "the question asks about the guests and the members alike, and no step uses 5 (guests)"),
    (BIKES, "20 + 16 = 36 people.\n6 + 5 = 11 ride.\n36 - 11 = 25.\n#### 25", "ok", ""),
])
def test_sibling_kinds_are_summed_only_where_both_are_asked(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


JAR = ("A jar starts with 6 coins, and the number of coins doubles every week. How many coins "
       "are in it after 3 weeks?")
MOSS = ("A moss patch covers 5 tiles and triples every 2 days. How many tiles does it cover "
        "after 8 days?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (JAR, "6 * 2 * 3 = 36 coins.\n#### 36", "answer_mismatch",
     "step 6 * 2 * 3 multiplies by 2 and by 3, but 'doubles every week' multiplies by 2 once a "
     "period: 2^3 over 3 periods"),
    (JAR, "6 * 2^3 = 48 coins.\n#### 48", "ok", ""),
    (JAR, "6 * 2 * 2 * 2 = 48 coins.\n#### 48", "ok", ""),
    (MOSS, "8 / 2 = 4 periods.\n5 * 3 * 4 = 60 tiles.\n#### 60", "answer_mismatch",
     "step 5 * 3 * 4 multiplies by 3 and by 4, but 'triples every 2 days' multiplies by 3 once "
     "a period: 3^4 over 4 periods"),
    (MOSS, "8 / 2 = 4 periods.\n5 * 3^4 = 405 tiles.\n#### 405", "ok", ""),
])
def test_growth_once_a_period_is_a_power_of_its_factor(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


READS = ("Tom reads 12 pages on Friday, 20 on Saturday and 16 on Sunday. What is his average "
         "number of pages per day?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (READS, "12 + 20 + 16 = 48 pages.\n48 / 12 = 4 pages a day.\n#### 4", "answer_mismatch",
     "step 48 / 12 divides the sum of 3 values by 12; their mean divides by 3"),
    (READS, "12 + 20 + 16 = 48 pages.\n48 / 3 = 16 pages a day.\n#### 16", "ok", ""),
    # a divisor a step computes may be a count: 2 + 2 = 4 days
    ("Ida walks 2 km on two days and 4 km on two others. What is her average walk per day?",
     "2 * 2 = 4 km and 4 * 2 = 8 km.\n4 + 8 = 12 km.\n2 + 2 = 4 days.\n12 / 4 = 3.\n#### 3",
     "ok", ""),
])
def test_a_mean_divides_by_how_many_values_were_summed(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


RENT = ("Four roommates split a $1,200 rent equally, and each also pays $50 for power. How much "
        "does each roommate pay?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (RENT, "Power: 4 * 50 = 200.\nRent and power: 1200 + 200 = 1400.\n#### 1400",
     "wrong_quantity", "the question asks for each one's part of what is shared equally, and "
     "no step divides"),
    (RENT, "1200 / 4 = 300.\n300 + 50 = 350.\n#### 350", "ok", ""),
    (RENT, "1200 * 0.25 = 300.\n300 + 50 = 350.\n#### 350", "ok", ""),
    # "each" outside the clause that asks is a condition, not the share asked
    ("Three cousins share some stamps equally. If each cousin gets 40 stamps, how many stamps "
     "are there?", "3 * 40 = 120.\n#### 120", "ok", ""),
])
def test_each_ones_part_of_an_equal_share_is_a_quotient(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


LAMPS = ("Lamps stand every 8 metres along a 64-metre path, with a lamp at both ends. How many "
         "lamps are there?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (LAMPS, "64 / 8 = 8 lamps.\n#### 8", "answer_mismatch",
     "step 64 / 8 counts 8 gaps of 8 metres, and with one at each end there are 9"),
    (LAMPS, "64 / 8 = 8 gaps.\n8 + 1 = 9 lamps.\n#### 9", "ok", ""),
    # no end counted: the gaps are the answer
    ("A 64-metre path has a bench every 8 metres. How many stretches of path lie between "
     "benches?", "64 / 8 = 8.\n#### 8", "ok", ""),
])
def test_things_at_both_ends_are_one_more_than_the_gaps(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


RENT_RISE = ("A flat rents for $800 a month. The rent rises by 5%, and then the new rent rises by "
             "5% again. What is the rent now?")


@pytest.mark.parametrize("question,trace,code,reason", [
    (RENT_RISE, "800 * 0.05 = 40, so 800 + 40 = 840.\nThe second rise: 800 * 0.05 = 40, so "
     "840 + 40 = 880.\n#### 880", "answer_mismatch",
     "step 800 * 0.05 takes a percentage of 800, which step 800 + 40 = 840 already changed; the "
     "next change is of its result"),
    (RENT_RISE, "800 * 0.05 = 40, so 800 + 40 = 840.\nThe second rise: 840 * 0.05 = 42, so "
     "840 + 42 = 882.\n#### 882", "ok", ""),
])
def test_a_change_in_turn_is_taken_of_the_value_before_it(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


EXAM = "Of 30 students, 24 passed the exam. What percent of the students failed?"


@pytest.mark.parametrize("question,trace,code,reason", [
    (EXAM, "24 / 30 * 100 = 80.\n#### 80", "wrong_quantity",
     "the question asks about the rest (failed, not passed), and no step subtracts or takes the "
     "share left"),
    (EXAM, "30 - 24 = 6 failed.\n6 / 30 * 100 = 20.\n#### 20", "ok", ""),
    (EXAM, "24 / 30 * 100 = 80 passed.\n100 - 80 = 20.\n#### 20", "ok", ""),
])
def test_the_opposite_of_what_is_stated_is_the_rest(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    ("Tom buys 3 dozen eggs. How many eggs is that?", "A dozen eggs is 10 eggs, so 3 * 10 = 30."
     "\n#### 30", "wrong_conversion", "'A dozen eggs is 10': A dozen is 12, not 10"),
    ("Tom buys 3 dozen eggs. How many eggs is that?", "A dozen is 12, so 3 * 12 = 36.\n#### 36",
     "ok", ""),
    ("A box holds 12 cans. How many cans do 4 boxes hold?", "4 * 12 -> 46 cans.\n#### 46",
     "wrong_step", "step 1: 4 * 12 evaluates to 48, trace says 46"),
])
def test_a_magnitude_word_alone_and_an_ascii_arrow(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


@pytest.mark.parametrize("question,trace,code,reason", [
    # numbers in words: "two sheets of twelve stickers"
    ("Ana has seven stickers and buys two sheets of twelve stickers. How many stickers does she "
     "have?", "7 + 2 = 9.\n9 * 12 = 108.\n#### 108", "answer_mismatch",
     "step 7 + 2 adds '7 stickers' to '2 sheets', and each of the sheets holds 12 stickers"),
    ("Flags hang every 3 metres along a 30-metre wall, at the start and the end too. How many "
     "flags are there?", "30 / 3 = 10 flags.\n#### 10", "answer_mismatch",
     "step 30 / 3 counts 10 gaps of 3 metres, and with one at each end there are 11"),
    # a condition before the clause that asks names a sibling without asking it
    ("A yard has 5 brown and 3 white hens. If the brown hens lay 2 eggs each, how many hens "
     "are there?", "5 + 3 = 8 hens.\n#### 8", "ok", ""),
])
def test_numbers_in_words_ends_said_otherwise_and_conditions(
        question: str, trace: str, code: str, reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


FILM = "A film runs from 9:50 to 11:20. How many minutes long is it?"
BAG = ("A $50 bag is marked down by 10%, and then the new price is cut by 20%. What does it "
       "cost now, in dollars?")


@pytest.mark.parametrize("question,trace,code,reason", [
    # clock times are not decimal numbers
    (FILM, "11:20 \u2212 9:50 is 1120 \u2212 950 = 170 minutes.\n#### 170", "wrong_conversion",
     "'9:50' is read as the number 950: a clock time counts 60 minutes to the hour, not 100"),
    (FILM, "From 9:50 to 11:20 is 1 hour and 30 minutes.\n1 \u00d7 60 + 30 = 90 minutes.\n"
     "#### 90", "ok", ""),
    # two percentage changes in turn are not one change of their sum
    (BAG, "Total cut: 10% + 20% = 30%.\n30% of 50 = 0.3 \u00d7 50 = 15.\n50 \u2212 15 = $35.\n"
     "#### 35", "answer_mismatch",
     "step 10% + 20% adds two percentage changes made in turn; the second is of the value the "
     "first left"),
    (BAG, "After the first cut: 50 \u00d7 0.9 = 45.\nAfter the second: 45 \u00d7 0.8 = 36.\n"
     "#### 36", "ok", ""),
])
def test_clock_digits_and_percentages_added(question: str, trace: str, code: str,
                                            reason: str) -> None:
    assert verdict(question, trace) == (code, reason)


LEAGUE = "Eight teams in a league each play every other team once. How many games are played?"


@pytest.mark.parametrize("trace,code,reason", [
    ("Each team plays 7 games: 8 \u00d7 7 = 56 games.\n#### 56", "answer_mismatch",
     "step 8 * 7 counts each pair from both sides; the question counts each pair once, so it "
     "is halved"),
    ("8 \u00d7 7 = 56, and each game has two teams, so 56 \u00f7 2 = 28.\n#### 28", "ok", ""),
])
def test_pairs_counted_once(trace: str, code: str, reason: str) -> None:
    assert verdict(LEAGUE, trace) == (code, reason)


RIDE = "A cyclist rides 45 miles at 15 miles per hour. How long does the ride take, in hours?"


@pytest.mark.parametrize("trace,code,reason", [
    ("Time = 15 / 45 = 1/3 hour.\n#### 1/3", "answer_mismatch",
     "step 15 / 45 divides the speed by the distance; the time is the distance over the speed"),
    ("Time = 45 / 15 = 3 hours.\n#### 3", "ok", ""),
])
def test_time_is_distance_over_speed(trace: str, code: str, reason: str) -> None:
    assert verdict(RIDE, trace) == (code, reason)


MARBLES = "Omar has 40 marbles, which is 6 more than Ben has. How many marbles does Ben have?"


@pytest.mark.parametrize("trace,code,reason", [
    ("Ben has 40 + 6 = 46 marbles.\n#### 46", "answer_mismatch",
     "step 40 + 6 reads '40 marbles, which is 6 more than' the wrong way round: 40 is 6 more "
     "than the other, not the other 6 more than it"),
    ("Ben has 40 \u2212 6 = 34 marbles.\n#### 34", "ok", ""),
])
def test_an_offset_read_the_right_way_round(trace: str, code: str, reason: str) -> None:
    assert verdict(MARBLES, trace) == (code, reason)
