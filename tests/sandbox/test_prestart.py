"""Warm bwrap sandboxes started ahead of their programs: by the pool (``prestart``), by the
``validate.execute`` stage's setup, and by ``synthloop run`` from the spec's YAML before the
rest of synthloop loads; the programs then run in those, and the process leaves none behind."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from synthloop.checks.execute import Execute, ExecuteParams
from synthloop.checks.prestart import prestart_for, sandbox_keys
from synthloop.sandbox import Limits, Program, Sandbox, pool, tiers
from synthloop.stages import StageContext
from tests.conftest import REPO

def started(key: tuple[tuple[str, ...], int]) -> list[pool.WarmSandbox]:
    """The idle sandboxes for ``key``, once every background start has ended."""
    with pool._changed:
        pool._changed.wait_for(lambda: not pool._starting.get(key), timeout=60)
        return list(pool._idle.get(key, []))


@pytest.fixture
def ro() -> Iterator[str]:
    """A read-only path of this test alone (sandboxes for it are this test's), readable by
    a sandbox's own uid."""
    path = tempfile.mkdtemp(prefix="synthloop-prestart-")
    os.chmod(path, 0o755)
    yield path
    with pool._changed:
        pool._changed.wait_for(lambda: not any(pool._starting.values()), timeout=60)
        mine = [k for k in pool._idle if path in k[0]]
        sandboxes = [s for k in mine for s in pool._idle.pop(k)]
    for sandbox in sandboxes:
        sandbox.close()
    os.rmdir(path)


def test_a_prestarted_sandbox_runs_the_next_program(ro: str) -> None:
    key = ((ro,), 16)
    sandbox = Sandbox("bwrap")  # (its tier probed first: the run below comes at once)
    pool.prestart([ro], 16, 2)
    pool.prestart([ro], 16, 2)  # already starting: none more
    result = sandbox.run(Program(argv=["cat", f"{ro}/x"], ro_paths=[ro]),
                         Limits(wall_s=30, disk_mb=16))  # waits for one of them
    assert result.outcome.value == "fail" and b"No such file" in result.stderr
    warm = started(key)
    assert len(warm) == 2 and all(s.proc.poll() is None for s in warm)  # none started anew


def test_a_prestart_that_fails_leaves_the_borrower_to_say_why(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    pool.prestart([missing], 16, 1)
    result = Sandbox("bwrap").run(Program(argv=["true"], ro_paths=[missing]),
                                  Limits(wall_s=30, disk_mb=16))
    assert result.outcome.value == "infra_error"
    assert result.reason.startswith("sandbox failed: bwrap did not start: ")
    assert "missing" in result.reason and not pool._starting.get(((missing,), 16))


def test_the_stage_setup_starts_a_sandbox_per_worker(ro: str, tmp_path: Path) -> None:
    stage = Execute(ExecuteParams(tier="bwrap", ro_paths=[ro], workers=3,
                                  limits=Limits(disk_mb=24)))
    stage.setup(StageContext(spec_hash="h", stage=stage.label, stage_index=0, seed=0,
                             run_dir=tmp_path))
    assert len(started(((ro,), 24))) == 3


@pytest.mark.parametrize("stage", [
    {"use": "validate.execute"},
    {"use": "validate.execute", "tier": "bwrap", "ro_paths": ["/opt/x"],
     "limits": {"disk_mb": 8, "wall_s": 3}},
    {"use": "validate.execute", "tier": "auto", "limits": {"wall_s": 3}, "workers": 5},
])
def test_the_yaml_reading_borrows_what_the_stage_borrows(stage: dict[str, object]) -> None:
    params = {k: v for k, v in stage.items() if k != "use"}
    execute = Execute(ExecuteParams(**params))  # type: ignore[arg-type]
    assert sandbox_keys({"stages": [stage]}) == [
        (execute.params.ro_paths, execute.params.limits.disk_mb, execute.workers)]


def test_the_yaml_reading_skips_what_runs_no_warm_sandbox() -> None:
    assert sandbox_keys({"stages": [
        {"use": "validate.execute", "tier": "rlimits"},
        {"use": "validate.rules"},
        {"use": "validate.execute", "limits": {"disk_mb": "big"}},
        {"use": "validate.execute", "ro_paths": "/opt"},
        {"use": "validate.execute", "workers": "two"},
        "validate.execute",
    ]}) == []
    assert sandbox_keys(["not", "a", "spec"]) == [] and sandbox_keys({"stages": 3}) == []


def test_the_spec_prestart_starts_the_stage_sandboxes(ro: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"name: x\nstages:\n  - {{use: validate.execute, ro_paths: [{ro}], "
                    f"limits: {{disk_mb: 12}}}}\n")
    tiers._bwrap_status.cache_clear()
    prestart_for(spec).join()
    assert len(started(((ro,), 12))) == (os.cpu_count() or 1)
    assert tiers._bwrap_status.cache_info().currsize == 1  # probed: the stage asks no more
    (tmp_path / "broken.yaml").write_text("stages: [\n")
    prestart_for(tmp_path / "broken.yaml").join()  # the spec check's to report, not this
    prestart_for(tmp_path / "absent.yaml").join()


def test_two_threads_asking_for_the_tier_at_once_probe_it_once() -> None:
    tiers._bwrap_status.cache_clear()
    askers = [threading.Thread(target=tiers.why_unavailable, args=("bwrap",)) for _ in "ab"]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    info = tiers._bwrap_status.cache_info()
    assert (info.hits, info.misses) == (1, 1)  # one probed, the other waited for its answer


def test_a_spec_without_an_execute_stage_loads_no_sandbox(tmp_path: Path) -> None:
    """Every ``synthloop run`` reads its spec here; one that runs no program pays nothing."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nstages:\n  - {use: validate.rules}\n"
                    "  - {use: validate.execute, tier: rlimits}\n")
    script = ("import sys; from pathlib import Path\n"
              "from synthloop.checks.prestart import prestart_for\n"
              f"prestart_for(Path({str(spec)!r})).join()\n"
              "print(sorted(m for m in sys.modules if m.startswith('synthloop.sandbox')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")}, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")


def test_closing_the_pool_stops_the_sandboxes_still_starting(ro: str) -> None:
    """At exit (``close_all`` runs then, a run that failed included) a sandbox still starting
    is waited for and stopped, not left to outlive the process."""
    pool.prestart([ro], 16, 2)
    pool.close_all()
    assert processes_naming(ro) == [] and not pool._idle.get(((ro,), 16))


def processes_naming(path: str) -> list[int]:
    """Live processes whose command line holds ``path`` (a sandbox's bwrap binds it)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    if path.encode() in f.read():
                        found.append(int(entry.name))
            except OSError:
                continue
    return found
