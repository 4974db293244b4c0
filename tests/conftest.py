"""Shared test helpers: paths to the shared datasets, a CLI runner in a subprocess, and a tiny
random transformers model with a chat template."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests import debug_stages  # noqa: F401  (registers debug.emit and debug.noop)

if os.environ.get("PYTEST_XDIST_WORKER"):
    # The suite's workers share the cores: one compute thread each (torch, OpenMP and BLAS in
    # this process and in the runs it starts), or their spinning threads take each other's time.
    for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

if TYPE_CHECKING:
    from synthloop.records import Record

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`synthloop ARGS` in a fresh interpreter (what a user runs), capturing output."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "synthloop.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd or REPO, timeout=timeout)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"{SHARED_DATA} is missing: the shared datasets must sit next to the repo")
    return SHARED_DATA


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 1-layer Llama with a word-level tokenizer and a chat template."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    path = tmp_path_factory.mktemp("tiny-lm")
    words = ["<unk>", "<pad>", "</s>", "user", "assistant", ":", "say", "hello", "in", "one",
             "short", "sentence", "."] + [f"w{i}" for i in range(50)]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>",
                                   eos_token="</s>")
    fast.chat_template = ("{% for m in messages %}{{ m['role'] }} : {{ m['content'] }} "
                          "{% endfor %}{% if add_generation_prompt %}assistant : {% endif %}")
    fast.save_pretrained(path)
    config = LlamaConfig(vocab_size=len(words), hidden_size=16, intermediate_size=32,
                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=64, eos_token_id=2, pad_token_id=1,
                         bos_token_id=0)
    LlamaForCausalLM(config).save_pretrained(path)
    return path


def render_text(renderables: list[Any], width: int = 100) -> str:
    """What ``synthloop status`` prints for these rich renderables, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for item in renderables:
        console.print(item)
    return console.export_text()


def assert_replays_to_goal(rec: Record) -> None:
    """The record's calls, replayed on a fresh environment, reach its recorded final state,
    which is the task's goal."""
    from synthloop.envs import Call, load_environment

    env = load_environment(rec.data["environment"])
    calls = [c["function"] for m in rec.data["messages"] for c in m.get("tool_calls", [])]
    state, _ = env.replay(rec.data["env_seed"], [Call(c["name"], c["arguments"]) for c in calls])
    assert state == rec.data["final_state"] == rec.data["goal"]["state"]
