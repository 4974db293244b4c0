"""The rlimits tier's first process: start the program in a child that isolates itself, sets
the rlimits, drops to the sandbox uid and execs it; then clean up after it and report how it
ended. (The bwrap tier's warm supervisor, ``zygote.py``, is shipped with this file's
functions in front of its own.)

Run as ``python -I -S -c <this source>`` by the caller's interpreter (so it works as root even
when that interpreter is unreadable to the sandbox uid); the source is shipped, never imported.

- It keeps the caller's uid and no limits, so (as root) the program can neither kill it nor
  hide its own resource usage; it is not dumpable, so a program of the same uid cannot ptrace
  it or read its /proc entries either.
- It forks rather than execs because the kernel's peak RSS of a process includes that of the
  process it was forked from (the runner's tens of MiB would otherwise be everyone's floor).
- As root the child enters a mount and an IPC namespace of its own: every mount is read-only
  there but the working directory and a size-capped ``/dev/shm`` (so no world-writable
  directory of the host, whichever there are, can be written), and SysV IPC objects die with
  the program. Root or not, it loads the seccomp filter (no sockets but AF_UNIX, no ptrace...).
- The program gets a process group of its own; SIGTERM to the launcher (the runner's deadline)
  kills that group, and the launcher lives on to report.
- It is a child subreaper: whatever the program leaves behind (double forks, ``setsid``) is
  re-parented to it and killed before it reports, even when it runs unprivileged.

The report on the status fd is one line: ``error <message>`` when the program could not be
started (infra_error), else ``exit <wait status> <user s> <sys s> <max rss KiB>``.
"""

import ctypes
import os
import resource
import signal
import sys
import warnings  # noqa: F401 - os.execvp imports it, maybe after the uid drop

PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP = 4, 36, 38, 22
SECCOMP_MODE_FILTER = 2
CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MOUNT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC,
               "noatime": 1024, "nodiratime": 2048, "relatime": 1 << 21}
REPORT_FD = 3  # where a program with a report channel finds it
LIBC = ctypes.CDLL(None, use_errno=True)


def check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def set_limits(limits: str) -> None:
    """``NAME=value,...`` as rlimits; the CPU limit's hard limit a second above the soft one
    (SIGXCPU first, SIGKILL a second later)."""
    for item in filter(None, limits.split(",")):
        name, value = item.split("=")
        soft = int(value)
        hard = soft + 1 if name == "CPU" else soft
        resource.setrlimit(getattr(resource, "RLIMIT_" + name), (soft, hard))


def load_seccomp(fd: int) -> None:
    """Install the compiled BPF program read from ``fd`` on this process (and its children)."""
    program = b""
    while chunk := os.read(fd, 65536):
        program += chunk
    os.close(fd)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    check(LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    prog = SockFprog(len(program) // 8, program)
    check(LIBC.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0), "seccomp")


def isolate_files(workdir: str, shm_bytes: int) -> None:
    """(Root only.) A private mount namespace where every mount is read-only but ``workdir``
    and a fresh size-capped tmpfs on /dev/shm; a private IPC namespace."""
    check(LIBC.unshare(CLONE_NEWNS | CLONE_NEWIPC), "unshare")
    check(LIBC.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
    check(LIBC.mount(workdir.encode(), workdir.encode(), None, MS_BIND, None), "bind work dir")
    with open("/proc/self/mountinfo") as f:
        mounts = [line.split() for line in f]
    for fields in mounts:
        target = fields[4].encode().decode("unicode_escape").encode()
        if target == workdir.encode():
            continue
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in fields[5].split(","):
            flags |= MOUNT_FLAGS.get(option, 0)
        if LIBC.mount(None, target, None, flags, None) != 0:
            errno = ctypes.get_errno()
            if target.startswith((b"/proc/", b"/sys/")) or not os.path.exists(target):
                continue  # kernel interfaces (root-only to write), or shadowed by a later mount
            raise OSError(errno, f"remount {target.decode()} read-only: {os.strerror(errno)}")
    if os.path.isdir("/dev/shm"):
        check(LIBC.mount(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV,
                         f"size={shm_bytes},mode=1777".encode()), "mount /dev/shm")
    os.chdir(workdir)  # onto the writable bind mount (the old cwd is on the read-only one)


def child(fd: int, uid: int, gid: int, limits: str, disk_bytes: int, seccomp_fd: int,
          report_fd: int, argv: list[str]) -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setpgid(0, 0)
        if uid >= 0:
            isolate_files(os.getcwd(), disk_bytes)
        set_limits(limits)
        if uid >= 0:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        os.umask(0o077)
        if report_fd >= 0:
            if fd == REPORT_FD:
                fd = os.dup(fd)
            os.dup2(report_fd, REPORT_FD)
        if seccomp_fd >= 0:
            load_seccomp(seccomp_fd)
        os.execvp(argv[0], argv)
    except BaseException as exc:  # noqa: BLE001 - anything here is the sandbox's failure
        os.write(fd, f"error {argv[0] if argv else '(no command)'}: {exc}".encode())
    os._exit(126)


def children() -> list[int]:
    pids: list[int] = []
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
    status_fd, uid, gid, limits, disk_bytes, seccomp_fd, report_fd, *argv = sys.argv[1:]
    fd = int(status_fd)
    os.set_inheritable(fd, False)  # the program never sees it
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # until the child's group exists
    pid = os.fork()
    if pid == 0:
        child(fd, int(uid), int(gid), limits, int(disk_bytes), int(seccomp_fd), int(report_fd),
              argv)
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
