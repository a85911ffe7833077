"""How much of a document's text reaches the units that are indexed (issue 25): the
source's letters, digits and Chinese characters found, in order, in the text of the
parsed report — headings, paragraphs, footnotes, captions, cells. What a reader or a
preset set aside (running headers, a cover, a contents list) counts as not kept, so the
share is an honest floor: ingest prints it, and a document read badly shows it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from search.document.model import Figure, Paragraph, Report, Table

_WINDOW = 4_000  # how far ahead a line of the source is looked for (text moved by a parse)
_CHAR_WINDOW = 40  # how far ahead one character is, when its line was not found whole


@dataclass(frozen=True)
class Coverage:
    kept: int
    total: int

    @property
    def share(self) -> float:
        return self.kept / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.share:.1%} of the text kept ({self.kept:,} of {self.total:,} " \
               "letters, digits and CJK characters)"


def significant(text: str) -> str:
    """The characters that count: letters, digits, CJK — folded (NFKC, lower case)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if char.isalnum())


def report_text(report: Report) -> Iterator[str]:
    """The indexed text of a report, in document order."""
    yield report.meta.title
    for section, _ in report.walk():
        yield section.heading
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield block.text
                for footnote in block.footnotes:
                    yield f"{footnote.marker}{footnote.text}"
            elif isinstance(block, Table):
                yield f"{block.number}{block.title}{block.unit or ''}"
                yield " ".join(block.header)
                for row in block.rows:
                    yield " ".join(row)
                yield block.source or ""
            elif isinstance(block, Figure):
                yield f"{block.number}{block.title}{block.unit or ''}{block.source or ''}"
                yield " ".join(block.labels)


def coverage(source_lines: list[str], report: Report) -> Coverage:
    """The share of the source's significant characters found, in order, in the report:
    each line is looked for whole a little ahead of where the last one was found, and a
    line not found whole character by character close by."""
    target = significant("\n".join(report_text(report)))
    position = kept = total = 0
    for line in source_lines:
        chars = significant(line)
        if not chars:
            continue
        total += len(chars)
        found = target.find(chars, position, position + _WINDOW + len(chars))
        if found < 0 and len(chars) >= 8:
            found = target.find(chars)  # text a parse moved (a caption, a footnote)
        if found >= 0:
            kept += len(chars)
            position = max(position, found + len(chars)) if found >= position else position
            continue
        for char in chars:
            at = target.find(char, position, position + _CHAR_WINDOW)
            if at >= 0:
                kept += 1
                position = at + 1
    return Coverage(kept, total)
