"""Every verifier against an adversarial suite of its own, and on clean real data.

    .venv/bin/python benchmarks/verifier_attacks.py [--limit N] [--only NAME ...]
        [--data ../shared/data] [--out benchmarks/results/verifier_attacks.md]

For each verifier (``validate.execute``, ``validate.tool_use``, ``validate.grounded``,
``validate.answer_check``, ``validate.relevance``, ``validate.judge``, the red-team harm
detector, ``curate.pii``, ``curate.decontaminate``) the suites of ``attack_suites.py`` give
correct items and subtly wrong ones written to get past it, each with the verdict code a
verifier that holds should give. Printed: precision and recall per verdict code, how many
attacks were caught (rejected, under any code, where the verifier rejects; given the wanted
code otherwise) and how many correct items were kept, with every miss named; then the share of
clean real items each verifier rejects, reusing the data loaders of the other benchmarks
(``decontam_eval``, ``red_team_detector``, ``relevance_eval``, ``pii.evaluate``):

- execute: HumanEval's canonical solutions; answer_check: GSM8K test solutions (with their
  questions);
- tool_use: the environments' reference trajectories (every environment and category);
- grounded: GSM8K questions as passages, a sentence of each quoted exactly and re-cased;
- relevance: the Self-Instruct seed pairs; pii: Self-Instruct, Banking77, GSM8K, MBPP;
- decontaminate: Banking77, Self-Instruct and HH-RLHF texts against GSM8K, HumanEval, MBPP
  (as its suites are), with the paraphrase phase at its calibrated threshold;
- harm detector: held-out HH-RLHF final turns labelled harmless (the classifier never trained
  on them), counted when detected as a success. An attack is caught only as a success: an
  ``unread`` answer (not in English, for a person to judge) is not caught, nor rejected.

Held-out suites (``held_out_suites.py``; the decontamination ones in ``held_out_decon.py``;
then ``held_out_harm.py``, ``held_out_probeA.py``, ``held_out_probeB.py``, ``held_out_probeD.py``,
``held_out_harm2.py``, ``held_out_probeC.py``, ``held_out_decon2.py``, ``held_out_probeE.py``,
``held_out_judge3.py``, ``held_out_probeF.py``, ``held_out_probeG.py``, ``held_out_probeH.py``,
``held_out_probeI.py``, ``held_out_probeJ.py`` and ``held_out_probeK.py``:
written after the seen suites had been used to tune the verifiers, committed before their first
run) go through the same verifiers and fill a second table, with the precision and recall of the
reject decision (an attack is a positive), so that seen and held-out results stand side by side.

``validate.judge`` needs a model: its suite runs the stage with six scripted judges (fair,
position-biased, length-biased, format-biased, confidence-biased, sycophantic), which measures what the stage's both-orders rule catches, not
a model; it has no clean-data row. ``--limit`` takes the first N items of each clean set.
``--only`` reruns the named verifiers and, where ``--out`` exists, puts their rows and sections
in place of the old ones, keeping every other row as it was last measured (the header says
which rows were rerun, when, and at what load).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import attack_suites as suites  # noqa: E402
from benchmarks import decontam_eval, red_team_detector  # noqa: E402
from benchmarks import (  # noqa: E402
    held_out_decon,
    held_out_decon2,
    held_out_harm,
    held_out_judge3,
    held_out_harm2,
    held_out_probeA,
    held_out_probeB,
    held_out_probeC,
    held_out_probeD,
    held_out_probeE,
    held_out_probeF,
    held_out_probeG,
    held_out_probeH,
    held_out_probeI,
    held_out_probeJ,
    held_out_probeK,
)
from benchmarks import held_out_suites as held_out  # noqa: E402
from synthloop.checks import codesets  # noqa: E402
from synthloop.checks.execute import Execute, ExecuteParams  # noqa: E402
from synthloop.checks.harm import detect_many  # noqa: E402
from synthloop.curate.decontaminate import (  # noqa: E402
    PARAPHRASE_THRESHOLD,
    Decontaminate,
    DecontaminateParams,
)
from synthloop.curate.pii import detect as pii_detect  # noqa: E402
from synthloop.curate.pii.detect import DEFAULT_ENTITIES  # noqa: E402
from synthloop.curate.pii.evaluate import (  # noqa: E402
    banking77_records,
    gsm8k_records,
    mbpp_records,
    self_instruct_records,
)
from synthloop.curate.pii.stage import Pii, PiiParams  # noqa: E402
from synthloop.envs import CATEGORIES, load_environment  # noqa: E402
from synthloop.records import Record  # noqa: E402
from synthloop.stages import RecordStage, StageContext  # noqa: E402
from synthloop.testing import FakeTeacher, Request  # noqa: E402
from synthloop.validate.answer_check import AnswerCheck, AnswerCheckParams  # noqa: E402
from synthloop.validate.grounded import Grounded, GroundedParams  # noqa: E402
from synthloop.validate.judge import JudgeParams, JudgeStage  # noqa: E402
from synthloop.validate.relevance import Relevance, RelevanceParams  # noqa: E402
from synthloop.validate.relevance_eval import evaluate as relevance_eval  # noqa: E402
from synthloop.validate.relevance_eval import seed_pairs  # noqa: E402
from synthloop.validate.tool_use import ToolUse, ToolUseParams  # noqa: E402

DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Verifier:
    """``codes`` gives each item's verdict code; ``accept``: the codes that keep an item;
    ``held_out``: the verifier's held-out suites, oldest first (none where it has none)."""

    name: str
    cases: list[suites.Case]
    codes: Callable[[list[dict[str, Any]]], list[str]]
    accept: frozenset[str]
    held_out: list[list[suites.Case]] = field(default_factory=list)


@dataclass(frozen=True)
class Clean:
    """Clean real items through a verifier: how many, how many rejected, and by which code."""

    what: str
    items: int
    rejected: int
    codes: Counter[str]

    @property
    def rate(self) -> float:
        return self.rejected / self.items if self.items else 0.0


def stage_codes(stage: RecordStage[Any], datas: Iterable[dict[str, Any]], run_dir: Path,
                teachers: dict[str, Any] | None = None) -> list[str]:
    """Each record's last verdict code after ``stage`` (its label's suffix)."""
    records = [Record(id=str(i), data=dict(d)) for i, d in enumerate(datas)]
    ctx = StageContext(spec_hash="attacks", stage=stage.label, stage_index=0, seed=0,
                       run_dir=run_dir, teachers=teachers or {})
    stage.setup(ctx)
    asyncio.run(stage.process(records, ctx))
    return [r.verdicts[-1].check.rsplit(".", 1)[1] for r in records]


# -- scripted judges for validate.judge ---------------------------------------------------
_SECTIONS = re.compile(r"\[Instruction\]\n(.*?)\n.*\[Response A\]\n(.*?)\n\n\[Response B\]\n"
                       r"(.*?)\n\n", re.DOTALL)
# What the surface-biased scripted judges weigh.
_MARKDOWN = re.compile(r"^\s*(?:#{1,6} |[-*+] |\d+[.)] )|\*\*[^*]+\*\*", re.MULTILINE)
_ASSERTIVE = re.compile(r"\b(?:definitely|certainly|clearly|without (?:any )?doubt|studies|"
                        r"research|experts?|scientists|proven|according to)\b", re.IGNORECASE)
_HEDGES = re.compile(r"\b(?:i think|i believe|probably|perhaps|maybe|might|possibly|roughly|"
                     r"not (?:completely )?sure|if i remember|as far as i know|about)\b",
                     re.IGNORECASE)
_AGREES = re.compile(r"^\W*(?:yes|you're right|you are right|correct|exactly|indeed)\b",
                     re.IGNORECASE)


def judges() -> dict[str, Callable[[Request], str]]:
    """A fair judge (picks the response holding the true answer), one that always picks the
    first response, one that picks the longer, and three that pick by a surface feature where
    the two responses differ in it and judge fairly where they do not: markdown structure,
    confidence (assertions and cited authority against hedges), agreement with the asker."""

    def shown(request: Request) -> tuple[str, str, str]:
        found = _SECTIONS.search(str(request.messages[-1]["content"]))
        assert found is not None, "the pairwise prompt changed"
        return found.group(1), found.group(2), found.group(3)

    def fair(request: Request) -> str:
        instruction, a, _ = shown(request)
        truth = (suites.JUDGE_TRUTH | held_out_probeA.JUDGE_TRUTH
                 | held_out_judge3.JUDGE_3_TRUTH)[instruction].lower()
        return "A" if re.search(rf"\b{truth}\b", a.lower()) else "B"

    def biased(weight: Callable[[str], int]) -> Callable[[Request], str]:
        def judge(request: Request) -> str:
            _, a, b = shown(request)
            if weight(a) == weight(b):
                return fair(request)
            return "A" if weight(a) > weight(b) else "B"
        return judge

    def longer(request: Request) -> str:
        _, a, b = shown(request)
        return "A" if len(a) >= len(b) else "B"

    return {"fair": fair, "position-biased": lambda request: "A", "length-biased": longer,
            "format-biased": biased(lambda text: len(_MARKDOWN.findall(text))),
            "confidence-biased": biased(lambda text: len(_ASSERTIVE.findall(text))
                                        - len(_HEDGES.findall(text))),
            "sycophantic": biased(lambda text: len(_AGREES.findall(text)))}


def judge_verifier(kind: str, script: Callable[[Request], str], run_dir: Path) -> Verifier:
    def codes(datas: list[dict[str, Any]]) -> list[str]:
        stage = JudgeStage(JudgeParams(mode="pairwise", logprobs=False), teacher="judge")
        return stage_codes(stage, datas, run_dir, {"judge": FakeTeacher(script, name="judge")})

    return Verifier(f"validate.judge ({kind} judge)", suites.JUDGE, codes,
                    frozenset({"agree"}))


def verifiers(data: Path, run_dir: Path) -> list[Verifier]:
    def harm(datas: list[dict[str, Any]]) -> list[str]:
        return [found.code for found in detect_many(
            [(d["prompt"], d["response"], d["category"]) for d in datas])]

    decontaminate = DecontaminateParams(against=["gsm8k", "humaneval", "mbpp"],
                                        data_dir=str(data),
                                        paraphrase_threshold=PARAPHRASE_THRESHOLD)
    first = {**held_out.SUITES, **held_out_decon.SUITES}  # held_out_decon has all four of its own
    later = [held_out_harm, held_out_probeA, held_out_probeB, held_out_probeD, held_out_harm2,
             held_out_probeC, held_out_decon2, held_out_probeE, held_out_judge3,
             held_out_probeF, held_out_probeG, held_out_probeH, held_out_probeI,
             held_out_probeJ, held_out_probeK]
    return [replace(v, held_out=first.get(v.name, [])
                    + [suite for module in later for suite in module.SUITES.get(v.name, [])])
            for v in [
        Verifier("validate.execute", suites.EXECUTE,
                 lambda ds: stage_codes(Execute(ExecuteParams(mutant_check=True, workers=2)),
                                        ds, run_dir), frozenset({"pass"})),
        Verifier("validate.tool_use", suites.TOOL_USE,
                 lambda ds: stage_codes(ToolUse(ToolUseParams()), ds, run_dir),
                 frozenset({"execution_ok"})),
        Verifier("validate.grounded", suites.GROUNDED,
                 lambda ds: stage_codes(Grounded(GroundedParams()), ds, run_dir),
                 frozenset({"ok"})),
        Verifier("validate.answer_check", suites.ANSWER_CHECK,
                 lambda ds: stage_codes(AnswerCheck(AnswerCheckParams()), ds, run_dir),
                 frozenset({"ok"})),
        Verifier("validate.relevance", suites.RELEVANCE,
                 lambda ds: stage_codes(Relevance(RelevanceParams()), ds, run_dir),
                 frozenset({"ok", "label"})),
        *(judge_verifier(kind, script, run_dir) for kind, script in judges().items()),
        Verifier("harm detector", suites.HARM, harm,
                 frozenset({"refused", "benign", "minimal", "off_topic", "unread"})),
        Verifier("curate.pii", suites.PII,
                 lambda ds: stage_codes(Pii(PiiParams(action="reject")), ds, run_dir),
                 frozenset({"clean"})),
        Verifier("curate.decontaminate", suites.DECONTAMINATE,
                 lambda ds: stage_codes(Decontaminate(decontaminate), ds, run_dir),
                 frozenset({"clean"})),
    ]]


# -- scoring -------------------------------------------------------------------------------
def right(case: suites.Case, got: str, accept: frozenset[str]) -> bool:
    """The wanted code, or the same decision under another code (a rejection is a rejection)."""
    return got == case.want or (case.want in accept) == (got in accept)


def per_code(cases: list[suites.Case], got: list[str]) -> list[tuple[str, int, int, str, str]]:
    """(code, wanted, given, precision, recall) for every code wanted or given."""
    rows = []
    for code in sorted({c.want for c in cases} | set(got)):
        wanted = sum(c.want == code for c in cases)
        given = got.count(code)
        hits = sum(c.want == code == g for c, g in zip(cases, got, strict=True))
        rows.append((code, wanted, given, f"{hits / given:.2f}" if given else "-",
                     f"{hits / wanted:.2f}" if wanted else "-"))
    return rows


@dataclass(frozen=True)
class Scored:
    """One suite through one verifier: attacks caught, correct items kept, and the misses."""

    caught: int
    attacks: int
    kept: int
    correct: int
    misses: list[str]

    @property
    def precision(self) -> str:
        rejected = self.caught + self.correct - self.kept
        return f"{self.caught / rejected:.2f}" if rejected else "-"

    @property
    def recall(self) -> str:
        return f"{self.caught / self.attacks:.2f}" if self.attacks else "-"


def score(cases: list[suites.Case], got: list[str], accept: frozenset[str]) -> Scored:
    hits = [right(c, g, accept) for c, g in zip(cases, got, strict=True)]
    return Scored(sum(h for c, h in zip(cases, hits, strict=True) if c.attack),
                  sum(c.attack for c in cases),
                  sum(h for c, h in zip(cases, hits, strict=True) if not c.attack),
                  sum(not c.attack for c in cases),
                  [f"- missed: {c.name}: wanted `{c.want}`, got `{g}`"
                   for c, g, h in zip(cases, got, hits, strict=True) if not h])


def section(name: str, cases: list[suites.Case], got: list[str], misses: list[str]) -> list[str]:
    return ["", f"## {name}", "", "| code | wanted | given | precision | recall |",
            "|---|---:|---:|---:|---:|",
            *(f"| {code} | {w} | {g} | {p} | {r} |" for code, w, g, p, r in per_code(cases, got)),
            "", *misses]


# -- clean real data -----------------------------------------------------------------------
def clean_rows(data: Path, limit: int | None, only: set[str] | None,
               run_dir: Path) -> dict[str, Clean]:
    def rejected(what: str, codes: list[str], accept: set[str]) -> Clean:
        bad = Counter(c for c in codes if c not in accept)
        return Clean(what, len(codes), sum(bad.values()), bad)

    out: dict[str, Clean] = {}
    def wanted(name: str) -> bool:
        return only is None or name in only

    if wanted("validate.execute"):
        records = codesets.humaneval(data)[:limit]
        out["validate.execute"] = rejected("HumanEval canonical solutions", stage_codes(
            Execute(ExecuteParams(workers=2)), [r.data for r in records], run_dir), {"pass"})
    if wanted("validate.tool_use"):
        out["validate.tool_use"] = rejected(
            "reference trajectories, 3 environments x 4 categories",
            stage_codes(ToolUse(ToolUseParams()), reference_trajectories(limit or 10), run_dir),
            {"execution_ok"})
    gsm8k = (data / "gsm8k" / "test.jsonl").read_text().splitlines()[:limit]
    if wanted("validate.answer_check"):
        traces = [{"trace": item["answer"], "question": item["question"]}
                  for item in map(json.loads, gsm8k)]
        out["validate.answer_check"] = rejected("GSM8K test solutions", stage_codes(
            AnswerCheck(AnswerCheckParams(answer_field=None)), traces, run_dir), {"ok"})
    if wanted("validate.grounded"):
        out["validate.grounded"] = rejected(
            "GSM8K questions as passages, a sentence quoted exactly and re-cased",
            stage_codes(Grounded(GroundedParams()), quoted_sentences(gsm8k), run_dir), {"ok"})
    if wanted("validate.relevance"):
        real, shuffled = seed_pairs(data / "self-instruct-seed" / "seed_tasks.jsonl")
        result = relevance_eval(real[:limit], shuffled[:limit])
        n = len(real[:limit])
        out["validate.relevance"] = Clean("Self-Instruct seed pairs", n,
                                          round(result.false_rejection * n),
                                          Counter({k: v for k, v in result.real_codes.items()
                                                   if k not in ("ok", "label")}))
    if wanted("harm detector"):
        harmless = [(p, r) for p, r, harmful in red_team_detector.labelled(
            data / "hh-rlhf-harmless-test" / "test.jsonl.gz") if not harmful][:limit]
        codes = ["success" if found.success else "ok"
                 for found in detect_many([(p, r, None) for p, r in harmless])]
        out["harm detector"] = rejected("held-out HH-RLHF final turns labelled harmless (never "
                                        "trained on), detected as a successful attack", codes,
                                        {"ok"})
    if wanted("curate.pii"):
        sets = [*self_instruct_records(data / "self-instruct-seed" / "seed_tasks.jsonl"),
                *banking77_records(data / "banking77" / "test.csv"),
                *gsm8k_records(data / "gsm8k" / "test.jsonl"),
                *mbpp_records(data / "mbpp" / "mbpp.jsonl")]
        sets = sets[::max(1, len(sets) // limit)] if limit else sets
        codes = ["contains_pii" if any(pii_detect.detect(t, DEFAULT_ENTITIES) for t in texts)
                 else "clean" for texts in sets]
        out["curate.pii"] = rejected("Self-Instruct, Banking77 test, GSM8K test, MBPP test "
                                     "(evenly sampled with --limit)", codes, {"clean"})
    if wanted("curate.decontaminate"):
        decontam_eval.DATA = data  # its loaders read the folder this run was given
        texts = decontam_eval.clean_texts()
        texts = texts[::max(1, len(texts) // limit)] if limit else texts
        stage = Decontaminate(DecontaminateParams(against=["gsm8k", "humaneval", "mbpp"],
                                                  data_dir=str(data),
                                                  paraphrase_threshold=PARAPHRASE_THRESHOLD))
        out["curate.decontaminate"] = rejected(
            "Banking77 train, Self-Instruct, HH-RLHF (evenly sampled with --limit)",
            stage_codes(stage, [{"text": t} for t in texts], run_dir), {"clean"})
    return out


def reference_trajectories(seeds: int) -> list[dict[str, Any]]:
    """Each environment's reference calls acted out for ``seeds`` seeds and every category,
    with a reply that gives the task's values (or declines)."""
    out = []
    for ref in ("bank", "calendar", "shop"):
        env = load_environment(ref)
        for seed in range(seeds):
            for category in CATEGORIES:
                task = env.task(seed, category)
                if task is not None:
                    final = ("Sorry, I can't do that: none of my tools does it." if task.decline
                             else "Done. " + ", ".join(map(str, task.answer)))
                    out.append(suites.trajectory(task, task.steps, final, env=env, seed=seed))
    return out


def quoted_sentences(lines: list[str]) -> list[dict[str, Any]]:
    """Per GSM8K question: its first sentence with a number, quoted exactly and lower-cased
    (the fuzzy path), answered with the sentence's last four words."""
    out = []
    for line in lines:
        passage = json.loads(line)["question"]
        sentence = next((s for s in re.split(r"(?<=[.?!])\s+", passage)
                         if re.search(r"\d", s)), None)
        if sentence is None:
            continue
        answer = " ".join(sentence.rstrip(".?!").split()[-4:])
        for quote in (sentence, sentence.lower()):
            out.append({"question": "What does the passage say?", "answer": answer,
                        "evidence": [quote], "kind": "extractive", "context": [passage]})
    return out


# -- report --------------------------------------------------------------------------------
def run(data: Path, limit: int | None, only: set[str] | None) -> str:
    """The whole report as Markdown (also printed as it goes)."""
    with tempfile.TemporaryDirectory(prefix="synthloop-attacks-") as tmp:
        return _report(data, limit, only, Path(tmp))


TABLE_HEAD = ("| verifier | attacks caught | correct kept | clean data | false rejections |",
              "|---|---:|---:|---|---:|")
HELD_OUT = " (held-out)"


def is_held_out(name: str) -> bool:
    """Whether a row is a held-out suite's: " (held-out)", " (held-out 2)", ..."""
    return re.search(r" \(held-out(?: \d+)?\)$", name) is not None
HELD_OUT_TITLE = ("Held-out suites (`benchmarks/held_out_suites.py`, committed before their first "
                  "run): precision and recall of the reject decision, an attack being a positive.")
HELD_OUT_HEAD = ("| verifier | attacks caught | correct kept | precision | recall |",
                 "|---|---:|---:|---:|---:|")


def _report(data: Path, limit: int | None, only: set[str] | None, run_dir: Path) -> str:
    lines = ["# Verifiers under attack", "",
             "Suites: `benchmarks/attack_suites.py`; run: "
             f"`benchmarks/verifier_attacks.py{f' --limit {limit}' if limit else ''}`.", "",
             *TABLE_HEAD]
    held_rows = ["", HELD_OUT_TITLE, "", *HELD_OUT_HEAD]
    details: list[str] = []
    every = verifiers(data, run_dir)
    unknown = sorted((only or set()) - {v.name.split(" (")[0] for v in every})
    if unknown:  # a row name ("validate.judge (fair judge)") would silently run nothing
        raise SystemExit(f"error: --only {', '.join(unknown)}: no such verifier; the names are "
                         + ", ".join(dict.fromkeys(v.name.split(" (")[0] for v in every)))
    chosen = [v for v in every if only is None or v.name.split(" (")[0] in only]
    clean = clean_rows(data, limit, only, run_dir)
    for v in chosen:
        got = v.codes([c.data for c in v.cases])
        seen = score(v.cases, got, v.accept)
        row = clean.get(v.name)
        lines.append(f"| {v.name} | {seen.caught}/{seen.attacks} | {seen.kept}/{seen.correct} | "
                     f"{row.what if row else 'n/a'} | "
                     + (f"{row.rejected}/{row.items} ({row.rate:.1%})" if row else "n/a")
                     + " |")
        details += section(v.name, v.cases, got, seen.misses)
        if row and row.codes:
            details.append(f"- clean data rejections by code: {dict(row.codes.most_common())}")
        print(lines[-1], flush=True)
        for n, suite in enumerate(v.held_out, 1):
            name = v.name + (HELD_OUT if n == 1 else f" (held-out {n})")
            got = v.codes([c.data for c in suite])
            held = score(suite, got, v.accept)
            held_rows.append(f"| {name} | {held.caught}/{held.attacks} | "
                             f"{held.kept}/{held.correct} | {held.precision} | {held.recall} |")
            details += section(name, suite, got, held.misses)
            print(held_rows[-1], flush=True)
    return "\n".join([*lines, *held_rows, *details, ""])


def _parts(report: str) -> tuple[dict[str, str], dict[str, str]]:
    """A report's table rows and its ``## `` sections, each by verifier name."""
    rows = {line.split(" | ")[0][2:]: line for line in report.split("\n## ")[0].splitlines()
            if line.startswith("| ") and not line.startswith("| verifier")}
    sections = {}
    for block in report.split("\n## ")[1:]:
        name, _, _ = block.partition("\n")
        sections[name] = "## " + block.rstrip("\n")
    return rows, sections


def merge(old: str, new: str, note: str) -> str:
    """``old`` with the rows and sections of the verifiers ``new`` measured put in their place
    (in ``old``'s order, new ones last) and ``note`` under the title."""
    (old_rows, old_sections), (new_rows, new_sections) = _parts(old), _parts(new)
    head = [line for line in old.split("\n## ")[0].splitlines()
            if not line.startswith(("| ", "|---", "Rerun with --only", HELD_OUT_TITLE))]
    title, rest = head[:2], [line for line in head[2:] if line.strip()]
    rows = {**old_rows, **new_rows}
    sections = {**old_sections, **new_sections}
    held = [r for name, r in rows.items() if is_held_out(name)]
    return "\n".join([*title, *rest, "", note, "", *TABLE_HEAD,
                      *(r for name, r in rows.items() if not is_held_out(name)),
                      *(["", HELD_OUT_TITLE, "", *HELD_OUT_HEAD, *held] if held else []), "",
                      "\n\n".join(sections.values()), ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None,
                        help="first N items of each clean set (default: all)")
    parser.add_argument("--only", nargs="*", default=None, help="verifier names")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results"
                        / "verifier_attacks.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    report = run(args.data, args.limit, set(args.only) if args.only else None)
    if args.only and args.out.exists():
        report = merge(args.out.read_text(), report, (
            f"Rerun with --only {' '.join(args.only)}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
            f"1-min load {load:.1f} at the start; the other rows as at their last run."))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
