"""The products in a Markdown table of a worked solution: a row's count times its price is
its subtotal.

A trace may set its arithmetic out as a table ("| coffee | 23 | $3 | $69 |") with no "=" in
it, so a wrong subtotal there is no written step; the header says which columns multiply.
Only a table with one column of counts, one of prices and one of their products is read.
"""

from __future__ import annotations

import re
from fractions import Fraction

from synthloop.checks.arithmetic import parse_number

_ROW = re.compile(r"^\s*\|(.+)\|\s*$", re.MULTILINE)
_RULE = re.compile(r"^[\s:|-]+$")  # "|---|---|"
_COUNT = re.compile(r"\b(?:count|qty|quantity|number|units|how many)\b", re.I)
_PRICE = re.compile(r"\b(?:price|each|rate|unit cost|cost per)\b", re.I)
_PRODUCT = re.compile(r"\b(?:subtotal|total|line total|sum)\b", re.I)


def wrong_row(trace: str) -> str | None:
    """Why a row of ``trace``'s Markdown table does not multiply out, or None."""
    rows = [[c.strip() for c in m.group(1).split("|")] for m in _ROW.finditer(trace)
            if not _RULE.match(m.group(0))]
    if len(rows) < 2:
        return None
    header = rows[0]
    # the product column is found first, so neither of the others is taken for it
    product = next((i for i, c in enumerate(header) if _PRODUCT.search(c)), None)
    count = next((i for i, c in enumerate(header) if _COUNT.search(c) and i != product), None)
    price = next((i for i, c in enumerate(header)
                  if _PRICE.search(c) and i not in (product, count)), None)
    if product is None or count is None or price is None:
        return None
    for row in rows[1:]:
        try:
            cells = [parse_number(row[i]) for i in (count, price, product)]
        except (ValueError, IndexError):
            continue
        if cells[0] * cells[1] != cells[2]:
            return (f"table row '{' | '.join(row)}': {_show(cells[0])} x {_show(cells[1])} is "
                    f"{_show(cells[0] * cells[1])}, the table says {row[product]}")
    return None


def _show(value: Fraction) -> str:
    return str(value) if value.denominator == 1 else f"{float(value):g}"
