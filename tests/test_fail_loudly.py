"""Fail loudly, never overshoot, never corrupt (issue 8): the mistakes a new user makes end in
a clear message and a non-zero exit, and the run dir stays consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import synthloop
from synthloop.errors import SpecError
from synthloop.lock import RunDirLock
from synthloop.registry import StageDefinitionError, register
from synthloop.spec_check import parse_spec
from synthloop.stages import Stage, StageParams
from tests.conftest import REPO, run_cli

MATH = """
name: m
seed: 3
target: {size: 30, taxonomy: [{skill: money}, {skill: time}], max_rounds: 2}
stages:
  - {use: generate.math_word_problems}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


# -- stage kinds ----------------------------------------------------------------------------
def test_a_class_of_no_known_kind_is_refused() -> None:
    class Direct(Stage[StageParams]):
        name = "acme.direct"

    with pytest.raises(StageDefinitionError, match=r"Direct is not a stage of a known kind; "
                       r"subclass one of GenerateStage \(generate\), RecordStage \(per-record\)"
                       r", CorpusStage \(corpus\), ReportStage \(report\)"):
        register(Direct)


def test_a_stage_missing_its_kinds_method_is_refused() -> None:
    from synthloop.stages import FilterStage

    class NoCheck(FilterStage[StageParams]):  # type: ignore[type-arg]
        name = "acme.nocheck"

    with pytest.raises(StageDefinitionError, match="does not implement check, the method of "
                       "its kind 'filter'"):
        register(NoCheck)


def test_params_are_typed_by_the_generic_argument() -> None:
    from synthloop.validate.rules import Rules, RulesParams

    assert Rules.Params is RulesParams


# -- what `check` knows ---------------------------------------------------------------------
def test_template_variable_the_slots_lack_is_a_spec_error(tmp_path: Path) -> None:
    spec = write(tmp_path, """
        name: p
        target: {size: 4, taxonomy: [{skill: a}], attributes: {tone: [dry]}}
        teachers: {w: {backend: openai, base_url: "http://127.0.0.1:9/v1", model: m}}
        stages:
          - {use: generate.prompt, teacher: w, template: "Write about {{ skil }} in a {{ tone }} way"}
        """)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert "stages[0].template: the template uses skil, which the slots do not have; " \
        "available: attributes, examples, index, seed, skill, tone" in result.stderr


def test_a_single_braced_attribute_is_a_spec_error(tmp_path: Path) -> None:
    """Python's ``{topic}`` is literal text to Jinja; ``{"a": 1}`` in an example is left alone."""
    spec = write(tmp_path, """
        name: p
        target: {size: 4, attributes: {topic: [rivers], tone: [dry]}}
        teachers: {w: {backend: openai, base_url: "http://127.0.0.1:9/v1", model: m}}
        stages:
          - {use: generate.prompt, teacher: w, template: 'Ask about {topic} in a {{ tone }} way, as {"q": 1}'}
        """)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert "stages[0].template: the template has {topic} in single braces, which Jinja leaves " \
        "as text: write {{ topic }}" in result.stderr
    assert "tone" not in result.stderr.split("single braces")[0].split("template has")[-1]


def test_label_key_the_slots_lack_is_a_spec_error(tmp_path: Path) -> None:
    spec = write(tmp_path, """
        name: p
        target: {size: 4, attributes: {intent: [a, b]}}
        teachers: {w: {backend: openai, base_url: "http://127.0.0.1:9/v1", model: m}}
        stages:
          - {use: generate.labelled_examples, teacher: w}
        """)
    result = run_cli("check", str(spec))
    assert result.returncode == 2
    assert "stages[0].label_key: slots have no 'skill' attribute to use as the label (they " \
        "have intent)" in result.stderr


def test_a_field_no_earlier_stage_writes_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match=r"stages\[1\]: curate.dedup reads 'text', which no "
                       r"earlier stage writes; records here have answer, question, trace"):
        parse_spec(MATH + "  - {use: curate.dedup, fields: [text]}\n")


def test_unknown_simulator_skill_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="the taxonomy names skills the math simulator does "
                       "not have: mony"):
        parse_spec(MATH.replace("{skill: money}", "{skill: mony}"))


def test_workers_on_a_stage_that_is_not_cpu_bound_is_a_spec_error() -> None:
    # the process pool ships CPU-bound stages only: this was a KeyError in a worker at run time
    with pytest.raises(SpecError, match=r"stages\[1\]\.workers: stage 'curate.dedup' is not "
                       r"CPU-bound: it runs in the pipeline's event loop"):
        parse_spec(MATH + "  - {use: curate.dedup, method: exact, fields: [question], "
                   "workers: 2}\n")
    parse_spec(MATH + "  - {use: validate.answer_check, workers: 2}\n")  # CPU-bound: fine


def test_a_stage_that_needs_a_teacher_gets_one_or_an_error(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    import synthloop.spec_check as sc

    monkeypatch.setattr(sc, "bundled_teacher_available", lambda: False)
    with pytest.raises(SpecError, match=r"stages\[0\]: stage 'generate.prompt' needs a teacher: "
                       "name one with `teacher:`"):
        parse_spec("name: p\ntarget: {size: 2}\nstages:\n  - {use: generate.prompt, "
                   "template: hi}\n")


# -- runtime --------------------------------------------------------------------------------
def test_a_stage_that_embeds_without_the_embedder_is_refused_by_check(tmp_path: Path) -> None:
    spec = write(tmp_path, "name: e\ntarget: {size: 2}\nstages:\n"
                           "  - {use: generate.math_word_problems}\n"
                           "  - {use: curate.dedup, method: exact, fields: [question]}\n"
                           "  - {use: curate.dedup, name: near, method: semantic, fields: [question]}\n"
                           "  - {use: curate.diversity, vendi: false}\n")
    # as on a machine installed without `.[embed]`: the import finds nothing
    code = ("import sys; sys.modules['sentence_transformers'] = None; "
            "sys.argv = ['synthloop', 'check', sys.argv[1]]; "
            "from synthloop.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, str(spec)], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {spec}:6:5: stages[2]: stage 'curate.dedup' embeds text, but "
        "sentence-transformers is not installed; pip install 'synthloop[embed]' (in a "
        "checkout: pip install -c constraints.txt -e '.[embed]')"]
    assert run_cli("check", str(spec)).returncode == 0  # installed here


def test_check_warns_of_a_missing_api_key_and_a_judge_of_the_writers_family(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write(tmp_path, "name: w\ntarget: {size: 2}\nteachers:\n"
                           "  api: {backend: openai, base_url: 'http://127.0.0.1:9/v1', "
                           "model: llama-3-8b, api_key_env: SYNTHLOOP_NO_SUCH_KEY}\n"
                           "  judge: {backend: local}\n"
                           "stages:\n  - {use: generate.prompt, teacher: api, template: Hi}\n"
                           "  - {use: validate.judge, teacher: judge}\n")
    monkeypatch.delenv("SYNTHLOOP_NO_SUCH_KEY", raising=False)
    result = run_cli("check", str(spec))
    assert result.returncode == 0, result.stderr  # valid: a warning, not an error
    assert " ".join(result.stderr.split()) == (
        "warning: teacher 'api': environment variable SYNTHLOOP_NO_SUCH_KEY (api_key_env) is "
        "not set here; export the API key in it before `synthloop run`")
    spec.write_text(spec.read_text().replace("model: llama-3-8b", "model: SmolLM2-360M"))
    result = run_cli("check", str(spec), env={"SYNTHLOOP_NO_SUCH_KEY": "k"})
    assert " ".join(result.stderr.split()) == (
        "warning: validate.judge: judge teacher 'judge' and teacher 'api' of generate.prompt "
        "are both of the smollm family: judges favour their own family's text "
        "(self-preference); judge with another family")


def test_dedup_on_fields_no_record_has_is_exit_2(tmp_path: Path) -> None:
    # `check` cannot know what a JSON answer holds; the run finds out on the first records.
    spec = {"name": "d", "target": {"size": 8}, "stages": [
        {"use": "debug.emit_json"}, {"use": "debug.noop"},
        {"use": "curate.dedup", "fields": ["text"]}]}
    from synthloop.errors import DataError

    with pytest.raises(DataError, match=r"fields \['text'\] are in none of the 9 records "
                       r"\(they have instruction, response\)"):
        synthloop.run(spec, tmp_path / "run", export=False)


def test_first_batch_failing_for_one_reason_stops_the_run(tmp_path: Path) -> None:
    spec = {"name": "f", "target": {"size": 20}, "stages": [
        {"use": "debug.emit"}, {"use": "debug.fail", "reason": "labels under the wrong key"}]}
    from synthloop.errors import SystemicFailure

    with pytest.raises(SystemicFailure, match="stage 'debug.fail' failed every record of its "
                       "first batch \\(4\\) for the same reason: labels under the wrong key"):
        synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as run:  # nothing lost; the first batch is small
        assert run.counts()["failed"] == 4


def test_one_failure_verdict_per_record_and_stage(tmp_path: Path) -> None:
    counters = tmp_path / "counters"
    counters.mkdir()
    spec = {"name": "r", "target": {"size": 1, "max_rounds": 1}, "stages": [
        {"use": "debug.emit"},
        {"use": "debug.fail", "times": 3, "counter_dir": str(counters), "reason": "flaky"}]}
    for _ in range(3):  # two records (size 1, oversampled): below the systemic threshold
        synthloop.run(spec, tmp_path / "run", export=False).close()
    con = sqlite3.connect(tmp_path / "run" / "run.db")
    rows = con.execute("SELECT record_seq, check_name, COUNT(*) FROM verdicts "
                       "GROUP BY record_seq, check_name").fetchall()
    assert rows == [(0, "debug.fail.failed", 1), (1, "debug.fail.failed", 1)]
    assert con.execute("SELECT n_in, n_failed FROM progress WHERE name='debug.fail'"
                       ).fetchone() == (2, 2)
    synthloop.run(spec, tmp_path / "run", export=False).close()  # 4th try passes
    assert con.execute("SELECT check_name FROM verdicts").fetchall() == [
        ("plan.balance.over_target",)]  # the retries' failures are superseded
    assert con.execute("SELECT n_in, n_out, n_failed FROM progress WHERE name='debug.fail'"
                       ).fetchone() == (2, 2, 0)


# -- one run dir, one process ---------------------------------------------------------------
def test_second_run_on_a_locked_dir_is_refused_with_the_holder(tmp_path: Path) -> None:
    spec = write(tmp_path, MATH)
    lock = RunDirLock(tmp_path / "run")
    lock.acquire()
    try:
        result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    finally:
        lock.release()
    assert result.returncode == 2
    assert f"is in use by synthloop run pid {os.getpid()}" in result.stderr
    assert run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q").returncode == 0


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    code = (f"from synthloop.lock import RunDirLock; from pathlib import Path; import time\n"
            f"RunDirLock(Path({str(tmp_path / 'run')!r})).acquire(); print('held', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    lock = RunDirLock(tmp_path / "run")
    lock.acquire()
    lock.release()


def test_two_concurrent_runs_leave_a_consistent_store(tmp_path: Path) -> None:
    spec = write(tmp_path, MATH)
    args = [sys.executable, "-m", "synthloop.cli", "run", str(spec), "--run-dir",
            str(tmp_path / "run"), "-q"]
    procs = [subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    codes = sorted(code for code, _ in outs)
    assert codes[0] == 0 and codes[1] in (0, 2), outs
    for code, err in outs:
        assert "Traceback" not in err and (code == 0 or "is in use by" in err), err
    with synthloop.open_run(tmp_path / "run") as run:
        assert run.counts()["accepted"] == 30


# -- the API as the README shows it ---------------------------------------------------------
def test_api_snippet_pasted_into_a_script_without_main_guard(tmp_path: Path) -> None:
    script = tmp_path / "make_math.py"
    script.write_text(textwrap.dedent(f"""
        import synthloop

        run = synthloop.run({str(REPO / 'examples/math.yaml')!r}, run_dir={str(tmp_path / 'r')!r})
        with synthloop.open_run({str(tmp_path / 'r')!r}) as run:
            print(run.counts()["accepted"])
        """))
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "1000"
    assert time.monotonic() - started < 300


def test_pool_workers_and_check_import_no_heavy_libraries(tmp_path: Path) -> None:
    probe = ("import atexit, sys, runpy\nsys.argv = ['synthloop', 'check', "
             f"{str(REPO / 'examples/math.yaml')!r}]\n"
             "atexit.register(lambda: print(sorted(m for m in ('pyarrow', 'pandas', 'datasets', "
             "'torch') if m in sys.modules)))\n"
             "runpy.run_module('synthloop.cli', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
    spec = {"name": "h", "target": {"size": 4}, "stages": [
        {"use": "debug.emit"}, {"use": "debug.heavy_modules", "workers": 1}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        assert [r.data["heavy"] for r in run.records()] == [[]] * 4
