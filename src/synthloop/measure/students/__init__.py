"""Students: what gets trained on each arm's data and scored on the evaluation sets.

A student turns ``(training items, evaluation sets, seed)`` into one score per evaluation item,
so that the statistics can bootstrap over items and pair arms item by item. Heavy libraries
(torch, transformers, scikit-learn) are imported only by the student that needs them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synthloop.config.plugins import STUDENTS as STUDENTS_GROUP
from synthloop.config.plugins import Registry
from synthloop.config.students import StudentConfig
from synthloop.errors import StudentError  # noqa: F401 - what the students raise
from synthloop.measure.data import Item


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
    #: whether ``run`` honours per-item ``weights`` (an arm's ``synthetic_weight``)
    takes_weights: bool = False

    def __init__(self, spec: StudentConfig, cache_dir: Path) -> None:
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
        self, train: list[Item], evals: list[EvalSet], *, seed: int, workdir: Path,
        weights: Sequence[float] | None = None,
    ) -> dict[str, np.ndarray]:
        """Train on ``train`` (possibly empty: score the untrained student) and return, per
        evaluation name, one score per item in [0, 1]. ``weights``, one per training item,
        are given only to a student that ``takes_weights``."""


def _student_class(kind: str, obj: object) -> type[Student]:
    if not (isinstance(obj, type) and issubclass(obj, Student)):
        raise TypeError(f"student {kind!r}: {obj!r} is not a subclass of "
                        "synthloop.measure.students.Student")
    return obj


# Built-in students and those of the ``synthloop.students`` entry-point group; a plugin's
# class has a ``Spec`` (a synthloop.config.StudentConfig whose ``kind`` is the entry's name).
STUDENTS: Registry[type[Student]] = Registry("student", STUDENTS_GROUP, {
    "embedding_classifier": "synthloop.measure.students.embedding:EmbeddingClassifier",
    "causal_lm_sft": "synthloop.measure.students.sft:CausalLMSFT",
    "command": "synthloop.measure.students.command:CommandStudent",
}, _student_class)


def build_student(spec: StudentConfig, cache_dir: Path) -> Student:
    """The student for a validated ``student:`` spec."""
    return STUDENTS.get(spec.kind)(spec, cache_dir)
