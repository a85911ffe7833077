"""The JSON shape of search results (DESIGN.md's API contract), shared by the API and the
``search --json`` command, with facet labels in the active language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from search.facets import FACETS, doc_sets
from search.index import Snapshot
from search.query import SearchResults


def kind_labels() -> dict[str, str]:
    return {"section": _("Section"), "table": _("Table"), "figure": _("Figure"),
            "policy": _("Policy")}


def english_ui() -> bool:
    """Whether the interface is in English (else Chinese, the default)."""
    return (get_language() or "").startswith("en")


def facet_labels(snapshot: Snapshot) -> dict[str, dict[str, str]]:
    """facet → value → label in the active language, worked out once per language."""
    language = get_language() or ""
    cache = snapshot.derived.setdefault("facet_labels", {})
    if language not in cache:
        english = english_ui()
        chapters = {"front": _("Front matter"), "back": _("Back matter")}
        for slug, report in snapshot.reports.items():
            for chapter in report.chapters:
                title = snapshot.english_title(slug, chapter.id) if english else None
                chapters.setdefault(chapter.chapter,
                                    f"{chapter.id}. {title}" if title else chapter.heading)
        regions = {region: _region_label(snapshot, region) if english else region
                   for region in doc_sets(snapshot).values["region"]}
        cache[language] = {"kind": kind_labels(), "chapter": chapters, "region": regions}
    return cache[language]


def _region_label(snapshot: Snapshot, region: str) -> str:
    """"United States (美国)" when the glossary knows the place, else 美国."""
    name = next((e.english for e in snapshot.glossary.entries
                 if region in e.chinese or region.rstrip("市省") in e.chinese), None)
    return f"{name} ({region})" if name else region


def facet_label(snapshot: Snapshot, facet: str, value: str) -> str:
    return facet_labels(snapshot).get(facet, {}).get(value, value)


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
