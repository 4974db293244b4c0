"""``validate.answer_check``: re-derive a reasoning trace's arithmetic and final answer.

A trace's steps are GSM8K's calculator annotations ``<<expr=value>>`` and the equations written
out in its text ("7 x 12 = 84", "$9 \\times 6 = 54$", "12 \u00d7 4 = **48**"): a model's trace
rarely carries annotations, and a wrong product written out is as wrong as an annotated one. Its
final answer is GSM8K's ``#### answer`` line, a ``\\boxed{answer}`` or a closing "The answer is
...", else the trace's closing sentence where it states one number and no equation ("So the
baking takes three hours."); numbers in words count, in the answer field too ("fifty-seven").
A record passes when every step holds, the final answer equals the last computed value (a
sentence opening "Check" or "Verify" is checked, but reaches no answer), and the record's
``answer`` field (if any) equals the final answer (or writes the last computed value as a
share "3/8" of a whole the problem states, or as the percentage the trace names it); a step
in a bracketed aside beside another step is checked but computes nothing; a trace that states two
different final answers ("The answer is 300." then "#### 250") fails, and so does a unit's or a
magnitude's size stated wrongly in prose ("an hour is 100 minutes", "1.2 thousand is 120":
``wrong_conversion``, :mod:`synthloop.checks.conversions`), and a Markdown table's row whose
count times price is not its subtotal (``wrong_step``, :mod:`synthloop.checks.table_rows`).
Each failure has its own check code and a reason with the numbers.

Where the record has its ``question``, the final answer must also answer it
(:mod:`synthloop.checks.asked`): in the unit asked (``wrong_unit``: 180 minutes for "how many
hours", $4.50 for "in cents", 0.25 for "what percent"), and, for a question asking what is left,
how many more, or an average, with a step that subtracts or divides (``wrong_quantity``: the
total given away, the bigger count, the sum). Each step's whole-number operands must come from
somewhere (:mod:`synthloop.checks.provenance`, ``unsourced_number``): the question, the trace's
prose, an earlier step or a known fact, so a number misread from the problem or a value carried
in that no step computed fails though every step holds; and a question comparing two things
("how many more A than B") or asking about everyone named ("together") needs a number of
each, a rate "per 100 km" is not read as per one km, and the adults' count is not priced at
the children's rate, nor "24, which is twice as many as Noor's" read as Noor's 48, nor a count
of bags added to a count of the apples they hold, nor red and blue umbrellas summed where
the blue alone are asked, nor the boys' number left out where "children" are asked of "5 of
the girls and 4 of the boys" (:mod:`synthloop.checks.kinds`), nor a second change by a
percentage taken of the value the first already changed (:mod:`synthloop.checks.changes`), nor
a growth "doubles every hour" as a product of the periods, a mean divided by one of its values,
the gaps between posts counted as the posts, pairs counted from both sides
(:mod:`synthloop.checks.pairs`), or a time as the speed over the distance
(:mod:`synthloop.checks.travel`) (``answer_mismatch``).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from synthloop.checks.arithmetic import (
    ANNOTATION,
    FINAL,
    english_numbers,
    evaluate,
    final_answers,
    parse_number,
    written_steps,
)
from synthloop.checks.asked import (
    gaps_for_posts,
    mean_divisor,
    missing_operation,
    wrong_unit,
)
from synthloop.checks.changes import stale_base
from synthloop.checks.conversions import wrong_size
from synthloop.checks.evidence import spelled_as_digits
from synthloop.checks.kinds import mixed_sum, sibling_left_out, sibling_sum
from synthloop.checks.numbers import values
from synthloop.checks.pairs import pairs_twice
from synthloop.checks.provenance import unsourced
from synthloop.checks.table_rows import wrong_row
from synthloop.checks.travel import speed_over_distance
from synthloop.checks.roles import (
    crossed_pair,
    linear_growth,
    reversed_relation,
    unread_rate,
    unused_compared,
)
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import FilterStage, Outcome, Pass, Reject, StageParams

# Steps are read a sentence at a time, annotated ones then written ones, so a written step
# before an annotated one in the next sentence is not taken as the last computed value.
_SENTENCE = re.compile(r"\n|(?<=[.!?])\s+(?=[A-Z])")
# A check of the answer after it ("Check: 5 * 3 = 15 miles, the distance"): its steps must
# hold, but the value it reaches is not the answer.
_CHECKING = re.compile(r"^\W*(?:check(?:ing)?|verif(?:y|ied|ication)|sanity check)\b",
                       re.IGNORECASE)
_ASIDE = re.compile(r"\(([^()]*=[^()]*)\)")
_MINUS = re.compile(r"\b(?:minus|negative)\s+(?=\d)", re.IGNORECASE)  # "minus 6 degrees"
_SHARE = re.compile(r"(\d+)\s*/\s*(\d+)")  # "3/8": a share, numerator over the whole
_CLOSING_NUMBER = re.compile(r"\$?-?\d[\d,]*(?:\.\d+)?%?")


class AnswerCheckParams(StageParams):
    """``trace_field`` holds the worked solution, ``answer_field`` the stated answer,
    ``question_field`` the problem it solves (read for the unit and quantity asked).
    ``require_steps`` rejects traces with no step to verify."""

    trace_field: str = "trace"
    answer_field: str | None = "answer"
    question_field: str | None = "question"
    require_steps: bool = True


@register
class AnswerCheck(FilterStage[AnswerCheckParams]):
    """Re-derives a trace's steps (annotated or written out) and final answer; rejects a
    record whose arithmetic or answer does not hold, with the numbers."""

    name = "validate.answer_check"
    cpu_bound = True
    batch_size = 1024

    def check(self, record: Record) -> Outcome:
        p = self.params
        trace = record.data.get(p.trace_field)
        if not isinstance(trace, str) or not trace.strip():
            return Reject("no_trace", f"no {p.trace_field!r} text to check")
        # the answer field is read as the trace is: "12,50 \u20ac" beside a French trace is 12.50
        continental, trace = english_numbers(trace) != trace, english_numbers(trace)
        last, n = None, 0
        steps: list[tuple[str, Fraction]] = []  # each step's arithmetic and value, in order
        for line in _SENTENCE.split(FINAL.sub("", trace)):
            annotated = set()
            checking = _CHECKING.match(line) is not None
            for match in ANNOTATION.finditer(line):
                n += 1
                expr, stated = match.group(1), match.group(2)
                try:
                    value, claimed = evaluate(expr), parse_number(stated)
                except ValueError as exc:
                    return Reject("bad_step",
                                  f"step {n}: cannot evaluate <<{expr}={stated}>>: {exc}")
                if value != claimed:
                    return Reject("wrong_step", f"step {n}: {expr} evaluates to "
                                  f"{_show(value)}, trace says {stated}")
                last = last if checking else value
                annotated.add(value)
                steps.append((expr, value))
            main, asides = _asides(ANNOTATION.sub("", line))
            for text, aside in ((main, False), *((a, True) for a in asides)):
                for step in written_steps(text):
                    if step.holds and step.value in annotated:
                        continue  # "3*4 = <<3*4=12>>12" written out beside its annotation
                    n += 1
                    steps.append((step.text.split(" = ")[0], step.stated))
                    if not step.holds and step.remainder is not None:
                        divisor, remainder = step.remainder
                        quotient, left = divmod(int(step.value * divisor), divisor)
                        return Reject("wrong_step", f"step {n}: {step.text} does not hold: "
                                      f"it is {quotient} remainder {left}")
                    if not step.holds:
                        return Reject("wrong_step", f"step {n}: {step.text.split(' = ')[0]} "
                                      f"evaluates to {_show(step.value)}, trace says "
                                      f"{_show(step.stated)}")
                    last = last if checking or aside else step.stated
        if (row := wrong_row(trace)) is not None:
            return Reject("wrong_step", row)
        question = record.data.get(p.question_field) if p.question_field else None
        if (size := wrong_size(FINAL.sub("", trace), question if isinstance(question, str)
                               else "")) is not None:
            return Reject("wrong_conversion", size)
        if last is None and p.require_steps:
            return Reject("no_steps", "no arithmetic steps to verify (<<expr=value>> or a "
                          "written a + b = c)")
        finals = final_answers(trace) or _closing(trace)
        if not finals:
            return Reject("no_final", "no final answer ('#### 17', '\\boxed{17}' or 'The "
                          "answer is 17')")
        try:
            final = parse_number(spelled_as_digits(finals[-1]))
            stated_finals = {parse_number(spelled_as_digits(f)) for f in finals}
        except ValueError as exc:
            return Reject("no_final", f"final answer: {exc}")
        if len(stated_finals) > 1:
            return Reject("final_mismatch", "the trace gives more than one final answer: "
                          + ", ".join(dict.fromkeys(finals)))
        if last is not None and final != last and not _restated(
                finals[-1], final, last, trace, record.data.get(p.question_field or "")):
            return Reject("final_mismatch", f"final answer {finals[-1]} differs from the last "
                          f"computed value {_show(last)}")
        if p.answer_field and p.answer_field in record.data:
            answer = str(record.data[p.answer_field])
            try:
                stated = parse_number(spelled_as_digits(english_numbers(answer) if continental
                                                        else answer))
            except ValueError as exc:
                return Reject("answer_mismatch", f"answer field: {exc}")
            if stated != final:
                return Reject("answer_mismatch", f"answer field {record.data[p.answer_field]} "
                              f"differs from the trace's final answer {finals[-1]}")
        if isinstance(question, str):
            unit = wrong_unit(question, ANNOTATION.sub("", FINAL.sub("", trace)), finals[-1])
            if unit is not None:
                return Reject("wrong_unit", unit)
            operation = missing_operation(question, [expr for expr, _ in steps])
            if operation is not None:
                return Reject("wrong_quantity", operation)
            if (alien := unsourced(question, FINAL.sub("", trace), steps)) is not None:
                return Reject("unsourced_number", alien)
            if (other := unused_compared(question, steps) or unread_rate(question, steps)
                    or mixed_sum(question, steps) or sibling_sum(question, steps)
                    or sibling_left_out(question, steps) or linear_growth(question, steps)
                    or mean_divisor(question, steps) or gaps_for_posts(question, steps)
                    or stale_base(question, steps) or pairs_twice(question, steps)
                    or speed_over_distance(question, steps)
                    or crossed_pair(question, steps) or reversed_relation(question, steps)):
                return Reject("answer_mismatch", other)
        return Pass()


def _closing(trace: str) -> list[str]:
    """The number a trace's closing sentence states, where it states one and no equation."""
    sentence = _MINUS.sub("-", spelled_as_digits(_SENTENCE.split(trace.strip())[-1]))
    found = _CLOSING_NUMBER.findall(sentence)
    return found if len(found) == 1 and "=" not in sentence else []


def _restated(final: str, value: Fraction, last: Fraction, trace: str, question: object,
              ) -> bool:
    """A final answer (``final`` as written, ``value`` as read) that writes the last computed
    value another way, which is no new arithmetic to verify: as a share of a whole the problem
    states ("8 - 5 = 3 slices left ... #### 3/8" for "what fraction is left": the value over a
    number of the question or trace), or as the percentage the trace names it ("8 / 50 = 0.16,
    that is 16 per cent ... #### 16"), or as the whole number a share is rounded up to where
    the trace says so in words ("130 / 40 = 3.25, so ... 4 buses are needed ... #### 4": a
    count of buses or boxes is whole)."""
    if last.denominator != 1 and value == math.ceil(last):
        prose = FINAL.sub("", trace)
        at = prose.find(_show(last))  # the words after the value that is rounded up
        if at >= 0 and re.search(rf"(?<![\d.,]){re.escape(_show(value))}(?![\d.,]\d)",
                                 prose[at:]):
            return True
    if (share := _SHARE.fullmatch(final.strip())) is not None:
        whole = float(parse_number(share.group(2)))
        return parse_number(share.group(1)) == last and any(
            whole in values(text.replace(final, " ")) for text in (trace, question)
            if isinstance(text, str))  # the share itself states no whole
    percent = re.compile(rf"(?<![\d.]){re.escape(_show(value))}\s*(?:%|per ?cent)",
                         re.IGNORECASE)
    return value == last * 100 and percent.search(trace) is not None


def _asides(line: str) -> tuple[str, list[str]]:
    """``line`` without its bracketed asides that hold an equation, and those asides, where a
    step is left outside them ("2 x 25 = 50 rows (the corn's 3 x 40 = 120 rows do not
    count)": checked, but the aside's value is not what the line computes); else ``line``."""
    asides = [m.group(1) for m in _ASIDE.finditer(line)]
    main = _ASIDE.sub(" ", line)
    return (main, asides) if asides and written_steps(main) else (line, [])


def _show(value: object) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):g}"
    return str(value)
