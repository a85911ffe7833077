"""The JSON shape of search results (DESIGN.md's API contract), shared by the API and the
``search --json`` command, with facet labels in the active language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from search.facets import FACETS
from search.index import Snapshot
from search.query import SearchResults


def kind_labels() -> dict[str, str]:
    return {"section": _("Section"), "table": _("Table"), "figure": _("Figure"),
            "policy": _("Policy")}


def _english() -> bool:
    return (get_language() or "").startswith("en")


def chapter_labels(snapshot: Snapshot) -> dict[str, str]:
    labels = {"front": _("Front matter"), "back": _("Back matter")}
    english = _english()
    for slug, report in snapshot.reports.items():
        for chapter in report.chapters:
            title = snapshot.english_title(slug, chapter.id) if english else None
            labels.setdefault(chapter.chapter,
                              f"{chapter.id}. {title}" if title else chapter.heading)
    return labels


def region_label(snapshot: Snapshot, region: str) -> str:
    """美国 in Chinese; "United States (美国)" in English when the glossary knows it."""
    if not _english():
        return region
    names = snapshot.derived.setdefault("region_names", {})
    if region not in names:
        names[region] = next((e.english for e in snapshot.glossary.entries
                              if region in e.chinese or region.rstrip("市省") in e.chinese),
                             None)
    return f"{names[region]} ({region})" if names[region] else region


def facet_label(snapshot: Snapshot, facet: str, value: str) -> str:
    if facet == "kind":
        return kind_labels().get(value, value)
    if facet == "chapter":
        return chapter_labels(snapshot).get(value, value)
    if facet == "region":
        return region_label(snapshot, value)
    return value


def unit_url(slug: str, unit_id: str) -> str:
    return reverse("unit", args=[slug, unit_id])


def search_payload(snapshot: Snapshot, results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "expanded": list(results.expanded),
        "fallback": results.fallback,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "sort": results.sort,
        "results": [
            {
                "id": hit.id,
                "kind": hit.kind,
                "title": hit.title,
                "breadcrumbs": list(hit.breadcrumbs),
                "url": unit_url(hit.report, hit.id),
                "snippet": hit.snippet,
                "score": hit.score,
                "report": hit.report,
                "number": hit.record.number,
                "date": hit.record.date or None,
                "pages": list(hit.record.pages) if hit.record.pages else None,
            }
            for hit in results.hits
        ],
        "facets": {
            facet: [
                {"value": v.value, "label": facet_label(snapshot, facet, v.value),
                 "count": v.count}
                for v in results.facets[facet]
            ]
            for facet in FACETS
        },
    }
