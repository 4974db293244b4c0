from __future__ import annotations

import asyncio
import json
from pathlib import Path

from synthloop.curate.memorization import Memorization, MemorizationParams
from synthloop.records import Record

from .conftest import statuses

DOC = ("the quarterly revenue of the northern division rose by twelve percent while costs in "
       "the southern division fell after the new logistics contract was signed in march")


def _corpus(tmp_path: Path) -> str:
    path = tmp_path / "private.jsonl"
    path.write_text(json.dumps({"doc_id": "memo-7", "body": DOC}) + "\n")
    return str(path)


def test_flags_long_copied_span_and_names_document(tmp_path: Path, ctx) -> None:
    params = MemorizationParams(corpus=_corpus(tmp_path), fields=["body"], id_field="doc_id",
                                min_span=20)
    stage = Memorization(params)
    copied = "Summary: The quarterly revenue of the Northern division rose by twelve percent, " \
             "while costs in the southern division fell after the new logistics contract."
    short = "The quarterly revenue of the northern division rose by twelve percent."
    recs = [Record(id="a", data={"response": copied}), Record(id="b", data={"response": short})]
    recs = asyncio.run(stage.process(recs, ctx("curate.memorization")))
    assert recs[0].status_reason == (
        'reproduces 23 consecutive words of private/memo-7 (min_span 20): "the quarterly '
        'revenue of the northern division rose by twelve percent while costs in the southern '
        'division fell after the new logistics contract"')
    assert recs[0].verdicts[-1].score == 23.0
    assert recs[1].accepted  # 11 words: below min_span


def test_memorization_from_a_source_spec(tmp_path: Path, run_source) -> None:
    rows = [{"instruction": "Tell me about it.", "response": DOC},
            {"instruction": "Say hi.", "response": "Hello there!"}]
    stages = [{"use": "curate.memorization", "corpus": _corpus(tmp_path), "fields": ["body"],
               "min_span": 25}]
    with run_source(rows, stages) as run:
        got = statuses(run)
    assert got["Say hi."] == ("accepted", None)
    assert got["Tell me about it."][1].startswith("reproduces 27 consecutive words of private/0")
