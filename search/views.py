"""HTTP views: thin functions that validate input, call the library and render."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.forms import SearchForm
from search.index import IndexHolder, IndexUnavailable, Snapshot
from search.payload import search_payload
from search.query import QueryError, search

log = logging.getLogger("search")
_holders: dict[Path, IndexHolder] = {}


def current_snapshot() -> Snapshot:
    """The index this process serves (reopened when a build swaps it in)."""
    index_dir = Path(settings.SEARCH_INDEX_DIR)
    holder = _holders.get(index_dir)
    if holder is None:
        holder = _holders.setdefault(index_dir, IndexHolder(index_dir))
    return holder.get()


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status,
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    snapshot = current_snapshot()
    return render(request, "home.html", {"reports": list(snapshot.reports.values())})


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    try:
        snapshot = current_snapshot()
    except IndexUnavailable as exc:
        log.error("search index unavailable: %s", exc)
        return _json_error("The search index is not available; the operator should run "
                           "`python manage.py build_index`.", 503)
    form = SearchForm(request.GET, snapshot)
    if not form.is_valid():
        return _json_error(form.error_message(), 400)
    try:
        results = search(snapshot, form.query, form.filters, form.sort_key,
                         form.page_number, form.page_size())
    except QueryError as exc:
        return _json_error(str(exc), 400)
    if results.page > results.pages:
        return _json_error(f"page {results.page} is past the last page ({results.pages})", 404)
    log.info("api q=%r filters=%s sort=%s page=%d hits=%d ms=%.1f", results.query,
             _filters_text(results.filters), results.sort, results.page, results.total,
             results.milliseconds)
    return JsonResponse(search_payload(snapshot, results),
                        json_dumps_params={"ensure_ascii": False})


def _filters_text(filters) -> str:
    parts = [f"{name}={'|'.join(values)}" for name, values in
             (("kind", filters.kind), ("chapter", filters.chapter), ("region", filters.region),
              ("year", filters.year)) if values]
    return ",".join(parts) or "-"


@require_GET
def unit(request: HttpRequest, slug: str, unit_id: str) -> HttpResponse:
    snapshot = current_snapshot()
    record = snapshot.record(slug, unit_id)
    if record is None:
        return HttpResponse(status=404)
    return HttpResponse(record.title)
