"""Which parser reads a document: the ``preset`` of its metadata names the way its text
is structured — the white paper's own dialect (``report``: 一、/（一）/1./（1）) or one of
the outlines other documents use (``law``: 编/章/节/条, ``decimal``: 1 / 1.1 / 1.1.1,
``markdown``: ``#`` depth). Every preset builds the same report model."""

from __future__ import annotations

from search.document.markdown import read_markdown
from search.document.model import Report, ReportMeta, SetAside
from search.document.outline import parse_outline
from search.document.parser import parse_report

MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(path: str) -> bool:
    """Whether a corpus file is Markdown, by its name: read through its tokens."""
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def parse_document(text: str, meta: ReportMeta, path: str = "<text>",
                   aside: list[SetAside] | None = None, *, markdown: bool = False) -> Report:
    """Parse ``text`` with the preset ``meta`` names; raises CorpusError naming ``path``
    and a line. ``aside`` hears about every line left out, with the reason. Markdown
    (``markdown``) is read through its CommonMark tokens, any other text line by line."""
    marked = read_markdown(text) if markdown else None
    if meta.preset == "report":
        return parse_report(text, meta, path, aside, marked)
    return parse_outline(text, meta, path, aside, marked)
