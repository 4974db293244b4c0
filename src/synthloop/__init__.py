"""synthloop: synthetic data for language-model development, from plan to measurement.

``run(spec_or_path, run_dir=...)`` runs or resumes a spec; ``open_run(dir)`` reads a run.

The package face is lazy: names load on first use, so ``import synthloop``, ``synthloop
check`` and process-pool workers do not pay for pyarrow, pandas or datasets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from synthloop.version import __version__

if TYPE_CHECKING:
    from synthloop.api import RunHandle, open_run, run
    from synthloop.records import Lineage, Record, Status, Verdict
    from synthloop.config import Spec
    from synthloop.spec_check import load_spec

_LAZY = {
    "RunHandle": "synthloop.api", "open_run": "synthloop.api", "run": "synthloop.api",
    "Lineage": "synthloop.records", "Record": "synthloop.records",
    "Status": "synthloop.records", "Verdict": "synthloop.records",
    "Spec": "synthloop.config", "load_spec": "synthloop.spec_check",
}

__all__ = ["Lineage", "Record", "RunHandle", "Spec", "Status", "Verdict", "__version__",
           "load_spec", "open_run", "run"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    try:  # submodules: synthloop.errors, synthloop.testing, ...
        return importlib.import_module(f"synthloop.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"synthloop.{name}":
            raise
        raise AttributeError(f"module 'synthloop' has no attribute {name!r}") from None
