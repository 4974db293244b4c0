"""synthloop: synthetic data for language-model development, from plan to measurement.

``run(spec_or_path, run_dir=...)`` runs or resumes a spec; ``open_run(dir)`` reads a run.
"""

from synthloop.api import RunHandle, open_run, run
from synthloop.records import Lineage, Record, Status, Verdict
from synthloop.spec import Spec, load_spec
from synthloop.version import __version__

__all__ = ["Lineage", "Record", "RunHandle", "Spec", "Status", "Verdict", "__version__",
           "load_spec", "open_run", "run"]
