"""Warm bwrap sandboxes: started once, reused for program after program.

Starting bubblewrap and an interpreter for every program costs several times what the program
itself does (most tests run in milliseconds). A :class:`WarmSandbox` is one bwrap with the
supervisor of ``zygote.py`` as its pid 1: the runner sends it a program with its pipes and
gets back how it ended; between programs the supervisor kills what is left and empties every
writable place. The pool keeps one idle sandbox per concurrent caller and per (read-only
paths, disk size) they were made for, and starts another when all are busy.

A caller that knows it will soon run programs at some concurrency (a stage and its workers,
the CLI as soon as it has read the spec) can :func:`prestart` that many in the background:
a sandbox takes some 0.1 s to start (bwrap, then an interpreter and its imports), which
otherwise falls on the first programs, one sandbox at a time, while the other cores idle.

As root each sandbox holds a pool uid (``identity``) for its lifetime, so its process
limit counts its own processes only.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from synthloop.sandbox.bwrap import SANDBOX_PYTHON, binary, bwrap_args
from synthloop.sandbox.seccomp import compiled, filter_fd
from synthloop.sandbox.users import identity, reap

_SOURCE = (Path(__file__).with_name("launcher.py").read_text()
           + Path(__file__).with_name("zygote.py").read_text()
           + "\nserve(int(sys.argv[1]))\n")
_START_TIMEOUT_S = 60.0
_KILL_GRACE_S = 30.0  # how long a killed program's supervisor may take to answer
_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


@dataclass(slots=True)
class Ending:
    """What the supervisor says of a program: its wait status, CPU seconds and peak RSS of
    all its processes; ``error`` when it could not be started."""

    status: int | None
    cpu_s: float
    peak_rss_kb: int
    error: str | None


class WarmSandbox:
    def __init__(self, ro_paths: tuple[str, ...], disk_mb: int) -> None:
        self._stack = ExitStack()
        try:
            self._start(ro_paths, disk_mb)
        except BaseException:
            self._stack.close()
            raise
        self.broken = False
        self._job = 0  # which program a kill is meant for
        self._answered = 0  # the last program whose ending came back

    def _start(self, ro_paths: tuple[str, ...], disk_mb: int) -> None:
        program = binary()
        if program is None:
            raise RuntimeError("bwrap is not installed")
        self.who = self._stack.enter_context(identity())
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        self._stack.callback(ours.close)
        seccomp_fd = filter_fd()
        if seccomp_fd is None:
            theirs.close()
            raise RuntimeError(compiled()[1])
        argv = [*bwrap_args(binary=program, disk_mb=disk_mb, ro_paths=list(ro_paths),
                            seccomp_fd=seccomp_fd),
                SANDBOX_PYTHON, "-I", "-c", _SOURCE, str(theirs.fileno())]
        self._log = tempfile.TemporaryFile()
        self._stack.callback(self._log.close)
        dedicated = self.who.dedicated
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, env=_ENV,
                cwd="/", start_new_session=True, pass_fds=(theirs.fileno(), seccomp_fd),
                user=self.who.uid if dedicated else None,
                group=self.who.gid if dedicated else None,
                extra_groups=[] if dedicated else None)
        finally:
            theirs.close()
            os.close(seccomp_fd)
        self._stack.callback(self._stop)
        ours.settimeout(_START_TIMEOUT_S)
        try:
            ready = ours.recv(64)
        except TimeoutError:
            ready = b""
        ours.settimeout(None)
        if not ready:
            raise RuntimeError(f"bwrap did not start: {self.log()}")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()[-1000:].decode("utf-8", "replace").strip()

    def _stop(self) -> None:
        self.sock.close()  # the supervisor exits, and the namespace with it
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.terminate()
            self.proc.wait()
        if self.who.dedicated:
            reap(self.who)

    def close(self) -> None:
        self._stack.close()

    def start(self, argv: list[str], env: dict[str, str], limits: str,
              files: dict[str, bytes], fds: list[int], trusted: Sequence[str] = (),
              entry: str | None = None) -> None:
        """Send a program; ``fds`` are its stdin, stdout, stderr (and report channel);
        ``trusted``, ``entry``: the files that are the caller's own scripts, and the function
        to call of the one run (``Program.trusted``, ``Program.entry``)."""
        payload = os.memfd_create("program-files")
        try:
            with open(payload, "wb", closefd=False) as f:
                for content in files.values():
                    f.write(content)
            self._job += 1
            job = {"id": self._job, "argv": argv, "env": env, "limits": limits,
                   "files": [[name, len(content)] for name, content in files.items()],
                   "trusted": list(trusted), "entry": entry}
            socket.send_fds(self.sock, [json.dumps(job).encode()], [payload, *fds])
        finally:
            os.close(payload)

    def kill(self) -> None:
        """Ask the supervisor to stop the program now (it still answers with its ending);
        if it has not answered within ``_KILL_GRACE_S``, end the whole sandbox."""
        try:
            self.sock.send(json.dumps({"op": "kill", "id": self._job}).encode())
        except OSError:
            pass
        timer = threading.Timer(_KILL_GRACE_S, self._unanswered, args=(self._job,))
        timer.daemon = True
        timer.start()

    def _unanswered(self, job: int) -> None:
        if self._answered < job:
            self.terminate()

    def terminate(self) -> None:
        """SIGKILL the namespace's pid 1 (the kernel then kills every process in it) and bwrap;
        the supervisor's socket closes, so a waiting ``ending`` returns."""
        self.broken = True
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                inits = [int(pid) for pid in f.read().split()]
        except OSError:
            inits = []
        for pid in [*inits, self.proc.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def ending(self) -> Ending:
        """Wait for the program's ending. A supervisor that is gone is the sandbox's fault."""
        try:
            answer = self.sock.recv(1 << 16)
        except OSError:
            answer = b""
        if not answer:
            self.broken = True
            return Ending(None, 0.0, 0, f"the sandbox's supervisor died: {self.log()}")
        reply = json.loads(answer)
        self._answered = self._job
        if "broken" in reply:
            self.broken = True
        return Ending(reply.get("status"), float(reply.get("cpu", 0.0)),
                      int(reply.get("maxrss", 0)), reply.get("error"))


Key = tuple[tuple[str, ...], int]  # (read-only paths, disk MiB): what a sandbox was made for
_idle: dict[Key, list[WarmSandbox]] = {}
_starting: dict[Key, int] = {}  # started by prestart(), not ready yet
_changed = threading.Condition()  # guards both; notified when a background start ends


def prestart(ro_paths: Sequence[str], disk_mb: int, count: int) -> None:
    """Start sandboxes for these paths and disk size in the background, until ``count`` are
    idle or starting; returns at once. A start that fails is dropped: the borrower then
    starts one itself, which raises why."""
    key = (tuple(ro_paths), disk_mb)
    with _changed:
        missing = count - len(_idle.get(key, ())) - _starting.get(key, 0)
        if missing <= 0:
            return
        _starting[key] = _starting.get(key, 0) + missing
    for _ in range(missing):
        threading.Thread(target=_start_idle, args=(key,), name="sandbox-prestart",
                         daemon=True).start()


def _start_idle(key: Key) -> None:
    sandbox = None
    try:
        sandbox = WarmSandbox(*key)
    except (OSError, RuntimeError):
        pass  # (the borrower's own start says why)
    finally:
        with _changed:
            _starting[key] -= 1
            if sandbox is not None:
                _idle.setdefault(key, []).append(sandbox)
            _changed.notify_all()


@contextmanager
def borrow(ro_paths: list[str], disk_mb: int) -> Iterator[WarmSandbox]:
    """An idle warm sandbox for these paths and disk size (waiting for one that
    :func:`prestart` is starting), or a new one; returned after use unless it broke."""
    key = (tuple(ro_paths), disk_mb)
    with _changed:
        _changed.wait_for(lambda: _idle.get(key) or not _starting.get(key))
        sandbox = _idle[key].pop() if _idle.get(key) else None
    if sandbox is None:
        sandbox = WarmSandbox(*key)
    try:
        yield sandbox
    except BaseException:
        sandbox.broken = True
        raise
    finally:
        if sandbox.broken:
            sandbox.close()
        else:
            with _changed:
                _idle.setdefault(key, []).append(sandbox)
                _changed.notify_all()


@atexit.register
def close_all() -> None:
    """Stop every idle sandbox, once those still starting are up (their supervisors would
    exit with this process anyway; a dedicated uid is reaped here). All at once: each waits
    for its namespace to end, 20-25 ms at the end of every run (load 8)."""
    with _changed:
        _changed.wait_for(lambda: not any(_starting.values()), timeout=_START_TIMEOUT_S)
        sandboxes = [s for group in _idle.values() for s in group]
        _idle.clear()
    closers = [threading.Thread(target=s.close, name="sandbox-close") for s in sandboxes]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join()
