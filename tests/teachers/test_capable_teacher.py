"""Every example spec that uses a teacher, run through ``synthloop.run`` and the real HTTP
stack against the scripted teacher (:mod:`tests.teachers.scripted_teacher`): a capable teacher
keeps at least 90% of what it generates, an adversarial one (plausible but wrong answers) at
most 2%, and every adversarial record is rejected by a named check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.errors import SpecError
from synthloop.records import Record, Status
from tests.teachers.conftest import REPO
from tests.teachers.scripted_teacher import Mode, ScriptedTeacher

Patch = Callable[[dict[str, Any]], None]


def _stage(spec: dict[str, Any], use: str) -> dict[str, Any]:
    return next(s for s in spec["stages"] if s["use"] == use)


def _judged(spec: dict[str, Any]) -> None:
    # the scripted judge grades against computed outputs: a judge worth a real threshold
    _stage(spec, "validate.judge")["threshold"] = 4


def _banking77(spec: dict[str, Any]) -> None:
    # four intents, each real example's first text rewritten three ways; the experiment
    # (minutes of training) is left out: it measures, it does not check records
    spec["target"]["attributes"].update(intent=["card_arrival", "change_pin", "top_up_failed",
                                                "terminate_account"], example=["1"])
    spec["stages"] = [s for s in spec["stages"] if s["use"] != "measure.experiment"]


def _tools_protocol(spec: dict[str, Any]) -> None:
    _stage(spec, "generate.tool_use")["protocol"] = "tools"


# example -> (size, spec patch, the checks that catch the adversarial teacher's records)
TOOL_USE_CHECKS = {"validate.tool_use.wrong_state", "validate.tool_use.missing_answer",
                   "validate.tool_use.unneeded_call"}
EXAMPLES: dict[str, tuple[int, Patch | None, set[str]]] = {
    "tool_use": (12, None, TOOL_USE_CHECKS),
    "tool_use[tools]": (12, _tools_protocol, TOOL_USE_CHECKS),
    "grounded_qa": (8, None, {"validate.grounded.span_not_found",
                              "validate.grounded.unsupported_number", "validate.grounded.single_hop",
                              "validate.grounded.answered_unanswerable"}),
    "code": (6, None, {"validate.execute.test_failed", "validate.execute.weak_tests"}),
    "self_instruct": (8, _judged, {"generate.self_instruct.near_copy",
                                   "validate.judge.low_score"}),
    "quickstart": (8, _judged, {"generate.self_instruct.near_copy",
                                "validate.judge.low_score"}),
    "evol": (8, None, {"generate.evol_instruct.copied_prompt",
                       "generate.evol_instruct.no_new_information",
                       "generate.evol_instruct.refusal", "generate.evol_instruct.too_short"}),
    "red_team": (12, None, {"generate.red_team.too_similar"}),
    "banking77_augment": (12, _banking77, {"generate.augment.copied",
                                           "generate.augment.near_copy",
                                           "generate.augment.drifted"}),
}


def run_example(example: str, server: ScriptedTeacher, tmp_path: Path, *,
                as_shipped: bool = False) -> list[Record]:
    """``examples/<example>.yaml`` sized down, every teacher pointed at ``server`` (and the
    example's patch applied unless ``as_shipped``); every record of the run with its
    verdicts."""
    size, patch, _ = EXAMPLES.get(example, (8, None, set()))
    spec = yaml.safe_load((REPO / "examples" / f"{example.split('[')[0]}.yaml").read_text())
    spec["target"].update(size=size, max_rounds=1)
    spec["teachers"] = {name: {"backend": "openai", "base_url": server.base_url,
                               "model": "scripted", "max_tokens": 400, "temperature": 0.0}
                        for name in spec["teachers"]}
    spec.pop("budget", None)
    if patch is not None and not as_shipped:
        patch(spec)
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "data").symlink_to(REPO / "examples" / "data")  # the spec's relative paths
    path = folder / f"{spec['name']}.yaml"
    path.write_text(yaml.safe_dump(spec))
    synthloop.run(path, tmp_path / "run", export=False)
    with synthloop.open_run(tmp_path / "run") as handle:
        return list(handle.store.iter_records(with_verdicts=True))


def rejected_by(record: Record) -> str:
    """The check that rejected a record (its first failing verdict), or its failure."""
    failing = next((v.check for v in record.verdicts if not v.passed), None)
    return failing or f"{record.status.value}: {record.status_reason}"


CASES = [pytest.param(example, mode, id=f"{mode}-{example}") for mode in ("capable",
                                                                         "adversarial")
         for example in EXAMPLES]
# The recipe the server must have recognised for each example, and the passing verdict that
# each record the capable teacher wrote must carry (the check that kept it ran).
RECIPE = {"tool_use": "tool_use", "tool_use[tools]": "tool_use", "grounded_qa": "grounded_qa",
          "code": "code", "self_instruct": "self_instruct", "quickstart": "self_instruct",
          "evol": "evol", "red_team": "red_team", "banking77_augment": "augment"}
KEPT_BY = {"tool_use": "validate.tool_use.execution_ok",
           "tool_use[tools]": "validate.tool_use.execution_ok",
           "grounded_qa": "validate.grounded.ok", "code": "validate.execute.pass",
           "self_instruct": "generate.self_instruct.novel", "quickstart": "validate.judge.ok",
           "evol": "generate.evol_instruct.evolved", "red_team": "generate.red_team.refused",
           # a faithful rewrite of an example the 5-shot classifier misplaces: like_source
           "banking77_augment": "validate.label_consistency"}


def run_against(example: str, mode: Mode, tmp_path: Path, attack: str | None = None, *,
                as_shipped: bool = False) -> tuple[list[Record], ScriptedTeacher]:
    server = ScriptedTeacher(mode=mode, attack=attack)
    try:
        return run_example(example, server, tmp_path, as_shipped=as_shipped), server
    finally:
        server.close()


@pytest.mark.parametrize(("example", "mode"), CASES)
def test_example_against_the_scripted_teacher(example: str, mode: Mode,
                                              tmp_path: Path) -> None:
    records, server = run_against(example, mode, tmp_path)
    kept = [r for r in records if r.status is Status.OK]
    why = Counter(rejected_by(r) for r in records if r.status is not Status.OK)
    print(f"{example} {mode}: kept {len(kept)}/{len(records)} {dict(why)}")
    assert server.asked.get(RECIPE[example], 0) > 0
    assert len(records) == EXAMPLES[example][0]
    assert not [r for r in records if r.status is Status.FAILED], why  # nothing quarantined
    if mode == "capable":
        assert len(kept) >= 0.9 * len(records), why
        for record in kept:
            assert any(v.check.startswith(KEPT_BY[example]) for v in record.verdicts
                       if v.passed)
        if example == "red_team":  # the target refused every attack, and said so
            assert {d["code"] for r in records for d in r.data["detections"]} == {"refused"}
    else:
        assert len(kept) <= 0.02 * len(records), [r.data for r in kept]
        assert set(why) == EXAMPLES[example][2], why  # every kind caught, each by its check


def test_a_wrong_output_only_a_judge_sees_is_rejected_by_the_judge(tmp_path: Path) -> None:
    """Novel tasks with a wrong computed value pass every cheap check of quickstart; the
    judge, which grades against the computed value, rejects each one."""
    records, _ = run_against("quickstart", "adversarial", tmp_path, attack="wrong_output")
    assert len(records) == 8
    assert Counter(rejected_by(r) for r in records) == {"validate.judge.low_score": 8}
    judged = [v for r in records for v in r.verdicts if v.check == "validate.judge.low_score"]
    # scored as the expectation over the score token's log-probs (0.9 on 1, 0.1 on 2)
    assert {(v.score, (v.details or {}).get("from")) for v in judged} == {(1.1, "logprobs")}


def test_wrong_code_under_weak_tests_is_rejected_by_the_mutant_check(tmp_path: Path) -> None:
    """Each program is the plausible bug with tests that only check its result's type: they
    pass, and only examples/code.yaml's ``mutant_check`` can see that they test nothing."""
    records, server = run_against("code", "adversarial", tmp_path,
                                  attack="weak_tests_wrong_code")
    assert server.asked["code"] == 6 and len(records) == 6
    assert not [r.data for r in records if r.status is Status.OK]
    assert Counter(rejected_by(r) for r in records) == {"validate.execute.weak_tests": 6}
    for record in records:
        passed = {v.check for v in record.verdicts if v.passed}
        assert "validate.execute.pass" not in passed
        reason = record.verdicts[-1].reason
        assert reason.startswith("tests killed ") and reason.endswith(" survived"), reason


def test_magpie_is_refused_before_any_request(tmp_path: Path) -> None:
    """examples/magpie.yaml is the one example with a teacher that an endpoint cannot run:
    Magpie continues the model's own chat template, which a chat-only API does not offer."""
    server = ScriptedTeacher()
    try:
        with pytest.raises(SpecError, match=r"magpie\.yaml:\d+:\d+: stages\[0\]\.teacher: "
                           r"teacher 'writer' \(backend openai\) only offers chat; Magpie "
                           r"needs a raw completion"):
            run_example("magpie", server, tmp_path)
    finally:
        server.close()
    assert server.asked == {}
