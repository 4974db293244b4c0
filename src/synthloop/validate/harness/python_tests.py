"""Runs inside the sandbox: load solution.py, then the test setup, then each test, and report
on stdout.

Each report line starts with a per-run nonce read from (and deleted with) ``job.json`` before
the solution runs, so the solution's own prints cannot be mistaken for a report, and exiting
early (``os._exit(0)``) is a failure, not a pass: only the final ``done`` line passes.
(A solution that digs the nonce out of this process's memory could forge it; the harness
guards against accidents and reward hacks of the usual kind, the sandbox against harm.)
"""

import json
import os
import sys
import traceback

with open("job.json") as f:
    JOB = json.load(f)
os.remove("job.json")
NONCE = JOB.pop("nonce")
REPORT = os.fdopen(os.dup(1), "w")


def report(**fields):
    REPORT.write(NONCE + json.dumps(fields) + "\n")
    REPORT.flush()


def failure(exc, filename, source):
    """The exception's last line and the source line it points at (in ``source``)."""
    error = traceback.format_exception_only(type(exc), exc)[-1].strip()[-500:]
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return {"error": f"{error} (line {exc.lineno})", "line": (exc.text or "").strip()}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    line = ""
    if frames and frames[-1].lineno:
        lines = source.splitlines()
        if frames[-1].lineno <= len(lines):
            line = lines[frames[-1].lineno - 1].strip()
    return {"error": error, "line": line}


namespace = {"__name__": "solution"}
# The setup builds test fixtures from the solution's definitions (MBPP's test_setup_code).
for name, source in (("solution.py", JOB["code"]), ("setup", JOB["setup"])):
    try:
        exec(compile(source, name, "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit included: it is a failure
        report(event="load", where=name, **failure(exc, name, source))
        sys.stdout.flush()
        os._exit(1)
for i, source in enumerate(JOB["tests"]):
    filename = f"test {i + 1}"
    try:
        exec(compile(source, filename, "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001
        report(event="test", index=i, **failure(exc, filename, source))
        sys.stdout.flush()
        os._exit(1)
sys.stdout.flush()
report(event="done", passed=len(JOB["tests"]))
os._exit(0)
