"""Go to a numbered thing: "图表 15", "Figure 38", "table 43", "3.1.1.3", "第三章",
"chapter 3", "第20页", "p. 20", or a unit's exact title. Such a query names units; they
come first in the results, with a "go straight there" link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.model import Figure, Report, Table, squash
from search.parser import cn_number

_NUMERAL = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
_PATTERNS = (
    # (kind, pattern) — the whole query, NFKC-folded, lower case
    ("figure", re.compile(rf"^(?:图表|图|表|figure|fig\.?|fig-|table|chart|exhibit)\s*"
                          rf"{_NUMERAL}$")),
    ("chapter", re.compile(rf"^(?:第\s*{_NUMERAL}\s*章|chapter\s*{_NUMERAL}|ch\.?\s*{_NUMERAL})$")),
    ("page", re.compile(rf"^(?:第\s*{_NUMERAL}\s*页|p\.?\s*{_NUMERAL}|pp\.?\s*{_NUMERAL}|page\s*"
                        rf"{_NUMERAL}|{_NUMERAL}\s*页)$")),
    ("section", re.compile(r"^(?:§\s*|section\s*|第)?(\d{1,2}(?:\.\d{1,2}){1,3})(?:\s*节)?$")),
)


@dataclass(frozen=True)
class GoTo:
    kind: str  # figure, chapter, page, section, title
    value: str  # "15", "3", "20", "3.1.1.3", a title
    ids: tuple[tuple[str, str], ...]  # (report slug, unit id) it names, best first


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def find_goto(query: str, reports: dict[str, Report]) -> GoTo | None:
    """The units ``query`` names, if it names any."""
    import unicodedata

    text = " ".join(unicodedata.normalize("NFKC", query).lower().split())
    if not text:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        raw = next(g for g in match.groups() if g)
        if kind == "section":
            ids = _sections(reports, lambda s, value=raw: s.id == value)
            return GoTo(kind, raw, ids) if ids else None
        number = _number(raw)
        if kind == "figure":
            ids = tuple((slug, f"fig-{number}") for slug, report in reports.items()
                        if any(b.number == number for b in _captioned(report)))
        elif kind == "chapter":
            ids = _sections(reports, lambda s, n=number: s.level == 1 and s.part == "body"
                            and s.id == str(n))
        else:
            ids = _pages(reports, number)
        return GoTo(kind, str(number), ids) if ids else None
    return _title(text, reports)


def _captioned(report: Report) -> list[Table | Figure]:
    return [*report.tables(), *report.figures()]


def _sections(reports: dict[str, Report], wanted) -> tuple[tuple[str, str], ...]:
    return tuple((slug, section.id) for slug, report in reports.items()
                 for section, _ in report.walk() if wanted(section))


def _pages(reports: dict[str, Report], page: int) -> tuple[tuple[str, str], ...]:
    """Sections whose printed pages cover ``page``, the narrowest (deepest) first."""
    found = []
    for slug, report in reports.items():
        for section, ancestors in report.walk():
            if section.pages and section.pages[0] <= page <= section.pages[1]:
                width = section.pages[1] - section.pages[0]
                found.append((width, -len(ancestors), slug, section.id))
    found.sort()
    return tuple((slug, unit_id) for *_, slug, unit_id in found)


def _title(text: str, reports: dict[str, Report]) -> GoTo | None:
    """A heading, table title or policy name typed exactly (spaces and 《》 aside)."""
    wanted = squash(text).strip("《》")
    if len(wanted) < 4:
        return None
    ids = []
    for slug, report in reports.items():
        for section, _ in report.walk():
            if squash(section.title).lower() == wanted:
                ids.append((slug, section.id))
        for block in _captioned(report):
            if squash(block.title).lower() == wanted:
                ids.append((slug, block.id))
        for policy in report.policies():
            if squash(policy.name).strip("《》").lower() == wanted:
                ids.append((slug, policy.id))
    return GoTo("title", text, tuple(ids)) if ids else None
