"""A .docx as lines of text (python-docx): paragraphs in order, the Title style as a
Markdown ``#`` heading and Heading 1…9 as ``##``… (one deeper, so that the title stays
above the chapters), bold runs as ``**bold**``, native tables
as ``|`` rows. Page headers and footers are not in the text; they are listed as set aside.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from search.document.ingest.source import Source, normalise
from search.document.model import CorpusError, SetAside

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def read_docx(path: Path) -> Source:
    import docx
    from docx.opc.exceptions import OpcError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(str(path), 0, f"not a .docx that can be read: {exc}") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines += _paragraph(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            lines += _table(Table(child, document))
    aside = []
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for where, part in (("page header", section.header), ("page footer", section.footer)):
            for paragraph in part.paragraphs:
                text = paragraph.text.strip()
                if text and (where, text) not in seen:
                    seen.add((where, text))
                    aside.append(SetAside(0, text, f"{where} of the .docx", where))
    title = (document.core_properties.title or "").strip()
    return Source(path, "docx", normalise("\n".join(lines)), aside, title)


def _paragraph(paragraph) -> list[str]:
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style)
    depth = 1 if style == "Title" else int(heading.group(1)) + 1 if heading else 0
    if depth:
        text = " ".join(paragraph.text.split())
        return [f"{'#' * depth} {text}", ""] if text else []
    text = _runs(paragraph).strip()
    return [*text.split("\n"), ""] if text else []


def _runs(paragraph) -> str:
    """The paragraph's text with its bold runs marked ``**…**`` (a bold paragraph that is a
    heading's number and title is a heading in the report preset)."""
    parts: list[tuple[bool, str]] = []
    for run in paragraph.runs:
        if not run.text:
            continue
        bold = bool(run.bold) and bool(run.text.strip())
        if parts and parts[-1][0] == bold:
            parts[-1] = (bold, parts[-1][1] + run.text)
        else:
            parts.append((bold, run.text))
    if "".join(text for _, text in parts) != paragraph.text:
        return paragraph.text  # text in hyperlinks or fields, which are not runs: no bold
    return "".join(_bold(text) if bold else text for bold, text in parts)


def _bold(text: str) -> str:
    core = text.strip()
    start = text.index(core)
    return f"{text[:start]}**{core}**{text[start + len(core):]}"


def _table(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()).replace("|", "｜") for cell in row.cells]
        rows.append(f"| {' | '.join(cells)} |")
    if not rows:
        return []
    width = rows[0].count("|") - 1
    return ["", rows[0], "|" + "---|" * width, *rows[1:], ""]
