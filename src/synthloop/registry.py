"""Stage registry: built-in stages by name, plus plugins from the ``synthloop.stages`` entry
point group (each entry point names a Stage subclass)."""

from __future__ import annotations

import difflib
import importlib
from importlib.metadata import entry_points

from synthloop.stages import Stage

# Modules whose import registers the built-in stages. Kept as names so that `synthloop check`
# does not import heavy dependencies of stages the spec does not use.
BUILTIN_MODULES: dict[str, str] = {
    "generate.math_word_problems": "synthloop.generate.math_problems",
    "validate.answer_check": "synthloop.validate.answer_check",
    "validate.rules": "synthloop.validate.rules",
    "validate.execute": "synthloop.validate.execute",
    "curate.dedup": "synthloop.curate.dedup",
    "curate.decontaminate": "synthloop.curate.decontaminate",
    "curate.memorization": "synthloop.curate.memorization",
    "curate.quality": "synthloop.curate.quality",
    "curate.pii": "synthloop.curate.pii.stage",
    "curate.diversity": "synthloop.curate.diversity",
    "debug.noop": "synthloop.stages_debug",
    "debug.emit": "synthloop.stages_debug",
    "generate.prompt": "synthloop.generate.prompt",
    "generate.self_instruct": "synthloop.generate.self_instruct",
    "generate.labelled_examples": "synthloop.generate.labelled_examples",
    "generate.code": "synthloop.generate.code",
    "measure.experiment": "synthloop.measure.stage",
}

_REGISTRY: dict[str, type[Stage]] = {}


def register(cls: type[Stage]) -> type[Stage]:
    """Class decorator: make a stage available to specs under ``cls.name``."""
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} has no name")
    _REGISTRY[cls.name] = cls
    return cls


def _plugins() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="synthloop.stages")}


def available() -> list[str]:
    return sorted({*BUILTIN_MODULES, *_REGISTRY, *_plugins()})


def get_stage(name: str) -> type[Stage]:
    """Look a stage up by name; raise KeyError with a did-you-mean if unknown."""
    if name in _REGISTRY:
        return _REGISTRY[name]
    if name in BUILTIN_MODULES:
        importlib.import_module(BUILTIN_MODULES[name])
        return _REGISTRY[name]
    plugins = {ep.name: ep for ep in entry_points(group="synthloop.stages")}
    if name in plugins:
        cls = plugins[name].load()
        _REGISTRY[name] = cls
        return cls
    close = difflib.get_close_matches(name, available(), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; available: {', '.join(available())}"
    raise KeyError(f"unknown stage {name!r}{hint}")
