"""``synthloop.sandbox`` at every tier this machine has: results, limits, usage, tier choice."""

from __future__ import annotations

import errno
import json
import os
import socket
import uuid

import pytest

from synthloop.sandbox import Limits, Program, Sandbox, SandboxUnavailable, statuses, tiers, users
from synthloop.sandbox.tiers import SANDBOX_PYTHON
from tests.conftest import run_cli

TIERS = [s.tier.value for s in statuses() if s.available]
FAST = Limits(wall_s=30)  # programs that end at once: a cap a loaded machine never reaches


def py(source: str, **kw: object) -> Program:
    files = {"main.py": source.encode(), **kw.pop("files", {})}  # type: ignore[dict-item]
    return Program(argv=[SANDBOX_PYTHON, "-I", "main.py"], files=files, **kw)  # type: ignore[arg-type]


@pytest.fixture(params=TIERS)
def sandbox(request: pytest.FixtureRequest) -> Sandbox:
    return Sandbox(request.param)


def test_stdin_and_files_reach_the_program(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import sys\nprint(sys.stdin.read().upper(), open('data.txt').read())",
                            stdin=b"abc", files={"data.txt": b"xyz"}), FAST)
    assert (result.outcome.value, result.reason) == ("pass", "exit status 0")
    assert result.stdout == b"ABC xyz\n" and result.exit_code == 0 and result.tier == sandbox.tier


def test_a_trusted_script_runs_as_its_content_says(sandbox: Sandbox) -> None:
    """A trusted script compiled once (bwrap) still runs what this run's file holds: another
    content under the same name, and a syntax error, are the child's to compile and report."""
    outputs = []
    for source in ("print('one', __name__)", "print('two', __name__)", "print('one', __name__)",
                   "def f(:"):
        result = sandbox.run(py(source, trusted=["main.py"]), FAST)
        outputs.append((result.exit_code, result.stdout, result.tail("stderr", 60)[-40:]))
    assert outputs[:3] == [(0, b"one __main__\n", ""), (0, b"two __main__\n", ""),
                           (0, b"one __main__\n", "")]
    assert outputs[3][0] == 1 and outputs[3][2].endswith("SyntaxError: invalid syntax")


def test_exit_status_is_a_failure(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import sys\nprint('oops', file=sys.stderr)\nsys.exit(3)"), FAST)
    assert (result.outcome.value, result.reason, result.exit_code) == ("fail", "exit status 3", 3)
    assert result.tail("stderr") == "oops"


def test_exit_status_above_128_is_not_a_signal(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import sys\nsys.exit(137)"), FAST)
    assert (result.outcome.value, result.exit_code, result.signal) == ("fail", 137, None)


def test_a_signal_is_a_crash(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import os, signal\nos.kill(os.getpid(), signal.SIGABRT)"), FAST)
    assert (result.outcome.value, result.reason, result.signal) == ("crash", "killed by SIGABRT", 6)


def test_deadline_kills_and_says_so(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import time\ntime.sleep(30)"), Limits(wall_s=0.5))
    assert (result.outcome.value, result.reason) == ("timeout", "wall time limit (0.5 s)")
    assert 0.5 <= result.wall_s < 25  # killed, not slept out


def test_usage_is_measured(sandbox: Sandbox) -> None:
    result = sandbox.run(py("import time\nx = bytearray(200 * 2**20)\nend = time.process_time()"
                            " + 0.3\nwhile time.process_time() < end:\n    pass"), FAST)
    assert result.outcome.value == "pass"
    assert result.peak_rss_kb > 200 * 1024
    assert result.cpu_s >= 0.3


def test_environment_is_scrubbed(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_planted")
    result = sandbox.run(py("import json, os\nprint(json.dumps(sorted(os.environ)))"), FAST)
    assert json.loads(result.stdout) == sorted(["HOME", "LANG", "PATH", "TMPDIR"])


def test_a_program_that_cannot_start_is_an_infra_error(sandbox: Sandbox) -> None:
    result = sandbox.run(Program(argv=["/nonexistent/interpreter"]), FAST)
    assert result.outcome.value == "infra_error"
    assert "/nonexistent/interpreter" in result.reason


def test_a_requested_tier_is_never_weakened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # this process cannot find bwrap any more
    tiers._bwrap_status.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable) as refused:
            Sandbox("bwrap")
        assert str(refused.value).startswith(  # text, not a list's repr
            "sandbox tier 'bwrap' is not available: bwrap not found: install the "
            "Debian/Ubuntu package `bubblewrap`")
        assert Sandbox("auto").tier.value == "rlimits"
    finally:
        tiers._bwrap_status.cache_clear()


@pytest.mark.parametrize("tier", [t for t in TIERS if t == "bwrap"])
def test_a_named_or_strongest_tier_probes_no_other(tier: str) -> None:
    """Each probe runs a program (a process of its own at the rlimits tier): a run that asks
    for bwrap, or for auto where bwrap works, pays for none at the rlimits tier."""
    tiers._rlimits_status.cache_clear()
    assert Sandbox(tier).tier.value == tier and Sandbox("auto").tier.value == tier
    assert tiers._rlimits_status.cache_info().currsize == 0


def test_doctor_lists_every_tier() -> None:
    done = run_cli("doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok  rlimits ")
    assert any(line.startswith(("ok  bwrap ", "no  bwrap ")) for line in lines)


def test_usage_of_a_program_stopped_at_its_deadline(sandbox: Sandbox) -> None:
    """CPU time and peak memory are measured by a process the program cannot kill, also
    when the runner stopped it (the bwrap tier reported a few ms and 7 MB for this)."""
    result = sandbox.run(py("x = bytearray(96 * 2**20)\nwhile True:\n    pass"),
                         Limits(wall_s=1.5))
    assert (result.outcome.value, result.reason) == ("timeout", "wall time limit (1.5 s)")
    assert result.peak_rss_kb > 96 * 1024
    assert result.cpu_s > 0.05


def test_no_program_leaves_files_or_ipc_for_the_next(sandbox: Sandbox) -> None:
    """A SysV segment and files in every writable place are gone before the next program
    (a fresh IPC namespace per run, or the warm sandbox's reset)."""
    before = pool_segments()
    first = sandbox.run(py(
        "import ctypes, os, tempfile\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "ident = libc.shmget(0, 2**20, 0o1600)\nassert ident >= 0, ctypes.get_errno()\n"
        "for d in ('.', tempfile.gettempdir(), '/dev/shm'):\n"
        "    try:\n        open(os.path.join(d, 'left-behind'), 'w').write('x')\n"
        "    except OSError:\n        pass\nprint(ident)"), FAST)
    assert first.outcome.value == "pass", first.stderr
    ident = int(first.stdout)
    second = sandbox.run(py(
        "import os, tempfile\nprint(open('/proc/sysvipc/shm').read().splitlines()[1:])\n"
        "print([os.path.exists(os.path.join(d, 'left-behind'))\n"
        "       for d in ('.', tempfile.gettempdir(), '/dev/shm')])"), FAST)
    segments, files = second.stdout.decode().splitlines()
    assert (segments, files) == ("[]", "[False, False, False]")
    assert ident >= 0 and pool_segments() <= before  # and none on the host


def pool_segments() -> set[str]:
    """The host's SysV segments owned by a sandbox uid (key, id, creator pid)."""
    uids = {str(u) for u in users.ROOT_POOL_UIDS}
    with open("/proc/sysvipc/shm") as f:
        return {" ".join(line.split()[:2] + line.split()[4:5]) for line in list(f)[1:]
                if line.split()[7] in uids}


NO_SOCKETS = """
import socket
port = {port}
tried = {{}}
for name, family, kind, address in [
        ('tcp', socket.AF_INET, socket.SOCK_STREAM, ('127.0.0.1', port)),
        ('udp', socket.AF_INET, socket.SOCK_DGRAM, ('127.0.0.1', port)),
        ('tcp6', socket.AF_INET6, socket.SOCK_STREAM, ('::1', port)),
        ('netlink', socket.AF_NETLINK, socket.SOCK_RAW, None),
        ('packet', socket.AF_PACKET, socket.SOCK_RAW, None)]:
    try:
        s = socket.socket(family, kind)
        if address and kind == socket.SOCK_STREAM:
            s.settimeout(1)
            s.connect(address)
            s.sendall(b'escaped')
        elif address:
            s.sendto(b'escaped', address)
        tried[name] = 'open'
    except OSError as exc:
        tried[name] = exc.errno
print(sorted(tried.items()))
a, b = socket.socketpair()
a.sendall(b'unix ok')
print(b.recv(10).decode())
"""


def test_no_network_but_unix_sockets(sandbox: Sandbox) -> None:
    """No tier reaches the host's 127.0.0.1 (a listener of this test) or opens any socket but
    AF_UNIX: seccomp refuses them (EAFNOSUPPORT) where there is no network namespace."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0)
    port = server.getsockname()[1]
    try:
        result = sandbox.run(py(NO_SOCKETS.format(port=port)), FAST)
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
    tried, unix = result.stdout.decode().splitlines()
    refused = str(sorted((n, errno.EAFNOSUPPORT) for n in
                         ("netlink", "packet", "tcp", "tcp6", "udp")))
    assert (tried, unix) == (refused, "unix ok")


# Where programs may write outside their work dir: nowhere on the host; inside bwrap, size-capped
# tmpfs only. (Without root the rlimits tier runs as the caller: it contains resources, not
# files.)
FILES_CONTAINED = [t for t in TIERS if t == "bwrap" or users.is_root()]

FILL = """
import os
got = {{}}
for top in {tops!r}:
    written = 0
    try:
        for i in range(12):
            with open(os.path.join(top, f'fill{{i}}'), 'wb') as f:
                for _ in range(4):
                    f.write(b'0' * 2**20)
                    written += 2**20
    except OSError as exc:
        got[top] = (written // 2**20, exc.errno)
    else:
        got[top] = (written // 2**20, None)
print(sorted(got.items()))
"""


@pytest.mark.parametrize("tier", FILES_CONTAINED)
def test_every_writable_mount_is_capped(tier: str) -> None:
    """48 MiB into /, /dev, /dev/shm and /tmp: the read-only ones refuse at once, the tmpfs
    ones stop at the disk limit (16 MiB), not at host memory."""
    tops = ["/", "/dev", "/dev/shm"] + (["/tmp"] if tier == "bwrap" else [])
    result = Sandbox(tier).run(py(FILL.format(tops=tops)), Limits(wall_s=30, disk_mb=16))
    got = dict(eval(result.stdout))  # noqa: S307 - our program's own repr
    assert got["/"] == (0, errno.EROFS) and got["/dev"] == (0, errno.EROFS), got
    for top in tops[2:]:
        assert got[top][1] == errno.ENOSPC and got[top][0] <= 16, (top, got)


WORLD_WRITABLE = """
import os, stat
found, wrote = [], []
for top in ('/run', '/var', '/tmp', '/dev', '/etc', '/opt', '/srv', '/home', '/usr'):
    for root, dirs, _ in os.walk(top):
        if root.count('/') > 4:
            dirs[:] = []
        try:
            mode = os.stat(root).st_mode
        except OSError:
            continue
        if mode & stat.S_IWOTH and not os.path.realpath(root).startswith(os.getcwd()):
            found.append(root)
            try:
                open(os.path.join(root, {name!r}), 'w').close()
                wrote.append(root)
            except OSError:
                pass
print(wrote)
"""


@pytest.mark.parametrize("tier", FILES_CONTAINED)
def test_no_world_writable_directory_of_the_host_is_writable(tier: str) -> None:
    """The program looks for every world-writable directory it can see (/run/lock, /var/tmp,
    /tmp...) and writes into each; none takes the file, none is left on the host."""
    name = f"synthloop-escape-{uuid.uuid4().hex}"
    result = Sandbox(tier).run(py(WORLD_WRITABLE.format(name=name)), FAST)
    assert result.outcome.value == "pass", result.stderr
    written = [d for d in ("/run/lock", "/var/tmp", "/tmp", "/dev/shm")
               if os.path.exists(os.path.join(d, name))]
    assert written == []
    # what it could write is the run's own capped tmpfs (bwrap: /tmp too), gone after the run
    own = {"/dev/shm", "/tmp"} if tier == "bwrap" else {"/dev/shm"}
    assert set(eval(result.stdout)) <= own  # noqa: S307 - our program's own repr


def test_slowly_dying_processes_are_waited_for(sandbox: Sandbox) -> None:
    """Killed processes with much memory take a while to exit on a loaded machine: the
    sandbox waits for them instead of giving up ('survive kill -9', which quarantined a
    record now and then)."""
    program = py("import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n"
                 "        x = bytearray(200 * 2**20)\n        time.sleep(100)\n"
                 "x = bytearray(200 * 2**20)\ntime.sleep(100)")
    for _ in range(3):
        result = sandbox.run(program, Limits(wall_s=1.5, memory_mb=512))
        assert (result.outcome.value, result.reason) == ("timeout", "wall time limit (1.5 s)")


def test_a_program_cannot_make_itself_slow_to_kill(sandbox: Sandbox) -> None:
    """At nice 19 (or SCHED_IDLE) a killed process waits for CPU to exit on a busy machine,
    long after the sandbox gave up on it ('survive kill -9'); seccomp refuses both."""
    result = sandbox.run(py("import os\nfor call in (lambda: os.nice(19), lambda: "
                            "os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))):\n"
                            "    try:\n        call()\n        print('lowered')\n"
                            "    except PermissionError:\n        print('refused')"), FAST)
    assert result.stdout == b"refused\nrefused\n", result.stderr


@pytest.mark.parametrize("tier", [t for t in TIERS if t == "bwrap"])
def test_a_warm_sandbox_that_does_not_answer_is_ended_from_outside(tier: str) -> None:
    """The runner's last resort when the supervisor does not answer a kill: SIGKILL to the
    namespace's pid 1 ends every process in it, and the run's ending says so."""
    from synthloop.sandbox.pool import WarmSandbox

    sandbox = WarmSandbox((), 16)
    pipes = [os.pipe() for _ in range(3)]
    try:
        sandbox.start(["sleep", "60"], {"PATH": "/usr/bin:/bin"}, "", {},
                      [pipes[0][0], pipes[1][1], pipes[2][1]])
        sandbox.terminate()
        ending = sandbox.ending()
    finally:
        sandbox.close()
        for r, w in pipes:
            os.close(r)
            os.close(w)
    assert ending.status is None and sandbox.broken
    assert ending.error is not None and ending.error.startswith("the sandbox's supervisor died")
