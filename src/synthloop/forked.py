"""A function run in a forked helper process, one call at a time, while the caller goes on.

For CPU work that a thread cannot overlap: a thread shares the GIL, and numpy work cut into
many calls takes it back after each one. A MinHash index hashing on a thread while the import
read and stored the next batch ran slower than with no thread at all once other processes kept
both cores busy (``benchmarks/neardup.py``'s docstring); a child process shares no lock.

The child is a fork: it inherits the function, its data and every module already imported,
and starts in milliseconds. It touches nothing it inherited but the function's own objects
(never the run store's connection) and ends with ``os._exit``, so no inherited file or
buffer is flushed or closed twice. It ends when the parent closes its end (or dies).
"""

from __future__ import annotations

import os
import pickle
import socket
from collections.abc import Callable
from typing import Any, Generic, NoReturn, TypeVar

A = TypeVar("A")
R = TypeVar("R")


class HelperGone(RuntimeError):
    """The helper process ended before it answered."""


class ForkedHelper(Generic[A, R]):
    """``fn`` in a forked child: :meth:`submit` an argument, then :meth:`result` its value
    (or the exception it raised) before the next submit."""

    def __init__(self, fn: Callable[[A], R]) -> None:
        ours, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            ours.close()
            _serve(theirs, fn)
        theirs.close()
        self._sock = ours
        self._out = ours.makefile("wb")
        self._in = ours.makefile("rb")

    def submit(self, arg: A) -> None:
        try:
            pickle.dump(arg, self._out, protocol=pickle.HIGHEST_PROTOCOL)
            self._out.flush()
        except OSError as exc:  # a closed socket: the child has ended
            raise HelperGone(f"the helper process {self.pid} has ended") from exc

    def result(self) -> R:
        try:
            ok, value = pickle.load(self._in)
        except (EOFError, OSError) as exc:
            raise HelperGone(f"the helper process {self.pid} ended before it answered"
                             ) from exc
        if not ok:
            raise value
        result: R = value
        return result

    def close(self) -> None:
        """Close the child's input, which ends it, and reap it."""
        for stream in (self._out, self._in, self._sock):
            try:
                stream.close()
            except OSError:  # unflushed data for a child already gone
                pass
        os.waitpid(self.pid, 0)


def _serve(sock: socket.socket, fn: Callable[[Any], Any]) -> NoReturn:
    """The child: answer each argument with ``(True, fn(arg))`` or ``(False, exception)``
    until its input closes."""
    status = 0
    try:
        stream_in, stream_out = sock.makefile("rb"), sock.makefile("wb")
        while True:
            try:
                arg = pickle.load(stream_in)
            except EOFError:
                break
            try:
                answer: tuple[bool, Any] = (True, fn(arg))
            except Exception as exc:  # the caller's to raise
                answer = (False, exc)
            pickle.dump(answer, stream_out, protocol=pickle.HIGHEST_PROTOCOL)
            stream_out.flush()
    except BaseException:  # a signal, or the parent gone mid-answer
        status = 1
    os._exit(status)
