"""Times of day and durations as a text writes them: "13:00", "13.00", "1 pm", "13 Uhr" are one
time of day, "2:12:40" and "2 h 12 min 40 s" one duration, so a check can compare an answer's
time with its evidence's however either is written."""

from __future__ import annotations

import re
from collections.abc import Iterator

# "12:00 a.m." is on the 12-hour clock (midnight), not 12:00
CLOCK24 = re.compile(r"(?<![\d:])([01]\d|2[0-3]):([0-5]\d)(?![\d:]|\s?[ap]\.?\s?m\b|\s?midnight)",
                     re.IGNORECASE)
# a one-digit hour, "9:00": a passage's 24-hour time ("moved the start from 9:00 to 8:00")
CLOCK_H = re.compile(r"(?<![\d:.,])(\d):([0-5]\d)(?![\d:])")
# the British "13.00": two digits for the hour, never money ("$13.00", "13.00 dollars") nor a
# part of a longer number ("1,213.00")
CLOCK_DOT = re.compile(r"(?<![\d.,$\u20ac\u00a3])([01]\d|2[0-3])\.([0-5]\d)(?!\d|\.\d|\s*(?:%|"
                       r"dollars?|euros?|pounds?|cents?|USD|EUR|GBP)\b)", re.IGNORECASE)
CLOCK12 = re.compile(r"\b(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
# the hours said in words: "noon", "12 midnight", "mezzogiorno", "\u00e0 midi"
NOON = re.compile(r"\b(?:12(?::00)?\s?)?(?:noon|midday|mezzogiorno|mediod[i\u00ed]a|(?-i:midi))\b|"
                  r"\b(?P<night>(?:12(?::00)?\s?)?midnight|mezzanotte|medianoche|minuit)\b",
                  re.IGNORECASE)
# the German "um 12 Uhr", "14.30 Uhr": the hour on the 24-hour clock, "Uhr" its mark
CLOCK_UHR = re.compile(r"\b([01]?\d|2[0-3])(?:[.:]([0-5]\d))?\s*Uhr\b")
# a duration on a stopwatch, "2:12:40", or in units, "2 h 12 min 40 s", "1 hour 5 minutes"
_STOPWATCH = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
_IN_UNITS = re.compile(r"\b(?:(\d+)\s*(?:h|hrs?|hours?)\b[\s,]*(?:and\s+)?)?(?:(\d+)\s*"
                       r"(?:min|mins|minutes?)\b[\s,]*(?:and\s+)?)?(?:(\d+)\s*(?:s|secs?|"
                       r"seconds?)\b)?", re.IGNORECASE)


def _clocks(text: str, one_digit_hour: bool = False) -> Iterator[tuple[re.Match[str], str]]:
    """Each time of day of ``text`` with its 24-hour "HH:MM"; a bare "9:00" only where
    ``one_digit_hour`` (a reply's "9:00" may be a count of minutes; a passage's is a time)."""
    for clock in (CLOCK24, CLOCK_DOT) + ((CLOCK_H,) if one_digit_hour else ()):
        for m in clock.finditer(text):
            yield m, f"{int(m.group(1)):02d}:{m.group(2)}"
    for m in CLOCK_UHR.finditer(text):
        yield m, f"{int(m.group(1)):02d}:{m.group(2) or '00'}"
    for m in CLOCK12.finditer(text):
        hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
        yield m, f"{hour:02d}:{m.group(2) or '00'}"
    for m in NOON.finditer(text):
        yield m, "00:00" if m.group("night") else "12:00"


def clock_times(text: str) -> set[str]:
    """The clock times ``text`` states, as 24-hour "HH:MM": "13:00", "13.00", "1 pm", "1:30
    p.m.", "13 Uhr", "noon"."""
    return {value for _, value in _clocks(text)}


def _durations(text: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each duration of ``text`` of two parts or more, in seconds ("2:12:40", "2 h 12 min")."""
    for m in _STOPWATCH.finditer(text):
        yield m, int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    for m in _IN_UNITS.finditer(text):
        if sum(part is not None for part in m.groups()) >= 2:
            hours, minutes, seconds = (int(part or 0) for part in m.groups())
            yield m, hours * 3600 + minutes * 60 + seconds


def in_evidence_times(answer: str, evidence: str) -> str:
    """``answer`` with each time of day and each duration of two parts or more that its
    evidence states written as the evidence writes it ("8 a.m." as "8:00", "Klokka 12.00" as
    "12:00", "2 h 12 min 40 s" as "2:12:40"), so the checks on numbers and words read a right
    time in another form as the evidence's and a wrong one as a number it lacks."""
    said: dict[object, str] = {value: m.group(0).strip() for m, value in
                               _clocks(evidence, one_digit_hour=True)}
    said |= {seconds: m.group(0).strip() for m, seconds in _durations(evidence)}
    found = sorted(((m.start(), m.end(), said[value]) for m, value in
                    [*_clocks(answer), *_durations(answer)] if value in said),
                   key=lambda hit: (hit[0], hit[0] - hit[1]))
    out, end = [], 0
    for start, stop, text in found:
        if start >= end:
            out += [answer[end:start], text]
            end = stop
    return "".join(out) + answer[end:]
