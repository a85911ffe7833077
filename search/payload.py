"""The JSON shape of search results (DESIGN.md's API contract), shared by the API and the
``search --json`` command, with facet labels in the active language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from search.index import Snapshot
from search.query import FACETS, SearchResults


def kind_labels() -> dict[str, str]:
    return {"section": _("Section"), "table": _("Table"), "figure": _("Figure"),
            "policy": _("Policy")}


def chapter_labels(snapshot: Snapshot) -> dict[str, str]:
    labels = {"front": _("Front matter"), "back": _("Back matter")}
    for report in snapshot.reports.values():
        for chapter in report.chapters:
            labels.setdefault(chapter.chapter, chapter.heading)
    return labels


def facet_label(snapshot: Snapshot, facet: str, value: str) -> str:
    if facet == "kind":
        return kind_labels().get(value, value)
    if facet == "chapter":
        return chapter_labels(snapshot).get(value, value)
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
