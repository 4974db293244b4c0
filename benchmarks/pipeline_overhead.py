"""Executor overhead: records/s through a generator and three no-op stages with full
persistence (every record, checkpoint and counter committed to the run store), and the peak
RSS of the run, side by side with the floor: a bare SQLite loop inserting the same rows.

    python benchmarks/pipeline_overhead.py --records 1000000

Goals (issue 2): >= 20,000 records/s and <= 1 GB peak RSS at 1,000,000 records; issue 24:
>= 0.5x the bare SQLite floor at 1,000,000 records, peak RSS <= 300 MB.

Where the time goes per record (cProfile of the child at 100,000 records, 3.25 s in
``synthloop.run``, about 32 us a record, 2-core machine at load 4.7; issue 24.3):

- committing batches, ``RunStore.commit_batch``: 43% (1.40 s): SQLite's ``executemany`` 22%
  (0.72 s), serializing each record (``orjson.dumps`` x3, ``data_digest``, attributes and
  producer ids) about 15%, the method's own Python loop 9%;
- planning slots (``slots_for`` 0.21 s, ``iter_slots`` 0.26 s): 14%;
- the emitting stage building ``Record`` objects (this benchmark's own generator): 11%;
- ``plan.balance`` over the finished round: 11%;
- the driver's chaining of batches through the three no-op stages (``_chain``, ``settle``,
  ``_ramped`` less the commits above): about 10%; imports and spec loading outside the run:
  0.16 s.

So the store's write path is the biggest cost, and half of it is SQLite itself: the floor
below pays that too, the rest (serialization and per-row Python) is what can be cut.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

SPEC = """
name: overhead
seed: 1
target: {{size: {n}, oversample: 1.0, max_rounds: 1}}
stages:
  - {{use: debug.emit}}
  - {{use: debug.noop, name: noop1}}
  - {{use: debug.noop, name: noop2}}
  - {{use: debug.noop, name: noop3}}
"""

CHILD = """
import sys, time, json
import synthloop
from synthloop.records import Lineage, Record
from synthloop.registry import register
from synthloop.stages import GenerateStage, RecordStage, StageParams

@register
class Emit(GenerateStage[StageParams]):
    "One tiny record per slot."
    name = "debug.emit"
    batch_size = 4096

    async def generate(self, slots, ctx):
        lineage = Lineage(spec_hash=ctx.spec_hash, stage=ctx.stage, recipe=self.name)
        return [Record(id=f"{ctx.spec_hash[:8]}-{s.index:012d}", slot=s.index, lineage=lineage,
                       data={"instruction": f"Repeat the number {s.index}.",
                             "response": str(s.index)}, attributes=dict(s.attributes))
                for s in slots]

@register
class Noop(RecordStage[StageParams]):
    "Passes records through."
    name = "debug.noop"
    batch_size = 4096

    async def process(self, batch, ctx):
        return batch

t = time.perf_counter()
synthloop.run(sys.argv[1], sys.argv[2], export=False).close()
print(json.dumps({"seconds": time.perf_counter() - t}))
"""

BARE = """
import sqlite3, sys, time, json, orjson
n, path = int(sys.argv[1]), sys.argv[2]
con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=NORMAL")
con.execute("CREATE TABLE r (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, data BLOB)")
t = time.perf_counter()
for start in range(0, n, 4096):
    rows = [(f"{i:016x}", orjson.dumps({"instruction": f"Repeat the number {i}.",
             "response": str(i)})) for i in range(start, min(n, start + 4096))]
    con.execute("BEGIN"); con.executemany("INSERT INTO r (id, data) VALUES (?, ?)", rows)
    con.execute("COMMIT")
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def measure(code: str, *args: str) -> tuple[float, float]:
    """Run code in a child; return (seconds, peak RSS in MB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        peak = before  # ru_maxrss of children is a max over all of them
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"], peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    args = ap.parse_args()
    n = args.records
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "overhead.yaml"
        spec.write_text(SPEC.format(n=n))
        bare_s, bare_mb = measure(BARE, str(n), str(Path(tmp) / "bare.db"))
        ours_s, ours_mb = measure(CHILD, str(spec), str(Path(tmp) / "run"))
        con = sqlite3.connect(Path(tmp) / "run" / "run.db")
        accepted = con.execute("SELECT COUNT(*) FROM records WHERE status='ok'").fetchone()[0]
        con.close()
    assert accepted == n, f"expected {n} accepted records, found {accepted}"
    ours_rate, bare_rate = n / ours_s, n / bare_s
    print(f"records: {n:,}")
    print(f"bare sqlite insert (floor)        : {bare_rate:>10,.0f} records/s")
    print(f"synthloop, generate + 3 no-op     : {ours_rate:>10,.0f} records/s "
          f"({ours_s:.1f} s, peak RSS {ours_mb:,.0f} MB)")
    print(f"ratio synthloop / bare sqlite     : {ours_rate / bare_rate:.2f}x")
    print(f"goal >= 20,000 records/s: {'met' if ours_rate >= 20_000 else 'NOT met'}; "
          f"goal <= 1,024 MB: {'met' if ours_mb <= 1024 else 'NOT met'}")


if __name__ == "__main__":
    main()
