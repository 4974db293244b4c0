"""Mutants of a candidate solution for ``validate.execute``'s ``mutant_check``: small, plausible
bugs (a swapped comparison or arithmetic operator, an operation replaced by one operand, a
constant off by one, a negated condition, a return value replaced by None, a dropped
statement), each a whole program; and three mutants of the entry point's behaviour as a whole
(:data:`WRAPPERS`: a changed value of the same type and length, the same value for every
input, its first argument).

Why: tests that pass a solution only show it right when they would fail a wrong one. Tests
that check a result's type, its length, that no exception is raised or one trivial case pass
most of these mutants too; tests that pin values kill most of them. The statement mutants
find tests that miss branches; the whole-behaviour ones find tests that check no value, which
a statement's mutant that raises would otherwise let look strong. Only the functions the entry
point can reach are mutated (a helper nobody calls would give mutants no test can kill), never
docstrings, annotations or f-strings. The choice of mutants is a function of the code alone,
so a record gets the same mutants on every run.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import random
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

# Each operator's mutants: the nearest wrong ones (a boundary, the reverse, the inverse).
COMPARE: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.Gt), ast.LtE: (ast.Lt, ast.Gt), ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.Lt), ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,), ast.NotIn: (ast.In,), ast.Is: (ast.IsNot,), ast.IsNot: (ast.Is,)}
ARITHMETIC: dict[type[ast.operator], tuple[type[ast.operator], ...]] = {
    ast.Add: (ast.Sub, ast.Mult), ast.Sub: (ast.Add, ast.Mult), ast.Mult: (ast.Add, ast.FloorDiv),
    ast.Div: (ast.Mult, ast.Sub), ast.FloorDiv: (ast.Mult, ast.Mod),
    ast.Mod: (ast.FloorDiv, ast.Add), ast.Pow: (ast.Mult,)}
BOOLEAN: dict[type[ast.boolop], type[ast.boolop]] = {ast.And: ast.Or, ast.Or: ast.And}
# Statements whose removal leaves every name defined: a call for its effect, an update, a jump.
DROPPABLE = (ast.Expr, ast.AugAssign, ast.Break, ast.Continue)
SKIPPED_FIELDS = {"annotation", "returns", "type_comment", "decorator_list"}


@dataclass(frozen=True, slots=True)
class Mutant:
    """One mutant: the whole program, and what changed (``'a + b' -> 'a - b'``). A
    ``decisive`` one shows the tests weak by surviving alone: tests that pass a function
    returning the same value for every input cannot show it right, whatever else they kill."""

    code: str
    change: str
    decisive: bool = False


# A site: the node to change (found again by its position in ``ast.walk`` of a copy) and how.
Site = tuple[int, str]


# Mutants of the entry point's behaviour as a whole, each the entry point wrapped: tests of a
# result's type or length, or of one input, pass these where they fail a value's mutant.
_CHANGED = """
def _mutant_changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float, complex)):
        return value + 1
    if isinstance(value, str):
        return chr(ord(value[0]) ^ 1) + value[1:] if value else 'x'
    if isinstance(value, bytes):
        return bytes([value[0] ^ 1]) + value[1:] if value else b'x'
    if isinstance(value, (list, tuple)):
        return type(value)([_mutant_changed(value[0]), *value[1:]] if value else [0])
    if isinstance(value, dict):
        first = next(iter(value), None)
        return {**value, first: _mutant_changed(value[first])} if value else {0: 0}
    if isinstance(value, (set, frozenset)):
        return type(value)(_mutant_changed(v) for v in value) if value else type(value)([0])
    return value
"""
CONSTANT = "the same value for every input"
WRAPPERS = {
    "a changed value of the same type and length":
        _CHANGED + "\n\ndef {entry}(*args, **kwargs):\n"
        "    return _mutant_changed(_mutant_original(*args, **kwargs))\n",
    CONSTANT:
        "\n_mutant_first = []\n\n\ndef {entry}(*args, **kwargs):\n    if not _mutant_first:\n"
        "        _mutant_first.append(_mutant_original(*args, **kwargs))\n"
        "    return _mutant_first[0]\n",
    "its first argument":
        "\n\ndef {entry}(*args, **kwargs):\n    _mutant_original(*args, **kwargs)\n"
        "    return args[0] if args else next(iter(kwargs.values()))\n",
}


def mutants(code: str, entry_point: str | None, limit: int) -> list[Mutant]:
    """Up to ``limit`` distinct mutants of ``code``'s statements, chosen at random with the
    code's hash as the seed, then the mutants of :data:`WRAPPERS` when ``entry_point`` is a
    function of it; none when it does not parse."""
    with warnings.catch_warnings():  # datasets' code has invalid escapes like "\w"
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return []
    sites = list(_sites(tree, entry_point))
    rng = random.Random(hashlib.sha256(code.encode()).digest())
    rng.shuffle(sites)
    original = ast.dump(tree)
    out: list[Mutant] = []
    seen: set[str] = set()
    for site in sites:
        if len(out) >= limit:
            break
        mutant = _apply(tree, site)
        if mutant is None or ast.dump(mutant[0]) == original or mutant[1] in seen:
            continue
        out.append(Mutant(mutant[1], mutant[2]))
        seen.add(mutant[1])
    return out + _wrapped(code, tree, entry_point)


def _wrapped(code: str, tree: ast.Module, entry: str | None) -> list[Mutant]:
    function = next((n for n in tree.body if isinstance(n, ast.FunctionDef)
                     and n.name == entry), None)
    if function is None or entry is None:
        return []
    takes = function.args.posonlyargs + function.args.args
    return [Mutant(f"{code}\n\n_mutant_original = {entry}\n" + body.replace("{entry}", entry),
                   f"'{entry}(...)' -> {change!r}", decisive=change == CONSTANT)
            for change, body in WRAPPERS.items() if takes]


def _sites(tree: ast.Module, entry_point: str | None) -> Iterator[Site]:
    mutable = {id(n) for f in _reachable(tree, entry_point) for n in _mutable(f)}
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in mutable:
            yield from ((index, kind) for kind in _kinds(node))


def _kinds(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Compare) and type(node.ops[0]) in COMPARE:
        yield from (f"compare {i}" for i in range(len(COMPARE[type(node.ops[0])])))
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in ARITHMETIC:
        yield from (f"arithmetic {i}" for i in range(len(ARITHMETIC[type(node.op)])))
    if isinstance(node, ast.BinOp):
        yield from ("operand 0", "operand 1")
    if isinstance(node, ast.BoolOp):
        yield "boolean"
    if isinstance(node, ast.Constant) and type(node.value) is int:
        yield from ("constant 1", "constant -1")
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        yield "constant 0"
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        yield "negate"
    if isinstance(node, ast.Return) and node.value is not None \
            and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        yield "return"
    body = getattr(node, "body", None)
    if isinstance(body, list):
        yield from (f"drop {i}" for i, stmt in enumerate(body)
                    if isinstance(stmt, DROPPABLE) and not _docstring(stmt))


def _apply(tree: ast.Module, site: Site) -> tuple[ast.Module, str, str] | None:
    """The mutated tree, its code and the change, or None when the result does not compile."""
    index, kind = site
    mutated = copy.deepcopy(tree)
    node = next(n for i, n in enumerate(ast.walk(mutated)) if i == index)
    parents = {id(c): p for p in ast.walk(mutated) for c in ast.iter_child_nodes(p)}
    shown = _context(parents, node) if isinstance(node, ast.Constant) else None
    before = ast.unparse(shown) if shown is not None else ""
    part_before, part_after = _mutate(node, kind, parents)
    if shown is not None:
        part_before, part_after = before, ast.unparse(shown)
    ast.fix_missing_locations(mutated)
    try:
        code = ast.unparse(mutated)
        compile(code, "mutant.py", "exec")
    except (SyntaxError, ValueError, RecursionError):
        return None
    return mutated, code, f"{_clip(part_before)!r} -> {_clip(part_after)!r}"


def _context(parents: dict[int, ast.AST], node: ast.AST) -> ast.AST:
    """What to show of a changed constant: the expression or statement around it (``'1'``
    alone says nothing; ``'range(2, n + 1)'`` does)."""
    shown = node
    while isinstance(shown, (ast.Constant, ast.UnaryOp, ast.Slice)) and id(shown) in parents:
        shown = parents[id(shown)]
    return shown


def _mutate(node: ast.AST, kind: str, parents: dict[int, ast.AST]) -> tuple[str, str]:
    """Change ``node`` in place as ``kind`` says; the code of the changed part before, after."""
    name, _, arg = kind.partition(" ")
    choice = int(arg or 0)
    if name == "drop":
        body = node.body  # type: ignore[attr-defined]
        before = ast.unparse(body[choice])
        body[choice] = ast.Pass()
        return before, "pass"
    before = ast.unparse(node)
    if isinstance(node, ast.BinOp) and name == "operand":
        kept = node.right if choice else node.left
        _replace(parents[id(node)], node, kept)
        return before, ast.unparse(kept)
    if isinstance(node, ast.Compare):
        node.ops[0] = COMPARE[type(node.ops[0])][choice]()
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        node.op = ARITHMETIC[type(node.op)][choice]()
    elif isinstance(node, ast.BoolOp):
        node.op = BOOLEAN[type(node.op)]()
    elif isinstance(node, ast.Constant) and isinstance(node.value, int):
        node.value = (not node.value) if isinstance(node.value, bool) else node.value + choice
    elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
        test = node.test
        node.test = test.operand if isinstance(test, ast.UnaryOp) and isinstance(
            test.op, ast.Not) else ast.UnaryOp(op=ast.Not(), operand=test)
        return ast.unparse(test), ast.unparse(node.test)
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(value=None)
    return before, ast.unparse(node)


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
        elif isinstance(value, list):
            value[:] = [new if v is old else v for v in value]


def _reachable(tree: ast.Module, entry_point: str | None) -> list[ast.AST]:
    """The functions and classes ``entry_point`` can call by name, itself included (all of
    them when it is unknown or not defined here)."""
    defined: dict[str, ast.AST] = {
        n.name: n for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    if entry_point not in defined:
        return list(defined.values())
    todo, found = [str(entry_point)], {str(entry_point)}
    while todo:
        for node in ast.walk(defined[todo.pop()]):
            if isinstance(node, ast.Name) and node.id in defined and node.id not in found:
                found.add(node.id)
                todo.append(node.id)
    return [defined[name] for name in found]


def _mutable(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and what may be mutated under it: not docstrings, annotations, decorators or
    f-strings."""
    yield node
    for field, value in ast.iter_fields(node):
        if field in SKIPPED_FIELDS:
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST) and not isinstance(child, ast.JoinedStr) \
                    and not _docstring(child):
                yield from _mutable(child)


def _docstring(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
        and isinstance(node.value.value, str)


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."
