"""generate.preference with real models: SmolLM2 behind the llama.cpp server writes candidates
at two temperatures and judges them pairwise in both orders. The small judge is weak; what is
tested is that every prompt ends as a pair or with its reason, never silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

import synthloop
from synthloop.records import Status
from tests.conftest import run_cli
from tests.teachers.conftest import MODEL_NAME, TIMEOUT_S

PROMPTS = ["Name three primary colors.", "What is the boiling point of water in Celsius?",
           "Give a synonym for 'happy'."]
CODES = {"paired", "tie", "small_margin", "inconsistent"}


def test_writers_at_two_temperatures_judged_by_the_llama_cpp_server(
        llama_server: str, tmp_path: Path) -> None:
    data = tmp_path / "prompts.jsonl"
    data.write_text("".join(json.dumps({"instruction": p}) + "\n" for p in PROMPTS))
    teacher = {"backend": "openai", "base_url": llama_server, "model": MODEL_NAME,
               "max_tokens": 40, "max_concurrency": 2, "timeout_s": TIMEOUT_S}
    spec = tmp_path / "spec.yaml"
    spec.write_text(json.dumps({
        "name": "pref-e2e", "seed": 5, "source": {"path": str(data)},
        "teachers": {"writer": teacher, "judge": {**teacher, "temperature": 0.0}},
        "stages": [{"use": "generate.preference", "teacher": "judge",
                    "prompt_field": "instruction", "response": False, "writers": ["writer"],
                    "temperatures": [0.2, 1.2], "verifier": "judge"}],
        "outputs": {"style": "dpo"}}))
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 0, result.stderr
    with synthloop.open_run(tmp_path / "run") as run:
        records = list(run.records(None, with_verdicts=True))
        usage = run.store.usage()
    assert len(records) == len(PROMPTS)
    for rec in records:
        assert rec.status is not Status.FAILED, rec.status_reason
        verdict = rec.verdicts[-1]
        assert verdict.check.removeprefix("generate.preference.") in CODES, verdict
        assert verdict.details is not None
        assert [c["source"] for c in verdict.details["candidates"]] == ["writer@0.2",
                                                                        "writer@1.2"]
        assert verdict.details["judge"]["teacher"]["model"] == MODEL_NAME
        if not rec.accepted:
            assert rec.status_reason and "chosen" not in rec.data
        else:
            assert rec.data["chosen"] != rec.data["rejected"]
            assert rec.data["length_ratio"] == round(
                len(rec.data["chosen"]) / len(rec.data["rejected"]), 3)
    # two candidates and two judge calls (both orders) per prompt
    requests = {u["teacher"]: u["requests"] for u in usage}
    assert requests == {"writer": 2 * len(PROMPTS), "judge": 2 * len(PROMPTS)}
