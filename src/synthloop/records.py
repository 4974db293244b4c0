"""Record, Verdict and Lineage: the unit of data that flows through every stage.

A record is never deleted. Checks append verdicts; the first failed verdict decides the
record's status (``rejected``), an unrecoverable error marks it ``failed`` (quarantined, with
the reason), and records that survive every stage are ``accepted``.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import repeat
from typing import Any, overload


class Status(StrEnum):
    """Where a record stands. ``ok`` means still in the pipeline; at the end it reads accepted."""

    OK = "ok"
    REJECTED = "rejected"
    FAILED = "failed"


@dataclass(slots=True)
class Slot:
    """One planned generation: the cell of the target distribution and its seed."""

    index: int
    attributes: dict[str, Any]
    seed: int
    round: int = 0


class SlotBlock(Sequence[Slot]):
    """Consecutive slots of one round held column-wise: slot ``start + j`` is of the cell
    ``cells[cell_of[j]]`` (its attributes) with seed ``seeds[j]``.

    A planned round of a million slots takes 12 bytes a slot this way rather than a million
    :class:`Slot` objects, and the run store keeps it as a few pages rather than a row per slot
    (``benchmarks/pipeline_overhead.py``: writing and reading back a row per slot cost a sixth
    of a run of no-op stages). A :class:`Slot` is made when one is read, with its own copy of
    the attributes (a stage may change them)."""

    __slots__ = ("start", "round", "cells", "cell_of", "seeds")

    def __init__(self, start: int, round_: int, cells: list[dict[str, Any]],
                 cell_of: array[int], seeds: array[int]) -> None:
        if len(cell_of) != len(seeds):
            raise ValueError(f"{len(cell_of)} cells for {len(seeds)} seeds")
        self.start, self.round, self.cells = start, round_, cells
        self.cell_of, self.seeds = cell_of, seeds

    def __len__(self) -> int:
        return len(self.seeds)

    @overload
    def __getitem__(self, i: int) -> Slot: ...

    @overload
    def __getitem__(self, i: slice) -> list[Slot]: ...

    def __getitem__(self, i: int | slice) -> Slot | list[Slot]:
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        j = range(len(self))[i]  # a negative index counts from the end; too far raises
        return Slot(self.start + j, dict(self.cells[self.cell_of[j]]), self.seeds[j], self.round)

    def __iter__(self) -> Iterator[Slot]:
        # built by map in C: a Python loop here was a tenth of a run of no-op stages
        n = len(self)
        return map(Slot, range(self.start, self.start + n),
                   map(dict, map(self.cells.__getitem__, self.cell_of)), self.seeds,
                   repeat(self.round, n))

    def tail(self, j: int) -> SlotBlock:
        """The slots from the ``j``-th on, as a block sharing the cells."""
        return SlotBlock(self.start + j, self.round, self.cells, self.cell_of[j:], self.seeds[j:])

    def pages(self, size: int) -> Iterator[SlotBlock]:
        """The block cut into blocks of at most ``size`` slots."""
        for j in range(0, len(self), size):
            yield SlotBlock(self.start + j, self.round, self.cells, self.cell_of[j:j + size],
                            self.seeds[j:j + size])

    @staticmethod
    def little_endian(values: array[int]) -> bytes:
        """``values`` as stored: little-endian whatever the machine, so a run folder moves."""
        if sys.byteorder == "big":
            values = array(values.typecode, values)
            values.byteswap()
        return values.tobytes()

    @staticmethod
    def from_little_endian(typecode: str, raw: bytes) -> array[int]:
        values = array(typecode, raw)
        if sys.byteorder == "big":
            values.byteswap()
        return values


@dataclass(slots=True)
class Verdict:
    """One check's judgement of one record.

    ``check`` is a short stable code (``answer_check.mismatch``) used to group reasons in the
    funnel; ``reason`` is the human sentence with the specifics (values, the kept duplicate...).
    ``details`` holds machine-readable facts behind the verdict (an execution's time, memory
    and tier), JSON-able.
    """

    stage: str
    check: str
    passed: bool
    score: float | None = None
    reason: str = ""
    details: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "check": self.check,
            "passed": self.passed,
            "score": self.score,
            "reason": self.reason,
            "details": self.details,
        }


@dataclass(slots=True)
class Lineage:
    """How a record came to be: enough to reproduce or audit it.

    ``producer`` describes the stage that wrote the record (recipe, teacher backend, model,
    sampling parameters, prompt-template hash); it is shared by many records and stored once.
    """

    spec_hash: str
    stage: str
    recipe: str
    seed: int | None = None
    parents: list[str] = field(default_factory=list)
    producer: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec_hash": self.spec_hash,
            "stage": self.stage,
            "recipe": self.recipe,
            "seed": self.seed,
            "parents": list(self.parents),
            "producer": dict(self.producer),
        }


# ``Record.stored`` of a record the store inserted with its batch serialized as a whole: no
# serialization of its own is at hand, and none equals this one, so a commit of the same
# object later writes its data again rather than compare.
UNKEPT = b""


@dataclass(slots=True, init=False)
class Record:
    """A candidate example.

    ``data`` holds the content in canonical field names (``instruction``, ``input``,
    ``response``, ``messages``, ``chosen``, ``rejected``, ``answer``, ...); ``attributes`` holds
    the plan slot it was generated for (``skill``, ``difficulty``, ...), used for coverage.
    """

    id: str
    data: dict[str, Any]
    attributes: dict[str, Any] = field(default_factory=dict)
    lineage: Lineage | None = None
    status: Status = Status.OK
    status_stage: str | None = None
    status_reason: str | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    seq: int | None = None  # position in the store; assigned on insert
    slot: int | None = None  # plan slot a generated record came from (for replaying failures)
    stage_done: int = -1  # index of the last stage that processed it (from the store)
    # Content rewritten (a stage's redaction or repair, a reviewer's edit): field -> one layer
    # per rewrite, oldest first, each ``{"by": who rewrote, "value": the value before}`` (see
    # :func:`note_rewrite`). Kept in the store for audits (`synthloop show --original`), never
    # exported.
    originals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    modified_by: list[str] = field(default_factory=list, repr=False)  # stages that rewrote it now
    # The stage that quarantined the record, while it is being retried: its earlier failure
    # verdict there is superseded (one failure verdict per record and stage).
    retried_at: str | None = field(default=None, repr=False)
    new_verdicts: list[Verdict] = field(default_factory=list, repr=False)
    # ``data`` as the store holds it, serialized (set when read: the bytes are at hand, a
    # digest would cost a hash per record). The store compares it on commit, so content
    # changed in place (``data[k] = v``, a list appended to) is persisted like content
    # changed through :meth:`update` or :meth:`rewrite`. ``None``: not read from the store (a
    # stand-in that only carries a verdict): its data is never written. :data:`UNKEPT`:
    # inserted without keeping its bytes: a later commit writes its data again.
    stored: bytes | None = field(default=None, repr=False, compare=False)

    # Written by hand, not generated: a generated ``__init__`` calls a factory per list and
    # dict left out, 0.3-0.5 us of the 1-2 us a record costs to make
    # (``benchmarks/pipeline_overhead.py``); ``None`` for each here means a new empty one.
    def __init__(self, id: str, data: dict[str, Any],
                 attributes: dict[str, Any] | None = None, lineage: Lineage | None = None,
                 status: Status = Status.OK, status_stage: str | None = None,
                 status_reason: str | None = None, verdicts: list[Verdict] | None = None,
                 seq: int | None = None, slot: int | None = None, stage_done: int = -1,
                 originals: dict[str, list[dict[str, Any]]] | None = None,
                 modified_by: list[str] | None = None, retried_at: str | None = None,
                 new_verdicts: list[Verdict] | None = None, stored: bytes | None = None
                 ) -> None:
        # one assignment a line: a tuple assignment of more than three builds the tuple
        self.id = id
        self.data = data
        self.attributes = {} if attributes is None else attributes
        self.lineage = lineage
        self.status = status
        self.status_stage = status_stage
        self.status_reason = status_reason
        self.verdicts = [] if verdicts is None else verdicts
        self.seq = seq
        self.slot = slot
        self.stage_done = stage_done
        self.originals = {} if originals is None else originals
        self.retried_at = retried_at
        self.stored = stored
        self.modified_by = [] if modified_by is None else modified_by
        self.new_verdicts = [] if new_verdicts is None else new_verdicts

    def add_verdict(
        self,
        stage: str,
        check: str,
        passed: bool,
        reason: str = "",
        score: float | None = None,
        details: dict[str, Any] | None = None,
    ) -> Verdict:
        """Append a verdict; a failed one rejects the record (first rejection wins)."""
        verdict = Verdict(stage=stage, check=check, passed=passed, score=score, reason=reason,
                          details=details)
        self.verdicts.append(verdict)
        self.new_verdicts.append(verdict)
        if not passed and self.status is Status.OK:
            self.status = Status.REJECTED
            self.status_stage = stage
            self.status_reason = reason or check
        return verdict

    def fail(self, stage: str, reason: str) -> None:
        """Quarantine the record: it stays in the store with the reason, and is not exported."""
        self.status = Status.FAILED
        self.status_stage = stage
        self.status_reason = reason
        verdict = Verdict(stage=stage, check=f"{stage}.failed", passed=False, reason=reason)
        self.verdicts.append(verdict)
        self.new_verdicts.append(verdict)

    def update(self, **data: Any) -> None:
        """Change content in place (redaction, repair); the store persists the new data."""
        self.data.update(data)

    def rewrite(self, stage: str, key: str, value: Any) -> None:
        """Replace ``data[key]`` on behalf of ``stage`` (a transform, not a verdict): the value
        before is kept in ``originals`` and the stage counts the record as modified."""
        if self.data.get(key) == value:
            return
        note_rewrite(self.originals, key, stage, self.data.get(key))
        self.data[key] = value
        if stage not in self.modified_by:
            self.modified_by.append(stage)

    @property
    def accepted(self) -> bool:
        return self.status is Status.OK

    def text(self) -> str:
        """All the record's natural-language content joined, for text-level checks."""
        return record_text(self.data)


def note_rewrite(originals: dict[str, list[dict[str, Any]]], key: str, by: str,
                 before: Any) -> None:
    """Keep the value ``key`` had before ``by`` (a stage, ``human:<reviewer>``) rewrote it.

    Every rewrite adds a layer rather than keeping only the first value, so an audit sees what
    each hand changed: a reviewer's edit of redacted text shows the redacted text it replaced,
    and the pre-redaction text stays in the layer below."""
    originals.setdefault(key, []).append({"by": by, "value": before})


def originals_from(stored: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Originals as read from a store; a store written before layers kept one bare value per
    field (the value before the first rewrite, by an unrecorded hand)."""
    def is_layers(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(
            isinstance(x, dict) and x.keys() == {"by", "value"} for x in v)
    return {k: v if is_layers(v) else [{"by": None, "value": v}] for k, v in stored.items()}


# Canonical field names, in order of preference. A worked solution is `trace` (our simulator)
# or `answer` (GSM8K's convention, where it holds the whole solution).
PROMPT_FIELDS = ("instruction", "question", "prompt")
RESPONSE_FIELDS = ("response", "output", "trace", "answer", "completion")
# What a check of the answer reads when no response field holds one: a preference pair's
# chosen side, a plain document.
ANSWER_FIELDS = (*RESPONSE_FIELDS, "chosen", "text")
# The answer of a question whose right answer is to decline (grounded QA).
UNANSWERABLE = "unanswerable"
# What reads as a refusal at the start of an answer (curate.quality, validate.relevance).
REFUSALS = (
    r"\bI(?:'m| am) (?:sorry|afraid),? (?:but )?I (?:can(?:'|no)t|cannot|am unable|'m unable|"
    r"won't)",
    r"^\s*I (?:can(?:'|no)?t|cannot|won't|am unable to|'m unable to) (?:help|assist|provide|"
    r"comply|do that|fulfil)",
    r"\bI(?:'m| am) not able to (?:help|assist|provide|comply)",
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
TEXT_FIELDS = ("system", "instruction", "input", "question", "prompt", "response", "output",
               "trace", "answer", "completion", "chosen", "rejected", "text")
# What a record *is* to a reader (`show`, the review page), in reading order: the prompt side,
# then the answer side. Other fields (candidates, scores, provenance) are details.
CONTENT_FIELDS = ("system", "instruction", "question", "prompt", "input", "text", "messages",
                  "response", "output", "trace", "answer", "completion", "code", "chosen",
                  "rejected", "label")


@dataclass(frozen=True, slots=True)
class Exchange:
    """A record's prompt side and answer side, decided once for every reader, so that a
    quality check, a judge, the relevance check and an exported chat row see the same prompt
    and the same response (see :func:`exchange`)."""

    instruction: str | None  # the first of PROMPT_FIELDS holding text
    input: str | None  # the instruction's ``input``, when it holds text
    asked: str | None  # the user turns of ``messages``, joined: the prompt of a chat record
    response: str | None  # the first of RESPONSE_FIELDS: what an export writes as the reply
    answer: str | None  # what checks of the answer read: ANSWER_FIELDS, else the last reply

    @property
    def prompt(self) -> str | None:
        """The instruction with its input (as one user turn), else the chat's user turns."""
        if self.instruction is None:
            return self.asked
        return f"{self.instruction}\n\n{self.input}" if self.input else self.instruction


def _first_text(data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` holding text, else the first holding a blank string: an empty
    answer reads as empty, not as missing."""
    blank = None
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            if value.strip():
                return value
            blank = value if blank is None else blank
    return blank


def exchange(data: dict[str, Any]) -> Exchange:
    """The prompt and response of a record's ``data``: the one place that decides which
    fields they are."""
    messages = data.get("messages")
    turns = [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []
    asked = [str(m.get("content") or "") for m in turns if m.get("role") == "user"]
    replies = [str(m.get("content") or "") for m in turns if m.get("role") == "assistant"]
    instruction = _first_text(data, PROMPT_FIELDS)
    extra = data.get("input")
    answer = _first_text(data, ANSWER_FIELDS)
    return Exchange(
        instruction=instruction if instruction and instruction.strip() else None,
        input=extra if isinstance(extra, str) and extra.strip() else None,
        asked="\n".join(asked) if asked else None,
        response=_first_text(data, RESPONSE_FIELDS),
        answer=answer if answer is not None else (replies[-1] if replies else None))


def content_fields(data: dict[str, Any]) -> list[str]:
    """The keys of ``data`` that hold its content, in reading order; a record with none of the
    canonical fields (a custom source) shows all of its own."""
    keys = [k for k in CONTENT_FIELDS if data.get(k) not in (None, "", [])]
    return keys or list(data)


# Where each text field goes in a record's text.
_TEXT_ORDER = {key: i for i, key in enumerate(TEXT_FIELDS)}


def record_text(data: dict[str, Any]) -> str:
    """Concatenate the textual fields of a record's data in a fixed order."""
    # the text fields a record has, found by one set intersection in C rather than 13
    # lookups: 1.7 us a record rather than 2.9 (31,500 records of the neardup benchmark)
    keys: Collection[str] = data.keys() & _TEXT_ORDER.keys()
    if len(keys) > 1:
        keys = sorted(keys, key=_TEXT_ORDER.__getitem__)
    parts = [value for key in keys if isinstance(value := data[key], str) and value]
    if "messages" in data and isinstance(messages := data["messages"], list):
        parts.extend(str(m.get("content", "")) for m in messages if isinstance(m, dict))
    return "\n".join(parts)


def normalize(text: str) -> str:
    """NFKC, case-folded, punctuation removed, whitespace collapsed: what "the same text"
    means to every check that compares texts (echoes, exact duplicates)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def make_id(*parts: object) -> str:
    """A deterministic record id, so a resumed run recreates exactly the same ids."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8)
    return digest.hexdigest()


def id_maker(*prefix: object) -> Callable[[object], str]:
    """``make_id(*prefix, last)`` as a function of ``last``, for many ids sharing a prefix:
    the prefix is hashed once and each id continues a copy of that state (0.45 us an id
    rather than 1.3: the 31,500 rows of the neardup benchmark's source import)."""
    base = hashlib.blake2b("".join(f"{part}\x1f" for part in prefix).encode(), digest_size=8)

    def make(last: object) -> str:
        digest = base.copy()
        digest.update(str(last).encode())
        return digest.hexdigest()

    return make
