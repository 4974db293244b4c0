"""Duplicate clusters from verified pairs, shared by the near-duplicate and semantic engines.

Pairs that passed their similarity check are edges; connected components are clusters (single
linkage, as in datatrove and SemDeDup). In each cluster the member with the smallest rank is
kept; every other member records which edge brought it into the cluster, so its rejection can
say both which record was kept and which record it actually resembles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


class UnionFind:
    """Disjoint sets over ``0..n-1`` with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return True


@dataclass(frozen=True, slots=True)
class Link:
    """Why a document is a duplicate: the kept document, and its best verified neighbour."""

    kept: int
    neighbour: int
    similarity: float
    cluster_size: int


def resolve(left: np.ndarray, right: np.ndarray, similarity: np.ndarray,
            priority: Sequence[int] | np.ndarray) -> dict[int, Link]:
    """Cluster documents by the verified pairs and pick one keeper per cluster.

    ``priority[i]`` orders documents (smaller is kept; ties keep the earlier document). Returns
    a :class:`Link` for every document that is not kept; kept and unique documents are absent.
    """
    # only documents in some pair can be clustered: number those 0..m-1, so the work and the
    # memory follow the pairs, not the corpus (10 million Python ints would be 360 MB)
    docs, local = np.unique(np.concatenate([left, right]), return_inverse=True)
    local_left, local_right = local[:len(left)].tolist(), local[len(left):].tolist()
    uf = UnionFind(len(docs))
    best: dict[int, tuple[float, int]] = {}
    for a, b, s in zip(local_left, local_right, similarity.tolist(), strict=True):
        uf.union(a, b)
        for x, y in ((a, b), (b, a)):
            if s > best.get(x, (-1.0, -1))[0]:
                best[x] = (s, y)
    members: dict[int, list[int]] = {}
    for doc in best:
        members.setdefault(uf.find(doc), []).append(doc)
    number = docs.tolist()
    links: dict[int, Link] = {}
    for group in members.values():
        kept = min(group, key=lambda d: (priority[number[d]], number[d]))  # ties: the earlier
        for doc in group:
            if doc != kept:
                sim, neighbour = best[doc]
                links[number[doc]] = Link(number[kept], number[neighbour], sim, len(group))
    return links
