"""A unit's page — a section read as one text, a table, a chart, a policy — with what a
reader needs to cite it: permalinks, citations in five formats, metadata for reference
managers (Highwire ``citation_*`` and Dublin Core), the English edition beside the
Chinese, matches of the reader's query in context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from search.document.model import Figure, Paragraph, Report, Section, Table
from search.engine.records import SECTION_KINDS, Record
from search.engine.snapshot import Snapshot
from search.publish import styles
from search.publish.citation import Cited, PolicyEntry, csl_item
from search.publish.exports import English
from search.publish.styles import citations
from search.query.highlight import Highlight
from search.query.related import related
from search.query.searching import highlight_for
from search.web.labels import crumbs, english_ui, facet_label, region_english, unit_url
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


def cited(request: HttpRequest, snapshot: Snapshot, report: Report, record: Record,
          accessed: date, english: bool, paragraph: str = "") -> Cited:
    """The unit as a citation sees it. A paragraph is cited through its own section, at
    its anchor (``record`` must be that section: see ``paragraph_of``); a policy as an
    entry of its table, the policy's issuer, name and date in the note (issue #24)."""
    slug = report.meta.slug
    url = request.build_absolute_uri(unit_url(slug, record.id)) + (
        f"#{paragraph}" if paragraph else "")
    # the English page cites the English edition where there is one (a law ingested
    # without one is read, and cited, in its own language on either page)
    english = english and bool(record.english)
    if record.kind == "policy":
        table = snapshot.record(slug, record.parent)
        if table is None:
            raise Http404(record.parent)
        region = record.regions[0] if record.regions else ""
        entry = PolicyEntry(
            issuer=region, name=record.title.strip("《》"),
            date=record.date.replace(".", "-"),
            number=int(record.id.rsplit("-p", 1)[1]),
            issuer_en=record.english.get("region", "") or region_english(snapshot, region),
            name_en=record.title_en)
        return Cited(report.meta, record.id, table.heading, table.pages, url, accessed,
                     title=table.title, title_en=table.title_en, english=english,
                     policy=entry,
                     number=table.number.replace("图表", "Table") if english else table.number)
    return Cited(report.meta, record.id, record.heading, record.pages, url, accessed,
                 title=record.title, title_en=record.title_en, english=english,
                 paragraph=paragraph)


@dataclass(frozen=True)
class Meta:
    name: str
    content: str


def metadata(unit: Cited) -> list[Meta]:
    """Highwire Press ``citation_*`` tags (Zotero's embedded-metadata import, Google
    Scholar) and Dublin Core, from the same CSL item as the citations: the unit as a part
    of the report (a policy as an entry of its table), in the language of the text the
    page cites (the English page cites the English edition)."""
    item = csl_item(unit)
    law = item["type"] == "legislation"
    author = item["authority"] if law else item["author"][0]["literal"]
    container = item.get("container-title", "")
    published = "/".join(f"{p:02d}" for p in item["issued"]["date-parts"][0])
    tags = [Meta("citation_title", item["title"]), Meta("citation_author", author),
            Meta("citation_publication_date", published)]
    if not law:
        tags += [Meta("citation_publisher", item["publisher"]),
                 Meta("citation_technical_report_institution", item["publisher"])]
    if container:
        tags.append(Meta("citation_inbook_title", container))
    tags += [Meta("citation_language", item["language"]),
             Meta("citation_public_url", unit.url)]
    if unit.pages and not law:
        tags += [Meta("citation_firstpage", str(unit.pages[0])),
                 Meta("citation_lastpage", str(unit.pages[1]))]
    if item.get("abstract"):
        tags.append(Meta("citation_abstract", item["abstract"]))
    tags += [
        Meta("DC.title", item["title"]),
        Meta("DC.creator", author),
        Meta("DC.publisher", item.get("publisher", author)),
        Meta("DC.date", unit.meta.date),
        Meta("DC.language", item["language"]),
        Meta("DC.identifier", unit.url),
        Meta("DC.type", "Text"),
    ]
    if container:
        tags.append(Meta("DC.relation.isPartOf", container))
    alternative = item.get("original-title") or item.get("custom", {}).get("translated-title")
    if alternative:
        tags.append(Meta("DC.title.alternative", alternative))
    if item.get("abstract"):
        tags.append(Meta("DC.description", item["abstract"]))
    return tags


def unit_context(request: HttpRequest, snapshot: Snapshot, report: Report, record: Record,
                 q: str, accessed: date) -> dict[str, Any]:
    """What every unit page shows, plus the section's or the block's own content."""
    slug = report.meta.slug
    english = english_ui()
    text = text_mode(request.GET, record)
    highlight = highlight_for(snapshot, q) if q else Highlight()
    unit = cited(request, snapshot, report, record, accessed, english)
    context: dict[str, Any] = {
        "report": report,
        "record": record,
        "q": q,
        "text": text,
        # an English document's text is its own, not a translation to switch to
        "has_english": bool(record.english) and not report.meta.english,
        "no_edition": english and not record.english and not report.meta.english,
        "crumbs": crumbs(snapshot, slug, record.breadcrumbs, english),
        "english": record.title_en if english else None,
        **cite_box(unit),
        "meta_tags": metadata(unit),
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


_PARAGRAPH = re.compile(r"^p-(.+)-([1-9][0-9]{0,4})$")


def paragraph_of(report: Report, record: Record, anchor: str) -> str:
    """``anchor`` when it names a paragraph shown on the page of ``record``: one of its
    own (``p-3.1.1.3-2``) or of a section inside it, as a chapter read as one page shows
    them (``/3/`` shows ``p-3.2.1.3-1``); "" when empty; any other value is a 404. The
    paragraph is then cited through its own section (``paragraph_section``)."""
    if not anchor:
        return ""
    match = _PARAGRAPH.match(anchor)
    if match and record.kind in SECTION_KINDS:
        own, number = match.group(1), int(match.group(2))
        inside = own == record.id or own.startswith(f"{record.id}.")
        if inside and number <= len(_section_or_none(report, own).paragraphs):
            return anchor
    raise Http404(_("This section has no paragraph “%(id)s”.") % {"id": anchor})


def paragraph_section(anchor: str) -> str:
    """The id of the section a paragraph belongs to: ``p-3.2.1.3-1`` → ``3.2.1.3``."""
    match = _PARAGRAPH.match(anchor)
    return match.group(1) if match else ""


_EMPTY = Section("", 0, "", "", "body")


def _section_or_none(report: Report, section_id: str) -> Section:
    for section, _ancestors in report.walk():
        if section.id == section_id:
            return section
    return _EMPTY


def exports_of(slug: str, unit_id: str, paragraph: str = "") -> dict[str, str]:
    """The unit's files for reference managers, its formatted citation and its page of
    styles; a paragraph's through its own section."""
    query = f"?{urlencode({'paragraph': paragraph})}" if paragraph else ""
    return {kind: reverse(name, args=[slug, unit_id]) + query
            for kind, name in (("ris", "cite-ris"), ("bib", "cite-bib"),
                               ("json", "cite-json"), ("txt", "cite-txt"),
                               ("styles", "cite-page"))}


def cite_box(unit: Cited) -> dict[str, Any]:
    """What the citation box shows: the permalink, three styles, the files, and for a
    policy the policy itself (its citation names its table)."""
    slug = unit.meta.slug
    return {"permalink": unit.url, "cite": citations(unit), "cited": unit,
            "exports": exports_of(slug, unit.unit_id, unit.paragraph)}


def citation_page_context(request: HttpRequest, report: Report, record: Record,
                          unit: Cited, style_id: str) -> dict[str, Any]:
    """The page of styles: the unit's reference in the chosen style and a search over
    the names of the official CSL styles (``?find=``), links only."""
    find = " ".join(request.GET.get("find", "").split())[:100]
    context: dict[str, Any] = {"report": report, "record": record, "find": find,
                               "status": 200, "style_id": style_id[:80],
                               "unit_url": unit.url, **cite_box(unit)}
    try:
        chosen = styles.style(style_id)
    except styles.UnknownStyle:
        context.update(status=404, style_error=_("There is no citation style “%(style)s”.")
                       % {"style": style_id[:80]})
        chosen = None
    if chosen is not None:
        context["chosen"] = chosen
        try:
            context["rendered"] = styles.render(unit, chosen.id)
        except styles.StyleFailed as exc:
            context["style_error"] = _("This style cannot be rendered here: %(reason)s") % {
                "reason": str(exc)[:200]}
    found, total = styles.find_styles(find, cache=settings.SEARCH_INDEX_DIR.parent
                                      / "csl-styles.tsv")
    base = {"paragraph": unit.paragraph} if unit.paragraph else {}
    context["styles"] = [
        (s, "?" + urlencode({**base, "style": s.id, **({"find": find} if find else {})}))
        for s in found]
    context["total"] = total
    context["hidden"] = base
    return context


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

