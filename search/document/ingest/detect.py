"""Which preset a document's text looks like: its headings say it. A law is a run of
第X条; a report numbers its chapters 一、二、; a standard numbers its sections 1.1; a
Markdown file marks them with ``#``. Anything else is read as a report, whose parser
says what it expected."""

from __future__ import annotations

from collections.abc import Sequence

from search.document.conventions import (
    TABLE_OF_CONTENTS,
    markdown_heading,
    named_matter,
    parse_heading,
    unmark,
)
from search.document.headings import PRESET_HEADINGS, decimal_heading, law_heading
from search.document.model import squash


def detect_preset(lines: Sequence[str]) -> tuple[str, str]:
    """(preset, why) for the document's lines."""
    texts = [line.strip() for line in lines if line.strip()]
    laws = [h for h in map(law_heading, texts) if h]
    articles = sum(1 for h in laws if h.article)
    chapters = len(laws) - articles
    numbered = [h for h in (parse_heading(unmark(t)) for t in texts) if h]
    report_chapters = sum(1 for h in numbered if h[0] == 1)
    decimals = [h for h in map(decimal_heading, texts) if h]
    nested = sum(1 for h in decimals if h.rank > 1)
    marked = sum(1 for t in texts if markdown_heading(t))
    if (articles >= 2 or articles and chapters) and articles >= len(numbered):
        return "law", f"{articles} articles 第X条" + (f", {chapters} 编/章/节" if chapters
                                                     else "")
    if report_chapters >= 2:
        return "report", f"{report_chapters} chapters 一、二、…, {len(numbered)} numbered " \
                         "headings in all"
    if nested >= 2 and len(decimals) > nested:
        return "decimal", f"{len(decimals)} headings 1 / 1.1 / 1.1.1"
    if marked >= 2:
        return "markdown", f"{marked} # headings"
    return "report", "no 第X条, 一、, 1.1 or # headings found"


def first_heading(lines: Sequence[str], preset: str) -> int:
    """The index of the line where the text begins under ``preset``: what comes before it
    is the cover or a preamble, where a document names itself and its date."""
    marked = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        plain = unmark(text)
        if preset == "report":
            heading = parse_heading(plain)
            found = bool(heading and heading[0] == 1) or bool(named_matter(plain)) \
                or squash(plain) == TABLE_OF_CONTENTS
        elif preset == "markdown":
            depth = markdown_heading(text)
            marked += bool(depth)
            found = bool(depth) and not (marked == 1 and depth is not None and depth[0] == 1)
        else:
            found = PRESET_HEADINGS[preset](text) is not None
        if found:
            return index
    return len(lines)
