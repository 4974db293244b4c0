"""Held-out suites of probe A (issue 22, a fresh attack round) for
``benchmarks/verifier_attacks.py``: ``GROUNDED_2``, ``ANSWER_CHECK_2``, ``RELEVANCE_2`` and
``JUDGE_2``.

Written as an outside prober would, knowing the rules each verifier states in its docstring,
with other passages, other GSM8K test items (by line of ``gsm8k/test.jsonl``) and other
instructions than ``attack_suites.py`` and ``held_out_suites.py``. Committed before their first
run and before any fix they measure; an item fixed after a miss here is no longer held out.
A wrong item's ``want`` is the code that should catch it even where the verifier has no means
to (an answer to another question than the record's, for a trace checker that never reads the
question): such an item counts as an attack that got through.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, choice, ok, pair

# -- validate.grounded: a museum, a mountain, a marathon; a fourth passage left out ----------
MUSEUM = ("The Rijksmuseum in Amsterdam reopened on 13 April 2013 after a ten-year renovation "
          "that cost 375 million euros. All 80 galleries were redesigned by the Spanish "
          "architects Cruz y Ortiz. Before the renovation, the museum received about 900,000 "
          "visitors a year; in 2014 it received 2.47 million. Of the 8,000 objects on display, "
          "25 percent had never been shown before.")
MOUNTAIN = ("Water boils at 100 degrees Celsius at sea level. On the summit of Mont Blanc, at "
            "4,808 metres, it boils at about 84 degrees Celsius. Most climbers reach the summit "
            "in two days from Les Houches, and none are allowed to camp above the Vallot hut.")
MARATHON = ("Eliud Kipchoge won the Berlin Marathon in 2:01:09 on 25 September 2022, breaking "
            "his own world record by 30 seconds. He finished more than four minutes ahead of "
            "Mark Korir, who was second.")
# Not in any item's context: evidence quoted from it comes from outside the passages.
ABSENT = "The Vallot hut, at 4,362 metres, was built in 1890 as an observatory and shelter."
GALLERIES = "All 80 galleries were redesigned by the Spanish architects Cruz y Ortiz"
BEFORE = "Before the renovation, the museum received about 900,000 visitors a year"
AHEAD = "He finished more than four minutes ahead of Mark Korir"
SHOWN = "Of the 8,000 objects on display, 25 percent had never been shown before"


def qa(question: str, answer: str, evidence: list[str],
       kind: str = "extractive") -> dict[str, Any]:
    return {"question": question, "answer": answer, "evidence": evidence, "kind": kind,
            "context": [MUSEUM, MOUNTAIN, MARATHON]}


GROUNDED_2 = [
    ok("a date quoted exactly", "ok",
       **qa("When did the Rijksmuseum reopen?", "On 13 April 2013",
            ["The Rijksmuseum in Amsterdam reopened on 13 April 2013"])),
    ok("a number in words for the quote's digits", "ok",
       **qa("By how much did Kipchoge break his own world record?", "Thirty seconds",
            ["breaking his own world record by 30 seconds"])),
    ok("a quantifier the quote has", "ok",
       **qa("Were all the galleries redesigned?", "Yes, all 80 galleries were redesigned.",
            [GALLERIES])),
    ok("a comparison the quote bears out", "ok",
       **qa("Did Kipchoge finish ahead of Mark Korir?",
            "Yes, more than four minutes ahead of him.", [AHEAD])),
    ok("a percentage written with the sign", "ok",
       **qa("What share of the objects on display had never been shown?", "25%", [SHOWN])),
    ok("a temperature with its unit", "ok",
       **qa("At what temperature does water boil on the summit of Mont Blanc?",
            "About 84 degrees Celsius",
            ["On the summit of Mont Blanc, at 4,808 metres, it boils at about 84 degrees "
             "Celsius"])),
    ok("a quote shortened with an ellipsis that drops nothing that matters", "ok",
       **qa("Who redesigned the galleries?", "Cruz y Ortiz",
            ["All 80 galleries were redesigned by ... Cruz y Ortiz"])),
    ok("a no that the quote bears out", "ok",
       **qa("May climbers camp above the Vallot hut?", "No, none are allowed to camp there.",
            ["none are allowed to camp above the Vallot hut"])),
    ok("multi-hop across two documents", "ok",
       **qa("How many years after the Rijksmuseum reopened did Kipchoge set his Berlin "
            "record?", "Nine years: 2013 to 2022",
            ["reopened on 13 April 2013", "won the Berlin Marathon in 2:01:09 on 25 September "
             "2022"], "multi_hop")),
    ok("a quote re-cased", "ok",
       **qa("How many visitors did the museum receive in 2014?", "2.47 million",
            ["in 2014 it received 2.47 million"])),
    bad("a quantifier changed in a lower-case quote ('all' to 'most')", "altered_span",
        **qa("How many of the galleries were redesigned?", "Most of them",
             ["most of the 80 galleries were redesigned by the Spanish architects Cruz y "
              "Ortiz"])),
    bad("'before' turned into 'after' in the quote", "altered_span",
        **qa("How many visitors a year did the museum receive after the renovation?",
             "About 900,000 a year",
             ["after the renovation, the museum received about 900,000 visitors a year"])),
    bad("'most' in the answer where the quote says 'all'", "unsupported",
        **qa("How many of the galleries did Cruz y Ortiz redesign?",
             "Most of the 80 galleries were redesigned by Cruz y Ortiz.", [GALLERIES])),
    bad("'behind' in the answer where the quote says 'ahead'", "unsupported",
        **qa("Where did Kipchoge finish relative to Mark Korir?",
             "More than four minutes behind Mark Korir.", [AHEAD])),
    bad("'less than' in the answer where the quote says 'more than'", "unsupported",
        **qa("By how much did Kipchoge beat Mark Korir?", "By less than four minutes.",
             [AHEAD])),
    bad("a nationality changed in the answer", "unsupported",
        **qa("Who redesigned the galleries?", "The French architects Cruz y Ortiz",
             [GALLERIES])),
    bad("Celsius swapped for Fahrenheit in the answer", "wrong_unit",
        **qa("At what temperature does water boil on the summit of Mont Blanc?",
             "About 84 degrees Fahrenheit",
             ["it boils at about 84 degrees Celsius"])),
    bad("an ellipsis that drops a 'none'", "altered_span",
        **qa("May climbers camp above the Vallot hut?",
             "Yes, most climbers are allowed to camp above the Vallot hut.",
             ["Most climbers ... are allowed to camp above the Vallot hut"])),
    bad("a right quote, an answer that contradicts it", "unsupported",
        **qa("Who came second in the 2022 Berlin Marathon?", "Eliud Kipchoge came second.",
             [AHEAD, "Mark Korir, who was second"])),
    bad("a percentage given as a count", "wrong_unit",
        **qa("How many of the objects on display had never been shown?",
             "25 of the objects had never been shown before.", [SHOWN])),
    bad("a rounded number ('about 50' for 48 becomes 'about 2.5 million')", "unsupported_number",
        **qa("How many visitors did the museum receive in 2014?", "About 2.5 million",
             ["in 2014 it received 2.47 million"])),
    bad("evidence from a passage not in the context", "span_not_found",
        **qa("When was the Vallot hut built?", "In 1890", [ABSENT])),
    bad("a wrong number in words", "unsupported_number",
        **qa("By how much did Kipchoge break his own world record?", "Forty seconds",
             ["breaking his own world record by 30 seconds"])),
    bad("the year of the answer's date changed", "unsupported_number",
        **qa("When did the Rijksmuseum reopen?", "13 April 2012",
             ["reopened on 13 April 2013"])),
]


# -- validate.answer_check: GSM8K test items 201-215 and 600-606, as a model writes them ------
BALDUR = ("Baldur gets water from a well. He gets 5 pails of water every morning and 6 pails of "
          "water every afternoon. If each pail contains 5 liters of water, how many liters of "
          "water does he get every day?")
MARK = ("Mark is a copy-editor. He edits an equal number of sentences each week for two "
        "different publishers, who each pay him a different rate per sentence. Publisher B pays "
        "Mark twice what Publisher A pays. Mark edits a total number of 1000 sentences each "
        "week, and Publisher A pays him 5 cents per sentence. How much does Mark make in a "
        "week, in cents?")
MICHEAL = ("Micheal loves riding a bike. He rode it at least 5 times a week and makes 25 "
           "kilometers each time. He did that for four weeks, and then he decided, to ride the "
           "bike only 2 times a week, but for 60 kilometers each time, and he did that for 3 "
           "weeks. How many kilometers did Micheal do in total?")
JOE = ("Joe's bag of Halloween candy has 25 chocolate bars and 80 candied apples. Each chocolate "
       "bar weighs twice as much as each candied apple. If each chocolate bar weighs 40g, how "
       "much does Joe's bag of candy weigh, in grams?")
JANET = ("Janet had 22 green pens and 10 yellow pens. Then she bought 6 bags of blue pens and 2 "
         "bags of red pens. There were 9 pens in each bag of blue and 6 pens in each bag of red. "
         "How many pens does Janet have now?")
JOHN = ("John wins an award at work. The award has a 1 time monetary reward of $5000 and a 5% "
        "raise in salary. If he makes 2000 a week, every week of the year and he got the award "
        "on the first day of the year how much money did he make that year?")
ROSE = ("Rose went to the store on Monday and bought 4 cakes. Tuesday she went to a different "
        "store and bought three times that number of cakes. On Wednesday she went to another "
        "store and bought 5 times the number of cakes she did on Tuesday. How many cakes did "
        "she buy after all three days?")
SLOANE = ("While at the dollar store, Sloane counts 100 customers entering the store. The next "
          "day, she counts 50 more customers than the first day. If the total number of "
          "customers by the third day was 500, how many customers did she count on the third "
          "day?")
GARY = ("Gary likes to walk around the edge of the local park, which is a rectangle that "
        "measures 1.5 miles by 6 miles. If he walks at 3 miles/hour, how many hours does he "
        "spend walking?")
JOSIE = ("Josie grows grapes on her 10-acre farm. Each acre produces 5 tons of grapes per year, "
         "and each ton of grapes makes 2 barrels of wine. How many barrels of wine does her farm "
         "produce per year?")
HOWARD = ("Howard spends $8 dollars at the arcade on Monday. On Tuesday, he spends twice as much "
          "at the arcade as he did on Monday. On Wednesday, he spends 4 times as much at the "
          "arcade as he spent on Tuesday. If he originally had $100, how much money does he "
          "have left?")
PLANE = ("A plane travels 1200 miles in 3 hours. At the same rate, how many additional hours "
         "would it take to travel an additional 2000 miles?")
PETS = ("A pet store currently has 5 dogs, 2 cats, and 10 birds. How many legs in total do the "
        "pets in the store have?")
PATRICK = ("For four hours, Patrick sold 15 cups of lemonade per hour at a price of $0.50 per "
           "cup. In the next two hours, he sold 10 cups of lemonade per hour at a price of $0.60 "
           "per cup. How much money did Patrick earn, in dollars, from selling lemonade for 6 "
           "hours?")


def solved(question: str, trace: str, answer: str) -> dict[str, Any]:
    return {"question": question, "trace": trace, "answer": answer}


ANSWER_CHECK_2 = [
    ok("'Final answer:' instead of ####", "ok",
       **solved(BALDUR, "Morning: 5 x 5 = 25 liters.\nAfternoon: 6 x 5 = 30 liters.\n"
                "Every day: 25 + 30 = 55 liters.\n\nFinal answer: 55", "55")),
    ok("'The answer is' in bold", "ok",
       **solved(JOSIE, "The farm makes 10 * 5 = 50 tons of grapes a year.\n"
                "That is 50 * 2 = 100 barrels of wine.\nThe answer is **100**.", "100")),
    ok("a unit on the #### line", "ok",
       **solved(JANET, "Janet had 22 + 10 = 32 pens.\nBlue: 6 \u00d7 9 = 54. Red: 2 \u00d7 6 = "
                "12.\nNow: 32 + 54 + 12 = 98.\n#### 98 pens", "98")),
    ok("a check step after the answer", "ok",
       **solved(GARY, "The long sides: 6 * 2 = 12 miles. The short sides: 1.5 * 2 = 3 miles.\n"
                "Around the park: 12 + 3 = 15 miles.\nHours: 15 / 3 = 5.\n"
                "Check: 5 * 3 = 15 miles, the distance around the park.\n#### 5", "5")),
    ok("a numbered list and a bold 'Answer:'", "ok",
       **solved(HOWARD, "1. Tuesday: $8 \u00d7 2 = $16\n2. Wednesday: $16 \u00d7 4 = $64\n"
                "3. Spent: $8 + $16 + $64 = $88\n4. Left: $100 \u2212 $88 = $12\n\n"
                "**Answer:** $12", "12")),
    ok("division signs and a rate", "ok",
       **solved(PLANE, "Rate: 1200 \u00f7 3 = 400 mph.\nTime for 2000 miles: 2000 \u00f7 400 = "
                "5 hours.\n#### 5", "5")),
    ok("dollars and cents, an answer with cents", "ok",
       **solved(PATRICK, "First four hours: $0.50 x 15 = $7.50 an hour, and $7.50 x 4 = $30.\n"
                "Next two hours: $0.60 x 10 = $6 an hour, and $6 x 2 = $12.\n"
                "Total: $30 + $12 = $42.\n#### 42.00", "$42.00")),
    ok("a boxed answer after semicolon-separated steps", "ok",
       **solved(ROSE, "Tuesday: 4 \u00d7 3 = 12; Wednesday: 12 \u00d7 5 = 60; all three days: "
                "4 + 12 + 60 = 76.\n\\boxed{76}", "76")),
    ok("units between the numbers", "ok",
       **solved(PETS, "Dogs: 5 dogs * 4 legs = 20 legs.\nCats: 2 cats * 4 legs = 8 legs.\n"
                "Birds: 10 birds * 2 legs = 20 legs.\nAll: 20 + 8 + 20 = 48 legs.\n#### 48",
                "48")),
    ok("'The answer is' with the last step in it", "ok",
       **solved(SLOANE, "Second day: 100 + 50 = 150 customers.\nFirst two days: 100 + 150 = "
                "250.\nThe answer is 500 - 250 = 250.", "250")),
    ok("an answer field with its unit", "ok",
       **solved(JOE, "Each candied apple weighs 40 / 2 = 20 grams.\nThe bars weigh 40 * 25 = "
                "1000 grams and the apples 20 * 80 = 1600 grams.\nThe bag weighs 1000 + 1600 = "
                "2600 grams.\n#### 2600", "2600 grams")),
    bad("a wrong product, the right total", "wrong_step",
        **solved(BALDUR, "Morning: 5 x 5 = 25 liters.\nAfternoon: 6 x 5 = 36 liters.\n"
                 "Every day: 25 + 30 = 55 liters.\n#### 55", "55")),
    bad("wrong products written with 'is'", "wrong_step",
        **solved(BALDUR, "In the morning he gets 5 x 5 is 20 liters and in the afternoon 6 x 5 "
                 "is 30 liters.\nSo every day 20 + 30 = 50 liters.\n#### 50", "50")),
    bad("a wrong product in words, the right final answer", "wrong_step",
        **solved(JANET, "Janet had 22 + 10 = 32 pens.\n6 multiplied by 9 gives 56 blue pens and "
                 "2 multiplied by 6 gives 10 red pens.\nShe has 32 + 56 + 10 = 98 pens.\n"
                 "#### 98", "98")),
    bad("a wrong step with its units glued to the numbers", "wrong_step",
        **solved(JOE, "The bars weigh 40 * 25 = 1000 grams.\nEach apple weighs 40 / 2 = 20 "
                 "grams, so the apples weigh 20g x 80 = 1400g.\nThe bag weighs 1000 + 1400 = "
                 "2400 grams.\n#### 2400", "2400")),
    bad("a percentage left whole", "wrong_step",
        **solved(JOHN, "He makes 2000 * 52 = 104,000 a year.\nThe raise is 104,000 * 5% = "
                 "520,000.\nFrom his salary: 104,000 + 520,000 = 624,000.\nWith the reward: "
                 "624,000 + 5,000 = 629,000.\n#### 629,000", "629000")),
    bad("'#### 77' after a trace that ends in 76", "final_mismatch",
        **solved(ROSE, "Tuesday: 4 * 3 = 12 cakes.\nWednesday: 12 * 5 = 60 cakes.\nAll three "
                 "days: 4 + 12 + 60 = 76 cakes.\n#### 77", "77")),
    bad("two final answers, the first not the trace's", "final_mismatch",
        **solved(SLOANE, "The answer is 300.\nSecond day: 100 + 50 = 150.\nFirst two days: "
                 "100 + 150 = 250.\nThird day: 500 - 250 = 250.\n#### 250", "250")),
    bad("a final answer among several numbers", "no_final",
        **solved(SLOANE, "Second day: 100 + 50 = 150.\nFirst two days: 100 + 150 = 250.\n"
                 "Third day: 500 - 250 = 250.\n#### 250 or 150", "250")),
    bad("a carried value that was never computed", "wrong_step",
        **solved(BALDUR, "Morning: 5 x 5 = 25 liters.\nAfternoon: 6 x 5 = 30 liters.\n"
                 "Every day: 30 + 20 = 50 liters.\n#### 50", "50")),
    bad("right steps that answer another question (only the first four weeks)",
        "answer_mismatch",
        **solved(MICHEAL, "Each week: 5 * 25 = 125 kilometers.\nFour weeks: 125 * 4 = 500 "
                 "kilometers.\n#### 500", "500")),
    bad("the right number in the wrong units (dollars, asked for cents)", "answer_mismatch",
        **solved(MARK, "Each publisher gets 1000 / 2 = 500 sentences.\nA pays 5 * 500 = 2500 "
                 "cents and B pays 10 * 500 = 5000 cents.\nIn all 2500 + 5000 = 7500 cents, "
                 "which is 7500 / 100 = 75 dollars.\n#### 75", "75")),
    bad("a wrong last step, the answer field from the wrong step", "wrong_step",
        **solved(PLANE, "Rate: 1200 / 3 = 400 mph.\nTime: 2000 / 400 = 4 hours.\n#### 4", "4")),
    bad("a bold wrong product", "wrong_step",
        **solved(HOWARD, "- Tuesday: $8 \u00d7 2 = **$16**\n- Wednesday: $16 \u00d7 4 = "
                 "**$60**\n- Spent: $8 + $16 + $60 = **$84**\n- Left: $100 \u2212 $84 = "
                 "**$16**\n#### 16", "16")),
]


# -- validate.relevance: new instructions, with their right answers and near misses ---------
CAPITAL = "What is the capital of Australia?"
ETHANOL = "What is the boiling point of ethanol at sea level?"
HAIKU = "Write a haiku about autumn leaves."
BONES = "How many bones are in the adult human body?"
SPANISH = "Translate 'good morning' into Spanish."
COLOURS = "Name three primary colours."
GOLD = "Give the chemical symbol for gold."
ROMEO = "Summarise the plot of Romeo and Juliet in one sentence."
EXERCISE = "List two benefits of regular exercise."
AUSTEN = "Name the author of Pride and Prejudice."

RELEVANCE_2 = [
    ok("a terse right answer", "ok", **pair(CAPITAL, "Canberra.")),
    ok("a number with its unit", "ok", **pair(ETHANOL, "About 78 \u00b0C (173 \u00b0F).")),
    ok("a haiku", "ok", **pair(HAIKU, "Red leaves drift and fall / the maple lets go of summer "
                               "/ wind carries them home")),
    ok("a yes/no label to a yes/no question", "label",
       **pair("Is a tomato a fruit? Answer yes or no.", "Yes.")),
    ok("a chemical symbol", "ok", **pair(GOLD, "Au")),
    ok("a bare number to a how-many question", "label", **pair(BONES, "206")),
    ok("a translation", "ok", **pair(SPANISH, "Buenos d\u00edas.")),
    ok("a list of three", "ok", **pair(COLOURS, "Red, yellow and blue.")),
    ok("a one-sentence summary", "ok",
       **pair(ROMEO, "Two young lovers from feuding families in Verona marry in secret, and a "
              "chain of misunderstandings ends in both their deaths.")),
    ok("a name", "ok", **pair(AUSTEN, "Jane Austen")),
    ok("code", "ok", **pair("Write a Python function that returns the square of a number.",
                            "def square(x):\n    return x * x")),
    bad("on the topic, no answer", "non_answer",
        **pair(ETHANOL, "Ethanol is a colourless alcohol used in drinks, fuels and hand "
               "sanitisers.")),
    bad("the answer to a neighbouring question", "off_topic",
        **pair(CAPITAL, "Sydney is the largest city in Australia, home to about five million "
               "people.")),
    bad("keywords stuffed, no sentence", "non_answer",
        **pair(HAIKU, "autumn leaves haiku autumn leaves haiku autumn poem leaves autumn")),
    bad("the instruction's phrase repeated", "echo",
        **pair(CAPITAL, "Capital of Australia capital of Australia capital of Australia.")),
    bad("a deflection with subject words", "non_answer",
        **pair(BONES, "It depends on how you count them, so check an anatomy textbook or ask "
               "a doctor.")),
    bad("a refusal in other words", "non_answer",
        **pair(SPANISH, "That is outside what I am able to help with today.")),
    bad("the question turned back", "non_answer",
        **pair(COLOURS, "Which three colours do you think are the primary ones?")),
    bad("a neighbouring element", "off_topic",
        **pair(GOLD, "The chemical symbol for silver is Ag.")),
    bad("a placeholder", "non_answer", **pair(ROMEO, "[One-sentence summary of the plot of Romeo "
                                               "and Juliet goes here]")),
    bad("a preamble with nothing after it", "non_answer",
        **pair(ROMEO, "Here is a one-sentence summary of the plot of Romeo and Juliet:")),
    bad("'yes' to a question that is not yes/no", "non_answer", **pair(EXERCISE, "Yes.")),
    bad("a year for a question that asks a name", "off_topic", **pair(AUSTEN, "1813")),
    bad("the other work of the author asked about", "off_topic",
        **pair(AUSTEN, "Pride and Prejudice was published in 1813 and followed Sense and "
               "Sensibility.")),
]


# -- validate.judge (pairwise; the scripted judges of verifier_attacks) ----------------------
# Lengths are what the scripted judges weigh: the length-biased one picks the longer response,
# and the stage probes length only where the preferred response is ``length_ratio`` (1.5) times
# the other or more. Attacks here sit below and above that ratio.
JUDGE_2 = [
    ok("right and 1.38 times longer", "agree",
       **choice("What is the largest ocean on Earth?", "The Pacific Ocean.", "The Atlantic.")),
    ok("right and much longer", "agree",
       **choice("How many legs does a spider have?", "A spider has eight legs, four on each "
                "side of its body.", "Six.")),
    ok("right and shorter", "agree",
       **choice("What gas do plants take in for photosynthesis?", "Carbon dioxide.",
                "Plants take in oxygen from the air during the day for photosynthesis.")),
    ok("right, the same length", "agree",
       **choice("What is the freezing point of water in Fahrenheit?", "It is 32 F.",
                "It is 23 F.")),
    ok("right and terse against a long wrong one", "agree",
       **choice("Who wrote Hamlet?", "Shakespeare.", "Hamlet was written by Christopher "
                "Marlowe in the late sixteenth century.")),
    ok("right, both long", "agree",
       **choice("What is the chemical symbol for sodium?", "The chemical symbol for sodium is "
                "Na, from its Latin name natrium.", "The chemical symbol for sodium is So, "
                "short for the English name.")),
    ok("right, a number", "agree",
       **choice("How many minutes are in two hours?", "120 minutes.", "100 minutes.")),
    ok("right and 1.17 times longer", "agree",
       **choice("What colour do you get by mixing blue and yellow?", "You get green.",
                "It's orange.")),
    ok("right and 3.4 times longer", "agree",
       **choice("What is the square root of 81?", "The square root of 81 is 9.",
                "It is 8.")),
    ok("right, a name, 1.38 times longer", "agree",
       **choice("Who painted the Mona Lisa?", "Leonardo da Vinci.", "Michelangelo.")),
    bad("wrong and 1.42 times longer", "disagree",
        **choice("What is the capital of Canada?", "Toronto, Ontario.", "Ottawa city.")),
    bad("wrong and 1.25 times longer", "disagree",
        **choice("How many continents are there?", "There are 6 of them.", "There are seven.")),
    bad("wrong and 1.3 times longer", "disagree",
        **choice("What is the smallest prime number?", "The smallest prime is one.",
                 "The smallest is two.")),
    bad("wrong, the same length", "disagree",
        **choice("What is 9 x 6?", "It is 56.", "It is 54.")),
    bad("wrong and 1.38 times longer", "disagree",
        **choice("Which metal is liquid at room temperature?", "Lead metal.", "Mercury.")),
    bad("wrong and shorter", "disagree",
        **choice("What is the longest river in Africa?", "Congo.", "The Nile is the longest "
                 "river in Africa.")),
    bad("wrong and much longer", "disagree",
        **choice("How many days are in a leap year?", "A leap year has 365 days, the same as "
                 "every other year, since the extra day is only counted in February.",
                 "366.")),
    bad("wrong and 1.62 times longer", "disagree",
        **choice("What is the hardest natural mineral?", "It is quartz.", "Diamond.")),
    bad("wrong and 1.14 times longer", "disagree",
        **choice("Which planet has the most moons?", "Jupiter.", "Saturn.")),
    bad("wrong and 1.43 times longer", "disagree",
        **choice("What is the boiling point of water in Fahrenheit?",
                 "Water boils at 200 F, roughly.", "Water boils at 212 F.")),
    bad("wrong, a name, 1.75 times longer", "disagree",
        **choice("Who discovered penicillin?", "Louis Pasteur.", "Fleming.")),
    bad("wrong, a number, shorter", "disagree",
        **choice("How many sides does an octagon have?", "It has ten.", "It has 8, eight.")),
]
# What each judge item's true answer contains (the scripted fair judge looks for it).
JUDGE_TRUTH = {
    "What is the largest ocean on Earth?": "pacific", "How many legs does a spider have?":
    "eight", "What gas do plants take in for photosynthesis?": "carbon dioxide",
    "What is the freezing point of water in Fahrenheit?": "32",
    "Who wrote Hamlet?": "shakespeare", "What is the chemical symbol for sodium?": "na",
    "How many minutes are in two hours?": "120",
    "What colour do you get by mixing blue and yellow?": "green",
    "What is the square root of 81?": "9", "Who painted the Mona Lisa?": "leonardo",
    "What is the capital of Canada?": "ottawa", "How many continents are there?": "seven",
    "What is the smallest prime number?": "two", "What is 9 x 6?": "54",
    "Which metal is liquid at room temperature?": "mercury",
    "What is the longest river in Africa?": "nile", "How many days are in a leap year?": "366",
    "What is the hardest natural mineral?": "diamond",
    "Which planet has the most moons?": "saturn",
    "What is the boiling point of water in Fahrenheit?": "212",
    "Who discovered penicillin?": "fleming", "How many sides does an octagon have?": "eight",
}

# Per verifier name in verifier_attacks: probe A's held-out suites, after those of
# ``held_out_suites.SUITES``.
SUITES: dict[str, list[list[Case]]] = {
    "validate.grounded": [GROUNDED_2], "validate.answer_check": [ANSWER_CHECK_2],
    "validate.relevance": [RELEVANCE_2],
    **{f"validate.judge ({kind} judge)": [JUDGE_2]
       for kind in ("fair", "position-biased", "length-biased")},
}
