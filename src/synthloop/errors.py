"""Errors a user can act on. The CLI prints them as one short message and exits non-zero."""

from __future__ import annotations


class SynthloopError(Exception):
    """Base for errors shown to the user without a traceback."""

    exit_code = 1


class SpecError(SynthloopError):
    """A spec (or experiment file) is invalid. ``issues`` holds one line per problem."""

    exit_code = 2

    def __init__(self, issues: list[str]) -> None:
        self.issues = issues
        super().__init__("\n".join(issues))


class DataError(SynthloopError):
    """A data file (source, benchmark) is unreadable or malformed; names file and line."""

    exit_code = 2


class RunDirError(SynthloopError):
    """The run directory holds a different spec, or is not a run."""

    exit_code = 2


class BudgetExceeded(SynthloopError):
    """The next request would exceed the spec's budget; the run stops cleanly and resumes
    when the budget is raised."""

    exit_code = 3


class ExportError(SynthloopError):
    """An export cannot be written as asked (unknown format or style, ``--out`` is a file, a
    record the style cannot hold); nothing is written."""

    exit_code = 2


class UsageError(SynthloopError):
    """A command-line argument that cannot be honoured (an unknown stage, a stage the run
    does not have)."""

    exit_code = 2
