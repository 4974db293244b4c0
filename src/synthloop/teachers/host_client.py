"""The run's side of a model host process: requests out as JSON lines, replies matched by id.

A reader thread owns the child's stdout, so replies reach any event loop (each request keeps
the loop it was made on) and the child's death is seen the moment its stdout closes: then
every pending request, and every later one, fails with the one :class:`TeacherUnavailable`
that ``on_exit`` builds from the exit status (a signal is a negative ``returncode``). The
child's stderr is drained into a short tail, so a native crash's output (faulthandler's
traceback, llama.cpp's abort message) never reaches the run's terminal but can be quoted.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import threading
from collections import deque
from collections.abc import Callable
from typing import IO, Any

import orjson

from synthloop.teachers.base import TeacherError, TeacherUnavailable, TeacherUnsupported

OnExit = Callable[[int, list[str]], TeacherUnavailable]


class HostProcess:
    """One child process; started by the first :meth:`call`, stopped by :meth:`close`."""

    def __init__(self, argv: list[str], on_exit: OnExit) -> None:
        self._argv, self._on_exit = argv, on_exit
        self._proc: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future[Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._failure: TeacherUnavailable | None = None
        self._closing = False
        self._stderr: deque[str] = deque(maxlen=20)
        self._threads: list[threading.Thread] = []

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def call(self, op: str, **payload: Any) -> Any:
        """Send one request; its reply's result, or the error it names."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        with self._lock:
            if self._failure is not None:
                raise self._failure
            proc = self._proc or self._start()
            rid = next(self._ids)
            self._pending[rid] = (loop, future)
            line = orjson.dumps({"id": rid, "op": op, **payload}) + b"\n"
            try:
                assert proc.stdin is not None
                proc.stdin.write(line)
                proc.stdin.flush()
            except OSError:
                pass  # the child is gone: the reader fails this request with the reason
        return await future

    def close(self) -> None:
        """Close the child's stdin (it exits), wait for it briefly, kill it if it lingers."""
        with self._lock:
            proc, self._closing = self._proc, True
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for thread in self._threads:
            thread.join(5)

    def _start(self) -> subprocess.Popen[bytes]:
        on_main = threading.current_thread() is threading.main_thread()
        # PR_SET_PDEATHSIG fires when the spawning *thread* ends, so only the main thread asks
        argv = [*self._argv, "--parent-pid", str(os.getpid()), *(["--pdeathsig"] if on_main
                                                               else [])]
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        self._proc = proc
        assert proc.stdout is not None and proc.stderr is not None
        self._threads = [threading.Thread(target=self._read, args=(proc, proc.stdout),
                                          name="host-reader", daemon=True),
                         threading.Thread(target=self._drain, args=(proc.stderr,),
                                          name="host-stderr", daemon=True)]
        for thread in self._threads:
            thread.start()
        return proc

    def _read(self, proc: subprocess.Popen[bytes], stdout: IO[bytes]) -> None:
        for line in stdout:
            message = orjson.loads(line)
            if "fatal" in message:
                with self._lock:
                    self._failure = TeacherUnavailable(message["fatal"])
                continue
            with self._lock:
                entry = self._pending.pop(message["id"], None)
            if entry is not None:
                _settle(entry, message.get("ok"), _error(message))
        code = proc.wait()
        for thread in self._threads[1:]:
            thread.join(5)  # the whole stderr tail, for the message
        with self._lock:
            if self._failure is None:
                self._failure = (TeacherUnavailable("the model host was closed") if self._closing
                                 else self._on_exit(code, list(self._stderr)))
            pending, self._pending = self._pending, {}
        for entry in pending.values():
            _settle(entry, None, self._failure)

    def _drain(self, stderr: IO[bytes]) -> None:
        for line in stderr:
            self._stderr.append(line.decode(errors="replace").rstrip())


def _error(message: dict[str, Any]) -> Exception | None:
    if "error" not in message:
        return None
    if message["kind"] == "unsupported":
        return TeacherUnsupported(message["error"])
    return TeacherError("the local model could not answer this request", message["error"])


def _settle(entry: tuple[asyncio.AbstractEventLoop, asyncio.Future[Any]], result: Any,
            error: BaseException | None) -> None:
    loop, future = entry

    def settle() -> None:
        if future.done():
            return  # the caller was cancelled
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    try:
        loop.call_soon_threadsafe(settle)
    except RuntimeError:
        pass  # that event loop is closed: nobody waits for this answer
