from __future__ import annotations

import numpy as np
import pytest

from synthloop.embed import DIMENSION, EmbeddingCache, embed


def test_rows_are_unit_length_and_meaningful() -> None:
    v = embed(["How do I reset my password?", "I forgot my password, how can I reset it?",
               "The recipe needs two eggs."])
    assert v.shape == (3, DIMENSION) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]


def test_cache_returns_stored_vectors_without_recomputing() -> None:
    cache = EmbeddingCache(max_items=2)
    first = embed(["alpha", "beta"], cache=cache)
    cache.put("alpha", np.full(DIMENSION, 0.5, dtype=np.float32))  # a marker, not a real vector
    again = embed(["alpha", "beta"], cache=cache)
    assert again[0] == pytest.approx(np.full(DIMENSION, 0.5)) and np.allclose(again[1], first[1])
    embed(["gamma"], cache=cache)  # "beta" is now the least recently stored
    assert len(cache) == 2 and cache.get("beta") is None and cache.get("alpha") is not None
