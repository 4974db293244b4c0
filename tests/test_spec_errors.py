"""Malformed specs: each gives a short error with file:line:column and the key path, exit
code 2 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthloop.errors import SpecError
from synthloop.spec_check import load_spec
from tests.conftest import run_cli

GOOD = """name: demo
seed: 1
target:
  size: 10
  taxonomy:
    - {skill: money}
stages:
  - {use: generate.math_word_problems}
  - {use: validate.answer_check}
"""

# (case id, spec text, substrings the error must contain)
CASES = [
    ("yaml-syntax", "name: demo\ntarget: {size: 10\nstages: []\n",
     ["bad.yaml:3:", "YAML syntax error"]),
    ("not-a-mapping", "- just\n- a list\n", ["bad.yaml:1:1", "a spec is a YAML mapping (name:, target:, stages:, ...), got list"]),
    ("unknown-top-key", GOOD + "outptus: {formats: [jsonl]}\n",
     ["bad.yaml:10:1", "outptus", "did you mean 'outputs'?"]),
    ("misspelt-target-key", GOOD.replace("  size: 10", "  sise: 10"),
     ["bad.yaml:4:3", "target.sise", "did you mean 'size'?"]),
    ("negative-size", GOOD.replace("size: 10", "size: -5"),
     ["bad.yaml:4:9", "target.size", "greater than 0", "-5"]),
    ("wrong-type-size", GOOD.replace("size: 10", "size: lots"),
     ["bad.yaml:4:9", "target.size", "valid integer", "'lots'"]),
    ("non-positive-weight", GOOD.replace("{skill: money}", "{skill: money, weight: 0}"),
     ["bad.yaml:6:30", "target.taxonomy[0].weight", "greater than 0"]),
    ("unknown-stage", GOOD.replace("validate.answer_check", "validate.answer_chek"),
     ["bad.yaml:9:11", "stages[1].use", "unknown stage 'validate.answer_chek'",
      "did you mean 'validate.answer_check'?"]),
    ("misspelt-stage-param", GOOD.replace("{use: validate.answer_check}",
                                           "{use: validate.answer_check, trace_feild: x}"),
     ["bad.yaml:9:", "stages[1].trace_feild", "did you mean 'trace_field'?"]),
    ("wrong-type-stage-param", GOOD.replace("{use: validate.answer_check}",
                                             "{use: validate.answer_check, require_steps: maybe}"),
     ["bad.yaml:9:", "stages[1].require_steps", "valid boolean"]),
    ("undefined-teacher", GOOD.replace("{use: validate.answer_check}",
                                        "{use: validate.answer_check, teacher: judge}"),
     ["bad.yaml:9:", "stages[1].teacher", "teacher 'judge' is not defined"]),
    ("unreadable-source", "name: demo\nsource: {path: no/such/file.jsonl}\nstages: []\n",
     ["bad.yaml:2:", "source.path", "does not exist"]),
    ("no-target-no-source", "name: demo\nstages:\n  - {use: validate.answer_check}\n",
     ["bad.yaml:1:1", "needs `target:`"]),
    ("first-stage-not-generator", GOOD.replace(
        "  - {use: generate.math_word_problems}\n", ""),
     ["bad.yaml:8:", "stages[0]", "must generate records"]),
    ("bad-teacher-backend", GOOD + "teachers:\n  w: {backend: gpt, model: x}\n",
     ["bad.yaml:11:", "teachers.w", "backend"]),
    ("missing-teacher-field", GOOD + "teachers:\n  w: {backend: openai, model: x}\n",
     ["bad.yaml:11:", "teachers.w.base_url", "required key is missing"]),
    ("bad-output-format", GOOD + "outputs: {formats: [csv]}\n",
     ["bad.yaml:10:", "outputs.formats[0]", "'csv'"]),
    ("bad-regex", GOOD.replace("{use: validate.answer_check}",
                               "{use: validate.rules, fields: {question: {regex: '(('}}}"),
     ["bad.yaml:9:", "stages[1].fields.question.regex", "invalid regular expression"]),
    ("quota-min-above-max", GOOD.replace("    - {skill: money}\n",
                                         "    - {skill: money}\n  quotas: [{match: {skill: money}"
                                         ", min: 9, max: 2}]\n"),
     ["bad.yaml:7:", "target.quotas[0]", "min 9 is above max 2"]),
    ("bad-name", GOOD.replace("name: demo", "name: 'my demo/run'"),
     ["bad.yaml:1:7", "name", "should match pattern"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_load_spec_error(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"
    assert len(message.splitlines()) <= 3


@pytest.mark.parametrize("case", ["unknown-stage", "negative-size", "yaml-syntax",
                                  "unreadable-source"])
def test_cli_exit_code_2_without_traceback(tmp_path: Path, case: str) -> None:
    text, expected = next((c[1], c[2]) for c in CASES if c[0] == case)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    for command in ("check", "run"):
        result = run_cli(command, str(path), "--run-dir", str(tmp_path / "r")) \
            if command == "run" else run_cli(command, str(path))
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert expected[-1] in result.stderr
        assert result.stderr.startswith("error: ")


def test_good_spec_checks(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    result = run_cli("check", str(path))
    assert result.returncode == 0
    assert "ok" in result.stdout and "2 stages" in result.stdout


def test_missing_spec_file(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert "no such spec file" in result.stderr
