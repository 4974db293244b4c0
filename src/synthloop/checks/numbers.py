"""The numbers a text states, as values: digits (thousands separators and decimals) and English
number words ("three", "twenty-five", "two hundred and fifty"), so "sixty-eight dollars" is
"$68", "80,000" is 80000 and "4.5 thousand" or "2 million" a scale word's multiple. Shared by decontamination (a paraphrase keeps an item's
quantities) and groundedness (an answer may spell out the number its evidence writes in
digits). A hand-written reader: text2num would do the words too, but is a compiled dependency
for what is twenty lines here.
"""

from __future__ import annotations

import re

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty "
                                         "ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
WORDS = frozenset(_SMALL) | frozenset(_TENS) | frozenset(_SCALES)  # the words :func:`values` reads
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[a-z]+")
# thousands grouped by a space, as French, Norwegian and SI style write them: "2 650", "2\u202f340"
# (a narrow no-break space), "2\u00a0340"; a group of three digits no digit follows
_SPACED = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f\u2009]\d{3})+)(?![\d]|[.,]\d)")
# a year said as two pairs of digits: "nineteen eighty-seven", "twenty twenty-four" (a space
# between them; "fifteen, twenty" is two numbers, "eleven thirty" a clock time)
_YEAR = re.compile(r"\b(thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                   r"nineteen|twenty) +((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                   r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|"
                   r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b")
# "one" and zero are left out: "one of them", "no one" say no quantity
_TRIVIAL = frozenset({0.0, 1.0})


def values(text: str) -> frozenset[float]:
    """The numbers ``text`` states: "$80,000" -> 80000, "sixty-eight" -> 68, "1.2" -> 1.2,
    "one thousand eight hundred fifty" -> 1850 and "nineteen eighty-seven" -> 1987 (a scale of a thousand or more closes a group:
    the words after it are read afresh, not added to the thousand and then multiplied), "4.5
    thousand" -> 4500 and "2 million" -> 2000000 (digits a scale word follows)."""
    found: set[float] = set()
    text = _YEAR.sub(_year, joined_thousands(text.lower()))
    total, group = 0, -1  # the closed groups (thousands and up) and the group being read
    digits: float | None = None  # the number just read in digits, which a scale may multiply
    for token in [*_TOKEN.findall(text), ""]:
        if digits is not None:
            scaled = token in _SCALES
            found.add(round(digits * _SCALES[token], 6) if scaled else digits)
            digits = None
            if scaled:
                continue
        if token in _SMALL or token in _TENS:
            value = _SMALL.get(token, _TENS.get(token, 0))
            if group >= 0 and _continues(group, value):
                group += value
                continue
            if group >= 0:
                found.add(total + group)
            total, group = 0, value
            continue
        if token in _SCALES and group >= 0:
            if _SCALES[token] == 100:
                group = (group or 1) * 100
            else:
                total, group = total + (group or 1) * _SCALES[token], 0
            continue
        if token == "and" and group >= 0 and total + group >= 100:
            continue
        if group >= 0:
            found.add(total + group)
            total, group = 0, -1
        if token[:1].isdigit():
            digits = float(token.replace(",", ""))
    return frozenset(found - _TRIVIAL)


def _year(said: re.Match[str]) -> str:
    century, rest = (values(part) for part in said.groups())
    return str(int(max(century) * 100 + max(rest)))


def joined_thousands(text: str) -> str:
    """``text`` with thousands grouped by a space written without it: "2\u202f340 m" is "2340
    m", "2 650 $" is "2650 $" (the groups of three digits a space-grouping locale writes)."""
    return _SPACED.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)


def _continues(group: int, value: int) -> bool:
    """Whether a number word extends the group before it: "hundred five", "twenty five" and
    "thousand five" (a group just opened) do; "ten five", "five five" start another."""
    if group == 0 or group >= 100 and group % 100 == 0:
        return True
    return group % 10 == 0 and group % 100 >= 20 and value < 10
