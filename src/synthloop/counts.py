"""The numbers a run is judged by, as plain types: a stage's funnel counts (counted from
records in one place), the funnel's rows and the coverage rows.

The driver counts each batch (:meth:`StageCounts.of`) and commits the counts with it, the
store keeps the running totals per stage, and the report, the card and the CLI read them back
as :class:`FunnelRow`: nothing passes the funnel around as a positional tuple. These types sit
below the store and the report so that both (and the exports) can name them.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field

from synthloop.records import Record, Status

_status_of = operator.attrgetter("status")
_modified_by = operator.attrgetter("modified_by")


@dataclass(frozen=True, slots=True)
class StageCounts:
    """How many records came into a stage (``n_in``) and what became of them: ``passed`` on
    (for a generator: created and kept), ``rejected`` or ``failed`` (quarantined) there;
    ``modified`` of them had fields rewritten by the stage (redaction, repair)."""

    n_in: int = 0
    passed: int = 0
    rejected: int = 0
    failed: int = 0
    modified: int = 0

    @classmethod
    def of(cls, records: Iterable[Record], label: str, n_in: int, *,
           retry: bool = False) -> StageCounts:
        """The counts of stage ``label`` that took ``n_in`` items and returned ``records``.

        A retried batch (quarantined records given to the stage that failed them) was
        already counted once, as failed: it moves from failed rather than adding to in."""
        batch = list(records)
        # Statuses and rewrites are first read in C (map): most batches pass whole and
        # rewrite nothing, and a Python loop per record and stage was a tenth of a run of
        # no-op stages. Status members are locals: reading one costs CPython 3.11 ~200 ns.
        ok, rejected_ = Status.OK, Status.REJECTED
        statuses = list(map(_status_of, batch))
        passed = statuses.count(ok)
        rejected = failed = modified = 0
        if passed < len(batch):
            for r in batch:
                if r.status is not ok and r.status_stage == label:
                    if r.status is rejected_:
                        rejected += 1
                    else:
                        failed += 1
        if any(map(_modified_by, batch)):
            modified = sum(1 for r in batch if label in r.modified_by)
        if retry:
            return cls(0, passed, rejected, failed - n_in, modified)
        return cls(n_in, passed, rejected, failed, modified)

    def __sub__(self, other: StageCounts) -> StageCounts:
        """What turns ``other`` into ``self``: the change to commit for a recomputed row."""
        return StageCounts(*(a - b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def as_row(self) -> tuple[int, int, int, int, int]:
        """The store's column order: in, passed (n_out), rejected, failed, modified."""
        return self.n_in, self.passed, self.rejected, self.failed, self.modified


@dataclass
class FunnelRow:
    """One stage's line of the funnel: its counts and its top failed checks, as (check,
    count, an example reason). The counts read as the row's own (``row.passed``)."""

    stage: str
    counts: StageCounts
    reasons: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def n_in(self) -> int:
        return self.counts.n_in

    @property
    def passed(self) -> int:
        return self.counts.passed

    @property
    def rejected(self) -> int:
        return self.counts.rejected

    @property
    def failed(self) -> int:
        return self.counts.failed

    @property
    def modified(self) -> int:
        return self.counts.modified


@dataclass
class CoverageRow:
    """Target against achieved, for one value of one plan axis, over accepted records."""

    axis: str
    value: str
    target_share: float
    achieved_share: float
    target_count: int
    achieved_count: int

    @property
    def delta_points(self) -> float:
        return (self.achieved_share - self.target_share) * 100
