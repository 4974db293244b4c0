"""Documents: text, Markdown, HTML and PDF read as text; chunks are exact slices with stable
ids; a folder of documents is a `source:`; bad folders and files are clear DataErrors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from synthloop.documents import chunk_id, chunk_text, document_paths, load_chunks, read_text
from synthloop.errors import DataError
from synthloop.generate.chunks import deal
from synthloop.generate.documents import Documents, DocumentsRecipeParams
from synthloop.generate.grounded_qa import GroundedQA, GroundedQAParams
from synthloop.records import Slot
from synthloop.sources import is_documents, source_rows
from synthloop.spec import SourceSpec
from synthloop.stages import StageContext
from tests.conftest import run_cli

TEXT = "Alpha beta.\n\nGamma delta. Epsilon zeta! Eta theta?\n\n\nIota kappa lambda mu nu xi."


def test_chunks_are_exact_slices_packed_by_paragraph() -> None:
    chunks = chunk_text("a.md", TEXT, 30)
    # the 40-character paragraph splits into sentences, which pack with their neighbours
    assert [c.text for c in chunks] == [
        "Alpha beta.\n\nGamma delta.", "Epsilon zeta! Eta theta?",
        "Iota kappa lambda mu nu xi."]
    assert all(TEXT[c.start:c.end] == c.text for c in chunks)
    assert chunks[0].id == chunk_id("a.md", 0, 25)


def test_two_short_paragraphs_share_a_chunk_and_a_long_word_run_is_cut() -> None:
    assert [c.text for c in chunk_text("a", "One.\n\nTwo.", 30)] == ["One.\n\nTwo."]
    cut = chunk_text("a", "abcdefghij klmnop", 8)
    assert [c.text for c in cut] == ["abcdefgh", "ij", "klmnop"]


def test_ids_are_stable_and_change_only_with_the_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.md").write_text("# Title\n\nSome text.")
    first = load_chunks(tmp_path, size=30)
    assert [c.id for c in load_chunks(tmp_path, size=30)] == [c.id for c in first]
    (tmp_path / "b.md").write_text("# Title\n\nOther text here.")
    again = load_chunks(tmp_path, size=30)
    assert [c.id for c in again if c.doc == "a.txt"] == [c.id for c in first if c.doc == "a.txt"]
    assert [c.id for c in again if c.doc == "b.md"] != [c.id for c in first if c.doc == "b.md"]


def test_html_loses_markup_script_and_style(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><head><style>p{color:red}</style><script>var x=1;</script></head>"
                    "<body><h1>Rivers</h1><p>The Loire is &lt;long&gt;.</p></body></html>")
    text = read_text(page)
    assert "Rivers" in text and "The Loire is <long>." in text
    assert "var x" not in text and "color" not in text


def _pdf(path: Path, line: str) -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(300, 200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({line}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as fh:
        writer.write(fh)


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    _pdf(tmp_path / "d.pdf", "The Rhone flows south.")
    assert read_text(tmp_path / "d.pdf").strip() == "The Rhone flows south."


def test_broken_pdf_and_non_utf8_text_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(DataError, match=r"bad\.pdf: not a readable PDF"):
        read_text(tmp_path / "bad.pdf")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(DataError, match=r"latin\.txt: not UTF-8 text \(byte 3\)"):
        read_text(tmp_path / "latin.txt")



# gzip with mtime=0: the case ids hold the bytes, and must be the same in every xdist worker
@pytest.mark.parametrize("name,content,what", [
    ("page.html", gzip.compress(b"<p>Hello</p>" * 50, mtime=0), "gzip-compressed data, not HTML; "
     "decompress it (gunzip)"),
    ("notes.md", gzip.compress(b"# Notes\n", mtime=0), "gzip-compressed data, not Markdown"),
    ("notes.txt", gzip.compress(b"plain", mtime=0), "gzip-compressed data, not text"),
    ("paper.pdf", gzip.compress(b"%PDF-1.4", mtime=0), "gzip-compressed data, not PDF"),
    ("page.htm", b"PK\x03\x04" + bytes(40), "a zip archive, not HTML; unpack it (unzip)"),
    ("page.html", b"<p>a\x00\x01\x02</p>", "binary data (NUL bytes), not HTML"),
    ("page.html", "<p>caf\xe9</p>".encode("latin-1"), "not UTF-8 text (byte 6) and no "
     "charset declared"),
])
def test_binary_compressed_or_undecodable_documents_name_the_file(
        tmp_path: Path, name: str, content: bytes, what: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DataError) as err:
        read_text(tmp_path / name)
    assert str(err.value).startswith(f"{tmp_path / name}: {what}")
    assert "exclude it with `include:`" in str(err.value)


def test_html_in_its_declared_charset_is_read(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(
        '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1"))
    assert read_text(tmp_path / "p.html").strip() == "café"


def test_a_gzipped_html_document_stops_the_run_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT)
    (tmp_path / "docs" / "b.html").write_bytes(gzip.compress(b"<p>Hello</p>"))
    spec = tmp_path / "s.yaml"
    spec.write_text(f"name: docs\nsource: {{path: {tmp_path / 'docs'}}}\n"
                    "stages:\n  - {use: validate.rules, required: [text]}\n")
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{tmp_path / 'docs' / 'b.html'}: gzip-compressed data, not HTML" in \
        " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr

def test_a_folder_without_documents_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a\n1\n")
    with pytest.raises(DataError, match="no documents match"):
        document_paths(tmp_path)


def test_a_folder_is_a_documents_source_unless_it_is_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT)
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "dataset_info.json").write_text("{}")
    auto = SourceSpec(path="x")
    assert is_documents(auto, tmp_path / "docs")
    assert not is_documents(auto, tmp_path / "ds")
    assert not is_documents(auto, tmp_path / "docs" / "a.txt")
    rows = list(source_rows(SourceSpec(path="docs", chunk_chars=30, limit=3,
                                       fields={"passage": "text"}), tmp_path / "docs", start=1))
    assert [r.index for r in rows] == [1, 2]
    assert rows[0].data["passage"] == "Epsilon zeta! Eta theta?"
    assert rows[0].data["doc"] == "a.txt" and rows[0].data["start"] == 26


def _ctx(tmp_path: Path) -> StageContext:
    return StageContext(spec_hash="s", stage="g", stage_index=0, seed=0, run_dir=tmp_path)


def test_grounded_qa_maps_slots_to_chunks_and_kinds(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    stage = GroundedQA(GroundedQAParams(documents=str(tmp_path), chunk_chars=30,
                                        shares={"extractive": 1, "multi_hop": 1}))
    stage.setup(_ctx(tmp_path))
    kinds = [stage.request(Slot(i, {}, seed=i), 0).context for i in range(4)]
    assert [k["kind"] for k in kinds] == [deal(i, {"extractive": 1, "multi_hop": 1})
                                          for i in range(4)]
    multi = next(k for k in kinds if k["kind"] == "multi_hop")
    assert len(multi["chunk_ids"]) == 2 and multi["chunk_ids"][0] != multi["chunk_ids"][1]
    one = stage.request(Slot(3, {}, seed=3), 0)
    assert one.context["chunk_ids"][0] == stage._chunks[0].id  # 3 chunks: slot 3 wraps to 0
    assert "Passage" in one.messages[1]["content"]


def test_documents_recipe_crosses_seed_audience_and_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    stage = Documents(DocumentsRecipeParams(documents=str(tmp_path), chunk_chars=30,
                                            audiences=["kids", "experts"], formats=["FAQ"]))
    stage.setup(_ctx(tmp_path))
    first = stage.request(Slot(0, {}, seed=0), 0)
    assert first.context["audience"] in ("kids", "experts") and first.context["format"] == "FAQ"
    assert first.context["seed_chunk_id"] == stage._chunks[0].id
    assert "Write a FAQ for" in first.messages[0]["content"]
    planned = stage.request(Slot(1, {"audience": "nurses", "format": "blog post"}, seed=1), 0)
    assert (planned.context["audience"], planned.context["format"]) == ("nurses", "blog post")
    audiences = {stage.request(Slot(i, {}, seed=i), 0).context["audience"] for i in range(6)}
    assert audiences == {"kids", "experts"}
