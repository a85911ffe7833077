"""The JSON contract of search results (DESIGN.md), shared by ``/api/search`` and the
``search --json`` command. Fields may be added, never renamed or removed."""

from __future__ import annotations

from typing import Any

from search.engine.snapshot import Snapshot
from search.query.facets import COUNTED
from search.query.searching import SearchResults
from search.web.labels import english_ui, facet_label, unit_url


def search_payload(snapshot: Snapshot, results: SearchResults) -> dict[str, Any]:
    english = english_ui()
    return {
        "query": results.query,
        "expanded": list(results.expanded),
        "fallback": results.fallback,
        "partial": results.partial,
        "missing": list(results.missing),
        "answer": {
            "id": results.answer.hit.id, "report": results.answer.hit.report,
            "sentence": results.answer.sentence_html, "figure": results.answer.figure,
            "language": results.answer.language,
            "url": unit_url(results.answer.hit.report, results.answer.hit.id)
            + (f"#{results.answer.paragraph}" if results.answer.paragraph else ""),
        } if results.answer else None,
        "understood": [
            {"facet": a.facet, "value": a.values[0] if len(a.values) == 1 else list(a.values),
             "values": list(a.values), "label": a.label,
             "applied": "filter" if a.filter else "boost"}
            for a in results.understood
        ],
        "comparison": list(results.comparison) if results.comparison else None,
        "incomplete": results.incomplete,
        "words": list(results.words),
        "correction": results.correction or None,
        "corrected": results.corrected or None,
        "goto": [unit_url(slug, unit) for slug, unit in results.goto.ids[:10]]
        if results.goto else [],
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "sort": results.sort,
        "results": [
            {
                "id": hit.id,
                "kind": hit.kind,
                "title": hit.title,
                "title_zh": hit.record.title,
                "language": hit.language,
                "breadcrumbs": list(hit.breadcrumbs),
                "url": unit_url(hit.report, hit.id),
                "snippet": hit.snippet,
                "snippet_en": hit.snippet_en or None,
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
                {"value": v.value, "label": facet_label(snapshot, facet, v.value, english),
                 "count": v.count}
                for v in results.facets[facet]
            ]
            for facet in COUNTED
        },
    }
