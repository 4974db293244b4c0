"""examples/preference.yaml end to end: `check`, `run`, `status`, and its exports loaded as they
are by TRL's trainers for one optimisation step of a tiny random Llama (no hub access: the
tokenizer is a word-level one trained here on the export's text, with a chat template)."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import datasets
import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

import synthloop
from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "preference.yaml"
SPECIAL = ["<unk>", "<pad>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
TEMPLATE = ("{% for m in messages %}<|{{ m.role }}|>{{ m.content }}<|end|>{% endfor %}"
            "{% if add_generation_prompt %}<|assistant|>{% endif %}")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's run, exported in each preference style: style -> data.jsonl."""
    root = tmp_path_factory.mktemp("preference")
    result = run_cli("run", str(EXAMPLE), "--run-dir", str(root / "run"), "-q")
    assert result.returncode == 0, result.stderr
    out = {"dpo_chat": root / "run" / "export" / "data.jsonl"}  # the spec's own style
    for style in ("dpo", "kto_chat"):
        result = run_cli("export", str(root / "run"), "--style", style, "--out",
                         str(root / style))
        assert result.returncode == 0, result.stderr
        out[style] = root / style / "data.jsonl"
    return out


def load(path: Path) -> datasets.Dataset:
    return datasets.load_dataset("json", data_files=str(path), split="train")


def tiny_model_and_tokenizer(texts: list[str]) -> tuple[LlamaForCausalLM, PreTrainedTokenizerFast]:
    words = Tokenizer(models.WordLevel(unk_token="<unk>"))
    words.pre_tokenizer = pre_tokenizers.Whitespace()
    words.train_from_iterator(texts, trainers.WordLevelTrainer(special_tokens=SPECIAL))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=words, unk_token="<unk>",
                                        pad_token="<pad>", eos_token="<|end|>",
                                        chat_template=TEMPLATE)
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id))
    return model, tokenizer


def texts_of(value: Any) -> list[str]:
    """Every string in a row's prompt / chosen / rejected / completion (text or messages)."""
    if isinstance(value, str):
        return [value]
    return [m["content"] for m in value]


def one_step(trainer: Any, model: LlamaForCausalLM) -> dict[str, float]:
    before = {k: v.clone() for k, v in model.state_dict().items()}
    result = trainer.train()
    assert result.global_step == 1
    assert all(not torch.equal(before[k], v) for k, v in model.state_dict().items())
    logged: dict[str, float] = trainer.state.log_history[0]
    return logged


def test_example_checks_runs_and_reports_its_pairs(exports: dict[str, Path]) -> None:
    check = run_cli("check", str(EXAMPLE))
    assert check.returncode == 0, check.stderr
    run_dir = exports["dpo_chat"].parents[1]
    with synthloop.open_run(run_dir) as run:
        assert run.counts()["accepted"] == 64
        funnel = {f.stage: f for f in run.funnel()}
        assert funnel["generate.preference"].rejected == 0
        records = list(run.records("accepted"))
    assert all(r.data["chosen_score"] == 1.0 and r.data["rejected_score"] == 0.0
               for r in records)
    status = run_cli("status", str(run_dir))
    assert "Preference pairs: 64, chosen/rejected length ratio median 1" in status.stdout


@pytest.mark.parametrize("style", ["dpo_chat", "dpo"])
def test_one_dpo_step_on_the_export(exports: dict[str, Path], style: str,
                                    tmp_path: Path) -> None:
    from trl import DPOConfig, DPOTrainer

    dataset = load(exports[style])
    assert {"prompt", "chosen", "rejected"} <= set(dataset.column_names)
    model, tokenizer = tiny_model_and_tokenizer(
        [t for row in dataset for k in ("prompt", "chosen", "rejected") for t in texts_of(row[k])])
    args = DPOConfig(output_dir=str(tmp_path), max_steps=1, per_device_train_batch_size=4,
                     learning_rate=1e-2, report_to=[], use_cpu=True, save_strategy="no",
                     logging_steps=1, max_length=256)
    trainer = DPOTrainer(model=model, ref_model=copy.deepcopy(model), args=args,
                         train_dataset=dataset, processing_class=tokenizer)
    tokenized = trainer.train_dataset
    assert all(row["chosen_ids"] != row["rejected_ids"] for row in tokenized)
    logged = one_step(trainer, model)
    # the policy starts as the reference, so the first DPO loss is -log sigmoid(0) = log 2
    assert logged["loss"] == pytest.approx(math.log(2), abs=1e-4)
    assert logged["logps/chosen"] != logged["logps/rejected"]


def test_one_kto_step_on_the_unpaired_export(exports: dict[str, Path], tmp_path: Path) -> None:
    from trl import KTOConfig, KTOTrainer

    rows = [json.loads(line) for line in exports["kto_chat"].read_text().splitlines()]
    assert [r["label"] for r in rows[:2]] == [True, False]
    assert rows[0]["id"].endswith(".chosen") and rows[1]["id"].endswith(".rejected")
    dataset = load(exports["kto_chat"])
    assert len(dataset) == 128
    model, tokenizer = tiny_model_and_tokenizer(
        [t for row in dataset for k in ("prompt", "completion") for t in texts_of(row[k])])
    args = KTOConfig(output_dir=str(tmp_path), max_steps=1, per_device_train_batch_size=4,
                     learning_rate=1e-2, report_to=[], use_cpu=True, save_strategy="no",
                     logging_steps=1, max_length=256)
    trainer = KTOTrainer(model=model, ref_model=copy.deepcopy(model), args=args,
                         train_dataset=dataset, processing_class=tokenizer)
    logged = one_step(trainer, model)
    assert math.isfinite(logged["loss"]) and logged["kl"] == 0.0


def test_check_names_each_problem_of_a_preference_stage(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: bad\ntarget: {size: 4}\nstages:\n"
                    "  - {use: generate.math_word_problems}\n"
                    "  - {use: generate.preference, writers: [big], weakened: 1,\n"
                    "     verifier_params: {nope: 1}}\n")
    result = run_cli("check", str(spec))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {spec}:5:41: stages[1].writers: teacher(s) 'big' not defined under "
        "`teachers:` (defined: none)",
        f"error: {spec}:6:23: stages[1].verifier_params: not parameters of "
        "validate.answer_check: nope: Extra inputs are not permitted"]
