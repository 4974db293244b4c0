"""``command``: the user's own training and evaluation, run as shell commands.

synthloop writes the arm's training items and each evaluation set as JSONL, runs the commands
with those paths filled in (shell-quoted), and reads ``{"scores": [...]}`` back: one score per
evaluation item, in the order of the file, so the statistics stay per item and paired.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import orjson

from synthloop.config.students import CommandSpec
from synthloop.errors import StudentError
from synthloop.measure.data import Item
from synthloop.measure.students import EvalSet, Student


def write_jsonl(path: Path, items: list[Item]) -> Path:
    """Write items (without synthloop's internal ``id``) one JSON object a line."""
    with path.open("wb") as fh:
        for item in items:
            fh.write(orjson.dumps({k: v for k, v in item.items() if k != "id"}) + b"\n")
    return path


class CommandStudent(Student):
    spec: CommandSpec

    def eval_fields(self, metric: str) -> tuple[str, ...]:
        return ()

    def run(
        self, train: list[Item], evals: list[EvalSet], *, seed: int, workdir: Path,
        weights: Sequence[float] | None = None,
    ) -> dict[str, np.ndarray]:
        workdir.mkdir(parents=True, exist_ok=True)
        model_dir = workdir / "model"
        model_dir.mkdir(exist_ok=True)
        values = {"train": write_jsonl(workdir / "train.jsonl", train), "model_dir": model_dir,
                  "seed": seed}
        if self.spec.train is not None:
            self._call("train", self.spec.train, values, workdir)
        scores: dict[str, np.ndarray] = {}
        for ev in evals:
            result = workdir / f"result-{ev.name}.json"
            result.unlink(missing_ok=True)
            ev_values = {**values, "eval": write_jsonl(workdir / f"eval-{ev.name}.jsonl", ev.items),
                         "result": result}
            self._call(f"eval {ev.name}", self.spec.eval, ev_values, workdir)
            scores[ev.name] = _read_scores(result, len(ev.items))
        return scores

    def _call(self, what: str, template: str, values: dict[str, object], cwd: Path) -> None:
        command = template.format(**{k: shlex.quote(str(v)) for k, v in values.items()})
        try:
            proc = subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True,
                                  timeout=self.spec.timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise StudentError(f"{what} command ran past {self.spec.timeout_s:g}s: "
                               f"{command}") from None
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip()[-1500:]
            raise StudentError(f"{what} command exited with {proc.returncode}: {command}\n{tail}")


def _read_scores(path: Path, n_items: int) -> np.ndarray:
    try:
        payload = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise StudentError(f"the eval command wrote nothing to {path}; it must write "
                           '{"scores": [one number per item]}') from None
    except orjson.JSONDecodeError as exc:
        raise StudentError(f"{path}: not valid JSON: {exc}") from None
    scores = payload.get("scores") if isinstance(payload, dict) else None
    if not isinstance(scores, list) or not all(isinstance(s, int | float) for s in scores):
        raise StudentError(f'{path}: expected {{"scores": [numbers]}}, one per evaluation item')
    if len(scores) != n_items:
        raise StudentError(f"{path}: {len(scores)} scores for {n_items} evaluation items; "
                           "give one score per item, in file order")
    return np.asarray(scores, dtype=float)
