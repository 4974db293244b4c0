"""A throwaway Ray head on 127.0.0.1, for tests and benchmarks: the real ``ray start --head``
in a short temporary directory, stopped by killing its own process group (never ``ray stop``,
which stops every cluster of the user on the machine)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Ray >= 2.52 turns on token auth when a token exists in ~/.ray; a throwaway cluster on
# 127.0.0.1 uses none, and its drivers need the same setting.
RAY_ENV = {"RAY_AUTH_MODE": "disabled"}


@dataclass
class LocalCluster:
    address: str
    started_in_s: float  # wall time of ``ray start --head``


@contextmanager
def local_cluster(num_cpus: int = 2) -> Iterator[LocalCluster]:
    temp = tempfile.mkdtemp(prefix="rt", dir="/tmp")  # Ray's socket paths must stay short
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    started = time.perf_counter()
    # start_new_session: ``ray start`` leads a new process group that its daemons stay in
    head = subprocess.Popen(
        [sys.executable, "-m", "ray.scripts.scripts", "start", "--head",
         "--node-ip-address", "127.0.0.1", "--port", str(port), "--num-cpus", str(num_cpus),
         "--temp-dir", temp, "--include-dashboard", "false", "--disable-usage-stats"],
        env={**os.environ, **RAY_ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    try:
        _, err = head.communicate(timeout=300)
        if head.returncode != 0:
            raise RuntimeError(f"ray start --head failed:\n{err[-2000:]}")
        yield LocalCluster(f"127.0.0.1:{port}", time.perf_counter() - started)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(head.pid, signal.SIGKILL)
        shutil.rmtree(temp, ignore_errors=True)
