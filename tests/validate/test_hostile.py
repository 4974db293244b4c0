"""The hostile suite through ``validate.execute`` at every tier this machine has: each program
ends in its expected verdict with a reason, no planted secret reaches any output, nothing is
left running or written outside, and verdicts repeat exactly with 1 and 2 workers."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import uuid
from pathlib import Path

import pytest

from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.records import Record
from synthloop.sandbox import Limits, Program, Sandbox, statuses
from synthloop.sandbox.tiers import SANDBOX_PYTHON
from synthloop.sandbox.users import POOL, strays
from synthloop.stages import StageContext
from tests.conftest import REPO
from tests.validate.hostile import PROGRAMS, ROOT

TIERS = [s.tier.value for s in statuses() if s.available]
SECRET = "sk-planted-" + uuid.uuid4().hex
LIMITS = Limits(wall_s=2, memory_mb=512, processes=32, disk_mb=64, file_mb=16, output_kb=256)
# Without root the rlimits tier runs programs as the caller: these would hit the test run or
# leave files behind (the tier contains resources, not access; bwrap contains access).
HARMS_CALLER = {"kill_parent", "kill_everything", "ptrace_parent", "write_into_repo",
                "write_outside_tmp"}
# Repeated 5 times with 1 and 2 workers: one of each kind of ending, none that waits out a
# deadline (the timeouts are covered once in the full suite).
REPEATED = ["fork_bomb", "memory_bomb_one_block", "output_flood_stdout", "disk_fill_one_file",
            "read_parent_environ", "kill_own_group", "segfault", "exit_zero_before_tests"]


def programs_for(tier: str) -> list[str]:
    return [n for n in PROGRAMS if ROOT or tier != "rlimits" or n not in HARMS_CALLER]


class Listener:
    """A TCP server on 127.0.0.1 that records what it receives."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self.received.append(conn.recv(100))


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("HF_TOKEN", SECRET)
    return SECRET


def run_suite(tier: str, names: list[str], workers: int, fmt: dict[str, object]) -> list[Record]:
    stage = Execute(ExecuteParams(tier=tier, limits=LIMITS, workers=workers))
    ctx = StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                       run_dir=Path("/nonexistent"))
    stage.setup(ctx)
    records = [Record(id=name, data={"code": PROGRAMS[name][0].format(**fmt),
                                     "tests": ["assert True"]}) for name in names]
    asyncio.run(stage.process(records, ctx))
    return records


def suffix(record: Record) -> str:
    return record.verdicts[-1].check.removeprefix("validate.execute.")


def assert_unharmed(outside: str) -> None:
    assert not os.path.exists(outside)
    assert not (REPO / "pwned").exists()
    assert strays() == []


def test_this_machine_has_a_tier() -> None:
    assert "rlimits" in TIERS
    assert POOL > 0


@pytest.mark.parametrize("tier", TIERS)
def test_hostile_suite(tier: str, planted: str, tmp_path: Path) -> None:
    listener = Listener()
    outside = f"/tmp/synthloop-hostile-{uuid.uuid4().hex}"
    fmt = {"port": listener.port, "home": str(Path.home()), "outside": outside,
           "repo": str(REPO)}
    names = programs_for(tier)
    records = run_suite(tier, names, workers=2, fmt=fmt)
    got = {r.id: suffix(r) for r in records}
    expected = {n: PROGRAMS[n][1][tier] for n in names}
    assert got == expected, "\n".join(f"{r.id}: {r.verdicts[-1].reason[:300]}" for r in records
                                      if got[r.id] != expected[r.id])
    for record in records:
        verdict = record.verdicts[-1]
        assert verdict.reason, record.id
        assert verdict.details and verdict.details["tier"] == tier
        assert planted not in verdict.reason and planted not in str(verdict.details)
    assert len(records) >= 25
    assert listener.received == []  # no tier reaches the host's 127.0.0.1
    assert_unharmed(outside)


@pytest.mark.parametrize("tier", TIERS)
def test_reasons_name_the_limit(tier: str) -> None:
    records = {r.id: r.verdicts[-1].reason for r in run_suite(
        tier, ["fork_bomb", "memory_bomb_one_block", "output_flood_stdout", "sleep_past_deadline",
               "disk_fill_one_file"], workers=2, fmt={})}
    assert "process limit (32 processes)" in records["fork_bomb"]
    assert "memory limit (512 MiB address space)" in records["memory_bomb_one_block"]
    assert "output limit (256 KiB on stdout)" in records["output_flood_stdout"]
    assert "wall time limit (2 s)" in records["sleep_past_deadline"]
    assert "file size limit (16 MiB)" in records["disk_fill_one_file"]


@pytest.mark.parametrize("tier", TIERS)
def test_no_secret_in_any_output(tier: str, planted: str) -> None:
    """The programs that look for the planted key print all they find; none finds it."""
    sandbox = Sandbox(tier)
    for name in ("read_own_environment", "read_every_proc_environ", "read_parent_environ"):
        program = Program(argv=[SANDBOX_PYTHON, "-I", "main.py"],
                          files={"main.py": PROGRAMS[name][0].format().encode()})
        result = sandbox.run(program, LIMITS)
        assert planted.encode() not in result.stdout + result.stderr, name
    own = sandbox.run(Program(argv=[SANDBOX_PYTHON, "-I", "main.py"], files={
        "main.py": PROGRAMS["read_own_environment"][0].encode()}), LIMITS)
    assert b"PATH" in own.stdout and b"OPENAI" not in own.stdout


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("workers", [1, 2])
def test_verdicts_repeat_exactly(tier: str, workers: int) -> None:
    rounds = [[suffix(r) for r in run_suite(tier, REPEATED, workers, {})] for _ in range(5)]
    assert rounds == [[PROGRAMS[n][1][tier] for n in REPEATED]] * 5
