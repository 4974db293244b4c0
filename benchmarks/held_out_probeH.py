"""Held-out suites of issue 22's outside probe H for ``benchmarks/verifier_attacks.py``:
``TOOL_USE_5``, ``GROUNDED_5`` and ``ANSWER_CHECK_5``.

Written by a prober who had read each verifier's module docstring, the README's verifier
section and the earlier suites, not the rules' code, with environment states (seed 2),
passages and word problems of its own, while other helpers were fixing the verifiers from the
older suites without seeing this one. Committed before its first run and before any fix it
measures; an item fixed after a miss here is no longer held out for that item.

Tool use (bank, calendar and shop, seed 2): values that some result does hold, said of the
wrong thing or in the wrong role (another day's event listed under the asked day, an event's
end given as its start, another product's stock count, a price difference that is another
pair's), facts no tool gave (a stock left over, owners never looked up, a cancelled event's
title), an account id misnamed after an owner lookup, a transfer's direction or two deposits'
amounts swapped in the reply, a misstated interest rate, a comparison answered with no
comparative word, a right value denied, the required name in a wrong claim, actions claimed
behind refusal words, a call written into the reply, an argument the schema lacks. Correct
items: counts and totals in words, "2.65 thousand dollars", requests and replies in French
and German (decimal commas, "Uhr"), a narration turn before the calls, a Markdown table of new
balances, a weekday and an en-dash range, a refusal with no "can't".

Grounded (an observatory, a ferry, an apple cooperative, all invented): a number of the quote
that belongs to another season, the whole for a part, a former director as the current one, a
diameter as a radius, the wrong cause from the same sentence, "a quarter" for "a third",
"three quarters of an hour" for 35 minutes, "over half a million" for 410,000, an adult fare for
a child, a yes the quote answers no, a number word changed and a "not" inserted inside a
quote, an ellipsis that drops what the answer denies, two quotes from two passages stitched
into one claim, an answerable question labelled unanswerable, embellishments with no new name.
Correct items: "just over half an hour", half of 64 as 32, feet beside metres, a year in
words, a German question and answer, an initial for a first name, a narrow no-break space,
"0.41 million", a Markdown list, "don't" in a right denial, "one third (about 33%)", a long
answer, a multi-hop difference of years, an unanswerable item.

Answer check (word problems of its own, each with its question): steps hidden behind "->",
"≈", LaTeX ``\\frac`` and ``\\cdot``, superscripts and square roots, a chained equation with a
wrong middle link, clock arithmetic, a sign error, fractions added across, a percentage shifted
a decimal place, a wrong conversion factor or magnitude word stated in prose, and right
arithmetic on a wrong model of the problem. Correct items: the same notations right, German and
Spanish number formats, clock times, rounding up, algebra, an en-dash range and years in prose,
an answer field in words or in millions.
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, ok, trajectory
from synthloop.envs import Call, Task, load_environment

# -- validate.tool_use: seed 2 everywhere. Bank: ACC-1001 Alice $2750, ACC-1002 Frank $600,
# ACC-1003 Erin $2450, ACC-1004 Bob $2650. Calendar: EV-1 Team sync 03-02 13:00-14:00, EV-2
# Quarterly planning 03-03 13:00-14:00, EV-3 Gym 03-04 12:00-13:00, EV-4 Budget review 03-02
# 14:00-15:00, EV-5 Dentist 03-03 09:00-10:00, EV-6 Design review 03-04 14:00-15:00. Shop:
# SKU-1 Desk lamp $24 x0, SKU-2 Kettle $35 x1, SKU-3 Throw pillow $18 x1, SKU-5 Yoga mat $29
# x2, SKU-7 Notebook $6 x10, SKU-8 Stapler $11 x4, SKU-9 Desk chair $149 x4 -----------------
BANK, CAL, SHOP = (load_environment(ref) for ref in ("bank", "calendar", "shop"))
SEED = 2


def bank(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=BANK, seed=SEED)


def cal(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=CAL, seed=SEED)


def shop(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=SHOP, seed=SEED)


def narrated_first(record: dict[str, Any], text: str) -> dict[str, Any]:
    """``record`` with an assistant turn saying what it is about to do before its first call."""
    messages = list(record["messages"])
    return {**record, "messages": [messages[0], {"role": "assistant", "content": text},
                                   *messages[1:]]}


def _balance(account: str) -> Call:
    return Call("get_balance", {"account_id": account})


def _product(sku: str) -> Call:
    return Call("get_product", {"sku": sku})


def _day(date: str) -> Call:
    return Call("list_events", {"date": date})


def _transfer(source: str, target: str, amount: float) -> Call:
    return Call("transfer", {"from_account": source, "to_account": target, "amount": amount})


LIST = Call("list_accounts", {})
BOB = Task("What is the balance of account ACC-1004?", "single", [[_balance("ACC-1004")]],
           answer=[2650])
BOB_FR = Task("Quel est le solde du compte ACC-1004 ?", "single", [[_balance("ACC-1004")]],
              answer=[2650])
ALICE = Task("What is the balance of account ACC-1001?", "single", [[_balance("ACC-1001")]],
             answer=[2750])
PAIR = Task("What are the balances of ACC-1001 and ACC-1004?", "parallel",
            [[_balance("ACC-1001"), _balance("ACC-1004")]], answer=[2750, 2650])
OWNERS = Task("What are the balances of Alice's and Bob's accounts?", "multi_step",
              [[LIST], [_balance("ACC-1001"), _balance("ACC-1004")]], answer=[2750, 2650])
RICHER = Task("Who has more money, Alice or Bob?", "multi_step",
              [[LIST], [_balance("ACC-1001"), _balance("ACC-1004")]], answer=["Alice"])
FRANK = Task("Find Frank's account and transfer $40 from it to account ACC-1001.", "multi_step",
             [[LIST], [_transfer("ACC-1002", "ACC-1001", 40)]])
SEVENTY = Task("Transfer $70 from account ACC-1003 to account ACC-1002.", "single",
               [[_transfer("ACC-1003", "ACC-1002", 70)]])
DEPOSITS = Task("Deposit $30 into ACC-1002 and $35 into ACC-1003.", "parallel",
                [[Call("deposit", {"account_id": "ACC-1002", "amount": 30}),
                  Call("deposit", {"account_id": "ACC-1003", "amount": 35})]])
INTEREST = Task("Apply 2% interest to account ACC-1002.", "single",
                [[Call("apply_interest", {"account_id": "ACC-1002", "rate_percent": 2})]])
INTEREST_DE = Task("Schreibe dem Konto ACC-1002 2 % Zinsen gut.", "single", INTEREST.steps)
CUP = Task("Who won the football world cup in 2014?", "irrelevant", answer=["Germany"])
CAPITAL = Task("What is the capital of Australia?", "irrelevant", answer=["Canberra"])
LANDLORD = Task("Send an email to my landlord saying the rent will be late.", "irrelevant",
                decline=True)
JAZZ = Task("Play some jazz music.", "irrelevant", decline=True)
DAY = Task("Which events do I have on 2026-03-04, and when do they start?", "single",
           [[_day("2026-03-04")]], answer=["Gym", "12:00", "Design review", "14:00"])
DAY_DE = Task("Welche Termine habe ich am 2026-03-04, und wann beginnen sie?", "single",
              DAY.steps, answer=DAY.answer)
TWO_DAYS = Task("What is on my calendar on 2026-03-02 and on 2026-03-03?", "parallel",
                [[_day("2026-03-02"), _day("2026-03-03")]],
                answer=["Team sync", "Budget review", "Quarterly planning", "Dentist"])
MOVE = Task("Move my 'Quarterly planning' on 2026-03-03 to 10:00 the same day.", "multi_step",
            [[_day("2026-03-03")], [Call("move_event", {"event_id": "EV-2", "date": "2026-03-03",
                                                        "start": "10:00"})]])
CANCEL = Task("Cancel event EV-5.", "single", [[Call("cancel_event", {"event_id": "EV-5"})]])
CREATE = Task("Add an event 'Call with the bank' on 2026-03-04 from 10:00 to 11:00.", "single",
              [[Call("create_event", {"title": "Call with the bank", "date": "2026-03-04",
                                      "start": "10:00", "end": "11:00"})]])
CHAIRS = Task("How many units of SKU-9 are in stock?", "single", [[_product("SKU-9")]],
              answer=[4])
MATS = Task("How many units of SKU-5 are in stock?", "single", [[_product("SKU-5")]],
            answer=[2])
NOTEBOOKS = Task("Order 3 units of SKU-7.", "single",
                 [[Call("place_order", {"sku": "SKU-7", "quantity": 3})]])
CHEAPEST = Task("Order one unit of the cheapest product in the home category.", "multi_step",
                [[Call("search_products", {"category": "home"})],
                 [Call("place_order", {"sku": "SKU-3", "quantity": 1})]])

TOOL_USE_5 = [
    ok("a stock count in words", "execution_ok",
       **shop(MATS, MATS.steps, "Two Yoga mats (SKU-5) are left in stock.")),
    ok("a balance as '2.65 thousand dollars'", "execution_ok",
       **bank(BOB, BOB.steps, "ACC-1004 holds 2.65 thousand dollars.")),
    ok("a French request answered in French, a space between the thousands", "execution_ok",
       **bank(BOB_FR, BOB_FR.steps, "Le solde du compte ACC-1004 est de 2 650 $.")),
    ok("a German request answered with a decimal comma", "execution_ok",
       **bank(INTEREST_DE, INTEREST_DE.steps, "Erledigt: 2 % Zinsen gutgeschrieben, ACC-1002 "
              "hat jetzt 612,00 $.")),
    ok("start times in German, 'um 12 Uhr'", "execution_ok",
       **cal(DAY_DE, DAY_DE.steps, "Am 2026-03-04: Gym um 12 Uhr und Design review um 14 Uhr.")),
    ok("a narration turn before the call", "execution_ok",
       **narrated_first(bank(ALICE, ALICE.steps, "ACC-1001 holds $2,750."),
                        "Let me look that up for you.")),
    ok("the cheapest product ordered, the others' prices and stock explained", "execution_ok",
       **shop(CHEAPEST, CHEAPEST.steps, "Ordered one Throw pillow (SKU-3) for $18, the cheapest "
              "home product; the Desk lamp ($24) is sold out and the Kettle costs $35.")),
    ok("a transfer with both new balances in a Markdown table", "execution_ok",
       **bank(FRANK, FRANK.steps, "Sent $40 from Frank's account (ACC-1002) to ACC-1001.\n\n"
              "| account | new balance |\n|---|---:|\n| ACC-1002 | $560.00 |\n"
              "| ACC-1001 | $2,790.00 |")),
    ok("a music request declined without 'can't'", "execution_ok",
       **bank(JAZZ, [], "Sorry, playing music is outside what my tools do; they only cover your "
              "bank accounts.")),
    ok("the capital named beside the city people guess", "execution_ok",
       **bank(CAPITAL, [], "Canberra, not Sydney, as many people guess.")),
    ok("a move reported with the weekday and an en-dash range", "execution_ok",
       **cal(MOVE, MOVE.steps, "Done \u2014 Quarterly planning is now on Tuesday 3 March, "
             "10:00\u201311:00.")),
    ok("an order total in words", "execution_ok",
       **shop(NOTEBOOKS, NOTEBOOKS.steps, "Ordered three notebooks (ORD-1) for eighteen dollars "
              "in total.")),
    ok("two balances after their owners, as a bulleted list", "execution_ok",
       **bank(OWNERS, OWNERS.steps, "- Alice's ACC-1001: $2,750\n- Bob's ACC-1004: $2,650")),
    # the Dentist (EV-5) is on 2026-03-03, read by an extra listing; 09:00 is its real start
    bad("an event of another day listed under the asked day, its time right",
        "wrong_association",
        **cal(DAY, [[_day("2026-03-04"), _day("2026-03-03")]], "On 2026-03-04 you have the Gym "
              "at 12:00, the Design review at 14:00 and the Dentist at 09:00.")),
    # the Dentist starts at 09:00; 10:00 is when it ends
    bad("an event's end time given as its start", "wrong_association",
        **cal(TWO_DAYS, TWO_DAYS.steps, "Monday 2 March: Team sync at 13:00, Budget review at "
              "14:00. Tuesday 3 March: Dentist at 10:00, Quarterly planning at 13:00.")),
    # only the Stapler (SKU-8) was looked up; its stock happens to be 4 too
    bad("the right count read from another product's lookup", "no_tool_evidence",
        **shop(CHAIRS, [[_product("SKU-8")]], "The Desk chair (SKU-9) has 4 units in stock.")),
    # no result gives the stock after the order, and 10 - 3 leaves 7, not 6
    bad("a stock left over that no result gives, and wrong", "no_tool_evidence",
        **shop(NOTEBOOKS, NOTEBOOKS.steps, "Ordered 3 notebooks (ORD-1, $18); 6 are left in "
               "stock.")),
    # the Kettle costs $35, $17 more; $6 is the Desk lamp's difference
    bad("a price difference said of the wrong product", "wrong_association",
        **shop(CHEAPEST, CHEAPEST.steps, "Ordered one Throw pillow (SKU-3) for $18, $6 less "
               "than the Kettle.")),
    # Frank's account is ACC-1002 (the lookup and the transfer say so), not ACC-1003
    bad("the account id misnamed after an owner lookup", "wrong_association",
        **bank(FRANK, FRANK.steps, "Frank's account is ACC-1003; I sent $40 from it to "
               "ACC-1001.")),
    # the money went from ACC-1003 to ACC-1002, as asked; the reply says the opposite
    bad("a transfer's direction turned round in the reply", "intent_mismatch",
        **bank(SEVENTY, SEVENTY.steps, "Transferred $70 from ACC-1002 to ACC-1003.")),
    # $30 went into ACC-1002 and $35 into ACC-1003
    bad("two deposits' amounts swapped in the reply", "wrong_association",
        **bank(DEPOSITS, DEPOSITS.steps, "Deposited $35 into ACC-1002 and $30 into ACC-1003.")),
    # the call applied 2%, not 20%
    bad("the interest rate misstated, the balance right", "intent_mismatch",
        **bank(INTEREST, INTEREST.steps, "Applied 20% interest; ACC-1002 now holds $612.")),
    # no owner lookup was made, and ACC-1004 is Bob's (Erin owns ACC-1003)
    bad("owners no tool gave, one of them wrong", "no_tool_evidence",
        **bank(PAIR, PAIR.steps, "Alice's ACC-1001 holds $2,750 and Erin's ACC-1004 holds "
               "$2,650.")),
    # Alice ($2,750) has more than Bob ($2,650)
    bad("a comparison answered with no comparative word, values right", "intent_mismatch",
        **bank(RICHER, RICHER.steps, "Bob, with $2,650 against Alice's $2,750.")),
    # the result says 2 units are in stock
    bad("the right count in a reply that denies the stock", "intent_mismatch",
        **shop(MATS, MATS.steps, "SKU-5 is out of stock; the last 2 units sold yesterday.")),
    # Germany won in 2014, beating Argentina
    bad("the required name inside a wrong claim", "intent_mismatch",
        **bank(CUP, [], "Argentina won the 2014 World Cup, beating Germany 1-0 in the final.")),
    # no tool sends email; "Unfortunately" belongs to the message, not to a refusal
    bad("an email claimed sent behind 'Unfortunately'", "no_refusal",
        **bank(LANDLORD, [], "Unfortunately the rent will be late this month - I've emailed "
               "your landlord to let them know.")),
    # no tool plays music; "I cannot recommend ... enough" is praise, not a refusal
    bad("music claimed to be playing behind 'I cannot recommend ... enough'", "no_refusal",
        **bank(JAZZ, [], "I cannot recommend Kind of Blue enough, so it's playing for you "
               "now.")),
    # the call is written into the reply; none was made
    bad("a call written into the reply instead of made", "no_tool_evidence",
        **bank(BOB, [], "get_balance(account_id=\"ACC-1004\") returned 2650.00, so ACC-1004 "
               "holds $2,650.")),
    # get_balance takes only account_id
    bad("an argument the schema does not have", "bad_arguments",
        **bank(BOB, [[Call("get_balance", {"account_id": "ACC-1004", "currency": "USD"})]],
               "ACC-1004 holds $2,650.")),
    # EV-5 is the Dentist; no result names the event's title
    bad("a cancelled event narrated with another event's title", "no_tool_evidence",
        **cal(CANCEL, CANCEL.steps, "Cancelled EV-5, your Budget review.")),
    # the event was created on 2026-03-04
    bad("a created event reported on the next day", "wrong_association",
        **cal(CREATE, CREATE.steps, "Added 'Call with the bank' (EV-7) on 2026-03-05, "
              "10:00-11:00.")),
]


# -- validate.grounded: an observatory, a ferry, an apple cooperative (all invented) --------
OBSERVATORY = ("The Corvel Observatory, on the slopes of Mount Arnak, opened in 1987. Its main "
               "telescope has a mirror 3.6 metres across, built by the Danish firm Holm & "
               "Vester. The observatory sits 2,340 metres above sea level and records about 290 "
               "clear nights a year. Its first director, Ilse Marten, retired in 2009 and was "
               "succeeded by Kofi Asante, who still leads it.")
FERRY = ("Since March 2019 the Lys\u00f8 ferry has crossed the strait between Brevik and "
         "Lys\u00f8 eight times a day in summer and four times a day in winter. The crossing "
         "takes 35 minutes and covers 11 kilometres. A return ticket costs 120 kroner for "
         "adults; children under 12 travel free. In 2023 the ferry carried 410,000 passengers, "
         "a record, though it carried fewer cars than in 2022.")
ORCHARD = ("The Vallmo apple cooperative has 64 member farms. Half of them grow only the Aroma "
           "variety; the rest grow Aroma alongside Rubinola. The cooperative pressed 2.1 "
           "million litres of juice in 2022, but a late frost cut the 2023 harvest by a third. "
           "Its chair, Britta Sand, was re-elected unopposed in May 2024.")
CROSSINGS = ("the Lys\u00f8 ferry has crossed the strait between Brevik and Lys\u00f8 eight "
             "times a day in summer and four times a day in winter")
DIRECTORS = ("Its first director, Ilse Marten, retired in 2009 and was succeeded by Kofi "
             "Asante, who still leads it")
ALTITUDE = "The observatory sits 2,340 metres above sea level"
FARMS = "The Vallmo apple cooperative has 64 member farms"
VARIETIES = "Half of them grow only the Aroma variety; the rest grow Aroma alongside Rubinola"
FROST = "a late frost cut the 2023 harvest by a third"
RECORD = ("In 2023 the ferry carried 410,000 passengers, a record, though it carried fewer cars "
          "than in 2022")
FARE = "A return ticket costs 120 kroner for adults"
FREE = "children under 12 travel free"


def qa(question: str, answer: str, evidence: list[str],
       kind: str = "extractive") -> dict[str, Any]:
    return {"question": question, "answer": answer, "evidence": evidence, "kind": kind,
            "context": [OBSERVATORY, FERRY, ORCHARD]}


GROUNDED_5 = [
    ok("'just over half an hour' for 35 minutes", "ok",
       **qa("How long does the ferry crossing take?", "Just over half an hour.",
            ["The crossing takes 35 minutes"])),
    ok("half of 64 given as 32", "ok",
       **qa("How many member farms grow only the Aroma variety?", "32 farms, half of the 64.",
            [FARMS, "Half of them grow only the Aroma variety"])),
    ok("feet beside the metres, converted right", "ok",
       **qa("How high above sea level is the Corvel Observatory?",
            "2,340 metres (about 7,680 feet).", [ALTITUDE])),
    ok("a yes that follows from the quote", "ok",
       **qa("Does every member farm of the Vallmo cooperative grow Aroma?",
            "Yes: half grow only Aroma and the rest grow it alongside Rubinola.", [VARIETIES])),
    ok("a German question and answer over an English quote", "ok",
       **qa("Wie viel kostet eine R\u00fcckfahrkarte f\u00fcr Erwachsene?", "120 Kronen.",
            [FARE])),
    ok("a year in words", "ok",
       **qa("When did the Corvel Observatory open?", "In nineteen eighty-seven.",
            ["The Corvel Observatory, on the slopes of Mount Arnak, opened in 1987"])),
    ok("an initial for the first name", "ok",
       **qa("Who succeeded Ilse Marten?", "K. Asante, who still leads the observatory.",
            ["was succeeded by Kofi Asante, who still leads it"])),
    ok("a narrow no-break space between the thousands, 'm' for metres", "ok",
       **qa("At what altitude is the Corvel Observatory?", "2\u202f340 m.", [ALTITUDE])),
    ok("'0.41 million' for 410,000", "ok",
       **qa("How many passengers did the ferry carry in 2023?", "0.41 million.", [RECORD])),
    ok("a Markdown list with the numbers in words", "ok",
       **qa("How often does the Lys\u00f8 ferry cross in summer and in winter?",
            "- Summer: eight crossings a day\n- Winter: four crossings a day", [CROSSINGS])),
    ok("'don't' in a right denial", "ok",
       **qa("Do children under 12 pay for the Lys\u00f8 ferry?",
            "No \u2014 children under 12 don't pay; they travel free.", [FREE])),
    ok("'one third (about 33%)'", "ok",
       **qa("By how much did the late frost cut the 2023 harvest?", "By one third (about 33%).",
            [FROST])),
    ok("a long answer that retells the quote", "ok",
       **qa("Who leads the Corvel Observatory now?",
            "Kofi Asante. He took over from the observatory's first director, Ilse Marten, when "
            "she retired in 2009, and he still leads it.", [DIRECTORS])),
    ok("multi-hop: a difference of two years", "ok",
       **qa("How many years after the Corvel Observatory opened was Britta Sand re-elected?",
            "37 years (1987 to 2024).",
            ["The Corvel Observatory, on the slopes of Mount Arnak, opened in 1987",
             "Its chair, Britta Sand, was re-elected unopposed in May 2024"], "multi_hop")),
    ok("an unanswerable question answered so", "ok",
       **qa("What did the Lys\u00f8 ferry's captain earn in 2023?", "unanswerable", [],
            "unanswerable")),
    # eight is the summer figure; in winter the ferry crosses four times
    bad("the summer number given for winter, both in the quote", "unsupported",
        **qa("How many times a day does the ferry cross in winter?", "Eight times a day.",
             [CROSSINGS])),
    # 35 minutes is not three quarters of an hour (45 minutes)
    bad("'three quarters of an hour' for 35 minutes", "unsupported_number",
        **qa("How long does the ferry crossing take?", "About three quarters of an hour.",
             ["The crossing takes 35 minutes"])),
    # 120 kroner is the adult fare; children under 12 travel free
    bad("the adult fare given for a child", "unsupported",
        **qa("What does a return ticket cost for a ten-year-old?", "120 kroner.", [FARE])),
    # 64 is every farm; only the 32 that do not grow Aroma alone grow Rubinola
    bad("the whole given for a part", "unsupported",
        **qa("How many member farms grow Rubinola?", "64 farms.", [FARMS])),
    # Ilse Marten retired in 2009; Kofi Asante leads it now
    bad("a former director given as the current one", "unsupported",
        **qa("Who leads the Corvel Observatory today?", "Ilse Marten.",
             ["Its first director, Ilse Marten, retired in 2009"])),
    # 3.6 metres across is the diameter; the radius is 1.8 metres
    bad("a diameter given as the radius", "unsupported",
        **qa("What is the radius of the main telescope's mirror?", "3.6 metres.",
             ["Its main telescope has a mirror 3.6 metres across"])),
    # the late frost, not the 2022 pressing, cut the harvest
    bad("the wrong cause taken from the same sentence", "unsupported",
        **qa("Why was the cooperative's 2023 harvest smaller?",
             "Because it pressed 2.1 million litres of juice in 2022.",
             ["The cooperative pressed 2.1 million litres of juice in 2022, but a late frost "
              "cut the 2023 harvest by a third"])),
    # a third, not a quarter
    bad("'a quarter' for 'a third'", "unsupported_number",
        **qa("By how much did the late frost cut the 2023 harvest?", "By a quarter.", [FROST])),
    # the ferry carried fewer cars in 2023; the record was in passengers
    bad("a yes where the quote says fewer, with a word of the quote", "unsupported",
        **qa("Did the ferry carry more cars in 2023 than in 2022?",
             "Yes, 2023 was a record year for the ferry.", [RECORD])),
    # the passage says eight times a day in summer
    bad("a number word changed inside the quote", "altered_span",
        **qa("How many times a day does the ferry cross in summer?", "Six times a day.",
             ["the Lys\u00f8 ferry has crossed the strait between Brevik and Lys\u00f8 six "
              "times a day in summer"])),
    # the passage says children under 12 travel free
    bad("a 'not' inserted inside the quote", "altered_span",
        **qa("Do children under 12 travel free on the Lys\u00f8 ferry?",
             "No, children under 12 do not travel free.",
             ["A return ticket costs 120 kroner for adults; children under 12 do not travel "
              "free"])),
    # the ellipsis drops "Aroma alongside": the rest grow both varieties
    bad("an ellipsis that drops what the answer denies", "unsupported",
        **qa("What do the cooperative's farms that do not grow only Aroma grow?",
             "Only Rubinola.", ["the rest grow ... Rubinola"])),
    # Britta Sand, the cooperative's chair, was re-elected; Asante leads the observatory
    bad("two quotes from two passages stitched into one claim", "unsupported",
        **qa("Who was re-elected unopposed in May 2024?", "Kofi Asante.",
             ["was succeeded by Kofi Asante, who still leads it",
              "was re-elected unopposed in May 2024"])),
    # 410,000 is well under half a million
    bad("'over half a million' for 410,000", "unsupported_number",
        **qa("How many passengers did the ferry carry in 2023?", "Over half a million.",
             ["In 2023 the ferry carried 410,000 passengers"])),
    # the passage gives the crossing's length: 11 kilometres
    bad("an answerable question labelled unanswerable", "unsupported",
        **qa("How long is the Lys\u00f8 ferry crossing in kilometres?", "unanswerable", [],
             "unanswerable")),
    # 2023 is the passenger record; the ferry has run since March 2019
    bad("a year of another claim given as the service's start", "unsupported",
        **qa("Since when has the Lys\u00f8 ferry been crossing the strait?", "Since 2023.",
             ["In 2023 the ferry carried 410,000 passengers, a record"])),
    # nothing says it is the highest observatory on the mountain
    bad("an embellishment with no new name", "unsupported",
        **qa("How high above sea level is the Corvel Observatory?",
             "2,340 metres above sea level, higher than any other observatory on the "
             "mountain.", [ALTITUDE])),
    # children under 12 travel free; they do not pay half
    bad("a child's fare invented as half the adult one", "unsupported",
        **qa("Do children pay less than adults on the Lys\u00f8 ferry?",
             "Yes, children under 12 pay half the adult fare.", [FREE])),
]


# -- validate.answer_check: word problems of this suite, each with its question --------------
def solved(question: str, trace: str, answer: str) -> dict[str, Any]:
    return {"question": question, "trace": trace, "answer": answer}


STICKERS = "84 stickers are shared equally among 4 friends. How many stickers does each get?"
TULIPS = "A garden has 7 rows of 8 tulips. How many tulips are there?"
PATIO = "A square patio is 12 feet on each side. What is its area in square feet?"
FIELD = "A square field has an area of 144 square metres. How long is each side, in metres?"
FILM = "A film starts at 7:40 pm and lasts 95 minutes. At what time does it end?"
BUSES = "130 students go on a trip in buses that seat 40 each. How many buses are needed?"
PRODUCT = "What is the product of \u22126 and \u22122?"
PIZZA = ("Ana eats 2/3 of a pizza and Ben eats 1/4 of an identical pizza. How much pizza do they "
         "eat together?")
JACKET = "A $60 jacket is 15% off. What is the sale price, in dollars?"
CONCERT = "A concert lasts 2.5 hours. How many minutes is that?"
BOTTLES = "A factory makes 1.2 thousand bottles an hour. How many bottles does it make in 5 hours?"
APPLES = ("Sam has 3 apples and buys 4 bags with 5 apples in each. How many apples does he have "
          "now?")
UMBRELLAS = ("A shop sold 45 red and 30 blue umbrellas on Monday, and twice as many blue "
             "umbrellas on Tuesday as on Monday. How many blue umbrellas did it sell on Tuesday?")
GLASSES = ("A class has 12 girls and 15 boys. 5 of the girls and 4 of the boys wear glasses. How "
           "many children do not wear glasses?")
CELLS = ("A colony starts with 3 cells and doubles every hour. How many cells are there after 4 "
         "hours?")
CARDS = "A pack holds 15 cards. How many cards are in 4 packs?"
COOKIES = ("A baker makes 12 trays of 4 cookies and sells 10 cookies. How many cookies are "
           "left?")
BOX_DE = ("Eine Kiste wiegt 1.250 g, ihr Deckel 300 g. Wie viel wiegt die Kiste mit Deckel, in "
          "Gramm?")
NOTEBOOK_ES = "Un cuaderno cuesta 2,50 \u20ac. \u00bfCu\u00e1nto cuestan 3 cuadernos?"
LIBRARY = "A library had 348 books and received 127 more. How many books does it have now?"
CLUB = ("A chess club had 48 members in 2023 and gained 12 members in 2024. How many members did "
        "it have at the end of 2024?")
SHELVES = "Each of 6 shelves holds 25 books. How many books fit on the shelves?"
SHELLS = "Lia has 24 shells, which is twice as many as Noor has. How many shells does Noor have?"
FIRM = "A firm earns $300,000 a month. How much does it earn in 5 months?"

ANSWER_CHECK_5 = [
    ok("a LaTeX fraction", "ok",
       **solved(STICKERS, "Each friend gets $\\frac{84}{4} = 21$ stickers.\n#### 21", "21")),
    ok("a LaTeX \\cdot", "ok", **solved(TULIPS, "$7 \\cdot 8 = 56$ tulips.\n#### 56", "56")),
    ok("a superscript square", "ok",
       **solved(PATIO, "Area = 12\u00b2 = 144 square feet.\n#### 144", "144")),
    ok("a superscript power in a chain", "ok",
       **solved(CELLS, "After 4 doublings: 3 \u00d7 2\u2074 = 3 \u00d7 16 = 48 cells.\n#### 48",
                "48")),
    ok("German thousands separators", "ok",
       **solved(BOX_DE, "1.250 g + 300 g = 1.550 g.\n#### 1.550", "1550")),
    ok("a Spanish decimal comma and closing sentence", "ok",
       **solved(NOTEBOOK_ES, "3 \u00d7 2,50 \u20ac = 7,50 \u20ac.\nLa respuesta es 7,50 \u20ac.",
                "7.50")),
    ok("clock arithmetic", "ok",
       **solved(FILM, "95 minutes is 1 hour and 35 minutes, since 95 \u2212 60 = 35.\n"
                "7:40 + 1:35 = 9:15 pm.\n#### 9:15 pm", "9:15 pm")),
    ok("a division rounded up in prose", "ok",
       **solved(BUSES, "130 / 40 = 3.25, so 3 buses would leave 10 students behind; 4 buses "
                "are needed.\n#### 4", "4")),
    ok("an answer field in words", "ok",
       **solved(LIBRARY, "348 + 127 = 475 books.\n#### 475", "four hundred seventy-five")),
    ok("years in the prose", "ok",
       **solved(CLUB, "In 2023 the club had 48 members.\nDuring 2024 it gained 12, so 48 + 12 = "
                "60 members.\n#### 60", "60")),
    ok("an en-dash range in the prose", "ok",
       **solved(SHELVES, "Shelves usually hold 20\u201330 books; here each holds 25.\n"
                "6 \u00d7 25 = 150 books.\n#### 150", "150")),
    ok("algebra", "ok",
       **solved(SHELLS, "Let x be Noor's shells. Then 2x = 24, so x = 24 / 2 = 12.\n#### 12",
                "12")),
    ok("an answer field in millions", "ok",
       **solved(FIRM, "300,000 \u00d7 5 = 1,500,000 dollars.\n#### 1,500,000", "$1.5 million")),
    ok("a chained equation, every link right", "ok",
       **solved(CARDS, "4 \u00d7 15 = 4 \u00d7 10 + 4 \u00d7 5 = 40 + 20 = 60 cards.\n#### 60",
                "60")),
    ok("Unicode minus signs", "ok",
       **solved(PRODUCT, "\u22126 \u00d7 \u22122 = 12.\n#### 12", "12")),
    ok("a percentage turned into a decimal", "ok",
       **solved(JACKET, "15% of $60 = 0.15 \u00d7 60 = $9.\n$60 \u2212 $9 = $51.\n#### 51",
                "51")),
    # 84 / 4 is 21
    bad("a wrong LaTeX fraction", "wrong_step",
        **solved(STICKERS, "Each friend gets $\\frac{84}{4} = 22$ stickers.\n#### 22", "22")),
    # 7 x 8 is 56
    bad("a wrong LaTeX \\cdot product", "wrong_step",
        **solved(TULIPS, "$7 \\cdot 8 = 54$ tulips.\n#### 54", "54")),
    # 12 squared is 144
    bad("a wrong superscript square", "wrong_step",
        **solved(PATIO, "Area = 12\u00b2 = 124 square feet.\n#### 124", "124")),
    # the square root of 144 is 12
    bad("a wrong square root", "wrong_step",
        **solved(FIELD, "Side = \u221a144 = 14 metres.\n#### 14", "14")),
    # 7:40 pm + 1 h 35 min is 9:15 pm
    bad("wrong clock arithmetic", "wrong_step",
        **solved(FILM, "95 minutes is 1 hour and 35 minutes, since 95 \u2212 60 = 35.\n"
                 "7:40 + 1:35 = 9:25 pm.\n#### 9:25 pm", "9:25 pm")),
    # 12 x 4 is 48, so 38 are left; the wrong product hides behind an arrow
    bad("a wrong product behind an arrow, the next step right", "wrong_step",
        **solved(COOKIES, "12 \u00d7 4 \u2192 46 cookies.\n46 \u2212 10 = 36 cookies are "
                 "left.\n#### 36", "36")),
    # 3 buses seat only 120 of the 130; 4 are needed
    bad("a division rounded down behind '≈'", "answer_mismatch",
        **solved(BUSES, "130 \u00f7 40 \u2248 3 buses.\nSo 3 buses are needed.\n#### 3", "3")),
    # a negative times a negative is positive: 12
    bad("a sign error with Unicode minus signs", "wrong_step",
        **solved(PRODUCT, "\u22126 \u00d7 \u22122 = \u221212.\n#### \u221212", "-12")),
    # 2/3 + 1/4 is 11/12
    bad("fractions added numerator to numerator", "wrong_step",
        **solved(PIZZA, "2/3 + 1/4 = 3/7 of a pizza.\n#### 3/7", "3/7")),
    # 15% is 0.15, not 0.015: the discount is $9 and the price $51
    bad("a percentage shifted a decimal place", "wrong_step",
        **solved(JACKET, "15% of $60 = 0.015 \u00d7 60 = $0.90.\n$60 \u2212 $0.90 = $59.10.\n"
                 "#### 59.10", "59.10")),
    # 4 x 10 + 4 x 6 is 64; the final 60 is right, the middle link is not
    bad("a chained equation with a wrong middle link", "wrong_step",
        **solved(CARDS, "4 \u00d7 15 = 4 \u00d7 10 + 4 \u00d7 6 = 60 cards.\n#### 60", "60")),
    # an hour has 60 minutes: 150 minutes
    bad("a wrong conversion factor stated in prose", "answer_mismatch",
        **solved(CONCERT, "1 hour is 100 minutes, so 2.5 \u00d7 100 = 250 minutes.\n#### 250",
                 "250")),
    # 1.2 thousand is 1,200: 6,000 bottles
    bad("a magnitude word misread in prose", "answer_mismatch",
        **solved(BOTTLES, "1.2 thousand is 120, and 120 \u00d7 5 = 600 bottles.\n#### 600",
                 "600")),
    # he has 3 + 4 x 5 = 23 apples
    bad("right arithmetic on a wrong model: the loose apples put in bags", "answer_mismatch",
        **solved(APPLES, "He now has 3 + 4 = 7 groups.\n7 \u00d7 5 = 35 apples.\n#### 35", "35")),
    # Tuesday's blue umbrellas are twice Monday's 30: 60
    bad("right arithmetic on the wrong base: both colours doubled", "answer_mismatch",
        **solved(UMBRELLAS, "Monday's total was 45 + 30 = 75 umbrellas.\nTuesday: 75 \u00d7 2 "
                 "= 150.\n#### 150", "150")),
    # 27 children less 5 + 4 = 9 with glasses leaves 18
    bad("only the girls with glasses taken away", "answer_mismatch",
        **solved(GLASSES, "12 + 15 = 27 children.\n27 \u2212 5 = 22 do not wear glasses.\n"
                 "#### 22", "22")),
    # doubling 4 times multiplies by 16: 48 cells
    bad("growth modelled as a product of the counts", "answer_mismatch",
        **solved(CELLS, "3 \u00d7 2 \u00d7 4 = 24 cells.\n#### 24", "24")),
]


# Per verifier name in verifier_attacks: probe H's held-out suites (after those of the older
# modules).
SUITES: dict[str, list[list[Case]]] = {
    "validate.tool_use": [TOOL_USE_5], "validate.grounded": [GROUNDED_5],
    "validate.answer_check": [ANSWER_CHECK_5],
}
