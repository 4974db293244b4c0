"""``synthloop.sandbox`` at every tier this machine has: results, limits, usage, tier choice."""

from __future__ import annotations

import json

import pytest

from synthloop.sandbox import Limits, Program, Sandbox, SandboxUnavailable, statuses, tiers
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
    bwrap_sets = ["PWD"] if sandbox.tier.value == "bwrap" else []
    assert json.loads(result.stdout) == sorted(["HOME", "LANG", "PATH", "TMPDIR", *bwrap_sets])


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


def test_doctor_lists_every_tier() -> None:
    done = run_cli("doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok  rlimits ")
    assert any(line.startswith(("ok  bwrap ", "no  bwrap ")) for line in lines)
