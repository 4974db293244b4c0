"""How MinHash dedup's time and memory grow from 30k to 1M and 10M documents.

    python benchmarks/neardup_growth.py --docs 31500 1000000 --run
    python benchmarks/neardup_growth.py --docs 10000000 --stage

Corpora larger than the real one are synthesized by edited copies of the real documents
(``benchmarks/neardup.py``'s base set, 27,000 texts from ../shared/data): 90% are copies with
30-60% of their words substituted or deleted (distinct documents: two of them share few
5-grams), and 10% are light edits (0-6% of words) of another document of the same batch, so
about a tenth of the corpus is near duplicates, in clusters of two or three. Documents keep
the real length distribution (55 word 5-grams on average).

``--run`` times the whole ``synthloop run`` of the minhash spec of ``benchmarks/neardup.py``
(a ``source:`` JSONL, ``curate.dedup``, the export) as a child process: wall, CPU and peak RSS.
``--stage`` times only the ``curate.dedup`` stage (index then decide, records read from the
JSONL in batches of 2,048 as the driver does, without the run store): its CPU time and the
child's peak RSS, which is what the dedup index itself holds. The peers are not run here:
datasketch and rensa keep Python objects per document (the rensa harness also keeps every
document's shingle strings for its verification), 261 MB and 345 MB at 31.5k documents, so
about 8 GB and 11 GB at 1M if linear; their times are extrapolated linearly from their
measured 31.5k-document run in ``benchmarks/neardup.py``. The full table, with the earlier
runs: benchmarks/results/neardup.md.

``--stage`` on the shared 2-core machine (load 12-19 from other sessions, so the wall times are
inflated several times; CPU is user + system of the child, peak is its maximum RSS):

    documents    commit    CPU s   peak RSS MB   rejected
       31,500   0293439      0.7           103      2,366
    1,000,000   1037024     25.4           596    107,575
   10,000,000   8fe0a3e+    375.0         3,409  1,468,097   (memory-mapped shingles, band keys kept)
   10,000,000   1037024    306.2         2,249          -   (to the end of resolving)

At 10 million documents the index holds band keys (0.72 GB, freed once the candidates are
found), ranks (0.17 GB) and ids; the shingles (1.5 GB) spill to a file in the run's folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from neardup import SPEC, base_documents, synthloop_env, timed

BATCH = 2048


def _edit(rng: np.random.Generator, tokens: np.ndarray, starts: np.ndarray,
          lengths: np.ndarray, rate: np.ndarray, vocab_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the token runs ``[starts[k], starts[k] + lengths[k])``, each word deleted with
    probability ``rate[k] / 3`` and replaced by a random word with probability ``2 rate[k] / 3``;
    the new tokens and each copy's bounds."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    words = tokens[starts[owner] + pos]
    roll = rng.random(len(words))
    r = rate[owner]
    words = np.where(roll < 2 * r / 3, rng.integers(0, vocab_size, len(words)), words)
    keep = roll >= r / 3
    bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner[keep], minlength=len(lengths)), out=bounds[1:])
    return words[keep], bounds


def synth_texts(n: int, seed: int = 0) -> Iterator[list[str]]:
    """``n`` documents in batches: edited copies of the real ones (see the module docstring)."""
    rng = np.random.default_rng(seed)
    docs = [d.split() for d in base_documents()]
    vocab_index: dict[str, int] = {}
    tokens = np.array([vocab_index.setdefault(w, len(vocab_index)) for d in docs for w in d],
                      dtype=np.int32)
    vocab = np.array(list(vocab_index), dtype=object)
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    made = 0
    while made < n:
        size = min(BATCH, n - made)
        source = rng.integers(0, len(docs), size)
        words, bounds = _edit(rng, tokens, starts[source], lengths[source],
                              rng.uniform(0.3, 0.6, size), len(vocab))
        # a tenth are light edits (0-6%) of another document of this batch
        near = np.flatnonzero(rng.random(size) < 0.10)
        of = rng.integers(0, size, len(near))
        near_words, near_bounds = _edit(rng, words, bounds[of], np.diff(bounds)[of],
                                        rng.uniform(0.0, 0.06, len(near)), len(vocab))
        texts = [" ".join(vocab[words[bounds[i]:bounds[i + 1]]]) for i in range(size)]
        for k, i in enumerate(near.tolist()):
            texts[i] = " ".join(vocab[near_words[near_bounds[k]:near_bounds[k + 1]]])
        yield texts
        made += size


def write_corpus(path: Path, n: int) -> None:
    """Written under another name then renamed, so an interrupted run leaves no short corpus."""
    part = path.with_suffix(".part")
    with part.open("w") as fh:
        i = 0
        for batch in synth_texts(n):
            for text in batch:
                fh.write(json.dumps({"id": f"g{i}", "text": text}) + "\n")
                i += 1
    part.rename(path)


def stage_child(corpus: Path) -> None:
    """Run only the ``curate.dedup`` stage over the corpus; print its CPU time and rejects."""
    from synthloop.curate.dedup import Dedup, DedupParams
    from synthloop.records import Record
    from synthloop.stages import StageContext

    def batches() -> Iterator[list[Record]]:
        with corpus.open() as fh:
            batch: list[Record] = []
            for i, line in enumerate(fh):
                batch.append(Record(id=f"r{i}", data=json.loads(line), seq=i))
                if len(batch) == BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch

    stage = Dedup(DedupParams(method="minhash"))
    ctx = StageContext(spec_hash="growth", stage=stage.label, stage_index=0, seed=0,
                       run_dir=corpus.parent)  # where the shingles spill
    stage.reset_index()
    cpu = 0.0

    def phase(name: str) -> None:  # to stderr as it happens: a long run's peak so far
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name}: stage CPU {cpu:,.1f} s, peak RSS {peak:,.0f} MB", file=sys.stderr,
              flush=True)

    for batch in batches():
        start = time.process_time()
        stage.index(batch, ctx)
        cpu += time.process_time() - start
    phase("indexed")
    rejected = 0
    for i, batch in enumerate(batches()):
        start = time.process_time()
        rejected += sum(not r.accepted for r in stage.decide(batch, ctx))
        cpu += time.process_time() - start
        if i == 0:
            phase("pairs verified and clustered, first batch decided")
    print(json.dumps({"stage_cpu_s": cpu, "rejected": rejected}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="+", default=[31_500, 1_000_000])
    ap.add_argument("--run", action="store_true", help="time the whole synthloop run")
    ap.add_argument("--stage", action="store_true", help="time the dedup stage alone")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "neardup_growth")
    ap.add_argument("--child-stage", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_stage:
        stage_child(args.child_stage)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{'docs':>10} {'what':<15} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'docs/s':>9} "
          f"{'rejected':>9} {'load':>5}")
    for n in args.docs:
        corpus = args.work / f"corpus-{n}.jsonl"
        if not corpus.exists():
            start = time.perf_counter()
            write_corpus(corpus, n)
            print(f"(synthesized {n:,} documents in {time.perf_counter() - start:,.0f} s)")
        if args.run:
            load = os.getloadavg()[0]
            with tempfile.TemporaryDirectory(dir=args.work) as tmp:
                spec = Path(tmp) / "spec.yaml"
                spec.write_text(SPEC.format(corpus=corpus, ngram=5, num_perm=128, threshold=0.8))
                exe = Path(sys.executable).with_name("synthloop")
                t = timed([str(exe), "run", str(spec), "--run-dir", f"{tmp}/run", "-q"],
                          synthloop_env())
                with open(f"{tmp}/run/export/data.jsonl") as fh:
                    rejected = n - sum(1 for _ in fh)
            print(f"{n:>10,} {'synthloop run':<15} {t.wall_s:>8.1f} {t.cpu_s:>8.1f} "
                  f"{t.peak_rss_mb:>8,.0f} {n / t.wall_s:>9,.0f} {rejected:>9,} {load:>5.1f}",
                  flush=True)
        if args.stage:
            load = os.getloadavg()[0]
            out = Path(args.work) / f"stage-{n}.json"
            with out.open("w") as fh:
                start = time.perf_counter()
                proc = subprocess.Popen([sys.executable, __file__, "--child-stage", str(corpus)],
                                        stdout=fh, env=synthloop_env())
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status):
                raise SystemExit(f"the stage child failed (exit {status})")
            got = json.loads(out.read_text())
            print(f"{n:>10,} {'dedup stage':<15} {wall:>8.1f} {got['stage_cpu_s']:>8.1f} "
                  f"{usage.ru_maxrss / 1024:>8,.0f} {n / got['stage_cpu_s']:>9,.0f} "
                  f"{got['rejected']:>9,} {load:>5.1f}", flush=True)


if __name__ == "__main__":
    main()
