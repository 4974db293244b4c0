"""Semantic duplicates in the manner of SemDeDup (Abbas et al., 2023): cluster the embeddings
with spherical k-means, then compare pairs only inside each cluster.

All-pairs cosine similarity is ``n^2`` (10^10 dot products for 100k records); with ``k``
clusters of about ``n / k`` members the work is ``n^2 / k``. The price is that a pair split
across two clusters is missed; near-identical texts almost always land together because both
sit closest to the same centroid. ``k`` defaults to ``sqrt(n)``, which balances the k-means cost
(``n k`` per iteration) against the in-cluster comparisons (``n^2 / k``).
"""

from __future__ import annotations

import math

import numpy as np

_BLOCK = 2048  # rows per similarity block: 2048 x cluster size floats at most


def spherical_kmeans(x: np.ndarray, k: int, *, iterations: int = 10,
                     seed: int = 0) -> np.ndarray:
    """Cluster unit vectors by cosine similarity; returns each row's cluster index."""
    n = len(x)
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    centroids = x[rng.choice(n, size=k, replace=False)].copy()
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        for lo in range(0, n, _BLOCK):
            assign[lo:lo + _BLOCK] = np.argmax(x[lo:lo + _BLOCK] @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        # an emptied cluster keeps its old centroid
        centroids = np.where(norms > 0, sums / np.maximum(norms, 1e-12), centroids)
    return assign


def similar_pairs(x: np.ndarray, threshold: float, *, clusters: int | None = None,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(i < j, cosine)`` of unit rows with cosine >= ``threshold`` in the same cluster."""
    n = len(x)
    if n < 2:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0, np.float32)
    k = clusters or max(1, math.isqrt(n))
    assign = spherical_kmeans(x, k, seed=seed) if k > 1 else np.zeros(n, np.int64)
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    for cluster in np.unique(assign):
        members = np.flatnonzero(assign == cluster)
        if len(members) < 2:
            continue
        xc = x[members]
        for lo in range(0, len(members), _BLOCK):
            block = xc[lo:lo + _BLOCK] @ xc.T
            i, j = np.nonzero(block >= threshold)
            i = i + lo
            upper = i < j
            left.append(members[i[upper]])
            right.append(members[j[upper]])
            sims.append(block[i[upper] - lo, j[upper]])
    if not left:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0, np.float32)
    return np.concatenate(left), np.concatenate(right), np.concatenate(sims)
