"""Template context every page shares."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from search.labels import language_links
from search.serving import current_snapshot
from search.snapshot import IndexUnavailable


def _reports() -> list:
    try:
        return list(current_snapshot().reports.values())
    except IndexUnavailable:
        return []


def corpus(request: HttpRequest) -> dict:
    """The reports served (for the footer) and this page in each language (for the
    language switch and hreflang links)."""
    return {"served_reports": SimpleLazyObject(_reports),
            "language_links": SimpleLazyObject(lambda: language_links(request))}
