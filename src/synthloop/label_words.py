"""A label as words, shared by the stage that tells a teacher what a label means and the
experiment arm that trains on the labels' names (``generate`` and ``measure`` may not import
each other, so the one rule lives below both)."""

from __future__ import annotations

import re

# a word boundary inside camelCase ("cardArrival", "ATMFee"), and runs of "_"/"-"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_JOINERS = re.compile(r"[_\-\s]+")


def label_words(label: str) -> str:
    """A label as words ("card_arrival", "card-arrival", "cardArrival" -> "card arrival" /
    "card Arrival"), case kept: what the teacher is told a label means when the taxonomy gives
    no description, and the text of a label-name training item."""
    return _JOINERS.sub(" ", _CAMEL.sub(" ", label)).strip()
