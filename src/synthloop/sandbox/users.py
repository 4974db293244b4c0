"""Who a sandboxed program runs as.

As root, RLIMIT_NPROC does not bind (the kernel exempts uid 0), a program could signal or read
any process, and ``kill(-1)`` would be fatal. So each run borrows a uid of its own from a pool
of uids no account uses, locked across processes with ``flock``: its process count is its
own, and at the end a reaper running as that uid calls ``kill(-1, SIGKILL)``, which reaches
every process the program left (double forks and ``setsid`` included) and nothing else.
(It cannot leave files: its mount namespace has nothing writable but its working directory.)

Unprivileged, the program runs as the caller's uid: the process limit counts the caller's
own processes too (so it is set above their current count); what it leaves running is killed
by the launcher, a child subreaper, unless the program kills the launcher first (it may: same
uid). The bwrap tier's pid namespace is what contains escapes there.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

UID_BASE = 1_960_000  # far above any account; the pool is UID_BASE .. UID_BASE + POOL - 1
POOL = 256
ROOT_POOL_UIDS = range(UID_BASE, UID_BASE + POOL)
REAP_DEADLINE_S = 10.0  # killed processes may take a while to exit on a loaded machine
_LOCK_DIR = Path(tempfile.gettempdir()) / "synthloop-sandbox-uids"


@dataclass(frozen=True, slots=True)
class Identity:
    """The uid/gid a run executes as; ``dedicated`` when it is a pool uid (we are root)."""

    uid: int
    gid: int
    dedicated: bool


def is_root() -> bool:
    return os.geteuid() == 0


@contextmanager
def identity() -> Iterator[Identity]:
    """A dedicated pool uid for the duration of one run (as root), else the caller's."""
    if not is_root():
        yield Identity(os.getuid(), os.getgid(), dedicated=False)
        return
    _LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    for uid in ROOT_POOL_UIDS:
        fd = os.open(_LOCK_DIR / str(uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            _check_unused(uid)
            yield Identity(uid, uid, dedicated=True)
        finally:
            _release_when_gone(uid, fd)
        return
    raise RuntimeError(f"all {POOL} sandbox uids from {UID_BASE} are in use")


def strays() -> list[int]:
    """Live processes of pool uids that no run holds: what a run failed to kill (should be
    none). Runs in progress, here or in other processes, hold their uid's lock."""
    found: list[int] = []
    for uid in ROOT_POOL_UIDS:
        path = _LOCK_DIR / str(uid)
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        finally:
            os.close(fd)
        found += processes(uid, zombies=False)
    return found


def _release_when_gone(uid: int, fd: int) -> None:
    """Give the uid back once no process of it is left, zombies included: orphans killed at
    the end are reaped by init, maybe a second later, and until then they count against the
    next run's process limit. A background thread waits so the run returns at once."""

    def release() -> None:
        for _ in range(600):
            if not any(processes(uid, zombies=True)):
                break
            time.sleep(0.1)
        os.close(fd)

    if any(processes(uid, zombies=True)):
        threading.Thread(target=release, daemon=True).start()
    else:
        os.close(fd)


def _check_unused(uid: int) -> None:
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        return
    raise RuntimeError(f"sandbox uid {uid} belongs to account {name!r}; change UID_BASE")


def reap(who: Identity) -> None:
    """Kill every process running as a dedicated uid and wait until none is alive.

    A forked child takes that uid and calls ``kill(-1)``, stopping them all first so a fork
    bomb cannot outrun the kill (it makes only system calls before ``_exit``, so forking a
    threaded process is safe here). A killed process is not gone at once: it must be
    scheduled to exit and free its memory, which on a loaded machine takes a while; so the
    kill is repeated (for what was forked meanwhile) while their number is polled, until a
    deadline."""
    deadline = time.monotonic() + REAP_DEADLINE_S
    pause = 0.001
    while True:
        _kill_all_as(who)
        if not any(processes(who.uid, zombies=False)):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes of sandbox uid {who.uid} survive kill -9 for "
                               f"{REAP_DEADLINE_S:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _kill_all_as(who: Identity) -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.setgroups([])
            os.setgid(who.gid)
            os.setuid(who.uid)
            for sig in (signal.SIGSTOP, signal.SIGKILL, signal.SIGKILL):
                try:
                    os.kill(-1, sig)
                except ProcessLookupError:
                    pass
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def processes(uid: int, *, zombies: bool) -> Iterator[int]:
    """Processes of ``uid``; with ``zombies=False`` only live ones (a zombie is dead and
    awaits its parent)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if zombies or state not in (b"Z", b"X"):
            yield int(entry.name)


def protect_self() -> None:
    """Make this process non-dumpable: an unprivileged program (same uid) can then neither
    ptrace it nor read its /proc entries, such as the API keys in its environment. (Its other
    processes stay readable: the rlimits tier without root contains resources, not secrets.)"""
    import ctypes

    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def own_task_count() -> int:
    """Processes and threads of the caller's uid (what RLIMIT_NPROC counts)."""
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(f"/proc/{entry.name}/task"))
        except (FileNotFoundError, PermissionError):
            continue
    return count
