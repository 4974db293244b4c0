"""Which tiers this machine gives, and the bubblewrap command line for the strongest one.

The bwrap tier unshares every namespace (user, pid, network, ipc, uts, cgroup, mount), forbids
new user namespaces inside, drops all capabilities, and shows the program only ``/usr`` (plus
the ``ro_paths`` a program names) read-only, a fresh ``/proc`` of its own pid namespace, a
minimal ``/dev``, and size-capped tmpfs ``/tmp`` and working directory ``/work``. It dies with
its parent and runs in a new session (no TIOCSTI onto a terminal).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from synthloop.errors import SandboxUnavailable
from synthloop.sandbox import seccomp
from synthloop.sandbox.limits import Tier
from synthloop.sandbox.users import is_root

WORKDIR = "/work"
# The interpreter that runs the launcher inside bwrap (it must be under /usr, which is bound).
SANDBOX_PYTHON = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3")
                       if os.access(p, os.X_OK)), "/usr/bin/python3")


@dataclass(frozen=True, slots=True)
class TierStatus:
    tier: Tier
    available: bool
    detail: str


def _merged_usr_links() -> list[str]:
    """``/bin``, ``/lib``... as the host has them: symlinks into /usr, or read-only binds."""
    args: list[str] = []
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def bwrap_args(*, disk_mb: int, ro_paths: list[str], json_fd: int, files: dict[str, int],
               seccomp_fd: int | None) -> list[str]:
    """The bwrap command up to (not including) the program's argv."""
    binary = shutil.which("bwrap")
    if binary is None:
        raise SandboxUnavailable("bwrap is not installed")
    args = [binary, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr", *_merged_usr_links()]
    for path in ro_paths:
        if not path.startswith("/usr/"):
            args += ["--ro-bind", path, path]
    size = str(disk_mb * 1024 * 1024)
    args += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/tmp",
             "--size", size, "--tmpfs", WORKDIR, "--chdir", WORKDIR,
             "--setenv", "HOME", WORKDIR, "--setenv", "TMPDIR", "/tmp",
             "--json-status-fd", str(json_fd)]
    for name, fd in files.items():
        args += ["--perms", "0644", "--file", str(fd), f"{WORKDIR}/{name}"]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return [*args, "--"]


@functools.cache
def _bwrap_status() -> TierStatus:
    binary = shutil.which("bwrap")
    if binary is None:
        return TierStatus(Tier.BWRAP, False, "bwrap not found: install the Debian/Ubuntu "
                          "package `bubblewrap` (apt-get install bubblewrap)")
    if not os.access(SANDBOX_PYTHON, os.X_OK):
        return TierStatus(Tier.BWRAP, False, f"no {SANDBOX_PYTHON}: the sandbox's launcher "
                          "needs a system python3 under /usr (apt-get install python3)")
    # Probe the real thing: a run of /bin/true through the same runner.
    from synthloop.sandbox.limits import Limits, Program
    from synthloop.sandbox.run import run_program

    result = run_program(Program(argv=["true"]), Limits(wall_s=10), Tier.BWRAP)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    if result.outcome.value != "pass":
        return TierStatus(Tier.BWRAP, False, f"{version.strip()} cannot start a sandbox here "
                          f"(user namespaces disabled?): {result.reason}; "
                          f"{result.tail('stderr', 300)}")
    return TierStatus(Tier.BWRAP, True, f"{version.strip()}: all namespaces unshared, "
                      f"no network, read-only /usr, tmpfs work dir; {seccomp.compiled()[1]}")


def statuses() -> list[TierStatus]:
    """Every tier, weakest first, with whether it works here and why (not)."""
    who = ("root: each run gets its own unprivileged uid; its processes are killed with "
           "kill(-1) as that uid, files it leaves in /tmp are removed" if is_root() else
           "unprivileged: the program runs as you; it can read and write what you can and "
           "signal your other processes (synthloop itself is shielded; use bwrap)")
    return [TierStatus(Tier.RLIMITS, True, f"CPU, memory, processes, file size, open files; "
                       f"own session; {who}"),
            _bwrap_status()]


def why_unavailable(requested: str) -> str | None:
    """Why the tier a spec names does not work on this machine (what to install); None when
    it works. ``auto`` always works: it falls back to the strongest tier there is."""
    if requested == "auto":
        return None
    status = next(s for s in statuses() if s.tier is Tier(requested))
    return None if status.available else status.detail


def resolve(requested: str) -> Tier:
    """``auto`` picks the strongest tier that works; a named tier must work, or this raises."""
    if requested == "auto":
        return max((s.tier for s in statuses() if s.available), key=lambda t: t.strength)
    if (why := why_unavailable(requested)) is not None:
        raise SandboxUnavailable(f"sandbox tier {requested!r} is not available: {why}. Run "
                                 "`synthloop doctor`; ask for a weaker tier explicitly if that "
                                 "is acceptable.")
    return Tier(requested)
