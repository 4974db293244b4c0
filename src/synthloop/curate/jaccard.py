"""Every document's shingle set kept compactly, and the exact Jaccard of any pairs of them.

Near-duplicate candidates are only known once the whole corpus is indexed, so every document's
shingles must be kept until then: at 10 million documents of 55 shingles that is 550 million
values. They are kept as 32-bit hashes (the low half of the 64-bit shingle hash, the same bits
MinHash permutes), 4 bytes each, in segments of about :data:`SEGMENT` values: appending a batch
never copies what came before, and no single concatenation doubles the memory at the end. Every
full segment is written to an unlinked temporary file and read back through a read-only memory
map whose pages are dropped after each chunk of pairs: verification reads only the candidates'
shingles, so at 10 million documents the 1.5 GB of shingles no longer stay resident (the index
held 3.0 GB, the whole stage peaked at 4.8 GB; the goal is 4 GB).
Two different shingles of a pair share a 32-bit hash with probability about
``|A ∪ B|^2 / 2^33`` (1e-6 for two 100-shingle documents), which moves that pair's Jaccard by
one shingle in a hundred; the 64-bit hashes were no more exact than that in kind.

The Jaccard of many pairs is computed in chunks, vectorised, with one sort per chunk: each
shingle of either side is tagged ``(pair, value, side)``; after sorting, every run of one
``(pair, value)`` is a member of the union (so repeats count once), and a member of the
intersection when the run holds both sides.
"""

from __future__ import annotations

import mmap
import tempfile
from pathlib import Path
from typing import IO

import numpy as np

from synthloop.curate.shingles import Shingles

SEGMENT = 1 << 25  # 32M values, 128 MiB: the unit of consolidation
# shingle values gathered per chunk of pairs (both sides): about 30,000 documents, so the pages
# of spilled segments that one chunk maps in stay near 100 MB
_PAIR_CHUNK = 1 << 21


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``[starts[k], starts[k] + lengths[k])``: each element's run number and
    position."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    first = np.cumsum(lengths) - lengths
    return owner, np.arange(len(owner)) - first[owner] + starts[owner]


class ShingleSets:
    """Append-only store of documents' 32-bit shingle hashes, numbered in the order added;
    full segments spill into ``spill_dir`` (default: the system's temporary folder)."""

    def __init__(self, spill_dir: Path | None = None) -> None:
        self._spill_dir = spill_dir
        self._segments: list[np.ndarray] = []  # in memory, or views of the spill map
        self._spilled: dict[int, tuple[int, int]] = {}  # segment -> (value offset, values)
        self._spill: IO[bytes] | None = None
        self._map: mmap.mmap | None = None
        self._segment_end: list[int] = []  # documents stored up to the end of each segment
        self._open: list[np.ndarray] = []  # batches not yet consolidated into a segment
        self._open_size = 0
        self._counts: list[np.ndarray] = []
        self._docs = 0

    def add(self, shingles: Shingles) -> None:
        self._open.append(shingles.hashes.astype(np.uint32))
        self._open_size += len(shingles.hashes)
        self._counts.append(np.diff(shingles.offsets).astype(np.int32))
        self._docs += len(shingles)
        if self._open_size >= SEGMENT:
            self._close(full=True)

    def _close(self, full: bool = False) -> None:
        """Close the open batches into a segment; a ``full`` one goes to the spill file."""
        opened = self._open
        if full:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile(prefix="synthloop-shingles-",
                                                     dir=self._spill_dir)
            self._spilled[len(self._segments)] = (self._spill.tell() // 4, self._open_size)
            for part in opened:
                self._spill.write(part.data)
            self._segments.append(np.zeros(0, np.uint32))  # mapped in by _map_spilled
        else:
            self._segments.append(opened[0] if len(opened) == 1 else
                                  np.concatenate(opened) if opened else np.zeros(0, np.uint32))
        self._segment_end.append(self._docs)
        self._open, self._open_size = [], 0

    def _map_spilled(self) -> None:
        """Map the spill file read-only; its segments become views of the map (mapped again
        when segments were spilled since)."""
        if self._spill is None or (self._map is not None
                                   and len(self._map) == self._spill.tell()):
            return
        self._spill.flush()
        self._map = mmap.mmap(self._spill.fileno(), 0, prot=mmap.PROT_READ)
        whole = np.frombuffer(self._map, dtype=np.uint32)
        for k, (offset, size) in self._spilled.items():
            self._segments[k] = whole[offset:offset + size]

    def _release_pages(self) -> None:
        """Drop the mapped pages a chunk read (they stay in the page cache, not in this
        process)."""
        if self._map is not None:
            self._map.madvise(mmap.MADV_DONTNEED)

    def __len__(self) -> int:
        return self._docs

    def _layout(self) -> tuple[np.ndarray, np.ndarray]:
        """Close the open segment; each document's count and start inside its segment."""
        if self._open or not self._segments:
            self._close()
        self._map_spilled()
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

    def _gather(self, docs: np.ndarray, counts: np.ndarray,
                starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The shingles of ``docs[k]`` for every k, with k: one (owner, value) per shingle."""
        owner, pos = _ragged(starts[docs], counts[docs].astype(np.int64))
        values = np.empty(len(pos), dtype=np.uint32)
        segment = np.searchsorted(np.asarray(self._segment_end), docs, side="right")
        seg_of = segment[owner]
        for seg in np.unique(segment).tolist():
            here = seg_of == seg
            values[here] = self._segments[seg][pos[here]]
        return owner, values

    def jaccard(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Exact Jaccard of the shingle sets of each pair ``(left[k], right[k])`` (0 for two
        empty documents)."""
        counts, starts = self._layout()
        out = np.zeros(len(left), dtype=np.float64)
        sizes = counts[left].astype(np.int64) + counts[right]
        ends = np.cumsum(sizes)
        lo = 0
        while lo < len(left):
            hi = max(lo + 1, int(np.searchsorted(ends, ends[lo] - sizes[lo] + _PAIR_CHUNK)))
            out[lo:hi] = self._chunk(left[lo:hi], right[lo:hi], counts, starts)
            self._release_pages()
            lo = hi
        return out

    def _chunk(self, left: np.ndarray, right: np.ndarray, counts: np.ndarray,
               starts: np.ndarray) -> np.ndarray:
        tagged = []
        for side, docs in enumerate((left, right)):
            owner, values = self._gather(docs, counts, starts)
            tagged.append((owner.astype(np.uint64) << np.uint64(33))
                          | (values.astype(np.uint64) << np.uint64(1)) | np.uint64(side))
        keys = np.sort(np.concatenate(tagged))
        if not len(keys):
            return np.zeros(len(left))
        member = keys >> np.uint64(1)  # (pair, value)
        # each run of one member is in the union; in the intersection when it holds both
        # sides (sorted, so side 0 comes first and side 1 last)
        first = np.flatnonzero(np.concatenate([[True], member[1:] != member[:-1]]))
        last = np.append(first[1:], len(keys)) - 1
        pair = (keys[first] >> np.uint64(33)).astype(np.int64)
        both = ((keys[first] & np.uint64(1)) == 0) & ((keys[last] & np.uint64(1)) == 1)
        union = np.bincount(pair, minlength=len(left))
        inter = np.bincount(pair[both], minlength=len(left))
        return np.divide(inter, union, out=np.zeros(len(left)), where=union > 0)
