"""Runs inside the sandbox: the tests in this process, the solution in a process of its own, and
the verdict on the report channel (fd 3), which only this process holds. The solution's process
is forked by a spawner that was itself forked before the job was read (and the job file is
deleted once read), so the solution can find the tests in no frame, heap or file.

Why two processes: whatever runs in the solution's process can do anything that process can
(find a nonce in memory, patch the test runner, exit early with status 0), so no verdict
decided there can be trusted. The spawner closes fd 3 before it forks anything, and this
process is not dumpable, so the child can neither write the report nor open it through
``/proc``; a solution that kills the spawner (its parent) ends this process the same way.
The tests run here against proxies: a call of the solution's function sends plain data (None,
bool, int, float, complex, str, bytes, list, tuple, dict, set; the standard library's Fraction
and Decimal; a dataclass instance's fields, see :class:`Fields`) to the child and gets plain
data back, decoded here by :func:`decode` into built-in types, with what the call left of its
list, dict, set and bytearray arguments (copied into the tests' own: a solution that sorts in
place is seen to). Anything else the solution returns stays in the child as a reference that
can be called, iterated, indexed, printed or given attributes but not compared, so an object
whose ``__eq__`` says yes to everything passes nothing. The worst a solution can do is return
values, which is what it is being tested for.

Report lines (JSON): ``load`` (the solution or setup raised), ``test`` (a test failed),
``exit`` (the solution's process ended before the tests did) and ``done``. When the child dies
this process ends the same way (signal or status), so the sandbox still sees a CPU limit or a
crash.

A job with ``probe_s`` also calls ``probe_name`` (the entry point, or the solution's function
the tests call), once the tests have passed, on inputs next to
the ones the tests gave it (each plain argument changed a little, see :func:`neighbours`), and
puts what the tested and the probing calls gave (a value's repr or an exception's class) in
the ``done`` line; ``validate.execute`` decides from them (``checks/neighbours.py``) whether the
solution only knows the tested inputs. The probes get as much CPU time as the tests took, at
least :data:`PROBE_CPU_S`, and end by ``probe_s`` seconds after this process started (so that
they never make a passing program run out of time); one that runs past either ends the
probing.

A job with ``mutants`` runs the tests against each mutant of the solution instead (one child
each, see :func:`run_mutants`): one ``mutant`` line per mutant, then ``mutants_done`` or
``mutants_stopped`` when the time budget ran out. Whether a mutant was killed is decided here
from what the tests saw, so a mutant that exits early or writes on its channel survives.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import copy
import ctypes
import functools
import json
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, NotRequired, Protocol, TypedDict, TypeVar

REPORT_FD = 3
STARTED = time.monotonic()  # when this program started: set again by main()
MAX_MESSAGE = 256 * 2**20
STOP_S = 3.0  # how long a stopped solution's process may take to exit
# The probes' least CPU time: a table answers twelve probes in a millisecond; a slow right
# solution probed past it only costs time (0.2 s was a fifth of HumanEval's sandbox CPU, on
# three solutions).
PROBE_CPU_S = 0.05
T = TypeVar("T")


class Job(TypedDict):
    """``job.json``: the solution, the setup code and the tests run against it; with
    ``mutants``, the mutants run instead of the solution and their time limits."""

    code: str
    setup: str
    tests: list[str]
    entry_point: NotRequired[str | None]
    probe_s: NotRequired[float | None]
    probe_name: NotRequired[str | None]
    mutants: NotRequired[list[str]]
    per_mutant_s: NotRequired[float]
    budget_s: NotRequired[float]


class Failure(TypedDict):
    """What :func:`failure` says of an exception: its last line and the source line."""

    error: str
    line: str


class Outcome(TypedDict, total=False):
    """A trial's report line: ``event`` says which fields it has (see :func:`trial`)."""

    event: str
    where: str
    error: str
    line: str
    protocol: bool
    index: int
    passed: int
    status: int
    tested: list[str]
    probed: list[list[object]]


class Report(Protocol):
    """Writes one report line (JSON of the keyword arguments) on the report channel."""

    def __call__(self, **fields: object) -> None: ...


class Gone(BaseException):
    """The solution's process closed the channel (it exited or was killed); a BaseException
    so that a test's ``except Exception`` does not swallow it."""


class Malformed(BaseException):
    """The solution's process answered out of protocol (it wrote on the channel itself)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the solution's process broke the protocol: {what[:200]}")


class SolutionError(Exception):
    """The solution raised an exception that has no built-in class here."""


def send(sock: socket.socket, message: object) -> None:
    data = json.dumps(message).encode()
    sock.sendall(struct.pack("!I", len(data)) + data)


def recv(sock: socket.socket) -> Any:
    """One message: JSON of whatever shape the other side sent (the caller checks it)."""
    head = recv_exactly(sock, 4)
    size = struct.unpack("!I", head)[0]
    if size > MAX_MESSAGE:
        raise ValueError(f"the solution sent {size} bytes in one message")
    return json.loads(recv_exactly(sock, size))


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    parts: list[bytes] = []
    left = n
    while left:
        chunk = sock.recv(min(left, 2**20))
        if not chunk:
            raise Gone()
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


# Plain data on the wire: JSON for None, bool, int, float and str (and lists), a tagged object
# for the rest; {"r": n} is a reference to an object that stays in the solution's process.
def encode(value: object, keep: Callable[[object], dict[str, int]]) -> object:
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray)):
        return {"b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, complex):
        return {"c": [value.real, value.imag]}
    if isinstance(value, list):
        return [encode(v, keep) for v in value]
    if isinstance(value, tuple):
        return {"t": [encode(v, keep) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"f" if isinstance(value, frozenset) else "s": [encode(v, keep) for v in value]}
    if isinstance(value, dict):
        return {"d": [[encode(k, keep), encode(v, keep)] for k, v in value.items()]}
    # exact numbers of the standard library travel as their digits; looked up only where
    # the solution has loaded them (importing them here would slow every start)
    # a dataclass instance travels as its class's name and fields (and a reference to
    # itself), so the tests compare it here, field by field, never through its own __eq__
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None and not isinstance(value, type) and dataclasses.is_dataclass(
            value):
        return {"k": [str(type(value).__qualname__),
                      [[f.name, encode(getattr(value, f.name), keep)]
                       for f in dataclasses.fields(value)], keep(value)["r"]]}
    fractions, decimal = sys.modules.get("fractions"), sys.modules.get("decimal")
    if fractions is not None and isinstance(value, fractions.Fraction):
        return {"q": [int(value.numerator), int(value.denominator)]}
    if decimal is not None and isinstance(value, decimal.Decimal):
        return {"m": decimal.Decimal.__str__(value)}
    return keep(value)


def decode(data: object, ref: Callable[[int], object]) -> object:
    """Built-in values from the wire, whatever the other side sent; refs through ``ref``."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, ref) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise ValueError(f"malformed value from the solution: {str(data)[:80]}")
    (tag, body), = data.items()
    if tag == "b":
        return base64.b64decode(body, validate=True)
    if tag == "c":
        return complex(float(body[0]), float(body[1]))
    if tag == "t":
        return tuple(decode(v, ref) for v in body)
    if tag == "s":
        return {decode(v, ref) for v in body}
    if tag == "f":
        return frozenset(decode(v, ref) for v in body)
    if tag == "d":
        return {decode(k, ref): decode(v, ref) for k, v in body}
    if tag == "q":
        from fractions import Fraction
        return Fraction(int(body[0]), int(body[1]))
    if tag == "m":
        from decimal import Decimal, InvalidOperation
        try:
            return Decimal(str(body))
        except InvalidOperation:
            raise ValueError(f"malformed decimal from the solution: {str(body)[:80]}") from None
    if tag == "k":
        name, fields, ref_id = plain(body, list)
        return Fields(str(name), {str(k): decode(v, ref) for k, v in plain(fields, list)},
                      ref(int(ref_id)))
    if tag == "r":
        return ref(int(body))
    raise ValueError(f"malformed value from the solution: {str(data)[:80]}")


def plain(value: object, kind: type[T]) -> T:
    """``value`` if it is a ``kind`` (what the protocol gives there), else TypeError."""
    if not isinstance(value, kind):
        raise TypeError(f"a {type(value).__name__} where the protocol has a {kind.__name__}")
    return value


def failure(exc: BaseException, filename: str, source: str) -> Failure:
    """The exception's last line and the source line it points at (in ``source``)."""
    error = traceback.format_exception_only(type(exc), exc)[-1].strip()[-500:]
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return {"error": f"{error} (line {exc.lineno})", "line": (exc.text or "").strip()}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    line = ""
    if frames and frames[-1].lineno:
        lines = source.splitlines()
        if frames[-1].lineno <= len(lines):
            line = lines[frames[-1].lineno - 1].strip()
    return {"error": error, "line": line}


# ---------------------------------------------------------------- the solution's process --

def serve_solution(sock: socket.socket, code: str) -> NoReturn:
    """Load the solution, then answer the tests' requests until told to stop. Only this
    process answers: copies the solution forks of it exit quietly where it would answer."""
    objects: list[Any] = []  # what the solution made: anything, used as it is
    me = os.getpid()

    def keep(obj: object) -> dict[str, int]:
        objects.append(obj)
        return {"r": len(objects) - 1}

    def local(ref: int) -> object:
        return objects[ref]

    # a module of its own in sys.modules, as an import would make: dataclasses, enum and
    # typing look the defining module up there
    module = type(sys)("solution")
    module.__file__ = "solution.py"
    sys.modules["solution"] = module
    namespace: dict[str, object] = module.__dict__
    try:
        exec(compile(code, "solution.py", "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: it is a failure
        finish(sock if os.getpid() == me else None, {"load": failure(exc, "solution.py", code)})
    if os.getpid() != me:
        finish(None, None)
    names: dict[str, dict[str, object]] = {}
    for name, value in namespace.items():
        if name.startswith("__"):
            continue
        if type(value) is type(sys):
            names[name] = {"module": value.__name__}
            continue
        try:
            names[name] = {"value": encode(value, keep)}
        except RecursionError:
            names[name] = {"value": keep(value)}
    send(sock, {"names": names})
    while True:
        try:
            request = recv(sock)
        except Gone:
            finish(None, None)
        if request["op"] == "stop":
            finish(None, None)
        try:
            target = objects[request["ref"]]
            args = plain(decode(request.get("args", []), local), list)
            kwargs = {k: decode(v, local) for k, v in request.get("kwargs", {}).items()}
            op = request["op"]
            if op == "call":
                value = target(*args, **kwargs)
            elif op == "getattr":
                value = getattr(target, args[0])
            elif op == "setattr":
                setattr(target, args[0], args[1])
                value = None
            elif op == "iter":
                value = iter(target)
            elif op == "next":
                value = next(target)
            elif op == "len":
                value = len(target)
            elif op == "getitem":
                value = target[args[0]]
            elif op == "contains":
                value = args[0] in target
            elif op == "str":
                value = str(target)
            elif op == "repr":
                value = repr(target)
            else:
                raise ValueError(f"unknown request {op!r}")
            reply = {"ok": encode(value, keep)}
            if op == "call":  # what the call did to its arguments, for the tests to see
                reply["args"] = [encode(a, keep) if isinstance(a, MUTABLE) else None
                                 for a in args]
        except BaseException as exc:  # noqa: BLE001 - the tests see it as an exception
            reply = {"raise": [type(exc).__name__, str(exc)[:500]]}
        if os.getpid() != me:
            finish(None, None)
        send(sock, reply)


def finish(sock: socket.socket | None, message: object) -> NoReturn:
    """Flush the solution's output and exit: 1 after a failure message, else 0."""
    if sock is not None:
        send(sock, message)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(1 if message is not None else 0)


# ----------------------------------------------------------------- the tests' process ----

class Remote:
    """An object of the solution's process: it can be called, iterated, indexed, printed and
    given attributes; what it gives back is plain data or another Remote."""

    __slots__ = ("_channel", "_ref")
    _channel: Channel
    _ref: int

    def __init__(self, channel: Channel, ref: int) -> None:
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_ref", ref)

    def _ask(self, op: str, *args: object, **kwargs: object) -> object:
        return self._channel.ask(op, self._ref, args, kwargs)

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self._ask("call", *args, **kwargs)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name)

    # fixtures link the solution's objects (tree.left = ...)
    def __setattr__(self, name: str, value: object) -> None:
        self._ask("setattr", name, value)

    def __iter__(self) -> Iterator[object]:
        iterator = plain(self._ask("iter"), Remote)  # iter() gives an iterator, never data
        while True:
            try:
                yield iterator._ask("next")
            except StopIteration:
                return

    def __len__(self) -> int:
        return plain(self._ask("len"), int)

    def __getitem__(self, key: object) -> object:
        return self._ask("getitem", key)

    def __contains__(self, item: object) -> bool:
        return plain(self._ask("contains", item), bool)

    def __str__(self) -> str:
        return plain(self._ask("str"), str)

    def __repr__(self) -> str:
        return plain(self._ask("repr"), str)

    def __eq__(self, other: object) -> bool:
        raise TypeError("the solution gave an object that is not plain data, which the tests "
                        "cannot compare: return numbers, strings, lists, tuples, dicts...")

    def __bool__(self) -> bool:
        raise TypeError("the solution gave an object that is not plain data, whose truth the "
                        "tests cannot judge: return True/False, numbers, strings...")

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__  # and, with __eq__, no __hash__


class Fields:
    """A dataclass instance of the solution's process, as data: equal to another of the same
    class name and field values (compared here: its own ``__eq__`` stays in the child); its
    fields read here, anything else (a method) asked of it there, and passed back to the
    solution as itself."""

    __slots__ = ("_name", "_fields", "_remote")
    _name: str
    _fields: dict[str, object]
    _remote: object

    def __init__(self, name: str, fields: dict[str, object], remote: object) -> None:
        for slot, value in (("_name", name), ("_fields", fields), ("_remote", remote)):
            object.__setattr__(self, slot, value)

    def __eq__(self, other: object) -> bool:
        return type(other) is Fields and (self._name, self._fields) == (other._name,
                                                                        other._fields)

    def __hash__(self) -> int:
        return hash((self._name, *map(repr, self._fields.values())))

    def __getattr__(self, name: str) -> object:
        if name in self._fields:
            return self._fields[name]
        return getattr(self._remote, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._remote, name, value)
        self._fields[name] = value

    def __repr__(self) -> str:
        return f"{self._name}({', '.join(f'{k}={v!r}' for k, v in self._fields.items())})"


class Channel:
    """The tests' side of the socket to the solution's process."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def remote(self, ref: int) -> Remote:
        return Remote(self, ref)

    def ask(self, op: str, ref: int, args: tuple[object, ...],
            kwargs: dict[str, object]) -> object:
        request = {"op": op, "ref": ref, "args": encode(list(args), self.outgoing),
                   "kwargs": {k: encode(v, self.outgoing) for k, v in kwargs.items()}}
        try:
            send(self.sock, request)
        except OSError:
            raise Gone() from None
        try:
            reply = recv(self.sock)
            if type(reply) is dict and list(reply) == ["raise"]:
                name, message = reply["raise"]
                error = exception(str(name), str(message))
            elif type(reply) is dict and list(reply) == ["ok"]:
                return decode(reply["ok"], self.remote)
            elif type(reply) is dict and list(reply) == ["ok", "args"] and op == "call":
                for given, now in zip(args, plain(reply["args"], list), strict=True):
                    mutated(given, decode(now, self.remote))
                return decode(reply["ok"], self.remote)
            else:
                raise ValueError(f"unexpected reply {str(reply)[:100]}")
        except (ValueError, TypeError, RecursionError) as exc:
            raise Malformed(str(exc)) from None
        raise error

    def outgoing(self, value: object) -> dict[str, int]:
        if isinstance(value, Fields):
            value = value._remote
        if isinstance(value, Remote) and value._channel is self:
            return {"r": value._ref}
        raise TypeError(f"cannot pass a {type(value).__name__} to the solution's process "
                        "(only plain data and what the solution returned)")


# what a call may change in place: a sorted list, a filled dict
MUTABLE = (list, dict, set, bytearray)


def mutated(given: object, now: object) -> None:
    """``given`` (the tests' argument) made what the call left of it, in place: a solution
    that sorts a list it is given changes the tests' list too. ``now`` is plain data of the
    same kind (anything else breaks the protocol)."""
    if not isinstance(given, MUTABLE):
        return
    if isinstance(given, bytearray) and isinstance(now, bytes):
        given[:] = now
    elif isinstance(given, list) and type(now) is list:
        given[:] = now
    elif isinstance(given, dict) and type(now) is dict:
        given.clear()
        given.update(now)
    elif isinstance(given, set) and type(now) is set:
        given.clear()
        given.update(now)
    else:
        raise TypeError(f"a {type(now).__name__} for a {type(given).__name__} argument")


def exception(name: str, message: str) -> Exception:
    """The exception the solution raised, as a built-in class where there is one (so a test
    that expects ``ValueError`` still catches it)."""
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            return cls(message)
        except TypeError:
            pass
    return SolutionError(f"{name}: {message}")


def test_namespace(channel: Channel, names: dict[str, object],
                   entry_point: str | None) -> dict[str, object]:
    """The tests' globals: the solution's names, but never one that would stand in for a
    built-in or a standard module (a solution's ``abs`` or ``math`` must not judge it), unless
    it is the function under test (MBPP's ``sum(10, 15)``)."""
    namespace: dict[str, object] = {"__name__": "tests"}
    for name, entry in names.items():
        if (hasattr(builtins, name) and name != entry_point) or type(entry) is not dict:
            continue
        if "module" in entry:
            module = str(entry["module"])
            if module.partition(".")[0] in sys.stdlib_module_names:
                try:
                    namespace[name] = __import__(module, fromlist=["_"])
                except Exception:  # noqa: BLE001 - a module the tests cannot have
                    pass
        elif name == entry_point or name not in sys.stdlib_module_names:
            try:
                namespace[name] = decode(entry.get("value"), channel.remote)
            except (ValueError, TypeError, RecursionError):
                continue
    return namespace


class Spawner:
    """The process that forks each solution's process: itself forked before the job is read,
    so a solution's memory never held the tests. (A fork of the tests' process would: the job
    in its callers' frames, among the garbage collector's objects, in freed heap.) It answers
    each request with the new process's pid, then with its wait status once it has ended.
    ``once``: for a single solution, which the spawner then serves itself (a fork fewer)."""

    def __init__(self, once: bool) -> None:
        self.once = once
        self.sock, theirs = socket.socketpair()
        self.statuses: dict[int, int] = {}
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self.pid = os.fork()
        if self.pid == 0:
            self.sock.close()
            os.close(REPORT_FD)
            spawn_forever(theirs, deaf(), once)
        theirs.close()

    def spawn(self, sock: socket.socket, code: str, quiet: bool) -> int:
        """A new process serving ``code`` on ``sock``."""
        with quiet_timer():
            try:
                socket.send_fds(self.sock, [b"s"], [sock.fileno()])
                send(self.sock, {"code": code, "quiet": quiet})
            except OSError:
                self.lost()
            while "spawned" not in (message := self._next()):
                pass
        return int(message["spawned"])

    def reap(self, pid: int) -> int:
        """``pid``'s wait status, once it has ended."""
        if self.once and pid not in self.statuses:
            self.statuses[pid] = os.waitpid(pid, 0)[1]
        with quiet_timer():
            while pid not in self.statuses:
                self._next()
        return self.statuses[pid]

    def _next(self) -> dict[str, Any]:
        try:
            message: dict[str, Any] = recv(self.sock)
        except (Gone, OSError, ValueError):
            self.lost()
        if "ended" in message:
            self.statuses[int(message["ended"])] = int(message["status"])
        return message

    def lost(self) -> NoReturn:
        """The spawner is gone (only a solution kills it, as its parent): this process ends
        as it did, as it would had the solution killed the tests' process itself."""
        _, status = os.waitpid(self.pid, 0)
        end_like(status)

    def close(self) -> None:
        """End the spawner and reap it, so that the CPU time of the solutions it reaped counts
        as this process's children's."""
        self.sock.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


@contextlib.contextmanager
def quiet_timer() -> Iterator[None]:
    """SIGALRM held off (the mutants' timer raises ``Hung``), so that a message to or from the
    spawner is never cut in half."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


# Signals a solution could send its parent (the spawner) to end it: ignored there, and given
# back to each solution's process. (Not SIGCHLD: ignored, it would reap for the spawner.)
DEAF_TO = frozenset(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD}


def deaf() -> dict[int, Any]:
    """Ignore :data:`DEAF_TO`; the handlers they had."""
    saved: dict[int, Any] = {}
    for sig in DEAF_TO:
        try:
            saved[sig] = signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):  # a signal no handler may be set for
            continue
    return saved


def spawn_forever(sock: socket.socket, handlers: dict[int, Any], once: bool) -> NoReturn:
    """The spawner's loop: per request, fork a process that serves the solution on the socket
    sent with it (see :func:`serve`), say its pid, wait for it, say its status; ``once``: say
    its own pid and serve the solution itself."""
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(sock, 1, 1)
            request = recv(sock) if fds else None
        except (Gone, OSError, ValueError):
            os._exit(0)
        if request is None:
            os._exit(0)
        if once:
            send(sock, {"spawned": os.getpid()})
            serve(sock, fds[0], request, handlers)
        pid = os.fork()
        if pid == 0:
            serve(sock, fds[0], request, handlers)
        os.close(fds[0])
        try:
            send(sock, {"spawned": pid})
        finally:
            _, status = os.waitpid(pid, 0)
        try:
            send(sock, {"ended": pid, "status": status})
        except OSError:
            os._exit(0)


def serve(sock: socket.socket, fd: int, request: dict[str, Any],
          handlers: dict[int, Any]) -> NoReturn:
    """Become the solution's process: the spawner's socket closed, the signal ``handlers``
    back, the output to /dev/null when the request is ``quiet``; serve the code on ``fd``."""
    sock.close()
    for sig, handler in handlers.items():
        signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    if request["quiet"]:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
    serve_solution(socket.socket(fileno=fd), str(request["code"]))


def trial(job: Job, code: str, spawner: Spawner, quiet: bool = False,
          clock: Clock | None = None) -> tuple[Outcome, int | None]:
    """Run the tests against ``code``, loaded in a process of its own (``spawner``'s); the
    outcome as a report line (``done``, ``load``, ``test``, ``exit``) and, for ``exit``, the
    process's wait status. A test that failed because the process broke the protocol says so
    (``protocol``). ``quiet`` sends the process's output to /dev/null (mutants: their output
    is nobody's); ``clock`` is told its pid."""
    parent, child = socket.socketpair()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = spawner.spawn(child, code, quiet)
    child.close()
    if clock is not None:
        clock.child = pid
    try:
        outcome = converse(job, Channel(parent), pid)
    except Gone:
        parent.close()
        status = spawner.reap(pid)
        return {"event": "exit", "status": os.waitstatus_to_exitcode(status)}, status
    except Hung:
        parent.close()
        kill(pid)
        spawner.reap(pid)
        raise
    spawner.reap(pid)
    return outcome, None


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # the spawner had reaped it
        pass


def converse(job: Job, channel: Channel, pid: int) -> Outcome:
    """The tests against the solution's process ``pid`` on ``channel``, up to the first
    failure; stops the solution's process unless it is gone (``Gone``)."""
    try:
        first = recv(channel.sock)
        if type(first) is not dict or not (type(first.get("load")) is dict
                                           or type(first.get("names")) is dict):
            raise ValueError(f"unexpected message {str(first)[:100]}")
    except ValueError as exc:
        first = {"load": {"error": str(Malformed(str(exc)))}, "protocol": True}
    if "load" in first:
        load = first["load"]
        stop(channel.sock, pid)
        return {"event": "load", "where": "solution.py", "error": str(load.get("error", ""))[:500],
                "line": str(load.get("line", ""))[:500], "protocol": "protocol" in first}
    namespace = test_namespace(channel, first["names"], job.get("entry_point"))
    entry = job.get("probe_name")
    calls: list[Call] = []
    target = namespace.get(entry) if entry and job.get("probe_s") else None
    if isinstance(target, Remote):
        namespace[str(entry)] = recorder(target, calls)
    started = time.process_time(), time.monotonic()
    for name, source in [("setup", job["setup"])] + [
            (f"test {i + 1}", t) for i, t in enumerate(job["tests"])]:
        try:
            exec(compile(source, name, "exec"), namespace)
        except (Gone, Hung):
            raise
        except BaseException as exc:  # noqa: BLE001 - SystemExit included
            fields = failure(exc, name, source)
            stop(channel.sock, pid)
            if name == "setup":
                return {"event": "load", "where": "setup", "error": fields["error"],
                        "line": fields["line"]}
            return {"event": "test", "index": int(name.split()[1]) - 1,
                    "protocol": isinstance(exc, Malformed), "error": fields["error"],
                    "line": fields["line"]}
    done: Outcome = {"event": "done", "passed": len(job["tests"])}
    if isinstance(target, Remote):
        spent = (child_cpu(pid) or 0.0) + time.process_time() - started[0]
        done["tested"] = [outcome for _, _, outcome in calls]
        tests_s = time.monotonic() - started[1]
        left = min(max(0.2, 2 * tests_s), float(job.get("probe_s") or 0) - (
            time.monotonic() - STARTED))
        done["probed"] = probe(target, calls, Clock(max(PROBE_CPU_S, spent), left), pid) \
            if left > 0 else []
    stop(channel.sock, pid)
    return done


# A call of the entry point: its arguments, keyword arguments and outcome (see :func:`said`).
Call = tuple[list[object], dict[str, object], str]
MAX_PROBES = 12
PLAIN = (type(None), bool, int, float, str)


def is_plain(value: object) -> bool:
    """Built-in data all the way down (what a probe may change and repeat)."""
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_plain(v) for v in value)
    return isinstance(value, dict) and all(is_plain(k) and is_plain(v) for k, v in value.items())


def failed(exc: Exception) -> str:
    """``!<class>`` of an exception the solution raised."""
    return "!" + (str(exc).split(":")[0] if isinstance(exc, SolutionError)
                  else type(exc).__name__)


def gave(value: object) -> str:
    """``=<repr>`` of a value (clipped); an object left in the solution's process is shown as
    such, without asking it for its repr."""
    return "=<object>" if isinstance(value, Remote) else "=" + repr(value)[:200]


def said(call: Callable[[], object]) -> str:
    """What a call gave, comparable across calls: :func:`gave` or :func:`failed`."""
    try:
        return gave(call())
    except Exception as exc:  # noqa: BLE001 - the solution's exception is the outcome
        return failed(exc)


def recorder(target: Remote, calls: list[Call]) -> Callable[..., object]:
    """``target`` as the tests see it, noting each call with plain arguments and its
    outcome."""
    def call(*args: object, **kwargs: object) -> object:
        if not (is_plain(list(args)) and is_plain(kwargs)):
            return target(*args, **kwargs)
        copied = copy.deepcopy((list(args), kwargs))
        try:
            value = target(*args, **kwargs)
        except Exception as exc:
            calls.append((*copied, failed(exc)))
            raise
        calls.append((*copied, gave(value)))
        return value
    return call


def nearby(value: object) -> list[object]:
    """Values a little off ``value``: a number plus or minus one, or plus two (or a half), a
    string's last character the next one, a string, list or tuple one item longer or shorter;
    nothing for other types."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):  # +-2 keeps the parity a task may ask for
        return [value + 1, value - 1, value + 2]
    if isinstance(value, float):
        return [value + 0.5]
    out: list[object] = []
    if isinstance(value, str) and " " in value.strip():  # words: one more or fewer
        words = value.split(" ")
        out += [" ".join(words + words[:1]), " ".join(words[:-1])]
    elif isinstance(value, str) and value:  # the last character the next one, or one more
        out += [value[:-1] + chr((ord(value[-1]) + 1) % 0x110000), value + value[-1]]
        out += [value[:-1]] if len(value) > 1 else []
    elif isinstance(value, str):
        out.append("a")
    elif isinstance(value, list):
        out += [value + value[:1]] if value else []
        out += [value[:-1]] if len(value) > 1 else []
    elif isinstance(value, tuple):
        out += [value + value[:1]] if value else []
        out += [value[:-1]] if len(value) > 1 else []
    return out


# A probe: the arguments and keyword arguments, the index of the tested call it was made from,
# and the argument it moved a little (a position, or a keyword's name; "" for another tested
# call's argument in its place).
Neighbour = tuple[list[object], dict[str, object], int, str]


def neighbours(calls: list[Call]) -> list[Neighbour]:
    """Up to :data:`MAX_PROBES` calls that differ from a tested call in one argument, none of
    them a tested call, taken round the tested calls in turn: another tested call's argument
    in its place (inputs of the task's own kind, where a changed one may not be: "three" is a
    word of a task, "threee" not), then the argument a little off (:func:`nearby`). Made as
    they are taken: a task tested on a hundred calls needs twelve, not a hundred squared."""
    rows = [made_from(origin, call, calls) for origin, call in enumerate(calls)]
    out: list[Neighbour] = []
    seen = {repr((args, sorted(kwargs.items()))) for args, kwargs, _ in calls}
    while rows and len(out) < MAX_PROBES:
        for row in list(rows):
            found = next(row, None)
            if found is None:
                rows.remove(row)
                continue
            key = repr((found[0], sorted(found[1].items())))
            if key not in seen and len(out) < MAX_PROBES:
                seen.add(key)
                out.append(found)
    return out


def made_from(origin: int, call: Call, calls: list[Call]) -> Iterator[Neighbour]:
    """The neighbours of the tested call ``calls[origin]``, in :func:`neighbours`' order."""
    args, kwargs, _ = call
    if len(args) > 1:
        for other, other_kwargs, _ in calls:
            if len(other) == len(args) and other_kwargs.keys() == kwargs.keys():
                for i in range(len(args)):
                    if other[i] != args[i]:
                        yield args[:i] + [other[i]] + args[i + 1:], kwargs, origin, ""
    for i, a in enumerate(args):
        for v in nearby(a):
            yield args[:i] + [v] + args[i + 1:], kwargs, origin, str(i)
    for k, a in kwargs.items():
        for v in nearby(a):
            yield args, {**kwargs, k: v}, origin, k


def echoes(outcome: str, args: list[object], kwargs: dict[str, object]) -> list[str]:
    """The number arguments (positions, keyword names) whose value ``outcome`` is (as given, or
    as a float): a solution that hands back what it was given. (Strings are left out: a text
    task is often the identity next to the special cases its tests pick, "Road" at the end of
    an address.)"""
    return [key for key, value in [*((str(i), a) for i, a in enumerate(args)),
                                   *kwargs.items()]
            if isinstance(value, int | float) and not isinstance(value, bool)
            and outcome in (gave(value), gave(float(value)))]


def probe(target: Remote, calls: list[Call], clock: Clock, pid: int) -> list[list[object]]:
    """Per neighbour of the tested calls: ``[call, outcome, the outcome of the tested call it
    was made from, that call's index, the argument moved a little, the arguments the outcome
    is, the arguments the tested call's outcome is]``, until ``clock`` runs out (the solution's
    process is then killed, the call that ran over left out)."""
    clock.child, clock.child_base = pid, child_cpu(pid) or 0.0
    out: list[list[object]] = []
    signal.signal(signal.SIGALRM, lambda *_: alarm(clock))
    signal.setitimer(signal.ITIMER_REAL, clock.tick)
    try:
        for args, kwargs, origin, near in neighbours(calls):
            shown = ", ".join([repr(a)[:40] for a in args]
                              + [f"{k}={v!r}"[:40] for k, v in kwargs.items()])
            outcome = said(functools.partial(target, *args, **kwargs))
            source_args, source_kwargs, source = calls[origin]
            out.append([shown, outcome, source, origin, near, echoes(outcome, args, kwargs),
                        echoes(source, source_args, source_kwargs)])
    except (Hung, Gone, Malformed):
        kill(pid)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    return out


def child_cpu(pid: int) -> float | None:
    """CPU seconds the process ``pid`` has used; None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def run_tests(job: Job, report: Report, spawner: Spawner) -> int:
    """The tests against the solution: one report line; when the solution's process ended
    before the tests did, this process ends the same way (signal or status)."""
    line, status = trial(job, job["code"], spawner)
    line.pop("protocol", None)
    report(**line)
    spawner.close()
    if status is not None:
        end_like(status)
    return 0 if line["event"] == "done" else 1


class Hung(BaseException):
    """A mutant's tests ran past their time: raised by the timer, never by the solution."""


def run_mutants(job: Job, report: Report, started: float, spawner: Spawner) -> int:
    """The tests against each mutant in turn, one ``mutant`` line each: killed when a test
    failed (or the mutant ran past its time, see :class:`Clock`), survived when the tests
    passed, the mutant's process exited, or it broke the protocol, so that nothing a mutant
    does to itself or its channel passes for a failing test. Stops (``mutants_stopped``) when
    ``budget_s`` runs out, the mutant then running not judged."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a mutant's kill -INT is no failing test
    per_mutant, budget = float(job["per_mutant_s"]), float(job["budget_s"])
    for index, code in enumerate(job["mutants"]):
        clock = Clock(per_mutant, budget - (time.monotonic() - started))
        signal.signal(signal.SIGALRM, lambda *_, clock=clock: alarm(clock))
        signal.setitimer(signal.ITIMER_REAL, clock.tick)
        try:
            line, _ = trial(job, code, spawner, quiet=True, clock=clock)
            killed = line["event"] == "test" and not line["protocol"]
            how = f"test {line['index'] + 1} failed" if killed else line["event"]
        except Hung as exc:
            if exc.args[0] == "budget":  # this one is not judged, nor are the rest
                report(event="mutants_stopped", ran=index)
                return 0
            killed, how = True, "timeout"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        report(event="mutant", index=index, killed=killed, how=how)
    report(event="mutants_done", ran=len(job["mutants"]))
    return 0


class Clock:
    """A mutant's time: the CPU seconds of this process and of the mutant's since it started,
    at most ``limit``, so that a machine too busy to run either does not pass for a mutant
    that loops; and the wall time left of the budget, ``left``."""

    def __init__(self, limit: float, left: float) -> None:
        self.limit, self.left = limit, left
        self.tick = max(0.02, min(limit, left) / 5)
        self.wall, self.cpu = time.monotonic(), time.process_time()
        self.child: int | None = None
        self.child_base = 0.0  # CPU seconds the child had used before (see :func:`probe`)
        # the child's CPU seconds when last read: once it has ended (and been reaped) they
        # cannot be read, nor can they grow
        self.child_used: float | None = None

    def over(self) -> str | None:
        """``"budget"``, ``"time"`` (the mutant's CPU time, or its wall time where that was
        never read) or None."""
        wall = time.monotonic() - self.wall
        if wall >= self.left:
            return "budget"
        used = child_cpu(self.child) if self.child is not None else None
        self.child_used = used if used is not None else self.child_used
        cpu = wall if self.child_used is None else (
            time.process_time() - self.cpu + self.child_used - self.child_base)
        return "time" if cpu >= self.limit else None


def alarm(clock: Clock) -> None:
    """The timer's signal, every ``clock.tick``: ``Hung`` once the mutant is over its time or
    the budget (again every 50 ms, should a test swallow it); before that, and for a signal
    someone else sent, nothing."""
    why = clock.over()
    if why is not None:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise Hung(why)
    signal.setitimer(signal.ITIMER_REAL, clock.tick)


def stop(sock: socket.socket, pid: int) -> None:
    """Let the solution's process flush its output and exit within :data:`STOP_S`; kill it
    if it will not. (Waited for on a pidfd: woken by the exit, not by a polling clock; the
    spawner reaps it.)"""
    try:
        send(sock, {"op": "stop"})
    except OSError:
        pass
    sock.close()
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:  # ended and reaped already
        return
    try:
        exited = select.select([pidfd], [], [], STOP_S)[0]
    finally:
        os.close(pidfd)
    if not exited:
        kill(pid)


def end_like(status: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in DEAF_TO:  # (SIGKILL's handler cannot be set: it has none)
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def main() -> NoReturn:
    global STARTED
    STARTED = time.monotonic()  # the bwrap tier ran the top level once for many programs
    sys.set_int_max_str_digits(0)
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: no /proc/<this>/fd for others
    spawner = Spawner(once="--mutants" not in sys.argv)  # before the job is read: see Spawner
    with open("job.json") as f:
        job: Job = json.load(f)
    os.unlink("job.json")  # nor may a solution read the tests from the file
    out = os.fdopen(REPORT_FD, "w")

    def report(**fields: object) -> None:
        out.write(json.dumps(fields) + "\n")
        out.flush()

    started = time.monotonic()
    code = (run_mutants(job, report, started, spawner) if "mutants" in job
            else run_tests(job, report, spawner))
    spawner.close()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
