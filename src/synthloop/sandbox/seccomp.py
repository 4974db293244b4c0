"""The seccomp filter of both tiers: system calls a test program has no business making fail
with EPERM (debugging other processes, kernel modules, mounts and namespaces, keyrings, eBPF,
perf, userfaultfd and io_uring, which carry most recent kernel exploits, clock and swap
changes, lowering its own priority), and sockets of any family but AF_UNIX fail with
EAFNOSUPPORT (the rlimits tier has the host's network otherwise). Built once with libseccomp
through ``pyseccomp`` (extra ``sandbox``) and handed to bwrap or the launcher as compiled BPF;
without it neither tier runs, and ``doctor`` says what to install.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
import tempfile

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_by_handle_at",
    "name_to_handle_at", "fsopen", "fsmount", "fsconfig", "move_mount", "open_tree",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "reboot", "swapon", "swapoff", "acct", "quotactl", "syslog", "vhangup",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "iopl", "ioperm",
    # a program that lowers its own priority is slow to die when killed on a busy machine
    "setpriority", "sched_setscheduler", "sched_setattr", "ioprio_set",
)


@functools.cache
def compiled() -> tuple[bytes | None, str]:
    """The BPF program, or None and why not."""
    try:
        import pyseccomp
    except (ImportError, OSError) as exc:  # OSError: libseccomp.so missing
        return None, f"no seccomp filter ({exc}): pip install 'synthloop[sandbox]'"
    filt = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    denied = 0
    for name in DENIED:
        try:
            filt.add_rule(pyseccomp.ERRNO(1), name)  # EPERM
            denied += 1
        except (RuntimeError, ValueError, OSError):
            continue  # not a system call on this architecture
    filt.add_rule(pyseccomp.ERRNO(errno.EAFNOSUPPORT), "socket",
                  pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX))
    with tempfile.TemporaryFile() as f:
        filt.export_bpf(f)
        f.seek(0)
        return f.read(), (f"seccomp refuses {denied} system calls (ptrace, bpf, io_uring...) "
                          "and sockets other than AF_UNIX")


def filter_fd() -> int | None:
    """A readable fd holding the compiled filter (for ``bwrap --seccomp``), or None."""
    program, _ = compiled()
    if program is None:
        return None
    r, w = os.pipe()
    os.write(w, program)  # a few KiB: fits in the pipe buffer
    os.close(w)
    return r
