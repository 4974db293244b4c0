"""The package's layering holds: no import runs up a layer and no module cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_no_import_runs_up_a_layer_and_no_cycle() -> None:
    result = subprocess.run([sys.executable, "scripts/layers.py", "--quiet"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "0 violation(s)"


def test_another_tree_can_be_read_and_its_upward_arrow_is_named(tmp_path: Path) -> None:
    """`--package` reads another tree (an earlier commit's, to list before and after): a
    store that imports the CLI runs up from the data layer to the entry layer."""
    package = tmp_path / "synthloop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "cli.py").write_text("from synthloop import store\n")
    (package / "store.py").write_text("import synthloop.cli\n")
    result = subprocess.run([sys.executable, "scripts/layers.py", "--package", str(package)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout
    assert result.stdout.splitlines()[-3:] == [
        "2 violation(s):", "  store -> cli: synthloop.store -> synthloop.cli",
        "  cycle: synthloop.cli <-> synthloop.store"]
