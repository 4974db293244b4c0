"""The package's layering holds: no import runs up a layer and no module cycle."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_no_import_runs_up_a_layer_and_no_cycle() -> None:
    result = subprocess.run([sys.executable, "scripts/layers.py", "--quiet"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "0 violation(s)"
