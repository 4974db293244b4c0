"""A word problem's skeleton: its text with the numbers, names and units masked.

A benchmark item retold with other numbers, other names or other units is the same problem:
"Keiko paid $4.50 for six lollipops" is GSM8K test's "Manolo bought five lollipops ... $3.20".
all-MiniLM-L6-v2 reads the changed words as a change of meaning (cosine 0.805), and other
problems of the same kind are as near. Masked on both sides ("someone paid N for N lollipops",
"someone bought N lollipops ... N") the retelling is near its item again (0.958) and a problem
of the same kind, with its own goods and questions, is not; the decontamination stage compares
skeletons where a record is already near an item (see its docs for the calibration).
"""

from __future__ import annotations

import re

from synthloop.checks.evidence import NUMBER_WORDS, UNITS
from synthloop.curate.fingerprint import capitalised

_NUMBER = re.compile(r"\$?\d+(?:,\d{3})*(?:\.\d+)?%?")
_WORDS = re.compile(r"\b[A-Za-z]+\b")


def skeleton(text: str) -> str:
    """``text`` with each number (digits or words) as "N", each name (a capitalised content
    word) as "someone" and each unit (:data:`synthloop.checks.evidence.UNITS`) as "unit"."""
    names = capitalised(text)

    def word(found: re.Match[str]) -> str:
        token = found.group()
        lower = token.lower()
        if token in names:
            return "someone"
        if lower in NUMBER_WORDS:
            return "N"
        return "unit" if lower in UNITS else token

    return _WORDS.sub(word, _NUMBER.sub("N", text))
