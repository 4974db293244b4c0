"""A student added as one file by another package (`synthloop.students` entry point)
measures an experiment like a built-in one."""

from pathlib import Path

import pytest

import synthloop
from tests.test_plugins import acme  # noqa: F401 - the plugin package fixture


def test_a_plugin_student_measures(acme: Path, memorizer: Path) -> None:  # noqa: F811
    from synthloop.measure import measure

    text = memorizer.read_text()
    start, end = text.index("student:"), text.index("evals:")
    memorizer.write_text(text[:start] + "student: {kind: acme_lookup, fold_case: true}\n"
                         + text[end:])
    result, _ = measure(memorizer)
    means = {a.arm: a.interval.value for a in result.evals[0].arms}
    assert means == {"real-only": pytest.approx(0.2), "synthetic-only": pytest.approx(0.8),
                     "real+synthetic": pytest.approx(1.0)}
    memorizer.write_text(text[:start] + "student: {kind: acme_lookpu}\n" + text[end:])
    with pytest.raises(synthloop.errors.SpecError,
                       match="student.kind: 'acme_lookpu' is not a student; did you mean "
                       "'acme_lookup'?"):
        measure(memorizer)
