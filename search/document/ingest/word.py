"""A .docx as lines of text (python-docx): paragraphs in order, the Title style as a
Markdown ``#`` heading and Heading 1…9 as ``##``… (one deeper, so that the title stays
above the chapters), bold runs as ``**bold**``, native tables
as ``|`` rows. Page headers and footers are not in the text; they are listed as set aside.

Before python-docx reads anything, the zip is checked against ``limits`` (issue 19):
members, their unpacked sizes, and every XML part parsed as a stream (elements, depth,
paragraphs, no DTD), so that what python-docx then holds in memory is bounded. Styles are
looked up once, not per paragraph (python-docx searches the style list each time: three
million paragraphs took over ten minutes).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from search.document.conventions import PAGE_NUMBER, ends_sentence
from search.document.ingest.layout import is_box
from search.document.ingest.limits import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_PARAGRAPHS,
    MAX_UNPACKED_BYTES,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    megabytes,
)
from search.document.ingest.source import Source, normalise
from search.document.model import CorpusError, SetAside

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_MAX_HEADING = 60  # characters: a longer paragraph is text, whatever its formatting
_PARAGRAPH = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def read_docx(path: Path) -> Source:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.exceptions import OpcError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    check_package(path)
    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as exc:
        raise CorpusError(str(path), 0, f"not a .docx that can be read: {exc}"[:300]) \
            from None
    styles = {style.style_id: style.name for style in document.styles
              if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    blocks: list[Any] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = styles.get(child.style, default_name) if child.style else default_name
            paragraph = Paragraph(child, document)
            styled = _styled(paragraph, style or "")
            blocks.append(styled if styled is not None else paragraph)
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(Table(child, document)))
    lines = _formatted(blocks)
    aside = []
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for where, part in (("page header", section.header), ("page footer", section.footer)):
            for paragraph in part.paragraphs:
                text = paragraph.text.strip()
                if text and (where, text) not in seen:
                    seen.add((where, text))
                    aside.append(SetAside(0, text, f"{where} of the .docx", where))
    title = " ".join((document.core_properties.title or "").split())
    return Source(path, "docx", normalise("\n".join(lines)), aside, title)


def check_package(path: Path) -> None:
    """Refuse a .docx whose zip would unpack, or whose XML would parse, into more than
    ``limits`` allow — before python-docx reads it whole."""
    try:
        package = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise CorpusError(str(path), 0, "not a Word file (not a zip): a .docx is a zip of "
                          "XML parts; an old .doc must be saved as .docx first") from None
    except OSError as exc:
        raise CorpusError(str(path), 0, f"not a .docx that can be read: {exc}") from None
    with package:
        members = package.infolist()
        if len(members) > MAX_MEMBERS:
            raise CorpusError(str(path), 0, f"its zip holds {len(members):,} files, more "
                              f"than the {MAX_MEMBERS:,} a .docx may have")
        for member in members:
            if member.file_size > MAX_MEMBER_BYTES:
                raise CorpusError(str(path), 0, f"{member.filename} unpacks to "
                                  f"{megabytes(member.file_size)}, more than the "
                                  f"{megabytes(MAX_MEMBER_BYTES)} a part of a .docx may "
                                  "have (a compression bomb?)")
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise CorpusError(str(path), 0, f"it unpacks to {megabytes(unpacked)}, more "
                              f"than the {megabytes(MAX_UNPACKED_BYTES)} a .docx may")
        elements = paragraphs = 0
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                found, found_paragraphs = _scan_xml(package, member, path,
                                                    MAX_XML_ELEMENTS - elements,
                                                    MAX_PARAGRAPHS - paragraphs)
                elements += found
                paragraphs += found_paragraphs


def _scan_xml(package: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path,
              budget: int, paragraph_budget: int) -> tuple[int, int]:
    """(elements, paragraphs) of one XML part, parsed as a stream and let go of as it
    goes; a DTD, too deep a nesting, more than ``budget`` elements or more than
    ``paragraph_budget`` paragraphs is refused."""
    from lxml import etree

    elements = paragraphs = depth = 0
    try:
        with package.open(member) as stream:
            parser = etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                     no_network=True, load_dtd=False, huge_tree=False)
            for event, element in parser:
                if event == "start":
                    if elements == 0 and element.getroottree().docinfo.doctype:
                        raise CorpusError(str(path), 0, f"{member.filename} declares a "
                                          "DTD, which a .docx never does")
                    elements += 1
                    depth += 1
                    if depth > MAX_XML_DEPTH:
                        raise CorpusError(str(path), 0, f"{member.filename} nests elements "
                                          f"more than {MAX_XML_DEPTH} deep")
                    if elements > budget:
                        raise CorpusError(str(path), 0, f"its XML has more than "
                                          f"{MAX_XML_ELEMENTS:,} elements")
                    continue
                depth -= 1
                if element.tag == _PARAGRAPH:
                    paragraphs += 1
                    if paragraphs > paragraph_budget:
                        raise CorpusError(str(path), 0, f"more than {MAX_PARAGRAPHS:,} "
                                          "paragraphs: more than a document may have")
                element.clear()  # what has been counted is let go of
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.LxmlError as exc:
        raise CorpusError(str(path), 0, f"{member.filename} is not well-formed XML: "
                          f"{exc}"[:300]) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorpusError(str(path), 0, f"{member.filename} cannot be unpacked: "
                          f"{exc}"[:300]) from None
    return elements, paragraphs


def _styled(paragraph, style: str) -> list[str] | None:
    """A paragraph in a heading style as a ``#`` heading, else None."""
    heading = _HEADING_STYLE.match(style)
    depth = 1 if style == "Title" else int(heading.group(1)) + 1 if heading else 0
    if not depth:
        return None
    text = " ".join(paragraph.text.split())
    return [f"{'#' * depth} {text}", ""] if text else []


def _formatted(blocks: list[Any]) -> list[str]:
    """The document's lines. A paragraph without a heading style is a heading when its
    formatting says so (issue 25: a government office's Word file has no heading styles,
    its chapters are bold centred paragraphs): short, not a sentence, and all in bold,
    larger than the body text, or centred. Its depth follows its size, largest first, one
    below the Title (``#``) so that the largest of them names the document."""
    candidates: dict[int, float] = {}
    sizes: dict[float, int] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, list):  # a paragraph (a table is its lines already)
            size, heading = _looks_like_heading(block)
            sizes[size] = sizes.get(size, 0) + len(block.text)
            if heading:
                candidates[index] = size
    body = max(sizes.items(), key=lambda kv: kv[1])[0] if sizes else 0.0
    ranks = sorted({size for size in candidates.values() if size > body}, reverse=True)
    depth = {size: min(rank + 1, 5) for rank, size in enumerate(ranks)}
    lines: list[str] = []
    for index, block in enumerate(blocks):
        if isinstance(block, list):
            lines += block
        elif index in candidates:
            text = " ".join(block.text.split())
            lines += [f"{'#' * depth.get(candidates[index], len(ranks) + 1)} {text}", ""]
        else:
            text = _runs(block).strip()
            lines += [*text.split("\n"), ""] if text else []
    return lines


def _looks_like_heading(paragraph) -> tuple[float, bool]:
    """(its text's size in points, whether its formatting makes it a heading)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    runs = [run for run in paragraph.runs if run.text.strip()]
    sized = [run.font.size.pt for run in runs if run.font.size is not None]
    size = max(sized) if sized and len(sized) == len(runs) else 0.0
    text = " ".join(paragraph.text.split())
    if not runs or not text or len(text) > _MAX_HEADING or ends_sentence(text) \
            or "，" in text or PAGE_NUMBER.match(text):
        return size, False
    bold = all(run.bold for run in runs)
    centred = paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    return size, bold or centred or size > 0.0


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
    """A table as ``|`` rows; a box (one column, or one row: text framed to set it off,
    issue 25) as the paragraphs it holds."""
    grid = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    if is_box(grid):
        return [line for row in grid for cell in row if cell for line in (cell, "")]
    rows = [f"| {' | '.join(cell.replace('|', '｜') for cell in row)} |" for row in grid]
    if not rows:
        return []
    width = rows[0].count("|") - 1
    return ["", rows[0], "|" + "---|" * width, *rows[1:], ""]
