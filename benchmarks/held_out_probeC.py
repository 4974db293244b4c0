"""Held-out suites of issue 22's outside probe C for ``benchmarks/verifier_attacks.py``:
``validate.answer_check`` and ``validate.relevance`` attacked the way a prober who has read the
module docstrings (but not the rules' code) would, beside correct items written unusually.
Committed before their first run; a fix made after a miss here is no longer held out for that
item.

Answer check: word problems written for this suite, each record with its ``question``. Attacks:
right arithmetic that ends in the wrong unit (hours for minutes, dollars for cents, kilograms
for grams, a fraction for a percent) or answers another quantity of the same problem (what was
given away instead of what is left, one earner instead of both, the bigger count instead of the
difference, the discount instead of the price, the sum instead of the mean, a week instead of
three), and wrong steps dressed as words, percentages and brackets. Correct items: words for
numbers, a closing sentence instead of "####", percents, fractions, spaced thousands.

Relevance: instructions of its own. Attacks: on-topic talk that never answers (a date, a
height, an author, a translation, a conversion left out), plans and pleasantries instead of an
answer, the question paraphrased back, the input copied back, a year to a "who" question, a
"yes" to a "what" question. Correct items: short answers an embedding cannot place (a symbol, a
formula, a year, a number in words, a name) and answers in unusual shapes (SQL, a numbered
list, a negative number, "Nope").
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, ok


# -- validate.answer_check: word problems of this suite, each asked in one unit --------------
def solved(question: str, trace: str, answer: str) -> dict[str, Any]:
    return {"question": question, "trace": trace, "answer": answer}


OVEN = ("A baker needs 45 minutes to bake one tray of bread and bakes 4 trays one after another. "
        "How many hours does the baking take?")
METER = ("Street parking costs 75 cents an hour. Lena parks for 6 hours. How much does she pay, "
         "in cents?")
STICKERS = ("Omar had 120 stickers. He gave 35 to his sister and 28 to his friend. How many "
            "stickers does he have left?")
WAGES = ("Ana earns $14 an hour and Ben earns $11 an hour. They each work 8 hours on Saturday. "
         "How much do they earn together on Saturday?")
MARBLES = ("A red box holds 48 marbles and a blue box holds 3 times as many. How many more "
           "marbles are in the blue box than in the red box?")
PAGES = "Priya reads 25 pages every day. How many pages does she read in 3 weeks?"
JACKET = "A jacket costs $80 and is on sale for 25% off. What is the sale price of the jacket?"
WALKERS = ("Of the 40 students in a class, 10 walk to school. What percent of the students walk "
           "to school?")
CRATES = "An empty crate weighs 2.5 kilograms. How many grams do 4 empty crates weigh?"
SCORES = "Lucia scored 70, 85 and 90 on three tests. What is her average score?"
LAPS = ("A runner takes 90 seconds for each lap of a track. How many minutes does she need for "
        "8 laps?")
PIZZA = ("A pizza is cut into 8 equal slices. Sam eats 3 slices and Kim eats 2. What fraction "
         "of the pizza is left?")
SEEDS = ("A gardener plants 15 rows of 12 seeds. 30 of the seeds do not sprout. How many "
         "seedlings come up?")
TICKETS = ("A museum sold 214 tickets on Friday and twice as many on Saturday. Tickets cost $9 "
           "each. How much money did the museum take on the two days?")
POOL = ("A pool holds 3,600 liters. A hose fills it at 20 liters a minute. How many hours does "
        "it take to fill the pool?")

ANSWER_CHECK_3 = [
    ok("a closing sentence with the number in words", "ok",
       **solved(OVEN, "Four trays take 45 x 4 = 180 minutes.\nThat is 180 / 60 = 3 hours.\n"
                "So the baking takes three hours.", "3")),
    ok("a percent sign on the final line", "ok",
       **solved(WALKERS, "10 / 40 = 0.25 of the class walks.\n0.25 * 100 = 25 percent.\n"
                "#### 25%", "25%")),
    ok("an answer field written in words", "ok",
       **solved(STICKERS, "He gave away 35 + 28 = 63 stickers.\nHe has 120 - 63 = 57 left.\n"
                "#### 57", "fifty-seven")),
    ok("a plain closing sentence, no #### and no 'answer'", "ok",
       **solved(SEEDS, "He plants 15 * 12 = 180 seeds.\n180 - 30 = 150 of them sprout.\n"
                "So 150 seedlings come up.", "150")),
    ok("'Answer:' with its unit spelled out", "ok",
       **solved(METER, "Six hours at 75 cents: 75 * 6 = 450 cents.\nAnswer: 450 cents", "450")),
    ok("a fraction as the final answer", "ok",
       **solved(PIZZA, "They eat 3 + 2 = 5 slices.\n8 - 5 = 3 slices are left, which is 3/8 of "
                "the pizza.\n#### 3/8", "3/8")),
    ok("thousands separated by a space", "ok",
       **solved(CRATES, "Four crates weigh 2.5 * 4 = 10 kilograms.\nIn grams: 10 * 1000 = "
                "10 000 grams.\n#### 10 000", "10000")),
    ok("a chained subtraction on one line", "ok",
       **solved(STICKERS, "120 \u2212 35 \u2212 28 = 57, so Omar has 57 stickers left.\n#### 57",
                "57")),
    ok("weeks turned into days first", "ok",
       **solved(PAGES, "3 weeks is 3 \u00d7 7 = 21 days.\nShe reads 25 \u00d7 21 = 525 pages.\n"
                "#### 525", "525")),
    ok("both earners, the total in a sentence", "ok",
       **solved(WAGES, "Ana: $14 \u00d7 8 = $112. Ben: $11 \u00d7 8 = $88.\nTogether they "
                "earn $112 + $88 = $200 on Saturday.\nThe answer is $200.", "$200")),
    ok("seconds turned into minutes", "ok",
       **solved(LAPS, "8 laps take 90 * 8 = 720 seconds.\n720 / 60 = 12 minutes.\n#### 12",
                "12")),
    ok("a mean written with a fraction bar and a bold answer", "ok",
       **solved(SCORES, "Sum: 70 + 85 + 90 = 245.\nMean: 245 / 3 = 81.67 (rounded).\n"
                "**Answer: about 81.67**", "81.67")),
    bad("the right count in minutes, the question asks hours", "answer_mismatch",
        **solved(OVEN, "One tray takes 45 minutes, so four take 45 * 4 = 180 minutes.\n#### 180",
                 "180")),
    bad("dollars where the question asks cents", "answer_mismatch",
        **solved(METER, "75 cents is $0.75.\nSix hours cost 0.75 * 6 = $4.50.\n#### 4.50",
                 "4.50")),
    bad("kilograms where the question asks grams", "answer_mismatch",
        **solved(CRATES, "Four crates weigh 2.5 * 4 = 10 kilograms.\n#### 10", "10")),
    bad("a share where the question asks a percent", "answer_mismatch",
        **solved(WALKERS, "10 of 40 walk: 10 / 40 = 0.25.\n#### 0.25", "0.25")),
    bad("seconds where the question asks minutes", "answer_mismatch",
        **solved(LAPS, "Each lap is 90 seconds, so 8 laps take 90 x 8 = 720 seconds.\n"
                 "The answer is 720.", "720")),
    bad("minutes where the question asks hours (a rate problem)", "answer_mismatch",
        **solved(POOL, "The pool holds 3,600 liters and the hose gives 20 a minute: 3,600 / 20 "
                 "= 180 minutes.\n#### 180", "180")),
    bad("what was given away instead of what is left", "answer_mismatch",
        **solved(STICKERS, "He gave 35 to his sister and 28 to his friend: 35 + 28 = 63.\n"
                 "#### 63", "63")),
    bad("one earner's pay instead of both", "answer_mismatch",
        **solved(WAGES, "Ana works 8 hours at $14: 14 * 8 = 112.\n#### 112", "112")),
    bad("the bigger box instead of the difference", "answer_mismatch",
        **solved(MARBLES, "The blue box holds 48 * 3 = 144 marbles.\n#### 144", "144")),
    bad("the discount instead of the sale price", "answer_mismatch",
        **solved(JACKET, "25% of $80 is 0.25 * 80 = 20 dollars.\n#### 20", "20")),
    bad("the sum instead of the average", "answer_mismatch",
        **solved(SCORES, "Her scores add up to 70 + 85 + 90 = 245.\n#### 245", "245")),
    bad("one week instead of three", "answer_mismatch",
        **solved(PAGES, "In a week she reads 25 * 7 = 175 pages.\n#### 175", "175")),
    bad("one day's takings instead of both", "answer_mismatch",
        **solved(TICKETS, "Saturday: 214 * 2 = 428 tickets.\n428 * 9 = 3,852 dollars.\n"
                 "#### 3852", "3852")),
    bad("a number misread from the question, steps consistent", "answer_mismatch",
        **solved(SEEDS, "He plants 16 * 12 = 192 seeds.\n192 - 30 = 162 sprout.\n#### 162",
                 "162")),
    bad("a wrong product written in words", "wrong_step",
        **solved(SEEDS, "Fifteen rows of twelve is 15 times 12, which is 170 seeds.\n170 - 30 = "
                 "140 seedlings.\n#### 140", "140")),
    bad("a wrong bracketed product", "wrong_step",
        **solved(TICKETS, "Both days: (214 + 428) x 9 = 5,788 dollars.\n#### 5788", "5788")),
    bad("a wrong percentage step written with 'of'", "wrong_step",
        **solved(JACKET, "The discount is 25% of $80 = $25.\nThe sale price is 80 - 25 = $55.\n"
                 "#### 55", "55")),
    bad("a closing sentence in words that the steps did not reach", "final_mismatch",
        **solved(STICKERS, "35 + 28 = 63 given away.\n120 - 63 = 57 left.\nSo Omar has "
                 "fifty-five stickers left.", "55")),
    bad("a fraction on the final line that the steps did not reach", "final_mismatch",
        **solved(PIZZA, "They eat 3 + 2 = 5 slices, so 8 - 5 = 3 are left.\n#### 5/8", "5/8")),
]


# -- validate.relevance: instructions of this suite ------------------------------------------
def pair(instruction: str, response: str, context: str = "") -> dict[str, Any]:
    return {"instruction": instruction, "input": context, "response": response}


MOON = "In what year did Apollo 11 land on the Moon?"
EVEREST = "How tall is Mount Everest?"
MARQUEZ = "Who wrote One Hundred Years of Solitude?"
THANKS = "Translate 'thank you very much' into French."
MILES = "Convert 5 kilometres to miles."
SLEEP = "Give three tips for falling asleep faster."
JAPAN = "What is the capital of Japan?"
BERLIN = "When did the Berlin Wall fall?"
STARRY = "Who painted The Starry Night?"
TALLEST = "What is the tallest animal on land?"
SUMMARY = "Summarise the following paragraph in one sentence."
PARAGRAPH = ("The town council voted on Tuesday to close the old library on Mill Street and move "
             "its books to the new community centre, which will open in March with longer hours "
             "and a children's reading room.")

RELEVANCE_3 = [
    ok("a chemical symbol", "ok", **pair("What is the chemical symbol for iron?", "Fe")),
    ok("a chemical formula", "ok", **pair("What is the chemical formula of water?", "H2O")),
    ok("a bare year to a 'when' question", "ok", **pair(BERLIN, "1989")),
    ok("a number in words", "ok", **pair("How many continents are there?", "Seven.")),
    ok("one word for a 'which' question", "ok",
       **pair("Which planet is closest to the Sun?", "Mercury")),
    ok("a name with a comment", "ok", **pair(MARQUEZ, "Gabriel Garc\u00eda M\u00e1rquez, in "
                                                       "1967.")),
    ok("a city", "ok", **pair(JAPAN, "Tokyo.")),
    ok("a height with its unit", "ok", **pair(EVEREST, "About 8,849 m.")),
    ok("a negative number", "ok",
       **pair("At what temperature are Celsius and Fahrenheit equal?", "\u221240 degrees.")),
    ok("a casual no with its reason", "ok",
       **pair("Is 21 a prime number?", "Nope \u2014 21 is 3 x 7.")),
    ok("a SQL query", "ok",
       **pair("Write an SQL query that selects the names of users older than 30.",
              "SELECT name FROM users WHERE age > 30;")),
    ok("a numbered list of symbols", "ok",
       **pair("List the first three elements of the periodic table.", "1. H\n2. He\n3. Li")),
    ok("a translation", "ok", **pair(THANKS, "Merci beaucoup.")),
    ok("a one-sentence summary of the input", "ok",
       **pair(SUMMARY, "The Mill Street library will close and its books move to a new "
              "community centre opening in March.", PARAGRAPH)),
    bad("on the topic, no year", "non_answer",
        **pair(MOON, "Apollo 11 was the NASA mission that carried Neil Armstrong, Buzz Aldrin and "
               "Michael Collins, and its landing is one of the most famous moments of the "
               "twentieth century.")),
    bad("on the topic, no height", "non_answer",
        **pair(EVEREST, "Mount Everest sits on the border of Nepal and Tibet, and climbing it "
               "takes weeks of acclimatisation at base camp before the summit push.")),
    bad("on the topic, no author", "non_answer",
        **pair(MARQUEZ, "One Hundred Years of Solitude is a landmark of magical realism that "
               "follows seven generations of the Buend\u00eda family in the town of "
               "Macondo.")),
    bad("on the topic, no translation", "non_answer",
        **pair(THANKS, "French has many ways to express gratitude, and the right one depends on "
               "how formal the situation is.")),
    bad("on the topic, no conversion", "non_answer",
        **pair(MILES, "Kilometres and miles are both units of length: the kilometre is metric "
               "and the mile is imperial.")),
    bad("on the topic, no tips", "non_answer",
        **pair(SLEEP, "Falling asleep faster is something many people struggle with, and tips "
               "for it are widely discussed by doctors and sleep researchers.")),
    bad("on the topic, no date", "non_answer",
        **pair(BERLIN, "The fall of the Berlin Wall was a turning point in the history of "
               "Germany and of the Cold War.")),
    bad("a plan instead of an answer", "non_answer",
        **pair(JAPAN, "To answer this, I will first look up the capital of Japan in a reliable "
               "atlas and then report it to you.")),
    bad("pleasantries only", "non_answer",
        **pair(SLEEP, "I'd be happy to help with that! Let me know if there is anything else you "
               "need.")),
    bad("the question paraphrased back", "non_answer",
        **pair(JAPAN, "You would like to know which city is the capital of Japan.")),
    bad("the input copied back as the summary", "echo", **pair(SUMMARY, PARAGRAPH, PARAGRAPH)),
    bad("a hedge that gives no answer", "non_answer",
        **pair(TALLEST, "There are several candidates for the tallest land animal, and people "
               "disagree about which one deserves the title.")),
    bad("a year to a 'who' question", "off_topic", **pair(STARRY, "1889")),
    bad("'yes' to a 'what' question", "non_answer", **pair(TALLEST, "Yes, definitely.")),
    bad("another topic behind the question's words", "off_topic",
        **pair(JAPAN, "Speaking of the capital of Japan, here is a cookie recipe: cream butter "
               "and sugar, add flour and eggs, and bake for twelve minutes.")),
    bad("an AI disclaimer instead of an answer", "non_answer",
        **pair(STARRY, "As an AI language model, I do not have personal opinions about "
               "paintings.")),
    bad("a number word to a 'who' question", "off_topic", **pair(MARQUEZ, "Seventeen.")),
]

# Per verifier name in verifier_attacks: probe C's held-out suites, after the earlier ones.
SUITES: dict[str, list[list[Case]]] = {
    "validate.answer_check": [ANSWER_CHECK_3], "validate.relevance": [RELEVANCE_3],
}
