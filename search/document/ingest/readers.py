"""Reading a document into lines of text: Markdown and plain text as they are, a .docx or
a PDF converted (``word``, ``pdf``). Whatever a reader leaves out — a PDF's running
headers and page numbers, a .docx's page headers — it lists as set aside."""

from __future__ import annotations

from pathlib import Path

from search.document.ingest.limits import MAX_SOURCE_BYTES, MAX_TEXT_CHARS
from search.document.ingest.paged import is_paged, unpage
from search.document.ingest.pdf import read_pdf
from search.document.ingest.source import Source, normalise
from search.document.ingest.word import read_docx
from search.document.model import CorpusError, binary_format, decode_utf8

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")


def read_source(path: Path) -> Source:
    """The document at ``path`` as lines; a CorpusError naming the file when it cannot be
    read or is not a format ingest knows."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(str(path), 0, f"cannot ingest {suffix or 'a file without a suffix'}"
                          f" (ingest reads {', '.join(SUFFIXES)})")
    try:
        if path.is_symlink():  # doc.md → /etc/passwd was read (issue 19)
            raise CorpusError(str(path), 0, "a symbolic link: give the file it points to, "
                              "if that is the document meant")
        size = path.stat().st_size
        if size == 0:
            raise CorpusError(str(path), 0, "the file is empty")
        if size > MAX_SOURCE_BYTES:
            raise CorpusError(str(path), 0, f"{size:,} bytes: more than the "
                              f"{MAX_SOURCE_BYTES:,} a document may have")
        if suffix == ".docx":
            source = read_docx(path)
        elif suffix == ".pdf":
            source = read_pdf(path)
        else:
            data = path.read_bytes()
            text, encoding = decode_document(data, str(path))
            fmt = "markdown" if suffix in (".md", ".markdown") else "text"
            if fmt == "text" and is_paged(text):  # an RFC: pages, headers, footers
                lines, aside = unpage(text)
                source = Source(path, fmt, normalise("\n".join(lines)), aside,
                                encoding=encoding, reflowed=True)
            else:
                source = Source(path, fmt, normalise(text), encoding=encoding)
    except OSError as exc:
        raise CorpusError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    if not any(line.strip() for line in source.lines):
        raise CorpusError(str(path), 0, "the file is empty (it has no text)")
    characters = sum(len(line) for line in source.lines)
    if characters > MAX_TEXT_CHARS:
        raise CorpusError(str(path), 0, f"its text has {characters:,} characters, more than "
                          f"the {MAX_TEXT_CHARS:,} a document may have")
    return source


def decode_document(data: bytes, path: str) -> tuple[str, str]:
    """UTF-8 text, or GB18030 — what Chinese editors on Windows still save .txt files in;
    anything else is an error at the line of the first byte that is neither."""
    try:
        return decode_utf8(data, path), "utf-8"
    except CorpusError as utf8_error:
        if binary_format(data):  # a PDF named .txt: say so, don't read it as GB18030
            raise
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise utf8_error from None
