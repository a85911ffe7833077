"""One context builder per page: search results, a report's table of contents, its
policies, a section, and a table, chart or policy on its own. Views call one of these and
render; the builders never see Whoosh, only the snapshot's report trees and records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from search.citation import Cited, citations
from search.facets import facet_label
from search.highlight import Highlight
from search.labels import crumbs, english_title, english_ui, unit_url
from search.links import active_filters, facet_groups, pagination, with_params
from search.model import Report, Section, Table
from search.query import SearchResults, highlight_for, related
from search.records import Record
from search.rendering import (
    FIRST_MATCH,
    anchor_first_match,
    block_index,
    render_block,
    render_blocks,
)
from search.snapshot import Snapshot

# --------------------------------------------------------------------------- search


def search_context(request: HttpRequest, snapshot: Snapshot, results: SearchResults
                   ) -> dict[str, Any]:
    params = request.GET
    english = english_ui()
    browse = not results.query and not results.filters  # the table of contents instead
    hits = []
    for hit in results.hits:
        link = unit_url(hit.report, hit.id)
        if results.query:
            link += f"?{urlencode({'q': results.query})}#{FIRST_MATCH}"
        hits.append({
            "hit": hit,
            "url": link,
            "crumbs": crumbs(snapshot, hit.report, hit.record.breadcrumbs, english),
            "english": english_title(snapshot, hit.report, hit.id, english),
            "kind_label": facet_label(snapshot, "kind", hit.kind, english),
        })
    return {
        "results": results,
        "hits": hits,
        "facets": facet_groups(snapshot, results, params, english),
        "active": active_filters(snapshot, results, params, english),
        "pagination": pagination(results, params),
        "sorts": [
            {"value": value, "label": label, "url": with_params(params, sort=value),
             "current": results.sort == value}
            for value, label in (("relevance", _("Relevance")), ("order", _("Document order")),
                                 ("date", _("Policy date")))
            if value != "relevance" or results.query
        ],
        "browse": browse,
        "browse_reports": [(report, table_of_contents(snapshot, report, english))
                           for report in snapshot.reports.values()] if browse else [],
        "first": (results.page - 1) * results.per_page + 1,
        "goto": _goto_links(snapshot, results, english),
        "correction_url": with_params(params, q=results.correction) if results.correction
        else "",
    }


def _goto_links(snapshot: Snapshot, results: SearchResults, english: bool
                ) -> list[dict[str, str]]:
    """"Go straight there": the units the query named (图表 15, 3.1.1.3, 第20页 …)."""
    if results.goto is None:
        return []
    links = []
    for slug, unit_id in results.goto.ids[:3]:
        record = snapshot.record(slug, unit_id)
        if record is not None:
            title = (english and record.title_en) or record.heading
            links.append({"url": unit_url(slug, unit_id), "title": title})
    return links


# --------------------------------------------------------------------------- a report


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
            english=english_title(snapshot, slug, section.id, english),
            tables=tables, policies=policies,
            children=tuple(entry(c, depth + 1) for c in section.children),
        )

    return [entry(s, 1) for s in report.sections]


def find_report(snapshot: Snapshot, slug: str) -> Report:
    report = snapshot.reports.get(slug)
    if report is None:
        raise Http404(_("There is no report called “%(slug)s”.") % {"slug": slug})
    return report


def report_context(snapshot: Snapshot, report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "toc": table_of_contents(snapshot, report, english_ui()),
        "counts": report.counts(),
    }


def policies_context(snapshot: Snapshot, report: Report) -> dict[str, Any]:
    slug = report.meta.slug
    english = english_ui()
    regions: dict[str, list[dict]] = {}
    for table in report.tables():
        for policy in sorted(table.policies, key=lambda p: p.date, reverse=True):
            regions.setdefault(policy.region, []).append({
                "policy": policy, "url": unit_url(slug, policy.id),
                "english": english_title(snapshot, slug, policy.id, english),
                "table_url": unit_url(slug, table.id), "table": table,
            })
    return {
        "report": report,
        "regions": [
            {"name": name, "policies": items,
             "search_url": reverse("search") + "?" + urlencode(
                 {"kind": "policy", "region": name, "sort": "date", "report": slug})}
            for name, items in regions.items()
        ],
        "total": sum(len(items) for items in regions.values()),
    }


# --------------------------------------------------------------------------- a unit


def unit_context(request: HttpRequest, snapshot: Snapshot, report: Report, record: Record,
                 q: str, accessed: date) -> dict[str, Any]:
    """What every unit page shows: where it is, its titles, permalink and citations;
    plus the section's or the block's own content."""
    slug = report.meta.slug
    english = english_ui()
    highlight = highlight_for(snapshot, q) if q else Highlight()
    permalink = request.build_absolute_uri(unit_url(slug, record.id))
    context = {
        "report": report,
        "record": record,
        "q": q,
        "crumbs": crumbs(snapshot, slug, record.breadcrumbs, english),
        "english": english_title(snapshot, slug, record.id, english),
        "permalink": permalink,
        "cite": citations(Cited(report.meta, record.id, record.heading, record.pages,
                                permalink, accessed)),
    }
    if record.kind == "section":
        context.update(_section_context(snapshot, report, record, highlight, english))
    else:
        context.update(_block_context(snapshot, report, record, highlight, english))
    return context


def _section_context(snapshot: Snapshot, report: Report, record: Record,
                     highlight: Highlight, english: bool) -> dict[str, Any]:
    slug = report.meta.slug
    section = find_section(report, record.id)
    previous, following = neighbours(report, record.id)
    return {
        "section": section,
        "blocks": render_blocks(snapshot, slug, section, highlight, english),
        "children": [(c, unit_url(slug, c.id), english_title(snapshot, slug, c.id, english))
                     for c in section.children],
        "previous": (previous, unit_url(slug, previous.id)) if previous else None,
        "next": (following, unit_url(slug, following.id)) if following else None,
        "related": [(r, unit_url(slug, r.id)) for r in related(snapshot, record)],
    }


def _block_context(snapshot: Snapshot, report: Report, record: Record,
                   highlight: Highlight, english: bool) -> dict[str, Any]:
    """A table or chart on its own page; a policy with the row of its table."""
    slug = report.meta.slug
    figure = snapshot.record(slug, record.parent) if record.kind == "policy" else record
    if figure is None:
        raise Http404(record.parent)
    section = find_section(report, figure.parent)
    index = block_index(section, figure.id)
    block = render_block(snapshot, slug, section, index, highlight, english)
    anchor_first_match([block])
    context: dict[str, Any] = {
        "unit_block": block,  # not "block": inside {% block %} that name is the block node
        "section_url": unit_url(slug, section.id) + f"#{record.id}",
        "section": section,
    }
    table = section.blocks[index]
    if record.kind == "policy" and isinstance(table, Table):
        context["policy"] = next(p for p in table.policies if p.id == record.id)
        context["row"] = list(zip(table.header, block.row(record.id), strict=True))
    return context


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
