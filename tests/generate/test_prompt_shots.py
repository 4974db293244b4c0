"""generate.prompt's shots: a slot's seed picks them, so a rerun sends the same prompt."""

from __future__ import annotations

from pathlib import Path

from synthloop.generate.prompt import PromptParams, PromptRecipe
from synthloop.records import Slot
from synthloop.stages import StageContext

TEMPLATE = "{% for e in examples %}{{ e.q }} {% endfor %}#{{ index }}"


def _recipe(tmp_path: Path, examples: str | None) -> PromptRecipe:
    if examples is not None:
        (tmp_path / "shots.jsonl").write_text(examples)
    recipe = PromptRecipe(PromptParams(template=TEMPLATE, n_examples=2,
                                       examples=str(tmp_path / "shots.jsonl") if examples else None))
    recipe.setup(StageContext(spec_hash="h", stage="generate.prompt", stage_index=0, seed=0,
                              run_dir=tmp_path))
    return recipe


def test_the_slot_seed_picks_the_shots(tmp_path: Path) -> None:
    recipe = _recipe(tmp_path, '{"q": "a"}\n{"q": "b"}\n{"q": "c"}\n')
    prompts = [recipe.request(Slot(i, {}, seed=i), 0).context["prompt"] for i in (0, 1, 0)]
    assert prompts == ["b c #0", "a c #1", "b c #0"]


def test_without_shots_the_template_sees_none(tmp_path: Path) -> None:
    assert _recipe(tmp_path, None).request(Slot(4, {}, seed=9), 0).context["prompt"] == "#4"
