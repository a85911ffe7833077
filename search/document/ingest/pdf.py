"""A text PDF as lines of text (pdfplumber).

Print artefacts are found and listed, not kept: a line repeated at the top or the bottom
of most pages is a running header or footer, a bare number there is a page number.
Paragraphs are put back together: a line that reaches the right margin and does not end a
sentence runs on into the next, across a page break too. Ruled tables become ``|`` rows
where they stood. A scanned PDF has no text to read and is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from search.document.conventions import PAGE_NUMBER, ends_sentence, join_broken
from search.document.ingest.source import Source, normalise
from search.document.model import CorpusError, SetAside

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be artefacts
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    text: str
    page: int
    top: float
    x0: float
    x1: float
    table: list[list[str]] | None = None  # a table standing at this place instead


def read_pdf(path: Path) -> Source:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_page_lines(page, number) for number, page in
                     enumerate(pdf.pages, start=1)]
            title = str((pdf.metadata or {}).get("Title") or "").strip()
    except CorpusError:
        raise
    except Exception as exc:  # pdfminer's many errors for a damaged or encrypted file
        raise CorpusError(str(path), 0, f"not a PDF that can be read: "
                          f"{type(exc).__name__}: {exc}"[:300]) from None
    if not any(line.text.strip() or line.table for page in pages for line in page):
        raise CorpusError(str(path), 0, "no text in the PDF (a scan? it needs OCR first)")
    aside = _remove_artefacts(pages)
    return Source(path, "pdf", normalise("\n".join(_reflow(pages))), aside, title)


def _page_lines(page, number: int) -> list[_Line]:
    """The page's text lines and ruled tables, top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    lines = []
    for found in page.extract_text_lines(return_chars=False):
        middle = (found["top"] + found["bottom"]) / 2
        if any(x0 <= found["x0"] <= x1 and top <= middle <= bottom
               for x0, top, x1, bottom in boxes):
            continue  # text of a table, read with its table
        lines.append(_Line(found["text"], number, found["top"], found["x0"], found["x1"]))
    for table in tables:
        rows = [[_cell(cell) for cell in row] for row in table.extract()]
        if rows:
            lines.append(_Line("", number, table.bbox[1], table.bbox[0], table.bbox[2], rows))
    return sorted(lines, key=lambda line: line.top)


def _cell(text: str | None) -> str:
    parts = [part.strip() for part in (text or "").split("\n") if part.strip()]
    joined = ""
    for part in parts:
        joined = join_broken(joined, part)
    return joined.replace("|", "｜")


def _remove_artefacts(pages: list[list[_Line]]) -> list[SetAside]:
    """Take running headers, footers and page numbers off every page; list them."""
    def key(line: _Line) -> str:
        return _DIGITS.sub("#", "".join(line.text.split()))  # "第 3 页" ~ "第 4 页"

    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        text_lines = [line for line in page if line.table is None]
        tops.update({key(line) for line in text_lines[:_EDGE_LINES]})
        bottoms.update({key(line) for line in text_lines[-_EDGE_LINES:]})
    enough = max(2, (len(pages) + 1) // 2)
    aside = []
    for page in pages:
        for edge, counts, reason in ((0, tops, "running header"), (-1, bottoms,
                                                                   "running footer")):
            for _ in range(_EDGE_LINES):
                text_lines = [line for line in page if line.table is None]
                if not text_lines:
                    break
                line = text_lines[edge]
                if PAGE_NUMBER.match(line.text.strip()):
                    why = "page number"
                elif counts[key(line)] >= enough:
                    why = reason
                else:
                    break
                page.remove(line)
                aside.append(SetAside(0, line.text.strip(), why, f"page {line.page}"))
    return aside


def _reflow(pages: list[list[_Line]]) -> list[str]:
    """Paragraphs as lines of their own, blank lines between: a line that spans the text
    to the right margin and does not end a sentence was wrapped, and the next line goes
    on (a short line set to the right — a date, a signature — stands alone)."""
    lines = [line for page in pages for line in page]
    text_lines = [line for line in lines if line.table is None]
    right = max((line.x1 for line in text_lines), default=0.0)
    left = min((line.x0 for line in text_lines), default=0.0)
    out: list[str] = []
    paragraph = ""
    for line in lines:
        if line.table is not None:
            if paragraph:
                out += [paragraph, ""]
                paragraph = ""
            header, *rows = line.table
            out += [_row(header), "|" + "---|" * len(header), *(_row(r) for r in rows), ""]
            continue
        text = line.text.strip()
        paragraph = join_broken(paragraph, text) if paragraph else text
        width = (line.x1 - line.x0) / max(len(text), 1)  # about one character
        wrapped = line.x1 >= right - 2 * width and line.x1 - line.x0 >= 0.6 * (right - left)
        if not wrapped or ends_sentence(text):
            out += [paragraph, ""]
            paragraph = ""
    if paragraph:
        out.append(paragraph)
    return out


def _row(cells: list[str]) -> str:
    return f"| {' | '.join(cells)} |"
