"""The peers of ``benchmarks/neardup.py``, each run as its own process the way a user would run
it: start Python, import the library, read the corpus, find the near-duplicate pairs, write them.

    python benchmarks/neardup_peers.py datasketch|rensa CORPUS.jsonl PAIRS.json \
        [--ngram 5] [--num-perm 128] [--threshold 0.8]

Both get the same shingles as synthloop (word n-grams of the lower-cased text split on
non-word characters). ``PAIRS.json`` is a list of ``[i, j]`` corpus line numbers. This file
imports nothing from synthloop, so the peers' startup is only their own.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

TOKEN = re.compile(r"[0-9a-z_\u0080-\U0010ffff]+")  # the same tokens as synthloop.shingles


def shingles(text: str, n: int) -> list[str]:
    words = TOKEN.findall(text.lower())
    if not words:
        return []
    return [" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))]


def datasketch_pairs(texts: list[str], n: int, num_perm: int,
                     threshold: float) -> set[tuple[int, int]]:
    """datasketch's MinHash and MinHashLSH with its defaults (it picks bands and rows from the
    threshold by minimising false positive plus false negative areas); no verification."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketches = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=num_perm)
        m.update_batch([g.encode() for g in shingles(text, n)])
        lsh.insert(i, m)
        sketches.append(m)
    return {(min(i, j), max(i, j)) for i, m in enumerate(sketches) for j in lsh.query(m)
            if j != i}


def rensa_pairs(texts: list[str], n: int, num_perm: int,
                threshold: float) -> set[tuple[int, int]]:
    """rensa (Rust MinHash) with 16 bands and an exact-Jaccard check of its candidates: its
    tuned setting (its default banding finds too few pairs at 0.8)."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=16)
    sketches, sets = [], []
    for i, text in enumerate(texts):
        grams = shingles(text, n)
        m = RMinHash(num_perm=num_perm, seed=42)
        m.update(grams)
        lsh.insert(i, m)
        sketches.append(m)
        sets.append(set(grams))
    pairs = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j > i:
                inter = len(sets[i] & sets[j])
                if inter / (len(sets[i]) + len(sets[j]) - inter or 1) >= threshold:
                    pairs.add((i, j))
    return pairs


PEERS = {"datasketch": datasketch_pairs, "rensa": rensa_pairs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("peer", choices=sorted(PEERS))
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()
    with args.corpus.open() as fh:
        texts = [json.loads(line)["text"] for line in fh]
    pairs = PEERS[args.peer](texts, args.ngram, args.num_perm, args.threshold)
    args.out.write_text(json.dumps(sorted(pairs)))


if __name__ == "__main__":
    main()
