"""A command's fixed cost: what `synthloop --help`, `check` and a one-request `run` import.

Most of a short command's time is imports (`benchmarks/teacher_throughput.py` has the split),
so the guard is on what is imported, not on seconds: each command runs in a fresh interpreter
against a real 127.0.0.1 endpoint, and the modules it loaded are read from ``sys.modules`` as
it exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from synthloop.cli import STARTUP_GC_THRESHOLD
from tests.conftest import REPO
from tests.teachers.openai_server import BatchServer

# What no command below needs: the data-frame, tensor and model stack, and the parts of
# synthloop that read files, run the bundled model or draw progress bars.
HEAVY = ("numpy", "pandas", "pyarrow", "datasets", "torch", "transformers", "llama_cpp")
NOT_FOR_A_GENERATED_RUN = ("synthloop.documents", "synthloop.tables", "synthloop.teachers.local",
                           "rich.progress", "synthloop.validate.human", "multiprocessing",
                           "concurrent.futures.process")

# Runs the CLI as `python -m synthloop.cli` does and writes, at exit, the modules loaded, the
# collector's threshold then, its collections since the CLI started, the objects it froze, and
# how often the metadata of every installed distribution was read
# (`importlib.metadata.distributions`). A witness object kept by a module writes OUT.teardown
# if the interpreter's teardown deletes it.
PROBE = """
import atexit, gc, importlib.metadata, json, os, runpy, sys
out = sys.argv.pop(1)
scans = []
listed = importlib.metadata.distributions
importlib.metadata.distributions = lambda **kw: scans.append(1) or listed(**kw)
class Witness:  # what it calls is bound here: the teardown clears the modules' names
    def __del__(self, touch=os.open, close=os.close, path=out + ".teardown", flags=os.O_CREAT):
        close(touch(path, flags))
json.witness = Witness()
before = sum(g["collections"] for g in gc.get_stats())
atexit.register(lambda: open(out, "w").write(json.dumps(
    {"modules": sorted(sys.modules), "gc0": gc.get_threshold()[0],
     "collections": sum(g["collections"] for g in gc.get_stats()) - before, "scans": len(scans),
     "frozen": gc.get_freeze_count()})))
sys.argv[0] = "synthloop"
runpy.run_module("synthloop.cli", run_name="__main__")
"""


@pytest.fixture
def server() -> Iterator[BatchServer]:
    srv = BatchServer()
    yield srv
    srv.close()


def loaded(tmp_path: Path, *args: str) -> tuple[set[str], dict[str, Any]]:
    """The modules `synthloop ARGS` loaded (exit 0 required) and the rest of the probe's
    record; ``torn_down``: whether the interpreter's teardown ran."""
    out = tmp_path / "probe.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    probe = json.loads(out.read_text())
    probe["torn_down"] = out.with_name(out.name + ".teardown").exists()
    probe["stdout"] = done.stdout
    return set(probe.pop("modules")), probe


def test_help_loads_no_spec_model_no_http_client_no_store(tmp_path: Path) -> None:
    modules, _ = loaded(tmp_path, "--help")
    assert {"typer", "rich.console"} <= modules
    assert not {m for m in ("pydantic", "aiohttp", "yaml", "jinja2", "sqlite3", "synthloop.api",
                            "synthloop.config", *HEAVY) if m in modules}


def test_check_loads_no_http_client_no_store_no_reader(tmp_path: Path,
                                                       server: BatchServer) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text(one_request_spec(server.base_url))
    modules, _ = loaded(tmp_path, "check", str(spec))
    assert {"pydantic", "synthloop.config.spec", "synthloop.generate.prompt"} <= modules
    assert not {m for m in ("aiohttp", "sqlite3", "synthloop.store", *HEAVY,
                            *NOT_FOR_A_GENERATED_RUN) if m in modules}


def test_one_request_run_loads_what_it_uses_only(tmp_path: Path, server: BatchServer) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text(one_request_spec(server.base_url))
    run_dir = tmp_path / "run"
    modules, probe = loaded(tmp_path, "run", str(spec), "-q", "--run-dir", str(run_dir))
    assert sum(server.chats.values()) == 1
    assert len((run_dir / "export" / "data.jsonl").read_text().splitlines()) == 1
    assert {"aiohttp", "sqlite3", "jinja2", "synthloop.teachers.openai",
            "synthloop.report.html"} <= modules
    assert not {m for m in (*HEAVY, *NOT_FOR_A_GENERATED_RUN) if m in modules}
    assert probe["gc0"] == STARTUP_GC_THRESHOLD  # the command ran with rare collections,
    assert probe["collections"] <= 5  # its imports too (24 when set after typer and rich)
    assert probe["frozen"] > 50_000  # what startup made (70,000), out of the collector's sight
    assert probe["scans"] == 0  # no pydantic plugin installed: pydantic's scan was spared
    # The process ended without the interpreter's teardown, its output flushed.
    assert not probe["torn_down"]
    assert f"run dir: {run_dir}" in probe["stdout"]


def one_request_spec(url: str) -> str:
    return f"""
name: one
target: {{size: 1, oversample: 1.0, max_rounds: 1}}
teachers:
  api: {{backend: openai, base_url: "{url}", model: m, max_tokens: 16}}
stages:
  - {{use: generate.prompt, teacher: api, template: "Question {{{{ index }}}}: 6 times 7?"}}
"""


def test_a_run_without_teachers_loads_no_teacher_and_no_http_client(tmp_path: Path) -> None:
    """A curation run of a source (a dedup spec) builds no teacher, so it imports none: the
    teacher modules were a tenth of its imports."""
    data = tmp_path / "data.jsonl"
    data.write_text('{"text": "a b c d e f"}\n{"text": "a b c d e f"}\n')
    spec = tmp_path / "dedup.yaml"
    spec.write_text(f"name: dedup\nsource: {{path: {data}}}\n"
                    "stages:\n  - {use: curate.dedup, method: minhash}\n"
                    "outputs: {formats: [jsonl], style: raw}\n")
    modules, _ = loaded(tmp_path, "run", str(spec), "-q", "--run-dir", str(tmp_path / "run"))
    assert {"synthloop.curate.dedup", "synthloop.store"} <= modules
    assert not {m for m in modules if m.startswith(("synthloop.teachers", "aiohttp"))}


def test_a_command_line_builds_only_the_command_it_names() -> None:
    """Typer reads the options of every command it builds: `synthloop run ...` builds `run`
    alone; the root options and an unknown name (which gets a did-you-mean) see them all."""
    from typer.main import get_command

    from synthloop.cli import app_for

    def built(*args: str) -> list[str]:
        return sorted(get_command(app_for(list(args))).commands)  # type: ignore[attr-defined]

    everything = built("--help")
    assert built("run", "spec.yaml", "-q") == ["run"]
    assert built("judge-eval", "pairs.jsonl") == ["judge-eval"]
    assert len(everything) == 12 and {"run", "check", "judge-eval"} <= set(everything)
    assert built("runn") == built() == everything
