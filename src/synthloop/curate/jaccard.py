"""Every document's shingle set kept compactly, and the exact Jaccard of any pairs of them.

Near-duplicate candidates are only known once the whole corpus is indexed, so every document's
shingles must be kept until then: at 10 million documents of 55 shingles that is 550 million
values. They are kept as 32-bit hashes (the low half of the 64-bit shingle hash, the same bits
MinHash permutes), 4 bytes each, in segments of about :data:`SEGMENT` values: appending a batch
never copies what came before, and no single concatenation doubles the memory at the end. Every
full segment is written to an unlinked temporary file (in the run's folder) and leaves memory.
Verification first collects the shingles of the documents that are in some candidate pair into
one array, reading each spilled segment whole and sequentially, once; at 10 million documents
the 1.5 GB of shingles no longer stay resident (the index held 3.0 GB, the whole stage peaked at
4.8 GB; the goal is 4 GB). Reading them back through a memory map instead cost as much
resident memory as keeping them: one random read maps about a megabyte of the file (large
page-cache folios, fault-around), 300 reads mapped 255 MB, and ``MADV_RANDOM`` did not help.
Two different shingles of a pair share a 32-bit hash with probability about
``|A ∪ B|^2 / 2^33`` (1e-6 for two 100-shingle documents), which moves that pair's Jaccard by
one shingle in a hundred; the 64-bit hashes were no more exact than that in kind.

The Jaccard of many pairs is computed in chunks, vectorised, with one sort per chunk: each
shingle of either side is tagged ``(pair, value, side)``; after sorting, every run of one
``(pair, value)`` is a member of the union (so repeats count once), and a member of the
intersection when the run holds both sides.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

import numpy as np

from synthloop.curate.shingles import Shingles

SEGMENT = 1 << 25  # 32M values, 128 MiB: the unit of consolidation
_PAIR_CHUNK = 1 << 22  # shingle values gathered per chunk of pairs (both sides)


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``[starts[k], starts[k] + lengths[k])``: each element's run number and
    position."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    first = np.cumsum(lengths) - lengths
    return owner, np.arange(len(owner)) - first[owner] + starts[owner]


def kept_values(shingles: Shingles) -> tuple[np.ndarray, np.ndarray]:
    """What :class:`ShingleSets` keeps of a batch: each shingle's 32-bit hash (uint32) and
    each document's number of them (int32)."""
    return shingles.hashes.astype(np.uint32), np.diff(shingles.offsets).astype(np.int32)


class ShingleSets:
    """Append-only store of documents' 32-bit shingle hashes, numbered in the order added;
    full segments spill into ``spill_dir`` (default: the system's temporary folder)."""

    def __init__(self, spill_dir: Path | None = None) -> None:
        self._spill_dir = spill_dir
        self._segments: list[np.ndarray | None] = []  # None: in the spill file
        self._spilled: dict[int, tuple[int, int]] = {}  # segment -> (byte offset, values)
        self._spill: IO[bytes] | None = None
        self._segment_end: list[int] = []  # documents stored up to the end of each segment
        self._open: list[np.ndarray] = []  # batches not yet consolidated into a segment
        self._open_size = 0
        self._counts: list[np.ndarray] = []
        self._docs = 0

    def add(self, shingles: Shingles) -> None:
        self.add_kept(*kept_values(shingles))

    def add_kept(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        """Add documents as :func:`kept_values` gives them: 32-bit hashes and a count each."""
        self._open.append(hashes)
        self._open_size += len(hashes)
        self._counts.append(counts)
        self._docs += len(counts)
        if self._open_size >= SEGMENT:
            self._close(full=True)

    def _close(self, full: bool = False) -> None:
        """Close the open batches into a segment; a ``full`` one goes to the spill file."""
        opened = self._open
        if full:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile(prefix="synthloop-shingles-",
                                                     dir=self._spill_dir)
            self._spilled[len(self._segments)] = (self._spill.seek(0, os.SEEK_END),
                                                  self._open_size)
            for part in opened:
                self._spill.write(part.data)
            self._segments.append(None)
        else:
            self._segments.append(opened[0] if len(opened) == 1 else
                                  np.concatenate(opened) if opened else np.zeros(0, np.uint32))
        self._segment_end.append(self._docs)
        self._open, self._open_size = [], 0

    def _segment(self, k: int) -> np.ndarray:
        """Segment ``k``'s values: in memory, or read back from the spill file."""
        kept = self._segments[k]
        if kept is not None:
            return kept
        assert self._spill is not None
        offset, size = self._spilled[k]
        self._spill.flush()
        self._spill.seek(offset)
        return np.fromfile(self._spill, dtype=np.uint32, count=size)

    def __len__(self) -> int:
        return self._docs

    def _layout(self) -> tuple[np.ndarray, np.ndarray]:
        """Close the open segment; each document's count and start inside its segment."""
        if self._open or not self._segments:
            self._close()
        if len(self._counts) != 1:
            self._counts = [np.concatenate(self._counts) if self._counts
                            else np.zeros(0, np.int32)]
        counts = self._counts[0]
        starts = np.zeros(len(counts), dtype=np.int64)
        begin = 0
        for end in self._segment_end:
            if end > begin:
                np.cumsum(counts[begin:end - 1], dtype=np.int64, out=starts[begin + 1:end])
            begin = end
        return counts, starts

    def _collect(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The shingles of the sorted ``docs`` in one array, read segment by segment (a
        spilled one is read whole, sequentially, then dropped): each document's count, its
        start in that array, and the array."""
        counts, starts = self._layout()
        counts, starts = counts[docs].astype(np.int64), starts[docs]
        values = np.empty(int(counts.sum()), dtype=np.uint32)
        begin = np.searchsorted(docs, [0, *self._segment_end])
        at = 0
        for k in range(len(self._segments)):
            here = slice(begin[k], begin[k + 1])
            if here.start == here.stop:
                continue
            _, pos = _ragged(starts[here], counts[here])
            values[at:at + len(pos)] = self._segment(k)[pos]
            at += len(pos)
        return counts, np.cumsum(counts) - counts, values

    def jaccard(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Exact Jaccard of the shingle sets of each pair ``(left[k], right[k])`` (0 for two
        empty documents)."""
        docs, local = np.unique(np.concatenate([left, right]), return_inverse=True)
        counts, starts, values = self._collect(docs)
        left, right = local[:len(left)], local[len(left):]
        out = np.zeros(len(left), dtype=np.float64)
        sizes = counts[left] + counts[right]
        ends = np.cumsum(sizes)
        lo = 0
        while lo < len(left):
            hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - sizes[lo] + _PAIR_CHUNK)))
            out[lo:hi] = _chunk(left[lo:hi], right[lo:hi], counts, starts, values)
            lo = hi
        return out


def _chunk(left: np.ndarray, right: np.ndarray, counts: np.ndarray, starts: np.ndarray,
           values: np.ndarray) -> np.ndarray:
    """Jaccard of the pairs ``(left[k], right[k])`` of documents whose shingles are
    ``values[starts[d]:starts[d] + counts[d]]``."""
    tagged = []
    for side, docs in enumerate((left, right)):
        owner, pos = _ragged(starts[docs], counts[docs])
        tagged.append((owner.astype(np.uint64) << np.uint64(33))
                      | (values[pos].astype(np.uint64) << np.uint64(1)) | np.uint64(side))
    keys = np.sort(np.concatenate(tagged))
    if not len(keys):
        return np.zeros(len(left))
    member = keys >> np.uint64(1)  # (pair, value)
    # each run of one member is in the union; in the intersection when it holds both sides
    # (sorted, so side 0 comes first and side 1 last)
    first = np.flatnonzero(np.concatenate([[True], member[1:] != member[:-1]]))
    last = np.append(first[1:], len(keys)) - 1
    pair = (keys[first] >> np.uint64(33)).astype(np.int64)
    both = ((keys[first] & np.uint64(1)) == 0) & ((keys[last] & np.uint64(1)) == 1)
    union = np.bincount(pair, minlength=len(left))
    inter = np.bincount(pair[both], minlength=len(left))
    return np.divide(inter, union, out=np.zeros(len(left)), where=union > 0)
