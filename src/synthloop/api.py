"""The Python API, mirroring the CLI: ``run``, ``open_run`` and a RunHandle to read a run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from synthloop.config.exports import (
    Style,
    format_names,
    in_format_order,
    is_format,
    is_style,
    unknown_style,
)
from synthloop.config.located import Locator, format_errors
from synthloop.config.spec import Spec
from synthloop.errors import ExportError, RunDirError, StyleError
from synthloop.export.card import dataset_card
from synthloop.export.formats import format_of
from synthloop.export.staging import Staging
from synthloop.export.writers import ExportRows, rows
from synthloop.pipeline import Pipeline, RunOutcome, spec_from_store
from synthloop.records import Record, Status, Verdict
from synthloop.report import tables
from synthloop.report.progress import Progress
from synthloop.spec_check import CheckedSpec, check_spec, load_checked
from synthloop.store import DB_NAME, Content, RunStore, run_db

if TYPE_CHECKING:
    import datasets
    import pandas as pd

STATUS_NAMES = {"accepted": Status.OK, "rejected": Status.REJECTED, "failed": Status.FAILED}
SpecLike = CheckedSpec | Spec | str | Path | dict[str, Any]


def check(spec_or_path: SpecLike) -> CheckedSpec:
    """A spec path loaded, or a Spec/mapping built in Python validated, and its stages built:
    once (a CheckedSpec is taken as it is)."""
    if isinstance(spec_or_path, CheckedSpec):
        return spec_or_path
    if isinstance(spec_or_path, str | Path):
        return load_checked(spec_or_path)
    return check_spec(spec_or_path)


def as_spec(spec_or_path: SpecLike) -> Spec:
    """Load a spec path, or validate a Spec/mapping built in Python."""
    return check(spec_or_path).spec


def default_run_dir(spec: Spec) -> Path:
    return Path("runs") / spec.name


def run(
    spec_or_path: SpecLike,
    run_dir: str | Path | None = None,
    *,
    force_new: bool = False,
    export: bool = True,
    progress: Progress | None = None,
) -> RunHandle:
    """Run (or resume) a spec; when the run finishes, exports per ``outputs:`` and writes
    the HTML report (``<run dir>/report.html``, its path in ``handle.report_path``).

    ``handle.outcome.state`` says how it ended: ``complete``, ``short`` (some cell kept fewer
    records than planned; ``handle.outcome.shortfall`` has planned, kept and the reasons per
    cell) or ``budget``.

    The spec is validated and its stages built once (:func:`check`), and the run uses them."""
    checked = check(spec_or_path)
    spec = checked.spec
    rdir = Path(run_dir) if run_dir is not None else default_run_dir(spec)
    outcome = Pipeline(spec, rdir, progress=progress, force_new=force_new,
                       stages=checked.stages).run(checkpoint_behind=True)
    handle = RunHandle(rdir, spec)  # the spec just stored: not read back and validated again
    handle.outcome = outcome
    if export and outcome.state in ("complete", "short"):
        out = spec.resolve(spec.outputs.dir) if spec.outputs.dir else rdir / "export"
        handle.export(out, formats=spec.outputs.formats, style=spec.outputs.style,
                      include_rejected=spec.outputs.include_rejected,
                      license=spec.outputs.license, overwrite=True)
        from synthloop.report.html import write_report

        handle.report_path = write_report(handle)
    return handle


def open_run(run_dir: str | Path) -> RunHandle:
    rdir = Path(run_dir)
    run_db(rdir)
    return RunHandle(rdir)


class RunHandle:
    """A run on disk: records, verdicts, funnel, coverage, exports. ``spec`` is the run's,
    read from its store unless given."""

    def __init__(self, run_dir: Path, spec: Spec | None = None) -> None:
        self.run_dir = run_dir
        self.store = RunStore(run_dir / DB_NAME)
        try:
            self.spec = spec if spec is not None else spec_from_store(self.store)
        except ValidationError as exc:  # made with a plugin (teacher, style...) not here
            self.store.close()
            lines = format_errors(exc, None, Locator(str(run_dir / "spec.yaml"), None), Spec, ())
            raise RunDirError("\n".join([
                f"{run_dir}: its spec names what is not installed here; install the plugins "
                "the run was made with", *lines])) from None
        self.outcome: RunOutcome | None = None
        self.report_path: Path | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> RunHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def records(
        self, status: str | Iterable[str] | None = "accepted", *, stage: str | None = None,
        with_verdicts: bool = False, limit: int | None = None,
    ) -> Iterator[Record]:
        """Records in order; ``status`` is accepted, rejected, failed, several of them, or
        None for all; ``stage`` keeps records rejected or failed at that stage."""
        names = [status] if isinstance(status, str) else list(status or ())
        unknown = [n for n in names if n not in STATUS_NAMES]
        if unknown:
            raise ValueError(f"unknown status {unknown[0]!r}; use {', '.join(STATUS_NAMES)}")
        st = [STATUS_NAMES[n] for n in names] or None
        return self.store.iter_records(status=st, status_stage=stage,
                                       with_verdicts=with_verdicts, limit=limit)

    def _content(self, status: str | None) -> Iterator[Content]:
        """What an export writes of the records with ``status`` (None: all)."""
        return self.store.iter_content(None if status is None else [STATUS_NAMES[status]])

    def verdicts(self, status: str | None = None) -> Iterator[tuple[str, Verdict]]:
        for rec in self.records(status, with_verdicts=True):
            for v in rec.verdicts:
                yield rec.id, v

    def to_pandas(self, status: str | None = "accepted") -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            {"id": r.id, "status": "accepted" if r.accepted else r.status.value,
             "status_reason": r.status_reason, **r.data,
             **{f"attr_{k}": v for k, v in r.attributes.items()}}
            for r in self.records(status)
        )

    def to_hf_dataset(self, style: Style = "raw") -> datasets.Dataset:
        import datasets

        return datasets.Dataset.from_list(list(rows(self._content("accepted"), style)))

    def funnel(self) -> list[tables.FunnelRow]:
        return tables.funnel(self.store)

    def coverage(self) -> list[tables.CoverageRow]:
        return tables.coverage(self.store, self.spec)

    def counts(self) -> dict[str, int]:
        return {name: self.store.count(st) for name, st in STATUS_NAMES.items()}

    def export(
        self, out_dir: str | Path, *, formats: Sequence[str], style: Style = "chat",
        include_rejected: bool = False, license: str | None = None, overwrite: bool = False,
    ) -> dict[str, Path]:
        """Write the requested formats and a dataset card, all or nothing (see
        :mod:`synthloop.export.staging`); returns the paths written. An earlier export in
        ``out_dir`` is replaced only with ``overwrite`` (a run replaces its own).

        Accepted-only exports refuse a record the style cannot hold (ExportError naming it;
        nothing is written); audit exports (``include_rejected``) keep it as stored, with the
        reason."""
        out = Path(out_dir)
        _check_export(out, formats, style, overwrite=overwrite)
        row_iter = ExportRows(self.store, None if include_rejected else [Status.OK], style,
                              include_rejected)

        written: dict[str, Path] = {}
        try:
            with Staging(out) as staging:
                for name in in_format_order(formats):
                    fmt = format_of(name)
                    fmt.write(row_iter, staging)
                    written[name] = staging.keep(fmt.file)
                card = dataset_card(
                    name=self.spec.name, description=self.spec.description,
                    license=license or self.spec.outputs.license,
                    spec_yaml=self.spec.to_yaml(), spec_hash=self.spec.content_hash(),
                    counts=self.counts(), funnel=self.funnel(), coverage=self.coverage(),
                    lineage=tables.lineage_summary(self.store), style=style,
                    files=[p.name for p in written.values()])
                staging.path("README.md").write_text(card)
                written["card"] = staging.keep("README.md")
        except StyleError as exc:
            raise ExportError(f"{exc}\nNothing was written. (--include-rejected exports every "
                              "record, keeping those a style cannot hold as they are stored.)"
                              ) from None
        return written


def _check_export(out: Path, formats: Sequence[str], style: str, *, overwrite: bool) -> None:
    """Bad arguments, and files an export would replace without ``overwrite``, refused
    before anything is written."""
    bad = [f for f in formats if not is_format(f)]
    if bad or not formats:
        what = f"unknown format {bad[0]!r}" if bad else "no format given"
        raise ExportError(f"{what}; the formats are {', '.join(format_names())}")
    if not is_style(style):
        raise ExportError(unknown_style(style))
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} is a file; give a folder (it is created if missing)")
    taken = [name for name in [*(format_of(f).file for f in formats), "README.md"]
             if (out / name).exists()]
    if taken and not overwrite:
        raise ExportError(f"--out {out} already holds {', '.join(taken)}; pass --overwrite to "
                          "replace them, or give another folder")
