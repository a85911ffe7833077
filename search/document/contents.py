"""A report's printed table of contents (目录): its entries, and the pages each section
spans, which is all the white paper's parser reads it for. Pure Python with no Django
import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search.document.conventions import parse_heading
from search.document.drafting import SectionDraft
from search.document.model import CorpusError, squash


@dataclass(frozen=True)
class ContentsEntry:
    level: int  # 0 for front/back matter
    title: str
    page: int
    line: int


def contents_entry(title: str, page: int, lineno: int) -> ContentsEntry:
    """An entry as printed: "一、总体态势" is a chapter (level 1), "前言" front matter."""
    heading = parse_heading(title)
    if heading:
        return ContentsEntry(heading[0], heading[2], page, lineno)
    return ContentsEntry(0, title, page, lineno)


def _flatten(top: list[SectionDraft]) -> list[SectionDraft]:
    flat: list[SectionDraft] = []

    def visit(draft: SectionDraft) -> None:
        flat.append(draft)
        for child in draft.children:
            visit(child)

    for draft in top:
        visit(draft)
    return flat


def assign_pages(top: list[SectionDraft], contents: list[ContentsEntry],
                 error: Callable[[int, str], CorpusError]) -> None:
    """Give each section the pages it spans: from its own 目录 page to the page where the
    next section outside it begins (the page before, when that one opens a new part).
    Sections the 目录 does not list share their parent's pages. An entry no heading
    matches is ``error``(its line, why)."""
    if not contents:
        return
    flat = _flatten(top)
    cursor = 0
    starts: dict[int, int] = {}  # index in flat -> page
    for entry in contents:
        wanted = squash(entry.title)
        for index in range(cursor, len(flat)):
            draft = flat[index]
            level = draft.level if draft.number else 0
            if squash(draft.title) == wanted and (entry.level in (0, level)):
                starts[index] = entry.page
                cursor = index + 1
                break
        else:
            raise error(entry.line, f"目录 lists {entry.title!r}, but no heading in the text "
                        "matches it")
    last_page = max(starts.values())
    for index, page in starts.items():
        draft = flat[index]
        end = last_page
        for later in range(index + 1, len(flat)):
            if later in starts and not flat[later].id.startswith(f"{draft.id}."):
                end = starts[later] - 1 if flat[later].level == 1 else starts[later]
                break
        draft.pages = (page, max(page, end))

    def inherit(draft: SectionDraft, pages: tuple[int, int] | None) -> None:
        if draft.pages is None:
            draft.pages = pages
        for child in draft.children:
            inherit(child, draft.pages)

    for draft in top:
        inherit(draft, None)
