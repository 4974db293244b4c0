"""``synthloop report``: one self-contained HTML file about a run (and a second, side by side).

No script at all, no network request: styles are inline, plots are inline SVG, and a
Content-Security-Policy meta tag forbids loading anything, so the file opens anywhere, offline,
and nothing a record contains can run or fetch. Jinja2 escapes every value (generated text is
data, never markup). What is shown is bounded (see :mod:`synthloop.report.summary`), which
keeps the file far below ``MAX_BYTES``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from synthloop.errors import SynthloopError, UsageError
from synthloop.report import svg
from synthloop.report.summary import RunSummary, RunView, summarize
from synthloop.version import __version__

MAX_BYTES = 5_000_000
REPORT_NAME = "report.html"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _env() -> jinja2.Environment:
    # Compiling the template took 80 ms, a fifth of a short run's fixed cost (every run writes
    # its report): the compiled code is cached per user in the temp dir, keyed by its source.
    return jinja2.Environment(loader=jinja2.PackageLoader("synthloop.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              bytecode_cache=jinja2.FileSystemBytecodeCache())


def funnel_plot(s: RunSummary) -> str:
    rows = [(r.stage, [(r.passed, "pass", f"{r.passed:,} passed"),
                       (r.rejected, "rej", f"{r.rejected:,} rejected"),
                       (r.failed, "fail", f"{r.failed:,} failed")]) for r in s.funnel]
    return svg.stacked_bars(rows, title=f"funnel of {s.name}")


def coverage_plot(s: RunSummary) -> str:
    rows = [(f"{c.axis}={c.value}", [(c.achieved_count, "pass",
                                      f"{c.achieved_count:,} of {c.target_count:,} wanted"),
                                     (max(c.target_count - c.achieved_count, 0), "short",
                                      "short of the target")]) for c in s.coverage]
    return svg.stacked_bars(rows, title="coverage against the target")


def measure_curve(ev: dict[str, Any]) -> Markup:
    """The metric against the synthetic items mixed in, where the experiment drew a curve
    (amounts and fixed-size shares as two lines)."""
    points = ev.get("curve") or []
    lines: dict[str, list[tuple[float, float, float, float]]] = {}
    base = next((p for p in points if p["kind"] == "baseline"), None)
    for p in points:
        m = p["metric"]
        kinds = ["amount", "share"] if p["kind"] == "baseline" else [p["kind"]]
        for kind in kinds:
            name = "real + synthetic" if kind == "amount" else "fixed size, synthetic share"
            lines.setdefault(name, []).append((p["n_synthetic"], m["value"], m["low"], m["high"]))
    lines = {k: v for k, v in lines.items() if len(v) > 1}
    return svg.curve(lines, title=f"{ev['name']}: {ev['metric']} against synthetic items",
                     xlabel="synthetic items in the training set", ylabel=ev["metric"],
                     baseline=None if base is None else base["metric"]["value"])


def render(run: RunSummary, other: RunSummary | None = None) -> str:
    runs = [run] if other is None else [run, other]
    plots = {
        "funnel": [funnel_plot(s) for s in runs],
        "coverage": coverage_plot(run) if run.coverage else "",
        "lengths": svg.histogram({s: run.lengths[s] for s in svg.STATUS_COLORS
                                  if s in run.lengths}, title="words per record by status",
                                 xlabel="words per record", colors=svg.STATUS_COLORS),
        "scores": {check: svg.histogram({check: vals}, title=check, xlabel="score", bins=20)
                   for check, vals in run.scores.items()},
        "measure": {key: [svg.intervals([(a["arm"], a["value"], a["low"], a["high"])
                                         for a in ev["arms"]], title=ev["name"])
                          + measure_curve(ev) for ev in report["evals"]]
                    for key, report in run.measure.items()},
    }
    if other is not None:
        plots["compare_lengths"] = svg.histogram(
            {f"{run.name} ({run.run_dir})": run.lengths.get("accepted", []),
             f"{other.name} ({other.run_dir})": other.lengths.get("accepted", [])},
            title="words per accepted record, both runs", xlabel="words per record")
    stages = list(dict.fromkeys([r.stage for s in runs for r in s.funnel]))
    return _env().get_template("report.html.j2").render(
        run=run, other=other, plots=plots, csp=CSP, stages=stages, version=__version__,
        colors=svg.STATUS_COLORS,
        made=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))


def write_report(handle: RunView, out: str | Path | None = None,
                 compare: RunView | None = None) -> Path:
    """Write the report (default ``<run dir>/report.html``) and return its path."""
    path = Path(out) if out is not None else handle.run_dir / REPORT_NAME
    html = render(summarize(handle), summarize(compare) if compare is not None else None)
    data = html.encode()
    if len(data) > MAX_BYTES:  # bounded by construction; a guard, not a code path
        raise SynthloopError(f"the report would be {len(data):,} bytes (limit {MAX_BYTES:,})")
    if path.exists() and path.is_dir():
        raise UsageError(f"--out {path} is a folder; give a file name ending in .html")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
