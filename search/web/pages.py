"""One context builder per page: search results, a report's table of contents, its
policies (a unit's own page is ``reading``'s). Views call one of these and render; the
builders never see Whoosh, only the snapshot's report trees and records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from search.document.model import Policy, Report, Section
from search.engine.snapshot import Snapshot
from search.publish.timeline import layout
from search.query.facets import FILTERS
from search.query.searching import SearchResults
from search.web.labels import (
    crumbs,
    english_title,
    english_ui,
    facet_label,
    region_name,
    unit_url,
)
from search.web.links import (
    active_filters,
    facet_groups,
    pagination,
    understood_chips,
    with_params,
)
from search.web.rendering import (
    FIRST_MATCH,
)
from search.web.templatetags.search_tags import lang_of, page_span

# --------------------------------------------------------------------------- search


def search_context(params: QueryDict, snapshot: Snapshot, results: SearchResults
                   ) -> dict[str, Any]:
    """The results page for ``params`` (the request's, without what the search cannot
    use: every link keeps them)."""
    english = english_ui()
    browse = not results.query and not results.filters  # the table of contents instead
    hits = []
    for hit in results.hits:
        link = unit_url(hit.report, hit.id)
        if results.query:
            link += f"?{urlencode({'q': results.query})}#{FIRST_MATCH}"
        record = hit.record
        english_title_shown = hit.title_language == "en"
        # with several documents, every result says which one it is from
        document = facet_label(snapshot, "report", hit.report, english) \
            if len(snapshot.reports) > 1 else ""
        hits.append({
            "hit": hit,
            "url": link,
            # what the hit's markup shows, worked out here rather than in the template
            # (a page has ten of them: issue 21)
            "crumbs": [{"url": c.url, "text": c.english, "lang": "en"}
                       if english_title_shown and c.english else
                       {"url": c.url, "text": c.title, "lang": "zh-Hans"}
                       for c in crumbs(snapshot, hit.report, record.breadcrumbs, english)],
            "english": english_title(snapshot, hit.report, hit.id, english)
            if not english_title_shown else None,
            "kind_label": facet_label(snapshot, "kind", hit.kind, english),
            "document": document,
            "document_lang": lang_of(document) if document else "",
            "title_lang": "en" if english_title_shown else "zh-Hans",
            "snippet_lang": "en" if hit.language == "en" else "zh-Hans",
            "number": record.number if record.number and hit.kind == "section"
            and not english_title_shown else "",
            "meta": " · ".join(part for part in (record.date, page_span(record.pages))
                              if part),
        })
    first = (results.page - 1) * results.per_page + 1
    return {
        "results": results,
        "hits": hits,
        "groups": group_hits(hits),
        "carried": [(facet, value) for facet in FILTERS for value in results.filters.of(facet)],
        # nothing found: nothing to filter or sort (the filters in use are offered to drop)
        "facets": facet_groups(snapshot, results, params, english) if results.total else [],
        "active": active_filters(snapshot, results, params, english),
        "understood": understood_chips(snapshot, results, params, english),
        "pagination": pagination(results, params),
        "sorts": [
            {"value": value, "label": label, "url": with_params(params, sort=value),
             "current": results.sort == value}
            for value, label in (("relevance", _("Relevance")), ("order", _("Document order")),
                                 ("date", _("Policy date")))
            if (value != "relevance" or results.query)
            and (value != "date" or results.sort == "date" or _has_policies(results))
        ] if results.total else [],
        "browse": browse,
        "browse_reports": [(report, table_of_contents(snapshot, report, english))
                           for report in snapshot.reports.values()] if browse else [],
        "first": first,
        "last": min(first + results.per_page - 1, results.total),
        "goto": _goto_links(snapshot, results, english),
        "correction_url": with_params(params, q=results.correction) if results.correction
        else "",
    }


def _has_policies(results: SearchResults) -> bool:
    """Whether any result is a policy (the kind facet counts them, whatever the kind
    filter; a kind filter without policies leaves none)."""
    chosen = results.filters.of("kind")
    return (not chosen or "policy" in chosen) and any(
        value.value == "policy" and value.count for value in results.facets["kind"])


@dataclass
class HitGroup:
    """A hit and the hits inside it on the same page ("3 more in this section")."""

    head: dict[str, Any]
    more: list[dict[str, Any]] = field(default_factory=list)


def group_hits(hits: list[dict[str, Any]]) -> list[HitGroup]:
    """Hits nested under the outermost section of theirs that is also a hit on the page;
    each group where its best-ranked member was. The API keeps one row per unit."""
    by_key = {(item["hit"].report, item["hit"].id): item for item in hits}
    groups: dict[tuple[str, str], HitGroup] = {}
    for item in hits:
        hit = item["hit"]
        own = (hit.report, hit.id)
        key = next(((hit.report, crumb) for crumb, _title in hit.record.breadcrumbs
                    if (hit.report, crumb) in by_key), own)
        group = groups.setdefault(key, HitGroup(by_key[key]))
        if key != own:
            group.more.append(item)
    return list(groups.values())


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


def policies_context(request: HttpRequest, snapshot: Snapshot, report: Report
                     ) -> dict[str, Any]:
    """Every policy of the report, by region, newest first; narrowed by region and year
    (links, like facets); and the timeline of what is shown."""
    slug = report.meta.slug
    english = english_ui()
    params = request.GET
    chosen = {"region": params.getlist("region"), "year": params.getlist("year")}
    every = list(report.policies())

    def keep(policy: Policy, skip: str = "") -> bool:
        return all(not values or value in values
                   for facet, values, value in (("region", chosen["region"], policy.region),
                                                ("year", chosen["year"], policy.date[:4]))
                   if facet != skip)

    def region_label(region: str) -> str:
        return region_name(snapshot, region, english)

    def name(policy: Policy) -> str:
        record = snapshot.record(slug, policy.id)
        return (english and record is not None and record.title_en) or policy.name

    shown = [p for p in every if keep(p)]
    in_report_order = list(dict.fromkeys(p.region for p in every))  # US, UK … then China's
    regions: dict[str, list[dict]] = {region: [] for region in in_report_order}
    for policy in sorted(shown, key=lambda p: (p.date, p.id), reverse=True):
        record = snapshot.record(slug, policy.id)
        content_en = english and record is not None and record.english.get("content")
        name_en = english and record is not None and record.title_en
        regions[policy.region].append({
            "policy": policy, "url": unit_url(slug, policy.id),
            "name": name(policy), "lang": "en" if name_en else "zh-Hans",
            "content": content_en or policy.content,
            "content_lang": "en" if content_en else "zh-Hans",
            "table_url": unit_url(slug, policy.table_id),
        })
    regions = {region: items for region, items in regions.items() if items}
    filters = []
    for facet, values in (("region", in_report_order),
                          ("year", sorted({p.date[:4] for p in every}, reverse=True))):
        links = []
        for value in values:
            count = sum(1 for p in every if keep(p, facet) and
                        (p.region if facet == "region" else p.date[:4]) == value)
            selected = value in chosen[facet]
            toggled = [v for v in chosen[facet] if v != value] if selected else \
                [*chosen[facet], value]
            links.append({"value": value, "count": count, "selected": selected,
                          "label": region_label(value) if facet == "region" else value,
                          "url": with_params(params, **{facet: toggled})})
        filters.append({"name": facet, "links": links})
    return {
        "report": report,
        "regions": [{"name": region, "label": region_label(region), "policies": items}
                    for region, items in regions.items()],
        "total": len(shown),
        "everything": len(every),
        "filters": filters,
        "filtered": bool(chosen["region"] or chosen["year"]),
        "timeline": layout(shown, region_label, lambda pid: unit_url(slug, pid), name),
        "csv_url": reverse("policies-csv", args=[slug]),
        "search_url": reverse("search") + "?" + urlencode(
            {"kind": "policy", "sort": "date", "report": slug}),
    }
