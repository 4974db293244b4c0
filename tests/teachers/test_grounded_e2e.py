"""Grounded QA end to end on the bundled model: every slot is accounted for (no item silently
dropped, as synthetic-data-kit drops unparsable ratings), and every kept answerable item has
verified evidence spans. A folder of documents reads as a `source:` of chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import synthloop
from synthloop.checks.evidence import locate
from synthloop.records import Status

DOCS = {
    "loire.md": "# The Loire\n\nThe Loire is the longest river in France. It flows 1,006 "
                "kilometres to the Atlantic at Saint-Nazaire.\n\nNantes is the largest city "
                "on the Loire.",
    "rhone.txt": "The Rhone rises in the Rhone Glacier in Switzerland and flows south "
                 "through Lyon to the Mediterranean Sea.",
}


def _docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text)
    return folder


def _records(run_dir: Path) -> list[Any]:
    with synthloop.open_run(run_dir) as handle:
        return list(handle.store.iter_records(with_verdicts=True))


def test_a_folder_of_documents_is_a_source_of_chunks(tmp_path: Path) -> None:
    spec = {"name": "docs", "source": {"path": str(_docs(tmp_path)), "chunk_chars": 80},
            "stages": [{"use": "debug.noop"}]}
    synthloop.run(spec, tmp_path / "run", export=False)
    recs = sorted(_records(tmp_path / "run"), key=lambda r: r.slot)
    assert [(r.data["doc"], r.data["text"][:20]) for r in recs] == [
        ("loire.md", "# The Loire\n\nThe Loi"), ("loire.md", "It flows 1,006 kilom"),
        ("loire.md", "Nantes is the larges"), ("rhone.txt", "The Rhone rises in t"),
        ("rhone.txt", "Lyon to the Mediterr")]
    assert all(r.status is Status.OK for r in recs)


def test_grounded_qa_keeps_only_items_with_verified_spans(tmp_path: Path) -> None:
    spec = {
        "name": "gqa", "seed": 2, "target": {"size": 2, "oversample": 1.0, "max_rounds": 1},
        "teachers": {"w": {"backend": "local", "temperature": 0.2, "max_tokens": 80,
                           "n_threads": 1}},
        "stages": [{"use": "generate.grounded_qa", "teacher": "w",
                    "documents": str(_docs(tmp_path)), "chunk_chars": 200},
                   {"use": "validate.grounded"}],  # closed book: test_grounded.py
    }
    synthloop.run(spec, tmp_path / "run", export=False)
    recs = _records(tmp_path / "run")
    assert sorted(r.slot for r in recs) == [0, 1]
    assert {r.data.get("kind") for r in recs if r.status is not Status.FAILED} <= {
        "extractive", "multi_hop", "unanswerable"}
    for rec in recs:
        checks = [v.check for v in rec.verdicts]
        assert rec.status is not Status.OK or "validate.grounded.ok" in checks, checks
        if rec.status is Status.FAILED:
            assert rec.status_reason
            continue
        if rec.status is Status.OK and rec.data["kind"] != "unanswerable":
            spans = rec.data["evidence_spans"]
            assert len(spans) == len(rec.data["evidence"]) >= 1
            for quote, span in zip(rec.data["evidence"], spans, strict=True):
                found = locate(quote, rec.data["context"])
                assert found is not None and found.passage == span["passage"]
