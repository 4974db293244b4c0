"""Students: what gets trained on each arm's data and scored on the evaluation sets.

A student turns ``(training items, evaluation sets, seed)`` into one score per evaluation item,
so that the statistics can bootstrap over items and pair arms item by item. Heavy libraries
(torch, transformers, scikit-learn) are imported only by the student that needs them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from synthloop.errors import SynthloopError
from synthloop.measure.data import Item


class StudentError(SynthloopError):
    """Training or scoring failed in a way the user can act on (bad command, bad model path)."""


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A held-out evaluation: its items (fixed for the whole experiment) and metric."""

    name: str
    metric: str
    items: list[Item]


class Student(ABC):
    """Base class. ``setup`` loads what every training shares; ``run`` trains and scores."""

    #: fields each training item must have
    train_fields: tuple[str, ...] = ()

    def __init__(self, spec: BaseModel, cache_dir: Path) -> None:
        self.spec = spec
        self.cache_dir = cache_dir

    @abstractmethod
    def eval_fields(self, metric: str) -> tuple[str, ...]:
        """Fields each evaluation item must have to be scored with ``metric``."""

    def setup(self) -> None:
        """Load shared resources once (embedding model, base LM); by default nothing."""
        return None

    @abstractmethod
    def run(
        self, train: list[Item], evals: list[EvalSet], *, seed: int, workdir: Path
    ) -> dict[str, np.ndarray]:
        """Train on ``train`` (possibly empty: score the untrained student) and return, per
        evaluation name, one score per item in [0, 1]."""


def build_student(spec: BaseModel, cache_dir: Path) -> Student:
    """The student for a validated ``student:`` spec."""
    kind = spec.kind  # type: ignore[attr-defined]
    if kind == "embedding_classifier":
        from synthloop.measure.students.embedding import EmbeddingClassifier

        return EmbeddingClassifier(spec, cache_dir)
    if kind == "causal_lm_sft":
        from synthloop.measure.students.sft import CausalLMSFT

        return CausalLMSFT(spec, cache_dir)
    if kind == "command":
        from synthloop.measure.students.command import CommandStudent

        return CommandStudent(spec, cache_dir)
    raise ValueError(f"unknown student kind {kind!r}")
