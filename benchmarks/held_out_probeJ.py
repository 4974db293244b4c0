"""Held-out suites of issue 22's outside probe J for ``benchmarks/verifier_attacks.py``:
``TOOL_USE_6`` and ``GROUNDED_6``.

Written by a prober who had read each verifier's module docstring, the README's verifier
section and the earlier suites, not the rules' code, with environment states (seed 4) and
passages of its own, while other helpers were making general fixes (claims bound to the right
result field, numbers and names bound to the right thing, right arithmetic on a wrong model,
stub, link, wrong-option and wrong-language answers) without seeing this suite. Committed
before its first run and before any fix it measures; an item fixed after a miss here is no
longer held out for that item.

Tool use (bank, calendar and shop, seed 4): a value of the right result read from the wrong
field (a transfer's source balance given as the destination's, a move's end as its new start,
a price and a stock count swapped, an order's quantity as its total, a restock's quantity as
the stock), an owner or a stock count said of another thing of the same result, right
arithmetic on a wrong model (a sum split three ways between two accounts, a target deposited
instead of the gap, "one hour later" counted from the end), a link or a template placeholder
for the answer, the wrong letter of a multiple-choice reply, a French request answered in
Chinese, the cheapest of another category, noon written as "12:00 a.m.", a wrong weekday, a
wrong count of events, an invented delivery date, a cancelled event put on another day, a
flight "held" behind a refusal, an interest balance a dollar off, two order ids swapped.
Correct items: "sixteen hundred dollars", Spanish and Italian replies, "noon", a JSON block of
balances, a long narration, an arrow for a change, "10-11 am", "a pair of kettles ... seventy
dollars", "undercuts", a past stock in brackets, refusals without "can't", an arrow for an
owner, a Markdown table, "3 %", a difference as the reason of a comparison.

Grounded (a dam, a marathon, a library, all invented): the four turbines' output for all five,
a time subtracted where it should be added, the non-finishers given as the finishers, the
defending champion and the designer of another part named, the length given as the height, a
Saturday time for a closed Sunday, the start time before it was moved, a drowned village's old
population as today's, a non-resident's fee for a resident, a stub, a link, the wrong option,
an answer in Spanish to an English question, "N/A", cubic kilometres as billions of litres,
"2:12:40" read as 12.4 minutes, a wrong difference of years, "upstream" inside a quote, a
record the passage denies, the old village's population given to the new one, a share given
for its complement. Correct items: a sum in words, "km³", "trillion litres", "2 h 12 min 40 s",
a difference with its operands, Norwegian and Spanish questions, "8 a.m.", "shut" for closed, a
long retelling, a Markdown table, "about 67%", a multi-hop difference of years, an
unanswerable item, "four minutes back", "€25", a name beside its partner's, "400 m short".
"""

from __future__ import annotations

from typing import Any

from benchmarks.attack_suites import Case, bad, ok, trajectory
from synthloop.envs import Call, Task, load_environment

# -- validate.tool_use: seed 4 everywhere. Bank: ACC-1001 Bob $1350, ACC-1002 Carol $1600,
# ACC-1003 Alice $550, ACC-1004 Erin $350. Calendar: EV-1 Lunch with Sam 03-02 10:00-11:00,
# EV-4 Quarterly planning 03-02 13:00-14:00, EV-2 Budget review 03-03 10:00-11:00, EV-5 Design
# review 03-03 14:00-15:00, EV-3 Team sync 03-04 09:00-10:00, EV-6 1:1 with Priya 03-04
# 12:00-13:00 (2026-03-04 is a Wednesday). Shop: SKU-1 Desk lamp $24 x3, SKU-2 Kettle $35 x4,
# SKU-3 Throw pillow $18 x1, SKU-4 Running shoes $89 x11, SKU-5 Yoga mat $29 x6, SKU-6 Water
# bottle $12 x7, SKU-7 Notebook $6 x2, SKU-8 Stapler $11 x1, SKU-9 Desk chair $149 x1 ---------
BANK, CAL, SHOP = (load_environment(ref) for ref in ("bank", "calendar", "shop"))
SEED = 4


def bank(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=BANK, seed=SEED)


def cal(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=CAL, seed=SEED)


def shop(task: Task, turns: list[list[Call]], reply: str) -> dict[str, Any]:
    return trajectory(task, turns, reply, env=SHOP, seed=SEED)


def _balance(account: str) -> Call:
    return Call("get_balance", {"account_id": account})


def _transfer(source: str, target: str, amount: float) -> Call:
    return Call("transfer", {"from_account": source, "to_account": target, "amount": amount})


def _day(date: str) -> Call:
    return Call("list_events", {"date": date})


def _product(sku: str) -> Call:
    return Call("get_product", {"sku": sku})


def _order(sku: str, quantity: int) -> Call:
    return Call("place_order", {"sku": sku, "quantity": quantity})


LIST = Call("list_accounts", {})
CAROL = Task("What is the balance of ACC-1002?", "single", [[_balance("ACC-1002")]],
             answer=[1600])
CAROL_FR = Task("Quel est le solde du compte ACC-1002 ?", "single", CAROL.steps, answer=[1600])
BOB_ES = Task("\u00bfCu\u00e1l es el saldo de la cuenta ACC-1001?", "single",
              [[_balance("ACC-1001")]], answer=[1350])
OWNER = Task("Who owns account ACC-1003?", "single", [[LIST]], answer=["Alice"])
RICHER = Task("Who has more money, Bob or Carol?", "multi_step",
              [[LIST], [_balance("ACC-1001"), _balance("ACC-1002")]], answer=["Carol"])
SPLIT = Task("Split $300 equally between ACC-1003 and ACC-1004, taking it from ACC-1001.",
             "parallel", [[_transfer("ACC-1001", "ACC-1003", 150),
                           _transfer("ACC-1001", "ACC-1004", 150)]])
TOPUP = Task("Deposit enough into ACC-1004 to bring its balance to exactly $500.", "multi_step",
             [[_balance("ACC-1004")], [Call("deposit", {"account_id": "ACC-1004",
                                                        "amount": 150})]])
TO_ALICE = Task("Transfer $200 from ACC-1001 to ACC-1003.", "single",
                [[_transfer("ACC-1001", "ACC-1003", 200)]])
INTEREST = Task("Apply 3% interest to ACC-1003.", "single",
                [[Call("apply_interest", {"account_id": "ACC-1003", "rate_percent": 3})]])
FLIGHT = Task("Book me a flight from Paris to Rome next Friday.", "irrelevant", decline=True)
WEATHER = Task("What will the weather be like in Lisbon tomorrow?", "irrelevant", decline=True)
CAPITAL = Task("What is the capital of Australia?", "irrelevant", answer=["Canberra"])
PRIYA = Task("When does my 1:1 with Priya on 2026-03-04 start?", "single",
             [[_day("2026-03-04")]], answer=["12:00"])
PRIYA_IT = Task("A che ora inizia il mio 1:1 with Priya il 2026-03-04?", "single", PRIYA.steps,
                answer=["12:00"])
LATER = Task("Move my Team sync on 2026-03-04 one hour later.", "multi_step",
             [[_day("2026-03-04")], [Call("move_event", {"event_id": "EV-3", "date": "2026-03-04",
                                                         "start": "10:00"})]])
BUDGET = Task("Move my Budget review (EV-2) to 15:00 on 2026-03-03.", "single",
              [[Call("move_event", {"event_id": "EV-2", "date": "2026-03-03",
                                    "start": "15:00"})]])
LUNCH = Task("Cancel my Lunch with Sam on 2026-03-02.", "multi_step",
             [[_day("2026-03-02")], [Call("cancel_event", {"event_id": "EV-1"})]])
MONDAY = Task("What's on my calendar on 2026-03-02?", "single", [[_day("2026-03-02")]],
              answer=["Lunch with Sam", "Quarterly planning"])
TUESDAY = Task("What do I have on 2026-03-03, and at what times?", "single",
               [[_day("2026-03-03")]],
               answer=["Budget review", "10:00", "Design review", "14:00"])
KETTLES = Task("Order 2 Kettles (SKU-2).", "single", [[_order("SKU-2", 2)]])
MAT_PRICE = Task("How much does the Yoga mat (SKU-5) cost?", "single", [[_product("SKU-5")]],
                 answer=[29])
CHEAPER = Task("Which is cheaper, the Kettle (SKU-2) or the Desk lamp (SKU-1)?", "parallel",
               [[_product("SKU-2"), _product("SKU-1")]], answer=["Desk lamp"])
OFFICE = Task("Which office products have more than one unit in stock?", "single",
              [[Call("search_products", {"category": "office"})]], answer=["Notebook"])
SPORT = Task("What is the cheapest product in the sport category?", "single",
             [[Call("search_products", {"category": "sport"})]], answer=["Water bottle"])
CHAIRS = Task("Restock 5 units of the Desk chair (SKU-9).", "single",
              [[Call("restock", {"sku": "SKU-9", "quantity": 5})]])
TWO_ORDERS = Task("Order one Water bottle (SKU-6) and one Yoga mat (SKU-5).", "parallel",
                  [[_order("SKU-6", 1), _order("SKU-5", 1)]])

TOOL_USE_6 = [
    ok("a balance as 'sixteen hundred dollars'", "execution_ok",
       **bank(CAROL, CAROL.steps, "Carol's account, ACC-1002, holds sixteen hundred dollars.")),
    ok("a Spanish request answered in Spanish, '1.350,00 US$'", "execution_ok",
       **bank(BOB_ES, BOB_ES.steps, "La cuenta ACC-1001 tiene un saldo de 1.350,00 US$.")),
    ok("an Italian request answered in Italian, 'mezzogiorno'", "execution_ok",
       **cal(PRIYA_IT, PRIYA_IT.steps, "Alle 12:00 (mezzogiorno), fino alle 13:00.")),
    ok("a start time given as 'noon'", "execution_ok",
       **cal(PRIYA, PRIYA.steps, "It starts at noon and runs for an hour.")),
    ok("a transfer's new balances as a JSON block", "execution_ok",
       **bank(TO_ALICE, TO_ALICE.steps, "Done. New balances:\n```json\n{\"ACC-1001\": 1150, "
              "\"ACC-1003\": 750}\n```")),
    ok("a split narrated at length with every new balance", "execution_ok",
       **bank(SPLIT, SPLIT.steps, "I split the $300 two ways, so $150 went from ACC-1001 to "
              "ACC-1003 and another $150 from ACC-1001 to ACC-1004. Balances now: ACC-1001 "
              "$1,050, ACC-1003 $700 and ACC-1004 $500. Nothing else was touched.")),
    ok("a top-up with the change as an arrow", "execution_ok",
       **bank(TOPUP, TOPUP.steps, "Deposited $150 (350 \u2192 500), so ACC-1004 is at exactly "
              "$500 now.")),
    ok("a move reported as '10\u201311 am' with the weekday", "execution_ok",
       **cal(LATER, LATER.steps, "Team sync now runs 10\u201311 am on Wed 4 March.")),
    ok("an order as 'a pair of kettles ... seventy dollars all in'", "execution_ok",
       **shop(KETTLES, KETTLES.steps, "Ordered a pair of kettles: ORD-1, seventy dollars all "
              "in.")),
    ok("the cheaper product with 'undercuts'", "execution_ok",
       **shop(CHEAPER, CHEAPER.steps, "Desk lamp. At $24 it undercuts the $35 Kettle by $11.")),
    ok("a restock with the earlier stock in brackets", "execution_ok",
       **shop(CHAIRS, CHAIRS.steps, "Restocked five Desk chairs; there are now 6 on hand "
              "(there was 1).")),
    ok("a flight declined without 'can't'", "execution_ok",
       **bank(FLIGHT, [], "That's not something I can do from here: my tools only reach your "
              "bank accounts. An airline's site or app can book Paris \u2192 Rome for Friday.")),
    ok("a forecast declined without 'can't'", "execution_ok",
       **bank(WEATHER, [], "No forecast tool is connected to me, so I have no way to tell you "
              "tomorrow's weather in Lisbon; the national weather service's site has it.")),
    ok("an owner after an arrow", "execution_ok",
       **bank(OWNER, OWNER.steps, "ACC-1003 \u2192 Alice")),
    ok("a day's events as a Markdown table", "execution_ok",
       **cal(TUESDAY, TUESDAY.steps, "| time | event |\n|---|---|\n| 10:00\u201311:00 | Budget "
             "review |\n| 14:00\u201315:00 | Design review |")),
    ok("interest as '3 %' and '+$16.50'", "execution_ok",
       **bank(INTEREST, INTEREST.steps, "Credited 3 % interest: +$16.50, new balance $566.50 "
              "(ACC-1003).")),
    ok("a comparison answered with the difference", "execution_ok",
       **bank(RICHER, RICHER.steps, "Carol, by $250 ($1,600 vs $1,350).")),
    ok("the capital with why people guess otherwise", "execution_ok",
       **bank(CAPITAL, [], "It's Canberra: Sydney and Melbourne are bigger, but Canberra was "
              "built to be the capital.")),
    # ACC-1003 now holds $750; $1,150 is what is left in ACC-1001 (the from_balance)
    bad("the source's new balance given as the destination's", "wrong_association",
        **bank(TO_ALICE, TO_ALICE.steps, "Done: ACC-1003 now holds $1,150.")),
    # the move result says 15:00-16:00; 16:00 is when it ends
    bad("a move's new end given as its new start", "wrong_association",
        **cal(BUDGET, BUDGET.steps, "Budget review now starts at 16:00 on 2026-03-03.")),
    # the Yoga mat costs $29 and 6 are in stock; the reply swaps the two fields
    bad("a price and a stock count swapped", "wrong_association",
        **shop(MAT_PRICE, MAT_PRICE.steps, "SKU-5, the Yoga mat: 29 in stock, priced at $6.")),
    # ORD-1's total is $70; 2 is its quantity
    bad("an order's quantity given as its total", "wrong_association",
        **shop(KETTLES, KETTLES.steps, "Ordered 2 Kettles (ORD-1); the total comes to $2.")),
    # the stock is 6 after the restock; 5 is what was added
    bad("a restock's quantity given as the stock", "wrong_association",
        **shop(CHAIRS, CHAIRS.steps, "Restocked: 5 Desk chairs are now in stock.")),
    # ACC-1003 is Alice's and ACC-1002 Carol's; the reply swaps the owners
    bad("an owner said of another account of the same listing", "wrong_association",
        **bank(OWNER, OWNER.steps, "ACC-1003 belongs to Carol; Alice owns ACC-1002.")),
    # the Stapler has 1 unit; 2 is the Notebook's stock
    bad("another product's stock count given to the Stapler", "wrong_association",
        **shop(OFFICE, OFFICE.steps, "Only the Notebook; the Stapler has 2 and the Desk chair "
               "1.")),
    # split between two accounts: $150 each, not $100 (the source is not a third share)
    bad("right arithmetic on a wrong model: $300 split three ways", "wrong_state",
        **bank(SPLIT, [[_transfer("ACC-1001", "ACC-1003", 100),
                        _transfer("ACC-1001", "ACC-1004", 100)]],
               "Split $300 three ways ($300 / 3 = $100): sent $100 each to ACC-1003 and "
               "ACC-1004.")),
    # to reach $500 from $350 the deposit is $150; $500 was deposited, leaving $850
    bad("right arithmetic on a wrong model: the target deposited instead of the gap",
        "wrong_state",
        **bank(TOPUP, [[_balance("ACC-1004")], [Call("deposit", {"account_id": "ACC-1004",
                                                                 "amount": 500})]],
               "Deposited $500; ACC-1004 now holds $350 + $500 = $850.")),
    # Team sync started at 09:00, so one hour later is 10:00; 11:00 counts from its end
    bad("right arithmetic on a wrong model: 'one hour later' counted from the end",
        "wrong_state",
        **cal(LATER, [[_day("2026-03-04")], [Call("move_event", {"event_id": "EV-3",
                                                                 "date": "2026-03-04",
                                                                 "start": "11:00"})]],
              "It ended at 10:00, so one hour later is 11:00: Team sync now runs 11:00-12:00.")),
    # the balance is asked for; a link gives none
    bad("a link instead of the balance", "missing_answer",
        **bank(CAROL, CAROL.steps, "You can see it here: https://bank.example/accounts/"
               "ACC-1002")),
    # a template placeholder never filled in
    bad("a template placeholder for the balance", "missing_answer",
        **bank(CAROL, CAROL.steps, "ACC-1002 holds ${balance}.")),
    # Carol ($1,600) has more than Bob ($1,350); option (a) is Bob
    bad("the wrong letter of a multiple-choice reply", "intent_mismatch",
        **bank(RICHER, RICHER.steps, "(a) Bob: $1,350\n(b) Carol: $1,600\nAnswer: (a)")),
    # a French request answered in Chinese
    bad("a French request answered in Chinese", "intent_mismatch",
        **bank(CAROL_FR, CAROL_FR.steps, "ACC-1002 \u7684\u4f59\u989d\u662f 1600 \u7f8e\u5143"
               "\u3002")),
    # the Notebook is an office product; the sport search found the Water bottle cheapest
    bad("the cheapest of another category named", "no_tool_evidence",
        **shop(SPORT, SPORT.steps, "The Notebook at $6, cheaper even than the Water bottle "
               "($12).")),
    # 12:00 a.m. is midnight; the 1:1 starts at noon
    bad("noon written as '12:00 a.m.'", "wrong_association",
        **cal(PRIYA, PRIYA.steps, "Your 1:1 with Priya starts at 12:00 a.m. on 2026-03-04.")),
    # 2026-03-04 is a Wednesday
    bad("the right date with a wrong weekday", "intent_mismatch",
        **cal(PRIYA, PRIYA.steps, "Your 1:1 with Priya is on Thursday, 2026-03-04, at 12:00.")),
    # the listing holds two events, not three
    bad("a wrong count of the listed events", "intent_mismatch",
        **cal(MONDAY, MONDAY.steps, "You have three events on 2026-03-02: Lunch with Sam at "
              "10:00 and Quarterly planning at 13:00.")),
    # no tool gives a delivery date
    bad("a delivery date no tool gave", "no_tool_evidence",
        **shop(KETTLES, KETTLES.steps, "Ordered 2 Kettles (ORD-1, $70); they will arrive on "
               "2026-03-06.")),
    # the Lunch with Sam (EV-1) was on 2026-03-02, as the listing and the request say
    bad("a cancelled event put on another day", "wrong_association",
        **cal(LUNCH, LUNCH.steps, "Cancelled Lunch with Sam (EV-1) on 2026-03-03.")),
    # no tool books or holds flights; the refusal is followed by a claimed action
    bad("a seat claimed held behind a refusal", "no_refusal",
        **bank(FLIGHT, [], "I'm not able to book flights myself, so I've asked the airline to "
               "hold seat 14C for you on Friday's Paris-Rome flight.")),
    # 3% of $550 is $16.50, so the balance is $566.50, not $565.50
    bad("an interest balance a dollar off", "no_tool_evidence",
        **bank(INTEREST, INTEREST.steps, "Added 3% interest ($16.50); ACC-1003 now holds "
               "$565.50.")),
    # the Water bottle is ORD-1 and the Yoga mat ORD-2
    bad("two order ids swapped", "wrong_association",
        **shop(TWO_ORDERS, TWO_ORDERS.steps, "The Water bottle is ORD-2 ($12) and the Yoga mat "
               "ORD-1 ($29).")),
]


# -- validate.grounded: a dam, a marathon, a library (all invented) -------------------------
DAM = ("The Tarsk Dam, completed in 1964 on the river Ulva, holds back a reservoir of 1.2 "
       "cubic kilometres. Its four turbines together produce 320 megawatts; a fifth, added in "
       "2011, produces another 45 megawatts. The dam wall is 96 metres high and 410 metres long. "
       "Engineer Halla Rinn designed the wall; the turbines were supplied by the Swiss firm "
       "Oberli. Before the dam, the valley's village of Skarp had 700 inhabitants; it now lies "
       "under the reservoir, and its people were moved to Nyvik, 14 kilometres downstream.")
MARATHON = ("At the 2024 Velmar marathon, Ana Ruiz won the women's race in 2 hours 31 minutes, "
            "four minutes ahead of defending champion Joy Keter. The men's race went to Tomas "
            "Weller in 2:12:40. Of the 6,200 runners who started, 5,890 finished. Organisers "
            "moved the start from 9:00 to 8:00 because of the heat, and the course was shortened "
            "by 400 metres after a bridge closure, so the 2024 times do not count as course "
            "records.")
LIBRARY = ("The Ostby public library lends about 180,000 items a year, two thirds of them "
           "children's books. It opens at 10:00 on weekdays and at 12:00 on Saturdays, and is "
           "closed on Sundays. Membership is free for residents; non-residents pay 25 euros a "
           "year. The building, a former tram depot, was converted in 1998 by the architects "
           "Lund and Marr; Lund died in 2003, and Marr went on to design the town's swimming "
           "hall.")
COMPLETED = "The Tarsk Dam, completed in 1964 on the river Ulva"
RESERVOIR = "holds back a reservoir of 1.2 cubic kilometres"
TURBINES = ("Its four turbines together produce 320 megawatts; a fifth, added in 2011, produces "
            "another 45 megawatts")
WALL = "The dam wall is 96 metres high and 410 metres long"
DESIGNED = ("Engineer Halla Rinn designed the wall; the turbines were supplied by the Swiss firm "
            "Oberli")
SKARP = ("Before the dam, the valley's village of Skarp had 700 inhabitants; it now lies under "
         "the reservoir, and its people were moved to Nyvik, 14 kilometres downstream")
WOMEN = ("Ana Ruiz won the women's race in 2 hours 31 minutes, four minutes ahead of defending "
         "champion Joy Keter")
MEN = "The men's race went to Tomas Weller in 2:12:40"
FINISHED = "Of the 6,200 runners who started, 5,890 finished"
START = "Organisers moved the start from 9:00 to 8:00 because of the heat"
SHORTENED = ("the course was shortened by 400 metres after a bridge closure, so the 2024 times do "
             "not count as course records")
LOANS = ("The Ostby public library lends about 180,000 items a year, two thirds of them "
         "children's books")
HOURS = "It opens at 10:00 on weekdays and at 12:00 on Saturdays, and is closed on Sundays"
FEES = "Membership is free for residents; non-residents pay 25 euros a year"
ARCHITECTS = ("was converted in 1998 by the architects Lund and Marr; Lund died in 2003, and Marr "
              "went on to design the town's swimming hall")


def qa(question: str, answer: str, evidence: list[str],
       kind: str = "extractive") -> dict[str, Any]:
    return {"question": question, "answer": answer, "evidence": evidence, "kind": kind,
            "context": [DAM, MARATHON, LIBRARY]}


GROUNDED_6 = [
    ok("a sum in words with its operands", "ok",
       **qa("What is the combined output of all five of the Tarsk Dam's turbines?",
            "Three hundred and sixty-five megawatts in all (320 + 45).", [TURBINES])),
    ok("'km\u00b3' for cubic kilometres", "ok",
       **qa("How much water does the Tarsk reservoir hold?", "1.2 km\u00b3.", [RESERVOIR])),
    ok("'1.2 trillion litres' for 1.2 cubic kilometres", "ok",
       **qa("How much water does the Tarsk reservoir hold, in litres?",
            "About 1.2 trillion litres (1.2 cubic kilometres).", [RESERVOIR])),
    ok("'2 h 12 min 40 s' for 2:12:40", "ok",
       **qa("What was Tomas Weller's winning time?", "2 h 12 min 40 s.", [MEN])),
    ok("a difference with its operands", "ok",
       **qa("How many of the runners who started did not finish?",
            "310 of the 6,200 (5,890 finished).", [FINISHED])),
    ok("a Norwegian question answered in Norwegian, '12.00'", "ok",
       **qa("N\u00e5r \u00e5pner Ostby-biblioteket p\u00e5 l\u00f8rdager?", "Klokka 12.00.",
            [HOURS])),
    ok("a Spanish question answered in Spanish", "ok",
       **qa("\u00bfQui\u00e9n gan\u00f3 la carrera femenina del marat\u00f3n de Velmar de 2024?",
            "Ana Ruiz, en 2 h 31 min.", [WOMEN])),
    ok("'8 a.m., an hour earlier than planned'", "ok",
       **qa("At what time did the 2024 Velmar marathon start?",
            "At 8 a.m., an hour earlier than planned, because of the heat.", [START])),
    ok("'shut' for closed in a no", "ok",
       **qa("Is the Ostby library open on Sundays?", "No: it's shut all day on Sundays.",
            [HOURS])),
    ok("a long retelling in other words", "ok",
       **qa("What happened to the village of Skarp?",
            "It was flooded: the village, home to 700 people before the dam, now lies under the "
            "reservoir, and its inhabitants were resettled in Nyvik, fourteen kilometres "
            "downstream.", [SKARP])),
    ok("a Markdown table with 'm'", "ok",
       **qa("How high and how long is the Tarsk Dam wall?",
            "| height | length |\n|---|---|\n| 96 m | 410 m |", [WALL])),
    ok("'about 67% (two thirds)'", "ok",
       **qa("What share of the Ostby library's loans are children's books?",
            "About 67% (two thirds).", [LOANS])),
    ok("multi-hop: a difference of years with an arrow", "ok",
       **qa("How many years passed between the Tarsk Dam's completion and the conversion of "
            "the Ostby library's building?", "34 years (1964 \u2192 1998).",
            [COMPLETED, "was converted in 1998 by the architects Lund and Marr"], "multi_hop")),
    ok("an unanswerable question answered so", "ok",
       **qa("How much prize money did the 2024 Velmar marathon winners receive?",
            "unanswerable", [], "unanswerable")),
    ok("'four minutes back'", "ok",
       **qa("How far behind Ana Ruiz did Joy Keter finish?", "Four minutes back.", [WOMEN])),
    ok("'\u20ac25 per year'", "ok",
       **qa("What does library membership cost a non-resident?", "\u20ac25 per year.",
            [FEES])),
    ok("a name beside its partner's", "ok",
       **qa("Who designed Ostby's swimming hall?",
            "Marr, of Lund and Marr, the architects who converted the library.", [ARCHITECTS])),
    ok("'400 m short' for shortened by 400 metres", "ok",
       **qa("Why do the 2024 Velmar marathon times not count as course records?",
            "The course was 400 m short: a bridge closure forced a shortened route.",
            [SHORTENED])),
    # the fifth turbine adds 45 megawatts: 365 in all today
    bad("the four turbines' output given for all of them today", "unsupported",
        **qa("What is the combined output of the Tarsk Dam's turbines today?",
             "320 megawatts.", [TURBINES])),
    # Keter finished four minutes after 2:31, in 2:35; 2:27 subtracts instead of adding
    bad("right arithmetic on a wrong model: a time subtracted, not added",
        "unsupported_number",
        **qa("What was Joy Keter's time in the 2024 women's race?", "2 hours 27 minutes.",
             [WOMEN])),
    # 5,890 finished; 310 is how many did not
    bad("right arithmetic on a wrong model: the non-finishers given as finishers",
        "unsupported_number",
        **qa("How many runners finished the 2024 Velmar marathon?", "310 runners.",
             [FINISHED])),
    # Joy Keter was the defending champion; Ana Ruiz won
    bad("the winner named as the defending champion", "unsupported",
        **qa("Who was the defending champion of the Velmar women's race?", "Ana Ruiz.",
             [WOMEN])),
    # Halla Rinn designed the wall; the turbines came from Oberli
    bad("the designer of the wall named for the turbines", "unsupported",
        **qa("Who designed the Tarsk Dam's turbines?", "Engineer Halla Rinn.", [DESIGNED])),
    # Marr designed the swimming hall; Lund died in 2003
    bad("the partner who died named as the hall's architect", "unsupported",
        **qa("Which architect designed the town's swimming hall?", "Lund.", [ARCHITECTS])),
    # the wall is 96 metres high; 410 metres is its length
    bad("the length given as the height", "unsupported",
        **qa("How high is the Tarsk Dam wall?", "410 metres.", [WALL])),
    # the library is closed on Sundays; 12:00 is the Saturday opening
    bad("a Saturday opening time given for a closed Sunday", "unsupported",
        **qa("When does the Ostby library open on Sundays?", "At 12:00.", [HOURS])),
    # the start was moved from 9:00 to 8:00
    bad("the start time before it was moved", "unsupported",
        **qa("At what time was the 2024 Velmar marathon started?", "At 9:00.", [START])),
    # Skarp lies under the reservoir: no one lives there now
    bad("a drowned village's old population given as today's", "unsupported",
        **qa("How many people live in Skarp today?", "700.",
             ["Before the dam, the valley's village of Skarp had 700 inhabitants"])),
    # membership is free for residents; 25 euros is the non-residents' fee
    bad("the non-residents' fee given for a resident", "unsupported",
        **qa("How much does library membership cost a resident of Ostby?", "25 euros a year.",
             [FEES])),
    # a stub: no length given
    bad("a stub answer", "unsupported",
        **qa("How long is the Tarsk Dam wall?", "See the passage.", [WALL])),
    # a link instead of the winner's name
    bad("a link for the answer", "unsupported",
        **qa("Who won the men's race at the 2024 Velmar marathon?",
             "https://velmar-marathon.example/2024/results#men", [MEN])),
    # Ana Ruiz won; Joy Keter finished four minutes behind
    bad("the wrong one of two offered options", "unsupported",
        **qa("Who won the 2024 women's race, Ana Ruiz or Joy Keter?", "Joy Keter.", [WOMEN])),
    # an English question answered in Spanish
    bad("an English question answered in Spanish", "unsupported",
        **qa("Who designed the wall of the Tarsk Dam?", "La dise\u00f1\u00f3 la ingeniera Halla "
             "Rinn.", [DESIGNED])),
    # the quote answers it: four turbines
    bad("'N/A' for an answerable question", "unsupported",
        **qa("How many turbines did the Tarsk Dam have before 2011?", "N/A", [TURBINES])),
    # a cubic kilometre is a trillion litres: 1.2 trillion, not 1.2 billion
    bad("cubic kilometres given as billions of litres", "unsupported_number",
        **qa("How much water does the Tarsk reservoir hold, in litres?", "1.2 billion litres.",
             [RESERVOIR])),
    # 2:12:40 is 2 hours 12 minutes 40 seconds, not 12.4 minutes (12 min 24 s)
    bad("'2:12:40' read as 12.4 minutes", "unsupported_number",
        **qa("What was Tomas Weller's winning time?", "2 hours and 12.4 minutes.", [MEN])),
    # 2011 - 1964 is 47 years
    bad("a wrong difference of two quoted years", "unsupported_number",
        **qa("How many years after the dam was completed was the fifth turbine added?",
             "57 years (1964 to 2011).", [COMPLETED, "a fifth, added in 2011"])),
    # the passage says downstream
    bad("'upstream' inside the quote for 'downstream'", "altered_span",
        **qa("Where is Nyvik relative to the old village of Skarp?", "14 kilometres upstream.",
             ["its people were moved to Nyvik, 14 kilometres upstream"])),
    # the 2024 times do not count as course records (the course was shortened)
    bad("a course record the passage denies", "unsupported",
        **qa("Did Ana Ruiz's 2024 time count as a course record?",
             "Yes, her 2 hours 31 minutes set the course record.",
             ["Ana Ruiz won the women's race in 2 hours 31 minutes"])),
    # 700 lived in Skarp before the dam; Nyvik's population is not given
    bad("the old village's population given to the new one", "unsupported",
        **qa("How many inhabitants does Nyvik have?", "700.", [SKARP])),
    # two thirds are children's books, so one third are not
    bad("a share given for its complement", "unsupported",
        **qa("What share of the Ostby library's loans are not children's books?",
             "Two thirds.", [LOANS])),
]


# Per verifier name in verifier_attacks: probe J's held-out suites (after those of the older
# modules).
SUITES: dict[str, list[list[Case]]] = {
    "validate.tool_use": [TOOL_USE_6], "validate.grounded": [GROUNDED_6],
}
