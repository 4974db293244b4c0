"""The hostile suite: programs that try to hurt the machine, leak secrets or escape, each
with the verdict (check code suffix) expected per sandbox tier.

Conventions: each program is a record's ``code`` whose only test is ``assert True``; an action
the sandbox blocks raises, so it ends as ``load_error`` (the reason shows the error); an action
that is allowed but contained ends as ``pass``. The solution runs in a process of its own that
the test harness forked, so killing its parent or its group ends the harness too (``crash``).
The rlimits tier contains resources, has no network (seccomp: no sockets but AF_UNIX) and, as
root, runs each program under its own uid with nothing writable but its work dir; it cannot
hide world-readable files (those expectations say ``pass``). The bwrap tier is the containment
tier. ``{port}`` is a listener of the test on 127.0.0.1 (no program may reach it), ``{home}``
the caller's home, ``{outside}`` a path in /tmp, ``{repo}`` the checkout.
"""

from __future__ import annotations

import os

ROOT = os.geteuid() == 0
# In the rlimits tier without root the program runs as the caller: it can read the caller's
# home, signal the caller's processes and read their /proc entries.
AS_CALLER = "pass" if not ROOT else "load_error"

# name -> (code, {tier: expected check suffix})
PROGRAMS: dict[str, tuple[str, dict[str, str]]] = {
    "fork_bomb": ("import os\nwhile True:\n    os.fork()\n",
                  {"rlimits": "violation", "bwrap": "violation"}),
    "fork_bomb_then_sleep": (
        "import os, time\nfor _ in range(100000):\n    try:\n        os.fork()\n"
        "    except OSError:\n        break\ntime.sleep(100)\n",
        {"rlimits": "timeout", "bwrap": "timeout"}),
    "thread_bomb": ("import threading, time\nwhile True:\n"
                    "    threading.Thread(target=time.sleep, args=(100,), daemon=True).start()\n",
                    {"rlimits": "violation", "bwrap": "violation"}),
    "memory_bomb_one_block": ("x = bytearray(8 * 1024 ** 3)\n",
                              {"rlimits": "memory", "bwrap": "memory"}),
    # bytes(n) takes zeroed pages from calloc without writing them, so the limit is reached in
    # milliseconds however busy the machine (bytearray's memset hit the 2 s wall limit first at
    # load 12 on 2 cores)
    "memory_bomb_gradual": ("chunks = []\nwhile True:\n    chunks.append(bytes(50 * 2 ** 20))\n",
                            {"rlimits": "memory", "bwrap": "memory"}),
    "disk_fill_one_file": ("with open('fill', 'wb') as f:\n    while True:\n"
                           "        f.write(b'0' * 2 ** 20)\n",
                           {"rlimits": "violation", "bwrap": "violation"}),
    "disk_fill_many_files": (
        "import time\nfor i in range(1000):\n    with open(f'fill{{i}}', 'wb') as f:\n"
        "        f.write(b'0' * 15 * 2 ** 20)\n    time.sleep(0.05)\n",
        {"rlimits": "violation", "bwrap": "violation"}),
    "output_flood_stdout": ("while True:\n    print('x' * 1000)\n",
                            {"rlimits": "violation", "bwrap": "violation"}),
    "output_flood_stderr": ("import sys\nwhile True:\n    sys.stderr.write('y' * 1000)\n",
                            {"rlimits": "violation", "bwrap": "violation"}),
    "close_output_then_sleep": ("import os, time\nos.close(1)\nos.close(2)\ntime.sleep(100)\n",
                                {"rlimits": "timeout", "bwrap": "timeout"}),
    "infinite_loop": ("while True:\n    pass\n", {"rlimits": "timeout", "bwrap": "timeout"}),
    "sleep_past_deadline": ("import time\ntime.sleep(100)\n",
                            {"rlimits": "timeout", "bwrap": "timeout"}),
    "ignore_sigterm": ("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                       "time.sleep(100)\n", {"rlimits": "timeout", "bwrap": "timeout"}),
    "tcp_to_localhost": ("import socket\nsocket.create_connection(('127.0.0.1', {port}), 1)"
                         ".sendall(b'hostile')\n", {"rlimits": "load_error", "bwrap": "load_error"}),
    "udp_to_localhost": ("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                         ".sendto(b'hostile', ('127.0.0.1', {port}))\n",
                         {"rlimits": "load_error", "bwrap": "load_error"}),
    "read_home": ("import os\nprint(os.listdir({home!r}))\n",
                  {"rlimits": AS_CALLER, "bwrap": "load_error"}),
    "read_etc_shadow": ("print(open('/etc/shadow').read())\n",
                        {"rlimits": "load_error", "bwrap": "load_error"}),
    "write_outside_tmp": ("open({outside!r}, 'w').write('pwned')\n",
                          {"rlimits": "load_error" if ROOT else "pass", "bwrap": "pass"}),
    "write_into_repo": ("open({repo!r} + '/pwned', 'w').write('pwned')\n",
                        {"rlimits": AS_CALLER, "bwrap": "load_error"}),
    "read_own_environment": ("import os\nprint(dict(os.environ))\n",
                             {"rlimits": "pass", "bwrap": "pass"}),
    "read_every_proc_environ": (
        "import os\nfor pid in os.listdir('/proc'):\n    try:\n"
        "        print(open(f'/proc/{{pid}}/environ').read())\n    except OSError:\n"
        "        pass\n", {"rlimits": "pass", "bwrap": "pass"}),
    "read_parent_environ": ("import os\nprint(open(f'/proc/{{os.getppid()}}/environ').read())\n",
                            {"rlimits": "load_error", "bwrap": "load_error"}),
    "kill_parent": ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
                    {"rlimits": "crash", "bwrap": "crash"}),
    "kill_everything": ("import os, signal\nos.kill(-1, signal.SIGKILL)\n",
                        {"rlimits": "crash", "bwrap": "crash"}),
    "kill_pid_1": ("import os, signal\nos.kill(1, signal.SIGKILL)\n",
                   {"rlimits": "load_error", "bwrap": "pass"}),  # bwrap: ns init ignores it
    "ptrace_parent": (
        "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "if libc.ptrace(16, os.getppid(), 0, 0) != 0:\n"
        "    raise OSError(ctypes.get_errno(), 'ptrace attach refused')\n",
        {"rlimits": AS_CALLER, "bwrap": "load_error"}),
    "spawn_shell": ("import subprocess\nprint(subprocess.run(['/bin/sh', '-c', 'id; echo $0'], "
                    "check=True, capture_output=True).stdout)\n",
                    {"rlimits": "pass", "bwrap": "pass"}),
    "proc_1_root_escape": ("import os\nprint(os.listdir('/proc/1/root/root'))\n",
                           {"rlimits": "load_error", "bwrap": "load_error"}),
    "ctypes_mount": (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "if libc.mount(b'none', b'/tmp', b'tmpfs', 0, None) != 0:\n"
        "    raise OSError(ctypes.get_errno(), 'mount refused')\n",
        {"rlimits": "load_error", "bwrap": "load_error"}),
    "ctypes_unshare_user_namespace": (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "if libc.syscall(272, 0x10000000) != 0:\n"
        "    raise OSError(ctypes.get_errno(), 'unshare refused')\n",
        {"rlimits": "load_error", "bwrap": "load_error"}),
    "ptrace_traceme": (  # harmless alone, but the door to ptrace: seccomp shuts it
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "if libc.ptrace(0, 0, 0, 0) != 0:\n"
        "    raise OSError(ctypes.get_errno(), 'ptrace refused')\n",
        {"rlimits": "load_error", "bwrap": "load_error"}),
    "io_uring_setup": (
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "params = ctypes.create_string_buffer(120)\n"
        "if libc.syscall(425, 4, params) < 0:\n"
        "    raise OSError(ctypes.get_errno(), 'io_uring refused')\n",
        {"rlimits": "load_error", "bwrap": "load_error"}),
    "setuid_root": ("import os\nos.setuid(0)\n",
                    {"rlimits": "load_error" if ROOT else "load_error", "bwrap": "load_error"}),
    "segfault": ("import ctypes\nctypes.string_at(0)\n", {"rlimits": "crash", "bwrap": "crash"}),
    "too_many_open_files": ("fs = [open('f%d' % i, 'w') for i in range(10000)]\n",
                            {"rlimits": "load_error", "bwrap": "load_error"}),
    "exit_zero_before_tests": ("import os\nos._exit(0)\n",
                               {"rlimits": "no_report", "bwrap": "no_report"}),
    "sys_exit_at_load": ("import sys\nsys.exit(0)\n", {"rlimits": "load_error",
                                                       "bwrap": "load_error"}),
    "daemon_outlives_run": (
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(100)\n    os._exit(0)\n", {"rlimits": "pass", "bwrap": "pass"}),
    "kill_own_group": ("import os, signal\nos.killpg(os.getpgrp(), signal.SIGKILL)\n",
                       {"rlimits": "crash", "bwrap": "crash"}),
}
