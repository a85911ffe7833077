"""A unit's page — a section read as one text, a table, a chart, a policy — with what a
reader needs to cite it: permalinks, citations in five formats, metadata for reference
managers (Highwire ``citation_*`` and Dublin Core), the English edition beside the
Chinese, matches of the reader's query in context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from search.document.model import Figure, Paragraph, Report, Section, Table, paragraph_id
from search.engine.records import SECTION_KINDS, Record
from search.engine.snapshot import Snapshot
from search.publish.citation import Cited, citations
from search.publish.exports import English
from search.query.highlight import Highlight
from search.query.searching import highlight_for, related
from search.web.labels import crumbs, english_ui, facet_label, unit_url
from search.web.rendering import (
    MAX_LISTED_MATCHES,
    TEXTS,
    RenderedBlock,
    Renderer,
    block_index,
    number_matches,
)

SORTS = ("asc", "desc")


def text_mode(params: QueryDict, record: Record) -> str:
    """Which text the page shows: ``?text=zh|en|both``, else the interface's language
    (the English edition where it has the unit)."""
    wanted = params.get("text", "")
    if wanted in TEXTS:
        return wanted
    return "en" if english_ui() and record.english else "zh"


def cited(request: HttpRequest, report: Report, record: Record, accessed: date,
          english: bool, paragraph: str = "") -> Cited:
    """The unit as a citation sees it (a paragraph of a section: its anchor)."""
    path = unit_url(report.meta.slug, record.id)
    url = request.build_absolute_uri(path) + (f"#{paragraph}" if paragraph else "")
    return Cited(report.meta, record.id, record.heading, record.pages, url, accessed,
                 title=record.title.strip("《》") if record.kind == "policy" else record.title,
                 title_en=record.title_en, english=english)


@dataclass(frozen=True)
class Meta:
    name: str
    content: str


def metadata(report: Report, record: Record, permalink: str, english: bool) -> list[Meta]:
    """Highwire Press ``citation_*`` tags (Zotero's embedded-metadata import, Google
    Scholar) and Dublin Core, for the unit as a part of the report."""
    meta = report.meta
    tags = [
        Meta("citation_title", record.title),
        Meta("citation_author", meta.publisher),
        Meta("citation_publication_date", meta.date.replace("-", "/")),
        Meta("citation_publisher", meta.publisher),
        Meta("citation_technical_report_institution", meta.publisher),
        Meta("citation_inbook_title", meta.title),
        Meta("citation_language", meta.language),
        Meta("citation_public_url", permalink),
    ]
    if record.pages:
        tags += [Meta("citation_firstpage", str(record.pages[0])),
                 Meta("citation_lastpage", str(record.pages[1]))]
    tags += [
        Meta("DC.title", record.title),
        Meta("DC.creator", meta.publisher),
        Meta("DC.publisher", meta.publisher),
        Meta("DC.date", meta.date),
        Meta("DC.language", "en" if english else meta.language),
        Meta("DC.identifier", permalink),
        Meta("DC.type", "Text"),
        Meta("DC.relation.isPartOf", meta.title),
    ]
    if english and record.title_en:
        tags.append(Meta("DC.title.alternative", record.title_en))
    return tags


def unit_context(request: HttpRequest, snapshot: Snapshot, report: Report, record: Record,
                 q: str, accessed: date) -> dict[str, Any]:
    """What every unit page shows, plus the section's or the block's own content."""
    slug = report.meta.slug
    english = english_ui()
    text = text_mode(request.GET, record)
    highlight = highlight_for(snapshot, q) if q else Highlight()
    unit = cited(request, report, record, accessed, english)
    context: dict[str, Any] = {
        "report": report,
        "record": record,
        "q": q,
        "text": text,
        "has_english": bool(record.english),
        "crumbs": crumbs(snapshot, slug, record.breadcrumbs, english),
        "english": record.title_en if english else None,
        "permalink": unit.url,
        "cite": citations(unit),
        "meta_tags": metadata(report, record, unit.url, english),
        "exports": {kind: reverse(f"cite-{kind}", args=[slug, record.id])
                    for kind in ("ris", "bib", "json")},
        "text_links": {mode: _with(request.GET, text=mode) for mode in TEXTS},
        "text_param": request.GET.get("text", "") if request.GET.get("text") in TEXTS else "",
        "description": _description(record, text),
        # headings numbered by id (3.1.1.3), as in English: the English text, and both
        # texts on an English page
        "en_numbers": text == "en" or (english and text == "both"),
        "english_labels": english or text == "en",  # "Table 15: " rather than "图表 15："
    }
    renderer = Renderer(snapshot, slug, highlight, text)
    if record.kind in SECTION_KINDS:
        context.update(_section(snapshot, report, record, renderer))
    else:
        context.update(_block(request, snapshot, report, record, renderer))
    context["listed_matches"] = context["matches"][:MAX_LISTED_MATCHES]  # without a script
    return context


def _description(record: Record, text: str) -> str:
    """The page's meta description: the unit's own words, in the language it shows."""
    words = (record.text_en if text == "en" else "") or record.text or record.title
    return " ".join(words.split())[:160]


def _with(params: QueryDict, **changes: str) -> str:
    query = params.copy()
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


def _section(snapshot: Snapshot, report: Report, record: Record, renderer: Renderer
             ) -> dict[str, Any]:
    slug = report.meta.slug
    section = find_section(report, record.id)
    tree = renderer.section(section)
    matches = number_matches([tree])
    previous, following = neighbours(report, record.id)
    return {
        "section": section,
        "tree": tree,
        "contents": [(r.section, r.depth, unit_url(slug, r.section.id),
                      _title(snapshot, slug, r.section, english_ui() or renderer.english_only))
                     for r in tree.walk() if r.depth > 0 and r.inline],
        "matches": matches,
        "previous": _neighbour(snapshot, slug, previous),
        "next": _neighbour(snapshot, slug, following),
        "related": [(r, unit_url(slug, r.id)) for r in related(snapshot, record)],
    }


def _title(snapshot: Snapshot, slug: str, section: Section, english: bool) -> str:
    return (english and snapshot.english_title(slug, section.id)) or section.title


def _neighbour(snapshot: Snapshot, slug: str, section: Section | None
               ) -> tuple[Section, str, str] | None:
    """A previous or next section: itself, its permalink, its English title."""
    if section is None:
        return None
    return section, unit_url(slug, section.id), snapshot.english_title(slug, section.id) or ""


def _block(request: HttpRequest, snapshot: Snapshot, report: Report, record: Record,
           renderer: Renderer) -> dict[str, Any]:
    """A table or chart on its own page; a policy with the row of its table."""
    slug = report.meta.slug
    figure = snapshot.record(slug, record.parent) if record.kind == "policy" else record
    if figure is None:
        raise Http404(record.parent)
    section, table = find_captioned(report, figure)
    block = renderer.captioned(table)
    context: dict[str, Any] = {
        "unit_block": block,  # not "block": inside {% block %} that name is the block node
        "section_url": unit_url(slug, section.id) + f"#{record.id}",
        "section": section,
        "section_title": _title(snapshot, slug, section, english_ui() or renderer.english_only),
    }
    if isinstance(table, Table) and record.kind != "policy":
        _sortable(request.GET, block)
    context["matches"] = number_matches([], [block])
    if record.kind == "policy" and isinstance(table, Table):
        context["policy"] = policy = next(p for p in table.policies if p.id == record.id)
        context["region_label"] = facet_label(snapshot, "region", policy.region, english_ui())
        context["row"] = list(zip(block.header, block.row(record.id), strict=True))
    return context


def _sortable(params: QueryDict, block: RenderedBlock) -> None:
    """Columns sorted by a link (``?sort=2&dir=desc``): numbers as numbers."""
    table = block.table
    assert table is not None
    column = params.get("sort", "")
    direction = params.get("dir", "asc")
    links = []
    for index in range(len(table.header)):
        current = column == str(index + 1)
        following = "desc" if current and direction == "asc" else "asc"
        links.append({"url": _with(params, sort=str(index + 1), dir=following) + f"#{table.id}",
                      "sorted": ("ascending" if direction == "asc" else "descending")
                      if current else ""})
    if column.isdigit() and 1 <= int(column) <= len(table.header) and direction in SORTS:
        index = int(column) - 1
        order = sorted(range(len(table.rows)), key=lambda r: _sort_key(table.rows[r][index]),
                       reverse=direction == "desc")
        block.rows = [block.rows[r] for r in order]
    block.sorts = links


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _sort_key(cell: str) -> tuple:
    """Numbers before text, by value; text by its characters."""
    found = _NUMBER.search(cell.replace(",", ""))
    return (0, float(found.group()), cell) if found and found.start() == 0 else (1, 0.0, cell)


def find_section(report: Report, section_id: str) -> Section:
    for section, _ancestors in report.walk():
        if section.id == section_id:
            return section
    raise Http404(section_id)


def neighbours(report: Report, section_id: str) -> tuple[Section | None, Section | None]:
    """The sections before and after, in reading order."""
    ordered = [section for section, _ in report.walk()]
    index = next(i for i, s in enumerate(ordered) if s.id == section_id)
    return (ordered[index - 1] if index > 0 else None,
            ordered[index + 1] if index + 1 < len(ordered) else None)


def paragraph_of(report: Report, record: Record, anchor: str) -> str:
    """``anchor`` when it names a paragraph of the section ``record`` (``p-3.1.1.3-2``),
    "" when empty; any other value is a 404."""
    if not anchor:
        return ""
    if record.kind in SECTION_KINDS:
        section = find_section(report, record.id)
        if anchor in {paragraph_id(section.id, n)
                      for n in range(1, len(section.paragraphs) + 1)}:
            return anchor
    raise Http404(_("This section has no paragraph “%(id)s”.") % {"id": anchor})


def find_captioned(report: Report, record: Record) -> tuple[Section, Table | Figure]:
    """The table or chart ``record`` is, and the section it is printed in."""
    section = find_section(report, record.parent)
    block = section.blocks[block_index(section, record.id)]
    assert not isinstance(block, Paragraph)
    return section, block


def find_table(report: Report, record: Record) -> Table:
    """The table ``record`` is (a chart has no data: 404)."""
    if record.kind == "table":
        _section, table = find_captioned(report, record)
        if isinstance(table, Table):
            return table
    raise Http404(_("“%(id)s” is not a table.") % {"id": record.id})


def english_lookup(snapshot: Snapshot, slug: str) -> English:
    """An edition id of a table (``fig-15``, ``fig-15.r2.c3``) → its English."""
    def english(entry_id: str) -> str:
        record = snapshot.record(slug, entry_id.split(".", 1)[0])
        return record.english.get(entry_id, "") if record is not None else ""

    return english

