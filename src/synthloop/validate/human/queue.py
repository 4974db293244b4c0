"""What a reviewer sees: the queue (filtered, most uncertain first) and one record's screen.

Reviews are blind: a reviewer sees the machine checks and their own decisions, never another
reviewer's, and filters by the status the machine checks gave (a record another reviewer
rejected is still in everyone's queue). A ``sample`` restricts every reviewer to the same
deterministic subset, which makes the overlap that agreement statistics need.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from synthloop.records import Record, Status, content_fields
from synthloop.store import RunStore
from synthloop.validate.human.decisions import HUMAN, HumanLayer, judge_passes, label_of

BANDS = {"0-0.25": (0.0, 0.25), "0.25-0.5": (0.25, 0.5), "0.5-0.75": (0.5, 0.75),
         "0.75-1": (0.75, 1.0)}


@dataclass(slots=True)
class Filters:
    """Queue filters; empty strings mean "any"."""

    status: str = "accepted"  # accepted, rejected, failed or "" (all)
    stage: str = ""
    check: str = ""
    band: str = ""  # a key of BANDS: some verdict's score falls in it
    disagree: bool = False  # the judge and this reviewer disagree
    q: str = ""  # case-insensitive search in the record's content and id


@dataclass(slots=True)
class _Entry:
    seq: int
    status: str
    stages: set[str]
    checks: set[str]
    scores: list[float]
    text: str
    uncertainty: float = field(default=1.0)


def machine_status(rec: Record) -> str:
    """The status machine checks gave (a human rejection reads as accepted here)."""
    if rec.status is Status.OK or rec.status_stage == HUMAN:
        return "accepted"
    return rec.status.value


class Review:
    """One reviewer's view of a run."""

    def __init__(self, store: RunStore, reviewer: str, *, sample: int | None = None) -> None:
        self.store = store
        self.reviewer = reviewer
        self.layer = HumanLayer(store)
        self.sample = sample

    def _entries(self) -> list[_Entry]:
        entries = []
        for rec in self.store.iter_records(with_verdicts=True):
            machine = [v for v in rec.verdicts if v.stage != HUMAN]
            scores = [v.score for v in machine if v.score is not None and 0 <= v.score <= 1]
            entries.append(_Entry(
                seq=rec.seq or 0, status=machine_status(rec),
                stages={v.stage for v in machine}, checks={v.check for v in machine},
                scores=scores, text=f"{rec.id}\n{rec.text()}\n{rec.data}".lower(),
                # Distance of the least decided score from 0.5, scaled to [0, 1]: 0 is a
                # coin toss; records without scores come after every scored one.
                uncertainty=min((abs(s - 0.5) * 2 for s in scores), default=2.0)))
        if self.sample is not None and self.sample < len(entries):
            rng = random.Random(f"{self.store.get_meta('spec_hash')}:review-sample")
            entries = sorted(rng.sample(entries, self.sample), key=lambda e: e.seq)
        return entries

    def queue(self, f: Filters) -> list[int]:
        """Record seqs matching the filters, most uncertain first (then in store order)."""
        judged = judge_passes(self.store) if f.disagree else {}
        mine = self._my_labels() if f.disagree else {}
        q = f.q.lower().strip()
        lo, hi = BANDS.get(f.band, (0.0, 1.0))
        hits = [
            e for e in self._entries()
            if (not f.status or e.status == f.status)
            and (not f.stage or f.stage in e.stages)
            and (not f.check or f.check in e.checks)
            and (not f.band or any(lo <= s <= hi for s in e.scores))
            and (not q or q in e.text)
            and (not f.disagree or (e.seq in judged and e.seq in mine
                                    and (mine[e.seq] == "accept") != judged[e.seq]))
        ]
        hits.sort(key=lambda e: (e.uncertainty, e.seq))
        return [e.seq for e in hits]

    def _my_labels(self) -> dict[int, str]:
        return {seq: label_of(by[self.reviewer]) for seq, by in self.layer.standing().items()
                if self.reviewer in by}

    def facets(self) -> dict[str, list[str]]:
        """Stages and check codes present, for the filter menus."""
        stages, checks = self.store.verdict_facets(HUMAN)
        return {"stages": stages, "checks": checks, "bands": list(BANDS)}

    def screen(self, seq: int) -> dict[str, Any] | None:
        """Everything one record's screen shows, as plain data (the page renders it as text)."""
        rec = next(self.store.iter_records(after=seq - 1, until=seq, with_verdicts=True), None)
        if rec is None:
            return None
        mine = [h for h in self.layer.history(seq) if h["reviewer"] == self.reviewer]
        verdicts = [v.to_dict() for v in rec.verdicts
                    if v.stage != HUMAN or v.reason.split(":", 1)[0] == self.reviewer]
        return {
            "seq": seq, "id": rec.id, "status": machine_status(rec),
            "status_stage": None if rec.status_stage == HUMAN else rec.status_stage,
            "status_reason": None if rec.status_stage == HUMAN else rec.status_reason,
            "attributes": rec.attributes, "data": rec.data, "originals": rec.originals,
            "content": content_fields(rec.data),  # the keys of data shown first, in order
            "verdicts": verdicts,
            "lineage": rec.lineage.to_dict() if rec.lineage else None,
            "decision": mine[-1] if mine else None,
        }
