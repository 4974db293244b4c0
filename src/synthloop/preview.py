"""``synthloop preview``: the whole pipeline on a handful of slots, every verdict shown.

The spec is cut down (:func:`preview_spec`) and run in a throwaway run directory: ``n`` slots
in one round (or the source's first ``n`` rows), each record committed and reported as it is
done, corpus stages on that small set, report stages left out (they describe a dataset, and a
``measure`` stage trains models). Then every record prints as ``synthloop show`` prints it, with
one line per verdict and its reason, so a template echoed into the output or a judge failing
everything shows in seconds, not after a long run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from synthloop.pipeline import Pipeline, RunOutcome
from synthloop.records import Record, Status
from synthloop.registry import get_stage
from synthloop.report.compact import record_lines
from synthloop.report.progress import Progress
from synthloop.spec import Spec
from synthloop.stages import ReportStage
from synthloop.store import RunStore


def preview_spec(spec: Spec, n: int) -> Spec:
    """``spec`` on ``n`` slots: one round, no oversampling or quotas; batches of one record
    (each commits and shows when done), per-record stages in this process (no worker pool to
    start), no report stages."""
    update: dict[str, Any] = {}
    if spec.target is not None:
        update["target"] = spec.target.model_copy(update={
            "size": n, "oversample": 1.0, "max_rounds": 1, "quotas": []})
    if spec.source is not None:
        update["source"] = spec.source.model_copy(update={"limit": min(n, spec.source.limit
                                                                       or n)})
    update["stages"] = [
        stage.model_copy(update={"batch_size": 1, "workers": 0})
        for stage in spec.stages if not issubclass(get_stage(stage.use), ReportStage)]
    preview = spec.model_copy(update=update)
    preview._path = spec._path
    return preview


def run_preview(spec: Spec, n: int, progress: Progress, *, keep: bool
                ) -> tuple[Path, RunOutcome, list[Record], float]:
    """Run the cut-down spec in a fresh temporary run dir (removed unless ``keep``); the
    outcome, every record with its verdicts, and the seconds it took."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"synthloop-preview-{spec.name}-"))
    started = time.monotonic()
    try:
        outcome = Pipeline(preview_spec(spec, n), run_dir, progress=progress).run()
        store = RunStore(run_dir / "run.db")
        try:
            records = list(store.iter_records(with_verdicts=True))
        finally:
            store.close()
    finally:
        if not keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    return run_dir, outcome, records, time.monotonic() - started


def summary_line(records: list[Record], n: int, seconds: float) -> str:
    kept = sum(1 for r in records if r.accepted)
    why: Counter[str] = Counter()
    for rec in records:
        if rec.status is not Status.OK:
            failed = [v.check for v in rec.verdicts
                      if not v.passed and v.stage == rec.status_stage]
            why[failed[0] if failed else str(rec.status_reason)] += 1
    top = "".join(f"; top reason: {check} ({count})" for check, count in why.most_common(1))
    return (f"preview: kept {kept} of {len(records)} records from {n} slots in "
            f"{seconds:.1f} s{top}")


def print_preview(console: Console, run_dir: Path, outcome: RunOutcome,
                  records: list[Record], n: int, seconds: float, keep: bool) -> None:
    for i, rec in enumerate(records, 1):
        for j, line in enumerate(record_lines(rec, reasons=True)):
            console.print(escape(f"[{i}] {line}" if j == 0 else line), highlight=False,
                          soft_wrap=True)
    if outcome.state == "budget":
        console.print(f"stopped by the budget: {escape(outcome.message)}", highlight=False)
    if keep:
        console.print(f"run dir kept: {run_dir} (synthloop show / report read it)",
                      highlight=False, soft_wrap=True)
    console.print(escape(summary_line(records, n, seconds)), highlight=False, soft_wrap=True)
