"""A fifth held-out decontamination suite, for ``benchmarks/verifier_attacks.py`` (against GSM8K
test, HumanEval and MBPP).

Written by an outside prober for issue 22's seventh pass, from the stage's docstring and the four
earlier suites only: the kinds those suites still missed on other items and in other words
(HumanEval and MBPP tasks restated in plain words with no function name or signature, two
benchmark stubs merged into one task, the same task in other notation: math symbols, a GSM8K
problem as equations or LaTeX, a signature in Java, Rust or TypeScript style) and kinds of its own
(a GSM8K problem turned into a coding task or a table, a HumanEval task as a pytest file or as
bare input/output pairs, a HumanEval task in French). Its correct items are written as unusually:
near-but-different tasks (another function contract, a letter class swapped), fresh problems on a
test item's topic that ask something else with other numbers, fresh tasks in the same notations,
and GSM8K train and MBPP non-test items in them. Committed before any fix it measures, and run
once before and once after.
"""

from __future__ import annotations

from benchmarks.attack_suites import Case, bad, ok

DECONTAMINATE_5 = [
    # -- plain words, no function name or signature ------------------------------------------
    bad("HumanEval/98 in plain words", "paraphrase", text=(
        "Count how many capital vowels show up at the even-numbered positions of a piece of "
        "text, counting positions from zero.")),
    bad("HumanEval/108 in plain words", "paraphrase", text=(
        "Given some whole numbers, tell me how many of them have a digit total above zero, "
        "where a negative number's leading digit is taken as negative.")),
    bad("HumanEval/26 in plain words", "paraphrase", text=(
        "Drop every integer that shows up more than once in a list; whatever survives stays "
        "in the order it had.")),
    bad("MBPP 505 in plain words", "paraphrase", text=(
        "Shift every 0 in an array to the back while everything else keeps its order.")),
    # -- two benchmark stubs merged ----------------------------------------------------------
    bad("HumanEval/7 and HumanEval/29 merged into one stub", "paraphrase", text=(
        "def filter_strings(strings: List[str], prefix: str, substring: str) -> List[str]:\n"
        "    \"\"\"Filter an input list of strings only for ones that start with the given "
        "prefix and also contain the given substring.\"\"\"\n")),
    bad("HumanEval/155 and HumanEval/131 merged", "paraphrase", text=(
        "Write a function that takes an integer and returns a tuple: how many even digits "
        "it has, how many odd digits it has, and the product of the odd digits (0 when all "
        "digits are even).")),
    # -- other notation ----------------------------------------------------------------------
    bad("HumanEval/147 in math notation", "paraphrase", text=(
        "Let a_i = i\u00b2 \u2212 i + 1 for 1 \u2264 i \u2264 n. Count the triples "
        "(a_i, a_j, a_k) with i < j < k such that 3 | a_i + a_j + a_k.")),
    bad("HumanEval/138 in math notation", "paraphrase", text=(
        "Decide whether n = a + b + c + d for some a, b, c, d \u2208 2\u2124\u207a "
        "(exactly four positive even summands).")),
    bad("GSM8K test line 333 as equations", "paraphrase", text=(
        "C = 220 castles in Scotland; R = 0.40 \u00b7 C are ruins; U = R / 2 are unmanned. "
        "U = ?")),
    bad("GSM8K test line 950 as equations", "paraphrase", text=(
        "Marcus = Leo / 2; Marcus = Deanna \u2212 5; Deanna = 26. Leo = ?")),
    bad("GSM8K test line 1180 in LaTeX", "paraphrase", text=(
        "James has $t = 30$ teeth. The dentist drills $d = 4$ and caps $c = d + 7$. "
        "Compute $\\frac{d + c}{t} \\times 100\\%$.")),
    bad("HumanEval/154 as a Java signature", "paraphrase", text=(
        "/** Returns true if the second word or any rotation of it is a substring of the "
        "first word. */\npublic static boolean cycPatternCheck(String a, String b)")),
    bad("MBPP 131 as a TypeScript signature", "paraphrase", text=(
        "// Reverse only the vowels of the given string; every other character stays put.\n"
        "function reverseVowels(s: string): string")),
    bad("HumanEval/59 as a Rust signature", "paraphrase", text=(
        "/// Return the largest prime factor of n. Assume n > 1 and n is not a prime.\n"
        "fn largest_prime_factor(n: u64) -> u64")),
    # -- kinds of its own --------------------------------------------------------------------
    bad("GSM8K test line 720 as a coding task", "paraphrase", text=(
        "Write a Python function that takes the number of rice sacks Goldy bought (20), the "
        "sacks she gave her cousin (3) and her brother (4), and the kilograms in a sack (25), "
        "and returns how many kilograms she gave to her cousin and brother.")),
    bad("GSM8K test line 1300 as a table", "paraphrase", text=(
        "| Janet at the mall | amount |\n|---|---|\n| from her parents | $40 |\n"
        "| ice cream | $3.50 |\n| movie tickets (her and her sister) | $7.50 each |\n"
        "| bracelet | $8.50 |\n| left over | ? |")),
    bad("GSM8K test line 15 told by the teacher", "paraphrase", text=(
        "Our teacher said: \"Twenty of you signed up. Four picked contemporary, a quarter of "
        "everyone else picked jazz, and the rest are doing hip-hop.\" What percent of the "
        "class is doing hip-hop?")),
    bad("HumanEval/105 as a pytest file", "paraphrase", text=(
        "def test_names():\n"
        "    assert f([2, 1, 1, 4, 5, 8, 2, 3]) == "
        "['Eight', 'Five', 'Four', 'Three', 'Two', 'Two', 'One', 'One']\n"
        "    assert f([]) == []\n    assert f([1, -1, 55]) == ['One']\n")),
    bad("HumanEval/97 as bare input/output pairs", "paraphrase", text=(
        "Implement g so that g(148, 412) = 16, g(19, 28) = 72, g(2020, 1851) = 0 and "
        "g(14, -15) = 20.")),
    bad("HumanEval/36 in French", "paraphrase", text=(
        "\u00c9crivez une fonction qui renvoie le nombre de fois o\u00f9 le chiffre 7 "
        "appara\u00eet dans les entiers inf\u00e9rieurs \u00e0 n qui sont divisibles par 11 "
        "ou par 13.")),
    # -- correct items -----------------------------------------------------------------------
    ok("a fresh task near HumanEval/93 (consonants, digits)", "clean", text=(
        "Write a function that swaps the case of every consonant in a message and replaces "
        "each digit with the digit two above it, wrapping 9 round to 1.")),
    ok("a fresh task near HumanEval/98 (consonants at odd indices)", "clean", text=(
        "Count the lowercase consonants that sit at odd indices of a string.")),
    ok("another contract near HumanEval/3 (the lowest balance)", "clean", text=(
        "Given a list of deposits and withdrawals on an account that starts at zero, return "
        "the lowest balance it ever reaches.")),
    ok("another contract near MBPP 505 (indices of the zeros)", "clean", text=(
        "Return the positions of all the zeros in an array, from last to first.")),
    ok("a fresh problem on the castles' topic, another question", "clean", text=(
        "Of the 150 castles in a region, 30 open to visitors, and each open castle gets "
        "about 2,000 visitors a month. How many castle visits does the region get in a "
        "year?")),
    ok("a fresh problem on the dentist's topic, another question", "clean", text=(
        "A dentist sees 12 patients a day and fills an average of 3 cavities for each. How "
        "many cavities does she fill in a 5-day week?")),
    ok("a fresh task in math notation near HumanEval/60", "clean", text=(
        "Implement f(n) = \u03a3_{i=1}^{n} i\u00b2 \u00b7 2^i for n \u2265 1.")),
    ok("a fresh task as a Rust signature", "clean", text=(
        "/// Length of the longest strictly increasing contiguous run in xs.\n"
        "fn longest_run(xs: &[i32]) -> usize")),
    ok("fresh equations", "clean", text=(
        "x + 2x + 15 = 60; y = x \u2212 4. y = ?")),
    ok("a fresh task as a pytest file", "clean", text=(
        "def test_squash():\n    assert squash('aaabccdd') == 'a3bc2d2'\n"
        "    assert squash('') == ''\n")),
    ok("two fresh tasks merged", "clean", text=(
        "Write a function that returns both the average word length of a sentence and its "
        "most frequent first letter.")),
    ok("a fresh coding task in French", "clean", text=(
        "\u00c9crivez une fonction qui renvoie la liste des mots d'une phrase tri\u00e9s par "
        "nombre de voyelles.")),
    ok("a GSM8K train item in LaTeX (line 2222)", "clean", text=(
        "Diana earned $\\$150$ in July, $3\\times$ that in August and $2\\times$ August's "
        "amount in September. Compute her total for the three months.")),
    ok("a GSM8K train item as a coding task (line 3333)", "clean", text=(
        "Write a Python function that, given that Nancy steps on her partner's feet 3 times as "
        "often as Jason and that together they step on feet 32 times, returns how many times "
        "Jason does.")),
    ok("MBPP 812 as a TypeScript signature, outside the test split", "clean", text=(
        "// Abbreviate 'road' as 'rd.' in the given string.\n"
        "function roadRd(s: string): string")),
]


# Per verifier name in verifier_attacks: this module's held-out decontamination suite. It names
# HumanEval and MBPP items, so verifier_attacks checks it against all three benchmarks.
SUITES: dict[str, list[list[Case]]] = {"curate.decontaminate": [DECONTAMINATE_5]}
