"""Duplicate clusters from verified pairs, shared by the near-duplicate and semantic engines.

Pairs that passed their similarity check are edges; connected components are clusters (single
linkage, as in datatrove and SemDeDup). In each cluster the member with the smallest rank is
kept; every other member records which edge brought it into the cluster (its most similar
neighbour), so its rejection can say both which record was kept and which record it actually
resembles.

All of it is array work over the documents that are in some pair: at 10 million documents and
a million pairs, a union-find and dicts of Python objects per document took about 1 GB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def components(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    """Each of ``n`` nodes' component label (the smallest node of its component), for the
    edges ``(left[k], right[k])``: minimum-label propagation with pointer jumping, which takes
    a few rounds for the shallow clusters that duplicate pairs form."""
    label = np.arange(n)
    while True:
        new = label.copy()
        np.minimum.at(new, left, label[right])
        np.minimum.at(new, right, label[left])
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


@dataclass(frozen=True, slots=True)
class Link:
    """Why a document is a duplicate: the kept document, and its best verified neighbour."""

    kept: int
    neighbour: int
    similarity: float
    cluster_size: int


@dataclass(frozen=True)
class Links:
    """A :class:`Link` for every document that is not kept, as arrays sorted by document."""

    doc: np.ndarray
    kept: np.ndarray
    neighbour: np.ndarray
    similarity: np.ndarray
    cluster_size: np.ndarray

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, i: int) -> Link:
        """The ``i``-th link (of document ``doc[i]``)."""
        return Link(int(self.kept[i]), int(self.neighbour[i]), float(self.similarity[i]),
                    int(self.cluster_size[i]))

    def find(self, docs: np.ndarray) -> list[Link | None]:
        """The link of each of ``docs``; None for a kept or unique document."""
        at = np.minimum(np.searchsorted(self.doc, docs), max(len(self.doc) - 1, 0))
        hit = (self.doc[at] == docs) if len(self.doc) else np.zeros(len(docs), dtype=bool)
        out: list[Link | None] = [None] * len(docs)
        for k, i in zip(np.flatnonzero(hit).tolist(), at[hit].tolist(), strict=True):
            out[k] = self[i]
        return out


def resolve(left: np.ndarray, right: np.ndarray, similarity: np.ndarray,
            priority: Callable[[np.ndarray], np.ndarray]) -> Links:
    """Cluster documents by the verified pairs and pick one keeper per cluster.

    ``priority(docs)`` orders the given (sorted) documents, smaller is kept, ties keep the
    earlier document; it is asked only about documents in some pair (ranking all 10 million
    documents of a corpus took 0.44 GB). A document's neighbour is its most similar partner
    (ties: the earlier pair).
    """
    docs, local = np.unique(np.concatenate([left, right]).astype(np.int64),
                            return_inverse=True)
    pairs = len(left)
    a, b = local[:pairs], local[pairs:]
    label = components(a, b, len(docs))
    # best neighbour: per document, the highest similarity, then the earliest pair
    x, y = np.concatenate([a, b]), np.concatenate([b, a])
    sim = np.concatenate([similarity, similarity]).astype(np.float64)
    order = np.lexsort((np.tile(np.arange(pairs), 2), -sim, x))
    first = order[np.concatenate([[True], x[order][1:] != x[order][:-1]])] if pairs else order
    best_y, best_sim = y[first], sim[first]  # indexed by local document (all have a pair)
    # keeper: per cluster, the smallest priority, then the earliest document
    prio = priority(docs)
    order = np.lexsort((docs, prio, label))
    starts = order[np.concatenate([[True], label[order][1:] != label[order][:-1]])] \
        if len(docs) else order
    keeper = np.empty(len(docs), dtype=np.int64)
    keeper[label[starts]] = starts
    size = np.bincount(label, minlength=len(docs))
    rejected = np.flatnonzero(keeper[label] != np.arange(len(docs)))
    return Links(doc=docs[rejected], kept=docs[keeper[label[rejected]]],
                 neighbour=docs[best_y[rejected]], similarity=best_sim[rejected],
                 cluster_size=size[label[rejected]])
