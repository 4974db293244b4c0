"""`synthloop stages`, `run --dry-run`, `--version` and `mypy --strict` on the whole package."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from synthloop.registry import BUILTIN_MODULES, get_stage
from synthloop.stages import KINDS, Stage
from synthloop.version import __version__
from tests.conftest import REPO, run_cli


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"synthloop {__version__}"


def test_stages_lists_every_builtin_with_kind_and_output_fields() -> None:
    result = run_cli("stages", "--json")
    assert result.returncode == 0, result.stderr
    docs = {d["name"]: d for d in json.loads(result.stdout)}
    assert docs["generate.math_word_problems"]["kind"] == "generate"
    assert docs["generate.math_word_problems"]["output_fields"] == "question, trace, answer"
    assert docs["validate.rules"]["kind"] == "filter"
    assert docs["curate.dedup"]["kind"] == "corpus"
    assert docs["curate.diversity"]["kind"] == "report"
    assert docs["generate.prompt"]["needs_teacher"] is True
    params = {p["name"]: p for p in docs["curate.dedup"]["params"]}
    assert params["method"]["default"] == "'exact'"
    assert all(d["summary"] for d in docs.values()), [n for n, d in docs.items() if not d["summary"]]


def test_stages_one_stage_and_an_unknown_one() -> None:
    one = run_cli("stages", "curate.dedup")
    assert one.returncode == 0
    assert "curate.dedup (corpus): Removes exact, near (MinHash) or semantic duplicates" in one.stdout
    assert "threshold" in one.stdout
    bad = run_cli("stages", "curate.dedpu")
    assert bad.returncode == 2 and "did you mean 'curate.dedup'?" in bad.stderr


def test_dry_run_shows_plan_prompt_and_estimate_and_runs_nothing(tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "name: dry\ntarget: {size: 4, taxonomy: [{skill: cooking}, {skill: law}]}\n"
        "teachers: {w: {backend: openai, base_url: 'http://127.0.0.1:9/v1', model: m, "
        "max_tokens: 100}}\n"
        "stages:\n  - {use: generate.prompt, teacher: w, template: 'One question about "
        "{{ skill }}.'}\n")
    result = run_cli("run", str(spec), "--dry-run", "--run-dir", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "skill=cooking" in out and "skill=law" in out
    assert "user: One question about" in out
    # 6 slots (4 x 1.05 rounded up per cell), one request each; worst case: 4 top-up rounds
    # of at most 10 slots per cell, every request repaired once: 2 x (6 + 80)
    assert "generate.prompt  w        6         172" in out
    assert not (tmp_path / "run").exists()


def test_mypy_strict_on_the_whole_package() -> None:
    """`mypy --strict` (pyproject's [tool.mypy]) finds nothing in src/synthloop, and each
    `type: ignore` left names its error code (bare ones would hide any error on their line)."""
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "src/synthloop"],
                            capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout
    bare = [f"{path.relative_to(REPO)}:{n}" for path in (REPO / "src/synthloop").rglob("*.py")
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if re.search(r"type: *ignore(?!\[)", line)]
    assert bare == []


def test_every_builtin_stage_describes_itself_not_its_base() -> None:
    """A stage class without its own docstring must not show its kind's (base class's)
    docstring as its description in `synthloop stages` (plugins' classes are the plugins')."""
    bases = {(b.__doc__ or "").strip().splitlines()[0] for b in (Stage, *KINDS)}
    summaries = {name: get_stage(name).summary() for name in BUILTIN_MODULES}
    inherited = {n: s for n, s in summaries.items() if not s or s in bases}
    assert not inherited, inherited
    assert summaries["curate.pii"].startswith("Finds personal data")
