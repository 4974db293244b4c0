"""Domain documents: a folder of text, Markdown, HTML and PDF files, read as text and cut into
chunks with stable ids.

A chunk is an exact slice ``text[start:end]`` of its document's extracted text, so an evidence
span found in a chunk is found in the document at a known offset. Its id hashes the document's
path (relative to the folder) with the two offsets: re-reading the same folder gives the same
ids, and editing one document changes only that document's chunk ids.

Chunks pack whole paragraphs (blank-line separated) up to ``size`` characters; a longer
paragraph splits at sentence ends, and a longer sentence at the last space before ``size``.
HTML goes through BeautifulSoup (script and style dropped), PDF through pypdf; both are
imported only when such a file is read. A file that cannot be read (compressed, an archive,
binary, bad encoding, a broken PDF)
is a :class:`DataError` naming it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from synthloop.errors import DataError

DEFAULT_INCLUDE: tuple[str, ...] = ("**/*.txt", "**/*.md", "**/*.markdown", "**/*.html",
                                    "**/*.htm", "**/*.pdf")
DEFAULT_CHUNK_CHARS = 1200
_PARAGRAPH = re.compile(r"\S(?:.|\n(?!\s*\n))*", re.UNICODE)  # up to the next blank line
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s)|$)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Chunk:
    """``text`` is ``document_text[start:end]``; ``doc`` the path relative to the folder."""

    id: str
    doc: str
    start: int
    end: int
    text: str

    def as_data(self) -> dict[str, object]:
        return {"chunk_id": self.id, "doc": self.doc, "start": self.start, "end": self.end,
                "text": self.text}


def chunk_id(doc: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]


# What a document can be instead of its format, by its first bytes, and what to do about it.
_CONTAINERS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data", "decompress it (gunzip)"),
    (b"PK\x03\x04", "a zip archive", "unpack it (unzip)"),
    (b"BZh", "bzip2-compressed data", "decompress it (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "decompress it (unxz)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data", "decompress it (unzstd)"),
    (b"%PDF-", "a PDF", "name it .pdf"),
)
_FORMATS = {".html": "HTML", ".htm": "HTML", ".pdf": "PDF", ".md": "Markdown",
            ".markdown": "Markdown"}
_EXCLUDE = "or exclude it with `include:`"


def read_text(path: Path) -> str:
    """The text of one document, by its suffix. Every format is first checked for what it
    must not be (compressed, an archive, binary) and text for its encoding, so a file under
    the wrong name is a DataError naming it, never chunks of garbage."""
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix, "text")
    raw = path.read_bytes()
    for magic, what, todo in _CONTAINERS:
        if raw.startswith(magic) and not (fmt == "PDF" and what == "a PDF"):
            raise DataError(f"{path}: {what}, not {fmt}; {todo} {_EXCLUDE}")
    if fmt == "PDF":
        return _pdf_text(path)
    if b"\x00" in raw:
        raise DataError(f"{path}: binary data (NUL bytes), not {fmt}; convert it to UTF-8 "
                        f"text {_EXCLUDE}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fmt != "HTML":
            raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); convert it "
                            f"{_EXCLUDE}") from None
        return _html_text(raw, path, exc)
    return _html_text(text, path) if fmt == "HTML" else text


def _html_text(markup: str | bytes, path: Path, exc: UnicodeDecodeError | None = None) -> str:
    """The text of an HTML page; bytes that are not UTF-8 are read in the charset the page
    declares, and a page that declares none is refused (any guess would read garbage)."""
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector

    if isinstance(markup, bytes):
        declared = EncodingDetector.find_declared_encoding(markup, is_html=True)
        try:
            markup = markup.decode(declared or "utf-8")
        except (LookupError, UnicodeDecodeError):
            at = exc.start if exc is not None else 0
            raise DataError(f"{path}: not UTF-8 text (byte {at}) and no charset declared "
                            f"that reads it; convert it to UTF-8 {_EXCLUDE}") from None
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return str(soup.get_text("\n"))


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = PdfReader(path).pages
        return "\n\n".join(page.extract_text() or "" for page in pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: not a readable PDF ({exc}); remove it {_EXCLUDE}") from None


def _pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of paragraphs, or of sentences and hard cuts where a paragraph is longer
    than ``size``."""
    for para in _PARAGRAPH.finditer(text):
        start, end = para.start(), len(para.group().rstrip()) + para.start()
        if end - start <= size:
            yield start, end
            continue
        for sent in _SENTENCE.finditer(text, start, end):
            s, e = sent.start(), sent.start() + len(sent.group().rstrip())
            while s < e:
                cut = min(s + size, e)
                space = text.rfind(" ", s, cut) if cut < e else -1
                cut = space if space > s else cut  # at a word boundary when there is one
                piece = text[s:cut]
                if piece.strip():
                    yield s + len(piece) - len(piece.lstrip()), s + len(piece.rstrip())
                s = cut


def chunk_text(doc: str, text: str, size: int = DEFAULT_CHUNK_CHARS) -> list[Chunk]:
    """Consecutive pieces packed into chunks of at most ``size`` characters."""
    spans: list[tuple[int, int]] = []
    for start, end in _pieces(text, size):
        if spans and end - spans[-1][0] <= size:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [Chunk(chunk_id(doc, s, e), doc, s, e, text[s:e]) for s, e in spans]


def document_paths(folder: Path, include: Sequence[str] = DEFAULT_INCLUDE) -> list[Path]:
    """The documents under ``folder`` matching ``include``, in path order; a folder with none
    is a DataError."""
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder; give a folder of documents")
    paths = sorted({p for pattern in include for p in folder.glob(pattern) if p.is_file()})
    if not paths:
        raise DataError(f"{folder}: no documents match {', '.join(include)}; add .txt, .md, "
                        ".html or .pdf files or change `include:`")
    return paths


def load_chunks(folder: Path, include: Sequence[str] = DEFAULT_INCLUDE,
                size: int = DEFAULT_CHUNK_CHARS) -> list[Chunk]:
    """Every chunk of every document under ``folder``, documents in path order."""
    chunks: list[Chunk] = []
    for path in document_paths(folder, include):
        chunks.extend(chunk_text(path.relative_to(folder).as_posix(), read_text(path), size))
    if not chunks:
        raise DataError(f"{folder}: the documents hold no text")
    return chunks
