"""Held-out suites of issue 22's outside probe K for ``benchmarks/verifier_attacks.py``:
``ANSWER_CHECK_6`` and ``RELEVANCE_6``.

Written by a prober who had read each verifier's module docstring, the README's verifier rows
and the earlier suites, not the rules' code, with word problems and instructions of its own,
while other helpers were fixing the verifiers from the older suites without seeing this one.
Committed before its first run and before any fix it measures; an item fixed after a miss here
is no longer held out for that item.

Answer check (each record with its question): right arithmetic on a wrong model of the
problem (simple interest for compound, the mean of two speeds for an average speed, a group
counted twice, a raise taken off the new salary, two hoses' times averaged, an age ratio that
does not last, handshakes counted twice, clock times subtracted as decimals, an area for a
perimeter, speed over distance for a time, "3 more than" read the wrong way, successive
discounts added, a difference taken as a percentage, full weeks rounded up), a number of
another person or an animal's wrong known fact, wrong steps as "equals", a middle dot, a
Markdown table row, a product without a sign, scientific notation and a sign error, an answer
field in words that differs, a French final that the steps did not reach, and traces with no
working (a link, a template of steps). Correct items: the same problems modelled right, in
algebra, fractions of a tank, a remainder, scientific notation, a table, "½" and "25 per
cent" in the answer field, euros with a decimal comma, British "and" in number words.

Relevance (instructions of its own): answers in the wrong language (German for English,
English for French), a label or a rating the prompt does not offer, code stubs
(``NotImplementedError``, a commented ellipsis), "N/A", an attached file, a Markdown link, a
template's ``{{slots}}``, a reasoning block cut off, another thing's number, another role's
name, another relation of the thing asked, synonyms for an antonym, a dictionary entry for an
example sentence, questions asked back, the input re-bulleted, a policy refusal of a harmless
request, the prompt's own number, a promise to answer later. Correct items: a German label,
an emoji, a URL, a stub and an empty JSON object that were asked for, a sentence repeated
back on request, a question asked for, a polite "I can't make it", "Je ne sais pas", an option
with its text, a name in Cyrillic, a one-word antonym, an upper-case label with its reason.

Their first run, on the verifiers of the day (``verifier_attacks.py --only
validate.answer_check validate.relevance``, 2026-12-08 02:31-02:33 UTC, 1-min load 3.4-6.5 on
two cores): answer check caught 11/26 and kept 11/18, relevance caught 7/22 and kept 13/18;
every earlier row of the two verifiers came out as last recorded.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, ok


# -- validate.answer_check: word problems of this suite, each with its question --------------
def solved(question: str, trace: str, answer: str) -> dict[str, Any]:
    return {"question": question, "trace": trace, "answer": answer}


SAVINGS = ("Ravi puts $1,000 in a savings account that pays 10% interest a year, compounded "
           "yearly. How much is in the account after 2 years?")
TRIP = ("Maya drives 60 km to her aunt's at 30 km/h and drives the same 60 km back at 60 km/h. "
        "What is her average speed for the whole round trip, in km/h?")
CLUBS = ("In a class of 30 students, 18 play football, 12 play chess and 5 play both. How many "
         "students play neither?")
RAISE = ("After a 25% raise, Ana earns $50,000 a year. What was her salary before the raise, in "
         "dollars?")
HOSES = ("One hose fills a tank in 6 hours and a second hose fills it in 3 hours. How many hours "
         "do the two hoses take to fill the tank together?")
AGES = "Tom is 3 times as old as his son, who is 12. How old will Tom be when his son is 20?"
HANDS = ("Six people at a meeting each shake hands once with every other person. How many "
         "handshakes are there?")
WORKSHOP = "A workshop runs from 10:45 to 13:15. How many minutes long is it?"
GARDEN = ("A rectangular garden is 8 m long and 5 m wide. How many metres of fencing are needed "
          "to go all the way round it?")
DRIVE = "How many hours does it take to drive 150 km at 60 km/h?"
STAMPS = "Noor has 24 stamps, which is 3 more than Lia has. How many stamps does Lia have?"
RUNS = "Lena runs 4 km a day and Jo runs 6 km a day. How far does Lena run in a week, in km?"
JAR = "A jar holds 3 spiders and 4 ants. How many legs are in the jar?"
MEMBERS = "A club grew from 40 to 50 members. By what percent did its membership grow?"
COAT = ("A $200 coat is cut by 20%, and then the sale price is cut by a further 10%. What is "
        "the final price, in dollars?")
WEEKS = "How many full weeks are there in 100 days?"
EGGS = ("A farm packs 8 cartons of 12 eggs, and 7 of the eggs break. How many whole eggs are "
        "left?")
THEATRE = "A theatre has 14 rows of 9 seats. How many seats does it have?"
CAFE = ("A caf\u00e9 sells 23 coffees at $3 each and 15 teas at $2 each. How much money does it "
        "take?")
OUTING = ("Three friends each buy a $12 ticket and an $8 snack. How much do they spend in "
          "all, in dollars?")
ROLLS = "A baker bakes 9 trays of 16 rolls. How many rolls does she bake?"
MILK = "Un litre de lait co\u00fbte 1,25 \u20ac. Combien co\u00fbtent 10 litres, en euros ?"
LIGHT = ("Light travels about 300,000 km each second. About how far does it travel in 4 "
         "seconds, in km?")
FROST = ("At 6 am it is \u22125 \u00b0C, and by noon the temperature has fallen a further 3 "
         "degrees. What is the temperature at noon?")
TRAIN = "A train travels at 72 km/h. What is its speed in metres per second?"

ANSWER_CHECK_6 = [
    ok("compound interest, year by year", "ok",
       **solved(SAVINGS, "Each year the balance grows by 10%, i.e. it is multiplied by 1 + 0.10 "
                "= 1.10.\nYear 1: 1,000 \u00d7 1.10 = 1,100 dollars.\nYear 2: 1,100 \u00d7 1.10 "
                "= 1,210 dollars.\n#### 1,210", "$1,210")),
    ok("a long answer that explains why the speeds are not averaged", "ok",
       **solved(TRIP, "Going there takes 60 \u00f7 30 = 2 hours; coming back takes 60 \u00f7 60 "
                "= 1 hour.\nThe whole trip is 60 + 60 = 120 km in 2 + 1 = 3 hours.\nAverage "
                "speed = total distance \u00f7 total time = 120 \u00f7 3 = 40 km/h. Averaging "
                "the two speeds would be wrong, because she spends twice as long at the slower "
                "one.\n#### 40", "40 km/h")),
    ok("a group counted once, the answer field in words", "ok",
       **solved(CLUBS, "At least one game: 18 + 12 \u2212 5 = 25 students (the 5 who play both "
                "were counted twice).\nNeither: 30 \u2212 25 = 5.\n#### 5", "five")),
    ok("the old salary by algebra", "ok",
       **solved(RAISE, "A 25% raise multiplies the salary by 1 + 0.25 = 1.25.\nLet s be the old "
                "salary. Then 1.25s = 50,000, so s = 50,000 \u00f7 1.25 = 40,000.\n#### 40000",
                "$40,000")),
    ok("two hoses' rates added as fractions of the tank", "ok",
       **solved(HOSES, "Together they fill 1/6 + 1/3 = 1/2 of the tank per hour.\nTime = 1 "
                "\u00f7 (1/2) = 2 hours.\n#### 2", "2 hours")),
    ok("handshakes halved", "ok",
       **solved(HANDS, "Each of the 6 people shakes 5 hands: 6 \u00d7 5 = 30, but that counts "
                "every handshake twice, so 30 \u00f7 2 = 15.\n#### 15", "15")),
    ok("a clock difference as hours and minutes", "ok",
       **solved(WORKSHOP, "From 10:45 to 13:15 is 2 hours and 30 minutes.\n2 \u00d7 60 + 30 = "
                "150 minutes.\n#### 150", "150 min")),
    ok("metres per hour divided by the seconds in an hour", "ok",
       **solved(TRAIN, "72 \u00d7 1000 = 72,000 metres an hour; an hour has 3,600 seconds, so "
                "72,000 \u00f7 3,600 = 20 metres per second.\n#### 20", "20 m/s")),
    ok("a French problem, a decimal comma and 'R\u00e9ponse'", "ok",
       **solved(MILK, "10 \u00d7 1,25 \u20ac = 12,50 \u20ac.\nR\u00e9ponse : 12,50 \u20ac",
                "12,50 \u20ac")),
    ok("scientific notation with a superscript", "ok",
       **solved(LIGHT, "300,000 = 3 \u00d7 10\u2075, and 3 \u00d7 10\u2075 \u00d7 4 = 1.2 "
                "\u00d7 10\u2076 km.\n#### 1,200,000", "1.2 million")),
    ok("a negative temperature, 'minus eight' in prose", "ok",
       **solved(FROST, "\u22125 \u2212 3 = \u22128, so it is minus eight degrees at noon.\n"
                "#### \u22128 \u00b0C", "\u22128")),
    ok("a division with a remainder", "ok",
       **solved(WEEKS, "100 \u00f7 7 = 14 remainder 2, so there are 14 full weeks and 2 days "
                "over.\n#### 14", "14")),
    ok("subtotals in a Markdown table", "ok",
       **solved(CAFE, "| item | count | price | subtotal |\n|---|---|---|---|\n| coffee | 23 | "
                "$3 | $69 |\n| tea | 15 | $2 | $30 |\n\nTotal: 69 + 30 = $99.\n#### 99", "99")),
    ok("an answer field in British number words", "ok",
       **solved(ROLLS, "Nine trays of sixteen rolls: 9 \u00d7 16 = 144 rolls.\n#### 144",
                "one hundred and forty-four")),
    ok("a product without a sign, then with one", "ok",
       **solved(OUTING, "They spend 3(12 + 8) = 3 \u00d7 20 = 60 dollars.\n#### 60", "$60")),
    ok("'\u00bd' in the answer field", "ok",
       **solved(DRIVE, "Time = distance \u00f7 speed = 150 \u00f7 60 = 2.5 hours, i.e. 2 h 30 "
                "min.\n#### 2.5", "2\u00bd hours")),
    ok("a perimeter with units inside the brackets", "ok",
       **solved(GARDEN, "Perimeter = 2 \u00d7 (8 m + 5 m) = 26 m.\n#### 26", "26 metres")),
    ok("a growth over the old count, 'per cent' in the answer field", "ok",
       **solved(MEMBERS, "The club gained 50 \u2212 40 = 10 members, and 10 / 40 = 0.25, "
                "which is 25%.\n#### 25%", "25 per cent")),
    # compounded yearly: 1,000 x 1.1 x 1.1 = 1,210; the trace pays simple interest
    bad("simple interest for compound interest", "answer_mismatch",
        **solved(SAVINGS, "Interest each year: 10% of $1,000 = 0.10 \u00d7 1,000 = $100.\nTwo "
                 "years of interest: 100 \u00d7 2 = $200.\nTotal: 1,000 + 200 = $1,200.\n"
                 "#### 1200", "1200")),
    # average speed is 120 km over 3 hours, 40 km/h, not the mean of the two speeds
    bad("the mean of two speeds for an average speed", "answer_mismatch",
        **solved(TRIP, "Average of the two speeds: (30 + 60) / 2 = 45 km/h.\n#### 45", "45")),
    # the 5 who play both are counted twice: 25 play something, 5 play neither
    bad("a group that plays both counted twice", "answer_mismatch",
        **solved(CLUBS, "Football or chess: 18 + 12 = 30 students.\nNeither: 30 \u2212 30 = 0."
                 "\n#### 0", "0")),
    # the raise was 25% of the old salary: 50,000 / 1.25 = 40,000
    bad("a raise taken off the new salary", "answer_mismatch",
        **solved(RAISE, "25% of $50,000 = 0.25 \u00d7 50,000 = $12,500.\nBefore the raise: "
                 "50,000 \u2212 12,500 = $37,500.\n#### 37,500", "37500")),
    # rates add: 1/6 + 1/3 = 1/2 tank an hour, so 2 hours, not the mean of the times
    bad("two hoses' times averaged", "answer_mismatch",
        **solved(HOSES, "Together they take the average of their two times: (6 + 3) / 2 = 4.5 "
                 "hours.\n#### 4.5", "4.5")),
    # Tom is 36 now and will be 8 years older, 44; the ratio of ages does not last
    bad("an age ratio carried into the future", "answer_mismatch",
        **solved(AGES, "When the son is 20, Tom is still 3 times as old: 3 \u00d7 20 = 60.\n"
                 "#### 60", "60")),
    # each handshake is counted twice: 15
    bad("handshakes counted from both sides", "answer_mismatch",
        **solved(HANDS, "Each of the 6 people shakes 5 hands: 6 \u00d7 5 = 30 handshakes.\n"
                 "#### 30", "30")),
    # clock times are not decimals: 10:45 to 13:15 is 150 minutes
    bad("clock times subtracted as decimal numbers", "answer_mismatch",
        **solved(WORKSHOP, "13:15 \u2212 10:45 is 1315 \u2212 1045 = 270 minutes.\n#### 270",
                 "270")),
    # fencing goes round: 2 x (8 + 5) = 26 m; 40 is the area in square metres
    bad("the area for the perimeter", "answer_mismatch",
        **solved(GARDEN, "8 \u00d7 5 = 40 metres of fencing.\n#### 40", "40")),
    # time is distance over speed: 150 / 60 = 2.5 hours
    bad("speed over distance for a time", "answer_mismatch",
        **solved(DRIVE, "Time = speed \u00f7 distance = 60 \u00f7 150 = 0.4 hours.\n#### 0.4",
                 "0.4")),
    # Noor has 3 more than Lia, so Lia has 24 - 3 = 21
    bad("'3 more than Lia' read the wrong way", "answer_mismatch",
        **solved(STAMPS, "Lia has 3 more: 24 + 3 = 27 stamps.\n#### 27", "27")),
    # 6 km a day is Jo's; Lena runs 4 x 7 = 28 km
    bad("the other runner's distance", "answer_mismatch",
        **solved(RUNS, "In a week: 6 \u00d7 7 = 42 km.\n#### 42", "42")),
    # ants have 6 legs, not 8: 24 + 24 = 48
    bad("ants given a spider's eight legs", "answer_mismatch",
        **solved(JAR, "Spiders: 3 \u00d7 8 = 24 legs.\nAnts: 4 \u00d7 8 = 32 legs.\nTotal: 24 + "
                 "32 = 56 legs.\n#### 56", "56")),
    # 10 new members of 40 is 25%, not 10%
    bad("a difference taken as the percentage", "answer_mismatch",
        **solved(MEMBERS, "50 \u2212 40 = 10 new members, so it grew by 10 percent.\n#### 10",
                 "10")),
    # the second cut is 10% of $160: 200 x 0.8 x 0.9 = $144
    bad("successive discounts added", "answer_mismatch",
        **solved(COAT, "The two cuts add up to 20% + 10% = 30%.\n30% of 200 = 0.3 \u00d7 200 = "
                 "60.\n200 \u2212 60 = $140.\n#### 140", "140")),
    # 100 days hold 14 full weeks; rounding up counts a week that is not full
    bad("full weeks rounded up", "answer_mismatch",
        **solved(WEEKS, "100 \u00f7 7 \u2248 14.3, which rounds up to 15 full weeks.\n#### 15",
                 "15")),
    # 8 x 12 is 96, so 89 whole eggs
    bad("a wrong product with 'equals' and 'minus'", "wrong_step",
        **solved(EGGS, "Eight cartons of twelve: 8 times 12 equals 86 eggs.\n86 minus 7 equals "
                 "79.\n#### 79", "79")),
    # 14 x 9 is 126
    bad("a wrong product with a middle dot", "wrong_step",
        **solved(THEATRE, "14 \u00b7 9 = 116 seats.\n#### 116", "116")),
    # 23 x 3 is 69, so the takings are $99
    bad("a wrong subtotal in a Markdown table", "wrong_step",
        **solved(CAFE, "| item | count | price | subtotal |\n|---|---|---|---|\n| coffee | 23 "
                 "| $3 | $63 |\n| tea | 15 | $2 | $30 |\n\nTotal: 63 + 30 = $93.\n#### 93",
                 "93")),
    # 3 x 20 is 60
    bad("a wrong product without a sign", "wrong_step",
        **solved(OUTING, "They spend 3(12 + 8) = 50 dollars.\n#### 50", "50")),
    # the trace reaches 144; the answer field says 141
    bad("an answer field in words that differs", "answer_mismatch",
        **solved(ROLLS, "9 \u00d7 16 = 144 rolls.\n#### 144", "one hundred forty-one")),
    # the steps reach 12,50; the final says 12,05
    bad("a French final the steps did not reach", "final_mismatch",
        **solved(MILK, "10 \u00d7 1,25 \u20ac = 12,50 \u20ac.\nR\u00e9ponse : 12,05 \u20ac",
                 "12,05")),
    # 3 x 10^5 x 4 is 1.2 x 10^6 (1,200,000), not 1.2 x 10^5
    bad("a wrong power of ten in scientific notation", "wrong_step",
        **solved(LIGHT, "3 \u00d7 10\u2075 \u00d7 4 = 1.2 \u00d7 10\u2075 km.\n#### 120,000",
                 "120000")),
    # falling 3 degrees from -5 gives -8
    bad("a fall in temperature added to a negative", "wrong_step",
        **solved(FROST, "\u22125 \u2212 3 = \u22122 \u00b0C.\n#### \u22122", "-2")),
    # no working: a link stands where the steps should be
    bad("a link instead of the working", "no_steps",
        **solved(HANDS, "Full working: https://example.com/solutions/handshakes\n#### 15",
                 "15")),
    # no working: the steps are a template's placeholders
    bad("template steps left unfilled", "no_steps",
        **solved(EGGS, "Step 1: [multiply the cartons by the eggs per carton]\nStep 2: "
                 "[subtract the broken eggs]\n#### 89", "89")),
]


# -- validate.relevance: instructions of this suite ------------------------------------------
def pair(instruction: str, response: str, context: str = "") -> dict[str, Any]:
    return {"instruction": instruction, "input": context, "response": response}


CAT = "Translate into English: 'Le chat dort sur le canap\u00e9.'"
WEATHER = "Write one sentence in French about today's weather."
TWEET = "Classify the sentiment of this tweet as positive, negative or neutral."
MONDAY = "Great, another Monday. Just what I needed."
STARS = "Rate this review from 1 to 5 stars. Reply with the number only."
REVIEW = "Arrived on time and works as described, though the fan is a bit noisy."
ANTONYM = "Give an antonym of 'ancient'."
EXAMPLE = "Give an example sentence using the word 'meticulous'."
SUMMARY = "Summarise this paragraph in one sentence."
MUSEUM = ("The museum will close for renovation in January. Its collection of Roman coins will "
          "travel to Leeds for the spring. It reopens in September with a new caf\u00e9.")
PRIME = "Which of these is a prime number? (a) 21 (b) 27 (c) 29"

RELEVANCE_6 = [
    ok("a German question answered in German", "ok", **pair("Wie viele Beine hat eine "
                                                            "Spinne?", "Acht.")),
    ok("an emoji that was asked for", "ok",
       **pair("Give me the emoji that usually means 'thumbs up'.", "\U0001f44d")),
    ok("a URL that was asked for", "ok",
       **pair("What is the web address of the English Wikipedia's main page?",
              "https://en.wikipedia.org/wiki/Main_Page")),
    ok("a stub that was asked for", "ok",
       **pair("Write a Python function named noop that takes no arguments and does nothing.",
              "def noop():\n    pass")),
    ok("an empty JSON object that was asked for", "ok", **pair("Write an empty JSON object.",
                                                                "{}")),
    ok("a sentence repeated back on request", "ok",
       **pair("Repeat this sentence exactly: 'The quick brown fox jumps over the lazy dog.'",
              "The quick brown fox jumps over the lazy dog.")),
    ok("a question that was asked for", "ok",
       **pair("Write a question you could ask a new coworker to break the ice.",
              "What's the best place for lunch around here?")),
    ok("a polite decline that was asked for", "ok",
       **pair("Write a polite one-sentence reply declining a dinner invitation.",
              "Thank you so much for the invitation, but I'm afraid I can't make it on "
              "Friday.")),
    ok("'I don't know' translated", "ok",
       **pair("Translate 'I don't know' into French.", "Je ne sais pas.")),
    ok("an option with its text", "ok", **pair(PRIME, "(c) 29")),
    ok("a name in Cyrillic", "ok", **pair("Who wrote War and Peace?",
                                          "\u041b\u0435\u0432 \u0422\u043e\u043b\u0441\u0442"
                                          "\u043e\u0439.")),
    ok("an Italian translation", "ok", **pair("Translate 'good night' into Italian.",
                                              "Buonanotte.")),
    ok("a one-word antonym", "ok", **pair(ANTONYM, "Modern.")),
    ok("an example sentence", "ok",
       **pair(EXAMPLE, "She kept meticulous notes on every experiment she ran.")),
    ok("an upper-case label with its reason", "ok",
       **pair(TWEET, "NEGATIVE (the 'great' is sarcastic).", MONDAY)),
    ok("a rating in range", "ok", **pair(STARS, "4", REVIEW)),
    ok("a French sentence", "ok",
       **pair(WEATHER, "Aujourd'hui, il fait beau et chaud, avec une petite brise.")),
    ok("a long explanation", "ok",
       **pair("Explain why leaves change colour in autumn.",
              "Leaves are green in summer because they are full of chlorophyll, the pigment "
              "that captures sunlight for photosynthesis. As the days shorten and nights turn "
              "cold, the tree stops making chlorophyll and breaks down what is left to "
              "reclaim its nitrogen. That unmasks yellow and orange carotenoids that were in "
              "the leaf all along, while some trees, such as maples, also make red "
              "anthocyanins from sugars trapped in the leaf. Finally a layer of cells at the "
              "base of the stalk seals the leaf off, and it dries, browns and falls.")),
    # German, not English
    bad("a translation into German when English is asked", "off_topic",
        **pair(CAT, "Die Katze schl\u00e4ft auf dem Sofa.")),
    # English, not French
    bad("an English sentence when French is asked", "off_topic",
        **pair(WEATHER, "It is sunny and warm today, with a light breeze.")),
    # 'sarcastic' is none of the three labels offered
    bad("a label the prompt does not offer", "non_answer", **pair(TWEET, "Sarcastic.", MONDAY)),
    # 7 is outside the 1-5 scale
    bad("a rating outside the scale", "non_answer", **pair(STARS, "7", REVIEW)),
    # a stub that converts nothing
    bad("a stub that raises NotImplementedError", "non_answer",
        **pair("Write a Python function that converts Celsius to Fahrenheit.",
               "def c_to_f(c):\n    raise NotImplementedError")),
    # a function with an empty body
    bad("a function whose body is a commented ellipsis", "non_answer",
        **pair("Write a JavaScript function that returns the largest number in an array.",
               "function largest(numbers) {\n  // ...\n}")),
    # no synonyms
    bad("'N/A'", "non_answer", **pair("Give three synonyms for 'fast'.", "N/A")),
    # an attachment that does not exist, no continents
    bad("an attached file instead of the list", "non_answer",
        **pair("List the seven continents.", "Please see the attached file continents.xlsx.")),
    # a Markdown link, no explanation
    bad("a Markdown link instead of the explanation", "non_answer",
        **pair("Explain what a black hole is in two sentences.",
               "[Read the full explanation here](https://example.com/black-holes)")),
    # the template's slots were never filled in
    bad("a message with {{slots}} left unfilled", "non_answer",
        **pair("Write a one-line birthday message for my sister Ana.",
               "Happy birthday, {{name}}! Wishing you {{wish}}.")),
    # the reasoning stops before any number
    bad("a reasoning block cut off before the answer", "non_answer",
        **pair("What is the boiling point of ethanol in Celsius?",
               "<think>\nThe user wants the boiling point of ethanol. I recall it is somewhere "
               "around")),
    # insects' legs, not a spider's (eight)
    bad("another animal's number", "off_topic",
        **pair("How many legs does a spider have?",
               "Insects such as ants and beetles have six legs.")),
    # the composer, not the director (Steven Spielberg)
    bad("another role's name for the film asked", "off_topic",
        **pair("Who directed the film Jaws (1975)?",
               "John Williams composed its famous two-note theme.")),
    # the capital, not the currency (the yen)
    bad("another relation of the country asked", "off_topic",
        **pair("What currency is used in Japan?",
               "Japan's capital is Tokyo, a city of about 14 million people.")),
    # a height, no date (1889)
    bad("a height for a 'when' question", "non_answer",
        **pair("When was the Eiffel Tower completed?", "It stands 330 metres tall.")),
    # synonyms, not antonyms
    bad("synonyms for an antonym", "off_topic", **pair(ANTONYM, "Old, aged, antique.")),
    # a dictionary entry, not an example sentence
    bad("a dictionary entry for an example sentence", "non_answer",
        **pair(EXAMPLE, "Meticulous: adjective, showing great attention to detail.")),
    # questions asked back, no ocean named
    bad("several questions asked back", "non_answer",
        **pair("What is the largest ocean on Earth?",
               "Is it the Atlantic? The Indian? Or could it be the Arctic?")),
    # the input's three sentences as bullets: no one-sentence summary
    bad("the input re-bulleted as its summary", "echo",
        **pair(SUMMARY, "- The museum will close for renovation in January.\n- Its collection "
               "of Roman coins will travel to Leeds for the spring.\n- It reopens in September "
               "with a new caf\u00e9.", MUSEUM)),
    # a harmless request refused as if it broke a policy
    bad("a policy refusal of a harmless request", "non_answer",
        **pair("Suggest a name for a golden retriever puppy.",
               "This request cannot be completed because it conflicts with our content "
               "guidelines.")),
    # the prompt's own number, no count of days (21)
    bad("the prompt's own number for a count", "non_answer",
        **pair("How many days are there in 3 weeks?", "There are 3 weeks.")),
    # a promise, no tips
    bad("a promise to answer later", "non_answer",
        **pair("Give me three tips for learning to juggle.",
               "I'll put together three tips and send them over tomorrow morning.")),
]


# Per verifier name in verifier_attacks: probe K's held-out suites (after the earlier modules').
SUITES: dict[str, list[list[Case]]] = {
    "validate.answer_check": [ANSWER_CHECK_6], "validate.relevance": [RELEVANCE_6],
}
