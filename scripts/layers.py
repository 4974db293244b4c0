"""The imports between synthloop's top-level packages, and which of them run back up a layer.

Why: each layer may use the ones below it only, so a stage folder can be read (and replaced)
without the CLI, the report or another stage folder behind it. An arrow that runs up a layer, or
sideways between stage folders, is printed as a violation, as is any import cycle between
modules; the exit status is the number of violations (0: clean), so CI can hold the line.

    python scripts/layers.py            # the arrows with their counts, then the violations
    python scripts/layers.py --quiet    # only the violations
    python scripts/layers.py --package OLD/src/synthloop   # another tree's (an earlier commit's:
        # git archive COMMIT src/synthloop | tar -x -C OLD), to compare before and after

Imports under ``if TYPE_CHECKING:`` count too: a type is a dependency of the reader.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "synthloop"

# Lowest first. A unit may import units of a lower layer, and of its own layer only where the
# layer is marked shared; the five stage folders (and the other same-layer units) stay apart.
LAYERS: list[tuple[str, tuple[str, ...], bool]] = [
    ("base", ("errors", "version", "located", "config", "records", "lock", "faults",
              "counts", "clip", "stats", "cache_dirs", "pydantic_plugins", "label_words"),
     True),
    ("data", ("tables", "documents", "codeblocks", "embed", "sources", "store"), True),
    ("spec", ("spec", "registry", "stages", "failures"), True),
    ("parts", ("teachers", "envs", "sandbox"), False),
    # Built on the parts, used by several stage folders: the checks they share (harm, evidence,
    # arithmetic, the judge, sandboxed execution) and the scripted test teacher.
    ("shared", ("checks", "testing"), False),
    ("stages", ("plan", "generate", "validate", "curate", "measure"), False),
    ("output", ("export", "report"), False),
    ("run", ("executors", "driver", "pipeline", "spec_check", "preview"), True),
    ("entry", ("api", "cli", "__init__"), True),
]


def unit_of(module: str) -> str:
    """``synthloop.validate.judge`` -> ``validate``; ``synthloop.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """The synthloop modules ``path`` imports (relative imports resolved)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("synthloop"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("synthloop"):
                # `from synthloop import faults` names a module, not an attribute of the
                # package: it depends on that module only
                named = {f"{base}.{a.name}" for a in node.names}
                out.update(named if named <= MODULES else {base, *named})
    return out


def layer_of(unit: str) -> tuple[int, bool]:
    for i, (_, units, shared) in enumerate(LAYERS):
        if unit in units:
            return i, shared
    raise SystemExit(f"scripts/layers.py: {unit!r} is in no layer; add it to LAYERS")


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name}
            for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main() -> int:
    global PACKAGE, MODULES  # the tree read, when it is another one
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print only the violations")
    parser.add_argument("--package", type=Path, default=PACKAGE,
                        help="the synthloop folder to read (default: this checkout's)")
    args = parser.parse_args()
    PACKAGE = args.package.resolve()
    MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
    edges = graph()
    arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for src, targets in edges.items():
        for dst in targets:
            a, b = unit_of(src), unit_of(dst)
            if a != b:
                arrows[(a, b)].append(f"{src} -> {dst}")
    bad: list[str] = []
    for (a, b), examples in sorted(arrows.items()):
        (la, shared), (lb, _) = layer_of(a), layer_of(b)
        wrong = lb > la or (lb == la and not shared)
        if not args.quiet:
            print(f"{'UP ' if wrong else '   '}{a:>11} -> {b:<11} {len(examples)}")
        if wrong:
            bad.extend(f"{a} -> {b}: {e}" for e in sorted(examples))
    for comp in cycles(edges):
        bad.append("cycle: " + " <-> ".join(comp))
    print(f"\n{len(bad)} violation(s)" + (":" if bad else ""))
    for line in bad:
        print(f"  {line}")
    return min(len(bad), 255)


if __name__ == "__main__":
    sys.exit(main())
