"""Pydantic's plugin scan is spared only where no distribution can declare a plugin: one that
does still gets synthloop's models."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from synthloop.pydantic_plugins import may_declare_plugins
from tests.conftest import run_cli

PLUGIN = '''
import os

class Recorder:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config,
                             plugin_settings):
        with open(os.environ["PLUGIN_SAW"], "a") as fh:
            fh.write(getattr(schema_type, "__name__", "?") + "\\n")
        return None, None, None

plugin = Recorder()
'''


def distribution(folder: Path, name: str, entry_points: str | None) -> Path:
    info = folder / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)
    return folder


def test_only_a_distribution_naming_pydantic_may_declare_a_plugin(tmp_path: Path) -> None:
    scripts = distribution(tmp_path / "a", "tool", "[console_scripts]\ntool = tool:main\n")
    bare = distribution(tmp_path / "b", "lib", None)
    plugin = distribution(tmp_path / "c", "logger", "[pydantic]\nlog = logger:plugin\n")
    assert not may_declare_plugins([str(scripts), str(bare), str(tmp_path / "missing")])
    assert may_declare_plugins([str(scripts), str(plugin)])


def test_a_path_it_cannot_read_through_leaves_the_scan_to_pydantic(tmp_path: Path) -> None:
    archive = tmp_path / "deps.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("lib-0.1.dist-info/METADATA", "Name: lib\n")
    egg = tmp_path / "old-1.0.egg"
    egg.mkdir()
    assert may_declare_plugins([str(archive)])
    assert may_declare_plugins([str(egg)])


def test_an_installed_plugin_sees_the_spec_models(tmp_path: Path) -> None:
    site = distribution(tmp_path / "site", "recorder", "[pydantic]\nrec = recorder:plugin\n")
    (site / "recorder.py").write_text(PLUGIN)
    (tmp_path / "data.jsonl").write_text('{"text": "a b c"}\n')
    spec = tmp_path / "dedup.yaml"
    spec.write_text("name: dedup\nsource: {path: data.jsonl}\n"
                    "stages:\n  - {use: curate.dedup, method: minhash}\n")
    saw = tmp_path / "saw.txt"
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])
    done = run_cli("check", str(spec), env={"PYTHONPATH": path, "PLUGIN_SAW": str(saw)})
    assert done.returncode == 0, done.stderr
    assert "Spec" in saw.read_text().split()
