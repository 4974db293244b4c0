"""Run one program in a sandbox tier and observe it: output, time, memory, how it ended.

The runner owns the whole life of the run: a fresh working directory, a scrubbed environment,
a new session, the wall deadline, the output and disk caps, and the cleanup (the process group,
and as root every process and /tmp file of the run's uid). A waiter thread collects the exit
status with ``wait4`` (so CPU time and peak RSS come from the kernel); the calling thread
pumps stdin/stdout/stderr and watches the clock.
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
from pathlib import Path

from synthloop.sandbox import seccomp, users
from synthloop.sandbox.limits import Limits, Program, Tier
from synthloop.sandbox.result import Facts, Outcome, RunResult, classify
from synthloop.sandbox.tiers import SANDBOX_PYTHON, bwrap_args

_LAUNCHER = (Path(__file__).with_name("launcher.py")).read_text()
_ENV_PATH = "/usr/local/bin:/usr/bin:/bin"
_POLL_S = 0.05
_DISK_CHECK_S = 0.2
_DRAIN_AFTER_EXIT_S = 0.5  # how long to read output that outlives the program's exit


def run_program(program: Program, limits: Limits, tier: Tier) -> RunResult:
    """Run ``program`` under ``limits`` in ``tier`` (which the caller has checked works).

    The machine failing the sandbox (no free uid, a process that survives kill -9, out of file
    descriptors) is an ``infra_error`` result: the program is not to blame.
    """
    try:
        with users.identity() as who, tempfile.TemporaryDirectory(prefix="synthloop-sbx-") as tmp:
            workdir = Path(tmp)
            try:
                return _Run(program, limits, tier, who, workdir).execute()
            finally:
                if who.dedicated:
                    users.reap(who)
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


class _Run:
    def __init__(self, program: Program, limits: Limits, tier: Tier, who: users.Identity,
                 workdir: Path) -> None:
        self.program, self.limits, self.tier, self.who, self.workdir = (
            program, limits, tier, who, workdir)
        self.cpu_limit = math.ceil(limits.cpu_s or limits.wall_s)
        self.cap = limits.output_kb * 1024
        self.limit_hit: tuple[Outcome, str] | None = None

    def _rlimits(self) -> str:
        mib = 1024 * 1024
        nproc = self.limits.processes
        if not self.who.dedicated:  # RLIMIT_NPROC counts all of the caller's own tasks
            nproc += users.own_task_count()
        return ",".join(f"{k}={v}" for k, v in {
            "CPU": self.cpu_limit, "AS": self.limits.memory_mb * mib, "NPROC": nproc,
            "FSIZE": self.limits.file_mb * mib, "NOFILE": self.limits.open_files,
            "CORE": 0}.items())

    def _stage_files(self) -> dict[str, int]:
        """Write the program's files; return read fds for bwrap's ``--file``."""
        fds: dict[str, int] = {}
        for name, content in self.program.files.items():
            path = self.workdir / name
            if path.resolve().parent != self.workdir.resolve():
                raise ValueError(f"sandbox file name {name!r} must be a plain file name")
            path.write_bytes(content)
            if self.tier is Tier.BWRAP:
                fds[name] = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            elif self.who.dedicated:
                os.chown(path, self.who.uid, self.who.gid)
        if self.who.dedicated and self.tier is Tier.RLIMITS:
            os.chown(self.workdir, self.who.uid, self.who.gid)
        return fds

    def execute(self) -> RunResult:
        file_fds = self._stage_files()
        status_r, status_w = os.pipe()
        bwrap = self.tier is Tier.BWRAP
        json_r, json_w = os.pipe() if bwrap else (-1, -1)
        inner_r, inner_w = os.pipe() if bwrap else (-1, -1)
        seccomp_fd = seccomp.filter_fd() if bwrap else None
        uid, gid = (self.who.uid, self.who.gid) if self.who.dedicated else (-1, -1)
        argv = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(status_w), str(uid), str(gid),
                self._rlimits()]
        if bwrap:
            argv += bwrap_args(disk_mb=self.limits.disk_mb, ro_paths=self.program.ro_paths,
                               json_fd=json_w, files=file_fds, seccomp_fd=seccomp_fd)
            argv += [SANDBOX_PYTHON, "-I", "-S", "-c", _LAUNCHER, str(inner_w), "-1", "-1", ""]
        argv += self.program.argv
        env = {"PATH": _ENV_PATH, "LANG": "C.UTF-8", "HOME": str(self.workdir),
               "TMPDIR": str(self.workdir), **self.program.env}
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                cwd=self.workdir, env=env, start_new_session=True,
                pass_fds=(status_w, *file_fds.values(), *([json_w, inner_w] if bwrap else []),
                          *([seccomp_fd] if seccomp_fd is not None else [])))
        except OSError:
            for fd in (status_r, json_r, inner_r):
                if fd >= 0:
                    os.close(fd)
            raise
        finally:
            for fd in (status_w, json_w, inner_w, seccomp_fd, *file_fds.values()):
                if fd is not None and fd >= 0:
                    os.close(fd)
        waited: list[tuple[int, os.struct_rusage] | None] = [None]
        done = threading.Event()

        def wait() -> None:
            _, status, rusage = os.wait4(proc.pid, 0)
            waited[0] = (status, rusage)
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        stdout, stderr = self._pump(proc, done, started)
        wall = time.monotonic() - started
        users.kill_group(proc.pid)
        assert waited[0] is not None
        status, rusage = waited[0]
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it, not Popen
        cpu, peak = rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss
        report = _read_all(status_r).decode("utf-8", "replace")
        inner = ""
        if bwrap and report.startswith("exit "):  # bwrap started: the inner launcher reports
            inner = _read_all(inner_r).decode("utf-8", "replace")
            report = inner or report
        elif bwrap:
            os.close(inner_r)
        infra = report[len("error "):] if report.startswith("error ") else None
        if report.startswith("exit "):  # the launcher's precise account of the program
            fields = report.split()
            status, cpu, peak = int(fields[1]), float(fields[2]) + float(fields[3]), int(fields[4])
        exit_code, sig = _exit_of(status)
        events = _read_all(json_r).decode("utf-8", "replace") if json_r >= 0 else ""
        if bwrap and infra is None:
            if "child-pid" not in events:
                infra = f"bwrap: {stderr[-600:].decode('utf-8', 'replace').strip()}"
            elif not inner and exit_code is not None and exit_code > 128:
                exit_code, sig = None, exit_code - 128  # bwrap's own status: a signal is 128+n
        if self.who.dedicated:
            users.reap(self.who)
            outside = users.remove_leftovers(self.who, keep=self.workdir)
            if outside and self.limit_hit is None:
                self.limit_hit = (Outcome.VIOLATION, "wrote outside its working directory: "
                                  + ", ".join(outside[:3]))
        facts = Facts(exit_code=exit_code, signal=sig, cpu_s=cpu, cpu_limit_s=self.cpu_limit,
                      stderr=stderr, limit_hit=self.limit_hit, infra=infra)
        outcome, reason = classify(facts, self.limits.model_dump())
        return RunResult(outcome=outcome, reason=reason, tier=self.tier.value,
                         exit_code=exit_code, signal=sig, stdout=stdout, stderr=stderr,
                         wall_s=wall, cpu_s=cpu, peak_rss_kb=peak)

    def _pump(self, proc: subprocess.Popen[bytes], done: threading.Event,
              started: float) -> tuple[bytes, bytes]:
        """Feed stdin, collect capped output, enforce the deadline and the disk cap."""
        assert proc.stdin and proc.stdout and proc.stderr
        sel = selectors.DefaultSelector()
        pending = memoryview(self.program.stdin)
        if pending:
            os.set_blocking(proc.stdin.fileno(), False)
            sel.register(proc.stdin, selectors.EVENT_WRITE)
        else:
            proc.stdin.close()
        chunks: dict[int, bytearray] = {}
        for stream in (proc.stdout, proc.stderr):
            sel.register(stream, selectors.EVENT_READ)
            chunks[stream.fileno()] = bytearray()
        out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
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
                self._stop(proc, Outcome.TIMEOUT, f"wall time limit ({self.limits.wall_s:g} s)")
            if exited_at is None and self.tier is Tier.RLIMITS and now >= next_disk:
                next_disk = now + _DISK_CHECK_S
                if _disk_usage(self.workdir) > self.limits.disk_mb * 1024 * 1024:
                    self._stop(proc, Outcome.VIOLATION, f"disk limit ({self.limits.disk_mb} MiB)")
            if not sel.get_map():  # it closed its output but runs on
                done.wait(_POLL_S)
                continue
            for key, _ in sel.select(timeout=_POLL_S):
                if key.fileobj is proc.stdin:
                    try:
                        written = os.write(key.fd, pending[:65536])
                    except (BrokenPipeError, BlockingIOError):
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        sel.unregister(proc.stdin)
                        proc.stdin.close()
                    continue
                data = os.read(key.fd, 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                buf = chunks[key.fd]
                buf += data
                if len(buf) > self.cap:
                    del buf[:len(buf) - self.cap]  # keep the tail
                    name = "stdout" if key.fd == out_fd else "stderr"
                    self._stop(proc, Outcome.VIOLATION,
                               f"output limit ({self.limits.output_kb} KiB on {name})")
        sel.close()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if not stream.closed:
                stream.close()
        done.wait()
        return bytes(chunks[out_fd]), bytes(chunks[err_fd])

    def _stop(self, proc: subprocess.Popen[bytes], outcome: Outcome, reason: str) -> None:
        """Stop the program for a limit. The launcher survives to clean up and report the
        program's CPU time and memory: as root, every process of the run's uid is killed
        (the launcher is root); unprivileged, the launcher is asked to kill the program's
        process group."""
        if self.limit_hit is not None:
            return
        self.limit_hit = (outcome, reason)
        if self.who.dedicated:
            users.reap(self.who)
        else:
            try:
                os.kill(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def _exit_of(status: int) -> tuple[int | None, int | None]:
    code = os.waitstatus_to_exitcode(status)
    return (None, -code) if code < 0 else (code, None)


def _read_all(fd: int) -> bytes:
    """What the launcher or bwrap wrote on a status pipe (the write ends are closed)."""
    parts = []
    try:
        while data := os.read(fd, 65536):
            parts.append(data)
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
