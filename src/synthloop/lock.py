"""One run dir, one running process: an exclusive ``flock`` on ``<run dir>/.lock``.

The kernel releases the lock when its holder exits, however it dies (``kill -9`` included),
so a stale lock cannot outlive a crash. Readers (``status``, ``export``, ``show``) take no
lock: SQLite's WAL mode gives them a consistent snapshot while a run writes.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from synthloop.errors import RunDirError

LOCK_NAME = ".lock"


class RunDirLock:
    """Held for the life of a run; ``acquire`` raises :class:`RunDirError` naming the holder."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # /proc/x, a read-only disk, a file where a folder should be
            raise RunDirError(
                f"{self.path.parent}: cannot create or write the run dir ({exc.strerror}); "
                "choose a folder you can write with --run-dir") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise RunDirError(
                f"{self.path.parent} is in use by {holder}; wait for it to finish (or stop it) "
                "and re-run, or choose another --run-dir. `synthloop status` can read it "
                "meanwhile.") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"synthloop run pid {os.getpid()} (since {time.strftime('%H:%M:%S')})"
                 .encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
