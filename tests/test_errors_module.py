"""The errors a user sees live in one module, synthloop.errors: no other module defines a
subclass of them, so the CLI's one handler (and a reader) finds every message's class there."""

from __future__ import annotations

import ast
import inspect

import synthloop.errors
from tests.conftest import REPO

USER_ERRORS = {name for name, cls in vars(synthloop.errors).items()
               if inspect.isclass(cls) and issubclass(cls, synthloop.errors.SynthloopError)}


def _subclasses_outside(source: str) -> list[str]:
    """Classes of ``source`` whose bases name a user-facing error (``X`` or ``errors.X``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            bases = {b.id if isinstance(b, ast.Name) else b.attr
                     for b in node.bases if isinstance(b, ast.Name | ast.Attribute)}
            if bases & USER_ERRORS:
                found.append(node.name)
    return found


def test_the_scan_sees_a_subclass_by_either_spelling() -> None:
    assert _subclasses_outside("class A(SpecError): pass\n"
                               "class B(errors.DataError, KeyError): pass\n"
                               "class C(ValueError): pass\n") == ["A", "B"]


def test_no_module_but_errors_defines_a_user_facing_error() -> None:
    package = REPO / "src" / "synthloop"
    outside = {str(path.relative_to(package)): names for path in package.rglob("*.py")
               if path.name != "errors.py" or path.parent != package
               if (names := _subclasses_outside(path.read_text()))}
    assert outside == {}
    assert {"SpecError", "DataError", "StudentError", "ReviewError"} <= USER_ERRORS
