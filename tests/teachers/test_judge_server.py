"""synthloop judge-eval against the real llama.cpp server (SmolLM2 behind the OpenAI API)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SHARED_DATA, run_cli
from tests.teachers.conftest import TIMEOUT_S


def test_judge_eval_on_hh_rlhf_with_the_llama_cpp_server(llama_server: str,
                                                         tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"""
name: judged
target: {{size: 2}}
teachers:
  writer: {{backend: local}}
  judge: {{backend: openai, base_url: "{llama_server}", model: smollm2, temperature: 0,
          timeout_s: {TIMEOUT_S}}}
stages:
  - {{use: generate.prompt, teacher: writer, template: "Write a question."}}
""")
    out = tmp_path / "judge.json"
    proc = run_cli("judge-eval", str(SHARED_DATA / "hh-rlhf-harmless-test" / "test.jsonl.gz"),
                   "--spec", str(spec), "--judge", "judge", "--sample", "3", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text())
    assert report["judged"] + report["unparsed"] == 3
    assert report["judge"]["teacher"] | {"backend": "openai", "model": "smollm2"} == \
        report["judge"]["teacher"]
    for metric in ("agreement", "consistency", "first_position"):
        value = report[metric]
        assert 0 <= value["low"] <= value["value"] <= value["high"] <= 1
    assert "agreement with humans (tie = 0.5)" in proc.stdout
    assert ("warning: judge teacher 'judge' and teacher 'writer' of generate.prompt are both "
            "of the smollm family") in proc.stdout
