"""How fast is Self-Instruct's ROUGE-L novelty check against a 50,000-instruction pool?

Builds a pool of synthetic instructions from the vocabulary of the 175 Self-Instruct seed
tasks (Zipf-distributed words, 5-40 tokens, like real instructions), then times
``NoveltyIndex.nearest`` against the original's brute-force scan (ROUGE-L with every entry) on
the same queries (half are near copies of pool entries, half fresh), and checks that both give
the same verdict.

    .venv/bin/python benchmarks/novelty_index.py --pool 50000 --queries 400 --brute 8
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import orjson

from synthloop.generate.novelty import NoveltyIndex, rouge_l, tokenize

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "self-instruct-seed" \
    / "seed_tasks.jsonl"


def synthetic_pool(n: int, rng: random.Random) -> list[str]:
    words: list[str] = []
    for line in SEEDS.read_text().splitlines():
        words += tokenize(orjson.loads(line)["instruction"])
    vocab = sorted(set(words), key=words.count, reverse=True)
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
    return [" ".join(rng.choices(vocab, weights, k=rng.randint(5, 40))) for _ in range(n)]


def near_copy(text: str, rng: random.Random) -> str:
    tokens = text.split()
    for _ in range(max(1, len(tokens) // 8)):
        tokens[rng.randrange(len(tokens))] = rng.choice(("new", "please", "briefly", "the"))
    return " ".join(tokens)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pool", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--brute", type=int, default=8, help="queries also run by brute force")
    ap.add_argument("--threshold", type=float, default=0.7)
    args = ap.parse_args()
    rng = random.Random(0)
    pool = synthetic_pool(args.pool, rng)
    fresh = synthetic_pool(args.queries // 2, random.Random(1))
    queries = [near_copy(rng.choice(pool), rng) for _ in range(args.queries - len(fresh))]
    queries += fresh
    rng.shuffle(queries)

    index = NoveltyIndex(args.threshold)
    t0 = time.perf_counter()
    for text in pool:
        index.add(text)
    build_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    found = [index.nearest(q) for q in queries]
    index_s = (time.perf_counter() - t0) / len(queries)
    lcs_per_query = index.lcs_computed / len(queries)

    pool_tokens = [tokenize(p) for p in pool]
    t0 = time.perf_counter()
    agree = 0
    for q, got in zip(queries[: args.brute], found, strict=False):
        qt = tokenize(q)
        best = max(rouge_l(qt, pt) for pt in pool_tokens)
        expected = best >= args.threshold
        agree += expected == (got is not None) and (got is None or abs(got.score - best) < 1e-12)
    brute_s = (time.perf_counter() - t0) / max(1, args.brute)
    rejected = sum(f is not None for f in found)
    print(f"pool {args.pool:,} instructions, {len(queries)} queries ({rejected} near copies found)")
    print(f"index build: {build_s:.2f} s")
    print(f"indexed check: {index_s * 1e3:.2f} ms/query, {lcs_per_query:.1f} LCS computed/query")
    print(f"brute force:   {brute_s * 1e3:.0f} ms/query ({args.pool:,} LCS/query)")
    print(f"speed-up: {brute_s / index_s:.0f}x; same verdict and score on {agree}/{args.brute} "
          "brute-force queries")
    if agree != min(args.brute, len(queries)):
        sys.exit("index and brute force disagree")


if __name__ == "__main__":
    main()
