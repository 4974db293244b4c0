"""A user's first hour (issue 20, point 5): mistakes and edge cases that used to escape as a
traceback, a silent overwrite or a late failure end in one clear message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import datasets
import pytest

import synthloop
from synthloop.errors import SpecError
from synthloop.spec_check import parse_spec
from tests.conftest import REPO, run_cli

SMALL_MATH = """
name: m
seed: 3
target: {size: 4, taxonomy: [{skill: money}], max_rounds: 1}
stages:
  - {use: generate.math_word_problems}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def test_a_run_dir_that_cannot_be_created_is_exit_2(tmp_path: Path) -> None:
    spec = write(tmp_path / "s.yaml", SMALL_MATH)
    result = run_cli("run", str(spec), "--run-dir", "/proc/x", "-q")
    assert result.returncode == 2, result.stderr
    assert "/proc/x: cannot create or write the run dir" in result.stderr
    assert "choose a folder you can write with --run-dir" in result.stderr
    assert "Traceback" not in result.stderr


def test_hf_export_of_a_run_with_nothing_accepted_is_an_empty_dataset(tmp_path: Path) -> None:
    spec = {"name": "none", "seed": 1, "target": {"size": 3, "max_rounds": 1},
            "stages": [{"use": "generate.math_word_problems"},
                       {"use": "validate.rules", "fields": {"question": {"max_chars": 5}}}],
            "outputs": {"formats": ["jsonl", "hf"]}}
    with synthloop.run(spec, tmp_path / "run") as run:
        assert run.counts()["accepted"] == 0
    assert len(datasets.load_from_disk(str(tmp_path / "run/export/hf"))) == 0
    result = run_cli("export", str(tmp_path / "run"), "--format", "hf", "--out",
                     str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert len(datasets.load_from_disk(str(tmp_path / "out/hf"))) == 0


def test_export_refuses_to_overwrite_an_earlier_export(tmp_path: Path) -> None:
    with synthloop.run(parse_spec(SMALL_MATH), tmp_path / "run", export=False):
        pass
    out = tmp_path / "out"
    args = ("export", str(tmp_path / "run"), "--out", str(out))
    assert run_cli(*args).returncode == 0
    (out / "data.jsonl").write_text("mine\n")
    refused = run_cli(*args)
    assert refused.returncode == 2
    assert f"--out {out} already holds data.jsonl, README.md; pass --overwrite" in \
        refused.stderr
    assert (out / "data.jsonl").read_text() == "mine\n"
    assert run_cli(*args, "--overwrite").returncode == 0
    assert (out / "data.jsonl").read_text().count("\n") == 4


def test_check_names_a_missing_seed_tasks_file_and_documents_folder(tmp_path: Path) -> None:
    (tmp_path / "a_file.txt").write_text("x")
    spec = write(tmp_path / "s.yaml", """
        name: missing
        teachers:
          local: {backend: openai, base_url: "http://127.0.0.1:9/v1", model: m}
        target: {size: 4}
        stages:
          - {use: generate.self_instruct, seed_tasks: seeds.jsonl}
          - {use: generate.grounded_qa, documents: a_file.txt}
        """)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert f"{spec}:7:47: stages[0].seed_tasks: {tmp_path / 'seeds.jsonl'} does not exist" \
        in result.stderr
    assert f"{spec}:8:44: stages[1].documents: {tmp_path / 'a_file.txt'} is a file; give a " \
        "folder of documents" in result.stderr


def test_a_negative_attribute_weight_is_one_message() -> None:
    with pytest.raises(SpecError) as err:
        parse_spec("name: w\ntarget:\n  size: 4\n  attributes:\n    level: {easy: -1, hard: 2}\n"
                   "stages:\n  - {use: generate.math_word_problems}\n", file="w.yaml")
    assert err.value.issues == [
        "w.yaml:5:19: target.attributes.level.easy: Input should be greater than 0 (got -1)"]


def test_api_snippet_without_main_guard_prints_no_worker_traceback(tmp_path: Path) -> None:
    # Two pool workers, spawned one by one as batches arrive: each must start without
    # re-running this script (which would start a run of its own in the worker).
    script = write(tmp_path / "make.py", f"""
        import synthloop

        spec = {{"name": "m", "seed": 1, "target": {{"size": 400}},
                 "stages": [{{"use": "generate.math_word_problems", "batch_size": 50}},
                            {{"use": "validate.answer_check", "workers": 2}}]}}
        run = synthloop.run(spec, run_dir={str(tmp_path / 'r')!r}, export=False)
        print(run.counts()["accepted"])
        """)
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "400"
    assert "Traceback" not in result.stderr, result.stderr[-2000:]


def test_ctrl_c_in_a_terminal_stops_with_the_resume_hint_only(tmp_path: Path) -> None:
    started = tmp_path / "started"
    spec = write(tmp_path / "s.yaml", f"""
        name: c
        target: {{size: 4}}
        stages:
          - {{use: debug.emit}}
          - {{use: debug.sleep, seconds: 60, started: {str(started)!r}}}
        """)
    cli = ("import sys; import tests.debug_stages; from synthloop.cli import main; "
           "sys.argv = ['synthloop', *sys.argv[1:]]; main()")
    proc = subprocess.Popen([sys.executable, "-c", cli, "run", str(spec), "--run-dir",
                             str(tmp_path / "run"), "-q"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert started.exists(), proc.communicate()[1][-2000:]
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
        t0 = time.monotonic()
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert time.monotonic() - t0 < 30  # the sleeping worker is stopped, not waited for
    assert err.strip() == "interrupted; re-run the same command to resume where it stopped"


def test_every_example_spec_reads_data_inside_the_repository() -> None:
    from synthloop.spec_check import build_stages, load_spec
    from synthloop.stages import input_paths

    specs = sorted(p for p in (REPO / "examples").glob("*.yaml") if "experiment" not in p.name)
    assert len(specs) >= 10
    for path in specs:
        spec = load_spec(path)  # a missing file is a SpecError here
        for stage in build_stages(spec):
            for key, _, value in input_paths(stage.params):
                resolved = spec.resolve(value).resolve()
                assert resolved.is_relative_to(REPO), (path.name, key, resolved)
