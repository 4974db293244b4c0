"""Plugins load through entry-point groups: stages (`synthloop.stages`), teacher backends
(`synthloop.teachers`), students (`synthloop.students`) and export styles
(`synthloop.export_styles`), each one file of another package, working end to end."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import synthloop
from synthloop.registry import available, get_stage
from tests.conftest import run_cli

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


def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str],
            entry_points: str) -> None:
    """A package of ``files`` and a dist-info declaring ``entry_points``, on sys.path: what
    `pip install` of a plugin leaves, without installing anything."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    dist = tmp_path / "acme_plugins-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-plugins\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(entry_points)
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in files:
        monkeypatch.delitem(sys.modules, module.removesuffix(".py"), raising=False)


# One file: a teacher backend answering "<prefix><the user's last message>", its spec included.
ECHO_TEACHER = '''
from typing import Literal

from synthloop.config import TeacherConfig
from synthloop.teachers import Choice, Teacher, Usage
from synthloop.teachers.answers import RawAnswer


class EchoSpec(TeacherConfig):
    backend: Literal["acme_echo"]
    prefix: str = "echo: "


class EchoTeacher(Teacher):
    Spec = EchoSpec

    @classmethod
    def from_spec(cls, name, spec, **kwargs):
        self = cls(name=name, backend="acme_echo", model="echo", sampling=spec.sampling(),
                   **kwargs)
        self.prefix = spec.prefix
        return self

    async def _complete(self, messages, params, schema):
        text = self.prefix + messages[-1]["content"]
        return RawAnswer([Choice(text, finish_reason="stop")], Usage(1, len(text.split())))
'''

# One file: an export style, one row per record with the prompt and the shouted response.
SHOUT_STYLE = '''
from synthloop.errors import StyleError
from synthloop.export.styles import ExportStyle


class Shout(ExportStyle):
    name = "acme_shout"

    def rows(self, record_id, data):
        if not data.get("response"):
            raise StyleError(record_id, "the acme_shout style needs a response")
        return [(record_id, {"said": data["prompt"], "shouted": data["response"].upper()})]
'''

# One file: a student that remembers each training text's label, its spec included.
LOOKUP_STUDENT = '''
from typing import ClassVar, Literal

import numpy as np

from synthloop.config import StudentConfig
from synthloop.measure.students import Student


class LookupSpec(StudentConfig):
    kind: Literal["acme_lookup"]
    fold_case: bool = False
    METRICS: ClassVar[frozenset[str]] = frozenset({"accuracy"})


class Lookup(Student):
    Spec = LookupSpec
    train_fields = ("text", "label")

    def eval_fields(self, metric):
        return ("text", "label")

    def run(self, train, evals, *, seed, workdir):
        key = str.lower if self.spec.fold_case else str
        memory = {key(it["text"]): it["label"] for it in train}
        return {ev.name: np.array([float(memory.get(key(it["text"])) == it["label"])
                                   for it in ev.items]) for ev in evals}
'''

# One file: an export format, tab-separated id and prompt.
TSV_FORMAT = '''
from synthloop.export.formats import ExportFormat


class Tsv(ExportFormat):
    name, file = "acme_tsv", "data.tsv"

    def write(self, rows, staging):
        with staging.path(self.file).open("w") as fh:
            for row in rows():
                fh.write(f"{row['id']}\\t{row['said']}\\n")
'''

ENTRY_POINTS = """\
[synthloop.export_formats]
acme_tsv = acme_tsv:Tsv

[synthloop.teachers]
acme_echo = acme_echo:EchoTeacher

[synthloop.export_styles]
acme_shout = acme_shout:Shout

[synthloop.students]
acme_lookup = acme_lookup:Lookup
"""


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    install(plugins, monkeypatch, {"acme_echo.py": ECHO_TEACHER, "acme_shout.py": SHOUT_STYLE,
                                   "acme_lookup.py": LOOKUP_STUDENT, "acme_tsv.py": TSV_FORMAT},
            ENTRY_POINTS)
    return tmp_path


ECHO_SPEC = """\
name: echo
seed: 1
target: {size: 2, taxonomy: [{skill: bread}, {skill: soup}], max_rounds: 1, oversample: 1.0}
teachers:
  loud: {backend: acme_echo, prefix: "you asked: "}
stages:
  - {use: generate.prompt, teacher: loud, template: "Explain {{ skill }}."}
outputs: {style: acme_shout}
"""


def test_a_plugin_teacher_runs_a_spec_and_a_plugin_style_exports_it(acme: Path) -> None:
    spec = acme / "echo.yaml"
    spec.write_text(ECHO_SPEC)
    loaded = synthloop.load_spec(spec)
    assert type(loaded.teachers["loud"]).__name__ == "EchoSpec"
    assert loaded.teachers["loud"].prefix == "you asked: "
    with synthloop.run(spec, acme / "run") as run:
        records = sorted((r.data["prompt"], r.data["response"]) for r in run.records())
        assert records == [("Explain bread.", "you asked: Explain bread."),
                           ("Explain soup.", "you asked: Explain soup.")]
        lineage = next(run.records()).lineage
        assert lineage is not None and lineage.producer["teacher"]["backend"] == "acme_echo"
        rows = [json.loads(line) for line in
                (acme / "run" / "export" / "data.jsonl").read_text().splitlines()]
        assert sorted((r["said"], r["shouted"]) for r in rows) == [
            ("Explain bread.", "YOU ASKED: EXPLAIN BREAD."),
            ("Explain soup.", "YOU ASKED: EXPLAIN SOUP.")]
        again = run.export(acme / "again", formats=["jsonl", "acme_tsv"], style="acme_shout")
        assert again["jsonl"].read_bytes() == (acme / "run" / "export" / "data.jsonl").read_bytes()
        ids = {r["id"]: r["said"] for r in rows}
        assert sorted(again["acme_tsv"].read_text().splitlines()) == sorted(
            f"{rid}\t{said}" for rid, said in ids.items())
    # Without the plugins (a fresh interpreter), the run says what is missing.
    status = run_cli("status", str(acme / "run"))
    assert status.returncode == 2 and "Traceback" not in status.stderr
    assert status.stderr.splitlines() == [
        f"error: {acme / 'run'}: its spec names what is not installed here; install the "
        "plugins the run was made with",
        f"error: {acme / 'run' / 'spec.yaml'}: teachers.loud: unknown teacher backend "
        "'acme_echo'; the backends are: openai, local, transformers, openai_batch",
        f"error: {acme / 'run' / 'spec.yaml'}: outputs.style: unknown style 'acme_shout'; the "
        "styles are chat, alpaca, sharegpt, dpo, dpo_chat, kto, kto_chat, raw (got "
        "'acme_shout')"]


def test_plugin_names_join_the_checks_of_a_spec(acme: Path) -> None:
    spec = acme / "bad.yaml"
    spec.write_text(ECHO_SPEC.replace('prefix: "you asked: "', "prefx: x")
                    .replace("acme_shout", "acme_shuot"))
    with pytest.raises(synthloop.errors.SpecError) as err:
        synthloop.load_spec(spec)
    assert err.value.issues == [
        f"{spec}:5:30: teachers.loud.prefx: unknown key 'prefx'; did you mean 'prefix'?",
        f"{spec}:8:18: outputs.style: unknown style 'acme_shuot'; the styles are chat, alpaca, "
        "sharegpt, dpo, dpo_chat, kto, kto_chat, raw, acme_shout (got 'acme_shuot')"]
    spec.write_text(ECHO_SPEC.replace("backend: acme_echo", "backend: acme_ehco"))
    with pytest.raises(synthloop.errors.SpecError, match=r"teachers.loud: unknown teacher "
                       r"backend 'acme_ehco'; did you mean 'acme_echo'\?"):
        synthloop.load_spec(spec)


# One file: an executor that counts the runs it places, on the built-in local executor.
COUNTING_EXECUTOR = '''
from synthloop.executors import local_executor

RUNS = []


def counting(options):
    RUNS.append(options.executor)
    return local_executor(options)
'''


def test_a_plugin_executor_runs_a_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, {"acme_exec.py": COUNTING_EXECUTOR},
            "[synthloop.executors]\nacme_counting = acme_exec:counting\n")
    spec = {"name": "exec", "seed": 3, "target": {"size": 4, "max_rounds": 1},
            "stages": [{"use": "generate.math_word_problems"}],
            "run": {"executor": "acme_counting"}}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        assert run.counts()["accepted"] == 4
    assert sys.modules["acme_exec"].RUNS == ["acme_counting"]
    spec["run"] = {"executor": "acme_countnig"}
    with pytest.raises(synthloop.errors.SpecError,
                       match=r"run.executor: unknown executor 'acme_countnig'; use local, ray "
                       r"or acme_counting"):
        synthloop.run(spec, tmp_path / "run2")


def test_a_teacher_or_student_plugin_without_a_spec_says_what_it_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from synthloop.config.students import student_spec_class
    from synthloop.config.teachers import teacher_spec_class

    install(tmp_path, monkeypatch, {"acme_bare.py": "class Bare:\n    pass\n"},
            '[synthloop.teachers]\nbare = acme_bare:Bare\n'
            '[synthloop.students]\nbare = acme_bare:Bare\n')
    with pytest.raises(ValueError, match=r"^teacher backend 'bare' \(acme_bare:Bare\) has no "
                       r"`Spec`: give its teacher class a Spec, a subclass of "
                       r"synthloop.config.TeacherConfig$"):
        teacher_spec_class("bare")
    with pytest.raises(KeyError, match=r"student 'bare' \(acme_bare:Bare\) has no `Spec`: give "
                       r"its student class a Spec, a subclass of synthloop.config.StudentConfig"):
        student_spec_class("bare")
    with pytest.raises(KeyError, match=r"unknown student 'bar'; did you mean 'bare'\?"):
        student_spec_class("bar")
