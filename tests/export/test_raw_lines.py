"""The raw style's JSONL lines cut from the stored text are the lines the rows make."""

from __future__ import annotations

from pathlib import Path

import orjson

from synthloop.export.writers import raw_lines, rows
from synthloop.records import Record
from synthloop.store import BatchResult, RunStore

# (data, attributes): each way a row's text is made (id first, no id, no data, id elsewhere,
# attributes, a data key `metadata` beside attributes, `"id":` inside a text)
CONTENTS = [
    ({"id": "d0", "text": "a"}, None),
    ({"text": "b", "n": 1.5, "tags": [{"z": 1, "a": None}]}, None),
    ({}, None),
    ({"answer": "x", "id": 3}, None),
    ({"text": "é"}, {"skill": "math", "level": 2}),
    ({"id": "d5", "metadata": "mine"}, {"skill": "code"}),
    ({"text": 'say "id": 1'}, None),
]


def test_raw_lines_are_the_rows_as_json(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "run.db")
    store.commit_batch(BatchResult(new_records=[
        Record(f"r{i}", data, attributes) for i, (data, attributes) in enumerate(CONTENTS)]))
    lines = list(raw_lines(store.iter_stored()))
    assert lines == [orjson.dumps(row) for row in rows(store.iter_content(), "raw")]
    assert lines[:3] == [b'{"id":"d0","text":"a"}',
                         b'{"id":"r1","n":1.5,"tags":[{"a":null,"z":1}],"text":"b"}',
                         b'{"id":"r2"}']
    assert lines[4] == '{"id":"r4","text":"é","metadata":{"level":2,"skill":"math"}}'.encode()
    assert lines[5] == b'{"id":"d5","metadata":{"skill":"code"}}'
    store.close()
