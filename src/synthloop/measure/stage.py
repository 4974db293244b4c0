"""``measure.experiment``: measuring as the last stage of a spec.

The run's own accepted records are the synthetic data (they replace any ``synthetic:`` in the
experiment); the experiment is a file (resolved against the spec's folder) or written inline.
The report (without item scores) is stored in the run under the stage's label, and
``results.json`` and ``results.md`` go to ``out`` (default ``<run dir>/measure/<name>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import model_validator

from synthloop.errors import SpecError
from synthloop.measure.data import Item, items_from_rows
from synthloop.records import Record
from synthloop.registry import register
from synthloop.stages import ReportStage, StageContext, StageParams


class MeasureParams(StageParams):
    """``experiment`` is an experiment file or an inline experiment; ``fields`` maps the
    student's field names to the run's record fields (``{prompt: question, response: trace}``).
    """

    experiment: str | dict[str, Any]
    fields: dict[str, str] = {}
    out: str | None = None

    @model_validator(mode="after")
    def _inline(self) -> MeasureParams:
        if isinstance(self.experiment, dict):
            from synthloop.measure.experiment import validate_experiment

            try:
                validate_experiment(self.experiment)
            except SpecError as exc:
                lines = [i.removeprefix("<experiment>: ") for i in exc.issues]
                raise ValueError("inline experiment: " + "; ".join(lines)) from None
        return self


@register
class MeasureExperiment(ReportStage[MeasureParams]):
    """Measures whether the run's accepted records improve a student on held-out evaluations,
    with confidence intervals (an experiment as the last stage)."""

    name = "measure.experiment"

    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        from synthloop.measure.experiment import load_experiment, validate_experiment
        from synthloop.measure.runner import run_experiment

        spec_dir = ctx.base_dir
        if isinstance(self.params.experiment, str):
            exp = load_experiment(spec_dir / self.params.experiment, require_synthetic=False)
        else:
            exp = validate_experiment(self.params.experiment, base_dir=spec_dir)
        rows = [(f"record {r.id}", {**r.attributes, **r.data}) for r in records]

        def synthetic(needed: Sequence[str]) -> list[Item]:
            return items_from_rows(rows, self.params.fields, needed, source=str(ctx.run_dir))

        def say(message: str) -> None:
            if ctx.store is not None:
                ctx.store.log_event("measure", message)

        result = run_experiment(exp, synthetic=synthetic, progress=say)
        out = spec_dir / self.params.out if self.params.out else ctx.run_dir / "measure"
        result.save(out / exp.name)
        return result.to_dict(with_scores=False)
