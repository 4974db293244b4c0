"""Small experiment fixtures: twenty evaluation items, four real and sixteen synthetic items."""

import json
import sys
import textwrap
from pathlib import Path

import pytest

TRAIN = """\
import json, sys
items = [json.loads(line) for line in open(sys.argv[1])]
json.dump({it["text"]: it["label"] for it in items}, open(sys.argv[2] + "/memory.json", "w"))
"""
EVAL = """\
import json, sys
memory = json.load(open(sys.argv[1] + "/memory.json"))
items = [json.loads(line) for line in open(sys.argv[2])]
scores = [1 if memory.get(it["text"]) == it["label"] else 0 for it in items]
json.dump({"scores": scores}, open(sys.argv[3], "w"))
"""


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def memorizing_experiment(tmp_path: Path, name: str, real: list[dict], synthetic: list[dict],
                          evals: list[dict], extra: str = "") -> Path:
    """An experiment spec in ``tmp_path`` whose command student memorizes texts, with the
    given real, synthetic and evaluation rows; ``extra`` is YAML appended to it (arms)."""
    write_jsonl(tmp_path / "eval.jsonl", evals)
    write_jsonl(tmp_path / "real.jsonl", real)
    write_jsonl(tmp_path / "syn.jsonl", synthetic)
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "eval.py").write_text(EVAL)
    py = sys.executable
    exp = tmp_path / "exp.yaml"
    exp.write_text(textwrap.dedent(f"""\
        name: {name}
        synthetic: [{{path: syn.jsonl}}]
        real: {{path: real.jsonl}}
        student:
          kind: command
          train: {py} {tmp_path / 'train.py'} {{train}} {{model_dir}}
          eval: {py} {tmp_path / 'eval.py'} {{model_dir}} {{eval}} {{result}}
          metrics: [accuracy]
        evals: [{{name: held-out, path: eval.jsonl, metric: accuracy}}]
        seeds: 2
        bootstrap: {{samples: 1000}}
        cache_dir: cache
        """) + extra)
    return exp


@pytest.fixture
def memorizer(tmp_path: Path) -> Path:
    """An experiment whose command student memorizes texts: real covers 4 of the 20
    evaluation items, synthetic the other 16, so the accuracies are 0.2, 0.8 and 1.0."""
    rows = [{"text": f"t{i}", "label": "ab"[i % 2]} for i in range(20)]
    return memorizing_experiment(tmp_path, "memo", rows[:4], rows[4:], rows)
