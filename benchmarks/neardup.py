"""Near-duplicates: the whole ``synthloop run`` of a MinHash dedup spec beside datasketch and
rensa, each a whole process (start, import, read the corpus, dedup, write), in one run.

    python benchmarks/neardup.py --corpus /tmp/neardup/corpus.jsonl \
        --truth /tmp/neardup/truth.jsonl

If the files do not exist they are built: about 27,000 real documents from ../shared/data
(GSM8K, MBPP, HumanEval, Banking77, hh-rlhf, the Presidio set, Self-Instruct seeds) plus 4,500
injected near duplicates (word deletions, substitutions, insertions, swaps, case and
whitespace changes at random rates), shuffled: 31,500 documents. The truth is every pair whose
*exact* Jaccard on word n-gram shingle sets is at least the threshold, found with prefix
filtering (exact: a pair with Jaccard >= t must share one of the first |A| - ceil(t|A|) + 1
rarest shingles of A). Any corpus in the same format works: JSONL lines ``{"id": ..., "text":
...}``; truth lines ``{"a": id, "b": id, "jaccard": j}``.

The systems, timed as whole processes, ``--repeat`` times each, interleaved (the median is
reported; the machine is shared, so the load is printed and only same-run ratios count):

- synthloop: ``synthloop run`` on a spec with a ``source:`` (the corpus) and ``curate.dedup``
  (``method: minhash``, the same n-gram, num_perm and threshold), exporting the kept records;
  it also writes its run store and report, which the peers do not;
- datasketch 2.0: MinHash + MinHashLSH with its defaults (no verification);
- rensa 0.5: RMinHash + RMinHashLSH, 16 bands, candidates checked by exact Jaccard (its tuned
  setting; see ``benchmarks/neardup_peers.py``).

Scores are per document: the truth duplicates are, in each connected component of the truth
pairs, every document but the first; a peer's duplicates are found the same way from the pairs
it reports, and synthloop's are the records it rejected (it keeps the first of each cluster).
The result also goes to ``benchmarks/results/perf/neardup.json`` (README performance table).
Growth to 1M and 10M documents: ``benchmarks/neardup_growth.py``.

The index ahead (branch neardup, 2026-12-07 18:10-19:30 UTC): ``synthloop run`` forks a child
early, where a core is likely idle (the 1-min load at most the number of cores and a half),
that reads the source and indexes it batch by batch, then finds the pairs
(``synthloop.curate.prehash``); the import takes each batch it has sent, checked (file
identity, settings, row positions), and at the decision the parent hashes the batches not sent
yet from the last back while the child sends from the first (its pairs are used when it sent
every batch). This benchmark, one run after the other in the same quiet window (load 1.0):
the code before 0.87 s, datasketch 7.20, rensa 1.41 (8.2x, 1.6x); this 0.70 and 0.72 s,
datasketch 7.13 and 7.52, rensa 1.41 and 1.47 (10.1x and 10.5x, 2.0x; F1 0.999 all; the
export byte-identical); the results file's run (load 0.64, the final code): 0.80 s, 8.11,
1.51 (10.1x, 1.9x). The wall clock phase by phase (phase marks, load 0.9, two runs,
wall/CPU ms of the parent): importing ``synthloop.cli`` 55-58, ``synthloop.api`` 116-119,
reading the spec, importing numpy and forking 65-66 (CPU 94-96: the sandbox prestart's thread
runs beside it), the spec check 19, the source import 186-201 (parsing and inserting only),
deciding 172-176 (the batches it hashes itself and the pairs), the export 60-64 (CPU 76-78),
the report 26-31, the status 11-12: 0.72 s in all. The child takes 0.40-0.53 s of CPU (the
parse and texts again, 0.08, then the index), so the two take 0.1-0.2 s more than one process:
it pays only beside an idle core. With the child forced, CPU time at load 8.4-8.7 (parent with
the child / alone): the source import 232-241 / 551-574 ms, deciding 34 / 80-86, in all 0.72 s
/ 1.15 (then the parent still waited for the child's last batches). Whole runs alternated with
and without a child, medians of the paired wall ratios: 0.86-1.07 in five rounds of eight at
load 2.2-2.5 (before the parent hashed from the back; wins where the other core was free: wall
below CPU time), 1.14 and 1.17 at load 5.6-7.9 (other sessions held both cores: wall equal to
CPU time), hence the gate; above it the run is the one before (this benchmark at load 4.9-6.1:
9.3x and 9.2x datasketch, 1.3x and 1.5x rensa, the code before and this). What is left: the
imports (cli and api, 0.17 s), the source's parse and insert (0.19), the export (0.06), the
report and the status (0.04); on a busy machine all of the 1.1-1.2 s of one process.

Where the time goes (branch ndup6, 2026-12-07, load 10-12 from other sessions, which inflates
CPU time by about a fifth; CPU medians of five fresh processes, phases wrapped with
``time.process_time``): 1.35-1.5 s in all, of which

- imports, CLI startup, spec and store set-up: about 0.43 s (see below);
- reading the source into the run store and indexing it: 0.66 s. Parsing the JSONL 0.10
  (``orjson`` 0.04, a ``Row`` each and the generators the rest); the batch's columns and ids
  0.02 (a source's rows go to the store and to ``curate.dedup`` column-wise,
  ``store.ImportedRows``: no ``Record`` per row, 0.78 -> 0.66 s for this phase); the store's
  insert 0.18 (SQLite 0.13, 0.035 of it the unique index on ids; ``executemany`` rows cost the
  same); the index 0.34: shingling 0.16, MinHash signatures 0.11 (126 permutations
  ``a_k * x mod 2^32``, the minimum per document by ``reduceat``: most of it), band keys
  0.01, text, rank and id per record 0.04;
- deciding, 0.06-0.09 s: pairs, verification and clusters. The stage right after a source is
  decided as a whole (``CorpusStage.rejections``): only the 1,315 records it turns down are
  written; the ones it keeps stay as imported and the stage's cursor marks them decided;
- the JSONL export and its dataset card: 0.09 s (lines cut from the stored JSON text);
- the HTML report 0.04 s; the status print 0.02 s; closing the store 0.02 s.

Whole processes against main (4a72685), alternated, 42 runs each at load 6-11: 1.60 -> 1.43
s CPU (median). This benchmark, ``--repeat 3``, main and this branch one after the other, four
pairs at load 5-12: main 8.2-9.3x datasketch's wall (9.0-9.6x its CPU), 1.0-1.3x rensa's;
this branch 9.1-11.4x (9.3-11.1x CPU), 1.2-1.9x rensa's; F1 1.000 and 0.999. At that load
a median of three swings by a tenth either way; the alternated CPU medians are the steadier.

Tried and dropped: committing each import batch on a writer thread (+0.4 s CPU at load 11),
the signature matrix documents-first (``reduceat`` down the rows: 5x slower), ``reduceat``
over the flattened matrix or into a permutations-first one (the same), lowering a batch as
one joined string (2.9x slower once one text is not ASCII; ASCII bytes lowered in numpy
instead: no faster than ``str.lower``), word hashes from 8-byte gathers rather than prefix
sums (equal classes, 0.008 s faster of 0.05: kept the simpler), larger import batches. What
remains is mostly the run store's insert and the imports, which the peers, writing only their
pairs, do not pay; the peers in turn spend most of their time building shingle strings in
Python (rensa: 0.9 s of its 1.8 s).

The fixed cost again (2026-12-07, branch fixed, load 10-16 from other sessions; CPU medians of
5 fresh processes with marks at each phase, ``time.process_time``): 1.58 s in all, of which
importing ``synthloop.cli`` (typer, rich) 87 ms, ``synthloop.api`` (pydantic and its first
model, the config models, yaml, asyncio, the engine) 196 ms, typer's dispatch 35 ms, the spec
check 124 ms (numpy 75-95 ms of it, for ``curate.dedup``), the run 935 ms, closing the store
19 ms (its checkpoint), the export 95 ms (reading and writing the 30,185 lines alone: 74), the
report 40 ms (30 of it the length sample of 4,500 records), the status tables 18 ms, the
interpreter's start and teardown about 20 ms. Every library imported is one the run uses.
Besides CPU, the process waited on 11 fdatasyncs (80-130 ms of wall at that load): six as
SQLite turned the new file to WAL and wrote the schema, none now (``RunStore`` makes a new file
with syncs off); the other five are the WAL checkpoints (one at 16 MiB, one at close), which
carry 28.5 MB of WAL and 21 MB of database writes for a 15 MB store.

The wall clock, phase by phase (2026-12-07 15:32 UTC, branch ndup10 on 5b61fbc, load 1.2-2.3;
two runs, ``time.perf_counter`` and ``time.process_time`` at each phase's edges, in one
process): importing ``synthloop.cli`` 63-76 ms, ``synthloop.api`` 161-180, the spec check
103-123, the source import with its index 558-574 (CPU the same: one core works, the other
idles), deciding 96, closing 1-12, the export 85-92, the report 32, the status 13; wall and
CPU agree in every phase. Of the index, measured apart (16 batches of 2,000, load 2): the
texts 19 ms, lower-casing and encoding them 22, the word hashes 67-86 (prefix sums over the
9.6 MB of text), the n-grams 30, the signatures 107-120 (1,742,234 shingles x 126
permutations), the band keys 9. Of the insert (load 3.5): orjson 24 ms, SQLite 182;
``value ->> 0`` instead of ``json_extract`` and ``executemany`` with a row each cost the same
(182-217 ms), so the time is SQLite's own (the table, its id index, the WAL).

Tried and dropped on ndup10, to use the idle core (each committed and reverted, so it can be
picked up again; ``git log`` has the numbers), none faster once other sessions kept both
cores busy, and this machine's were busy the whole session (load 5.8-9.2 from 15:43 UTC on):

- the import committing each batch on a writer thread while the batch before is indexed
  (SQLite inserts a batch in one statement, without the GIL): 12 alternated whole runs, load
  6.4-6.9, wall median 1.83 s vs 1.76, CPU 1.18 vs 1.13;
- the index hashing each batch on a thread of its own while the import reads and stores the
  next (numpy lets go of the GIL): 1.84 s vs 1.76, CPU 1.20 vs 1.13 (same runs); in one
  process, 20 alternated runs at load 5.8-7.1, paired wall +0.10 s (median). Only at the
  session's lowest load had it gained: 10 alternated whole runs at load 2.3-2.7 (the same
  idea in the import loop), wall median 0.99 s vs 1.07, CPU 1.20 vs 1.15. A thread takes the
  GIL back after each of the many numpy calls of a batch, and waits for it while the other
  runs Python;
- a forked helper process hashing the batches (no GIL shared): 10 alternated whole runs at
  load 7.6-8.1, wall median 3.14 s vs 2.82, CPU 1.29 vs 1.18 (the helper's included); in one
  process, 12 alternated runs at load 8.1-9.2, paired wall +0.29 s (median). It cost 54,625
  minor page faults against 31,218 (one pair of whole runs: the parent's heap copied on
  write after the fork), and the parent waits for the helper at every batch, which a busy
  machine makes long.

At the session's quietest (16:45 UTC, load 1.3-2.7 with this benchmark's own process; 8
alternated whole runs of each): 5b61fbc 1.41 s wall (1.14 s CPU), the writer thread 1.38
(1.21), the index's thread 1.39 (1.19), the helper process 1.50 (1.26): within noise or
worse, and more CPU every time. A wholly idle machine was not to be had. This benchmark then
(load 2.7, ``--repeat 3``, this branch's code = 5b61fbc's): synthloop 1.29 s, datasketch
10.22, rensa 1.76: 7.9x and 1.4x, F1 0.999. Also dropped: the
signatures from a length-bucketed, padded matrix reduced down its middle axis (the same
minima without ``reduceat``'s call per document and permutation): 250-340 ms against
163-201 for ``reduceat`` at load 4.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from installed import compile_synthloop
from neardup_peers import shingles

from synthloop.curate.clusters import components

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"


def base_documents() -> list[str]:
    docs: list[str] = []
    for split in ("train", "test"):
        for line in (DATA / "gsm8k" / f"{split}.jsonl").open():
            item = json.loads(line)
            docs.append(f"{item['question']}\n\n{item['answer']}")
    for line in (DATA / "mbpp" / "mbpp.jsonl").open():
        item = json.loads(line)
        docs.append(f"{item['text']}\n{item['code']}")
    with gzip.open(DATA / "humaneval" / "HumanEval.jsonl.gz", "rt") as fh:
        docs += [json.loads(line)["prompt"] for line in fh]
    for split in ("train", "test"):
        with (DATA / "banking77" / f"{split}.csv").open() as fh:
            docs += [row["text"] for row in csv.DictReader(fh)]
    with gzip.open(DATA / "hh-rlhf-harmless-test" / "test.jsonl.gz", "rt") as fh:
        docs += [json.loads(line)["chosen"] for line in fh]
    docs += [item["full_text"] for item in
             json.loads((DATA / "presidio-pii" / "synth_dataset_v2.json").read_text())]
    for line in (DATA / "self-instruct-seed" / "seed_tasks.jsonl").open():
        docs.append(json.loads(line)["instruction"])
    return docs


def perturb(text: str, rate: float, rng: random.Random, vocab: list[str]) -> str:
    words = text.split()
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < rate / 3:
            continue  # delete
        if roll < 2 * rate / 3:
            out.append(rng.choice(vocab))  # substitute
            continue
        out.append(word.upper() if rng.random() < 0.02 else word)
        if roll < rate:
            out.append(rng.choice(vocab))  # insert
    if len(out) > 3 and rng.random() < 0.3:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return ("  " if rng.random() < 0.2 else " ").join(out)


def build_corpus(path: Path, n_dups: int, seed: int) -> None:
    rng = random.Random(seed)
    docs = base_documents()
    vocab = [w for d in rng.sample(docs, 2000) for w in d.split()]
    long_docs = [d for d in docs if len(d.split()) >= 20]
    dups = [perturb(rng.choice(long_docs), rng.uniform(0.0, 0.12), rng, vocab)
            for _ in range(n_dups)]
    corpus = docs + dups
    rng.shuffle(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        for i, text in enumerate(corpus):
            fh.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")


def exact_pairs(sets: list[frozenset[str]], threshold: float) -> list[tuple[int, int, float]]:
    """All pairs with Jaccard >= threshold, by prefix filtering over rarest-first shingles."""
    freq: dict[str, int] = defaultdict(int)
    for s in sets:
        for g in s:
            freq[g] += 1
    index: dict[str, list[int]] = defaultdict(list)
    found = []
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))  # shorter first
    for i in order:
        s = sets[i]
        if not s:
            continue
        ranked = sorted(s, key=lambda g: (freq[g], g))
        prefix = ranked[:len(s) - math.ceil(threshold * len(s)) + 1]
        seen: set[int] = set()
        for g in prefix:
            for j in index[g]:
                if j in seen:
                    continue
                seen.add(j)
                inter = len(s & sets[j])
                jac = inter / (len(s) + len(sets[j]) - inter)
                if jac >= threshold:
                    found.append((min(i, j), max(i, j), jac))
            index[g].append(i)
    return found


def build_truth(corpus: list[dict], path: Path, n: int, threshold: float) -> None:
    sets = [frozenset(shingles(d["text"], n)) for d in corpus]
    with path.open("w") as fh:
        for a, b, j in exact_pairs(sets, threshold):
            fh.write(json.dumps({"a": corpus[a]["id"], "b": corpus[b]["id"],
                                 "jaccard": round(j, 4)}) + "\n")


def duplicates(n: int, pairs: Iterable[tuple[int, int]]) -> set[int]:
    """Every document but the first of each connected component."""
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    label = components(edges[:, 0], edges[:, 1], n)
    touched = np.unique(edges)
    return set(touched[label[touched] != touched].tolist())


def scores(truth: set[int], predicted: set[int]) -> tuple[float, float, float]:
    tp = len(truth & predicted)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)



SPEC = """name: neardup
source: {{path: {corpus}}}
stages:
  - {{use: curate.dedup, method: minhash, ngram: {ngram}, num_perm: {num_perm}, threshold: {threshold}}}
outputs: {{formats: [jsonl], style: raw}}
"""


@dataclass
class Timed:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run ``cmd`` to completion: its wall time, CPU time (user + system) and peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{shlex.join(cmd)} failed:\n{err.read().decode()[-3000:]}")
    return Timed(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def synthloop_env() -> dict[str, str]:
    """This checkout's synthloop first on the path, whatever the virtualenv installed."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + (os.pathsep + path if path else "")}


def run_synthloop(corpus: Path, work: Path, args: argparse.Namespace) -> tuple[Timed, set[int]]:
    """``synthloop run`` in a fresh run dir; the duplicates are the corpus lines not exported."""
    spec = work / "spec.yaml"
    spec.write_text(SPEC.format(corpus=corpus, ngram=args.ngram, num_perm=args.num_perm,
                                threshold=args.threshold))
    run_dir = work / "run"
    exe = Path(sys.executable).with_name("synthloop")
    t = timed([str(exe), "run", str(spec), "--run-dir", str(run_dir), "-q"], synthloop_env())
    with (run_dir / "export" / "data.jsonl").open() as fh:
        kept = {json.loads(line)["id"] for line in fh}
    with corpus.open() as fh:
        ids = [json.loads(line)["id"] for line in fh]
    return t, {i for i, doc in enumerate(ids) if doc not in kept}


def run_peer(peer: str, corpus: Path, work: Path,
             args: argparse.Namespace) -> tuple[Timed, set[tuple[int, int]]]:
    out = work / f"{peer}.json"
    t = timed([sys.executable, str(Path(__file__).with_name("neardup_peers.py")), peer,
               str(corpus), str(out), "--ngram", str(args.ngram), "--num-perm",
               str(args.num_perm), "--threshold", str(args.threshold)])
    return t, {(a, b) for a, b in json.loads(out.read_text())}


def write_perf(path: Path, row: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(row, indent=2) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--dups", type=int, default=4500, help="near duplicates to inject")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each system (median kept)")
    ap.add_argument("--peers", nargs="*", default=["datasketch", "rensa"],
                    choices=["datasketch", "rensa"])
    ap.add_argument("--perf", default=str(ROOT / "benchmarks/results/perf/neardup.json"),
                    help="where the README performance row goes ('' for nowhere)")
    args = ap.parse_args()
    compile_synthloop()
    load = os.getloadavg()[0]
    command = shlex.join(["python", "benchmarks/neardup.py", *sys.argv[1:]])

    if not args.corpus.exists():
        print(f"building {args.corpus}")
        build_corpus(args.corpus, args.dups, args.seed)
    corpus = [json.loads(line) for line in args.corpus.open()]
    if not args.truth.exists():
        print(f"building exact-Jaccard truth {args.truth}")
        build_truth(corpus, args.truth, args.ngram, args.threshold)
    pos = {d["id"]: i for i, d in enumerate(corpus)}
    truth_pairs = set()
    for line in args.truth.open():
        t = json.loads(line)
        a, b = pos[t["a"]], pos[t["b"]]
        truth_pairs.add((min(a, b), max(a, b)))
    n = len(corpus)
    truth_docs = duplicates(n, truth_pairs)
    print(f"{n} documents, {len(truth_pairs)} truth pairs, {len(truth_docs)} duplicate "
          f"documents; word {args.ngram}-grams, num_perm {args.num_perm}, "
          f"threshold {args.threshold}; load {load:.2f} at start")

    systems = ["synthloop", *args.peers]
    times: dict[str, list[Timed]] = {name: [] for name in systems}
    found: dict[str, set[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.repeat):
            for name in systems:
                work = Path(tmp) / f"{name}-{rep}"
                work.mkdir()
                if name == "synthloop":
                    t, found[name] = run_synthloop(args.corpus.resolve(), work, args)
                else:
                    t, pairs = run_peer(name, args.corpus.resolve(), work, args)
                    found[name] = duplicates(n, pairs)
                times[name].append(t)
    print(f"{'system':<11} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'docs/s':>8} "
          f"{'doc P':>6} {'doc R':>6} {'doc F1':>6}   (median of {args.repeat}, whole process)")
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    f1s: dict[str, float] = {}
    for name in systems:
        wall[name] = statistics.median(t.wall_s for t in times[name])
        cpu[name] = statistics.median(t.cpu_s for t in times[name])
        rss = max(t.peak_rss_mb for t in times[name])
        p, r, f1s[name] = scores(truth_docs, found[name])
        print(f"{name:<11} {wall[name]:>7.2f} {cpu[name]:>6.2f} {rss:>8,.0f} {n / wall[name]:>8,.0f} "
              f"{p:>6.3f} {r:>6.3f} {f1s[name]:>6.3f}")
    ratios = {peer: wall[peer] / wall["synthloop"] for peer in args.peers}
    cpu_ratios = {peer: cpu[peer] / cpu["synthloop"] for peer in args.peers}
    for peer, ratio in ratios.items():
        print(f"synthloop vs {peer}: {ratio:.1f}x wall, {cpu_ratios[peer]:.1f}x CPU time "
              "(whole process)")
    goals = {"datasketch": 10.0, "rensa": 1.2}
    met = f1s["synthloop"] >= 0.95 and all(p in ratios and ratios[p] >= goals[p] for p in goals)
    print(f"goal (>= 10x datasketch, >= 1.2x rensa, F1 >= 0.95): {'met' if met else 'NOT met'}")
    if args.perf and set(args.peers) == set(goals):
        write_perf(Path(args.perf), {
            "row": f"near-duplicates, {n:,} documents, word {args.ngram}-grams, threshold "
                   f"{args.threshold}, whole `synthloop run` with import and startup",
            "peer": "datasketch 2.0 (MinHash + LSH, its defaults); rensa 0.5 (16 bands + verify)",
            "ours": f"{wall['synthloop']:.2f} s ({cpu['synthloop']:.2f} s CPU), "
                    f"F1 {f1s['synthloop']:.3f}",
            "peer_value": f"datasketch {wall['datasketch']:.2f} s ({cpu['datasketch']:.2f} s CPU, "
                          f"F1 {f1s['datasketch']:.3f}); rensa {wall['rensa']:.2f} s "
                          f"({cpu['rensa']:.2f} s CPU, F1 {f1s['rensa']:.3f})",
            "ratio": round(ratios["datasketch"], 2),
            "ratio_rensa": round(ratios["rensa"], 2),
            "ratio_cpu": {p: round(r, 2) for p, r in cpu_ratios.items()},
            "goal": ">= 10x datasketch and >= 1.2x rensa at F1 >= 0.95",
            "met": met,
            "command": command,
            "load": round(load, 2),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        })
        print(f"wrote {args.perf}")


if __name__ == "__main__":
    main()
