"""The quickstart's wall time (README command 1 after install; issue 24 item 2).

Runs ``synthloop run examples/quickstart.yaml`` as a whole process (interpreter start, imports,
both model hosts, every stage, the report and the export), ``--runs`` times, and prints for each
run its wall time, the CPU seconds of the process and its children (what the machine's load
does not change much), the funnel and the teacher usage from the run store, and how many records
it kept. ``--tree`` adds another checkout (its ``src`` and its ``examples/quickstart.yaml``; say
``git archive COMMIT src examples | tar -x -C DIR``) whose runs alternate with this one's, so a
before/after comparison shares the machine's load; when a tree runs twice, the line ``exports
identical`` says whether its two runs exported the same bytes (a seeded run must).

Where the time went on the bundled SmolLM2-135M (per-request CPU traced in the host, 2 cores):
prompt tokens evaluate at ~145 tok/CPU-s on one thread and generated ones at ~42, so a writer
request (~200 prompt + ~70 generated tokens) costs ~3 CPU-s; before log-probs were read from the
sampled rows (``teachers/llama_logprobs.py``) a judge request cost ~4.9 CPU-s, half of it
llama-cpp-python building log-probs; model loads are ~0.5 s per host. The rest of the wall time
is the interpreter, torch for the relevance embeddings, the report and the export.

Writes ``benchmarks/results/perf/quickstart.json`` (the README's performance row) from the first
tree's runs: goal under 120 s idle, ratio 120 s / the median wall time (above 1: goal met).

    PYTHONPATH=src .venv/bin/python benchmarks/quickstart_time.py --runs 2
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from installed import compile_synthloop

from synthloop.store import RunStore

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 120.0


@dataclass
class Run:
    tree: Path
    wall: float
    cpu: float
    load: float
    funnel: list[tuple[str, int, int, int]]  # stage, in, passed, rejected
    usage: list[tuple[str, int, int, int]]  # teacher, requests, prompt, completion tokens
    kept: int
    digest: str
    run_dir: Path


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(tree: Path, keep: Path | None) -> Run:
    """One quickstart run of the checkout ``tree`` in a fresh run directory (a new folder
    under ``keep`` when given, for ``synthloop status``; else a temporary one)."""
    synthloop = Path(sys.executable).parent / "synthloop"
    with (contextlib.nullcontext(tempfile.mkdtemp(dir=keep)) if keep
          else tempfile.TemporaryDirectory()) as tmp:
        run_dir = Path(tmp) / "run"
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        load, cpu, started = os.getloadavg()[0], children_cpu(), time.monotonic()
        subprocess.run([str(synthloop), "run", str(tree / "examples" / "quickstart.yaml"),
                        "--run-dir", str(run_dir)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        wall, cpu = time.monotonic() - started, children_cpu() - cpu
        store = RunStore(run_dir / "run.db")
        try:
            funnel = [(p.name, p.n_in, p.n_out, p.n_rejected) for p in store.all_progress()]
            usage = [(u["teacher"], u["requests"], u["prompt_tokens"], u["completion_tokens"])
                     for u in store.usage()]
        finally:
            store.close()
        exported = sorted((run_dir / "export").glob("*.jsonl"))
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in exported)).hexdigest()
        kept = sum(len(p.read_text().splitlines()) for p in exported)
    return Run(tree, wall, cpu, load, funnel, usage, kept, digest, run_dir)


def show(run: Run, label: str) -> None:
    print(f"{label}: {run.wall:6.1f} s wall, {run.cpu:6.1f} CPU-s, load {run.load:.1f} at "
          f"start, kept {run.kept}")
    print("  funnel " + " -> ".join(f"{name} {n_in}/{passed}" for name, n_in, passed, _ in
                                    run.funnel))
    for teacher, requests, prompt, completion in run.usage:
        print(f"  {teacher:7} {requests:4} requests {prompt:6} prompt {completion:6} "
              "completion tokens")


def write_perf(runs: list[Run], command: str) -> Path:
    wall = statistics.median(r.wall for r in runs)
    out = ROOT / "benchmarks" / "results" / "perf" / "quickstart.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "row": "the quickstart (README command 1's run, after install)",
        "peer": "none",
        "ours": f"{wall:.1f} s wall, kept {runs[0].kept}",
        "peer_value": f"{GOAL_S:.0f} s (the goal)",
        "ratio": round(GOAL_S / wall, 3),
        "goal": f"under {GOAL_S:.0f} s on an idle 2-core machine",
        "met": wall < GOAL_S,
        "command": command,
        "load": runs[0].load,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }, indent=2) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1, help="runs per tree")
    ap.add_argument("--tree", type=Path, action="append", default=[],
                    help="another checkout (src/ and examples/) to alternate with")
    ap.add_argument("--keep", type=Path, help="keep the run directories under this folder")
    a = ap.parse_args()
    compile_synthloop()
    if a.keep:
        a.keep.mkdir(parents=True, exist_ok=True)
    trees = [ROOT, *(p.resolve() for p in a.tree)]
    runs: dict[Path, list[Run]] = {t: [] for t in trees}
    for r in range(a.runs):
        for tree in trees:
            run = run_once(tree, a.keep)
            runs[tree].append(run)
            show(run, f"run {r + 1} {tree}")
            if a.keep:
                print(f"  run dir {run.run_dir}")
    for tree, done in runs.items():
        print(f"{tree}: median {statistics.median(r.wall for r in done):.1f} s wall, "
              f"{statistics.median(r.cpu for r in done):.1f} CPU-s, kept "
              f"{[r.kept for r in done]}" + (f", exports identical: "
                                             f"{len({r.digest for r in done}) == 1}"
                                             if len(done) > 1 else ""))
    command = shlex.join(["PYTHONPATH=src", "python", "benchmarks/quickstart_time.py",
                          *sys.argv[1:]])
    print(f"wrote {write_perf(runs[trees[0]], command)}")


if __name__ == "__main__":
    main()
