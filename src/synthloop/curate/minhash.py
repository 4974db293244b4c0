"""MinHash LSH near-duplicate detection with an exact-Jaccard check of every candidate.

Three steps, all vectorised over a batch:

1. **Signatures.** Each of ``num_perm`` hash functions ``h_k(x) = a_k * x (mod 2^32)`` (``a_k``
   odd, so a permutation of the 32-bit shingle hashes, which are already mixed) is applied to
   every shingle; the signature is the per-document minimum. ``P[sig_k(A) = sig_k(B)] =
   J(A, B)``. No ``+ b_k``: that pass was a fifth of the signatures' time (0.13 s -> 0.11
   for the neardup benchmark's 31,500 documents), and recall stayed within chance: with
   seeds 1-6 the index found 1,741-1,744 of the benchmark's 1,744 pairs either way (10
   missed in all without ``b_k``, 6 with it). 32-bit lanes are 2.7x faster in numpy than
   64-bit ones here, and the estimates only pick candidates.
   rensa 0.5's Rust batch MinHash (``RMinHash.digest_matrix_from_flat_token_hashes``, which
   takes these very hashes and offsets) computes the 31,500 benchmark signatures in 0.055 s
   against numpy's 0.27 s, but hands them back only as Python lists: 0.36 s with the
   conversion to an array, so it is not used.
2. **Banding.** The signature is cut into ``bands`` bands of ``rows`` rows; two documents are
   candidates when any band matches entirely, which happens with probability
   ``p(s) = 1 - (1 - s^rows)^bands`` for Jaccard ``s``. Only band keys (one 32-bit hash per
   band) are kept, not signatures: 18 x 4 bytes per document. Two unrelated documents share a
   key by chance with probability 2^-32 per band (at 10 million documents, about 12,000
   spurious pairs a band, which verification rejects); 64-bit keys cost 720 MB more there.
3. **Verification.** Candidates are checked with the exact Jaccard of their shingle sets
   (:mod:`synthloop.curate.jaccard`), so false positives cost time but never a wrong
   rejection. This lets banding favour recall:
   :func:`choose_bands` picks the most rows (fewest spurious candidates) for which a pair
   exactly at the threshold is still found with probability ``recall_at_threshold``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synthloop.curate.jaccard import ShingleSets, kept_values
from synthloop.curate.shingles import Shingles, mix64

# ``curate.dedup``'s defaults for ``method: minhash`` (its params, and the prehash that reads
# a spec before they are validated)
DEFAULT_NGRAM, DEFAULT_NUM_PERM, DEFAULT_SEED, DEFAULT_THRESHOLD = 5, 128, 1, 0.8
_U32_MAX = np.uint32(0xFFFFFFFF)
_BAND_MULT = np.array([(0xC2B2AE3D27D4EB4F * (2 * k + 1)) % 2**64 for k in range(256)],
                      dtype=np.uint64)
# Signature work buffer: 4 MiB of uint32. The benchmark's 31,500 signatures (load 12-15, best
# of six): 0.13 s at 3-4 MiB, 0.15 at 8 MiB, 0.14 at 2, 0.36 at 1 (a reduceat call per row
# of too few documents); 64 MiB ran 1.9x slower than 8 (memory-bound).
_CHUNK_ELEMENTS = 1 << 20


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """``1 - (1 - s^rows)^bands``: chance that a pair of Jaccard ``s`` shares a band."""
    return 1.0 - (1.0 - similarity**rows) ** bands


def choose_bands(threshold: float, num_perm: int,
                 recall_at_threshold: float = 0.95) -> tuple[int, int]:
    """The (bands, rows) with the most rows such that ``bands = num_perm // rows`` finds a pair
    of Jaccard exactly ``threshold`` with probability at least ``recall_at_threshold``.

    For threshold 0.8 and 128 permutations this gives 18 bands x 7 rows: p(0.8) = 0.986,
    p(0.5) = 0.13, p(0.3) = 0.004. More rows would cut candidates but lose recall at 0.8
    (16 x 8 finds only 0.947 of them).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= recall_at_threshold:
            return bands, rows
    return num_perm, 1


class MinHasher:
    """``num_perm`` seeded 32-bit permutations; ``signatures`` is the batched MinHash."""

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        # the parameters are splitmix64 outputs of (seed, k): numpy.random is not imported
        # for them (about 20 ms of a run's startup)
        self.num_perm = num_perm
        stream = mix64(np.arange(num_perm, dtype=np.uint64)
                       + np.uint64((seed * 0x9E3779B97F4A7C15) % 2**64))
        self._a = ((stream >> np.uint64(32)).astype(np.uint32) | np.uint32(1))[:, None]

    def signatures(self, shingles: Shingles) -> np.ndarray:
        """A ``(docs, num_perm)`` uint32 matrix; documents without shingles get all-max rows."""
        n_docs = len(shingles)
        out = np.full((n_docs, self.num_perm), _U32_MAX, dtype=np.uint32)
        x = shingles.hashes.astype(np.uint32)  # low 32 bits of a mixed 64-bit hash
        counts = np.diff(shingles.offsets)
        docs = np.flatnonzero(counts > 0)
        step = max(1, _CHUNK_ELEMENTS // self.num_perm)
        buf = np.empty((self.num_perm, min(step, len(x)) or 1), dtype=np.uint32)
        i = 0
        while i < len(docs):
            lo = shingles.offsets[docs[i]]
            # take documents while their shingles fit the buffer (at least one document)
            j = int(np.searchsorted(shingles.offsets[docs + 1], lo + step, side="right"))
            j = max(j, i + 1)
            hi = shingles.offsets[docs[j - 1] + 1]
            if hi - lo > buf.shape[1]:
                buf = np.empty((self.num_perm, hi - lo), dtype=np.uint32)
            work = buf[:, :hi - lo]
            np.multiply(self._a, x[None, lo:hi], out=work)
            starts = shingles.offsets[docs[i:j]] - lo
            out[docs[i:j]] = np.minimum.reduceat(work, starts, axis=1).T
            i = j
        return out


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per (document, band); equal keys mean (almost surely) equal bands; 0
    marks a document without shingles."""
    n = len(signatures)
    parts = signatures[:, :bands * rows].reshape(n, bands, rows)
    # summed row by row: a sum over the last axis of 7 took 24 ms of the neardup benchmark's
    # 31,500 documents, these seven strided products 9 (the same keys)
    acc = parts[:, :, 0] * _BAND_MULT[0]
    for r in range(1, rows):
        acc += parts[:, :, r] * _BAND_MULT[r]
    keys = (mix64(acc) >> np.uint64(32)).astype(np.uint32)
    empty = (signatures == _U32_MAX).all(axis=1)
    keys[empty] = 0  # documents without shingles never pair (see candidate_pairs)
    return keys


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: ``np.unique`` asked for nothing else imports numpy.ma
    (numpy 2 checks for a masked array), 20-40 ms of a whole run of the neardup benchmark."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _pairs_in_groups(members: np.ndarray, group_start: np.ndarray, sizes: np.ndarray,
                     max_all_pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """All pairs inside groups of up to ``max_all_pairs`` members; larger groups (usually exact
    copies) pair each member with the group's first and with its predecessor."""
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for size in _distinct(sizes):
        starts = group_start[sizes == size]
        if size <= max_all_pairs:
            iu, ju = np.triu_indices(size, k=1)
            left.append(members[starts[:, None] + iu].ravel())
            right.append(members[starts[:, None] + ju].ravel())
        else:
            pos = starts[:, None] + np.arange(1, size)
            left.append(np.repeat(members[starts], size - 1))
            right.append(members[pos].ravel())
            left.append(members[pos[:, :-1]].ravel())
            right.append(members[pos[:, 1:]].ravel())
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def candidate_pairs(keys: Sequence[np.ndarray],
                    max_all_pairs: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Distinct document pairs ``(i < j)`` sharing at least one band key; ``keys`` are the
    ``(documents, bands)`` key matrices of consecutive batches, read one band at a time (all
    of them at once would be 720 MB more at 10 million documents)."""
    n = sum(len(k) for k in keys)
    bands = keys[0].shape[1] if keys else 0
    # distinct pair codes so far, merged band by band: keeping every band's codes until the
    # end held 18 copies of most pairs (about 1 GB at 10 million documents)
    codes = np.zeros(0, np.uint64)
    for band in range(bands):
        # documents by key, then by number (the order a stable argsort gives): the key and
        # the number packed into one 64-bit value and sorted took 0.3 ms where a stable
        # argsort took 1.9 (31,500 keys); numbers fit in 32 bits below 4 billion documents
        packed = np.concatenate([k[:, band] for k in keys]).astype(np.uint64)
        packed <<= np.uint64(32)
        packed |= np.arange(n, dtype=np.uint64)
        packed.sort()
        sorted_keys = (packed >> np.uint64(32)).astype(np.uint32)
        packed &= np.uint64(0xFFFFFFFF)
        order = packed.view(np.int64)
        boundary = np.flatnonzero(np.diff(sorted_keys) != 0) + 1
        starts = np.concatenate([[0], boundary])
        sizes = np.diff(np.concatenate([starts, [n]]))
        multi = (sizes > 1) & (sorted_keys[starts] != 0)
        a, b = _pairs_in_groups(order, starts[multi], sizes[multi], max_all_pairs)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        codes = _distinct(np.concatenate(
            [codes, lo.astype(np.uint64) * np.uint64(n) + hi.astype(np.uint64)]))
    return (codes // np.uint64(n)).astype(np.int64), (codes % np.uint64(n)).astype(np.int64)


@dataclass(frozen=True)
class IndexedBatch:
    """A batch as the index keeps it: band keys ``(documents, bands)`` uint32, the 32-bit
    shingle hashes of all documents in order (uint32) and each document's count (int32)."""

    keys: np.ndarray
    hashes: np.ndarray
    counts: np.ndarray


@dataclass
class NearDupIndex:
    """Accumulates band keys and shingles batch by batch, then finds verified near-duplicate
    pairs over everything added."""

    num_perm: int
    bands: int
    rows: int
    seed: int = 1
    spill_dir: Path | None = None  # where full shingle segments go (default: the temp dir)

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm "
                             f"{self.num_perm}")
        # only the permutations the bands read (18 x 7 = 126 of 128 at 0.8): the others'
        # minima were computed and dropped; permutation k is the same whatever the count
        self._hasher = MinHasher(self.bands * self.rows, self.seed)
        self._keys: list[np.ndarray] | None = []  # None once pairs() has freed them
        self._sets = ShingleSets(self.spill_dir)

    def _open_keys(self) -> list[np.ndarray]:
        if self._keys is None:
            raise RuntimeError("this index has already found its pairs (its band keys are "
                               "freed); build a new NearDupIndex")
        return self._keys

    def add(self, shingles: Shingles) -> None:
        """Index a batch; documents are numbered in the order they are added."""
        self.add_indexed(self.index(shingles))

    def index(self, shingles: Shingles) -> IndexedBatch:
        """What :meth:`add` keeps of a batch, computed without keeping it (a process that
        hashes ahead: :mod:`synthloop.curate.prehash`)."""
        keys = band_keys(self._hasher.signatures(shingles), self.bands, self.rows)
        return IndexedBatch(keys, *kept_values(shingles))

    def add_indexed(self, batch: IndexedBatch) -> None:
        """Add a batch :meth:`index` computed, here or in another process."""
        self._open_keys().append(batch.keys)
        self._sets.add_kept(batch.hashes, batch.counts)

    def pairs(self, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Verified pairs ``(left, right, jaccard)`` with exact Jaccard >= ``threshold``, once,
        after the last :meth:`add`: the band keys are freed before verification (0.72 GB at
        10 million documents)."""
        keys, self._keys = self._open_keys(), None
        if not keys:
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0)
        left, right = candidate_pairs(keys)
        del keys
        similarity = self._sets.jaccard(left, right)
        ok = similarity >= threshold
        return left[ok], right[ok], similarity[ok]
