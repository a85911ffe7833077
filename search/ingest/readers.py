"""Reading a document into lines of text: Markdown and plain text as they are, a .docx or
a PDF converted (``word``, ``pdf``). Whatever a reader leaves out — a PDF's running
headers and page numbers, a .docx's page headers — it lists as set aside."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from search.model import CorpusError, SetAside, binary_format, decode_text

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")
MAX_SOURCE_BYTES = 100 * 1024 * 1024  # a PDF with images is large; its text is not


@dataclass(frozen=True)
class Source:
    """A document read into lines of normalised text, ready for a preset to parse."""

    path: Path
    format: str  # "markdown", "text", "docx", "pdf"
    lines: list[str]
    aside: list[SetAside] = field(default_factory=list)  # what the reader left out
    title: str = ""  # the title its file properties give, if any
    encoding: str = "utf-8"

    @property
    def converted(self) -> bool:
        """Whether the lines are the reader's making (their numbers are not the file's)."""
        return self.format in ("docx", "pdf")

    @property
    def suffix(self) -> str:
        """The suffix of the corpus file: Markdown keeps its ``#`` headings (a .docx's
        headings become them), everything else is plain text."""
        return ".md" if self.format in ("markdown", "docx") else ".txt"


def normalise(text: str) -> list[str]:
    """Lines as the corpus keeps them: NFC, no byte order marks anywhere (one before a
    heading hid it from the parser), LF line ends, no trailing spaces. The number of lines
    does not change, so a line number still points into the original file."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n")]


def read_source(path: Path) -> Source:
    """The document at ``path`` as lines; a CorpusError naming the file when it cannot be
    read or is not a format ingest knows."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(str(path), 0, f"cannot ingest {suffix or 'a file without a suffix'}"
                          f" (ingest reads {', '.join(SUFFIXES)})")
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise CorpusError(str(path), 0, f"{size:,} bytes: more than the "
                              f"{MAX_SOURCE_BYTES:,} a document may have")
        if suffix == ".docx":
            from search.ingest.word import read_docx

            return read_docx(path)
        if suffix == ".pdf":
            from search.ingest.pdf import read_pdf

            return read_pdf(path)
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = decode_document(data, str(path))
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return Source(path, fmt, normalise(text), encoding=encoding)


def decode_document(data: bytes, path: str) -> tuple[str, str]:
    """UTF-8 text, or GB18030 — what Chinese editors on Windows still save .txt files in;
    anything else is an error at the line of the first byte that is neither."""
    try:
        return decode_text(data, path), "utf-8"
    except CorpusError as utf8_error:
        if binary_format(data):  # a PDF named .txt: say so, don't read it as GB18030
            raise
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise utf8_error from None
