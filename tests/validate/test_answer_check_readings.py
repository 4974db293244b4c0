"""answer_check on the ways GSM8K's reference solutions write a correct step that it misread
(issue 22): each correct trace is kept, and the same trace with one number or sign wrong is
still rejected, with the numbers."""

from __future__ import annotations

import pytest

from synthloop.checks.arithmetic import written_steps
from synthloop.records import Record
from synthloop.stages import Pass, Reject
from synthloop.validate.answer_check import AnswerCheck, AnswerCheckParams

CHECK = AnswerCheck(AnswerCheckParams(answer_field=None))


def verdict(trace: str) -> tuple[str, str]:
    outcome = CHECK.check(Record(id="r1", data={"trace": trace}))
    assert isinstance(outcome, Pass | Reject)
    return outcome.code, outcome.reason


@pytest.mark.parametrize("trace,code,reason", [
    # a unit word between a number and its sign
    ("3 + 4 = <<3+4=7>>7 dogs\nSo 7 dogs / 20 dogs * 100% = 35%\n#### 35", "ok", ""),
    ("3 + 4 = <<3+4=7>>7 dogs\nSo 7 dogs / 20 dogs * 100% = 30%\n#### 30", "wrong_step",
     "step 2: 7 / 20 * 100% evaluates to 0.35, trace says 30"),
    ("She must add 310 miles/day - 250 miles/day = 60 miles/day\n#### 60", "ok", ""),
    ("She must add 310 miles/day - 250 miles/day = 70 miles/day\n#### 70", "wrong_step",
     "step 1: 310 - 250 evaluates to 60, trace says 70"),
    ("It takes 5 seconds x 7 bottles = 35 seconds.\n#### 35", "ok", ""),
    ("It takes 5 seconds x 7 bottles = 42 seconds.\n#### 42", "wrong_step",
     "step 1: 5 x 7 evaluates to 35, trace says 42"),
    # operators spelled as words
    ("83 plus 91 equals 174.\nThey need 200 minus 174 equals 26.\n#### 26", "ok", ""),
    ("83 plus 91 equals 174.\nThey need 200 minus 174 equals 36.\n#### 36", "wrong_step",
     "step 2: 200 - 174 evaluates to 26, trace says 36"),
    ("He buys 3.65 divided by .05 equals 73\n#### 73", "ok", ""),
    ("He buys 3.65 divided by .05 equals 69\n#### 69", "wrong_step",
     "step 1: 3.65 / .05 evaluates to 73, trace says 69"),
    # a product without a sign, a label before it
    ("The perimeter is 2(40+9) = 98\n#### 98", "ok", ""),
    ("The perimeter is 2(40+9) = 89\n#### 89", "wrong_step",
     "step 1: 2(40+9) evaluates to 98, trace says 89"),
    ("x=<<100=100>>100\nWorkers:4(100)=400 bees\n#### 400", "ok", ""),
    ("x=<<100=100>>100\nWorkers:4(100)=300 bees\n#### 300", "wrong_step",
     "step 2: 4(100) evaluates to 400, trace says 300"),
    ("(1/4)24 = 6 pints\n#### 6", "ok", ""),
    ("(1/4)24 = 8 pints\n#### 8", "wrong_step", "step 1: (1/4)24 evaluates to 6, trace says 8"),
    # a mixed number
    ("He had 5 - 1 - 1/2 = 3 1/2 hours\nThen 3 1/2 - 2 = 1 1/2 hours\n#### 1.5", "ok", ""),
    ("He had 5 - 1 - 1/2 = 3 1/2 hours\nThen 3 1/2 - 2 = 2 1/2 hours\n#### 2.5", "wrong_step",
     "step 2: 3 1/2 - 2 evaluates to 1.5, trace says 2.5"),
    # a running total: the left side is the first operand, the next link checks the sum
    ("So half off is $3/2 = $1.50+$3.00=$4.50\n#### 4.50", "ok", ""),
    ("So half off is $3/2 = $1.50+$3.00=$5.50\n#### 5.50", "wrong_step",
     "step 2: $1.50+$3.00 evaluates to 4.5, trace says 5.5"),
    ("So half off is $3/2 = $2.50+$3.00=$5.50\n#### 5.50", "wrong_step",
     "step 1: $3/2 evaluates to 1.5, trace says 2.5"),
    # a no-break space between a number and its sign
    ("The total is $864\u00a0+ $432 = $1,296.\n#### 1296", "ok", ""),
    ("The total is $864\u00a0+ $432 = $1,396.\n#### 1396", "wrong_step",
     "step 1: $864 + $432 evaluates to 1296, trace says 1396"),
    # a written step, then an annotated one in the next sentence: the last value is the latter
    ("Ricky picks 10-2=8 quarts. In all 6+8=<<6+8=14>>14 quarts.\n#### 14", "ok", ""),
    ("Ricky picks 10-2=8 quarts. In all 6+8=<<6+8=14>>14 quarts.\n#### 8", "final_mismatch",
     "final answer 8 differs from the last computed value 14"),
    # a sign and a word before a side: its first operand is further left, so it is not read
    ("For 25 kids + his 1 teacher + 1 himself = <<25+1+1=27>>27 people\n#### 27", "ok", ""),
    ("For 25 kids + his 1 teacher + 1 himself = <<25+1+1=28>>28 people\n#### 28",
     "wrong_step", "step 1: 25+1+1 evaluates to 27, trace says 28"),
])
def test_gsm8k_readings(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("line,steps", [
    # different units added: not read as 4 - 6
    ("Lazlo = 4 pounds - 6 ounces = 58 ounces", []),
    # a word of the sentence is not a unit: not read as 9 - 18/-2 = 9 (nor as - 18/-2, whose
    # minus may belong to a word before it)
    ("So X = 9 because - 18/-2 = 9", []),
    # words as signs where "equals", "is", "gives" or "makes" closes them: a running total
    ("8*45 = 360 divided by 5 is 360/5 = 72", [("8*45 = 360 / 5", 360, 360, True),
                                                ("360 / 5 = 360/5", 72, 72, True),
                                                ("360/5 = 72", 72, 72, True)]),
    # one word after a sign: the side's first operand is further left
    ("2 * x which is 2 * $2 = $4", [("2 * $2 = $4", 4, 4, True)]),
    ("for 25 kids + his 1 teacher + 1 = 27", []),
    # a percent sign on one side, read as a unit, and the other side rounded to its decimals
    ("9 tsp / 21 tsp * 100% = 42.857", [("9 / 21 * 100% = 42.857", 3 / 7, 42.857, True)]),
    ("9 tsp / 21 tsp * 100% = 42.875", [("9 / 21 * 100% = 42.875", 3 / 7, 42.875, False)]),
    # a power in superscript digits after a number; after a unit it is the unit's
    ("The side is 9, so 9\u00b2 = 81", [("9^2 = 81", 81, 81, True)]),
    ("5 \u00d7 3\u00b3 = 5 \u00d7 27 = 125", [("5 * 3^3 = 5 * 27", 135, 135, True),
                                          ("5 * 27 = 125", 135, 125, False)]),
    ("A 2 m \u00d7 3 m room is 6 m\u00b2", []),
    # an operand with its own sign after an operator, as Unicode's minus writes it
    ("\u22124 \u00d7 \u22125 = 20", [("- 4 * - 5 = 20", 20, 20, True)]),
    ("7 \u2212 \u22123 = 4", [("7 - - 3 = 4", 10, 4, False)]),
    # a LaTeX fraction, its numerator a sum
    ("so $\\dfrac{18 + 27}{5} = 9$ km", [("$(18 + 27)/(5) = 9$", 9, 9, True)]),
    ("so $\\frac{18 + 27}{5} = 8$ km", [("$(18 + 27)/(5) = 8$", 9, 8, False)]),
    # an arrow states a result as "=" does; a chain of values with no sign computes nothing
    ("9 \u00d7 6 \u2192 56 chairs", [("9 * 6 = 56", 54, 56, False)]),
    ("150 \u00f7 3 \u21d2 50 pages a day", [("150 / 3 = 50", 50, 50, True)]),
    ("5 \u2192 10 \u2192 20 rabbits", []),
])
def test_read_or_left_out(line: str, steps: list[tuple[str, float, float, bool]]) -> None:
    assert [(s.text, float(s.value), float(s.stated), s.holds)
            for s in written_steps(line)] == steps


@pytest.mark.parametrize("trace,code,reason", [
    # a final answer as models write it: "Final answer:", bold, a unit, an equation after it
    ("5 x 5 = 25.\n6 x 5 = 30.\n25 + 30 = 55.\n\nFinal answer: 55", "ok", ""),
    ("10 * 5 = 50.\n50 * 2 = 100.\nThe answer is **100**.", "ok", ""),
    ("- Left: $100 - $88 = $12\n\n**Answer:** $12", "ok", ""),
    ("32 + 54 + 12 = 98.\n#### 98 pens", "ok", ""),
    ("100 + 50 = 150.\nThe answer is 500 - 250 = 250.", "ok", ""),
    ("100 + 50 = 150.\nThe answer is 500 - 250 = 240.", "wrong_step",
     "step 2: 500 - 250 evaluates to 250, trace says 240"),
    ("100 + 150 = 250.\n#### 250 or 150", "no_final", "final answer: '250 or 150' is not a number"),
    # two final answers that differ
    ("The answer is 300.\n100 + 150 = 250.\n#### 250", "final_mismatch",
     "the trace gives more than one final answer: 300, 250"),
    # signs closed by "is" or "gives"
    ("He gets 5 x 5 is 20 liters.\n#### 20", "wrong_step",
     "step 1: 5 x 5 evaluates to 25, trace says 20"),
    ("6 multiplied by 9 gives 56 pens.\n#### 56", "wrong_step",
     "step 1: 6 * 9 evaluates to 54, trace says 56"),
    ("6 multiplied by 9 gives 54 pens.\n#### 54", "ok", ""),
    # units glued to their numbers, read where a result carries them; a variable is not a unit
    ("The apples weigh 20g x 80 = 1400g.\n#### 1400", "wrong_step",
     "step 1: 20 x 80 evaluates to 1600, trace says 1400"),
    ("The apples weigh 20g x 80 = 1600g.\n#### 1600", "ok", ""),
    ("2g + 80 - 4g = 70.\n10/2 = <<10/2=5>>5\n#### 5", "ok", ""),
    ("4kg + 6g = 11g.\n10/2 = <<10/2=5>>5\n#### 5", "ok", ""),  # two units: left out
    # a percent sign read as a unit only where every number of its side has one
    ("The raise is 104,000 * 5% = 520,000.\n#### 520000", "wrong_step",
     "step 1: 104,000 * 5% evaluates to 5200, trace says 520000"),
    ("He keeps 100% - 25% = 75 of them.\n#### 75", "ok", ""),
])
def test_probe_a_readings(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


def test_an_answer_field_with_its_unit_is_read_as_its_number() -> None:
    check = AnswerCheck(AnswerCheckParams())
    record = Record(id="r1", data={"trace": "1000 + 1600 = 2600 grams.\n#### 2600",
                                   "answer": "2600 grams"})
    assert check.check(record) == Pass()
    record = Record(id="r2", data={"trace": "1000 + 1600 = 2600 grams.\n#### 2600",
                                   "answer": "2400 grams"})
    outcome = check.check(record)
    assert isinstance(outcome, Reject)
    assert (outcome.code, outcome.reason) == (
        "answer_mismatch", "answer field 2400 grams differs from the trace's final answer 2600")


@pytest.mark.parametrize("trace,code,reason", [
    # a closing sentence with one number, in digits or words, is the final answer
    ("2 trays take 60 * 2 = 120 minutes.\n120 / 60 = 2 hours.\nSo the baking takes two hours.",
     "ok", ""),
    ("He plants 4 * 6 = 24 seeds.\nSo 24 seedlings come up.", "ok", ""),
    ("He plants 4 * 6 = 24 seeds.\nSo twenty-two seedlings come up.", "final_mismatch",
     "final answer 22 differs from the last computed value 24"),
    # a closing sentence with an equation or two numbers is no final answer
    ("He plants 4 * 6 = 24 seeds, 3 rows of 8.", "no_final", "no final answer"),
    ("The mean is 245 / 3 = 81.67.\n**Answer: about 81.67**", "ok", ""),
    ("In grams: 10 * 1000 = 10 000 grams.\n#### 10 000", "ok", ""),
    ("In grams: 10 * 1000 = 10 100 grams.\n#### 10 100", "wrong_step",
     "step 1: 10 * 1000 evaluates to 10000, trace says 10100"),
    ("Fifteen rows of twelve is 15 times 12, which is 170 seeds.\n#### 170", "wrong_step",
     "step 1: 15 * 12 evaluates to 180, trace says 170"),
    ("Fifteen rows of twelve is 15 times 12, which is 180 seeds.\n#### 180", "ok", ""),
    ("The discount is 25% of $80 = $25.\n80 - 25 = 55.\n#### 55", "wrong_step",
     "step 1: 25% * $80 evaluates to 20, trace says 25"),
    ("The discount is 25% of $80 = $20.\n80 - 20 = 60.\n#### 60", "ok", ""),
    # a remark in brackets after the stated side
    ("Sum: 70 + 85 + 90 = 245.\nMean: 245 / 3 = 81.67 (rounded).\n#### 81.67", "ok", ""),
    ("Sum: 70 + 85 + 90 = 245.\nMean: 245 / 3 = 81.4 (rounded).\n#### 81.4", "wrong_step",
     "step 2: 245 / 3 evaluates to 81.6667, trace says 81.4"),
])
def test_closing_sentences_spaced_thousands_and_steps_in_words(
        trace: str, code: str, reason: str) -> None:
    assert verdict(trace)[0] == code
    assert verdict(trace)[1].startswith(reason)


def test_an_answer_field_in_words_is_read_as_its_number() -> None:
    check = AnswerCheck(AnswerCheckParams())
    trace = "35 + 28 = 63 given away.\n120 - 63 = 57 left.\n#### 57"
    kept = check.check(Record(id="r1", data={"trace": trace, "answer": "fifty-seven"}))
    wrong = check.check(Record(id="r2", data={"trace": trace, "answer": "fifty-six"}))
    assert isinstance(kept, Pass) and isinstance(wrong, Reject)
    assert (wrong.code, wrong.reason) == (
        "answer_mismatch", "answer field fifty-six differs from the trace's final answer 57")


@pytest.mark.parametrize("trace,code,reason", [
    ("Around the park: 12 + 3 = 15 miles.\nHours: 15 / 3 = 5.\n"
     "Check: 5 * 3 = 15 miles, the distance around the park.\n#### 5", "ok", ""),
    # a check is still a step: a wrong one fails
    ("Around the park: 12 + 3 = 15 miles.\nHours: 15 / 3 = 5.\n"
     "Check: 5 * 3 = 16 miles.\n#### 5", "wrong_step",
     "step 3: 5 * 3 evaluates to 15, trace says 16"),
    # and its value is no answer
    ("Around the park: 12 + 3 = 15 miles.\nHours: 15 / 3 = 5.\n"
     "Verify: 5 * 3 = 15 miles.\n#### 15", "final_mismatch",
     "final answer 15 differs from the last computed value 5"),
])
def test_a_check_after_the_answer_is_verified_but_is_not_the_answer(
        trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    # the last computed value over a whole the trace states is the share asked for
    ("Out of 8 slices they eat 3 + 2 = 5.\n8 - 5 = 3 are left.\n#### 3/8", "ok", ""),
    # the numerator must be the last computed value, the denominator a number of the problem
    ("Out of 8 slices they eat 3 + 2 = 5.\n8 - 5 = 3 are left.\n#### 5/8", "final_mismatch",
     "final answer 5/8 differs from the last computed value 3"),
    ("Out of 8 slices they eat 3 + 2 = 5.\n8 - 5 = 3 are left.\n#### 3/9", "final_mismatch",
     "final answer 3/9 differs from the last computed value 3"),
])
def test_a_share_of_a_stated_whole_is_the_last_value_over_it(
        trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    # a mixed number as the final answer, and its value checked like any other
    ("Each jar holds 3/4 cup: 5 x 3/4 = 15/4 cups.\n#### 3 3/4", "ok", ""),
    ("Each jar holds 3/4 cup: 5 x 3/4 = 15/4 cups.\n#### 3 1/4", "final_mismatch",
     "final answer 3 1/4 differs from the last computed value 3.75"),
    # "i.e." before a step: its dot is no operand
    ("4 x 45 = 180 cents, i.e. 180 / 100 = 1.8 dollars.\n#### $1.80", "ok", ""),
    # a bracketed aside beside the step that answers is checked but computes nothing
    ("Pears: 4 x 6 = 24 (the 2 x 9 = 18 apples are not pears).\n#### 24", "ok", ""),
    ("Pears: 4 x 6 = 24 (the 2 x 9 = 19 apples are not pears).\n#### 24", "wrong_step",
     "step 2: 2 x 9 evaluates to 18, trace says 19"),
    # the last value as the percentage the trace names it
    ("12 / 48 = 0.25, or 25 percent.\n#### 25", "ok", ""),
    ("12 / 48 = 0.25, or 25 percent.\n#### 20", "final_mismatch",
     "final answer 20 differs from the last computed value 0.25"),
    # a final answer in words that is not the last value is a mismatch, not a crash
    ("5 x 9 = 45.\n#### forty", "final_mismatch",
     "final answer forty differs from the last computed value 45"),
    # a negative closing answer in words
    ("2 - 9 = -7.\nSo the pool ends at minus seven degrees.", "ok", ""),
    ("2 - 9 = -7.\nSo the pool ends at seven degrees.", "final_mismatch",
     "final answer 7 differs from the last computed value -7"),
])
def test_probe_f_readings_of_correct_traces(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    ("A third of 60 is 25, so 60 - 25 = 35 remain.\n#### 35", "wrong_step",
     "step 1: 1/3 * 60 evaluates to 20, trace says 25"),
    ("A third of 60 is 20, so 60 - 20 = 40 remain.\n#### 40", "ok", ""),
    ("20 percent of 150 is 35 seats.\n150 - 35 = 115.\n#### 115", "wrong_step",
     "step 1: 20% * 150 evaluates to 30, trace says 35"),
    ("Adding 17 and 8 gives 26 cards.\n#### 26", "wrong_step",
     "step 1: 17 + 8 evaluates to 25, trace says 26"),
    ("Subtracting 9 from 30 leaves 21 cards.\n#### 21", "ok", ""),
    # a number that is the start of an expression is not the stated value
    ("A rise of 25% of 8 is 1.25*8 = 10.\n#### 10", "ok", ""),
])
def test_steps_told_in_words(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    # a trace that writes its numbers the continental way, read as it means them
    ("2.400 m + 650 m = 3.050 m.\n#### 3.050", "ok", ""),
    ("2.400 m + 650 m = 3.150 m.\n#### 3.150", "wrong_step",
     "step 1: 2,400 + 650 evaluates to 3050, trace says 3150"),
    ("4 \u00d7 1,25 \u00a3 = 5,00 \u00a3.\n#### 5,00", "ok", ""),
    ("4 \u00d7 1,25 \u00a3 = 5,50 \u00a3.\n#### 5,50", "wrong_step",
     "step 1: 4 * 1.25 $ evaluates to 5, trace says 5.5"),
])
def test_continental_numbers(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    # clock times on a line with am/pm are read in minutes; a time on the hour as hours
    ("The shift starts at 8:45 am and lasts 3:20, so 8:45 + 3:20 = 12:05 pm.\n#### 12:05 pm",
     "ok", ""),
    ("The shift starts at 8:45 am and lasts 3:20, so 8:45 + 3:20 = 12:15 pm.\n#### 12:15 pm",
     "wrong_step", "step 1: (8*60+45) + (3*60+20) evaluates to 725, trace says 735"),
    ("The shop shuts at 9:00 pm, so it opens 9 - 8 = 1:00 pm.\n#### 1", "ok", ""),
])
def test_clock_times(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    # a share rounded up to the whole count the prose says is needed
    ("250 / 60 = 4.1667, so 5 crates are needed for the melons.\n#### 5", "ok", ""),
    # rounded up with no word of it in the prose, or rounded down: a mismatch
    ("250 / 60 = 4.1667 crates.\n#### 5", "final_mismatch",
     "final answer 5 differs from the last computed value 4.1667"),
    ("250 / 60 = 4.1667, so 4 crates are needed.\n#### 4", "final_mismatch",
     "final answer 4 differs from the last computed value 4.1667"),
])
def test_rounded_up(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)


ANSWERED = AnswerCheck(AnswerCheckParams())


@pytest.mark.parametrize("trace,answer,code,reason", [
    # a unit with a slash or a degree sign after the number, a minus sign, a vulgar fraction
    ("She rides 45 km in 3 hours: 45 / 3 = 15.\n#### 15", "15 km/h", "ok", ""),
    ("She rides 45 km in 3 hours: 45 / 3 = 15.\n#### 15", "16 km/h", "answer_mismatch",
     "answer field 16 km/h differs from the trace's final answer 15"),
    ("It was 4 degrees and fell 9: 4 \u2212 9 = \u22125.\n#### \u22125 \u00b0C", "-5", "ok", ""),
    ("It was 4 degrees and fell 9: 4 \u2212 9 = \u22125.\n#### \u22126 \u00b0C", "-5",
     "final_mismatch", "final answer \u22126 \u00b0C differs from the last computed value -5"),
    ("Each gets 7 / 2 = 3.5 cups.\n#### 3.5", "3\u00bd cups", "ok", ""),
    ("Each gets 7 / 2 = 3.5 cups.\n#### 3.5", "3\u00bc cups", "answer_mismatch",
     "answer field 3\u00bc cups differs from the trace's final answer 3.5"),
    # the answer field read with the trace's decimal comma, a currency sign after it
    ("Drei Hefte kosten 3 \u00d7 2,40 \u20ac = 7,20 \u20ac.\nAntwort: 7,20 \u20ac",
     "7,20 \u20ac", "ok", ""),
    ("Drei Hefte kosten 3 \u00d7 2,40 \u20ac = 7,20 \u20ac.\nAntwort: 7,20 \u20ac",
     "7,02 \u20ac", "answer_mismatch",
     "answer field 7,02 \u20ac differs from the trace's final answer 7.20"),
    # a whole quotient with its remainder
    ("Packing 50 eggs in boxes of 6: 50 \u00f7 6 = 8 remainder 2.\n#### 8", "8", "ok", ""),
    ("Packing 50 eggs in boxes of 6: 50 \u00f7 6 = 8 remainder 3.\n#### 8", "8", "wrong_step",
     "step 1: 50 / 6 = 8 remainder 3 does not hold: it is 8 remainder 2"),
    # a unit before a closing bracket
    ("The frame needs 2 \u00d7 (30 cm + 20 cm) = 100 cm of wood.\n#### 100", "100 cm", "ok",
     ""),
    ("The frame needs 2 \u00d7 (30 cm + 20 cm) = 90 cm of wood.\n#### 90", "90 cm",
     "wrong_step", "step 1: 2 * (30 + 20) evaluates to 100, trace says 90"),
])
def test_answers_written_with_units_signs_and_remainders(trace: str, answer: str, code: str,
                                                         reason: str) -> None:
    outcome = ANSWERED.check(Record(id="r1", data={"trace": trace, "answer": answer}))
    assert (outcome.code, outcome.reason) == (code, reason)


@pytest.mark.parametrize("trace,code,reason", [
    ("| item | qty | unit price | line total |\n|---|---|---|---|\n| pens | 4 | $2 | $8 |\n"
     "| pads | 3 | $5 | $15 |\n\nTotal: 8 + 15 = $23.\n#### 23", "ok", ""),
    ("| item | qty | unit price | line total |\n|---|---|---|---|\n| pens | 4 | $2 | $8 |\n"
     "| pads | 3 | $5 | $13 |\n\nTotal: 8 + 13 = $21.\n#### 21", "wrong_step",
     "table row 'pads | 3 | $5 | $13': 3 x 5 is 15, the table says $13"),
])
def test_a_markdown_table_row_multiplies_out(trace: str, code: str, reason: str) -> None:
    assert verdict(trace) == (code, reason)
