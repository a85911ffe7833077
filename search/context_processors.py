"""Template context every page shares: the reports being served (for the footer)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from search.index import IndexUnavailable
from search.serving import current_snapshot


def _reports() -> list:
    try:
        return list(current_snapshot().reports.values())
    except IndexUnavailable:
        return []


def corpus(request: HttpRequest) -> dict:
    return {"served_reports": SimpleLazyObject(_reports)}
