"""Go to a numbered thing: "图表 15", "Figure 38", "table 43", "3.1.1.3", "第三章",
"chapter 3", "第20页", "p. 20", a law's "第二十一条" / "数据安全法第二十一条" / "article 21",
any of these after a document's title or short name ("…促进条例第三十七条", "RFC 6455
5.5.1"), or a unit's exact title. Such a query names units; they
come first in the results, with a "go straight there" link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.document.conventions import cn_number
from search.document.model import Figure, Report, Table, squash

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


_ARTICLE = re.compile(r"^(?:(?:中华人民共和国)?(?P<law>\S{2,30}?法)\s*)?"
                      r"(?:第\s*(?P<zh>\d{1,3}|[一二三四五六七八九十百零]{1,5})\s*条"
                      r"|(?:article|art\.?|art-)\s*(?P<en>\d{1,3}))$")


@dataclass(frozen=True)
class GoTo:
    kind: str  # figure, chapter, page, section, title
    value: str  # "15", "3", "20", "3.1.1.3", a title
    ids: tuple[tuple[str, str], ...]  # (report slug, unit id) it names, best first


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def find_goto(query: str, reports: dict[str, Report],
              titles: dict[str, tuple[tuple[str, str], ...]] | None = None,
              prefer: tuple[str, ...] = ()) -> GoTo | None:
    """The units ``query`` names, if it names any (``titles``: ``title_index`` of the
    reports, when the caller keeps one). A query may start with a document's title or
    short name ("深圳经济特区人工智能产业促进条例第三十七条", "算法推荐管理规定第十七条",
    "RFC 6455 5.5.1"): then only that document is looked in (issue 25). A number without
    one names units of every document, those of ``prefer`` (the documents the reader
    filtered on) first."""
    import unicodedata

    text = " ".join(unicodedata.normalize("NFKC", query).lower().split())
    if not text:
        return None
    named = _named_document(text, reports)
    if named is not None:
        slugs, rest = named
        found = _unit(rest, {slug: reports[slug] for slug in slugs}) if rest else None
        if found is not None:
            return found
    found = _unit(text, reports)
    if found is not None and prefer:
        ids = tuple(sorted(found.ids, key=lambda unit: unit[0] not in prefer))
        return GoTo(found.kind, found.value, ids)
    if found is not None:
        return found
    return _title(text, titles if titles is not None else title_index(reports))


# the words a document's short name ends with: 数据安全法, 促进条例, 管理规定 …
_DOCUMENT_WORDS = ("法", "条例", "规定", "办法", "决定", "意见", "规则", "细则", "通知", "标准",
                   "方案", "规划", "指南", "纲要", "决议")
_MIN_SHORT_NAME = 4  # characters: "条例" alone names nothing


def document_names(report: Report) -> set[str]:
    """The names a reader may call a document by (folded: NFKC, no spaces, lower case):
    its title, with or without 中华人民共和国, its English title, its slug ("rfc6455"), and
    the tails of its title that end with a word like 法/条例/规定 ("数据安全法",
    "人工智能产业促进条例")."""
    meta = report.meta
    title = squash(meta.title).lower()
    names = {title, squash(meta.title_en).lower(), meta.slug.replace("-", "").lower(),
             title.removeprefix("中华人民共和国")}
    for start in range(len(title)):
        tail = title[start:]
        if len(tail) >= _MIN_SHORT_NAME and tail.endswith(_DOCUMENT_WORDS):
            names.add(tail)
    return {name for name in names if len(name) >= _MIN_SHORT_NAME}


def _named_document(text: str, reports: dict[str, Report]
                    ) -> tuple[tuple[str, ...], str] | None:
    """(the documents the query starts by naming, the rest of the query), by the longest
    name that matches."""
    folded = squash(text).lower().replace("-", "").strip("《》")
    best = 0
    slugs: list[str] = []
    for slug, report in reports.items():
        for name in document_names(report):
            if folded.startswith(name) and len(name) >= best:
                if len(name) > best:
                    best, slugs = len(name), []
                slugs.append(slug)
    if not slugs:
        return None
    rest = folded[best:].lstrip("》").strip()
    return tuple(dict.fromkeys(slugs)), rest


_SECTION_IN = re.compile(r"^(?:§|section|sec\.?|第)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:节|条)?$")


def _unit(text: str, reports: dict[str, Report]) -> GoTo | None:
    """The units a reference (第二十一条, 图表 15, 第三章, 5.5.1, 第20页) names in
    ``reports``."""
    article = _ARTICLE.match(text)
    if article:
        return _article(reports, article)
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
    if len(reports) == 1:  # in a document named: "section 5", "5.5.1." too
        section = _SECTION_IN.match(squash(text).lower())
        if section:
            wanted = section.group(1)
            ids = _sections(reports, lambda s: s.id == wanted)
            return GoTo("section", wanted, ids) if ids else None
    return None


def _article(reports: dict[str, Report], match: re.Match) -> GoTo | None:
    """第二十一条 in every law that has one; with a law's name, in that law only."""
    number = _number(match.group("zh") or match.group("en"))
    law = match.group("law")
    ids = tuple((slug, f"art-{number}") for slug, report in reports.items()
                if (not law or law in report.meta.title)
                and any(a.id == f"art-{number}" for a in report.articles()))
    return GoTo("article", str(number), ids) if ids else None


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


def title_index(reports: dict[str, Report]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every heading, table and chart title and policy name (spaces and 《》 aside, lower
    case) → the units that bear it, in reading order."""
    found: dict[str, list[tuple[str, str]]] = {}

    def add(title: str, slug: str, unit_id: str) -> None:
        found.setdefault(squash(title).strip("《》").lower(), []).append((slug, unit_id))

    for slug, report in reports.items():
        for section, _ in report.walk():
            add(section.title, slug, section.id)
            for table in section.tables:
                add(table.title, slug, table.id)
            for figure in section.figures:
                add(figure.title, slug, figure.id)
        for policy in report.policies():
            add(policy.name, slug, policy.id)
    return {title: tuple(ids) for title, ids in found.items()}


def _title(text: str, titles: dict[str, tuple[tuple[str, str], ...]]) -> GoTo | None:
    """A heading, table title or policy name typed exactly (spaces and 《》 aside)."""
    wanted = squash(text).strip("《》")
    if len(wanted) < 4:
        return None
    ids = titles.get(wanted)
    return GoTo("title", text, ids) if ids else None
