"""generate.magpie: the pre-query template of real chat templates, examples/magpie.yaml on the
bundled model, the transformers backend, and the refusal of a chat-only teacher."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

import synthloop
from synthloop.generate.magpie import Magpie, MagpieParams, check_instruction, pre_query_template
from synthloop.records import Slot, Status
from synthloop.spec import LocalTeacherSpec, TransformersTeacherSpec
from synthloop.stages import Reject, StageContext
from synthloop.teachers import build_teacher
from synthloop.teachers.asking import template_hash
from tests.conftest import REPO, run_cli

SMOL_SYSTEM = ("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by "
               "Hugging Face<|im_end|>\n")


@pytest.mark.parametrize(("text", "finish", "verdict"), [
    ("", "stop", ("empty_instruction",
                  "the model wrote no instruction after the pre-query template")),
    ("Write a poem about", "length", ("truncated_instruction",
                                      "the instruction was cut off at instruction_max_tokens")),
    ("Write a haiku about rain.", "stop", None),
])
def test_instruction_checks(text: str, finish: str, verdict: tuple[str, str] | None) -> None:
    assert check_instruction(text, finish) == (Reject(*verdict) if verdict else None)


def test_pre_query_template_of_the_bundled_gguf() -> None:
    teacher = build_teacher("local", LocalTeacherSpec(backend="local", n_threads=1))

    async def go() -> None:
        assert await pre_query_template(teacher, []) == (
            f"{SMOL_SYSTEM}<|im_start|>user\n", ["<|im_end|>"])
        assert await pre_query_template(teacher, [{"role": "system", "content": "Be brief."}]) \
            == ("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n", ["<|im_end|>"])
        await teacher.aclose()

    asyncio.run(go())


def test_magpie_example_on_the_bundled_model(tmp_path: Path) -> None:
    spec = yaml.safe_load((REPO / "examples" / "magpie.yaml").read_text())
    spec["target"] = {"size": 2, "oversample": 1.0, "max_rounds": 1}
    spec["stages"][0].update(instruction_max_tokens=48, response_max_tokens=48)
    synthloop.run(spec, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        records = [r for r in handle.store.iter_records(with_verdicts=True)
                   if r.lineage is not None and r.lineage.stage == "generate.magpie"]
        usage = handle.store.usage()
    assert sorted(r.slot for r in records) == [0, 1]
    for record in records:
        instruction = record.data["instruction"]
        assert instruction and "<|im_" not in instruction  # the turn ended at its stop token
        assert record.lineage is not None
        assert record.lineage.producer["template_hash"] == template_hash(
            f"{SMOL_SYSTEM}<|im_start|>user\n")
        truncated = [v for v in record.verdicts if v.check.endswith("truncated_instruction")]
        assert ("response" in record.data) != bool(truncated)
    answered = sum("response" in r.data for r in records)
    assert sum(u["requests"] for u in usage) == len(records) + answered


def test_magpie_on_a_transformers_model(tiny_lm: Path, tmp_path: Path) -> None:
    teacher = build_teacher("hf", TransformersTeacherSpec(backend="transformers",
                                                          path=str(tiny_lm), max_tokens=4))
    ctx = StageContext(spec_hash="h", stage="generate.magpie", stage_index=0, seed=1,
                       run_dir=tmp_path, teachers={"local": teacher})
    stage = Magpie(MagpieParams(instruction_max_tokens=3))
    [record] = asyncio.run(stage.generate([Slot(index=0, seed=5, attributes={})], ctx))
    assert stage.prompt_templates() == ("user : ",)  # the tiny template's pre-query prefix
    words = record.data["instruction"].split()
    assert 0 < len(words) <= 3 or record.status is Status.REJECTED
    if len(words) == 3:  # three tokens at instruction_max_tokens=3: cut off, not answered
        assert [v.check for v in record.verdicts] == ["generate.magpie.truncated_instruction"]
        assert "response" not in record.data


def test_check_refuses_a_chat_only_teacher(tmp_path: Path) -> None:
    spec = tmp_path / "magpie.yaml"
    spec.write_text("name: m\ntarget: {size: 2}\n"
                    "teachers:\n  api: {backend: openai, base_url: 'http://127.0.0.1:9/v1', "
                    "model: m}\n"
                    "stages:\n  - {use: generate.magpie, teacher: api}\n")
    result = run_cli("check", str(spec))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "teacher 'api' (backend openai) only offers chat; Magpie needs a raw completion " \
           "of the model's chat template up to the user turn, so give this stage a teacher " \
           "with backend local or transformers" in " ".join((result.stdout +
                                                              result.stderr).split())
