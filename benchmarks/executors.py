"""Local executor vs Ray executor: records/s on CPU-bound and I/O-bound specs, and the
cluster's overhead, each spec run by the CLI (what a user runs) on both, side by side.

- ``cpu-records``: N records from a JSONL source through ``curate.quality`` and ``curate.pii``
  (CPU-bound per-record stages: a process pool locally, stage actors on Ray);
- ``minhash``: the same N records through ``curate.dedup`` (minhash), a corpus stage whose
  index and decide phases run in the driver under both executors;
- ``io``: M requests from ``generate.prompt`` to ``fixed_latency_server.py`` (50 ms per
  answer, max_concurrency 64): in the driver locally, through the endpoint actor on Ray;
- overhead: ``ray start --head`` once, then a 10-record run on each executor (the difference
  is a run's fixed cost on Ray: driver connect, actor start, stage shipping).

    python benchmarks/executors.py --records 200000 --requests 5000 --cpus 2

The Ray cluster is local (``ray start --head`` on 127.0.0.1 with ``--cpus`` CPUs): this
measures the executor's overhead, not a multi-node speed-up (docs/scaling.md says where that
comes from and where it stops).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from synthloop.executors.ray_local import RAY_ENV, local_cluster

HERE = Path(__file__).resolve().parent
WORDS = ("the a train leaves city at speed of miles per hour how many minutes does it take to "
         "reach station cost apples each she buys total price dollars left after paying half "
         "fraction recipe needs cups flour sugar ratio boys girls class percent discount "
         "store sells shirt pants tax interest rate year bank account").split()

SPECS = {
    "cpu-records": """
name: bench-cpu
seed: 1
source: {{path: {data}, fields: {{instruction: question, response: answer}}}}
stages:
  - {{use: curate.quality, min_words: 5}}
  - {{use: curate.pii, operator: fake}}
outputs: {{formats: [jsonl]}}
""",
    "minhash": """
name: bench-minhash
seed: 1
source: {{path: {data}, fields: {{instruction: question, response: answer}}}}
stages:
  - {{use: curate.dedup, method: minhash, threshold: 0.8, fields: [instruction]}}
outputs: {{formats: [jsonl]}}
""",
    "io": """
name: bench-io
seed: 1
target: {{size: {n}, oversample: 1.0, max_rounds: 1, taxonomy: [{{skill: rates}}]}}
teachers:
  writer: {{backend: openai, base_url: "{url}", model: m, max_tokens: 16,
           max_concurrency: 64, min_concurrency: 64}}
stages:
  - use: generate.prompt
    teacher: writer
    template: "Question {{{{ index }}}} about {{{{ skill }}}}."
    batch_size: 64
outputs: {{formats: [jsonl], style: raw}}
""",
}


def write_corpus(path: Path, n: int, seed: int = 0) -> None:
    """n question/answer rows of 12-30 words; one in ten a one-word edit of an earlier row
    (near duplicates for minhash), a few with an e-mail address (for pii)."""
    rng = random.Random(seed)
    rows: list[str] = []
    with path.open("wb") as f:
        for i in range(n):
            if rows and rng.random() < 0.1:
                words = rng.choice(rows).split()
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                question = " ".join(words)
            else:
                question = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
                rows.append(question)
            answer = f"The answer is {rng.randint(1, 999)}." + (
                f" Write to user{i}@example.com." if i % 50 == 0 else "")
            f.write(orjson.dumps({"question": f"{question}?", "answer": answer}) + b"\n")


def timed_run(spec: Path, run_dir: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "synthloop.cli", "run", str(spec), "--run-dir",
                    str(run_dir), "-q", *extra], check=True, capture_output=True,
                   env={**os.environ, **RAY_ENV})
    return time.perf_counter() - start


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(HERE / "fixed_latency_server.py"), "--port",
                             "0", "--latency", "0.05"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("READY"):
        raise RuntimeError(f"fixed_latency_server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{line.split()[1]}/v1"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--requests", type=int, default=5_000)
    ap.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = ap.parse_args()
    server, url = start_server()
    tmp = tempfile.TemporaryDirectory()
    try:
        root = Path(tmp.name)
        data = root / "corpus.jsonl"
        write_corpus(data, args.records)
        (root / "tiny.jsonl").write_bytes(b"".join(data.open("rb").readlines()[:10]))
        sizes = {"cpu-records": args.records, "minhash": args.records, "io": args.requests}
        specs = {}
        for name, text in SPECS.items():
            specs[name] = root / f"{name}.yaml"
            specs[name].write_text(text.format(data=data, url=url, n=args.requests))
        tiny = root / "tiny.yaml"
        tiny.write_text(SPECS["cpu-records"].format(data=root / "tiny.jsonl"))
        with local_cluster(num_cpus=args.cpus) as cluster:
            ray_args = ("--executor", "ray", "--address", cluster.address)
            tiny_local = timed_run(tiny, root / "tiny-local")
            tiny_ray = timed_run(tiny, root / "tiny-ray", *ray_args)
            print(f"cores on this machine: {os.cpu_count()}; Ray cluster: {args.cpus} CPUs")
            print(f"ray start --head                      : {cluster.started_in_s:6.1f} s")
            print(f"10-record run, local / ray            : {tiny_local:6.1f} s / "
                  f"{tiny_ray:.1f} s (fixed cost of a Ray run: {tiny_ray - tiny_local:+.1f} s)")
            for name, spec in specs.items():
                local = timed_run(spec, root / f"{name}-local")
                on_ray = timed_run(spec, root / f"{name}-ray", *ray_args)
                n = sizes[name]
                same = (root / f"{name}-local/export/data.jsonl").read_bytes() == (
                    root / f"{name}-ray/export/data.jsonl").read_bytes()
                print(f"{name:12} {n:>8,} records: local {n / local:>8,.0f} rec/s "
                      f"({local:5.1f} s), ray {n / on_ray:>8,.0f} rec/s ({on_ray:5.1f} s), "
                      f"ray/local {local / on_ray:.2f}x, exports identical: {same}")
    finally:
        server.terminate()
        tmp.cleanup()


if __name__ == "__main__":
    main()
