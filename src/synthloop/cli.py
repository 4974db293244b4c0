"""The ``synthloop`` command line: run, status, show, export, check.

Errors a user can act on print one short message and exit non-zero (2 for bad input, 3 for a
reached budget, 4 for an unavailable teacher: each ``SynthloopError`` carries its code), never a
traceback; an unexpected crash writes its traceback to ``<run dir>/error.log`` and says so. A run
that finishes short of its target exits 5 after its per-cell shortfall lines.
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

# A command's startup allocates hundreds of thousands of objects that live as long as the
# process (modules, classes, pydantic schemas, typer's adapters); at CPython's default
# threshold (700 allocations) the collector walks them again and again: a one-request
# `synthloop run` collected 117 times for 0.13 s (load 12), 37 times for 0.03 s with this set
# in `main`; its imports took 12% less CPU (0.54 s -> 0.48 s, medians of 12). Set here, before
# typer and rich load: 37 -> 10 collections in the whole process, 8.5 -> 2.7 ms of CPU (load 5);
# an importer of this module gets its own threshold back at the end of it. Garbage is freed by
# reference counting; cycles wait for a collection every 100,000 allocations, as they do while
# a run runs (synthloop.pipeline).
STARTUP_GC_THRESHOLD = 100_000
_IMPORTER_GC_THRESHOLD = gc.get_threshold()
gc.set_threshold(STARTUP_GC_THRESHOLD, *_IMPORTER_GC_THRESHOLD[1:])

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from synthloop.errors import SynthloopError  # noqa: E402

APP_SETTINGS: dict[str, Any] = dict(
    name="synthloop", no_args_is_help=True, add_completion=False,
    pretty_exceptions_enable=False,
    help="Synthetic data for language-model development: plan, generate, validate, curate, "
         "measure.",
)
app = typer.Typer(**APP_SETTINGS)
# No emoji codes: `:name:` in a record, event or error message is printed as written, not
# turned into an emoji, and rich's table of codes (7 ms of importtime) is never loaded.
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)
P = ParamSpec("P")
R = TypeVar("R")
SHORT_EXIT = 5  # the run finished, every round spent, short of its target


def _version(value: bool) -> None:
    if value:
        from synthloop.version import __version__

        console.print(f"synthloop {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """Synthetic data for language-model development: plan, generate, validate, curate,
    measure."""


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Map known errors to a short message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from synthloop.executors.base import StageFailed

        try:
            return func(*args, **kwargs)
        except SynthloopError as exc:
            for line in str(exc).splitlines():
                err_console.print(f"[red]error:[/] {escape(line)}", highlight=False,
                                  soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; re-run the same command to resume where it stopped")
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as exc:  # a bug or an environment problem: keep the traceback
            run_dir = kwargs.get("run_dir")  # a Path where the command takes one
            log = _write_error_log(run_dir if isinstance(run_dir, Path) else None, exc)
            err_console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
            hint = ("Nothing of that batch was kept. " if isinstance(exc, StageFailed) else "")
            err_console.print(f"{hint}The traceback is in {log}. Fix the cause and re-run the "
                              "same command to resume.")
            raise typer.Exit(1) from None

    return wrapper


def _write_error_log(run_dir: Path | None, exc: BaseException) -> Path:
    """The traceback in ``<run dir>/error.log``, or in a temporary file where the run dir
    cannot be written (the user still gets one message and a path)."""
    text = "".join(traceback.format_exception(exc))
    path = (run_dir or Path(".")) / "error.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    except OSError:
        import tempfile

        with tempfile.NamedTemporaryFile("w", prefix="synthloop-error-", suffix=".log",
                                         delete=False) as fh:
            fh.write(text)
        path = Path(fh.name)
    return path


@app.command()
@friendly
def check(spec: Annotated[Path, typer.Argument(help="the spec YAML file")]) -> None:
    """Validate a spec without running anything."""
    from synthloop.spec_check import load_checked, spec_warnings

    checked = load_checked(spec)
    s = checked.spec
    n = s.target.size if s.target else "source"
    console.print(f"[green]ok[/] {spec}: {s.name!r}, {len(s.stages)} stages, target {n}, "
                  f"spec hash {s.content_hash()}")
    for warning in spec_warnings(checked):
        err_console.print(f"[yellow]warning:[/] {escape(warning)}")


@app.command()
@friendly
def stages(
    name: Annotated[str | None, typer.Argument(help="one stage (default: all)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable")] = False,
) -> None:
    """Every stage with its kind, parameters, defaults and output fields."""
    from rich.table import Table

    from synthloop.errors import UsageError
    from synthloop.report.stage_docs import all_stage_docs, as_dict, stage_doc

    try:
        docs = [stage_doc(name)] if name else all_stage_docs()
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    if as_json:
        sys.stdout.write(json.dumps([as_dict(d) for d in docs], indent=1) + "\n")
        return
    if name is None:
        table = Table("stage", "kind", "what it does", "writes", box=None, pad_edge=False)
        for d in docs:
            table.add_row(d.name, d.kind, d.summary, d.output_fields)
        console.print(table)
        console.print("[dim]synthloop stages NAME shows a stage's parameters[/]")
        return
    d = docs[0]
    teacher = " (needs a teacher)" if d.needs_teacher else ""
    console.print(f"[bold]{d.name}[/] ({d.kind}){teacher}: {escape(d.summary)}")
    console.print(f"writes: {d.output_fields}")
    table = Table("parameter", "type", "default", box=None, pad_edge=False)
    for p in d.params:
        table.add_row(p.name, escape(p.type), escape(p.default))
    console.print(table)
    if d.params_doc:
        console.print(escape(d.params_doc), highlight=False)


@app.command()
@friendly
def run(
    spec: Annotated[Path, typer.Argument(help="the spec YAML file")],
    run_dir: Annotated[Path | None, typer.Option("--run-dir", help="default: runs/<name>")] = None,
    force_new: Annotated[bool, typer.Option("--force-new", help="start over in a run dir that "
                                            "holds another spec (the old run is kept aside)")
                         ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="show the plan, one rendered "
                                          "prompt per teacher-driven stage and a worst-case "
                                          "request estimate; run nothing")] = False,
    executor: Annotated[str | None, typer.Option(
        "--executor", help="local or ray (default: the spec's run.executor, else local)")
                        ] = None,
    address: Annotated[str | None, typer.Option(
        "--address", help="the Ray cluster to join (default: start one on this machine)")
                       ] = None,
) -> None:
    """Run a spec, or resume it when the run dir already holds it."""
    if not dry_run:  # its source's index and its sandboxes start while the rest loads
        from synthloop.checks.prestart import prestart_for
        from synthloop.curate import prehash

        prehash.start(spec)  # (forks: before the prestart's thread)
        prestart_for(spec)
    from synthloop.api import check as check_spec
    from synthloop.api import default_run_dir
    from synthloop.api import run as run_spec
    from synthloop.config.spec import executor_names, unknown_executor
    from synthloop.errors import UsageError

    checked = check_spec(spec)
    if executor is not None and executor not in executor_names():
        raise UsageError(unknown_executor(executor))
    if executor or address:  # run options are outside the spec hash: the run dir still fits
        options = checked.spec.run.model_copy(update={
            k: v for k, v in (("executor", executor or (address and "ray")),
                              ("address", address)) if v})
        checked = checked.with_run_options(options)
    if dry_run:
        from synthloop.report.dry_run import print_dry_run

        print_dry_run(checked.spec, checked.stages, console)
        return
    run_dir = run_dir or default_run_dir(checked.spec)
    progress = _progress(quiet)
    # What the imports and the spec check made lives as long as this process: moved out of the
    # collector's sight, the run's collections walk the run's objects only. Without it a
    # 3,000-request run collected once mid-run, 25 ms of CPU walking startup's objects with
    # the event loop stopped (load 2); its own objects never reach the threshold. (Here, not
    # in the API: a library must not freeze its caller's objects.)
    gc.freeze()
    handle = run_spec(checked, run_dir, force_new=force_new, progress=progress)
    with handle:
        _print_status(handle)
        outcome = handle.outcome
        if outcome is not None and outcome.state == "budget":
            err_console.print(f"[yellow]stopped:[/] {escape(outcome.message)}\nRaise `budget:` "
                              "in the spec and re-run the same command to continue.")
            raise typer.Exit(3)
        console.print(f"run dir: {run_dir}   exports: {run_dir / 'export'}")
        if handle.report_path is not None:
            console.print(f"report: {handle.report_path}", soft_wrap=True)
        if outcome is not None and outcome.shortfall is not None:
            for line in outcome.shortfall.lines():
                err_console.print(f"[yellow]{escape(line)}[/]", highlight=False, soft_wrap=True)
            retry = ("; re-running the same command retries the quarantined ones"
                     if any(c.quarantined for c in outcome.shortfall.cells) else "")
            err_console.print(f"`synthloop show {run_dir} --rejected --failed` shows those "
                              f"records{retry}.", highlight=False, soft_wrap=True)
            raise typer.Exit(SHORT_EXIT)


@app.command()
@friendly
def preview(
    spec: Annotated[Path, typer.Argument(help="the spec YAML file")],
    n: Annotated[int, typer.Option("-n", min=1, max=100, help="slots to run")] = 5,
    keep: Annotated[bool, typer.Option("--keep", help="keep the throwaway run dir (its path "
                                       "is printed)")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress lines")] = False,
) -> None:
    """The whole pipeline on a handful of slots in a throwaway run dir: every record with
    every verdict, in seconds. Exit 0 even when nothing is kept."""
    from synthloop.api import as_spec
    from synthloop.preview import print_preview, run_preview
    from synthloop.report.progress import PlainProgress, Progress

    s = as_spec(spec)
    progress = Progress() if quiet else PlainProgress(sys.stderr, every_s=0)
    run_dir, outcome, records, seconds = run_preview(s, n, progress, keep=keep)
    print_preview(console, run_dir, outcome, records, n, seconds, keep)


def _progress(quiet: bool) -> Any:
    """Bars on a terminal, plain periodic lines into a file or pipe, nothing with -q."""
    from synthloop.report.progress import PlainProgress, Progress

    if quiet:
        return Progress()
    if err_console.is_terminal:
        from synthloop.report.bars import RichProgressBars

        return RichProgressBars(err_console)
    return PlainProgress(sys.stderr)


def _print_status(handle: Any) -> None:
    from synthloop.report.render import coverage_table, funnel_table, usage_table

    counts = handle.counts()
    console.print(f"[bold]{handle.spec.name}[/]: [green]{counts['accepted']:,} accepted[/], "
                  f"{counts['rejected']:,} rejected, {counts['failed']:,} failed")
    console.print(funnel_table(handle.funnel()))
    cov = handle.coverage()
    if cov:
        console.print(coverage_table(cov))
    usage = handle.store.usage()
    if usage:
        console.print(usage_table(usage))
    if handle.store.decision_count():  # the review modules load only for a reviewed run
        from synthloop.validate.human.decisions import agreement_summary, summary_lines

        console.print("[bold]Human review[/]")
        for line in summary_lines(agreement_summary(handle.store)):
            console.print(f"  {escape(line)}", highlight=False)
    events = handle.store.events(limit=8)
    if events:
        console.print("[bold]Recent events[/]")
        for event in events:
            style = "yellow" if event["level"] == "warning" else "dim"
            console.print(f"  [{style}]{event['kind']}[/]: {escape(event['message'])}")
    if any(stage.use == "generate.preference" for stage in handle.spec.stages):
        from synthloop.generate.preference import length_report

        pairs = length_report(handle.records("accepted"))
        if pairs:
            console.print(f"[bold]Preference pairs[/]: {pairs['pairs']:,}, chosen/rejected "
                          f"length ratio median {pairs['median_length_ratio']:g}, mean "
                          f"{pairs['mean_length_ratio']:g}; chosen longer in "
                          f"{pairs['chosen_longer']:.0%}")
    from synthloop.registry import get_stage
    from synthloop.stages import ReportStage

    uses = {stage.label: stage.use for stage in handle.spec.stages}
    for key, report in handle.store.reports().items():
        cls = get_stage(uses[key]) if key in uses else None  # reports are a stage's or measure's
        shown = cls.tables(key, report) if cls and issubclass(cls, ReportStage) else []
        if not shown:
            console.print(f"[bold]{key}[/]")
            console.print_json(json.dumps(report, default=str))
        for table in shown:
            console.print(table)


@app.command()
@friendly
def status(run_dir: Annotated[Path, typer.Argument(help="the run directory")]) -> None:
    """The funnel per stage with top rejection reasons, coverage, usage and reports."""
    from synthloop.api import open_run

    with open_run(run_dir) as handle:
        _print_status(handle)


@app.command()
@friendly
def show(
    run_dir: Annotated[Path, typer.Argument(help="the run directory")],
    stage: Annotated[str | None, typer.Option(help="records rejected or failed at this stage "
                                              "(both, unless --rejected or --failed)")
                     ] = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="rejected records (with "
                                           "--failed: both)")] = False,
    failed: Annotated[bool, typer.Option("--failed", help="failed (quarantined) records")
                      ] = False,
    original: Annotated[bool, typer.Option("--original", help="records a stage rewrote "
                                           "(PII redaction...), of any status, with each "
                                           "rewritten field's original value")] = False,
    prompt: Annotated[bool, typer.Option("--prompt", help="the messages sent to the teacher "
                                         "for each record")] = False,
    limit: Annotated[int, typer.Option(min=1, help="how many records")] = 5,
    full: Annotated[bool, typer.Option("--full", help="every field, verdict detail and the "
                                       "lineage (default: a few lines per record)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line, "
                                          "complete")] = False,
) -> None:
    """Records with their content and verdict codes, a few lines each (accepted ones unless
    told otherwise); --full adds every field, the verdicts' reasons and the lineage."""
    from itertools import islice

    from rich.markup import escape
    from rich.panel import Panel
    from rich.pretty import Pretty

    from synthloop.api import open_run
    from synthloop.errors import UsageError
    from synthloop.report.compact import record_lines
    from synthloop.report.sent_prompt import PromptRebuilder
    from synthloop.spec_check import build_stages

    statuses = [name for name, on in (("rejected", rejected), ("failed", failed)) if on]
    if not statuses and stage is None and not original:
        statuses = ["accepted"]
    with open_run(run_dir) as handle:
        stages = [p.name for p in handle.store.all_progress()]
        if stage is not None and stage not in stages:
            raise UsageError(f"--stage {stage!r}: this run has no such stage; its stages are "
                             f"{', '.join(stages)}")
        recs = handle.records(statuses or None, stage=stage, with_verdicts=True,
                              limit=None if original else limit)
        if original:
            recs = islice((r for r in recs if r.originals), limit)
        prompts = (PromptRebuilder(handle.store, handle.spec, run_dir, build_stages)
                   if prompt else None)
        shown = 0
        for rec in recs:
            item: dict[str, Any] = {
                "id": rec.id, "status": "accepted" if rec.accepted else rec.status.value,
                "status_stage": rec.status_stage, "status_reason": rec.status_reason,
                "attributes": rec.attributes, "data": rec.data,
                "verdicts": [v.to_dict() for v in rec.verdicts],
                "lineage": rec.lineage.to_dict() if rec.lineage else None,
            }
            if original:
                item["original"] = rec.originals
            sent = prompts.prompt(rec) if prompts is not None else None
            if sent is not None:
                item["prompt"] = sent.to_dict()
            shown += 1
            if as_json:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            elif full:
                console.print(Panel(Pretty(item, expand_all=False), title=rec.id))
            else:
                for line in record_lines(rec, originals=original, prompt=None if sent is None
                                         else sent.messages or sent.note):
                    console.print(escape(line), highlight=False, soft_wrap=True)
        if not shown:
            what = " or ".join(statuses) if statuses else "any status"
            where = f" at stage {stage}" if stage else ""
            rewritten = " that a stage rewrote" if original else ""
            err_console.print(f"no records match: {what}{where}{rewritten}", highlight=False)


@app.command()
@friendly
def export(
    run_dir: Annotated[Path, typer.Argument(help="the run directory")],
    out: Annotated[Path, typer.Option("--out", help="output directory")],
    fmt: Annotated[list[str], typer.Option("--format", help="jsonl, parquet or hf, or a "
                                           "plugin's (repeatable)")
                   ] = ["jsonl"],  # noqa: B006 - typer reads the default
    style: Annotated[str, typer.Option(
        help="chat, alpaca, sharegpt, dpo, dpo_chat, kto, kto_chat or raw, or a plugin's")
                     ] = "chat",
    include_rejected: Annotated[bool, typer.Option("--include-rejected",
                                                   help="all records with status, for audits")
                                ] = False,
    push_to_hub: Annotated[str | None, typer.Option(help="also push the HF dataset to this "
                                                     "repo id (needs network and a token)")
                           ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="replace an earlier export "
                                            "in --out (refused otherwise)")] = False,
) -> None:
    """Export accepted records (all, with --include-rejected) with a dataset card; the files
    appear whole or not at all."""
    from synthloop.api import open_run

    formats = [f.strip() for part in fmt for f in part.split(",")]
    if push_to_hub and "hf" not in formats:
        formats.append("hf")
    with open_run(run_dir) as handle:
        written = handle.export(out, formats=formats, style=style,
                                include_rejected=include_rejected, overwrite=overwrite)
        if push_to_hub:
            import datasets

            datasets.load_from_disk(str(written["hf"])).push_to_hub(push_to_hub)
        for kind, path in written.items():
            console.print(f"{kind:8} {path}")


@app.command()
@friendly
def report(
    run_dir: Annotated[Path, typer.Argument(help="the run directory")],
    out: Annotated[Path | None, typer.Option("--out", help="the HTML file (default: "
                                             "<run dir>/report.html)")] = None,
    compare: Annotated[Path | None, typer.Option("--compare", help="another run directory, "
                                                 "shown side by side")] = None,
) -> None:
    """One self-contained HTML report of a run: no script, no network, opens offline."""
    from contextlib import ExitStack

    from synthloop.api import open_run
    from synthloop.report.html import write_report

    with ExitStack() as stack:
        handle = stack.enter_context(open_run(run_dir))
        other = stack.enter_context(open_run(compare)) if compare is not None else None
        path = write_report(handle, out, other)
    console.print(f"report: {path} ({path.stat().st_size / 1e3:,.0f} kB)", soft_wrap=True)


@app.command()
@friendly
def review(
    run_dir: Annotated[Path, typer.Argument(help="the run directory")],
    port: Annotated[int, typer.Option(help="port on 127.0.0.1 (default: any free one)")] = 0,
    reviewer: Annotated[str | None, typer.Option(help="your name; reviews are blind, and two "
                                                 "reviewers give agreement statistics "
                                                 "(default: your login)")] = None,
    sample: Annotated[int | None, typer.Option(min=1, help="review only this many records, "
                                               "the same ones for every reviewer")] = None,
) -> None:
    """Review records in a local web page, keyboard first; decisions go into the run store."""
    import getpass
    import re

    from synthloop.api import open_run
    from synthloop.errors import UsageError
    from synthloop.validate.human.server import ReviewServer

    name = reviewer or getpass.getuser() or "reviewer"
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", name):
        raise UsageError(f"--reviewer {name!r}: use 1-40 letters, digits, '.', '_' or '-'")
    with open_run(run_dir) as handle:
        try:
            server = ReviewServer(handle.store, reviewer=name, run_name=handle.spec.name,
                                  port=port, sample=sample)
        except OSError as exc:
            raise UsageError(f"--port {port}: {exc.strerror}; choose another port") from None
        console.print(f"review {handle.spec.name} as {name}: open {server.url}", soft_wrap=True)
        console.print("[dim]every decision is saved when it is made; Ctrl+C stops[/]")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


@app.command()
@friendly
def measure(
    experiment: Annotated[Path, typer.Argument(help="the experiment YAML file")],
    out: Annotated[Path | None, typer.Option("--out", help="folder for results.json and "
                                             "results.md (default: <name>-results beside "
                                             "the experiment)")] = None,
) -> None:
    """Train a student on each arm of an experiment and say whether synthetic data helps."""
    from synthloop.measure import measure as run_measure

    result, folder = run_measure(experiment, out=out,
                                 progress=lambda msg: err_console.print(escape(msg)))
    result.show(console)
    console.print(f"results: {folder / 'results.json'}  {folder / 'results.md'}")


@app.command("judge-eval")
@friendly
def judge_eval(
    data: Annotated[Path, typer.Argument(help="human preference pairs: HH-RLHF JSONL(.gz), "
                                         "{'chosen': dialogue, 'rejected': dialogue}, or a "
                                         "folder holding one such file")],
    spec: Annotated[Path | None, typer.Option("--spec", help="a file whose teachers: include "
                                              "the judge (a whole spec, or only teachers:; "
                                              "default: the bundled local model)")] = None,
    judge: Annotated[str, typer.Option("--judge", help="the judge's teacher name in the "
                                       "spec")] = "local",
    sample: Annotated[int, typer.Option("--sample", min=1, help="pairs to judge, drawn at "
                                        "random")] = 50,
    seed: Annotated[int, typer.Option("--seed", help="draw and bootstrap seed")] = 0,
    criterion: Annotated[str | None, typer.Option("--criterion", help="what makes an answer "
                                                  "better (default: harmlessness)")] = None,
    logprobs: Annotated[bool, typer.Option("--logprobs/--no-logprobs", help="score from "
                                           "log-probs where the judge gives them (an endpoint "
                                           "that gives none is noticed and not asked again)"
                                           )] = True,
    out: Annotated[Path | None, typer.Option("--out", help="write the results as JSON")] = None,
) -> None:
    """Score a pairwise judge against human labels: agreement, order-swap consistency and
    length bias, with bootstrap intervals."""
    import asyncio

    from synthloop.checks.judge import Judge
    from synthloop.checks.rubric import Rubric
    from synthloop.errors import UsageError
    from synthloop.spec_check import load_teachers
    from synthloop.teachers import build_teacher
    from synthloop.validate.family import self_preference
    from synthloop.validate.judge_eval import HARMLESS, judge_pairs, load_pairs, summarize

    teachers, loaded = load_teachers(spec) if spec is not None else ({}, None)
    if spec is not None and judge not in teachers:
        raise UsageError(f"{spec} has no teacher {judge!r} (--judge; it has: "
                         f"{', '.join(teachers) or 'none'})")
    pairs, skipped = load_pairs(data, sample=sample, seed=seed)
    teacher = build_teacher(judge, teachers.get(judge))
    engine = Judge(teacher, "judge-eval", Rubric(criterion=criterion or HARMLESS),
                   logprobs=logprobs)

    async def go() -> list[Any]:
        try:
            return await judge_pairs(engine, pairs, lambda done: err_console.print(
                f"judged {done}/{len(pairs)}", end="\r" if done < len(pairs) else "\n")
                if err_console.is_terminal else None)
        finally:
            await teacher.aclose()

    results = asyncio.run(go())
    warnings = self_preference(loaded, judge) if loaded is not None else []
    report = summarize(pairs, results, skipped=skipped, judge=engine.describe(),
                       warnings=warnings, seed=seed)
    for line in report.lines():
        console.print(escape(line), highlight=False)
    if out is not None:
        out.write_text(json.dumps(report.to_dict(), indent=2) + "\n")


@app.command()
@friendly
def doctor() -> None:
    """Say which sandbox tiers (for validate.execute) work on this machine, and why not, and
    whether the bundled local model generates here (exit 4 if it does not)."""
    from synthloop.sandbox import statuses
    from synthloop.teachers.local import probe

    checks = [(s.available, s.tier.value, s.detail) for s in statuses()]
    model_ok, model_detail = probe()
    checks.append((model_ok, "model", model_detail))
    for available, name, detail in checks:
        mark = "[green]ok[/]  " if available else "[red]no[/]  "
        console.print(f"{mark}{name:8} {escape(detail)}", highlight=False)
    if not model_ok:
        raise typer.Exit(4)


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name first, where they name one (else the
    whole app: ``--help``, ``--version``, a mistyped command). Typer builds the options of every
    command on each call, reading each signature's annotations: 15 ms of CPU for the twelve
    against 3 ms for one (2026-12-06, load 7), a twentieth of a one-request ``run``."""
    from typer.main import get_command_name

    wanted = [info for info in app.registered_commands if args and args[0] == (
        info.name or get_command_name(info.callback.__name__ if info.callback else ""))]
    if not wanted:
        return app
    one = typer.Typer(**APP_SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands = wanted
    return one


def main() -> None:
    """The process's entry point (``synthloop``, ``python -m synthloop.cli``): it ends the
    process when the command has."""
    gc.set_threshold(STARTUP_GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        app_for(sys.argv[1:])()
    except SystemExit as exc:
        _end_process(exc)


def _end_process(exc: SystemExit) -> NoReturn:
    """End as the interpreter ends on ``SystemExit`` (non-daemon threads joined, atexit
    handlers run, stdout and stderr flushed, the same exit status), less its teardown, which
    frees every object the imports made one by one: in a one-request ``synthloop run`` the
    command's end to the process's took 21 ms of CPU and 37-68 ms of wall time, now 6 ms and
    9-29 ms (load 6). Every file and store a command opens is closed by then (``with``); an
    exception other than ``SystemExit`` leaves through the interpreter as before. (The
    sandbox's supervisor ends its programs the same way: ``synthloop.sandbox.zygote``, which
    cannot import this.)"""
    if exc.code is None or isinstance(exc.code, int):
        status = (exc.code or 0) & 0xFF
    else:
        print(exc.code, file=sys.stderr)
        status = 1
    if "threading" in sys.modules:  # as the interpreter does: only if it was imported
        sys.modules["threading"]._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: the interpreter's status for it
            status = 120
    os._exit(status)


gc.set_threshold(*_IMPORTER_GC_THRESHOLD)  # this module's imports are done

if __name__ == "__main__":
    main()
