"""The supervisor of a warm bwrap sandbox: pid 1 of its namespaces, it runs one program at a
time on request and resets the sandbox between programs.

Shipped after ``launcher.py``'s functions as ``python3 -I -c <source> <socket fd>``; never
imported. On its socket (SOCK_SEQPACKET) it gets a job (JSON: argv, env, rlimits, file names
and sizes) with fds: the files' contents (a memfd), stdin, stdout, stderr and, when the
program has one, its report channel (fd 3 in the program). It forks the program: a new
session, the fds in place and every other one closed, the rlimits set, then ``exec``; or,
for ``<this python> -I <script>``, the script runs in the forked child itself (the modules
imported here are warm: no interpreter start-up per program). On exit or on ``kill`` it kills
every other process of the namespace (pid 1 reaches them all, double forks included), reaps
them, and answers ``{status, cpu, maxrss, error}``: CPU time and peak memory of every process
of the run from ``wait4``, right also when the program was killed. Then it empties ``/work``,
``/tmp`` and ``/dev/shm`` and removes SysV IPC objects for the next program.

The files a job names ``trusted`` (the runner's own scripts, never the code under test) are
compiled here, once per content, and a script run in the forked child that has that content
runs from the compiled code: a test harness of a thousand lines costs its compile once per
sandbox, not once per program. A job with an ``entry`` (``Program.entry``) goes further: its
script's top level, which only defines, runs here once per content, and each forked child
only calls that function (the harness's classes and functions are made once per sandbox, not
once per program). Nothing else a job brings is compiled or run here.

Why it imports neither ``threading`` nor ``shutil`` (which imports it through ``bz2``) nor
``hashlib``: a forked child pays for every page it writes (copy on write), and
``threading``'s after-fork handler alone writes some 150 pages of the interpreter, in every
fork: the harness's and the solution's (0.5 ms each of about 8 ms per HumanEval program);
``hashlib`` maps OpenSSL, pages every fork's page tables must copy.

As pid 1 it gets no signal from inside the namespace that it does not handle (the kernel
protects a namespace's init), and it is not dumpable: the program cannot stop, trace or read it.
It exits when the socket closes (the runner exited), which ends the namespace.
"""

import atexit
import json
import os
import select
import signal
import socket
import stat
import sys
import traceback
import types

# Warm for the programs (what the test harness and typical solutions import: a module
# imported in the forked child is found and loaded from disk for every program).
import __future__  # noqa: F401 - `from __future__ import annotations` imports it
import base64  # noqa: F401
import builtins
import collections  # noqa: F401
import copy  # noqa: F401
import functools  # noqa: F401
import heapq  # noqa: F401
import itertools  # noqa: F401
import math  # noqa: F401
import re  # noqa: F401
import struct  # noqa: F401
import typing

if typing.TYPE_CHECKING:  # defined ahead of this file's source when it is shipped
    from synthloop.sandbox.launcher import LIBC, PR_SET_DUMPABLE, REPORT_FD, set_limits

IPC_RMID = 0
SCRUB = ("/work", "/tmp", "/dev/shm")
MAX_COMPILED = 16
MAX_FD = 1 << 20  # above any descriptor the child can hold (RLIMIT_NOFILE of a sandbox)


class Trusted(typing.NamedTuple):
    """A trusted script compiled here; ``module`` when its top level has run here too (a job
    with an ``entry``), None when it could not (the child then runs it as a script)."""

    code: types.CodeType
    module: types.ModuleType | None


COMPILED: dict[tuple[str, bytes], Trusted] = {}  # trusted scripts by (name, content)


class Job(typing.TypedDict):
    """A program to run: its command, environment, rlimits and files (name, size: the
    contents follow one another in the payload fd)."""

    id: int
    argv: list[str]
    env: dict[str, str]
    limits: str
    files: list[tuple[str, int]]
    trusted: list[str]
    entry: str | None


class Usage(typing.TypedDict):
    """CPU seconds and peak RSS (KiB) of every process of a program's run."""

    cpu: float
    maxrss: int


def serve(sock_fd: int) -> typing.NoReturn:
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    sock = socket.socket(fileno=sock_fd)
    sock.send(b'{"ready": true}')
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 1 << 16, 8)
        if not message:
            os._exit(0)
        job = json.loads(message)
        if "argv" not in job:  # a kill that came after its program had ended
            continue
        result = run(job, fds, sock)
        try:
            scrub()
        except OSError as exc:  # the next program would see this one's leftovers
            result["broken"] = f"cannot reset the sandbox: {exc}"
        sock.send(json.dumps(result).encode())
        if "broken" in result:
            os._exit(1)


def run(job: Job, fds: list[int], sock: socket.socket) -> dict[str, object]:
    payload, stdin, stdout, stderr, *report = fds
    try:
        scripts = write_files(payload, job["files"], job.get("trusted", []), job.get("entry"))
    except OSError as exc:
        for fd in fds[1:]:
            os.close(fd)
        return {"error": f"cannot write the program's files: {exc}"}
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        start(job, scripts, stdin, stdout, stderr, report[0] if report else -1, err_w)
    for fd in (stdin, stdout, stderr, *report, err_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    while True:
        ready, _, _ = select.select([sock.fileno(), pidfd], [], [])
        if pidfd in ready:
            break
        message = sock.recv(1 << 16)
        if not message:  # the runner is gone
            kill_all(None, pid)
            os._exit(0)
        request = json.loads(message)
        if request.get("op") == "kill" and request.get("id") == job["id"]:
            break  # (a kill that came too late for an earlier program is dropped)
    os.close(pidfd)
    usage: Usage = {"cpu": 0.0, "maxrss": 0}
    status = kill_all(usage, pid)
    error = os.read(err_r, 4096).decode("utf-8", "replace")
    os.close(err_r)
    return {"status": status, **usage, "error": error or None}


def kill_all(usage: Usage | None, main: int) -> int | None:
    """Kill every process of the namespace but this one, reap them, add up their usage;
    return the wait status of ``main``."""
    status: int | None = None
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            pid, wstatus, ru = os.wait4(-1, 0)
        except ChildProcessError:
            return status
        if usage is not None:
            usage["cpu"] += ru.ru_utime + ru.ru_stime
            usage["maxrss"] = max(usage["maxrss"], ru.ru_maxrss)
        if pid == main:
            status = wstatus


def write_files(payload: int, files: list[tuple[str, int]], trusted: list[str],
                entry: str | None) -> dict[str, Trusted]:
    """Write the job's files into /work; compile the trusted ones not compiled yet (and, for a
    job with an ``entry``, run their top level); return them by name. Each file passes through
    one buffer, zeroed once written: the program is forked from this process, and freed heap
    keeps what it held (a solution that scans its memory found the tests' job file there)."""
    scripts: dict[str, Trusted] = {}
    offset = 0
    try:
        for name, size in files:
            data = bytearray(size)
            with memoryview(data) as view:
                got = 0
                while got < size:
                    read = os.preadv(payload, [view[got:]], offset + got)
                    if not read:
                        raise OSError(f"the payload ends inside {name}")
                    got += read
                offset += size
                fd = os.open(os.path.join("/work", name), os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                             0o644)
                try:
                    written = 0
                    while written < size:
                        written += os.write(fd, view[written:])
                finally:
                    os.close(fd)
            if name in trusted:
                content = bytes(data)
                found = COMPILED.get((name, content)) or prepare(name, content, entry)
                if found is not None:
                    scripts[name] = found
            data[:] = bytes(size)
    finally:
        os.close(payload)
    return scripts


def prepare(name: str, data: bytes, entry: str | None) -> Trusted | None:
    """Compile a trusted script (None when it does not compile: the child compiles it, and
    says why) and, with an ``entry``, run its top level in a module of its own."""
    try:
        code = compile(data, name, "exec")
    except (SyntaxError, ValueError):
        return None
    module: types.ModuleType | None = None
    if entry is not None:
        module = types.ModuleType(name.removesuffix(".py"))
        module.__file__ = name
        try:
            exec(code, module.__dict__)
        except Exception:  # noqa: BLE001 - not importable here: the child runs it as a script
            module = None
        if module is not None and not callable(module.__dict__.get(entry)):
            module = None
    if len(COMPILED) >= MAX_COMPILED:
        COMPILED.clear()
    COMPILED[(name, data)] = found = Trusted(code, module)
    return found


def start(job: Job, scripts: dict[str, Trusted], stdin: int, stdout: int, stderr: int,
          report: int, err_w: int) -> typing.NoReturn:
    """In the forked child: become the program."""
    argv = job["argv"]
    try:
        os.setsid()
        if err_w == REPORT_FD and report >= 0:
            err_w = os.dup(err_w)
        for target, fd in ((0, stdin), (1, stdout), (2, stderr), (REPORT_FD, report)):
            if fd >= 0:
                os.dup2(fd, target)
        low = 0  # close every fd but these (the supervisor's socket first of all)
        for fd in sorted({0, 1, 2, err_w} | ({REPORT_FD} if report >= 0 else set())):
            if low < fd:  # (closerange(0, 0) closes every fd, not none)
                os.closerange(low, fd)
            low = fd + 1
        os.closerange(low, MAX_FD)
        os.chdir("/work")
        set_limits(job["limits"])
        os.umask(0o077)
        if len(argv) >= 3 and argv[0] == sys.executable and argv[1] == "-I" and not (
                argv[2].startswith("-")):
            os.close(err_w)
            run_script(argv[2:], job["env"], scripts.get(argv[2]), job.get("entry"))
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # as a fresh process has them
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        os.execvpe(argv[0], argv, job["env"])
    except BaseException as exc:  # noqa: BLE001 - the sandbox's failure, not the program's
        os.write(err_w, f"{argv[0] if argv else '(no command)'}: {exc}".encode())
    os._exit(126)


def run_script(argv: list[str], env: dict[str, str], script: Trusted | None,
               entry: str | None) -> typing.NoReturn:
    """``python -I script args...`` in this (forked, warm) interpreter, ending as it would; a
    trusted script whose top level ran in the supervisor has only its ``entry`` called."""
    os.environ.clear()
    os.environ.update(env)
    sys.argv = list(argv)
    warm = script.module if script is not None and entry is not None else None
    if warm is not None:
        main = warm
        main.__name__ = "__main__"
    else:
        main = types.ModuleType("__main__")
        main.__file__ = argv[0]
        main.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main
    try:
        if warm is not None:
            main.__dict__[typing.cast(str, entry)]()
        else:
            if script is not None:
                code = script.code
            else:
                with open(argv[0], "rb") as f:
                    code = compile(f.read(), argv[0], "exec")
            exec(code, main.__dict__)
        status = 0
    except SystemExit as exc:
        status = exit_status(exc)
    except BaseException as exc:  # noqa: BLE001 - printed as the interpreter would
        tb = exc.__traceback__  # from the script on: this frame left out
        sys.excepthook(type(exc), exc, tb.tb_next if tb else tb)
        status = 1
    try:
        if "threading" in sys.modules:  # as the interpreter's exit: only if it was imported
            sys.modules["threading"]._shutdown()
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def exit_status(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def scrub() -> None:
    """Leave nothing of the last program for the next one."""
    for top in SCRUB:
        empty(top)
    for kind, control in (("shm", LIBC.shmctl), ("sem", LIBC.semctl), ("msg", LIBC.msgctl)):
        with open(f"/proc/sysvipc/{kind}") as f:
            for line in f.readlines()[1:]:
                ident = int(line.split()[1])
                if kind == "sem":
                    control(ident, 0, IPC_RMID)
                else:
                    control(ident, IPC_RMID, None)


def empty(directory: str) -> None:
    """Remove everything in ``directory``, also what the program made unwritable (without
    recursion: a program can nest directories deeper than Python's stack)."""
    pending, made = [directory], []
    while pending:
        for entry in os.scandir(pending.pop()):
            if entry.is_dir(follow_symlinks=False):
                os.chmod(entry.path, stat.S_IRWXU)
                pending.append(entry.path)
                made.append(entry.path)
            else:
                os.unlink(entry.path)
    for path in reversed(made):  # each after everything found in it
        os.rmdir(path)
