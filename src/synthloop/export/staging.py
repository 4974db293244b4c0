"""Exports written whole or not at all.

Every file of an export (and the Hugging Face folder) is written into a hidden staging folder
inside the output folder (same filesystem, so moving is a rename), and moved into place only
when all of them are complete. A failure or a ``kill -9`` while writing leaves the earlier
export untouched; the staging folder of a dead process is removed by the next export.

A file replaces its old version with one atomic rename. A folder cannot (POSIX has no atomic
swap of two folders): the old one is first moved into the staging folder, then the new one
takes its place, so a kill between those two renames leaves that folder missing (never half
written) until the next export.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

PREFIX = ".synthloop-export-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale(out: Path) -> None:
    """Drop staging folders left by exports whose process died."""
    for entry in out.glob(f"{PREFIX}*"):
        pid = entry.name.removeprefix(PREFIX)
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


class Staging:
    """``with Staging(out) as st``: write to ``st.path(name)``, ``st.keep(name)`` what is to
    be published; on a clean exit the kept entries replace their namesakes in ``out``; on an
    exception nothing in ``out`` changes (and ``out`` is removed again if this created it)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.dir = out / f"{PREFIX}{os.getpid()}"
        self.kept: list[str] = []

    def __enter__(self) -> Staging:
        self.created = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        remove_stale(self.out)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()
        return self

    def path(self, name: str) -> Path:
        return self.dir / name

    def keep(self, name: str) -> Path:
        self.kept.append(name)
        return self.out / name

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is None:
                for name in self.kept:
                    self._publish(name)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            if kind is not None and self.created and not any(self.out.iterdir()):
                self.out.rmdir()

    def _publish(self, name: str) -> None:
        new, target = self.dir / name, self.out / name
        if new.is_dir() or target.is_dir():
            if target.exists() or target.is_symlink():
                target.rename(self.dir / f"{name}.old")
            new.rename(target)
        else:
            os.replace(new, target)
