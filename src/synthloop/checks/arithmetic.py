"""Exact evaluation of the arithmetic in reasoning traces, without eval().

Only numbers, + - * / ( ), whole powers and unary minus are accepted; evaluation uses Fractions
so 1/3*3 is exactly 1. Anything else raises ValueError with what was refused.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
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
# Where a trace gives its final answer: GSM8K's "#### 17", LaTeX's "\boxed{17}", or "The
# answer is 17" and "Final answer: 17" (Markdown's bold around either part, "**Answer:** 17",
# read through); where "answer is" opens an equation ("The answer is 20 - 3 = 17"), the value
# after its last "="; "about" before a rounded answer ("Answer: about 81.67") read through.
_ANSWER_IS = (r"\banswer(?:\s+is\b\s*:?|\s*:)[\s*]*(?:(?:about|approximately|roughly|around)"
              r"\s+)?")
FINAL_ANSWER = re.compile(r"^####\s*(.+?)\s*$|\\boxed\{\s*([^{}]+?)\s*\}"
                          rf"|{_ANSWER_IS}[^\n=]*=[\s*]*\$?\s*(-?\d[\d,]*(?:\.\d+)?)(?![^\n]*=)"
                          rf"|{_ANSWER_IS}\$?\s*(-?\d[\d,]*(?:\.\d+)?)",
                          re.MULTILINE | re.IGNORECASE)
# A final answer with its unit after it ("98 pens", "2600 grams", "40 km/h", "\u22128 \u00b0C", "12.50
# \u20ac"): the number alone, a mixed number's fraction ("2 1/2 hours") with it.
_WITH_UNIT = re.compile(r"(\$?-?\d[\d,]*(?:\.\d+)?(?:\s+\d+/\d+)?%?)"
                        r"(?:\s*[\u20ac\u00a3]|\s+[A-Za-z\u00b0][A-Za-z]*(?:/[A-Za-z]+)?\.?)+")
# A vulgar fraction character ("2\u00bd", "\u00be"), written out as "2 1/2" for the mixed-number reading.
_VULGAR = re.compile(r"[\u00bc-\u00be\u2150-\u215e]")
_REMARK = re.compile(r"\s+\($")
_SPACED_THOUSANDS = re.compile(r"-?\d{1,3}(?: \d{3})+(?:\.\d+)?")
_SPACED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,])")  # "= 10 000 grams"
MAX_LEN = 200  # a trace step longer than this is not grade-school arithmetic
MAX_POWER = 64  # 2^64 is as far as a worked solution goes; more would only cost time
# The signs a written step may use, as the evaluator spells them: Unicode, LaTeX, Markdown;
# a euro or pound sign is a currency sign like "$"; an arrow ("12 \u00d7 4 \u2192 48", "12 * 4 ->
# 48") states its result as "=" does, so a wrong one is as wrong.
_SIGNS = {"\\times": "*", "\\cdot": "*", "\\div": "/", "\u00d7": "*", "\u00f7": "/",
          "\u2212": "-", "\u2013": "-", "**": "", "\u20ac": "$", "\u00a3": "$",
          "\u2192": "=", "\u21d2": "=", "\u27f9": "=", "\u27f6": "=", "->": "=", "=>": "="}
# A side of a written equation: digits and operators (x for times, ^ for a power), $ and %; a
# comma only as a thousands separator, so "after 3, 4 + 5" is not read as 34 + 5.
_SIDE = r"(?:[\d\s$.+\-*/x()%^]|,(?=\d{3}))*"
_LEFT = re.compile(rf"{_SIDE}$")
_RIGHT = re.compile(rf"^{_SIDE}")
# An operator between two operands, or a product written without a sign: "2(40+9)", "(1/4)24".
_OPERATOR = re.compile(r"[\d)%]\s*(?:[-+*/^x]|\*\*)\s*(?:-\s*)?[\d(.$]|[\d)]\(|\)[\d.]")
# A power written with superscript digits after a number or a bracket ("12\u00b2", "2\u2074"),
# read as "^"; after a letter it is a unit's ("m\u00b2") and stays.
_SUPERSCRIPT = re.compile(r"(?<=[\d)])[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079",
                                    "0123456789")
# A LaTeX fraction, "\\frac{84}{4}" (or \\dfrac, \\tfrac), read as "(84)/(4)".
_LATEX_FRACTION = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_NUMBER = r"\$?(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
# A clock time or a duration, "7:40" or "1:35", read as its minutes: "7:40 + 1:35 = 9:15"
# holds as 460 + 95 = 555; "am"/"pm" after it is its unit. Only on a line with an "am" or "pm"
# time: GSM8K writes ratios so ("2:50(2) = 100", 5 train solutions misread without this). On a
# line whose times are all on the hour they are hours: "5 - 3 = 2:00 pm" (GSM8K test 1002).
_CLOCK = re.compile(r"(?<![\d:.,])(\d{1,2}):([0-5]\d)(?![\d:])")
_AM_PM = re.compile(r"\d:[0-5]\d\s*[ap]\.?m\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"\s*(\d{1,2}):([0-5]\d)(?:\s*[ap]\.?m\.?)?\s*", re.IGNORECASE)
# An equation in words, "83 plus 91 equals 174", "5 x 5 is 25", "6 multiplied by 9 gives
# 54": its words are signs, and the verb that closes it ("equals", "is", "gives", "makes") is
# "=". A wrong product written so is as wrong as one written with "=".
_WORD_SIGNS = {"plus": "+", "minus": "-", "times": "*", "multiplied by": "*",
               "divided by": "/", "equals": "=", "is": "=", "gives": "=", "makes": "="}
_WORD_SIGN = re.compile(rf"\s+({'|'.join(_WORD_SIGNS)})\s+")
_WORD_EQUATION = re.compile(rf"{_NUMBER}(?:\s+(?:plus|minus|times|multiplied by|divided by)\s+"
                            rf"{_NUMBER}|\s*[-+*/x]\s*{_NUMBER})+(?:,\s+which)?\s+(?:equals|is|"
                            r"gives|makes)\s+(?=[$\d.])")
_WHICH = re.compile(r",\s+which(?=\s)")  # "15 times 12, which is 180": "which" is no operand
# "25% of $80": a percentage of what follows it, a product.
_PERCENT_OF = re.compile(r"%\s+of\s+(?=[$\d(])")
# A unit word between a number and the operator or "=" after it ("7 puppies / 20 puppies *
# 100% = 35%", "310 miles/day - 250 miles/day = 60", "1,250 g + 300 g", a bracket closed
# between them: "2 \u00d7 (8 m + 5 m) = 26 m"), dropped: two letters
# at least or a metric one (g, m, l), so a one-letter variable ("5 w + 3") or an x for times
# stays; never a word of the sentence.
_UNIT = re.compile(r"(?<=[\d%])\s+(?!(?:and|or|of|by|to|is|are|was|were|because|so|then|than|"
                   r"that|which|if|for|from|in|on|at|with|as|the|therefore|thus|hence|but|each|"
                   r"per)\b)(?:[A-Za-z]{2,}|[gmlL]\b)(?:/[A-Za-z]+)?(?=[\s)]*(?:=|(?:[-+*/^]|x\s)\s*[$\d.(]))")
# "4 pounds - 6 ounces": a sum of two units, which dropping them would misread.
_SUM_OF_UNITS = re.compile(rf"(?<=[\d%])\s+([A-Za-z]{{2,}})(?:/[A-Za-z]+)?\s*[-+]\s*{_NUMBER}"
                           r"\s+([A-Za-z]{2,})")
# A unit glued to its number ("20g x 80 = 1600g", "5km"), dropped like a spaced one where a
# result on the line carries it ("= 1600g", "= 240g/5 = 48", not "= 18g/3" at the line's end)
# and it is no variable of the line ("2L + 8 = 22", "(L+8) + L"); a letter that names no unit
# ("2x") stays, and the step with it is left out.
_GLUED_UNIT = r"(?:kg|mg|g|lbs?|oz|km|cm|mm|m|ml|l|L|hrs?|h|min|mph|ft|mi)"
_GLUED_RESULT = re.compile(rf"=\s*{_NUMBER}({_GLUED_UNIT})\b(?!\s*[-+*/x][^=]*$)")
# "25 kids + his 1 teacher + 1 = 27": a sign and a word just before a side; its first operand
# is further left.
_OPERAND_BEFORE = re.compile(r"(?:^|[\d\s%)])[-+*/]\s*[A-Za-z']+\s*$")
_FIRST_OPERAND = re.compile(r"\s*\$?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?(?=\s*[-+*/x]\s*[$\d.(])")
_BARE_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d.,]*%)")  # no "%" after it
# A fraction or a multiple in words, before what it applies to: "half of", "twice".
_FACTORS = {"half": "1/2", "third": "1/3", "quarter": "1/4", "twice": "2", "double": "2",
            "triple": "3"}
_FACTOR = re.compile(r"\b(?:(?:a|one)\s+)?(half|third|quarter)\s+of\b|\b(twice|double|triple)\b")
# Steps told in words, rewritten as equations: "half of 90 is 45", "15 percent of 200 is 30",
# "adding 36 and 4 gives 40", "subtracting 5 from 12 leaves 7", "dividing 9 by 3 gives 3".
# The stated number must stand alone: "50% of 8 is 1.5*8=12" is no step in words.
_GIVES = (rf"\s+(?:is|equals|gives|makes|leaves)\s+(?={_NUMBER}(?![\d.,]|\s*[-+*/x]\s*[$\d.(]))")
_PROSE_STEPS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"\b(?:one|a)\s+(half|third|quarter)\s+of\s+({_NUMBER}){_GIVES}|"
                rf"\b(half)\s+of\s+({_NUMBER}){_GIVES}", re.IGNORECASE),
     lambda m: f"{_FACTORS[(m.group(1) or m.group(3)).lower()]} * {m.group(2) or m.group(4)} = "),
    (re.compile(rf"({_NUMBER})\s*(?:%|per\s?cent)\s+of\s+({_NUMBER}){_GIVES}", re.IGNORECASE),
     r"\1% * \2 = "),
    (re.compile(rf"\badd(?:ing|ed)?\s+({_NUMBER})\s+(?:and|to)\s+({_NUMBER}){_GIVES}",
                re.IGNORECASE), r"\1 + \2 = "),
    (re.compile(rf"\bsubtract(?:ing|ed)?\s+({_NUMBER})\s+from\s+({_NUMBER}){_GIVES}",
                re.IGNORECASE), r"\2 - \1 = "),
    (re.compile(rf"\bmultiply(?:ing)?\s+({_NUMBER})\s+by\s+({_NUMBER}){_GIVES}",
                re.IGNORECASE), r"\1 * \2 = "),
    (re.compile(rf"\bdivid(?:ing|e)\s+({_NUMBER})\s+by\s+({_NUMBER}){_GIVES}",
                re.IGNORECASE), r"\1 / \2 = "),
]
# A whole division's remainder after its quotient: "= 14 remainder 2", "= 14 R2", "= 14 r 2".
_REMAINDER = re.compile(r"\s*(?:with\s+)?(?:a\s+)?(?:remainder(?:\s+of)?|r)\s*(\d+)\b",
                        re.IGNORECASE)
_DIVISION = re.compile(r"\s*(\d[\d,]*)\s*/\s*(\d[\d,]*)\s*")
_MIXED_NUMBER = re.compile(r"(?<![\d./])(\d+)\s+(\d+/\d+)(?![\d./])")  # "3 1/2"
_MIXED = re.compile(r"\s*and\s*\(?\s*\d+\s*/\s*\d+")  # "= 5 and 2/3": a mixed number
_FRACTION_DIVISOR = re.compile(r"/\s*\d+(?:\.\d+)?\s*/")  # "3/ 1/4": 3 / (1/4) or (3/1)/4?


# Numbers written the continental way: a decimal comma ("2,50 €") or dots between thousands
# ("1.250 g"); and the English signs that rule it out: a comma before three digits, a dot
# before one or two ("1,500", "3.25").
_CONTINENTAL = re.compile(r"\d,\d{1,2}(?![\d,.])|(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?![\d,]|\.\d)")
_ENGLISH = re.compile(r"\d,\d{3}(?![\d])|\d\.\d{1,2}(?![\d.,])")
_NUMERAL = re.compile(r"\d[\d.,]*\d")
_SWAP_MARKS = str.maketrans(",.", ".,")


def english_numbers(text: str) -> str:
    """``text`` with its numbers in English marks where it writes every one of them the
    continental way ("1.250 + 300 = 1.550", "3 × 2,50 = 7,50"), else as it is: a trace in
    German or Spanish states the same arithmetic, which read as English is wrong."""
    if not _CONTINENTAL.search(text) or _ENGLISH.search(text):
        return text
    return _NUMERAL.sub(lambda m: m.group(0).translate(_SWAP_MARKS), text)


def parse_number(text: str) -> Fraction:
    """'1,200', '10 000', '$3.50', '45%', '-2' or '\u22122', '2 1/4' or '2\u00bc', '98 pens' or '40
    km/h' (a number and its unit) and '9:15 pm' (in minutes) as exact Fractions."""
    if clock := _CLOCK_TIME.fullmatch(text):  # "9:15 pm": minutes, as a step reads it
        return Fraction(int(clock.group(1)) * 60 + int(clock.group(2)))
    text = _VULGAR.sub(_vulgar, text.replace("\u2212", "-"))
    with_unit = _WITH_UNIT.fullmatch(text.strip())
    text = with_unit.group(1) if with_unit else text
    cleaned = text.strip().replace(",", "").replace("$", "").rstrip("%").strip()
    if _SPACED_THOUSANDS.fullmatch(cleaned):  # "10 000"
        cleaned = cleaned.replace(" ", "")
    if mixed := _MIXED_NUMBER.fullmatch(cleaned.lstrip("-")):  # "2 1/4", "-1 1/2"
        whole = Fraction(mixed.group(1)) + Fraction(mixed.group(2))
        return -whole if cleaned.startswith("-") else whole
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a number") from None


def _vulgar(char: re.Match[str]) -> str:
    share = Fraction(unicodedata.numeric(char.group(0))).limit_denominator(10)
    return f" {share.numerator}/{share.denominator}"


def final_answers(trace: str) -> list[str]:
    """The final answers a trace states, in order (see :data:`FINAL_ANSWER`)."""
    return [next(g for g in m.groups() if g is not None) for m in FINAL_ANSWER.finditer(trace)]


@dataclass(frozen=True)
class WrittenStep:
    """An equation written out in a trace: its text, the value of its left side, the value
    it states (a percent sign read as a unit, as a final answer is read: "= 60%" states 60),
    and whether it holds as a person writing it means it (see :func:`written_steps`); a
    division that states a quotient and a remainder ("100 \u00f7 7 = 14 remainder 2") has its
    divisor and the remainder stated in ``remainder``."""

    text: str
    value: Fraction
    stated: Fraction
    holds: bool
    remainder: tuple[int, int] | None = None


def written_steps(line: str) -> list[WrittenStep]:
    """Each equation written out on ``line`` whose sides are plain arithmetic ("so the boots
    cost 99 + 5 = $104", "$9 \\times 6 = 54$", "12 \u00d7 4 = **48**", "2^5 = 32"), read as
    GSM8K's solutions write them: a unit word after a number ("7 dogs / 20 dogs * 100% = 35%"),
    signs in words ("83 plus 91 equals 174"), a product without a sign ("2(40+9) = 98"), a
    mixed number ("3 1/2 - 2 = 1 1/2") and a running total ("$3/2 = $1.50+$3 = $4.50": the
    left side equals the first operand, the next link checks the sum).

    An equation that is not plain arithmetic is left out, not failed: a variable or a unit
    glued to a number ("2x = 10", "= 240g/5", "6:00+48"), a sum of two units ("4 pounds - 6
    ounces"), a side whose operand is outside it ("60g * 4/5", "X*2 - 3*6", "5 kids + his 1
    teacher + 1"), a mixed number written with "and" ("17/3 = 5 and 2/3") or a division by a
    written fraction ("3/ 1/4"), whose precedence the writer did not mean. A step holds when
    its sides are equal, when the stated side is the value rounded to the decimals it shows
    ("31 / 3 = 10.33"), or, where one side alone has a percent sign, when it holds so with the
    sign read as a unit ("(75/100)*100 = 75%") or as a hundredth ("$96 * 25% = $24")."""
    line = "".join(" " if c.isspace() else c for c in line.replace("\u200b", ""))
    line = _SUPERSCRIPT.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPT_DIGITS), line)
    line = _SPACED_NUMBER.sub(lambda m: m.group(0).replace(" ", ""), line)
    line = _LATEX_FRACTION.sub(r"(\1)/(\2)", line)
    if _AM_PM.search(line):
        hours = all(m == "00" for _, m in _CLOCK.findall(line))
        line = _CLOCK.sub(lambda m: m.group(1) if hours else
                          f"({m.group(1)}*60+{int(m.group(2))})", line)
    for sign, spelled in _SIGNS.items():
        line = line.replace(sign, f" {spelled} " if spelled else "")
    line = _WORD_EQUATION.sub(lambda m: _WORD_SIGN.sub(
        lambda w: f" {_WORD_SIGNS[w.group(1)]} ", _WHICH.sub("", m.group(0))), line)
    for pattern, template in _PROSE_STEPS:
        line = pattern.sub(template, line)
    line = _PERCENT_OF.sub("% * ", line)
    sides = _drop_units(line).split("=")
    steps = []
    last = len(sides) - 2
    for i, (left_text, right_text) in enumerate(zip(sides, sides[1:], strict=False)):
        found_left, found_right = _LEFT.search(left_text), _RIGHT.search(right_text)
        assert found_left is not None and found_right is not None  # both match the empty text
        start = found_left.start()
        if left_text[start:start + 2] == ". ":  # "i.e. 280 / 100 = 2.8": an abbreviation's dot
            start += 1
        # "= 81.67 (rounded)": a bracket opened after the stated side is a remark, not arithmetic
        stated_text = _REMARK.sub("", found_right.group(0))
        left, right = _side(left_text[start:]), _side(stated_text)
        if left is None or right is None or not _OPERATOR.search(left):
            continue
        before = left_text[:start]
        after = right_text[len(stated_text):]
        if (before[-1:] and not before[-1:].isspace() and not left[:1].isspace()
                and not re.search(r"[A-Za-z]:$", before)
                or after[:1] and (after[:1].isalnum() or after[:1] in ":/")
                and not right[-1:].isspace()
                or left.lstrip()[:1] == "-" and before.rstrip()[-1:].isalnum()
                or _OPERAND_BEFORE.search(before)
                or _MIXED.match(after)
                or _FRACTION_DIVISOR.search(left) or _FRACTION_DIVISOR.search(right)):
            continue
        try:
            value, stated = evaluate(_python(left)), evaluate(_python(right))
            unit = [evaluate(_python(left, percent=False)),
                    evaluate(_python(right, percent=False))]
        except ValueError:
            continue
        percent_side = left if "%" in left else right
        holds = (_holds(value, stated, right)
                 or ("%" in left) != ("%" in right) and _percents_only(percent_side)
                 and _holds(unit[0], unit[1], right))
        if (rest := _REMAINDER.match(after)) and (division := _DIVISION.fullmatch(left)):
            # "100 / 7 = 14 remainder 2": whole quotient and remainder, 100 = 7 x 14 + 2
            dividend, divisor = (int(g.replace(",", "")) for g in division.groups())
            remainder = int(rest.group(1))
            steps.append(WrittenStep(f"{' '.join(left.split())} = {' '.join(right.split())} "
                                     f"remainder {remainder}", value, stated,
                                     divmod(dividend, divisor) == (int(stated), remainder)
                                     and stated.denominator == 1,
                                     (divisor, remainder)))
            continue
        first = _FIRST_OPERAND.match(right)
        if not holds and first and _OPERATOR.search(right) and not after.strip() and i < last:
            # "$3/2 = $1.50+$3.00 = $4.50": a running total; the left side is its first
            # operand, and the next link checks the sum.
            stated = unit[1] = evaluate(_python(first.group(0), percent=False))
            holds = _holds(value, evaluate(_python(first.group(0))), first.group(0))
        steps.append(WrittenStep(f"{' '.join(left.split())} = {' '.join(right.split())}",
                                 value, unit[1], holds))
    return steps


def _drop_units(line: str) -> str:
    """``line`` without the unit words between its numbers and signs (:data:`_UNIT`) and
    the units glued to its numbers (:data:`_GLUED_RESULT`), or as it is where it adds or subtracts
    two different units."""
    if any(m.group(1).rstrip("s") != m.group(2).rstrip("s")
           for m in _SUM_OF_UNITS.finditer(line)):
        return line
    for unit in {m.group(1) for m in _GLUED_RESULT.finditer(line)}:
        if not re.search(rf"(?<![\w.]){unit}\b", line):
            line = re.sub(rf"(?<=\d){unit}\b", "", line)
    return _UNIT.sub("", line)


def _percents_only(side: str) -> bool:
    """Whether ``side`` is written in percents: every number has a percent sign ("100% - 25%
    = 75"), or the only percentage is the 100% that makes a share a percentage ("9 / 21 *
    100% = 42.857"). Only there may the sign be read as a unit: "104,000 * 5% = 520,000" reads
    it so by forgetting to divide by 100."""
    return (_BARE_NUMBER.search(side) is None
            or set(re.findall(r"(\d[\d,.]*)\s*%", side)) <= {"100"})


def _holds(value: Fraction, stated: Fraction, written: str) -> bool:
    """Equal, or ``written`` (a plain number) is ``value`` rounded to the decimals it shows."""
    decimals = re.fullmatch(r"[\s$]*-?[\d,]*\.(\d+)%?\s*", written)
    if value == stated or decimals is None:
        return value == stated
    scale = Fraction(1, 10 ** len(decimals.group(1)))
    return abs(value - stated) <= scale / 2 * (Fraction(1, 100) if "%" in written else 1)


def _side(text: str) -> str | None:
    """A side's text, or None when it holds no number or starts or ends with an operator (an
    operand is outside the arithmetic: "60g * 4/5")."""
    body = text.strip().rstrip(".,")
    if not re.search(r"\d", body) or body[:1] in "*/+x^" or body[-1:] in "*/+-x^":
        return None
    return text[:len(text) - len(text.lstrip())] + body if body != text.strip() else text


def _python(side: str, percent: bool = True) -> str:
    """A written side as the evaluator reads it: x between two operands is times, as is a
    number against a bracket ("2(40+9)"), "3 1/2" is three and a half, ^ a power, and a
    percentage a hundredth ("$96 * 25% = $24") or, with ``percent`` false, a unit."""
    expr = re.sub(r"(?<=[\d)%])\s*x\s*(?=[\d($.])", " * ", side.strip())
    expr = _MIXED_NUMBER.sub(r"(\1+\2)", expr)
    expr = re.sub(r"(?<=[\d)])(?=\()|(?<=\))(?=[\d.])", "*", expr)
    expr = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)" if percent else r"\1", expr)
    return expr.replace("^", "**")


def written_value(text: str) -> Fraction:
    """The value of an expression written in prose, as a bracket shows how a stated value was
    reached: "half of $1,350", "= 2 x 675", "50% of $80", "1,350 minus 675"; signs in symbols
    or words, a fraction or a multiple in words. Raises ValueError where ``text`` is not such an
    expression of two operands or more (a bare "$1,350" derives nothing)."""
    expr = f" {text.strip().lower().removeprefix('=')} "
    for sign, spelled in _SIGNS.items():
        expr = expr.replace(sign, f" {spelled} " if spelled else "")
    expr = _WORD_SIGN.sub(lambda w: f" {_WORD_SIGNS[w.group(1)]} ", expr)
    expr = _FACTOR.sub(lambda m: f" {_FACTORS[m.group(1) or m.group(2)]} * ", expr)
    expr = re.sub(r"%\s+of\b", "% *", expr)
    if len(re.findall(_NUMBER, expr)) < 2:
        raise ValueError(f"{text!r} is no arithmetic of two operands")
    return evaluate(_python(expr))


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
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, power = _eval(node.left), _eval(node.right)
        if power.denominator != 1 or abs(power) > MAX_POWER or (base == 0 and power < 0):
            raise ValueError(f"{ast.unparse(node)!r}: only whole powers up to {MAX_POWER}")
        return base ** int(power)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    raise ValueError(f"{ast.unparse(node)!r} is not allowed (only numbers and + - * / ** ( ))")
