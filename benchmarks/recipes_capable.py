"""Every example spec that uses a teacher, run by ``synthloop run`` (a whole process, the real
HTTP stack) against the scripted teacher of ``tests/teachers/scripted_teacher.py`` in its
capable mode (right answers from ground truth) and its adversarial one (plausible but wrong),
with one table of what each kept and which check rejected the rest.

    PYTHONPATH=src .venv/bin/python benchmarks/recipes_capable.py [--only EXAMPLE ...]
        [--own-size] [--out benchmarks/results/recipes_capable.md]

Each spec is sized as in ``tests/teachers/example_specs.py`` (``--own-size``: at the spec's
own size) with its teachers pointed at the server; ``tool_use[tools]`` is tool_use.yaml with
OpenAI ``tools`` instead of its JSON protocol. The goal (issue 22): the capable teacher keeps
at least 90% of what it generates, the adversarial one at most 2%, each rejection named by its
check. A spec the CLI refuses (Magpie needs a raw completion, which a chat endpoint does not
offer) is listed with the CLI's message.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import synthloop  # noqa: E402
from synthloop.records import Status  # noqa: E402
from tests.teachers.example_specs import (  # noqa: E402
    EXAMPLES,
    rejected_by,
    uses_teacher,
    write_spec,
)
from tests.teachers.scripted_teacher import Mode, ScriptedTeacher  # noqa: E402

MODES: tuple[Mode, ...] = ("capable", "adversarial")


@dataclass
class Outcome:
    generated: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    refused: str = ""  # the CLI's message when it ran nothing

    def cell(self) -> str:
        return self.refused and "refused" or f"{self.kept}/{self.generated}"


def examples(only: list[str]) -> list[str]:
    """Every example with a teacher (and the variants of :data:`EXAMPLES`), by name."""
    names = [p.stem for p in sorted((REPO / "examples").glob("*.yaml")) if uses_teacher(p)]
    names += [v for v in EXAMPLES if "[" in v and v.split("[")[0] in names]
    return sorted(n for n in names if not only or n in only)


def run_one(example: str, mode: Mode, own_size: bool, work: Path) -> Outcome:
    """``synthloop run`` of the example against a fresh scripted teacher in ``mode``."""
    server = ScriptedTeacher(mode=mode)
    try:
        spec = write_spec(example, server.base_url, work / "spec", own_size=own_size)
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run([sys.executable, "-m", "synthloop.cli", "run", str(spec), "--run-dir",
                               str(work / "run"), "--quiet"], env=env, capture_output=True,
                              text=True, check=False)
    finally:
        server.close()
    if not (work / "run").exists():
        said = (done.stderr or done.stdout).replace(f"{work}/spec/", "")
        return Outcome(refused=" ".join(said.split())[:300])
    with synthloop.open_run(work / "run") as handle:
        records = list(handle.store.iter_records(with_verdicts=True))
    kept = sum(r.status is Status.OK for r in records)
    return Outcome(len(records), kept,
                   Counter(rejected_by(r) for r in records if r.status is not Status.OK))


def table(rows: dict[str, dict[Mode, Outcome]]) -> str:
    lines = ["| spec | generated | kept (capable) | kept (adversarial) | capable rejected by "
             "| adversarial rejected by |", "|---|---:|---:|---:|---|---|"]
    for name, by_mode in rows.items():
        capable, adversarial = by_mode["capable"], by_mode["adversarial"]
        if capable.refused:
            lines.append(f"| {name} | 0 | refused | refused | {capable.refused} | |")
            continue
        why = [", ".join(f"`{k}` {n}" for k, n in sorted(o.rejected.items())) or "none"
               for o in (capable, adversarial)]
        lines.append(f"| {name} | {capable.generated} / {adversarial.generated} | "
                     f"{capable.cell()} | {adversarial.cell()} | {why[0]} | {why[1]} |")
    return "\n".join(lines)


def verdict(rows: dict[str, dict[Mode, Outcome]]) -> list[str]:
    """The goal, per spec: capable >= 90% kept, adversarial <= 2%."""
    short = []
    for name, by_mode in rows.items():
        capable, adversarial = by_mode["capable"], by_mode["adversarial"]
        if capable.refused:
            continue
        if capable.kept < 0.9 * capable.generated or not capable.generated:
            short.append(f"{name}: capable kept {capable.cell()} (< 90%)")
        if adversarial.kept > 0.02 * adversarial.generated:
            short.append(f"{name}: adversarial kept {adversarial.cell()} (> 2%)")
    return short


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--own-size", action="store_true",
                        help="each spec at its own target size (banking77_augment: 1155)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[0]
    rows: dict[str, dict[Mode, Outcome]] = {}
    for name in examples(args.only):
        rows[name] = {}
        for mode in MODES:
            with tempfile.TemporaryDirectory() as tmp:
                rows[name][mode] = run_one(name, mode, args.own_size, Path(tmp))
            print(f"{name} {mode}: {rows[name][mode].cell()} "
                  f"{dict(rows[name][mode].rejected)}{rows[name][mode].refused}", flush=True)
    short = verdict(rows)
    text = "\n".join([
        f"# Example specs against the scripted teacher ({date.today()}, load {load})", "",
        "`" + " ".join(["PYTHONPATH=src python benchmarks/recipes_capable.py", *sys.argv[1:]])
        + "`", "", table(rows), "",
        "Goal: capable keeps >= 90%, adversarial <= 2%, each rejection named by its check: "
        + ("met by every spec." if not short else "short: " + "; ".join(short) + ".")])
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n")
    sys.exit(1 if short else 0)


if __name__ == "__main__":
    main()
