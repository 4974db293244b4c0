"""Which GSM8K reference solutions ``validate.answer_check`` rejects, and why.

    PYTHONPATH=src .venv/bin/python benchmarks/answer_check_rejections.py [--split test]
        [--data ../shared/data] [--codes-only]

The clean-data row of ``verifier_attacks.py`` counts these rejections by verdict code; this
lists each one (line number in the split, code, reason) so that a false rejection can be traced
to the reading that caused it, with the stage configured as that row configures it (the
solution as ``trace``, its ``question``, no ``answer`` field).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from synthloop.records import Record
from synthloop.stages import Reject
from synthloop.validate.answer_check import AnswerCheck, AnswerCheckParams


def rejections(path: Path) -> tuple[int, list[tuple[int, str, str]]]:
    """How many solutions ``path`` holds, and (line, code, reason) for each one rejected."""
    stage = AnswerCheck(AnswerCheckParams(answer_field=None))
    lines = path.read_text().splitlines()
    out = []
    for number, line in enumerate(lines, 1):
        item = json.loads(line)
        outcome = stage.check(Record(id=str(number), data={"trace": item["answer"],
                                                            "question": item["question"]}))
        if isinstance(outcome, Reject):
            out.append((number, outcome.code, outcome.reason))
    return len(lines), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--codes-only", action="store_true", help="only the counts per code")
    args = parser.parse_args()
    total, rejected = rejections(args.data / "gsm8k" / f"{args.split}.jsonl")
    if not args.codes_only:
        for number, code, reason in rejected:
            print(f"line {number}: {code}: {reason}")
    codes = Counter(code for _, code, _ in rejected)
    print(f"GSM8K {args.split}: {len(rejected)}/{total} rejected ({len(rejected) / total:.1%}), "
          f"by code: {dict(codes.most_common())}")


if __name__ == "__main__":
    main()
