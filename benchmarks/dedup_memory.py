"""Peak memory of exact + MinHash dedup over a million short records.

    .venv/bin/python benchmarks/dedup_memory.py [--records 1000000] [--mode pipeline|direct]

Records are short (10-25 words): Banking77 questions with random words and an order number
appended, so they are distinct, plus 5% exact copies and 5% near copies (one word added) of
earlier records. ``pipeline`` (default) writes them to a JSONL file and runs
``synthloop run`` on a ``source:`` spec with ``curate.dedup`` exact then minhash in a child
process, reporting that process's peak RSS; ``direct`` streams batches through the two stages
in this process (what the stages themselves hold). Goal: peak RSS at most 2 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
BATCH = 2048


def texts(n: int, seed: int = 0) -> Iterator[str]:
    rng = random.Random(seed)
    with (DATA / "banking77" / "train.csv").open() as fh:
        base = [row["text"] for row in csv.DictReader(fh)]
    vocab = sorted({w for t in base for w in t.split()})
    recent: list[str] = []
    for i in range(n):
        roll = rng.random()
        if recent and roll < 0.05:
            text = rng.choice(recent)
        elif recent and roll < 0.10:
            text = rng.choice(recent) + " " + rng.choice(vocab)
        else:
            extra = " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 8)))
            text = f"{rng.choice(base)} {extra} order {i}"
        recent.append(text)
        if len(recent) > 5000:
            recent.pop(rng.randrange(len(recent)))
        yield text


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def run_direct(n: int) -> dict[str, float]:
    from synthloop.curate.dedup import Dedup, DedupParams
    from synthloop.records import Record
    from synthloop.stages import StageContext

    def batches() -> Iterator[list[Record]]:
        batch: list[Record] = []
        for i, text in enumerate(texts(n)):
            batch.append(Record(id=f"r{i}", data={"instruction": text}, seq=i))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    rejected: dict[str, int] = {}
    done: set[str] = set()  # ids rejected by the first stage leave the stream, as in the store
    for label, params in (("exact", {"method": "exact"}), ("minhash", {"method": "minhash"})):
        stage = Dedup(DedupParams(**params), label=label)
        ctx = StageContext(spec_hash="mem", stage=label, stage_index=0, seed=0,
                           run_dir=Path("."))
        stage.reset_index()
        for batch in batches():
            stage.index([r for r in batch if r.id not in done], ctx)
        count = 0
        for batch in batches():
            for rec in stage.decide([r for r in batch if r.id not in done], ctx):
                if not rec.accepted:
                    done.add(rec.id)
                    count += 1
        rejected[label] = count
        del stage
    return {"peak_rss_mb": peak_rss_mb(resource.RUSAGE_SELF), **rejected}


def run_pipeline(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "records.jsonl"
        with data.open("w") as fh:
            for text in texts(n):
                fh.write(json.dumps({"instruction": text}) + "\n")
        spec = Path(tmp) / "spec.yaml"
        spec.write_text(f"name: dedup-memory\nsource: {{path: {data}}}\nstages:\n"
                        "  - {use: curate.dedup, method: exact}\n"
                        "  - {use: curate.dedup, name: neardup, method: minhash}\n"
                        "outputs: {formats: []}\n")
        code = ("import sys, synthloop\n"
                "h = synthloop.run(sys.argv[1], run_dir=sys.argv[2], export=False)\n"
                "print(h.counts())\n")
        out = subprocess.run([sys.executable, "-c", code, str(spec), str(Path(tmp) / "run")],
                             capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        print(out.stdout.strip())
    return {"peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--mode", choices=["pipeline", "direct"], default="pipeline")
    args = ap.parse_args()
    start = time.perf_counter()
    result = (run_direct if args.mode == "direct" else run_pipeline)(args.records)
    elapsed = time.perf_counter() - start
    print(f"{args.records:,} records, exact + minhash ({args.mode}): "
          f"peak RSS {result.pop('peak_rss_mb'):,.0f} MB (goal <= 2,048 MB), "
          f"{elapsed:,.0f} s, {args.records / elapsed:,.0f} records/s" +
          (f"; rejected {result}" if result else ""))


if __name__ == "__main__":
    main()
