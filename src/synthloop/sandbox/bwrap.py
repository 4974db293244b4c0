"""The bubblewrap command line of a warm sandbox (see ``pool.py``).

It unshares every namespace (user, pid, network, ipc, uts, cgroup, mount), forbids new user
namespaces inside, drops all capabilities, and shows the program only ``/usr`` (plus the
``ro_paths`` a program names) read-only, a fresh ``/proc`` of its own pid namespace and a
minimal ``/dev``. Nothing is writable but three tmpfs mounts capped at ``disk_mb`` each: the
working directory ``/work``, ``/tmp`` and ``/dev/shm``; ``/`` and ``/dev`` are remounted
read-only (bwrap makes them tmpfs, i.e. host memory without a cap). The supervisor runs as
pid 1 of the namespace, so the program can neither signal nor stop it; bwrap's session is new
(no TIOCSTI onto a terminal).
"""

from __future__ import annotations

import os
import shutil

WORKDIR = "/work"
# The interpreter of the supervisor inside bwrap (it must be under /usr, which is bound).
SANDBOX_PYTHON = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3")
                       if os.access(p, os.X_OK)), "/usr/bin/python3")
WRITABLE = (WORKDIR, "/tmp", "/dev/shm")


def _merged_usr_links() -> list[str]:
    """``/bin``, ``/lib``... as the host has them: symlinks into /usr, or read-only binds."""
    args: list[str] = []
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def bwrap_args(*, binary: str, disk_mb: int, ro_paths: list[str], seccomp_fd: int) -> list[str]:
    """The bwrap command up to (not including) the supervisor's argv."""
    args = [binary, "--unshare-all", "--unshare-user", "--disable-userns", "--as-pid-1",
            "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr", *_merged_usr_links()]
    for path in ro_paths:
        if not path.startswith("/usr/"):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for path in WRITABLE:
        args += ["--size", str(disk_mb * 1024 * 1024), "--tmpfs", path]
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", WORKDIR,
             "--seccomp", str(seccomp_fd)]
    return [*args, "--"]


def binary() -> str | None:
    return shutil.which("bwrap")
