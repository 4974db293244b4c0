"""Run one program in a sandbox tier and observe it: output, time, memory, how it ended.

The runner owns the run's deadline, its output caps and its pipes; where the program runs is
a backend's business: at the rlimits tier a launcher process started for this program alone
(a fresh working directory; as root, the run's own uid, every process and namespace of which
ends with the run), at the bwrap tier a warm sandbox of the pool (``pool.py``). Either way the
program's exit status, CPU time and peak memory come from ``wait4`` in a process the program
cannot kill (the launcher as root, the sandbox's pid 1), so they are right also when the
runner stopped it. A waiter thread waits for that account; the calling thread pumps stdin,
stdout and stderr and watches the clock.

A program with ``report`` set gets a fourth pipe as fd 3, which the runner reads after the
end (the test harness's verdict: ``checks/harness/python_tests.py``).
"""

from __future__ import annotations

import math
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path

from synthloop.sandbox.bwrap import WORKDIR
from synthloop.sandbox.limits import Limits, Program, Tier
from synthloop.sandbox.pool import WarmSandbox, borrow
from synthloop.sandbox.result import Facts, Outcome, RunResult, classify
from synthloop.sandbox.seccomp import compiled, filter_fd
from synthloop.sandbox.users import (
    Identity,
    identity,
    kill_group,
    own_task_count,
    reap,
)

_LAUNCHER = (Path(__file__).with_name("launcher.py")).read_text() + "\nmain()\n"
_ENV_PATH = "/usr/local/bin:/usr/bin:/bin"
_POLL_S = 0.05
_DISK_CHECK_S = 0.2
_DRAIN_AFTER_EXIT_S = 0.5  # how long to read output that outlives the program's exit
_REPORT_MAX = 1 << 20


def run_program(program: Program, limits: Limits, tier: Tier) -> RunResult:
    """Run ``program`` under ``limits`` in ``tier`` (which the caller has checked works).

    The machine failing the sandbox (no free uid, a process that survives kill -9, out of file
    descriptors, a sandbox that would not start) is an ``infra_error`` result: the program is
    not to blame.
    """
    try:
        for name in program.files:
            if not name or "/" in name or name in (".", ".."):
                raise ValueError(f"sandbox file name {name!r} must be a plain file name")
        if tier is Tier.BWRAP:
            with borrow(program.ro_paths, limits.disk_mb) as sandbox:
                return _Run(program, limits, tier, _Warm(sandbox)).execute()
        with identity() as who, tempfile.TemporaryDirectory(prefix="synthloop-sbx-") as tmp:
            workdir = Path(tmp)
            try:
                backend = _Launched(who, workdir, limits.disk_mb * 1024 * 1024)
                return _Run(program, limits, tier, backend).execute()
            finally:
                if who.dedicated:
                    reap(who)
                _make_removable(workdir)
    except (OSError, RuntimeError) as exc:
        return RunResult(outcome=Outcome.INFRA_ERROR, reason=f"sandbox failed: {exc}",
                         tier=tier.value, exit_code=None, signal=None, stdout=b"", stderr=b"",
                         wall_s=0.0, cpu_s=0.0, peak_rss_kb=0)


def _make_removable(workdir: Path) -> None:
    """A program may leave directories without write permission; restore it so the
    temporary directory can be removed."""
    for root, dirs, _files in os.walk(workdir):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o700)
            except OSError:
                pass


class _Backend(ABC):
    """Where a program runs: started with its pipes, waited for, stopped on request."""

    extra_processes = 0  # the backend's own processes that count against RLIMIT_NPROC
    dedicated = False

    @abstractmethod
    def start(self, program: Program, env: dict[str, str], limits: str,
              fds: list[int]) -> None: ...

    @abstractmethod
    def wait(self) -> tuple[int | None, float, int, str | None]:
        """(wait status, CPU s, peak RSS KiB, why it could not start) once it ended."""

    @abstractmethod
    def stop(self) -> None: ...

    def disk_used(self) -> int | None:
        """Bytes the program has written, when the runner must watch it (no tmpfs cap)."""
        return None

    def cleanup(self) -> None:
        """After the end (the output is read)."""


class _Warm(_Backend):
    extra_processes = 2  # bwrap outside the namespace, the supervisor inside

    def __init__(self, sandbox: WarmSandbox) -> None:
        self.sandbox = sandbox
        self.dedicated = sandbox.who.dedicated

    def start(self, program: Program, env: dict[str, str], limits: str,
              fds: list[int]) -> None:
        self.sandbox.start(program.argv, {"HOME": WORKDIR, "TMPDIR": "/tmp", **env}, limits,
                           program.files, fds, program.trusted, program.entry)

    def wait(self) -> tuple[int | None, float, int, str | None]:
        ending = self.sandbox.ending()
        return ending.status, ending.cpu_s, ending.peak_rss_kb, ending.error

    def stop(self) -> None:
        self.sandbox.kill()


class _Launched(_Backend):
    def __init__(self, who: Identity, workdir: Path, disk_bytes: int) -> None:
        self.who, self.workdir, self.dedicated = who, workdir, who.dedicated
        self.disk_bytes = disk_bytes  # also the size of its own /dev/shm (as root)

    def start(self, program: Program, env: dict[str, str], limits: str,
              fds: list[int]) -> None:
        for name, content in program.files.items():
            path = self.workdir / name
            path.write_bytes(content)
            if self.dedicated:
                os.chown(path, self.who.uid, self.who.gid)
        if self.dedicated:
            os.chown(self.workdir, self.who.uid, self.who.gid)
        seccomp_fd = filter_fd()
        if seccomp_fd is None:
            raise RuntimeError(compiled()[1])
        self.status_r, status_w = os.pipe()
        report = fds[3] if len(fds) > 3 else -1
        uid, gid = (self.who.uid, self.who.gid) if self.dedicated else (-1, -1)
        argv = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(status_w), str(uid), str(gid),
                limits, str(self.disk_bytes), str(seccomp_fd), str(report), *program.argv]
        try:
            self.proc = subprocess.Popen(
                argv, stdin=fds[0], stdout=fds[1], stderr=fds[2], cwd=self.workdir,
                env={"HOME": str(self.workdir), "TMPDIR": str(self.workdir), **env},
                start_new_session=True,
                pass_fds=(status_w, seccomp_fd, *([report] if report >= 0 else [])))
        except OSError:
            os.close(self.status_r)
            raise
        finally:
            os.close(status_w)
            os.close(seccomp_fd)

    def wait(self) -> tuple[int | None, float, int, str | None]:
        _, status, rusage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it, not Popen
        report = _read_all(self.status_r).decode("utf-8", "replace")
        if report.startswith("error "):
            return None, 0.0, 0, report[len("error "):]
        if report.startswith("exit "):  # the launcher's account of the program
            fields = report.split()
            return int(fields[1]), float(fields[2]) + float(fields[3]), int(fields[4]), None
        return status, rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss, None

    def stop(self) -> None:
        """As root every process of the run's uid is killed (the launcher is root and lives
        on to report); unprivileged, the launcher is asked to kill the program's group."""
        if self.dedicated:
            reap(self.who)
        else:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def disk_used(self) -> int | None:
        return _disk_usage(self.workdir)

    def cleanup(self) -> None:
        kill_group(self.proc.pid)
        if self.dedicated:
            reap(self.who)


class _Run:
    def __init__(self, program: Program, limits: Limits, tier: Tier, backend: _Backend) -> None:
        self.program, self.limits, self.tier, self.backend = program, limits, tier, backend
        self.cpu_limit = math.ceil(limits.cpu_s or limits.wall_s)
        self.cap = limits.output_kb * 1024
        self.limit_hit: tuple[Outcome, str] | None = None

    def _rlimits(self) -> str:
        mib = 1024 * 1024
        nproc = self.limits.processes + self.backend.extra_processes
        if not self.backend.dedicated:  # RLIMIT_NPROC counts all of the caller's own tasks
            nproc += own_task_count()
        return ",".join(f"{k}={v}" for k, v in {
            "CPU": self.cpu_limit, "AS": self.limits.memory_mb * mib, "NPROC": nproc,
            "FSIZE": self.limits.file_mb * mib, "NOFILE": self.limits.open_files,
            "CORE": 0, "MSGQUEUE": 0}.items())

    def execute(self) -> RunResult:
        pipes = [os.pipe() for _ in range(4 if self.program.report else 3)]
        ours = [pipes[0][1], *(r for r, _ in pipes[1:])]  # stdin's write end, the read ends
        theirs = [pipes[0][0], *(w for _, w in pipes[1:])]
        env = {"PATH": _ENV_PATH, "LANG": "C.UTF-8", **self.program.env}
        started = time.monotonic()
        try:
            self.backend.start(self.program, env, self._rlimits(), theirs)
        except BaseException:
            for fd in ours:
                os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        ended: list[tuple[int | None, float, int, str | None]] = []
        done = threading.Event()

        def wait() -> None:
            try:
                ended.append(self.backend.wait())
            finally:
                done.set()

        threading.Thread(target=wait, daemon=True).start()
        stdout, stderr = self._pump(ours[0], ours[1], ours[2], done, started)
        wall = time.monotonic() - started
        report = _read_available(ours[3]) if len(ours) > 3 else b""
        self.backend.cleanup()
        if not ended:
            raise RuntimeError("the sandbox's waiter failed")
        status, cpu, peak, infra = ended[0]
        exit_code, sig = _exit_of(status) if status is not None else (None, None)
        if status is None and infra is None:
            infra = "the program's end was not observed"
        facts = Facts(exit_code=exit_code, signal=sig, cpu_s=cpu, cpu_limit_s=self.cpu_limit,
                      stderr=stderr, limit_hit=self.limit_hit, infra=infra)
        outcome, reason = classify(facts, self.limits.model_dump())
        return RunResult(outcome=outcome, reason=reason, tier=self.tier.value,
                         exit_code=exit_code, signal=sig, stdout=stdout, stderr=stderr,
                         wall_s=wall, cpu_s=cpu, peak_rss_kb=peak, report=report)

    def _pump(self, stdin: int, out_fd: int, err_fd: int, done: threading.Event,
              started: float) -> tuple[bytes, bytes]:
        """Feed stdin, collect capped output, enforce the deadline and the disk cap."""
        sel = selectors.DefaultSelector()
        pending = memoryview(self.program.stdin)
        if pending:
            os.set_blocking(stdin, False)
            sel.register(stdin, selectors.EVENT_WRITE)
        else:
            os.close(stdin)
        chunks: dict[int, bytearray] = {out_fd: bytearray(), err_fd: bytearray()}
        for fd in (out_fd, err_fd):
            sel.register(fd, selectors.EVENT_READ)
        deadline = started + self.limits.wall_s
        exited_at: float | None = None
        next_disk = started + _DISK_CHECK_S
        while True:
            now = time.monotonic()
            if done.is_set() and exited_at is None:
                exited_at = now
            if exited_at is not None and (not sel.get_map()
                                          or now - exited_at > _DRAIN_AFTER_EXIT_S):
                break  # all read; or something that escaped the group holds the pipe
            if exited_at is None and now >= deadline:
                self._stop(Outcome.TIMEOUT, f"wall time limit ({self.limits.wall_s:g} s)")
            if exited_at is None and now >= next_disk:
                next_disk = now + _DISK_CHECK_S
                used = self.backend.disk_used()
                if used is not None and used > self.limits.disk_mb * 1024 * 1024:
                    self._stop(Outcome.VIOLATION, f"disk limit ({self.limits.disk_mb} MiB)")
            if not sel.get_map():  # it closed its output but runs on
                done.wait(_POLL_S)
                continue
            for key, _ in sel.select(timeout=_POLL_S):
                if key.fd == stdin:
                    try:
                        written = os.write(stdin, pending[:65536])
                    except (BrokenPipeError, BlockingIOError):
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        sel.unregister(stdin)
                        os.close(stdin)
                    continue
                data = os.read(key.fd, 65536)
                if not data:
                    sel.unregister(key.fd)
                    os.close(key.fd)
                    continue
                buf = chunks[key.fd]
                buf += data
                if len(buf) > self.cap:
                    del buf[:len(buf) - self.cap]  # keep the tail
                    name = "stdout" if key.fd == out_fd else "stderr"
                    self._stop(Outcome.VIOLATION,
                               f"output limit ({self.limits.output_kb} KiB on {name})")
        for key in list(sel.get_map().values()):  # each fd closed once: here or at its end
            sel.unregister(key.fd)
            os.close(key.fd)
        sel.close()
        done.wait()
        return bytes(chunks[out_fd]), bytes(chunks[err_fd])

    def _stop(self, outcome: Outcome, reason: str) -> None:
        """Stop the program for a limit; the backend still reports its usage."""
        if self.limit_hit is not None:
            return
        self.limit_hit = (outcome, reason)
        self.backend.stop()


def _exit_of(status: int) -> tuple[int | None, int | None]:
    code = os.waitstatus_to_exitcode(status)
    return (None, -code) if code < 0 else (code, None)


def _read_all(fd: int) -> bytes:
    """What the launcher wrote on its status pipe (the write ends are closed)."""
    parts = []
    try:
        while data := os.read(fd, 65536):
            parts.append(data)
    finally:
        os.close(fd)
    return b"".join(parts)


def _read_available(fd: int) -> bytes:
    """What the program wrote on its report channel, up to ``_REPORT_MAX`` bytes, without
    waiting for a process that may still hold it."""
    os.set_blocking(fd, False)
    parts, size = [], 0
    try:
        while size < _REPORT_MAX:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not data:
                break
            parts.append(data)
            size += len(data)
    finally:
        os.close(fd)
    return b"".join(parts)


def _disk_usage(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                continue
    return total
