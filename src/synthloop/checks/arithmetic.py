"""Exact evaluation of the arithmetic in reasoning traces, without eval().

Only numbers, + - * / ( ) and unary minus are accepted; evaluation uses Fractions so 1/3*3 is
exactly 1. Anything else raises ValueError with what was refused.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from fractions import Fraction

# A GSM8K-style trace: calculator annotations ``<<expr=value>>`` in its steps, ``#### answer``
# on its last line.
ANNOTATION = re.compile(r"<<([^<>=]+)=([^<>]+)>>")
FINAL = re.compile(r"^####\s*(.+?)\s*$", re.MULTILINE)

_BINOPS: dict[type[ast.operator], Callable[[Fraction, Fraction], Fraction]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
MAX_LEN = 200  # a trace step longer than this is not grade-school arithmetic
# A written equation without a calculator annotation, the last on its line: "99 + 5 = $104."
_TERMS = r"[\d\s$.,+\-*/x\u00d7\u00f7\u2212()%]"  # digits, operators (x, ×, ÷, −), $ and %
_WRITTEN = re.compile(rf"({_TERMS}*\d{_TERMS}*?)\s*=\s*\$?\s*(\d[\d,]*(?:\.\d+)?)(?!.*=)")
_OPERATOR = re.compile(r"[\d)]\s*[-+*/]\s*[\d(.]")


def parse_number(text: str) -> Fraction:
    """'1,200', '$3.50', '45%' and '-2' as exact Fractions."""
    cleaned = text.strip().replace(",", "").replace("$", "").rstrip("%").strip()
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a number") from None


def written_step(line: str) -> tuple[Fraction, Fraction] | None:
    """The value of the last equation written out on ``line`` ("so the boots cost 99 + 5 =
    $104": 104) and the value it states; None when there is no arithmetic to evaluate.
    GSM8K's own solutions write their last step so one time in fourteen."""
    found = _WRITTEN.search(line)
    if found is None:
        return None
    expr = found.group(1).strip().lstrip("x\u00d7\u00f7*/+,").strip()
    expr = re.sub(r"(?<=[\d\s)%])[x\u00d7](?=[\s\d(])", "*", expr)
    expr = expr.replace("\u00f7", "/").replace("\u2212", "-").replace("%", "")
    if not _OPERATOR.search(expr):
        return None
    try:
        return evaluate(expr), parse_number(found.group(2))
    except ValueError:
        return None


def evaluate(expr: str) -> Fraction:
    """Evaluate a GSM8K-style calculator expression exactly."""
    if len(expr) > MAX_LEN:
        raise ValueError(f"expression longer than {MAX_LEN} characters")
    try:
        tree = ast.parse(expr.replace(",", "").replace("$", ""), mode="eval")
    except SyntaxError:
        raise ValueError(f"{expr!r} is not arithmetic") from None
    return _eval(tree.body)


def _eval(node: ast.AST) -> Fraction:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Fraction(str(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Div) and right == 0:
            raise ValueError("division by zero")
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    raise ValueError(f"{ast.unparse(node)!r} is not allowed (only numbers and + - * / ( ))")
