"""What the pages show, computed from the report and the results: links that toggle
facets, pagination, the table of contents, previous/next, rendered blocks.

Plain dataclasses for the templates; HTML built here is escaped here (``highlight``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from search.facets import FACETS
from search.highlight import Highlight, mark
from search.index import Snapshot
from search.payload import facet_label, unit_url
from search.query import SearchResults
from search.report import Figure, Paragraph, Report, Section, Table

# --------------------------------------------------------------------------- search page


def with_params(params: QueryDict, **changes: list[str] | str | None) -> str:
    """``?…`` of ``params`` with some keys replaced (None or [] removes them); the page
    always starts again at 1 unless it is one of the changes."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query.setlist(key, value if isinstance(value, list) else [value])
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    links: tuple[FacetLink, ...]


def facet_groups(snapshot: Snapshot, results: SearchResults,
                 params: QueryDict) -> list[FacetGroup]:
    groups = []
    for facet in FACETS:
        selected = list(results.filters.of(facet))
        links = []
        for value in results.facets[facet]:
            toggled = [v for v in selected if v != value.value] if value.selected else \
                [*selected, value.value]
            links.append(FacetLink(value.value, facet_label(snapshot, facet, value.value),
                                   value.count, value.selected,
                                   with_params(params, **{facet: toggled})))
        if links:
            groups.append(FacetGroup(facet, tuple(links)))
    return groups


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    label: str
    remove_url: str


def active_filters(snapshot: Snapshot, results: SearchResults,
                   params: QueryDict) -> list[ActiveFilter]:
    active = []
    for facet in FACETS:
        values = list(results.filters.of(facet))
        for value in values:
            active.append(ActiveFilter(facet, facet_label(snapshot, facet, value),
                                       with_params(params, **{facet: [v for v in values
                                                                      if v != value]})))
    return active


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


def page_links(results: SearchResults, params: QueryDict) -> list[PageLink]:
    if results.pages <= 1:
        return []
    wanted = {1, results.pages, *range(results.page - 2, results.page + 3)}
    links: list[PageLink] = []
    for number in sorted(n for n in wanted if 1 <= n <= results.pages):
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, with_params(params, page=str(number)),
                              number == results.page))
    return links


def page_url(params: QueryDict, number: int) -> str:
    return with_params(params, page=str(number))


# --------------------------------------------------------------------------- browsing


@dataclass(frozen=True)
class TocEntry:
    section: Section
    depth: int
    url: str
    english: str | None
    tables: int  # in the section and below it
    policies: int
    children: tuple[TocEntry, ...] = ()


def _counts(section: Section) -> tuple[int, int]:
    tables = len(section.tables)
    policies = sum(len(t.policies) for t in section.tables)
    for child in section.children:
        t, p = _counts(child)
        tables += t
        policies += p
    return tables, policies


def table_of_contents(snapshot: Snapshot, report: Report, english: bool) -> list[TocEntry]:
    slug = report.meta.slug

    def entry(section: Section, depth: int) -> TocEntry:
        tables, policies = _counts(section)
        return TocEntry(
            section=section, depth=depth, url=unit_url(slug, section.id),
            english=snapshot.english_title(slug, section.id) if english else None,
            tables=tables, policies=policies,
            children=tuple(entry(c, depth + 1) for c in section.children),
        )

    return [entry(s, 1) for s in report.sections]


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str
    english: str | None = None


def flat_sections(report: Report) -> list[Section]:
    return [section for section, _ in report.walk()]


def neighbours(report: Report, section_id: str) -> tuple[Section | None, Section | None]:
    """The sections before and after, in reading order."""
    ordered = flat_sections(report)
    index = next(i for i, s in enumerate(ordered) if s.id == section_id)
    return (ordered[index - 1] if index > 0 else None,
            ordered[index + 1] if index + 1 < len(ordered) else None)


@dataclass
class RenderedBlock:
    kind: str  # paragraph, table, figure
    html: SafeString | None = None  # paragraph
    footnotes: list[tuple[str, str, str]] = field(default_factory=list)  # anchor, marker, html
    table: Table | None = None
    figure: Figure | None = None
    rows: list[tuple[str, list[SafeString]]] = field(default_factory=list)  # policy id, cells
    english: str | None = None

    @property
    def has_policies(self) -> bool:
        return any(policy_id for policy_id, _ in self.rows)

    def row(self, policy_id: str) -> list[SafeString]:
        return next(cells for pid, cells in self.rows if pid == policy_id)


def render_blocks(snapshot: Snapshot, slug: str, section: Section, highlight: Highlight,
                  english: bool) -> list[RenderedBlock]:
    """The section's own blocks as escaped HTML, the reader's words marked, footnote
    markers linked to their notes, the first match anchored as #first-match."""
    analyzer = snapshot.analyzer
    blocks: list[RenderedBlock] = []
    for index, block in enumerate(section.blocks):
        if isinstance(block, Paragraph):
            html = mark(analyzer, block.text, highlight, block.emphasis)
            notes = []
            for number, footnote in enumerate(block.footnotes, start=1):
                anchor = f"fn-{section.id}-{index}-{number}"
                link = format_html('<sup class="fn-ref"><a href="#{}" id="{}-ref">{}</a></sup>',
                                   anchor, anchor, footnote.marker)
                html = html.replace(footnote.marker, link, 1)
                notes.append((anchor, footnote.marker, mark(analyzer, footnote.text, highlight)))
            blocks.append(RenderedBlock("paragraph", mark_safe(html), notes))
        elif isinstance(block, Table):
            policy_ids = [p.id for p in block.policies] or [""] * len(block.rows)
            rows = [(pid, [mark_safe(mark(analyzer, cell, highlight)) for cell in row])
                    for pid, row in zip(policy_ids, block.rows, strict=True)]
            blocks.append(RenderedBlock(
                "table", table=block, rows=rows,
                english=snapshot.english_title(slug, block.id) if english else None))
        else:
            blocks.append(RenderedBlock(
                "figure", figure=block,
                english=snapshot.english_title(slug, block.id) if english else None))
    _anchor_first_match(blocks)
    return blocks


def _anchor_first_match(blocks: list[RenderedBlock]) -> None:
    first = '<mark id="first-match">'
    for block in blocks:
        if block.html and "<mark>" in block.html:
            block.html = mark_safe(block.html.replace("<mark>", first, 1))
            return
        for _, row in block.rows:
            for i, cell in enumerate(row):
                if "<mark>" in cell:
                    row[i] = mark_safe(cell.replace("<mark>", first, 1))
                    return

