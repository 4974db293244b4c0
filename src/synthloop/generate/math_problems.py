"""A grade-school math simulator: word problems whose answers the program computes exactly.

Verifiable beats plausible: every number in the trace is computed here with exact rational
arithmetic, written GSM8K-style (``3*4 = <<3*4=12>>12`` and a final ``#### 12``), so the
``validate.answer_check`` stage can re-derive it. Surface forms vary by name, object, context
and phrasing; values are resampled until every intermediate number is a clean decimal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, TypeVar

from synthloop.records import Lineage, Record, Slot, make_id
from synthloop.registry import register
from synthloop.spec import Spec
from synthloop.stages import Fail, GenerateStage, StageContext, StageParams

SKILLS = ("percentages", "rates", "ratios", "fractions", "unit_conversion", "time", "money",
          "multi_step")
DIFFICULTIES = ("easy", "medium", "hard")

NAMES = ("Ava", "Liam", "Noah", "Emma", "Mia", "Lucas", "Sofia", "Mateo", "Amara", "Kenji",
         "Priya", "Omar", "Zoe", "Ethan", "Isabel", "Yusuf", "Hana", "Diego", "Chloe", "Ravi",
         "Fatima", "Jonas", "Leila", "Marcus", "Nia", "Tomas", "Grace", "Arjun", "Elena", "Kofi",
         "Ingrid", "Wei", "Rosa", "Samir", "Lena", "Jamal", "Maya", "Felix", "Aisha", "Bruno")
ITEMS = ("apples", "marbles", "stickers", "books", "pencils", "cupcakes", "seashells", "cards",
         "oranges", "stamps", "bottles", "candles", "notebooks", "balloons", "cookies", "tiles")
GOODS = (("notebook", 3), ("sandwich", 6), ("backpack", 24), ("lamp", 18), ("scarf", 12),
         ("board game", 15), ("plant", 9), ("mug", 5), ("jacket", 40), ("helmet", 30))
T = TypeVar("T")

PLACES = ("the library", "the market", "school", "the bakery", "the park", "the garden shop")


class Unclean(Exception):
    """Raised while building a problem when a value is not a clean decimal; we resample."""


def fmt(value: Fraction) -> str:
    """Exact decimal text for a value whose denominator divides 100, else Unclean."""
    if value < 0:
        raise Unclean
    if value.denominator == 1:
        return str(value.numerator)
    if 100 % value.denominator:
        raise Unclean
    cents = value * 100
    return f"{cents.numerator // 100}.{cents.numerator % 100:02d}".rstrip("0")


@dataclass
class Problem:
    """A problem under construction: question text, trace lines, final answer."""

    rng: random.Random
    question: str = ""
    lines: list[str] = field(default_factory=list)
    answer: Fraction | None = None

    def step(self, text: str, expr: str, value: Fraction, unit: str = "") -> Fraction:
        """Add a trace line ``text expr = <<expr=value>>value unit``; returns value."""
        shown = fmt(value)
        self.lines.append(f"{text} {expr} = <<{expr}={shown}>>{shown}{unit}".strip())
        return value

    def pick(self, seq: Sequence[T]) -> T:
        return self.rng.choice(seq)

    def final(self) -> str:
        """The answer as the trace's last line writes it (Unclean if it is not a clean
        decimal; ValueError if the builder set none)."""
        if self.answer is None:
            raise ValueError("the problem has no answer")
        return fmt(self.answer)

    def ask(self, *phrasings: str) -> str:
        return self.rng.choice(phrasings)


def _n(value: Fraction | int) -> str:
    return fmt(Fraction(value))


# -- skills ----------------------------------------------------------------------------------
def percentages(p: Problem, level: str) -> None:
    name, items = p.pick(NAMES), p.pick(ITEMS)
    if level == "easy":
        pct = p.pick((10, 20, 25, 50, 75))
        n = p.rng.randrange(20, 400, 20)
        p.question = (f"{name} has {n} {items}. {pct}% of them are red. "
                      + p.ask(f"How many of the {items} are red?",
                              f"How many red {items} does {name} have?"))
        p.answer = p.step("Red:", f"{n}*{pct}/100", Fraction(n * pct, 100))
    elif level == "medium":
        good, base = p.pick(GOODS)
        price = base * p.rng.randint(2, 9)
        pct = p.pick((10, 15, 20, 25, 30, 40))
        p.question = (f"A {good} costs ${price}. It is on sale for {pct}% off. "
                      + p.ask("What is the sale price in dollars?",
                              f"How much does {name} pay for the {good} on sale?"))
        off = p.step("The discount is", f"{price}*{pct}/100", Fraction(price * pct, 100))
        p.answer = p.step("The sale price is", f"{price}-{_n(off)}", price - off)
    else:
        start = p.rng.randrange(200, 5000, 100)
        up, down = p.pick((10, 20, 25, 50)), p.pick((10, 20, 40, 50))
        p.question = (f"{name} invests ${start}. The investment grows by {up}% in the first year "
                      f"and then falls by {down}% in the second year. "
                      + p.ask("How much is it worth after two years, in dollars?",
                              "What is the value of the investment at the end of year two?"))
        gain = p.step("First-year gain:", f"{start}*{up}/100", Fraction(start * up, 100))
        mid = p.step("Value after one year:", f"{start}+{_n(gain)}", start + gain)
        loss = p.step("Second-year loss:", f"{_n(mid)}*{down}/100", mid * down / 100)
        p.answer = p.step("Final value:", f"{_n(mid)}-{_n(loss)}", mid - loss)


def rates(p: Problem, level: str) -> None:
    name = p.pick(NAMES)
    if level == "easy":
        r, t = p.rng.randint(8, 60), p.rng.randint(2, 9)
        p.question = (f"{name} reads {r} pages per hour. "
                      + p.ask(f"How many pages does {name} read in {t} hours?",
                              f"If {name} reads for {t} hours, how many pages is that?"))
        p.answer = p.step("Pages read:", f"{r}*{t}", Fraction(r * t))
    elif level == "medium":
        t, speed, t2 = p.rng.randint(2, 6), p.rng.randrange(30, 110, 5), p.rng.randint(3, 9)
        d = speed * t
        p.question = (f"A train travels {d} km in {t} hours. "
                      + p.ask(f"At the same speed, how far does it travel in {t2} hours?",
                              f"Keeping that speed, how many km does it cover in {t2} hours?"))
        v = p.step("Speed:", f"{d}/{t}", Fraction(d, t), " km per hour")
        p.answer = p.step("Distance:", f"{_n(v)}*{t2}", v * t2)
    else:
        x, y = p.rng.randint(5, 40), p.rng.randint(5, 40)
        k = p.rng.randint(2, 12)
        total = (x + y) * k
        p.question = (f"One machine makes {x} toys per hour and a second machine makes {y} toys "
                      f"per hour. Working together, "
                      + p.ask(f"how many hours do they need to make {total} toys?",
                              f"how long, in hours, does it take them to make {total} toys?"))
        both = p.step("Together they make", f"{x}+{y}", Fraction(x + y), " toys per hour")
        p.answer = p.step("Hours needed:", f"{total}/{_n(both)}", total / both)


def ratios(p: Problem, level: str) -> None:
    name, other = p.rng.sample(NAMES, 2)
    a, b = p.rng.sample(ITEMS, 2)
    if level == "easy":
        q1, q2, k = p.rng.randint(1, 7), p.rng.randint(1, 7), p.rng.randint(2, 15)
        p.question = (f"In a box, the ratio of {a} to {b} is {q1}:{q2}. There are {q1 * k} {a}. "
                      + p.ask(f"How many {b} are there?", f"Find the number of {b} in the box."))
        unit = p.step("One part is", f"{q1 * k}/{q1}", Fraction(k))
        p.answer = p.step(f"The {b} are", f"{_n(unit)}*{q2}", unit * q2)
    elif level == "medium":
        q1, q2, k = p.rng.randint(1, 9), p.rng.randint(1, 9), p.rng.randint(5, 60)
        total = (q1 + q2) * k
        p.question = (f"{name} and {other} share ${total} in the ratio {q1}:{q2}. "
                      + p.ask(f"How much money does {other} get?",
                              f"What is {other}'s share in dollars?"))
        parts = p.step("Total parts:", f"{q1}+{q2}", Fraction(q1 + q2))
        each = p.step("Each part is worth", f"{total}/{_n(parts)}", total / parts)
        p.answer = p.step(f"{other} gets", f"{_n(each)}*{q2}", each * q2)
    else:
        q = [p.rng.randint(1, 9) for _ in range(3)]
        if q[2] <= q[0]:
            q[0], q[2] = q[2], q[0] + q[2]
        k = p.rng.randint(3, 30)
        total = sum(q) * k
        c = p.pick(ITEMS)
        p.question = (f"A shop has {a}, {b} and {c} in the ratio {q[0]}:{q[1]}:{q[2]}, "
                      f"{total} items in all. "
                      + p.ask(f"How many more {c} than {a} are there?",
                              f"By how many do the {c} outnumber the {a}?"))
        parts = p.step("Total parts:", f"{q[0]}+{q[1]}+{q[2]}", Fraction(sum(q)))
        unit = p.step("One part is", f"{total}/{_n(parts)}", total / parts)
        more = p.step(f"The {c} have", f"{q[2]}-{q[0]}", Fraction(q[2] - q[0]), " more parts")
        p.answer = p.step("Difference:", f"{_n(more)}*{_n(unit)}", more * unit)


def fractions(p: Problem, level: str) -> None:
    name, items = p.pick(NAMES), p.pick(ITEMS)
    if level == "easy":
        den = p.rng.randint(2, 8)
        num = p.rng.randint(1, den - 1)
        n = den * p.rng.randint(2, 20)
        p.question = (f"{name} has {n} {items} and gives away {num}/{den} of them. "
                      + p.ask(f"How many {items} does {name} give away?",
                              f"How many {items} are given away?"))
        p.answer = p.step("Given away:", f"{n}*{num}/{den}", Fraction(n * num, den))
    elif level == "medium":
        d1, d2 = p.rng.randint(2, 6), p.rng.randint(2, 6)
        n1, n2 = p.rng.randint(1, d1 - 1), p.rng.randint(1, d2 - 1)
        n = d1 * d2 * p.rng.randint(2, 10)
        p.question = (f"{name} baked {n} cookies, sold {n1}/{d1} of them in the morning and "
                      f"{n2}/{d2} of the remaining cookies in the afternoon. "
                      + p.ask("How many cookies are left?", "How many cookies were not sold?"))
        sold1 = p.step("Morning sales:", f"{n}*{n1}/{d1}", Fraction(n * n1, d1))
        rest = p.step("Remaining:", f"{n}-{_n(sold1)}", n - sold1)
        sold2 = p.step("Afternoon sales:", f"{_n(rest)}*{n2}/{d2}", rest * n2 / d2)
        p.answer = p.step("Left:", f"{_n(rest)}-{_n(sold2)}", rest - sold2)
    else:
        a, b = sorted(p.rng.sample([Fraction(1, 4), Fraction(1, 3), Fraction(1, 2),
                                    Fraction(2, 3), Fraction(3, 4), Fraction(1, 5),
                                    Fraction(2, 5), Fraction(3, 5), Fraction(4, 5)], 2))
        cap = (b - a).denominator * p.rng.randint(2, 30)
        x = cap * (b - a)
        fa, fb = f"{a.numerator}/{a.denominator}", f"{b.numerator}/{b.denominator}"
        p.question = (f"A water tank is {fa} full. After {name} adds {_n(x)} liters, it is "
                      f"{fb} full. "
                      + p.ask("What is the capacity of the tank in liters?",
                              "How many liters does the full tank hold?"))
        if 100 % (b - a).denominator == 0:
            diff = p.step("The added water fills", f"{fb}-{fa}", b - a, " of the tank")
            p.answer = p.step("Capacity:", f"{_n(x)}/{_n(diff)}", x / diff)
        else:
            p.answer = p.step("Capacity:", f"{_n(x)}/({fb}-{fa})", x / (b - a))


def unit_conversion(p: Problem, level: str) -> None:
    name = p.pick(NAMES)
    if level == "easy":
        unit, small, factor = p.pick((("meters", "centimeters", 100), ("kilograms", "grams", 1000),
                                      ("hours", "minutes", 60), ("liters", "milliliters", 1000)))
        x = p.rng.randint(2, 90)
        p.question = p.ask(f"How many {small} are in {x} {unit}?",
                           f"Convert {x} {unit} to {small}.")
        p.answer = p.step(f"{x} {unit} is", f"{x}*{factor}", Fraction(x * factor), f" {small}")
    elif level == "medium":
        km = p.pick((Fraction(2), Fraction(3), Fraction(4), Fraction(5), Fraction(5, 2),
                     Fraction(3, 2)))
        days = p.rng.randint(3, 14)
        p.question = (f"{name} runs {_n(km)} km every day for {days} days. "
                      + p.ask(f"How many meters does {name} run in total?",
                              "What total distance is that in meters?"))
        total = p.step("Total km:", f"{_n(km)}*{days}", km * days)
        p.answer = p.step("In meters:", f"{_n(total)}*1000", total * 1000)
    else:
        liters = p.rng.randint(2, 12)
        cup = p.pick((125, 200, 250, 500))
        if liters * 1000 % cup:
            raise Unclean
        p.question = (f"{name} pours {liters} liters of juice into cups that hold {cup} "
                      f"milliliters each. "
                      + p.ask("How many cups can be filled?", "How many full cups is that?"))
        ml = p.step("Juice in milliliters:", f"{liters}*1000", Fraction(liters * 1000))
        p.answer = p.step("Cups:", f"{_n(ml)}/{cup}", ml / cup)


def time_(p: Problem, level: str) -> None:
    name = p.pick(NAMES)
    if level == "easy":
        start, end = p.rng.randint(6, 11), p.rng.randint(1, 7)
        p.question = (f"{name} works from {start} AM to {end} PM. "
                      + p.ask("How many hours does that take?",
                              f"How many hours does {name} work?"))
        morning = p.step("Hours before noon:", f"12-{start}", Fraction(12 - start))
        p.answer = p.step("Total hours:", f"{_n(morning)}+{end}", morning + end)
    elif level == "medium":
        minutes, days = p.pick((15, 20, 30, 45, 40, 90)), p.rng.randint(2, 7)
        if minutes * days % 15:
            raise Unclean
        p.question = (f"{name} practices piano for {minutes} minutes a day, {days} days a week. "
                      + p.ask(f"How many hours does {name} practice each week?",
                              "What is the weekly practice time in hours?"))
        total = p.step("Minutes per week:", f"{minutes}*{days}", Fraction(minutes * days))
        p.answer = p.step("Hours per week:", f"{_n(total)}/60", total / 60)
    else:
        a, b, weeks = p.pick((20, 30, 45)), p.pick((15, 30, 60)), p.rng.randint(2, 8)
        p.question = (f"Each weekday {name} spends {a} minutes walking to {p.pick(PLACES)}, and "
                      f"on each weekend day {b} minutes. "
                      + p.ask(f"How many hours does {name} spend walking in {weeks} weeks?",
                              f"In {weeks} weeks, how many hours of walking is that?"))
        wk = p.step("Weekday minutes per week:", f"{a}*5", Fraction(a * 5))
        we = p.step("Weekend minutes per week:", f"{b}*2", Fraction(b * 2))
        per = p.step("Minutes per week:", f"{_n(wk)}+{_n(we)}", wk + we)
        total = p.step(f"Minutes in {weeks} weeks:", f"{_n(per)}*{weeks}", per * weeks)
        p.answer = p.step("Hours:", f"{_n(total)}/60", total / 60)


def money(p: Problem, level: str) -> None:
    name = p.pick(NAMES)
    if level == "easy":
        (good, base), n = p.pick(GOODS), p.rng.randint(2, 12)
        price = base + p.pick((Fraction(0), Fraction(1, 2), Fraction(1, 4)))
        p.question = (f"{name} buys {n} items at {p.pick(PLACES)}; each {good} costs "
                      f"${_n(price)}. "
                      + p.ask(f"How much does {name} spend?", "What is the total cost in dollars?"))
        p.answer = p.step("Total cost:", f"{n}*{_n(price)}", n * price)
    elif level == "medium":
        (g1, p1), (g2, p2) = p.rng.sample(GOODS, 2)
        n1, n2 = p.rng.randint(1, 5), p.rng.randint(1, 5)
        cost = n1 * p1 + n2 * p2
        paid = (cost // 50 + 1) * 50
        p.question = (f"{name} buys {n1} of the ${p1} {g1}s and {n2} of the ${p2} {g2}s and pays "
                      f"with ${paid}. "
                      + p.ask(f"How much change does {name} get?",
                              f"How much change should {name} receive?"))
        c1 = p.step(f"The {g1}s cost", f"{n1}*{p1}", Fraction(n1 * p1))
        c2 = p.step(f"The {g2}s cost", f"{n2}*{p2}", Fraction(n2 * p2))
        total = p.step("Total:", f"{_n(c1)}+{_n(c2)}", c1 + c2)
        p.answer = p.step("Change:", f"{paid}-{_n(total)}", paid - total)
    else:
        wage, h, sat = p.rng.randint(10, 30), p.rng.randint(4, 8), p.rng.randint(2, 6)
        p.question = (f"{name} earns ${wage} an hour, works {h} hours on each of the 5 "
                      f"weekdays and {sat} hours on Saturday, when the pay is 1.5 times the "
                      "hourly wage. "
                      + p.ask(f"How much does {name} earn in a week?",
                              f"What are {name}'s weekly earnings in dollars?"))
        wk = p.step("Weekday hours:", f"{h}*5", Fraction(h * 5))
        weekday = p.step("Weekday pay:", f"{_n(wk)}*{wage}", wk * wage)
        rate = p.step("Saturday rate:", f"{wage}*1.5", Fraction(wage) * Fraction(3, 2))
        satpay = p.step("Saturday pay:", f"{_n(rate)}*{sat}", rate * sat)
        p.answer = p.step("Weekly earnings:", f"{_n(weekday)}+{_n(satpay)}", weekday + satpay)


def multi_step(p: Problem, level: str) -> None:
    name, other = p.rng.sample(NAMES, 2)
    items = p.pick(ITEMS)
    if level == "easy":
        a, b = p.rng.randint(10, 90), p.rng.randint(5, 60)
        c = p.rng.randint(1, a + b - 1)
        p.question = (f"{name} had {a} {items}. {other} gave {name} {b} more, and then {name} "
                      f"gave {c} to a friend. "
                      + p.ask(f"How many {items} does {name} have now?",
                              f"How many {items} are left?"))
        got = p.step("After the gift:", f"{a}+{b}", Fraction(a + b))
        p.answer = p.step("Now:", f"{_n(got)}-{c}", got - c)
    elif level == "medium":
        boxes, per = p.rng.randint(3, 20), p.rng.randint(6, 24)
        sold = p.rng.randint(1, boxes * per - 1)
        p.question = (f"A store receives {boxes} boxes with {per} {items} in each box and sells "
                      f"{sold} {items}. "
                      + p.ask(f"How many {items} remain?", "How many are still in stock?"))
        total = p.step("Received:", f"{boxes}*{per}", Fraction(boxes * per))
        p.answer = p.step("Remaining:", f"{_n(total)}-{sold}", total - sold)
    else:
        boxes, per = p.rng.randint(3, 15), p.rng.randint(6, 24)
        box_cost = p.rng.randint(10, 60)
        price = p.pick((Fraction(2), Fraction(3), Fraction(4), Fraction(5, 2), Fraction(3, 2)))
        p.question = (f"{name} buys {boxes} boxes of {items} for ${box_cost} per box. Each box "
                      f"holds {per} {items}, and {name} sells every one for ${_n(price)}. "
                      + p.ask("What is the profit in dollars?", f"How much profit does {name} "
                              "make?"))
        cost = p.step("Cost:", f"{boxes}*{box_cost}", Fraction(boxes * box_cost))
        count = p.step("Items:", f"{boxes}*{per}", Fraction(boxes * per))
        revenue = p.step("Revenue:", f"{_n(count)}*{_n(price)}", count * price)
        p.answer = p.step("Profit:", f"{_n(revenue)}-{_n(cost)}", revenue - cost)


BUILDERS: dict[str, Callable[[Problem, str], None]] = {
    "percentages": percentages, "rates": rates, "ratios": ratios, "fractions": fractions,
    "unit_conversion": unit_conversion, "time": time_, "money": money, "multi_step": multi_step,
}


def make_problem(skill: str, difficulty: str, seed: int, max_tries: int = 200) -> Problem:
    """Build one problem, resampling until every number is a clean decimal."""
    rng = random.Random(seed)
    for _ in range(max_tries):
        p = Problem(rng=rng)
        try:
            BUILDERS[skill](p, difficulty)
            p.final()
        except (Unclean, ValueError, ZeroDivisionError):
            continue
        return p
    raise RuntimeError(f"no clean {skill}/{difficulty} problem in {max_tries} tries")


class MathParams(StageParams):
    """Math word problems; skills and difficulty come from the plan slot's attributes
    (``skill``, ``difficulty``), falling back to a seeded choice when the plan omits them."""

    style: Literal["gsm8k"] = "gsm8k"


@register
class MathWordProblems(GenerateStage[MathParams]):
    """Grade-school math word problems with exact step-by-step traces (no model)."""

    name = "generate.math_word_problems"
    batch_size = 512
    output_fields = ("question", "trace", "answer")

    def check_spec(self, spec: Spec) -> list[tuple[str, str]]:
        """Skills and difficulties the simulator does not know (a typo in the taxonomy)."""
        target = spec.target
        if target is None:
            return []
        problems = []
        unknown = [s.skill for s in target.taxonomy if s.skill not in BUILDERS]
        if unknown:
            problems.append(("", f"the taxonomy names skills the math simulator does not have: "
                             f"{', '.join(unknown)}; it has {', '.join(SKILLS)}"))
        levels = target.attributes.get("difficulty", [])
        bad = [str(v) for v in levels if v not in DIFFICULTIES]
        if bad:
            problems.append(("", f"target.attributes.difficulty has {', '.join(bad)}; the math "
                             f"simulator has {', '.join(DIFFICULTIES)}"))
        return problems

    def describe(self) -> dict[str, object]:
        return {"simulator": "math_word_problems", "version": 1, **super().describe()}

    async def generate(self, slots: list[Slot], ctx: StageContext) -> list[Record]:
        producer = self.describe()
        out = []
        for slot in slots:
            rng = random.Random(slot.seed)
            skill = str(slot.attributes.get("skill") or rng.choice(SKILLS))
            level = str(slot.attributes.get("difficulty") or rng.choice(DIFFICULTIES))
            rec = Record(
                id=make_id(ctx.spec_hash, ctx.stage, slot.index),
                data={},
                attributes=dict(slot.attributes),
                lineage=Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=self.name,
                                seed=slot.seed, producer=producer),
                slot=slot.index,
            )
            if skill not in BUILDERS or level not in DIFFICULTIES:
                rec.data = {"skill": skill, "difficulty": level}
                self.apply(rec, Fail(f"unknown skill {skill!r} or difficulty {level!r}; skills: "
                                     f"{', '.join(SKILLS)}; difficulties: "
                                     f"{', '.join(DIFFICULTIES)}"))
            else:
                p = make_problem(skill, level, slot.seed)
                answer = p.final()
                rec.data = {"question": p.question,
                            "trace": "\n".join([*p.lines, f"#### {answer}"]),
                            "answer": answer}
            out.append(rec)
        return out
