"""``validate.answer_check``: re-derive a reasoning trace's arithmetic and final answer.

The trace is GSM8K-style: steps carry calculator annotations ``<<expr=value>>`` and the last
line is ``#### answer``. A record passes when every annotation evaluates to its stated value,
the final answer equals the last computed value, and the record's ``answer`` field (if any)
equals the final answer. Each failure has its own check code and a reason with the numbers.
"""

from __future__ import annotations

import re

from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import FilterStage, StageParams
from synthloop.validate.arithmetic import evaluate, parse_number

ANNOTATION = re.compile(r"<<([^<>=]+)=([^<>]+)>>")
FINAL = re.compile(r"^####\s*(.+?)\s*$", re.MULTILINE)


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

    def check(self, record: Record) -> bool | tuple[object, ...]:
        p = self.params
        trace = record.data.get(p.trace_field)
        if not isinstance(trace, str) or not trace.strip():
            return False, f"no {p.trace_field!r} text to check", "no_trace"
        last = None
        for i, match in enumerate(ANNOTATION.finditer(trace), start=1):
            expr, stated = match.group(1), match.group(2)
            try:
                value, claimed = evaluate(expr), parse_number(stated)
            except ValueError as exc:
                return False, f"step {i}: cannot evaluate <<{expr}={stated}>>: {exc}", "bad_step"
            if value != claimed:
                return (False, f"step {i}: {expr} evaluates to {_show(value)}, trace says "
                        f"{stated}", "wrong_step")
            last = value
        if last is None and p.require_steps:
            return False, "no <<expr=value>> steps to verify", "no_steps"
        finals = FINAL.findall(trace)
        if not finals:
            return False, "no final '#### <answer>' line", "no_final"
        try:
            final = parse_number(finals[-1])
        except ValueError as exc:
            return False, f"final answer: {exc}", "no_final"
        if last is not None and final != last:
            return (False, f"final answer {finals[-1]} differs from the last computed value "
                    f"{_show(last)}", "final_mismatch")
        if p.answer_field and p.answer_field in record.data:
            try:
                stated = parse_number(str(record.data[p.answer_field]))
            except ValueError as exc:
                return False, f"answer field: {exc}", "answer_mismatch"
            if stated != final:
                return (False, f"answer field {record.data[p.answer_field]} differs from the "
                        f"trace's final answer {finals[-1]}", "answer_mismatch")
        return True


def _show(value: object) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):g}"
    return str(value)
