"""``validate.answer_check``: re-derive a reasoning trace's arithmetic and final answer.

The trace is GSM8K-style: steps carry calculator annotations ``<<expr=value>>`` and the last
line is ``#### answer``. A record passes when every annotation evaluates to its stated value,
the final answer equals the last computed value (the last annotation's, or that of an equation
written out without one on the line before ``####``, which must then hold too), and the
record's ``answer`` field (if any) equals the final answer. Each failure has its own check code
and a reason with the numbers.
"""

from __future__ import annotations

from fractions import Fraction

from synthloop.checks.arithmetic import ANNOTATION, FINAL, evaluate, parse_number, written_step
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import FilterStage, Outcome, Pass, Reject, StageParams


class AnswerCheckParams(StageParams):
    """``trace_field`` holds the worked solution, ``answer_field`` the stated answer.
    ``require_steps`` rejects traces with no annotation to verify."""

    trace_field: str = "trace"
    answer_field: str | None = "answer"
    require_steps: bool = True


@register
class AnswerCheck(FilterStage[AnswerCheckParams]):
    """Re-derives a GSM8K-style trace's <<calculator>> steps and final answer; rejects a
    record whose arithmetic or answer does not hold, with the numbers."""

    name = "validate.answer_check"
    cpu_bound = True
    batch_size = 1024

    def check(self, record: Record) -> Outcome:
        p = self.params
        trace = record.data.get(p.trace_field)
        if not isinstance(trace, str) or not trace.strip():
            return Reject("no_trace", f"no {p.trace_field!r} text to check")
        last = None
        for i, match in enumerate(ANNOTATION.finditer(trace), start=1):
            expr, stated = match.group(1), match.group(2)
            try:
                value, claimed = evaluate(expr), parse_number(stated)
            except ValueError as exc:
                return Reject("bad_step",
                              f"step {i}: cannot evaluate <<{expr}={stated}>>: {exc}")
            if value != claimed:
                return Reject("wrong_step", f"step {i}: {expr} evaluates to {_show(value)}, "
                              f"trace says {stated}")
            last = value
        if last is None and p.require_steps:
            return Reject("no_steps", "no <<expr=value>> steps to verify")
        finals = FINAL.findall(trace)
        if not finals:
            return Reject("no_final", "no final '#### <answer>' line")
        try:
            final = parse_number(finals[-1])
        except ValueError as exc:
            return Reject("no_final", f"final answer: {exc}")
        if last is not None and final != last and final != _written_last(trace):
            return Reject("final_mismatch", f"final answer {finals[-1]} differs from the last "
                          f"computed value {_show(last)}")
        if p.answer_field and p.answer_field in record.data:
            try:
                stated = parse_number(str(record.data[p.answer_field]))
            except ValueError as exc:
                return Reject("answer_mismatch", f"answer field: {exc}")
            if stated != final:
                return Reject("answer_mismatch", f"answer field {record.data[p.answer_field]} "
                              f"differs from the trace's final answer {finals[-1]}")
        return Pass()


def _written_last(trace: str) -> Fraction | None:
    """The value of an equation written out on the last line before ``####``, when it holds."""
    lines = [line for line in FINAL.sub("", trace).splitlines() if line.strip()]
    step = written_step(lines[-1]) if lines else None
    return step[0] if step is not None and step[0] == step[1] else None


def _show(value: object) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):g}"
    return str(value)
