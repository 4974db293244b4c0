"""Pydantic's plugin scan, skipped where no installed distribution could declare a plugin.

As it makes its first validator, pydantic looks for plugins in the ``pydantic`` entry-point
group: ``importlib.metadata.entry_points()`` reads and parses the metadata of every installed
distribution, 12-16 ms of CPU with this project's 141 (2026-12-07, load 5), about 2% of a
one-request ``synthloop run``. Reading each distribution's ``entry_points.txt`` for the word
``pydantic`` takes 3-4 ms; where none has it, pydantic is told it found no plugin (its cache of
loaded plugins set empty), which is what its own scan would have found. Wherever this reading
could miss a distribution that ``importlib.metadata`` sees (a zip or an egg on ``sys.path``, an
import finder that lists distributions of its own), or a file mentions pydantic at all, pydantic
scans as before.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from importlib.machinery import PathFinder

GROUP = "pydantic"


def may_declare_plugins(paths: Iterable[str]) -> bool:
    """False only when no distribution on ``paths`` (``sys.path`` entries) can declare an
    entry point in pydantic's group."""
    if any(hasattr(finder, "find_distributions") and finder is not PathFinder
           for finder in sys.meta_path):
        return True
    for entry in paths:
        folder = entry or "."  # as importlib.metadata reads "": the working directory
        if os.path.isfile(folder) or folder.lower().endswith(".egg"):
            return True
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as fh:
                    if GROUP.encode() in fh.read():
                        return True
            except OSError:  # no entry points (or a one-file egg-info): nothing declared
                continue
    return False


@functools.cache
def skip_scan_without_plugins() -> None:
    """Before a model is built: spare pydantic its scan where no plugin can be installed.
    Called by the bases of synthloop's models; once per process."""
    from pydantic.plugin import _loader

    # A private name: should pydantic rename it, nothing is set and pydantic scans as before.
    if getattr(_loader, "_plugins", False) is None and not may_declare_plugins(sys.path):
        _loader._plugins = {}
