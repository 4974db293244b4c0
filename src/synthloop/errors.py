"""Every error a user can act on, in one place. The CLI prints them as one short message and
exits with the error's code: 2 for bad input (a spec, a file, an argument, a plugin), 3 for a
reached budget, 4 for an unavailable teacher or server outage; never a traceback.

The modules that raise them import them from here; their messages name the file, line, record
or argument at fault and say what to do.
"""

from __future__ import annotations


class SynthloopError(Exception):
    """Base for errors shown to the user without a traceback."""

    exit_code = 1


# -- input: specs, data, arguments --------------------------------------------------------
class SpecError(SynthloopError):
    """A spec (or experiment file) is invalid. ``issues`` holds one line per problem."""

    exit_code = 2

    def __init__(self, issues: list[str]) -> None:
        self.issues = issues
        super().__init__("\n".join(issues))


class DataError(SynthloopError):
    """A data file (source, benchmark) is unreadable or malformed; names file and line."""

    exit_code = 2


class ColumnError(DataError):
    """A ``fields:`` mapping names a column the table does not have."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name  # the canonical name whose column is missing


class RunDirError(SynthloopError):
    """The run directory holds a different spec, or is not a run."""

    exit_code = 2


class UsageError(SynthloopError):
    """A command-line argument that cannot be honoured (an unknown stage, a stage the run
    does not have)."""

    exit_code = 2


class StageDefinitionError(SynthloopError, TypeError):
    """A class offered as a stage is not one of the stage kinds, or is incomplete."""

    exit_code = 2


class BadEnvironment(SynthloopError):
    """An environment module that does not follow the contract, or cannot be found."""

    exit_code = 2


# -- exports and review -------------------------------------------------------------------
class ExportError(SynthloopError):
    """An export cannot be written as asked (unknown format or style, ``--out`` is a file, a
    record the style cannot hold); nothing is written."""

    exit_code = 2


class StyleError(ExportError):
    """A record cannot be put in the requested style; ``missing`` says what it lacks."""

    def __init__(self, record_id: str, missing: str) -> None:
        self.record_id, self.missing = record_id, missing
        super().__init__(f"record {record_id}: {missing}")


class ReviewError(SynthloopError):
    """A decision the store cannot take (unknown record, bad edit)."""

    exit_code = 2


# -- running ------------------------------------------------------------------------------
class BudgetExceeded(SynthloopError):
    """The next request would exceed the spec's budget; the run stops cleanly and resumes
    when the budget is raised."""

    exit_code = 3


class TeacherUnavailable(SynthloopError):
    """The teacher cannot work at all (bad model path, endpoint down, 401, unknown model):
    stop the run instead of quarantining every record one by one. Exit code 4, so scripts
    can tell an outage (retry later) from bad input (2) and a reached budget (3)."""

    exit_code = 4


class TeacherUnsupported(SynthloopError):
    """A stage asked a teacher for what its backend cannot do (tools, log-probs): a
    configuration error, found on the first call rather than answered wrongly."""

    exit_code = 2


class InfraFailure(SynthloopError):
    """One infrastructure error (HTTP status, timeouts, refused connections) failed most
    records of a batch: the run stops with it instead of quarantining the rest (and topping
    them up). Exit 4 for a server-side error (retry later), 2 for a client error (fix the
    spec or the endpoint's configuration)."""

    exit_code = 4

    def __init__(self, message: str, *, client_error: bool) -> None:
        super().__init__(message)
        if client_error:
            self.exit_code = 2


class SystemicFailure(SynthloopError):
    """Every record of a stage's first batch failed for the same reason: the stage cannot
    work as configured, so the run stops instead of quarantining the rest one by one."""

    exit_code = 2


class SandboxUnavailable(SynthloopError):
    """The tier a spec asked for does not work on this machine (never silently weakened)."""

    exit_code = 2


class EmbedderUnavailable(SynthloopError):
    """The bundled embedding model (or sentence-transformers) is not installed."""

    exit_code = 2


class StudentError(SynthloopError):
    """Training or scoring failed in a way the user can act on (bad command, bad model path)."""
