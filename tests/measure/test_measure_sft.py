"""causal_lm_sft at a tiny CPU budget: the bundled SmolLM2-135M (GGUF loaded by transformers),
LoRA on simulator traces, exact match on GSM8K-style items."""

import json

import pytest
import torch

from synthloop.generate.math_problems import fmt, make_problem
from synthloop.measure.experiment import CausalLMSFTSpec, validate_experiment
from synthloop.measure.runner import run_experiment
from synthloop.measure.students.sft import CausalLMSFT

pytest.importorskip("peft")
pytest.importorskip("gguf")

TINY = {"kind": "causal_lm_sft", "max_steps": 2, "batch_size": 2, "max_length": 96,
        "max_new_tokens": 8, "eval_batch_size": 2, "lora": {"r": 4, "alpha": 8}}


def traces(n):
    out = []
    for seed in range(n):
        p = make_problem("rates", "easy", seed)
        trace = "\n".join([*p.lines, f"#### {fmt(p.answer)}"])
        out.append({"prompt": p.question, "response": trace, "answer": fmt(p.answer)})
    return out


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    s = CausalLMSFT(CausalLMSFTSpec(**TINY), tmp_path_factory.mktemp("cache"))
    s.setup()
    return s


def test_lora_trains_then_leaves_the_base_model_untouched(student):
    before = {k: v.clone() for k, v in student.model.state_dict().items()}
    tuned = student._train(traces(2), seed=0)
    lora_b = [p for n, p in tuned.named_parameters() if "lora_B" in n]
    assert lora_b and any(p.abs().sum() > 0 for p in lora_b)  # B starts at zero
    student.model = tuned.unload()
    after = student.model.state_dict()
    assert after.keys() == before.keys()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_prompt_tokens_are_masked_from_the_loss(student):
    ids, labels = student._encode({"prompt": "What is 2+2?", "response": "#### 4"})
    n_masked = labels.count(-100)
    assert 0 < n_masked < len(ids)
    assert student.tokenizer.decode(ids[n_masked:]).startswith("#### 4")


def test_tiny_sft_experiment_end_to_end(student, tmp_path):
    (tmp_path / "syn.jsonl").write_text("".join(json.dumps(t) + "\n" for t in traces(4)))
    (tmp_path / "gsm.jsonl").write_text(
        json.dumps({"question": "Tom has 2 apples and buys 3 more. How many apples?",
                    "answer": "2 + 3 = <<2+3=5>>5\n#### 5"}) + "\n"
        + json.dumps({"question": "What is 10 times 4?", "answer": "#### 40"}) + "\n")
    exp = validate_experiment({
        "name": "tiny-sft", "synthetic": [{"path": "syn.jsonl"}], "student": TINY,
        "evals": [{"name": "gsm", "path": "gsm.jsonl", "fields": {"prompt": "question"},
                   "metric": "exact_match"}],
        "seeds": 1, "bootstrap": {"samples": 200}, "cache_dir": "cache",
    }, base_dir=tmp_path)
    assert [a.name for a in exp.arms] == ["no-training", "synthetic-only"]
    result = run_experiment(exp, student=student)
    ev = result.evals[0]
    assert ev.n_items == 2
    assert all(set(s[0]) <= {0.0, 1.0} for s in ev.scores.values())
    assert result.sizes == {"no-training": [{"real": 0, "synthetic": 0}],
                            "synthetic-only": [{"real": 0, "synthetic": 4}]}
    assert ev.comparisons[0].arm == "synthetic-only"
    assert student._untrained["gsm"] is not None
