"""The embedding classifier: real MiniLM embeddings, a logistic head, and the disk cache."""

import numpy as np
import pytest

from synthloop.measure.experiment import EmbeddingClassifierSpec
from synthloop.measure.students import EvalSet, StudentError
from synthloop.measure.students.embedding import DiskEmbeddingCache, EmbeddingClassifier

TRAIN = [
    ("my card has not arrived yet", "card_arrival"),
    ("when will my new card be delivered", "card_arrival"),
    ("still waiting for the card you posted", "card_arrival"),
    ("how do I reset my pin", "change_pin"),
    ("I want to change my PIN number", "change_pin"),
    ("can I pick a new pin code", "change_pin"),
]
TEST = [
    ("the card never showed up in the mail", "card_arrival"),
    ("where can I update my pin", "change_pin"),
]


def items(rows):
    return [{"id": str(i), "text": t, "label": lab} for i, (t, lab) in enumerate(rows)]


def test_classifier_scores_each_item_and_reuses_cached_embeddings(tmp_path):
    student = EmbeddingClassifier(EmbeddingClassifierSpec(kind="embedding_classifier"),
                                  tmp_path)
    ev = EvalSet("test", "accuracy", items(TEST))
    scores = student.run(items(TRAIN), [ev], seed=0, workdir=tmp_path)
    assert scores["test"].tolist() == [1.0, 1.0]
    assert student.cache.computed == len(TRAIN) + len(TEST)
    again = EmbeddingClassifier(EmbeddingClassifierSpec(kind="embedding_classifier"), tmp_path)
    again.run(items(TRAIN[:4]), [ev], seed=1, workdir=tmp_path)
    assert again.cache.computed == 0  # every text came from the disk cache


def test_one_label_is_refused(tmp_path):
    student = EmbeddingClassifier(EmbeddingClassifierSpec(kind="embedding_classifier"),
                                  tmp_path, embedder=lambda texts: np.ones((len(texts), 3)))
    with pytest.raises(StudentError, match="at least two labels"):
        student.run(items(TRAIN[:3]), [], seed=0, workdir=tmp_path)


def test_disk_cache_returns_vectors_in_request_order(tmp_path):
    calls = []

    def fake(texts):
        calls.append(list(texts))
        return np.array([[len(t), 0.0] for t in texts])

    cache = DiskEmbeddingCache(tmp_path / "e.sqlite", fake)
    assert cache.embed(["bb", "a", "bb"])[:, 0].tolist() == [2, 1, 2]
    assert cache.embed(["a", "ccc"])[:, 0].tolist() == [1, 3]
    assert calls == [["a", "bb"], ["ccc"]]


def test_item_weights_decide_between_conflicting_items(tmp_path):
    """'b2' and the synthetic 'a2' share an embedding: the heavier one wins it."""
    student = EmbeddingClassifier(EmbeddingClassifierSpec(kind="embedding_classifier"), tmp_path,
                                  embedder=lambda texts: np.array([[float(t[-1]), 1.0]
                                                                   for t in texts]))
    train = items([("a0", "a"), ("b2", "b"), ("a2", "a")])
    ev = EvalSet("test", "accuracy", items([("x2", "b")]))
    light = student.run(train, [ev], seed=0, workdir=tmp_path, weights=[1.0, 1.0, 0.1])
    heavy = student.run(train, [ev], seed=0, workdir=tmp_path, weights=[1.0, 1.0, 3.0])
    assert (light["test"].tolist(), heavy["test"].tolist()) == ([1.0], [0.0])
