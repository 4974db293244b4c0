"""Whether a response picks one of the choices its instruction offers.

A multiple-choice question ("(A) shark, (B) dolphin, (C) trout") or a labelling task ("Classify
the sentiment of this review as positive or negative") closes the set of answers. A letter
outside it ("D") picks nothing offered; a response that names none of the labels (advice about
the review's complaint) labels nothing, though it may share every word of the input and so
pass a similarity check. Both are read from the instruction's words alone.
"""

from __future__ import annotations

import re

# Lettered or numbered options: "(A) shark", "B) dolphin", "C. trout", "(1) red".
_OPTION = re.compile(r"(?:^|[\s,;:])\(?([A-Ha-h]|[1-8])[.)]\s+(?=\S)")
# A response that is an option's mark alone: "D", "(D)", "D.", "Option D", "Answer: D".
_PICKED = re.compile(r"^\W*(?:(?:option|answer|choice)\s*:?\s*)?\(?([A-Za-z]|\d)\)?[.!]?\s*$",
                     re.IGNORECASE)
# "Classify ... as positive or negative", "Label each email as spam, promotion or personal",
# "Answer with agree or disagree": the labels, each one or two words.
_LABEL = r"['\"\u2018\u201c]?([a-z]+(?:[ -][a-z]+)?)['\"\u2019\u201d]?"
_LABELS = re.compile(rf"\b(?:classify|label|categori[sz]e|tag|mark|rate|answer|reply|respond)\b"
                     rf"[^.?!\n]*?\b(?:as|with|into)\s+(?:either\s+|one of\s+)?{_LABEL}"
                     rf"((?:,\s*{_LABEL})*),?\s+or\s+{_LABEL}", re.IGNORECASE)
_MORE_LABELS = re.compile(rf",\s*{_LABEL}", re.IGNORECASE)
# "Rate this review from 1 to 5 stars", "Score it on a scale of 1-10", "a grade out of 10": the
# numbers a rating may take; a response that is a number alone ("7", "7/5", "7 stars") rates.
_SCALE = re.compile(r"\b(?:rate|rating|score|grade)\b[^.?!\n]*?\b(?:from|between|scale of)\s+"
                    r"(-?\d+)\s*(?:to|and|-|\u2013)\s*(-?\d+)\b|\b(?:rate|rating|score|grade)\b"
                    r"[^.?!\n]*?\bout of\s+()(\d+)\b", re.IGNORECASE)
_RATED = re.compile(r"\W*(-?\d+(?:\.\d+)?)\s*(?:/\s*\d+|stars?|points?|out of \d+)?\W*",
                    re.IGNORECASE)


def choice_missing(response: str, instruction: str) -> tuple[str, str] | None:
    """(verdict code, reason) where ``response`` picks an option ``instruction`` does not
    offer, rates outside the scale it states, or names none of the labels it asks to choose
    from; else None."""
    scale, rated = _SCALE.search(instruction), _RATED.fullmatch(response)
    if scale is not None and rated is not None:
        low, high = float(scale.group(1) or scale.group(3) or 0), float(scale.group(2)
                                                                         or scale.group(4))
        if not low <= float(rated.group(1)) <= high:
            return ("non_answer", f"the response rates {rated.group(1)}, outside the scale "
                    f"the instruction states ({low:g} to {high:g})")
    offered = _offered(instruction)
    picked = _PICKED.match(response)
    if len(offered) >= 2 and picked is not None:
        mark = picked.group(1).upper()
        if mark not in offered:
            return ("non_answer", f"the response picks option {mark}, and the instruction "
                    f"offers {', '.join(sorted(offered)[:-1])} and {sorted(offered)[-1]}")
        return None
    labels = _labels(instruction)
    said = " ".join(re.findall(r"[a-z]+", response.lower()))
    if len(labels) >= 2 and not any(re.search(rf"\b{re.escape(label)}", said)
                                    for label in labels):
        choices = f"{', '.join(labels[:-1])} or {labels[-1]}"
        return ("non_answer", f"the instruction asks to choose {choices}, and the response "
                "names none of them")
    return None


def _offered(instruction: str) -> set[str]:
    """The options' marks, where they run from A (or 1) without a gap; else none."""
    marks = {m.group(1).upper() for m in _OPTION.finditer(instruction)}
    for first in ("A", "1"):
        run = []
        mark = first
        while mark in marks:
            run.append(mark)
            mark = chr(ord(mark) + 1)
        if len(run) >= 2:
            return set(run)
    return set()


def _labels(instruction: str) -> list[str]:
    """The labels an instruction asks to choose from, lowercased, in order."""
    m = _LABELS.search(instruction)
    if m is None:
        return []
    middle = [x.group(1) for x in _MORE_LABELS.finditer(m.group(2) or "")]
    return [label.lower().replace("-", " ") for label in (m.group(1), *middle, m.group(4))]
