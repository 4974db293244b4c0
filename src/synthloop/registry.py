"""Stage registry: built-in stages by name, plus plugins from the ``synthloop.stages`` entry
point group (each entry point names a stage class), through the one plugin mechanism
(:class:`synthloop.config.plugins.Registry`).

A class is registered only if it is one of the stage kinds (:data:`synthloop.stages.KINDS`)
and implements its kind's method: a class that subclasses ``Stage`` directly would validate
and show in the funnel but never run, so it is refused with a message naming the kinds.
"""

from __future__ import annotations

import inspect
from typing import Any, TypeVar

from synthloop.config.plugins import STAGES, Registry
from synthloop.errors import StageDefinitionError
from synthloop.stages import KINDS, Stage

# Modules whose import registers the built-in stages (entry points that name a module). Kept as
# names so that `synthloop check` does not import heavy dependencies of stages the spec does
# not use.
BUILTIN_MODULES: dict[str, str] = {
    "generate.math_word_problems": "synthloop.generate.math_problems",
    "generate.prompt": "synthloop.generate.prompt",
    "generate.self_instruct": "synthloop.generate.self_instruct",
    "generate.labelled_examples": "synthloop.generate.labelled_examples",
    "generate.augment": "synthloop.generate.augment",
    "generate.substitute": "synthloop.generate.substitute",
    "validate.label_consistency": "synthloop.measure.consistency",
    "generate.grounded_qa": "synthloop.generate.grounded_qa",
    "generate.documents": "synthloop.generate.documents",
    "generate.red_team": "synthloop.generate.red_team",
    "generate.preference": "synthloop.generate.preference",
    "generate.evol_instruct": "synthloop.generate.evol_instruct",
    "generate.magpie": "synthloop.generate.magpie",
    "curate.evol_rounds": "synthloop.generate.evol_instruct",
    "validate.grounded": "synthloop.validate.grounded",
    "validate.answer_check": "synthloop.validate.answer_check",
    "validate.relevance": "synthloop.validate.relevance",
    "validate.judge": "synthloop.validate.judge",
    "validate.rules": "synthloop.validate.rules",
    "validate.execute": "synthloop.checks.execute",
    "validate.tool_use": "synthloop.validate.tool_use",
    "generate.tool_use": "synthloop.generate.tool_use",
    "curate.dedup": "synthloop.curate.dedup",
    "curate.decontaminate": "synthloop.curate.decontaminate",
    "curate.memorization": "synthloop.curate.memorization",
    "curate.quality": "synthloop.curate.quality",
    "curate.pii": "synthloop.curate.pii.stage",
    "curate.diversity": "synthloop.curate.diversity",
    "curate.archive": "synthloop.curate.archive",
    "generate.code": "synthloop.generate.code",
    "measure.experiment": "synthloop.measure.stage",
}

S = TypeVar("S", bound=type[Stage[Any]])
__all__ = ["BUILTIN_MODULES", "StageDefinitionError", "available", "check_stage_class",
           "get_stage", "register"]


def check_stage_class(cls: object) -> None:
    """Raise :class:`StageDefinitionError` unless ``cls`` is a complete stage of a known kind."""
    kinds = ", ".join(f"{k.__name__} ({k.kind})" for k in KINDS)
    if not (isinstance(cls, type) and issubclass(cls, KINDS)):
        what = cls.__qualname__ if isinstance(cls, type) else repr(cls)
        raise StageDefinitionError(
            f"{what} is not a stage of a known kind; subclass one of {kinds} from "
            "synthloop.stages")
    if not cls.name:
        raise StageDefinitionError(f"{cls.__qualname__} has no name")
    if inspect.isabstract(cls):
        missing = ", ".join(sorted(getattr(cls, "__abstractmethods__", ())))
        raise StageDefinitionError(
            f"{cls.__qualname__} ({cls.name}) does not implement {missing}, the method of its "
            f"kind {cls.kind!r}")


def _stage_class(name: str, obj: object) -> type[Stage[Any]]:
    check_stage_class(obj)
    assert isinstance(obj, type) and issubclass(obj, Stage)  # checked just above
    return obj


STAGE_REGISTRY: Registry[type[Stage[Any]]] = Registry("stage", STAGES, BUILTIN_MODULES,
                                                      _stage_class)


def register(cls: S) -> S:
    """Class decorator: make a stage available to specs under ``cls.name``."""
    STAGE_REGISTRY.register(cls.name, cls)
    return cls


def available() -> list[str]:
    return sorted(STAGE_REGISTRY.names())


def get_stage(name: str) -> type[Stage[Any]]:
    """Look a stage up by name; KeyError with a did-you-mean if unknown,
    :class:`StageDefinitionError` if a plugin's class is no known kind."""
    return STAGE_REGISTRY.get(name)
