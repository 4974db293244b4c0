"""HumanEval's 164 canonical solutions through ``synthloop run`` with ``validate.execute`` at a
sandbox tier (the whole CLI process: start-up, sandboxes, store, export; the stage runs as
many programs at once as the machine has cores), beside a naive
runner without any sandbox (one plain ``python3`` process per item, 2 at a time), in the same
run, alternating; prints each pair's times and the ratio naive / synthloop (above 1: the
sandboxed CLI is faster), and the CPU seconds each process used with its children (on a
shared machine the wall times move with the load; the CPU times much less). Also checks the
verdicts: canonical solutions must all pass, the same solutions with the entry point
returning None (``codesets.with_wrong_return``) must all fail.

At ``--tier bwrap`` with 2 workers it writes the README performance row ``sandbox``
(``benchmarks/results/perf/sandbox.json``: the smallest ratio of the rounds, the load when it
started). The goal counts as met only on an idle machine (1-min load below its cores): on a
loaded one each program waits for a core, which favours the runner that does less per program
beside a fixed start-up, so the ratio there says little about an idle run.

    python benchmarks/sandbox_speed.py [--tier bwrap] [--rounds 3] [--workers 2]

Where the CPU goes (perf record -e cpu-clock -g of a whole run, and getrusage marks inside the
sandbox; 2 cores at load 3-5, so absolute numbers run high). At a162ebd a run used 3.4-3.6 s:
the CLI process 0.8-1.0 s (imports, check, store, export and report; the tier probe waits
0.1-0.2 s of wall for the first bwrap), the warm supervisors 0.4 s (2.5 ms a program: half of
it the fork's page-table copy and its own copy-on-write faults), the programs 2.2 s (13.7 ms
each). A program is two forks of a warm interpreter (the harness, then the solution), and in
each the page faults of copy on write were 40% of the CPU: returning from fork alone cost
0.7 ms (230 faults, ``threading``'s after-fork handler most of them), running the harness's
top level 1.5 ms, then the tests 1.2 ms, the neighbour probes 1-2 ms (0.55 s of the 2.2 s,
half of it on three slow solutions, 75, 147 and 39, whose probes may take as much CPU as their
tests), the solution's load 0.6 ms. Four sandboxes ran, not two (two batches in flight, a
worker gate per batch). After the fixes (no ``threading``/``shutil``/``hashlib`` in the
supervisor, the harness's top level run once per sandbox, one gate for the stage): returning
from fork 0.26 ms (87 faults), the harness's start 0.34 ms, a program's median 8.4 -> 5.7 ms
without probes and 10.7 -> 7.0 ms with them (mean 14.0 -> 10.5 ms), two sandboxes, and the
run 3.37 -> 2.87 s CPU beside the naive runner's 2.55 s (same minute, load 7).

Where the wall time went at c6ca126 (timestamps in the CLI process, load 2): 0.45-0.53 s of
imports on one core, the spec check 0.05 s, its tier probe starting the first bwrap 0.08-0.1 s,
the run's setup 0.06 s, so the stage's first program at 0.61-0.68 s; its second program then
started the second sandbox (0.08-0.1 s more on one core); then 2.0-2.2 s with two programs in
flight all along (one alone for 0.01-0.02 s at the end), and 0.09-0.1 s from the last program
to the exit (export and report 0.07 s, closing the sandboxes one after the other 0.03-0.05 s).
In CPU (load 6-8): the CLI process 0.62-0.68 s (0.32 s of it imports before the check, 0.12 s
of those the config package's pydantic models, 0.11 s typer and rich; 0.22 s during the
programs, 1.3 ms a program: the runner 0.5 ms user and 0.3 ms system); per program the
sandbox is at par with a plain ``python3`` start: for a one-test harness program 6.5 ms in its
two processes, half of it page faults (58% copy on write; a warm child that runs ``pass``
alone takes 285, the harness program 1020-1130), and 1.8 ms in the supervisor (its fork 0.5 ms,
its own copy-on-write faults 0.34 ms). So the naive runner's lead is the CLI's fixed CPU,
plus, on an idle machine, the start-up that leaves the second core idle.

Now ``synthloop run`` starts both sandboxes in the background as soon as it has its arguments
(``checks/prestart.py``, from the spec's YAML) and probes the tier there too; the stage's
first programs run two at a time from the start, and the sandboxes close together (38 -> 24
ms). At load 9 the main thread reached the check 0-20 ms before the sandboxes were up (they
took 0.15-0.2 s from their start), and asked the tier once, getting the background probe's
answer (not measured idle: the machine stayed at load 6-10). What is left is the CLI's
CPU before the first program (imports, which a thread cannot overlap: they hold the GIL) and
its share during the programs. Paired with c6ca126 (both with compiled bytecode, naive
runner alternating, 10 rounds at load 8.5-9.5): wall median 5.01 -> 4.73 s, 7 of 10 rounds
faster, CPU the same (3.13 / 3.11 s; the naive runner's 2.41 s).

Again (2026-12-07, branch fixed, load 10-12; CPU medians of 5 fresh processes with marks at
each phase): the CLI process used 0.69 s of a run's 3.05 s (its children the rest): importing
``synthloop.cli`` 85 ms, ``synthloop.api`` 225 ms (the prestart thread's imports run then
too), typer's dispatch 38 ms, the spec check 61 ms, the run 230 ms (1.4 ms a program, every
thread of the process), the export 4 ms, the report 3 ms, the status tables 15 ms, closing the
sandboxes 8.5 ms. A new run store is made without syncs now (8 fdatasyncs a run -> 3). At
load 10-12 both this tree and main's beat the naive runner (ratios 1.06-1.73, four runs of 3
rounds, naive CPU 2.9-3.9 s, ours 2.9-4.1 s): at such a load the ratio says nothing about
the idle goal.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_synthloop

from synthloop.checks import codesets
from synthloop.sandbox.tiers import SANDBOX_PYTHON

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
GOAL = 0.8
SPEC = """
name: humaneval-{kind}
seed: 1
source: {{path: {data}}}
stages:
  - {{use: validate.execute, tier: {tier}, fenced: false}}
outputs: {{formats: [jsonl], style: raw}}
"""
NAIVE = """
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
rows = [json.loads(line) for line in open(sys.argv[1])]
def one(row):
    program = row["code"] + "\\n\\n" + row["tests"] + f"\\n\\ncheck({row['entry_point']})\\n"
    return subprocess.run([sys.argv[2], "-c", program], capture_output=True).returncode == 0
with ThreadPoolExecutor(int(sys.argv[3])) as pool:
    print(sum(pool.map(one, rows)))
"""


def write_rows(path: Path, broken: bool) -> None:
    records = codesets.humaneval(DATA)
    if broken:
        records = [codesets.with_wrong_return(r) for r in records]
    path.write_text("".join(json.dumps(r.data) + "\n" for r in records))


def timed(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the process and every child it waited for) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])}... failed ({done.returncode}):\n"
                         f"{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, done.stdout


def synthloop_run(spec: Path, run_dir: Path) -> tuple[float, float, int]:
    elapsed, cpu, _ = timed([sys.executable, "-m", "synthloop.cli", "run", str(spec),
                             "--run-dir", str(run_dir), "-q"])
    exported = run_dir / "export" / "data.jsonl"
    kept = len(exported.read_text().splitlines()) if exported.exists() else 0
    return elapsed, cpu, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="bwrap")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="the naive runner's")
    args = parser.parse_args()
    compile_synthloop()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        naive = root / "naive.py"
        naive.write_text(NAIVE)
        for kind in ("canonical", "broken"):
            write_rows(root / f"{kind}.jsonl", broken=kind == "broken")
            (root / f"{kind}.yaml").write_text(SPEC.format(
                kind=kind, data=root / f"{kind}.jsonl", tier=args.tier))
        rounds = []
        for i in range(args.rounds):
            naive_s, naive_cpu, passed = timed([sys.executable, str(naive),
                                                str(root / "canonical.jsonl"), SANDBOX_PYTHON,
                                                str(args.workers)])
            ours_s, ours_cpu, kept = synthloop_run(root / "canonical.yaml", root / f"run-c{i}")
            rounds.append((naive_s / ours_s, naive_s, ours_s, naive_cpu, ours_cpu, int(passed),
                           kept))
            print(f"round {i + 1}: naive {naive_s:5.2f} s, CPU {naive_cpu:5.2f} s "
                  f"({passed.strip()}/164 pass); synthloop run at {args.tier} {ours_s:5.2f} s, "
                  f"CPU {ours_cpu:5.2f} s ({kept}/164 kept): ratio {naive_s / ours_s:.2f}x",
                  flush=True)
        broken_s, _, broken_kept = synthloop_run(root / "broken.yaml", root / "run-broken")
        print(f"broken solutions: {164 - broken_kept}/164 fail ({broken_s:.2f} s)")
        ratios = [r[0] for r in rounds]
        print(f"ratios naive/synthloop: {', '.join(f'{r:.2f}' for r in ratios)} "
              f"(min {min(ratios):.2f}x), 1-min load {load:.1f} at the start")
    if args.tier == "bwrap" and args.workers == 2:
        ratio, naive_s, ours_s, naive_cpu, ours_cpu, passed, kept = min(rounds)
        idle = load < (os.cpu_count() or 1)
        sys.path.insert(0, str(REPO))
        from benchmarks.perf_table import write_row

        path = write_row(
            "sandbox",
            row="HumanEval's 164 canonical solutions through `synthloop run` with "
                "`validate.execute` at the bwrap tier, whole process",
            peer="a naive runner: one plain python3 per item, 2 at a time, no sandbox",
            ours=f"{ours_s:.2f} s, CPU {ours_cpu:.2f} s ({kept}/164 kept; broken "
                 f"{164 - broken_kept}/164 fail)",
            peer_value=f"{naive_s:.2f} s, CPU {naive_cpu:.2f} s ({passed}/164 pass)",
            ratio=ratio,
            goal=f">= {GOAL}x the naive runner on an idle machine, canonical 164/164 kept, "
                 "broken 164/164 fail",
            met=idle and ratio >= GOAL and kept == 164 and broken_kept == 0,
            command=shlex.join(["python", "benchmarks/sandbox_speed.py", *sys.argv[1:]]),
            load=load)
        print(f"-> {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
