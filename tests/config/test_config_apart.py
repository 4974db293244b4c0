"""The config package reads and validates a spec without loading the engine: no stage,
teacher, executor, export, store or pipeline module is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ENGINE = ("synthloop.generate", "synthloop.validate", "synthloop.curate", "synthloop.measure",
          "synthloop.plan", "synthloop.teachers", "synthloop.executors", "synthloop.export",
          "synthloop.store", "synthloop.pipeline", "synthloop.stages", "synthloop.registry",
          "synthloop.report", "synthloop.api")

SPEC = """\
name: apart
target: {size: 3}
teachers: {w: {backend: openai, base_url: "http://127.0.0.1:9/v1", model: m}}
stages: [{use: generate.prompt, teacher: w, template: "hi"}]
outputs: {style: sharegpt, formats: [jsonl, parquet]}
"""


def test_loading_a_spec_imports_no_engine_module(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    code = ("import sys\nfrom synthloop.config.load import read_spec, spec_model\n"
            f"data, where = read_spec({str(spec)!r})\n"
            "spec = spec_model(data, where)\n"
            "print(type(spec.teachers['w']).__name__, spec.outputs.style)\n"
            f"print(sorted(m for m in sys.modules if m.startswith({ENGINE!r})))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines() == ["OpenAITeacherSpec sharegpt", "[]"]
