"""Stage 5, measure: does training on the synthetic data help on held-out evaluations?

``measure(path)`` loads an experiment file, trains its student on every arm for every seed,
and publishes the result: ``results.json`` and ``results.md`` in the output folder, and a report
in each synthloop run the experiment read from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from synthloop.measure.experiment import ExperimentSpec, load_experiment, validate_experiment
from synthloop.measure.results import ExperimentResult
from synthloop.measure.runner import Progress, run_experiment
from synthloop.store import RunStore, run_db

__all__ = ["ExperimentResult", "ExperimentSpec", "load_experiment", "measure", "publish",
           "run_experiment", "validate_experiment"]


def measure(path: str | Path, *, out: Path | None = None,
            progress: Progress | None = None) -> tuple[ExperimentResult, Path]:
    """Run the experiment file at ``path``; return the result and the folder it went to
    (``out``, by default ``<name>-results`` beside the experiment file)."""
    exp = load_experiment(path)
    result = run_experiment(exp, progress=progress)
    out = out or exp.base_dir / f"{exp.name}-results"
    runs = [exp.resolve(src.run) for src in exp.synthetic if src.run is not None]
    publish(result, out, runs=runs)
    return result, out


def publish(result: ExperimentResult, out: Path, *, runs: Sequence[Path] = ()) -> None:
    """Write JSON and Markdown to ``out`` and store the report (without item scores) under
    ``measure.<name>`` in each of ``runs`` (the runs the synthetic data came from)."""
    result.save(out)
    for run_dir in runs:
        store = RunStore(run_db(run_dir))
        try:
            store.put_report(f"measure.{result.name}", result.to_dict(with_scores=False))
        finally:
            store.close()
