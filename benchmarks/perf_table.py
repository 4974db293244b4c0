"""The README's performance table, generated from what the benchmarks measured (issue 24, item 5).

A benchmark that measures one of the README's performance rows writes, besides its printed
table, ``benchmarks/results/perf/<row>.json`` (:func:`write_row`) with the keys of
:data:`FIELDS`: the workload in words, the named peer, both values as strings with units,
``ratio`` (ours relative to the peer, above 1 better for us), the goal, whether it is met,
the command line that reproduces it, the 1-minute load average when it started, and the UTC
date. This script renders those files as the Markdown table between the README's
``<!-- perf-table:start -->`` and ``<!-- perf-table:end -->`` markers, so the README says what
the last runs measured and nothing else: a number is changed by running its benchmark.

    python benchmarks/perf_table.py            # rewrite README.md's table
    python benchmarks/perf_table.py --check    # exit 1 when README.md's table is stale
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "perf"
README = REPO / "README.md"
START, END = "<!-- perf-table:start -->", "<!-- perf-table:end -->"
FIELDS = ("row", "peer", "ours", "peer_value", "ratio", "goal", "met", "command", "load", "date")
# Issue 24's order: where a user waits first. Rows not named here follow, by file name.
ORDER = ("quickstart", "local_teacher", "pipeline_overhead", "neardup", "teacher_throughput")
HEADER = ("| workload | peer | ours | peer | ratio | goal | met | command |\n"
          "|---|---|---|---|---:|---|---|---|")


def write_row(name: str, *, row: str, peer: str, ours: str, peer_value: str, ratio: float,
              goal: str, met: bool, command: str, load: float,
              folder: Path = RESULTS) -> Path:
    """Write ``<folder>/<name>.json``; ``load`` is the 1-minute load average taken when the
    measurement started (:func:`os.getloadavg`), the date is now."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {"row": row, "peer": peer, "ours": ours, "peer_value": peer_value,
            "ratio": round(ratio, 3), "goal": goal, "met": met, "command": command,
            "load": round(load, 2),
            "date": datetime.now(UTC).replace(microsecond=0).isoformat()}
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def load_now() -> float:
    """The 1-minute load average, for :func:`write_row`'s ``load``."""
    return os.getloadavg()[0]


def read_rows(folder: Path = RESULTS) -> list[dict[str, Any]]:
    """Every row file of ``folder`` in :data:`ORDER`; ValueError naming the file and what is
    wrong with it."""
    def rank(path: Path) -> tuple[int, str]:
        return (ORDER.index(path.stem) if path.stem in ORDER else len(ORDER), path.stem)

    rows = []
    for path in sorted(folder.glob("*.json"), key=rank):
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not JSON ({exc})") from None
        missing = [key for key in FIELDS if key not in data]
        if missing:
            raise ValueError(f"{path}: missing {', '.join(missing)} (a row has "
                             f"{', '.join(FIELDS)})")
        if not isinstance(data["ratio"], int | float) or not isinstance(data["met"], bool):
            raise ValueError(f"{path}: ratio must be a number and met true or false")
        rows.append(data)
    return rows


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(rows: list[dict[str, Any]]) -> str:
    """The Markdown table: one line per row, the load and date of its measurement with the
    workload."""
    lines = [HEADER]
    for r in rows:
        workload = f"{r['row']} ({r['date'][:10]}, load {r['load']:.1f})"
        lines.append("| " + " | ".join([
            _cell(workload), _cell(r["peer"]), _cell(r["ours"]), _cell(r["peer_value"]),
            f"{r['ratio']:.2f}x", _cell(r["goal"]), "yes" if r["met"] else "**no**",
            f"`{_cell(r['command'])}`"]) + " |")
    return "\n".join(lines)


def replace_table(text: str, table: str) -> str:
    """``text`` with what lies between the markers replaced by ``table``."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README has no {START} ... {END} markers (in that order)")
    return f"{text[:start + len(START)]}\n{table}\n{text[end:]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the README's table differs from the row files")
    ap.add_argument("--readme", type=Path, default=README)
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args()
    try:
        text = args.readme.read_text()
        rows = read_rows(args.results)
        updated = replace_table(text, render(rows))
    except (OSError, ValueError) as exc:
        print(f"perf_table: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if updated != text:
            print(f"perf_table: {args.readme}'s table is stale; run "
                  "python benchmarks/perf_table.py", file=sys.stderr)
            return 1
        return 0
    args.readme.write_text(updated)
    print(f"{args.readme}: performance table of {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
