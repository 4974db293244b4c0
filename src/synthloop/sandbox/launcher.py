"""The first process of every run: start the program in a child that sets the rlimits, drops
to the sandbox uid and execs it; then report how that child ended.

Run as ``python -I -S -c <this source>`` by the caller's interpreter (so it works as root even
when that interpreter is unreadable to the sandbox uid); the source is shipped, never imported.
The launcher itself keeps the caller's uid and no limits, so (as root) the program can neither
kill it nor hide its own resource usage; and it forks rather than execs because the kernel's
peak RSS of a process includes that of the process it was forked from (the runner's tens of
MiB would otherwise be everyone's floor). Its report on the status fd is one line: ``error
<message>`` when the program could not be started (infra_error), else ``exit <wait status>
<user s> <sys s> <max rss KiB>``. In the bwrap tier a second launcher runs inside the sandbox
(no limits, no uid change) because bwrap does not reap its children into its own usage.
"""

import os
import resource
import sys


def child(fd: int, uid: int, gid: int, limits: str, argv: list[str]) -> None:
    try:
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


def main() -> None:
    status_fd, uid, gid, limits, *argv = sys.argv[1:]
    fd = int(status_fd)
    os.set_inheritable(fd, False)  # the program never sees it
    # Not dumpable: a program of the same uid (bwrap tier, or unprivileged) can neither ptrace
    # this launcher nor read its /proc entries. The exec'd program is dumpable again.
    import ctypes

    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    pid = os.fork()
    if pid == 0:
        child(fd, int(uid), int(gid), limits, argv)
    _, status, usage = os.wait4(pid, 0)
    os.write(fd, f"exit {status} {usage.ru_utime} {usage.ru_stime} {usage.ru_maxrss}".encode())


main()
