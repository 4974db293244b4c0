"""The first process of every run: start the program in a child that sets the rlimits, drops
to the sandbox uid and execs it; then clean up after it and report how it ended.

Run as ``python -I -S -c <this source>`` by the caller's interpreter (so it works as root even
when that interpreter is unreadable to the sandbox uid); the source is shipped, never imported.

- It keeps the caller's uid and no limits, so (as root) the program can neither kill it nor
  hide its own resource usage; it is not dumpable, so a program of the same uid cannot ptrace
  it or read its /proc entries either.
- It forks rather than execs because the kernel's peak RSS of a process includes that of the
  process it was forked from (the runner's tens of MiB would otherwise be everyone's floor).
- The program gets a process group of its own; SIGTERM to the launcher (the runner's deadline)
  kills that group, and the launcher lives on to report.
- It is a child subreaper: whatever the program leaves behind (double forks, ``setsid``) is
  re-parented to it and killed before it reports, even when it runs unprivileged.

The report on the status fd is one line: ``error <message>`` when the program could not be
started (infra_error), else ``exit <wait status> <user s> <sys s> <max rss KiB>``. In the bwrap
tier a second launcher runs inside the sandbox (no limits, no uid change), because bwrap does
not reap its children into its own usage.
"""

import ctypes
import os
import resource
import signal
import sys

PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 4, 36


def child(fd: int, uid: int, gid: int, limits: str, argv: list[str]) -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setpgid(0, 0)
        for item in filter(None, limits.split(",")):
            name, value = item.split("=")
            soft = int(value)
            hard = soft + 1 if name == "CPU" else soft  # SIGXCPU first, SIGKILL a second later
            resource.setrlimit(getattr(resource, "RLIMIT_" + name), (soft, hard))
        if uid >= 0:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        os.umask(0o077)
        os.execvp(argv[0], argv)
    except BaseException as exc:  # noqa: BLE001 - anything here is the sandbox's failure
        os.write(fd, f"error {argv[0] if argv else '(no command)'}: {exc}".encode())
    os._exit(126)


def children() -> list[int]:
    pids = []
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    return pids


def kill_leftovers() -> None:
    """Stop, then kill and reap, every process re-parented to this subreaper."""
    for _ in range(1000):
        pids = children()
        if not pids:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        for pid in pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def main() -> None:
    status_fd, uid, gid, limits, *argv = sys.argv[1:]
    fd = int(status_fd)
    os.set_inheritable(fd, False)  # the program never sees it
    libc = ctypes.CDLL(None)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # until the child's group exists
    pid = os.fork()
    if pid == 0:
        child(fd, int(uid), int(gid), limits, argv)
    try:
        os.setpgid(pid, pid)  # also done in the child: whichever runs first
    except OSError:
        pass
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(pid, signal.SIGKILL))
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    kill_leftovers()
    os.write(fd, f"exit {status} {usage.ru_utime} {usage.ru_stime} {usage.ru_maxrss}".encode())


main()
