"""What the HTML report shows about one run, gathered from its store as plain data.

Bounded whatever the run's size, so the report stays small and quick: lengths come from at
most ``max_records`` records (an even stride through the store when there are more: the
histogram of 5,000 is the histogram of all, and reading every record of a 31,500-document
dedup run was a sixth of its CPU), rejects are shown by a few examples per reason with clipped
text, and scores by their distribution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import orjson

from synthloop.config.spec import Spec
from synthloop.counts import CoverageRow, FunnelRow
from synthloop.records import Status, record_text
from synthloop.clip import clip, clip_strings
from synthloop.report.tables import TargetCount, target_count
from synthloop.store import RunStore



class RunView(Protocol):
    """What the report reads of a run: :class:`synthloop.api.RunHandle` is one (declared
    here, since the report sits below the API that writes it)."""

    run_dir: Path
    store: RunStore
    spec: Spec

    def funnel(self) -> list[FunnelRow]: ...

    def coverage(self) -> list[CoverageRow]: ...

    def counts(self) -> dict[str, int]: ...

SCREENING = ("decontam", "contamin", "pii", "memoriz")  # stage names of screening stages


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    reason: str
    text: str


@dataclass
class RunSummary:
    name: str
    run_dir: str
    spec_hash: str
    counts: dict[str, int]
    funnel: list[FunnelRow]
    examples: dict[tuple[str, str], list[Example]]
    coverage: list[CoverageRow]
    target: TargetCount | None  # None: the run started from a source
    lengths: dict[str, list[int]]  # status -> words per record (sampled)
    stride: int  # lengths are of every stride-th record
    scores: dict[str, list[float]]  # check -> scores
    diversity: dict[str, dict[str, Any]]
    screening: list[FunnelRow]
    # (stage, check, records, an example reason): rejections and rewrites (redactions) by the
    # screening stages; a passing verdict with a reason is a hit that was fixed, not dropped.
    screening_hits: list[tuple[str, str, int, str]]
    usage: list[dict[str, Any]]
    measure: dict[str, dict[str, Any]]
    other_reports: dict[str, str] = field(default_factory=dict)
    human: dict[str, Any] | None = None

    @property
    def total_tokens(self) -> int:
        return sum(u["prompt_tokens"] + u["completion_tokens"] for u in self.usage)

    @property
    def total_cost(self) -> float:
        return float(sum(u["cost"] for u in self.usage))

    @property
    def sampled(self) -> int:
        """How many records the lengths come from."""
        return sum(map(len, self.lengths.values()))

    def median_words(self, status: str = "accepted") -> float | None:
        values = sorted(self.lengths.get(status, []))
        return values[len(values) // 2] if values else None


def summarize(handle: RunView, *, max_records: int = 5_000, examples_per_reason: int = 3,
              excerpt: int = 400) -> RunSummary:
    store = handle.store
    funnel = handle.funnel()
    for row in funnel:  # an example reason can quote the record
        row.reasons = [(check, n, clip(why, excerpt)) for check, n, why in row.reasons]
    examples: dict[tuple[str, str], list[Example]] = {}
    for row in funnel:
        for check, _, _ in row.reasons:
            examples[(row.stage, check)] = [
                Example(clip(rid, 80), clip(reason or "", excerpt),
                        clip(record_text(data), excerpt))
                for rid, reason, data in store.rejected_examples(row.stage, check,
                                                                 examples_per_reason)]
    total = store.count()
    stride = max(1, -(-total // max_records))
    lengths: dict[str, list[int]] = {}
    for status, data in store.sample_data(stride):
        name = "accepted" if status is Status.OK else status.value
        lengths.setdefault(name, []).append(len(record_text(data).split()))
    scores: dict[str, list[float]] = {}
    for check, score in store.verdict_scores(limit=200_000):
        scores.setdefault(check, []).append(score)
    diversity, measure, other = {}, {}, {}
    for key, report in store.reports().items():
        if isinstance(report, dict) and "distinct" in report:
            diversity[key] = clip_strings(report, 200)  # openings of a run stored before
        elif isinstance(report, dict) and "evals" in report:
            measure[key] = report
        else:
            other[key] = clip(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode(), 20_000)
    screening = [r for r in funnel if any(w in r.stage for w in SCREENING)]
    names = [r.stage for r in screening]
    hits = store.verdict_hits(names)
    human = None
    if store.decision_count():  # the review modules load only for a reviewed run
        from synthloop.validate.human.decisions import agreement_summary

        human = agreement_summary(store)
    return RunSummary(
        name=handle.spec.name, run_dir=str(handle.run_dir),
        spec_hash=handle.spec.content_hash(), counts=handle.counts(), funnel=funnel,
        examples=examples, coverage=handle.coverage(),
        target=target_count(store, handle.spec), lengths=lengths, stride=stride,
        scores=dict(sorted(scores.items(), key=lambda kv: -len(kv[1]))[:12]),
        diversity=diversity,
        screening=screening, screening_hits=[(a, b, n, clip(c or "", 200))
                                             for a, b, n, c in hits],
        usage=store.usage(), measure=measure, other_reports=other, human=human)
