"""Held-out decontamination suites for ``benchmarks/decontam_eval.py`` and
``benchmarks/verifier_attacks.py`` (against GSM8K test, HumanEval and MBPP).

Kept apart from ``held_out_suites.py`` so that suites for other verifiers can be added there
at the same time. Each suite is committed before the fixes it measures and run once before
them, as the suites of ``held_out_suites.py`` are.
"""

from __future__ import annotations

from benchmarks.attack_suites import Case, bad, ok
from benchmarks.held_out_suites import DECONTAMINATE, DECONTAMINATE_2, DECONTAMINATE_3

# -- a fourth held-out suite --------------------------------------------------------------------
# Written for issue 22's sixth pass, on the kinds of attack the third suite still missed but on
# other items and in other words: GSM8K test lines (named) translated into German, Italian and
# Portuguese, retold with other names and/or numbers, with a unit changed, or compressed into
# notation; HumanEval and MBPP test tasks as plain requests (with and without an example) and
# docstring-only stubs. Controls in the same forms: GSM8K *train* items (line named), fresh
# problems near test items' topics, fresh code requests near HumanEval and MBPP tasks (MBPP read
# for each), and MBPP problems outside its test split (task named).
DECONTAMINATE_4 = [
    bad("translated into German (line 77)", "paraphrase", text=(
        "Cecilia hat gerade einen neuen Welpen gekauft. Laut ihrer Tier\u00e4rztin muss sie ihm "
        "in den ersten 180 Tagen jeden Tag 1 Tasse Hundefutter geben und danach f\u00fcr den "
        "Rest seines Lebens 2 Tassen t\u00e4glich. Ein Sack Hundefutter enth\u00e4lt 110 "
        "Tassen. Wie viele S\u00e4cke Hundefutter verbraucht Cecilia im ersten Jahr?")),
    bad("translated into Italian (line 606)", "paraphrase", text=(
        "Per quattro ore Patrick ha venduto 15 bicchieri di limonata all'ora a 0,50 $ il "
        "bicchiere. Nelle due ore successive ne ha venduti 10 all'ora a 0,60 $ il bicchiere. "
        "Quanti dollari ha guadagnato Patrick in 6 ore?")),
    bad("translated into Portuguese (line 860)", "paraphrase", text=(
        "Enquanto trabalhava no restaurante, cada um dos quarenta clientes deu a Rafaela uma "
        "gorjeta de $20. Julieta recebeu 10% menos em gorjetas do que Rafaela. Quanto dinheiro "
        "Julieta e Rafaela receberam de gorjetas ao todo?")),
    bad("other names and numbers, the same mosaic (line 808)", "paraphrase", text=(
        "Nadia is making a mosaic out of glass tiles. Every square inch of it takes 9 tiles, "
        "and a bag holds 54 tiles. She wants the mosaic to be 2 inches tall. With three bags, "
        "how many inches long can she make it?")),
    bad("other numbers, no names, the same blackout (line 1250)", "paraphrase", text=(
        "When the power goes out one night, a family of 5 gathers every candle and flashlight "
        "in their 6-room house. There is a flashlight for each person and two for every room; "
        "half the rooms get 3 small candles each and the other half 6 medium candles each. How "
        "many candles and flashlights are they using?")),
    bad("paraphrased, other numbers (line 404)", "paraphrase", text=(
        "Mel runs a 1,200-watt air conditioner 10 hours a day. If he cuts its daily use by 4 "
        "hours, how many kilowatt-hours of electricity does he save over 31 days?")),
    bad("other names and numbers, the same goods (line 690)", "paraphrase", text=(
        "Keiko paid $4.50 for six lollipops and three candies. A lollipop costs $0.50. What "
        "will 8 lollipops and 8 candies cost her?")),
    bad("a unit change, metres per second (line 1100)", "paraphrase", text=(
        "The biggest waterslide at Five Flags is 90 metres long and riders slide down it at 1 "
        "metre per second. The second biggest is 72 metres long but steeper, so riders go 1.5 "
        "metres per second. How many seconds longer does the biggest slide take?")),
    bad("a unit change, gallons (line 222)", "paraphrase", text=(
        "A water tank holds 32 gallons. Celine uses 24 gallons of it on her small garden and "
        "then collects twice as much rainwater as was left. How many gallons are in the tank "
        "now?")),
    bad("a unit change, cents and June (line 1150)", "paraphrase", text=(
        "Jen got 3 fish. Each needs 25 cents' worth of food a day. How many cents does she "
        "spend on fish food in the month of June?")),
    bad("compressed into notation (line 260)", "paraphrase", text=(
        "A_apples = J_apples + 8; A_bananas = J_bananas / 2; J_bananas = J_apples + 4; "
        "A_apples = 52. Total fruit = ?")),
    bad("compressed into notation (line 30)", "paraphrase", text=(
        "boots = heels1 + heels2 + $5; heels1 = $33; heels2 = 2 * heels1. boots = ?")),
    bad("HumanEval/121 as a plain request", "paraphrase", text=(
        "Write a function that takes a non-empty list of integers and adds up the odd values "
        "that sit at even indexes.")),
    bad("HumanEval/152 as a plain request with its example", "paraphrase", text=(
        "Given two lists of equal length, the real scores of some matches and someone's "
        "guesses, return a list saying how far off each guess was: 0 when it was right, "
        "otherwise the absolute difference. For example [1,2,3,4,5,1] and [1,2,3,4,2,-2] give "
        "[0,0,0,0,3,3].")),
    bad("HumanEval/161 as a plain request", "paraphrase", text=(
        "Write a function that takes a string and flips the case of every letter in it, "
        "leaving other characters as they are; if the string has no letters at all, return it "
        "reversed.")),
    bad("HumanEval/139 as a docstring-only stub", "paraphrase", text=(
        "def special_factorial(n):\n    \"\"\"Return n! * (n-1)! * (n-2)! * ... * 1! for "
        "n > 0.\"\"\"\n")),
    bad("MBPP 27 as a plain request with its example", "paraphrase", text=(
        "I need a Python function that strips every digit out of each string in a list, so "
        "['4words', '3letters', '4digits'] becomes ['words', 'letters', 'digits'].")),
    bad("MBPP 450 as a plain request", "paraphrase", text=(
        "Given a list of strings and a length, return only the strings that have exactly that "
        "many characters.")),
    bad("MBPP 480 as a docstring-only stub", "paraphrase", text=(
        "def get_max_occuring_char(str1):\n    \"\"\"Return the character that occurs most "
        "often in the string.\"\"\"\n")),
    bad("MBPP 94 as a plain request", "paraphrase", text=(
        "From a list of (name, score) tuples, return the name that has the smallest score.")),
    ok("a GSM8K train item (line 3900)", "clean", text=(
        "There are 56 pieces of fruit in a box. One-fourth of the box contains oranges. There "
        "are half as many peaches as oranges and five times as many apples as peaches. How "
        "many apples are in the box?")),
    ok("a GSM8K train item in German (line 150)", "clean", text=(
        "In 3 Jahren wird Jayden halb so alt sein wie Ernesto. Wenn Ernesto 11 Jahre alt ist, "
        "wie alt ist Jayden jetzt?")),
    ok("a GSM8K train item in Portuguese (line 1600)", "clean", text=(
        "Natalie tem $26 para fazer compras. Ela comprou uma camisola por $9, uma T-shirt por "
        "$4 e um par de sapatos de salto por $5. Quanto dinheiro resta a Natalie?")),
    ok("a GSM8K train item in notation (line 7100)", "clean", text=(
        "skips = 3 per second * 10 minutes. skips = ?")),
    ok("a GSM8K train item retold with other numbers (line 5100)", "clean", text=(
        "The new animal shelter took in its first 80 animals yesterday, 30 more cats than "
        "dogs. How many cats did it take in?")),
    ok("a fresh problem in Italian", "clean", text=(
        "Luca compra 4 quaderni a 2,50 \u20ac l'uno e una penna a 1,20 \u20ac. Quanto spende "
        "in tutto?")),
    ok("a fresh problem near a test item's topic (a pet's food)", "clean", text=(
        "Lena's kitten eats 2 pouches of food a day. A box holds 24 pouches. How many boxes "
        "does she need for 30 days?")),
    ok("a fresh problem near a test item's topic (a water tank)", "clean", text=(
        "A rain barrel holds 200 litres. Omar uses 50 litres on Monday and 70 litres on "
        "Tuesday, and a storm adds 35 litres. How many litres are in the barrel now?")),
    ok("a fresh problem with a unit change", "clean", text=(
        "A cyclist rides at 18 kilometres per hour for 40 minutes and then at 24 kilometres "
        "per hour for 15 minutes. How many kilometres does she ride?")),
    ok("a fresh request near HumanEval/121 and MBPP 270", "clean", text=(
        "Write a function that takes a list of integers and returns the largest value found "
        "at an even index.")),
    ok("a fresh request near HumanEval/161", "clean", text=(
        "Write a function that takes a string and swaps the case of every vowel in it, "
        "leaving every other character unchanged.")),
    ok("a fresh stub near HumanEval/139", "clean", text=(
        "def double_factorial(n):\n    \"\"\"Return n!! = n * (n-2) * (n-4) * ... down to 1 or "
        "2.\"\"\"\n")),
    ok("a fresh request with an example near MBPP 27", "clean", text=(
        "I need a Python function that removes every vowel from each string in a list, so "
        "['apple', 'tree'] becomes ['ppl', 'tr'].")),
    ok("MBPP 520, outside the test split", "clean", text=(
        "Write a function to find the lcm of the given array elements.\n"
        "assert get_lcm([2, 7, 3, 9, 4]) == 252")),
    ok("MBPP 700, outside the test split", "clean", text=(
        "Write a function to count the number of elements in a list which are within a "
        "specific range.")),
    ok("MBPP 557 as a plain request, outside the test split", "clean", text=(
        "Give me a function that turns upper-case letters of a string into lower case and "
        "lower-case ones into upper case.")),
]


# Per verifier name in verifier_attacks: its held-out decontamination suites, oldest first.
# They name HumanEval and MBPP items, so verifier_attacks checks them against all three
# benchmarks.
SUITES: dict[str, list[list[Case]]] = {
    "curate.decontaminate": [DECONTAMINATE, DECONTAMINATE_2, DECONTAMINATE_3, DECONTAMINATE_4],
}
