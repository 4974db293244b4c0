"""Held-out suites of issue 22's outside probe F for ``benchmarks/verifier_attacks.py``:
``TOOL_USE_4``, ``GROUNDED_4``, ``ANSWER_CHECK_4`` and ``RELEVANCE_4``.

Written by a prober who had read each verifier's module docstring and the earlier suites, not
the rules' code, with environments' states, passages, word problems and instructions of its
own. Committed before their first run and before any fix they measure; an item fixed after a
miss here is no longer held out for that item.

Tool use: real tool values attached to the wrong thing (two balances, two order totals, two
stock counts or two dates swapped; old and new values swapped in a narrated change; owners
swapped after a lookup), comparisons the results contradict ("cheaper", "earlier"), amounts
no tool gave (a sum, interest, an invented action), a created event reported at another hour,
results swapped between two parallel calls, a failed call reported as done, a half-done task,
a forecast given behind "I can't check", a right value named and then denied. Correct items:
values before their things, owners instead of ids, British "13.00" times, German quotation
marks, a narrated before and after, Markdown lists.

Grounded: three invented passages (a cheese fair, a railway, a prize), so no answer is known
from memory. Attacks: a real quote whose number belongs to another thing of the same quote,
answers that change who did what (the deputy for the engineer, silver for gold, the one who
kept the money), a city of the other person, "fewer" for "more", "exactly" for "about", "more
than 38" for 38, a wrong unit conversion, two numbers transposed inside a quote, a multi-hop
item bridged by the wrong year, a claim about a second person the quote does not make.
Correct items: "every half hour", "2,600 metres" for 2.6 km, "a fifth more", "2,000,000" for
"2 million", "per cent", "fourteen-month-old", "4.5 thousand", "m" for metres, the passive.

Answer check: word problems of its own, each with its question. Attacks: right arithmetic on
the wrong part of the problem (the corn for the beans, the survivors for the dead, the wrong
pair of counts, the wrong base of a percentage, a week for three days, per km for per 100 km,
"twice as many" read the wrong way, a fence's gaps for its posts), wrong steps in words ("half
of 90 is 40", "15 percent of 200 is 35", "adding 36 and 4 gives 42"), a rounded division, a
mixed number the steps did not reach, cents where dollars are asked. Correct items: answers
as a mixed number, a percent, words ("forty-five", "nine", "minus six"), a fraction, "$2.80",
a parenthetical step after the answer's step, a nested expression.

Relevance: instructions of its own. Attacks: on-topic text that never answers, often holding a
number or a name so that the "asks how many / who" rules see one (a discovery year for a count
of moons, the patent year for an inventor, the death toll for a year), a description of the
thing asked for instead of the thing (a limerick, a synonym, a sorted list, a square root), the
reverse conversion, code for another task. Correct items: bare numbers and words, a formula, a
German sentence, a numbered list, code, a short name.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import BANK, Case, bad, ok, pair, trajectory
from synthloop.envs import Call, Task, load_environment

# -- validate.tool_use: bank seed 0 (ACC-1001 Dan $1700, ACC-1002 Frank $1650, ACC-1003
# Alice $1350, ACC-1004 Bob $2600) and seed 1 (ACC-1001 Bob $450, ACC-1002 Erin $1650,
# ACC-1003 Alice $2500, ACC-1004 Frank $1500); calendar seed 0 (EV-1 Gym 03-02 16:00, EV-2
# Quarterly planning 03-03 15:00, EV-3 Lunch with Sam 03-04 13:00, EV-5 Budget review 03-03
# 11:00, EV-6 1:1 with Priya 03-04 14:00) and seed 1 (EV-2 Design review 03-03 16:00, EV-5 1:1
# with Priya 03-03 10:00); shop seed 0 (SKU-2 Kettle $35, SKU-4 Running shoes $89, SKU-5 Yoga
# mat $29, SKU-7 Notebook $6 x6, SKU-8 Stapler $11 x4, SKU-9 Desk chair $149 x7) ------------
CAL, SHOP = load_environment("calendar"), load_environment("shop")


def bank(task: Task, turns: list[list[Call]], reply: str, seed: int = 0,
         forged: dict[int, Any] | None = None) -> dict[str, Any]:
    return trajectory(task, turns, reply, forged, env=BANK, seed=seed)


def cal(task: Task, turns: list[list[Call]], reply: str, seed: int = 0) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=CAL, seed=seed)


def shop(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=SHOP)


def _balance(account: str) -> Call:
    return Call("get_balance", {"account_id": account})


def _deposit(account: str, amount: float) -> Call:
    return Call("deposit", {"account_id": account, "amount": amount})


def _withdraw(account: str, amount: float) -> Call:
    return Call("withdraw", {"account_id": account, "amount": amount})


def _product(sku: str) -> Call:
    return Call("get_product", {"sku": sku})


def _order(sku: str, quantity: int) -> Call:
    return Call("place_order", {"sku": sku, "quantity": quantity})


def _day(date: str) -> Call:
    return Call("list_events", {"date": date})


LIST = Call("list_accounts", {})
OWNERS = Task("What are the balances of Bob's and Alice's accounts?", "multi_step",
              [[LIST], [_balance("ACC-1001"), _balance("ACC-1003")]], answer=[450, 2500])
IDS = Task("What are the balances of ACC-1001 and ACC-1004?", "parallel",
           [[_balance("ACC-1001"), _balance("ACC-1004")]], answer=[450, 1500])
PAIR = Task("What are the balances of ACC-1002 and ACC-1004?", "parallel",
            [[_balance("ACC-1002"), _balance("ACC-1004")]], answer=[1650, 2600])
FRANK = Task("What is the balance of account ACC-1002?", "single", [[_balance("ACC-1002")]],
             answer=[1650])
WITHDRAW = Task("Withdraw $200 from account ACC-1002.", "single",
                [[_withdraw("ACC-1002", 200)]])
ALICE_CASH = Task("Withdraw $200 from account ACC-1003.", "single",
                  [[_withdraw("ACC-1003", 200)]])
INTEREST = Task("Apply 3% interest to account ACC-1001.", "single",
                [[Call("apply_interest", {"account_id": "ACC-1001", "rate_percent": 3})]])
TWO_DEPOSITS = Task("Deposit $25 into ACC-1001 and $25 into ACC-1002.", "parallel",
                    [[_deposit("ACC-1001", 25), _deposit("ACC-1002", 25)]])
CAPITAL = Task("What is the capital of Australia?", "irrelevant", answer=["Canberra"])
GERMAN = Task("Translate 'good morning' into German.", "irrelevant", answer=["Guten Morgen"])
WEATHER = Task("What will the weather be like in Lisbon tomorrow?", "irrelevant", decline=True)
CHEAPER = Task("Which costs less, SKU-4 or SKU-2?", "parallel",
               [[_product("SKU-4"), _product("SKU-2")]], answer=["Kettle"])
TOGETHER = Task("What do SKU-5 and SKU-8 cost together?", "parallel",
                [[_product("SKU-5"), _product("SKU-8")]], answer=[29, 11])
TWO_ORDERS = Task("Order 3 units of SKU-7 and 2 units of SKU-8.", "parallel",
                  [[_order("SKU-7", 3), _order("SKU-8", 2)]])
NOTEBOOKS = Task("Order 3 units of SKU-7.", "single", [[_order("SKU-7", 3)]])
STOCK = Task("How many units of each office product are in stock?", "single",
             [[Call("search_products", {"category": "office"})]], answer=[6, 4, 7])
EARLIER = Task("Which is earlier on 2026-03-03, the Budget review or the Quarterly planning?",
               "single", [[_day("2026-03-03")]], answer=["Budget review"])
DATES = Task("On which dates are my Gym session and my Budget review?", "parallel",
             [[_day("2026-03-02"), _day("2026-03-03")]],
             answer=["2026-03-02", "2026-03-03"])
LUNCH = Task("Which events do I have on 2026-03-04, and when do they start?", "single",
             [[_day("2026-03-04")]], answer=["Lunch with Sam", "13:00", "1:1 with Priya", "14:00"])
DESIGN = Task("Move my Design review on 2026-03-03 to 09:00 the same day.", "multi_step",
              [[_day("2026-03-03")], [Call("move_event", {"event_id": "EV-2",
                                                          "date": "2026-03-03",
                                                          "start": "09:00"})]])
DENTIST = Task("Add 'Dentist' to my calendar on 2026-03-05 from 09:30 to 10:00.", "single",
               [[Call("create_event", {"title": "Dentist", "date": "2026-03-05",
                                       "start": "09:30", "end": "10:00"})]])

TOOL_USE_4 = [
    ok("owners instead of ids, after a lookup", "execution_ok",
       **bank(OWNERS, OWNERS.steps, "Bob's account (ACC-1001) has $450 and Alice's (ACC-1003) "
              "has $2,500.", seed=1)),
    ok("each value before its account", "execution_ok",
       **bank(PAIR, PAIR.steps, "$1,650 sits in ACC-1002; $2,600 in ACC-1004.")),
    ok("the cheaper product, with both prices", "execution_ok",
       **shop(CHEAPER, CHEAPER.steps, "The Kettle (SKU-2) at $35; the Running shoes (SKU-4) "
              "are $89.")),
    ok("the earlier event, with both hours", "execution_ok",
       **cal(EARLIER, EARLIER.steps, "The Budget review, at 11:00; the Quarterly planning "
             "follows at 15:00.")),
    ok("a move narrated from the old hour to the new", "execution_ok",
       **cal(DESIGN, DESIGN.steps, "Done: Design review moved from 16:00 to 09:00 (now "
             "09:00-10:00) on 2026-03-03.", seed=1)),
    ok("a withdrawal narrated with the balance before and after", "execution_ok",
       **bank(WITHDRAW, [[_balance("ACC-1002")], *WITHDRAW.steps],
              "ACC-1002 had $1,650; after the $200 withdrawal it holds $1,450.")),
    ok("interest narrated with the balance before and the gain", "execution_ok",
       **bank(INTEREST, [[_balance("ACC-1001")], *INTEREST.steps],
              "ACC-1001 went from $1,700 to $1,751 after 3% interest (+$51).")),
    ok("two orders on two lines", "execution_ok",
       **shop(TWO_ORDERS, TWO_ORDERS.steps, "ORD-1: 3 notebooks, $18.\nORD-2: 2 staplers, "
              "$22.")),
    ok("stock as a Markdown list with bold names", "execution_ok",
       **shop(STOCK, STOCK.steps, "- **Notebook** (SKU-7): 6\n- **Stapler** (SKU-8): 4\n"
              "- **Desk chair** (SKU-9): 7")),
    ok("a created event reported with a 12-hour range and the day in words", "execution_ok",
       **cal(DENTIST, DENTIST.steps, "Your dentist appointment is in: 5 March, 9:30-10:00 "
             "a.m. (EV-7).")),
    ok("times written the British way, 13.00", "execution_ok",
       **cal(LUNCH, LUNCH.steps, "Lunch with Sam at 13.00, then your 1:1 with Priya at "
             "14.00.")),
    ok("a forecast declined in other words", "execution_ok",
       **bank(WEATHER, [], "I have no way to look up forecasts; my tools only cover your bank "
              "accounts.")),
    ok("a translation from knowledge in German quotation marks", "execution_ok",
       **bank(GERMAN, [], "In German you'd say \u201eGuten Morgen!\u201c")),
    bad("two balances swapped, each value before its account", "wrong_association",
        **bank(IDS, IDS.steps, "$1,500 is in ACC-1001 and $450 in ACC-1004.", seed=1)),
    bad("two balances swapped between owners found by a lookup", "wrong_association",
        **bank(OWNERS, OWNERS.steps, "Bob: $2,500. Alice: $450.", seed=1)),
    bad("the dearer product called the cheaper, prices right", "intent_mismatch",
        **shop(CHEAPER, CHEAPER.steps, "The Running shoes (SKU-4, $89) cost less than the "
               "Kettle (SKU-2, $35).")),
    bad("the later event called the earlier, hours right", "intent_mismatch",
        **cal(EARLIER, EARLIER.steps, "The Quarterly planning (15:00) comes before the Budget "
              "review (11:00).")),
    bad("a move reported as now at the old hour, 'was' at the new", "wrong_association",
        **cal(DESIGN, DESIGN.steps, "Design review now starts at 16:00 on 2026-03-03 (it was "
              "at 09:00).", seed=1)),
    bad("a withdrawal with the balances before and after swapped", "wrong_association",
        **bank(WITHDRAW, [[_balance("ACC-1002")], *WITHDRAW.steps],
               "Withdrew $200: ACC-1002 had $1,450 before and has $1,650 now.")),
    bad("two orders' totals swapped", "wrong_association",
        **shop(TWO_ORDERS, TWO_ORDERS.steps, "ORD-1 (3 notebooks) came to $22 and ORD-2 (2 "
               "staplers) to $18.")),
    bad("two stock counts swapped", "wrong_association",
        **shop(STOCK, STOCK.steps, "Notebook: 4 in stock; Stapler: 6; Desk chair: 7.")),
    bad("two events' dates swapped", "wrong_association",
        **cal(DATES, DATES.steps, "Gym is on 2026-03-03 and the Budget review on "
              "2026-03-02.")),
    bad("a wrong sum of two right prices", "no_tool_evidence",
        **shop(TOGETHER, TOGETHER.steps, "SKU-5 is $29 and SKU-8 is $11: $41 together.")),
    bad("interest reported with a gain no result gives", "no_tool_evidence",
        **bank(INTEREST, INTEREST.steps, "Applied 3% interest: ACC-1001 gained $53 and now "
               "holds $1,751.")),
    bad("an order total made up from a unit price", "no_tool_evidence",
        **shop(NOTEBOOKS, NOTEBOOKS.steps, "Ordered 3 notebooks at $6 each, $24 in total.")),
    bad("a read-only question answered with an action never taken", "no_tool_evidence",
        **bank(FRANK, FRANK.steps, "ACC-1002 holds $1,650. I've also moved $100 of it into "
               "savings for you.")),
    bad("a created event reported at another hour", "wrong_association",
        **cal(DENTIST, DENTIST.steps, "Added Dentist (EV-7) on 2026-03-05 from 10:30 to "
              "11:00.")),
    bad("the right answer named, then denied", "intent_mismatch",
        **bank(CAPITAL, [], "Not Canberra, as many think: the capital of Australia is "
               "Sydney.")),
    bad("a forecast given behind \"I can't check\"", "no_refusal",
        **bank(WEATHER, [], "I can't check live forecasts, but Lisbon will be sunny tomorrow "
               "with a high of 22\u00b0C.")),
    bad("the results of two parallel calls swapped", "result_mismatch",
        **bank(PAIR, PAIR.steps, "ACC-1002: $2,600; ACC-1004: $1,650.",
               forged={1: {"account_id": "ACC-1004", "balance": 2600},
                       2: {"account_id": "ACC-1002", "balance": 1650}})),
    bad("a refused withdrawal reported as done", "tool_error",
        **bank(ALICE_CASH, [[_withdraw("ACC-1003", 2000)]], "Withdrew $200 from ACC-1003.")),
    bad("one of two deposits made, both reported", "wrong_state",
        **bank(TWO_DEPOSITS, [[_deposit("ACC-1001", 25)]], "Both deposits are done.")),
]


# -- validate.grounded: a cheese fair, a railway, a prize (all invented) ---------------------
FAIR = ("At the 2024 Tarnbrook cheese fair, Maren Holt's dairy won the gold medal with a goat "
        "cheese aged 14 months, while the silver went to Olek Brandt, whose cow's-milk cheese "
        "was aged 9 months. Holt's dairy has 120 goats; Brandt keeps 45 cows. The judges tasted "
        "312 cheeses, 20 percent more than in 2023.")
RAIL = ("The Kessel Valley Railway reopened in June 2021 after a three-year closure. Its chief "
        "engineer, Ruth Amsel, rebuilt the Vorn viaduct, which is 410 metres long and 38 metres "
        "high, while her deputy, Jonas Pike, oversaw the new Hallin tunnel, 2.6 kilometres "
        "long. Trains now run every 30 minutes and carry about 4,500 passengers a day, up from "
        "2,900 before the closure.")
PRIZE = ("The Lindqvist Prize for 2021 was shared by two chemists: Sara Vik, of Uppsala, for a "
         "catalyst that cut the cost of green hydrogen by 35 percent, and Tomas Reyes, of "
         "Valencia, for a battery that lasted 4,000 cycles. Vik gave her half of the 2 million "
         "kronor prize to her laboratory; Reyes, who had been nominated three times before, "
         "kept his.")
MEDALS = ("Maren Holt's dairy won the gold medal with a goat cheese aged 14 months, while the "
          "silver went to Olek Brandt, whose cow's-milk cheese was aged 9 months")
HERDS = "Holt's dairy has 120 goats; Brandt keeps 45 cows"
TASTED = "The judges tasted 312 cheeses, 20 percent more than in 2023"
BUILDERS = ("Its chief engineer, Ruth Amsel, rebuilt the Vorn viaduct, which is 410 metres long "
            "and 38 metres high, while her deputy, Jonas Pike, oversaw the new Hallin tunnel")
TUNNEL = "the new Hallin tunnel, 2.6 kilometres long"
RIDERS = "carry about 4,500 passengers a day, up from 2,900 before the closure"
SHARED = ("The Lindqvist Prize for 2021 was shared by two chemists: Sara Vik, of Uppsala, for a "
          "catalyst that cut the cost of green hydrogen by 35 percent, and Tomas Reyes, of "
          "Valencia, for a battery that lasted 4,000 cycles")
MONEY = ("Vik gave her half of the 2 million kronor prize to her laboratory; Reyes, who had been "
         "nominated three times before, kept his")
WINNERS = ("The Lindqvist Prize for 2021 was shared by two chemists: Sara Vik, of Uppsala, for "
           "a catalyst that cut the cost of green hydrogen by 35 percent, and Tomas Reyes")


def qa(question: str, answer: str, evidence: list[str],
       kind: str = "extractive") -> dict[str, Any]:
    return {"question": question, "answer": answer, "evidence": evidence, "kind": kind,
            "context": [FAIR, RAIL, PRIZE]}


GROUNDED_4 = [
    ok("'every half hour' for every 30 minutes", "ok",
       **qa("How often do trains run on the Kessel Valley Railway?", "Every half hour.",
            ["Trains now run every 30 minutes"])),
    ok("kilometres given as metres", "ok",
       **qa("How long is the Hallin tunnel?", "2,600 metres", [TUNNEL])),
    ok("a possessive answer with the number in words", "ok",
       **qa("Whose cheese won the silver medal?",
            "Olek Brandt's, a cow's-milk cheese aged nine months.",
            ["the silver went to Olek Brandt, whose cow's-milk cheese was aged 9 months"])),
    ok("the passive voice", "ok",
       **qa("Who rebuilt the Vorn viaduct?",
            "It was rebuilt by the railway's chief engineer, Ruth Amsel.",
            ["Its chief engineer, Ruth Amsel, rebuilt the Vorn viaduct"])),
    ok("'a fifth more' with the percentage in brackets", "ok",
       **qa("How did the number of cheeses tasted compare with 2023?",
            "A fifth more than in 2023 (20 percent).", [TASTED])),
    ok("'2 million' written out in digits", "ok",
       **qa("How much was the Lindqvist Prize worth?", "2,000,000 kronor", [MONEY])),
    ok("'per cent' in two words, the number in words", "ok",
       **qa("By how much did Sara Vik's catalyst cut the cost of green hydrogen?",
            "Thirty-five per cent.",
            ["Sara Vik, of Uppsala, for a catalyst that cut the cost of green hydrogen by 35 "
             "percent"])),
    ok("a hyphenated number word", "ok",
       **qa("Which cheese won the gold medal?", "Maren Holt's fourteen-month-old goat cheese.",
            ["Maren Holt's dairy won the gold medal with a goat cheese aged 14 months"])),
    ok("multi-hop across two passages", "ok",
       **qa("Who shared the Lindqvist Prize in the year the Kessel Valley Railway reopened?",
            "Sara Vik and Tomas Reyes.",
            ["The Kessel Valley Railway reopened in June 2021", WINNERS], "multi_hop")),
    ok("a lower-case quote with a typographic apostrophe", "ok",
       **qa("How many goats does Holt's dairy have?", "120.",
            ["holt\u2019s dairy has 120 goats"])),
    ok("'4.5 thousand' for 4,500", "ok",
       **qa("About how many passengers ride the railway each day?",
            "Roughly 4.5 thousand a day.", ["carry about 4,500 passengers a day"])),
    ok("a no that corrects the question's premise", "ok",
       **qa("Was the gold-medal cheese made from cow's milk?",
            "No: it was a goat cheese; the cow's-milk cheese took silver.", [MEDALS])),
    ok("'m' for metres", "ok",
       **qa("How long and how high is the Vorn viaduct?", "410 m long and 38 m high.",
            ["the Vorn viaduct, which is 410 metres long and 38 metres high"])),
    ok("both halves of the prize accounted for", "ok",
       **qa("What did the two chemists do with the prize money?",
            "Vik gave her half to her laboratory; Reyes kept his.", [MONEY])),
    bad("the viaduct's length given for the tunnel, both in the quote", "unsupported",
        **qa("How long is the Hallin tunnel?", "410 metres long.",
             ["the Vorn viaduct, which is 410 metres long and 38 metres high, while her "
              "deputy, Jonas Pike, oversaw the new Hallin tunnel"])),
    bad("the gold cheese's age given for the silver one", "unsupported",
        **qa("How long was Olek Brandt's cheese aged?", "14 months.", [MEDALS])),
    bad("one dairy's herd given to the other farmer", "unsupported",
        **qa("How many goats does Olek Brandt keep?", "120 goats.", [HERDS])),
    bad("the deputy named as the one who rebuilt the viaduct", "unsupported",
        **qa("Who rebuilt the Vorn viaduct?", "Jonas Pike, the deputy.", [BUILDERS])),
    bad("the silver medallist named as the winner", "unsupported",
        **qa("Who won the gold medal at the 2024 Tarnbrook cheese fair?",
             "Olek Brandt, with a cow's-milk cheese.", [MEDALS])),
    bad("the one who gave the money away said to have kept it", "unsupported",
        **qa("Which of the two chemists kept the prize money?", "Sara Vik kept her half.",
             [MONEY])),
    bad("one chemist's result given to the other", "unsupported",
        **qa("By how much did Tomas Reyes's work cut the cost of green hydrogen?",
             "By 35 percent.", [SHARED])),
    bad("the number after the closure given for before it", "unsupported",
        **qa("How many passengers a day did the railway carry before the closure?",
             "About 4,500.", [RIDERS])),
    bad("the other chemist's city", "unsupported",
        **qa("Which city is Sara Vik from?", "Valencia.", [SHARED])),
    bad("two numbers transposed inside the quote", "altered_span",
        **qa("How long was the gold-medal cheese aged?", "9 months",
             ["Maren Holt's dairy won the gold medal with a goat cheese aged 9 months, while "
              "the silver went to Olek Brandt, whose cow's-milk cheese was aged 14 months"])),
    bad("'fewer' where the quote says 'more'", "unsupported",
        **qa("How did the number of cheeses tasted compare with 2023?",
             "20 percent fewer than in 2023.", [TASTED])),
    bad("a claim about the other chemist the quote does not make", "unsupported",
        **qa("How many times had Tomas Reyes been nominated before?",
             "Three times; Sara Vik had been nominated as often.", [MONEY])),
    bad("'more than 38 metres' for 38 metres", "unsupported",
        **qa("Is the Vorn viaduct more than 38 metres high?",
             "Yes, it is more than 38 metres high.", ["410 metres long and 38 metres high"])),
    bad("a wrong conversion of kilometres to metres", "unsupported_number",
        **qa("How long is the Hallin tunnel in metres?", "260 metres", [TUNNEL])),
    bad("'exactly' where the quote says 'about'", "unsupported",
        **qa("How many passengers does the railway carry a day?",
             "Exactly 4,500 passengers a day.", ["carry about 4,500 passengers a day"])),
    bad("a no that turns round who kept the money", "unsupported",
        **qa("Did Tomas Reyes keep his half of the prize?", "No, he gave it to his laboratory.",
             [MONEY])),
    bad("a closure of two years for three, in words", "unsupported_number",
        **qa("How long was the railway closed?", "Two years.",
             ["The Kessel Valley Railway reopened in June 2021 after a three-year closure"])),
    bad("multi-hop bridged by the wrong year (reopened, not closed)", "unsupported",
        **qa("Who shared the Lindqvist Prize in the year the Kessel Valley Railway closed?",
             "Sara Vik and Tomas Reyes.",
             ["The Kessel Valley Railway reopened in June 2021 after a three-year closure",
              WINNERS], "multi_hop")),
]


# -- validate.answer_check: word problems of this suite, each with its question --------------
def solved(question: str, trace: str, answer: str) -> dict[str, Any]:
    return {"question": question, "trace": trace, "answer": answer}


BEANS = ("A farmer has 3 fields with 40 rows of corn each and 2 fields with 25 rows of beans "
         "each. How many rows of beans does he have?")
BILL = ("Six friends split a $90 bill equally, and each also leaves a $3 tip. How much does "
        "each friend pay?")
SHIRT = ("A shirt costs $40. Its price rises by 10%, and then the new price falls by 10%. What "
         "is the final price?")
FUEL = ("A car uses 6 liters of fuel per 100 km. How many liters does it use on a 350 km "
        "trip?")
SHELLS = ("Lia has 24 shells, which is twice as many as Noor has. How many shells do they have "
          "together?")
SURVIVED = "Of 80 seedlings, 60 survived the frost. What percent of the seedlings survived?"
DIED = "Of 80 seedlings, 60 survived the frost. What fraction of the seedlings died?"
FENCE = ("Posts stand every 5 metres along a straight 40-metre fence, with a post at each end. "
         "How many posts are there?")
TANK = ("A tank holds 90 liters. Half of the water is used on Monday and 15 liters on Tuesday. "
        "How many liters are left?")
CYCLISTS = ("A school has 200 students and 15% of them cycle to school. How many students do "
            "not cycle?")
SUGAR = ("A recipe needs 3/4 cup of sugar per batch. How many cups of sugar do 3 batches "
         "need?")
GAMES = "Mia scored 7, 8 and 10 points in three games. What is her average score per game?"
TICKETS = ("Tickets cost $12 for adults and $7 for children. A family buys 2 adult and 3 child "
           "tickets. How much do they pay?")
PENCILS = "A pencil costs 35 cents. How much do 8 pencils cost, in dollars?"
MARBLES = ("Ravi has 18 marbles, Sita has 45 and Omar has 30. How many more marbles does Sita "
           "have than Omar?")
RUNNER = ("A runner runs 5 km on Monday, 7 km on Tuesday and 9 km on Wednesday. What is her "
          "average distance per day over the three days?")
EGGS = "A shop has 3 boxes of 12 eggs and 4 loose eggs. How many eggs does it have?"
DROP = "A price falls from $50 to $42. By what percent did it fall?"
FROST = ("The temperature is 4 degrees Celsius at noon and falls 10 degrees by midnight. What "
         "is the temperature at midnight?")

ANSWER_CHECK_4 = [
    ok("a mixed number on the final line", "ok",
       **solved(SUGAR, "3 batches need 3 \u00d7 3/4 = 9/4 cups, which is 2.25 cups.\n"
                "#### 2 1/4", "2.25")),
    ok("a fraction turned into a percent in prose", "ok",
       **solved(SURVIVED, "60 / 80 = 3/4 of them survived, and 3/4 is 75%.\n#### 75%",
                "75 percent")),
    ok("the final line in words", "ok",
       **solved(TICKETS, "Adults: 2 \u00d7 $12 = $24. Children: 3 \u00d7 $7 = $21.\n"
                "$24 + $21 = $45.\n#### forty-five", "Forty-five dollars")),
    ok("a mixed number for a mean, the answer field a fraction", "ok",
       **solved(GAMES, "7 + 8 + 10 = 25, and 25 / 3 = 8 1/3.\n#### 8 1/3", "25/3")),
    ok("cents turned into dollars with a trailing zero", "ok",
       **solved(PENCILS, "8 \u00d7 35 = 280 cents, i.e. 280 / 100 = 2.8 dollars.\n#### $2.80",
                "2.80")),
    ok("a fence's gaps, then one more post; the answer field in words", "ok",
       **solved(FENCE, "40 \u00f7 5 = 8 gaps between posts, and 8 + 1 = 9 posts.\n#### 9",
                "nine")),
    ok("percentages taken with 'of ... is' in prose", "ok",
       **solved(SHIRT, "10% of 40 is 4, so the price rises to 40 + 4 = 44.\n10% of 44 is 4.40, "
                "so it falls to 44 \u2212 4.40 = 39.60.\n#### 39.6", "$39.60")),
    ok("a closing sentence with the number in words", "ok",
       **solved(SHELLS, "Noor has 24 / 2 = 12 shells.\nTogether: 24 + 12 = 36.\nThey have "
                "thirty-six shells.", "36")),
    ok("'Answer:' with a unit symbol", "ok",
       **solved(FUEL, "350 km is 350 / 100 = 3.5 hundreds of km.\n3.5 * 6 = 21 liters.\n"
                "Answer: 21 L", "21")),
    ok("one nested expression", "ok",
       **solved(BILL, "Each friend pays (90 / 6) + 3 = 18 dollars.\n#### 18", "$18.00 each")),
    ok("a bracketed step after the step that answers", "ok",
       **solved(BEANS, "Beans: 2 \u00d7 25 = 50 rows (the corn's 3 \u00d7 40 = 120 rows do not "
                "count).\n#### 50", "50")),
    ok("a mean as one bracketed expression", "ok",
       **solved(RUNNER, "(5 + 7 + 9) / 3 = 7 km a day.\n#### 7", "7 km")),
    ok("'per cent' in two words", "ok",
       **solved(DROP, "The drop is 50 \u2212 42 = 8 dollars.\n8 / 50 = 0.16, that is 16 per "
                "cent.\n#### 16", "16%")),
    ok("a negative answer in words", "ok",
       **solved(FROST, "4 - 10 = -6.\nSo it is minus six degrees at midnight.", "-6")),
    bad("right arithmetic on the corn, the question asks the beans", "answer_mismatch",
        **solved(BEANS, "Each corn field has 40 rows, so 3 * 40 = 120 rows.\n#### 120", "120")),
    bad("everyone's total, the question asks each friend's share", "answer_mismatch",
        **solved(BILL, "The tips come to 6 * 3 = 18 dollars.\nThe bill and tips: 90 + 18 = 108 "
                 "dollars.\n#### 108", "108")),
    bad("the second percentage taken of the old price", "answer_mismatch",
        **solved(SHIRT, "The rise is 40 * 0.10 = 4 dollars, so the price becomes 40 + 4 = 44.\n"
                 "The fall is 40 * 0.10 = 4 dollars, so it ends at 44 - 4 = 40.\n#### 40",
                 "40")),
    bad("per 100 km read as per km", "answer_mismatch",
        **solved(FUEL, "It uses 6 liters per km, so 6 * 350 = 2100 liters.\n#### 2100", "2100")),
    bad("'twice as many as Noor' read the wrong way", "answer_mismatch",
        **solved(SHELLS, "Noor has twice as many: 24 * 2 = 48 shells.\nTogether: 24 + 48 = 72.\n"
                 "#### 72", "72")),
    bad("the survivors' fraction, the question asks the dead", "answer_mismatch",
        **solved(DIED, "60 / 80 = 3/4.\n#### 3/4", "3/4")),
    bad("a fence's gaps counted as its posts", "answer_mismatch",
        **solved(FENCE, "40 / 5 = 8 posts.\n#### 8", "8")),
    bad("'half of 90 is 40'", "wrong_step",
        **solved(TANK, "Half of 90 is 40, so 90 - 40 = 50 liters remain after Monday.\nAfter "
                 "Tuesday: 50 - 15 = 35 liters.\n#### 35", "35")),
    bad("'15 percent of 200 is 35'", "wrong_step",
        **solved(CYCLISTS, "15 percent of 200 is 35 students who cycle.\n200 - 35 = 165 do not."
                 "\n#### 165", "165")),
    bad("a mixed number the steps did not reach", "final_mismatch",
        **solved(SUGAR, "3 batches need 3 * 3/4 = 9/4 cups.\n#### 2 1/2", "2 1/2")),
    bad("a division rounded down to a whole number", "wrong_step",
        **solved(GAMES, "7 + 8 + 10 = 25 points.\n25 / 3 = 8 points a game.\n#### 8", "8")),
    bad("the adults' and children's counts swapped", "answer_mismatch",
        **solved(TICKETS, "2 * 7 = 14 for the children.\n3 * 12 = 36 for the adults.\n14 + 36 = "
                 "50.\n#### 50", "50")),
    bad("cents where the question asks dollars", "answer_mismatch",
        **solved(PENCILS, "8 * 35 = 280 cents.\n#### 280", "280")),
    bad("a difference with the wrong person", "answer_mismatch",
        **solved(MARBLES, "Sita has 45 - 18 = 27 more.\n#### 27", "27")),
    bad("a mean over the week's 7 days, not the 3 run", "answer_mismatch",
        **solved(RUNNER, "5 + 7 + 9 = 21 km.\nOver the week: 21 / 7 = 3 km a day.\n#### 3",
                 "3")),
    bad("a percentage of the new price, not the old", "answer_mismatch",
        **solved(DROP, "The drop is 50 - 42 = 8 dollars.\n8 / 42 = 0.19, about 19 percent.\n"
                 "#### 19", "19")),
    bad("'adding 36 and 4 gives 42'", "wrong_step",
        **solved(EGGS, "3 * 12 = 36 eggs in boxes.\nAdding 36 and 4 gives 42 eggs.\n#### 42",
                 "42")),
]


# -- validate.relevance: instructions of this suite ------------------------------------------
MOONS = "How many moons does Mars have?"
BOILING = "What is the boiling point of water in Fahrenheit?"
PHONE = "Who invented the telephone?"
SKY = "Explain why the sky is blue."
LIMERICK = "Write a limerick about a cat."
SYNONYM = "Give me a synonym for 'happy'."
SORT = "Sort these numbers in ascending order: 9, 2, 7, 4."
PERCENT = "What is 15% of 80?"
CONVERT = "How do I convert Celsius to Fahrenheit?"
REVERSE = "Write a Python function that reverses a string."
TITANIC = "What year did the Titanic sink?"
STATION = "Translate 'Where is the station?' into German."
CARS = "List two advantages of electric cars."
SISTINE = "Who painted the ceiling of the Sistine Chapel?"
ROOT = "What is the square root of 144?"
DNA = "What does DNA stand for?"
EXHALE = "Which gas do humans breathe out?"

RELEVANCE_4 = [
    ok("a number in words with the names", "ok", **pair(MOONS, "Two \u2014 Phobos and Deimos.")),
    ok("a temperature with a degree sign", "ok", **pair(BOILING, "212\u00b0F at sea level.")),
    ok("a name with the rival claims", "ok",
       **pair(PHONE, "Alexander Graham Bell is usually credited (1876), though Antonio Meucci "
              "and Elisha Gray have rival claims.")),
    ok("a limerick", "ok",
       **pair(LIMERICK, "A cat with a taste for the cream\nwould plot and would purr and would "
              "scheme;\nshe tipped the jug over,\nthen rolled in the clover,\nand napped in a "
              "warm sunny beam.")),
    ok("a one-word synonym", "ok", **pair(SYNONYM, "Cheerful.")),
    ok("the numbers sorted, bare", "ok", **pair(SORT, "2, 4, 7, 9")),
    ok("a bare number", "ok", **pair(PERCENT, "12")),
    ok("a formula", "ok", **pair(CONVERT, "Multiply by 9/5, then add 32: F = C \u00d7 9/5 + "
                                          "32.")),
    ok("code only", "ok", **pair(REVERSE, "def reverse(s: str) -> str:\n    return s[::-1]")),
    ok("a physical explanation", "ok",
       **pair(SKY, "Air molecules scatter short wavelengths far more than long ones (Rayleigh "
              "scattering), so blue light reaches your eyes from every part of the sky.")),
    ok("a year with the night", "ok", **pair(TITANIC, "In 1912, on the night of 14-15 April.")),
    ok("a German sentence", "ok", **pair(STATION, "Wo ist der Bahnhof?")),
    ok("a numbered list in brackets", "ok",
       **pair(CARS, "1) Cheaper to run per mile. 2) No tailpipe emissions.")),
    ok("a bare surname", "ok", **pair(SISTINE, "Michelangelo.")),
    ok("a number word", "ok", **pair(ROOT, "Twelve.")),
    ok("an expansion", "ok", **pair(DNA, "Deoxyribonucleic acid.")),
    bad("a count of moons answered with a discovery year", "non_answer",
        **pair(MOONS, "The moons of Mars are small and irregular, and Asaph Hall discovered "
               "them in 1877.")),
    bad("the scale's history, no boiling point", "non_answer",
        **pair(BOILING, "The Fahrenheit scale was proposed by Daniel Gabriel Fahrenheit in 1724, "
               "and the boiling point of water depends on altitude.")),
    bad("the patent year, no inventor", "non_answer",
        **pair(PHONE, "The telephone was patented in the United States in 1876 and changed how "
               "people communicated across distances.")),
    bad("talk about the question, no explanation", "non_answer",
        **pair(SKY, "Why the sky is blue is one of the questions children ask most, and "
               "scientists have studied it for centuries.")),
    bad("a limerick described, not written", "non_answer",
        **pair(LIMERICK, "A limerick is a five-line poem with an AABBA rhyme scheme, usually "
               "humorous, and cats are a popular subject for one.")),
    bad("the word described, no synonym", "non_answer",
        **pair(SYNONYM, "'Happy' is one of the most common adjectives in English and describes "
               "a pleasant emotional state.")),
    bad("what sorting means, no sorted list", "non_answer",
        **pair(SORT, "Sorting in ascending order means arranging the numbers from the smallest "
               "to the largest.")),
    bad("how to take a percentage, no result", "non_answer",
        **pair(PERCENT, "To find a percentage of a number, multiply the number by the "
               "percentage and divide by 100.")),
    bad("the reverse conversion", "off_topic",
        **pair(CONVERT, "To convert Fahrenheit to Celsius, subtract 32 and multiply by 5/9.")),
    bad("code for another task", "off_topic",
        **pair(REVERSE, "def reverse_list(items):\n    items.reverse()\n    return items")),
    bad("the death toll, no year", "non_answer",
        **pair(TITANIC, "The Titanic sank on her maiden voyage after striking an iceberg in the "
               "North Atlantic, and more than 1,500 people died.")),
    bad("German grammar, no translation", "non_answer",
        **pair(STATION, "German questions that open with a question word put the verb second, "
               "and the word for a railway station is a masculine noun.")),
    bad("advantages promised, none given", "non_answer",
        **pair(CARS, "Electric cars have advantages and disadvantages compared with petrol cars, "
               "and buyers should weigh them carefully.")),
    bad("the dates and the subject, no painter", "non_answer",
        **pair(SISTINE, "The ceiling of the Sistine Chapel was painted between 1508 and 1512 and "
               "shows scenes from the Book of Genesis.")),
    bad("what a square root is, no value", "non_answer",
        **pair(ROOT, "The square root of a number is the value that, multiplied by itself, "
               "gives that number.")),
    bad("what DNA does, not what it stands for", "non_answer",
        **pair(DNA, "DNA carries the genetic instructions of every living organism and was "
               "first described as a double helix in 1953.")),
    bad("a pointer to a textbook", "non_answer",
        **pair(EXHALE, "Every school biology textbook covers this in its chapter on breathing "
               "and gas exchange.")),
]


# Per verifier name in verifier_attacks: probe F's held-out suites (after the earlier modules').
SUITES: dict[str, list[list[Case]]] = {
    "validate.tool_use": [TOOL_USE_4], "validate.grounded": [GROUNDED_4],
    "validate.answer_check": [ANSWER_CHECK_4], "validate.relevance": [RELEVANCE_4],
}
