"""The example specs that use a teacher, sized for a run against the scripted teacher
(:mod:`tests.teachers.scripted_teacher`), and what such a run must show: the checks that keep
a capable teacher's records and those that catch an adversarial one's. Shared by
``tests/teachers/test_capable_teacher.py`` (in process) and ``benchmarks/recipes_capable.py``
(through ``synthloop run``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from synthloop.records import Record

REPO = Path(__file__).resolve().parents[2]
Patch = Callable[[dict[str, Any]], None]


def _stage(spec: dict[str, Any], use: str) -> dict[str, Any]:
    return next(s for s in spec["stages"] if s["use"] == use)


def _judged(spec: dict[str, Any]) -> None:
    # the scripted judge grades against computed outputs: a judge worth a real threshold
    _stage(spec, "validate.judge")["threshold"] = 4


def _no_experiment(spec: dict[str, Any]) -> None:
    # banking77's experiment (minutes of training) measures, it does not check records
    spec["stages"] = [s for s in spec["stages"] if s["use"] != "measure.experiment"]


def _four_intents(spec: dict[str, Any]) -> None:
    # four intents, each real example's first text rewritten three ways
    spec["target"]["attributes"].update(intent=["card_arrival", "change_pin", "top_up_failed",
                                                "terminate_account"], example=["1"])


def _tools_protocol(spec: dict[str, Any]) -> None:
    _stage(spec, "generate.tool_use")["protocol"] = "tools"


@dataclass(frozen=True)
class Example:
    """How an example runs against the scripted teacher: ``size`` records (``narrow`` fits the
    target's attributes to it; a run at the spec's own size skips it), ``patch`` what a user
    changes for a capable teacher, and ``catches`` the checks that reject the adversarial
    teacher's records."""

    size: int
    catches: frozenset[str]
    patch: Patch | None = None
    narrow: Patch | None = None


TOOL_USE_CHECKS = frozenset({"validate.tool_use.wrong_state", "validate.tool_use.missing_answer",
                             "validate.tool_use.unneeded_call"})
SELF_INSTRUCT_CHECKS = frozenset({"generate.self_instruct.near_copy", "validate.judge.low_score"})
EXAMPLES: dict[str, Example] = {  # by ``name[variant]``
    "tool_use": Example(12, TOOL_USE_CHECKS),
    "tool_use[tools]": Example(12, TOOL_USE_CHECKS, _tools_protocol),
    "grounded_qa": Example(8, frozenset({
        "validate.grounded.span_not_found", "validate.grounded.unsupported_number",
        "validate.grounded.single_hop", "validate.grounded.answered_unanswerable"})),
    "code": Example(6, frozenset({"validate.execute.test_failed", "validate.execute.weak_tests"})),
    "self_instruct": Example(8, SELF_INSTRUCT_CHECKS, _judged),
    "quickstart": Example(8, SELF_INSTRUCT_CHECKS, _judged),
    "evol": Example(8, frozenset({
        "generate.evol_instruct.copied_prompt", "generate.evol_instruct.no_new_information",
        "generate.evol_instruct.refusal", "generate.evol_instruct.too_short"})),
    "red_team": Example(12, frozenset({"generate.red_team.too_similar"})),
    "banking77_augment": Example(12, frozenset({
        "generate.augment.copied", "generate.augment.near_copy", "generate.augment.drifted"}),
        _no_experiment, _four_intents),
}
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


def uses_teacher(path: Path) -> bool:
    """Whether an example spec names a teacher (the ones a scripted teacher can stand in
    for)."""
    return bool((yaml.safe_load(path.read_text()) or {}).get("teachers"))


def write_spec(example: str, base_url: str, folder: Path, *, own_size: bool = False,
               as_shipped: bool = False) -> Path:
    """``examples/<example>.yaml`` written into ``folder`` (made here) at :data:`EXAMPLES`'
    size (``own_size``: at the spec's own) with every teacher pointed at ``base_url`` and the
    example's patch applied unless ``as_shipped``; its path. The spec's data folder is linked
    beside it, so its relative paths hold."""
    how = EXAMPLES.get(example, Example(8, frozenset()))
    spec = yaml.safe_load((REPO / "examples" / f"{example.split('[')[0]}.yaml").read_text())
    spec["target"]["max_rounds"] = 1
    if not own_size:
        spec["target"]["size"] = how.size
        if how.narrow is not None:
            how.narrow(spec)
    spec["teachers"] = {name: {"backend": "openai", "base_url": base_url,
                               "model": "scripted", "max_tokens": 400, "temperature": 0.0}
                        for name in spec["teachers"]}
    spec.pop("budget", None)
    if how.patch is not None and not as_shipped:
        how.patch(spec)
    folder.mkdir(parents=True)
    (folder / "data").symlink_to(REPO / "examples" / "data")
    path = folder / f"{spec['name']}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def rejected_by(record: Record) -> str:
    """The check that rejected a record (its first failing verdict), or its failure."""
    failing = next((v.check for v in record.verdicts if not v.passed), None)
    return failing or f"{record.status.value}: {record.status_reason}"
