"""Stages from other packages load through the `synthloop.stages` entry-point group."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import synthloop
from synthloop.registry import available, get_stage

PLUGIN = '''
from synthloop.stages import FilterStage, StageParams


class ShortParams(StageParams):
    max_words: int = 12


class ShortQuestions(FilterStage):
    name = "acme.short_questions"
    Params = ShortParams

    def check(self, record):
        words = len(record.data["question"].split())
        if words > self.params.max_words:
            return False, f"{words} words, more than {self.params.max_words}", "too_long"
        return True
'''


@pytest.fixture
def plugin_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "acme_stages.py").write_text(PLUGIN)
    dist = tmp_path / "acme_stages-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-stages\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[synthloop.stages]\nacme.short_questions = acme_stages:ShortQuestions\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("acme_stages", None)


def test_entry_point_stage_runs_in_a_spec(plugin_on_path: None, tmp_path: Path) -> None:
    assert "acme.short_questions" in available()
    assert get_stage("acme.short_questions").name == "acme.short_questions"
    spec = {"name": "plug", "seed": 3,
            "target": {"size": 30, "taxonomy": [{"skill": "money"}], "max_rounds": 1},
            "stages": [{"use": "generate.math_word_problems"},
                       {"use": "acme.short_questions", "max_words": 25}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        rejected = list(run.records("rejected", with_verdicts=True))
        assert rejected, "some money problems have more than 25 words"
        verdict = rejected[0].verdicts[-1]
        assert verdict.check == "acme.short_questions.too_long"
        assert verdict.reason.endswith("words, more than 25")


def test_plugin_params_are_validated(plugin_on_path: None, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("name: p\ntarget: {size: 5}\nstages:\n  - {use: generate.math_word_problems}\n"
                    "  - {use: acme.short_questions, max_wrds: 3}\n")
    with pytest.raises(synthloop.errors.SpecError, match="did you mean 'max_words'"):
        synthloop.load_spec(spec)


DIRECT = '''
from synthloop.stages import Stage, StageParams


class Direct(Stage[StageParams]):
    name = "acme.direct"

    async def process(self, batch, ctx):
        return batch
'''


def test_a_plugin_that_subclasses_stage_directly_is_refused(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    (tmp_path / "acme_direct.py").write_text(DIRECT)
    dist = tmp_path / "acme_direct-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-direct\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[synthloop.stages]\nacme.direct = acme_direct:Direct\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = tmp_path / "s.yaml"
    spec.write_text("name: p\ntarget: {size: 5}\nstages:\n  - {use: generate.math_word_problems}\n"
                    "  - {use: acme.direct}\n")
    with pytest.raises(synthloop.errors.SpecError,
                       match=r"stage 'acme.direct' failed to load: Direct is not a stage of a "
                       r"known kind; subclass one of GenerateStage \(generate\), RecordStage "
                       r"\(per-record\), CorpusStage \(corpus\), ReportStage \(report\)"):
        synthloop.load_spec(spec)
    sys.modules.pop("acme_direct", None)
