"""``embedding_classifier``: sentence embeddings and a logistic-regression head.

The embedding model is frozen, so a text's embedding never changes: they are cached on disk by
text hash, and every arm and seed after the first costs only the (fast) logistic regression.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from synthloop.config.students import EmbeddingClassifierSpec
from synthloop.errors import StudentError
from synthloop.measure.data import Item
from synthloop.measure.students import EvalSet, Student

Embedder = Callable[[list[str]], np.ndarray]

#: names the embedding model in cache keys; change it when the model changes
EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class DiskEmbeddingCache:
    """Text embeddings in SQLite, keyed by a hash of (model, text)."""

    def __init__(self, path: Path, embedder: Embedder, model: str = EMBEDDING_MODEL) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
        self.embedder = embedder
        self.model = model
        self.computed = 0  # texts embedded (not found in the cache) so far

    def _key(self, text: str) -> str:
        return hashlib.blake2b(f"{self.model}\x1f{text}".encode(), digest_size=16).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts`` in order; only texts never seen are sent to the model."""
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for key, blob in self.conn.execute(
                f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk
            ):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True)
                          if k not in found}.items())
        if missing:
            vectors = np.asarray(self.embedder([t for _, t in missing]), dtype=np.float32)
            with self.conn:
                self.conn.execute("BEGIN")
                self.conn.executemany(
                    "INSERT OR REPLACE INTO emb VALUES (?, ?)",
                    ((k, v.tobytes()) for (k, _), v in zip(missing, vectors, strict=True)),
                )
            found.update((k, v) for (k, _), v in zip(missing, vectors, strict=True))
            self.computed += len(missing)
        return np.stack([found[k] for k in keys])


class EmbeddingClassifier(Student):
    """Logistic regression (scikit-learn, lbfgs, multinomial) on frozen embeddings."""

    train_fields = ("text", "label")
    takes_weights = True
    spec: EmbeddingClassifierSpec

    def __init__(self, spec: EmbeddingClassifierSpec, cache_dir: Path,
                 embedder: Embedder | None = None) -> None:
        super().__init__(spec, cache_dir)
        self._embedder = embedder
        self.cache: DiskEmbeddingCache | None = None

    def eval_fields(self, metric: str) -> tuple[str, ...]:
        return ("text", "label")

    def setup(self) -> None:
        embedder = self._embedder
        if embedder is None:
            from synthloop.embed import embed

            embedder = embed
        self.cache = DiskEmbeddingCache(self.cache_dir / "embeddings.sqlite", embedder)

    def fit(self, train: list[Item], *, seed: int,
            weights: Sequence[float] | None = None) -> Any:
        """A logistic regression fitted on the embeddings of ``train`` (``classes_`` holds its
        labels as strings), each item's loss times its weight where ``weights`` are given."""
        from sklearn.linear_model import LogisticRegression

        if self.cache is None:
            self.setup()
        assert self.cache is not None
        labels = [str(it["label"]) for it in train]
        if len(set(labels)) < 2:
            raise StudentError(f"the embedding classifier needs at least two labels to train on; "
                               f"this arm has {len(train)} items with {len(set(labels))} label(s)")
        x = self.cache.embed([str(it["text"]) for it in train])
        clf = LogisticRegression(C=self.spec.C, max_iter=self.spec.max_iter, random_state=seed)
        return clf.fit(x, labels, sample_weight=None if weights is None else list(weights))

    def probabilities(self, model: Any, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), classes)`` label probabilities of a fitted model, in the order of
        ``model.classes_``."""
        assert self.cache is not None
        return np.asarray(model.predict_proba(self.cache.embed(list(texts))))

    def run(
        self, train: list[Item], evals: list[EvalSet], *, seed: int, workdir: Path,
        weights: Sequence[float] | None = None,
    ) -> dict[str, np.ndarray]:
        clf = self.fit(train, seed=seed, weights=weights)
        assert self.cache is not None
        scores: dict[str, np.ndarray] = {}
        for ev in evals:
            pred = clf.predict(self.cache.embed([str(it["text"]) for it in ev.items]))
            gold = np.array([str(it["label"]) for it in ev.items])
            scores[ev.name] = (pred == gold).astype(float)
        return scores
