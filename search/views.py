"""HTTP views: thin functions that validate input, call the library and render.

The search page follows django-htmx's example: one view serves the whole page, or only
its ``results`` partial when htmx asks (never for a history-restore request, which needs
the whole page). Every page works without JavaScript.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from search.citation import Cited, citations
from search.facets import FILTERS
from search.forms import SearchForm
from search.highlight import Highlight
from search.index import IndexHolder, IndexUnavailable, Snapshot
from search.pages import (
    Crumb,
    active_filters,
    facet_groups,
    neighbours,
    page_links,
    page_url,
    render_blocks,
    table_of_contents,
    with_params,
)
from search.payload import english_ui, facet_labels, search_payload, unit_url
from search.query import (
    QueryError,
    SearchResults,
    clean_query,
    highlight_for,
    related,
    search,
)
from search.query import suggest as suggestions
from search.records import Record
from search.report import Report, Section

log = logging.getLogger("search")
_holders: dict[Path, IndexHolder] = {}


def current_snapshot() -> Snapshot:
    """The index this process serves (reopened when a build swaps it in)."""
    index_dir = Path(settings.SEARCH_INDEX_DIR)
    holder = _holders.get(index_dir)
    if holder is None:
        holder = _holders.setdefault(index_dir, IndexHolder(index_dir))
    return holder.get()


def warm_up() -> None:
    """Open the index, load jieba's dictionary and run one search, so the first request is
    as fast as the rest (gunicorn --preload does this once, before forking workers)."""
    try:
        snapshot = current_snapshot()
    except IndexUnavailable as exc:
        log.warning("not warmed up: %s", exc)
        return
    search(snapshot, "人工智能 AI 芯")
    snapshot.close_searcher()


def _json(data: object, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False,
                        json_dumps_params={"ensure_ascii": False})


def _log_search(channel: str, results: SearchResults) -> None:
    filters = ",".join(f"{f}={'|'.join(results.filters.of(f))}"
                       for f in FILTERS if results.filters.of(f)) or "-"
    log.info("%s q=%r filters=%s sort=%s page=%d hits=%d ms=%.1f", channel, results.query,
             filters, results.sort, results.page, results.total, results.milliseconds)


# --------------------------------------------------------------------------- search


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    snapshot = current_snapshot()
    form = SearchForm(request.GET, snapshot)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "search.html#results" if partial else "search.html"
    context = {"form": form, "q": clean_query(request.GET.get("q", ""))}
    status = 200
    results = None
    if not form.is_valid():
        context["error"] = form.error_message()
        status = 400
    else:
        try:
            results = form.run()
        except QueryError as exc:
            context["error"] = str(exc)
            status = 400
    if results is not None and results.page > results.pages:
        context["error"] = _("Page %(page)d is past the last page (%(pages)d).") % {
            "page": results.page, "pages": results.pages}
        status = 404
        results = None
    if results is not None:
        _log_search("page", results)
        context.update(results_context(request, snapshot, results))
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


def results_context(request: HttpRequest, snapshot: Snapshot,
                    results: SearchResults) -> dict:
    params = request.GET
    english = english_ui()
    kinds = facet_labels(snapshot)["kind"]
    browse = not results.query and not results.filters  # the table of contents instead
    hits = []
    for hit in results.hits:
        link = unit_url(hit.report, hit.id)
        if results.query:
            link += f"?{urlencode({'q': results.query})}#first-match"
        hits.append({
            "hit": hit,
            "url": link,
            "crumbs": _crumbs(snapshot, hit.report, hit.record.breadcrumbs, english),
            "english": snapshot.english_title(hit.report, hit.id) if english else None,
            "kind_label": kinds.get(hit.kind, hit.kind),
        })
    return {
        "results": results,
        "hits": hits,
        "facets": facet_groups(snapshot, results, params),
        "active": active_filters(snapshot, results, params),
        "pagination": page_links(results, params),
        "previous_url": page_url(params, results.page - 1) if results.page > 1 else "",
        "next_url": page_url(params, results.page + 1) if results.page < results.pages else "",
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
    }


@require_safe
def api_search(request: HttpRequest) -> JsonResponse:
    snapshot = current_snapshot()  # unavailable: IndexUnavailableMiddleware answers 503
    form = SearchForm(request.GET, snapshot)
    if not form.is_valid():
        return _json({"error": form.error_message()}, 400)
    try:
        results = form.run()
    except QueryError as exc:
        return _json({"error": str(exc)}, 400)
    if results.page > results.pages:
        return _json({"error": f"page {results.page} is past the last page "
                               f"({results.pages})"}, 404)
    _log_search("api", results)
    return _json(search_payload(snapshot, results))


@require_safe
def api_suggest(request: HttpRequest) -> JsonResponse:
    """OpenSearch suggestions: ["query", ["completion", …]]."""
    q = clean_query(request.GET.get("q", ""))
    return _json([q, suggestions(current_snapshot(), q)])


@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    body = loader.render_to_string("opensearch.xml", {"base": base}, request)
    return HttpResponse(body, content_type="application/opensearchdescription+xml")


# --------------------------------------------------------------------------- browsing


def _report(snapshot: Snapshot, slug: str) -> Report:
    report = snapshot.reports.get(slug)
    if report is None:
        raise Http404(_("There is no report called “%(slug)s”.") % {"slug": slug})
    return report


@require_safe
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot = current_snapshot()
    report = _report(snapshot, slug)
    return render(request, "report.html", {
        "report": report,
        "toc": table_of_contents(snapshot, report, english_ui()),
        "counts": report.counts(),
    })


@require_safe
def policies_page(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot = current_snapshot()
    report = _report(snapshot, slug)
    english = english_ui()
    regions: dict[str, list[dict]] = {}
    for table in report.tables():
        for policy in sorted(table.policies, key=lambda p: p.date, reverse=True):
            regions.setdefault(policy.region, []).append({
                "policy": policy, "url": unit_url(slug, policy.id),
                "english": snapshot.english_title(slug, policy.id) if english else None,
                "table_url": unit_url(slug, table.id), "table": table,
            })
    return render(request, "policies.html", {
        "report": report,
        "regions": [
            {"name": name, "policies": items,
             "search_url": reverse("search") + "?" + urlencode(
                 {"kind": "policy", "region": name, "sort": "date", "report": slug})}
            for name, items in regions.items()
        ],
        "total": sum(len(items) for items in regions.values()),
    })


@require_safe
def unit(request: HttpRequest, slug: str, unit_id: str) -> HttpResponse:
    """A section, table, chart or policy at its permalink."""
    snapshot = current_snapshot()
    report = _report(snapshot, slug)
    record = snapshot.record(slug, unit_id)
    if record is None:
        raise Http404(_("This report has no section, table or policy “%(id)s”.")
                      % {"id": unit_id})
    q = clean_query(request.GET.get("q", ""))
    highlight = highlight_for(snapshot, q) if q else Highlight()
    english = english_ui()
    permalink = request.build_absolute_uri(unit_url(slug, unit_id))
    context = {
        "report": report,
        "record": record,
        "q": q,
        "crumbs": _crumbs(snapshot, slug, record.breadcrumbs, english),
        "english": snapshot.english_title(slug, unit_id) if english else None,
        "permalink": permalink,
        "cite": citations(Cited(report.meta, unit_id, _heading(record), record.pages,
                                permalink, timezone.localdate())),
    }
    if record.kind == "section":
        context.update(_section_context(snapshot, report, record, highlight, english))
        return render(request, "section.html", context)
    context.update(_block_context(snapshot, report, record, highlight, english))
    return render(request, "policy.html" if record.kind == "policy" else "figure.html",
                  context)


def _crumbs(snapshot: Snapshot, slug: str, breadcrumbs: tuple[tuple[str, str], ...],
            english: bool) -> list[Crumb]:
    return [Crumb(title, unit_url(slug, crumb_id),
                  snapshot.english_title(slug, crumb_id) if english else None)
            for crumb_id, title in breadcrumbs]


def _section_context(snapshot: Snapshot, report: Report, record: Record,
                     highlight: Highlight, english: bool) -> dict:
    slug = report.meta.slug
    section = _find_section(report, record.id)
    previous, following = neighbours(report, record.id)
    return {
        "section": section,
        "blocks": render_blocks(snapshot, slug, section, highlight, english),
        "children": [(c, unit_url(slug, c.id),
                      snapshot.english_title(slug, c.id) if english else None)
                     for c in section.children],
        "previous": (previous, unit_url(slug, previous.id)) if previous else None,
        "next": (following, unit_url(slug, following.id)) if following else None,
        "related": [(r, unit_url(slug, r.id)) for r in related(snapshot, record)],
    }


def _block_context(snapshot: Snapshot, report: Report, record: Record,
                   highlight: Highlight, english: bool) -> dict:
    """A table or chart on its own page; a policy with the row of its table."""
    slug = report.meta.slug
    figure = record if record.kind != "policy" else snapshot.record(slug, record.parent)
    section = _find_section(report, figure.parent)
    [block] = [b for b in render_blocks(snapshot, slug, section, highlight, english)
               if b.kind != "paragraph" and (b.table or b.figure).id == figure.id]
    context = {
        "unit_block": block,  # not "block": inside {% block %} that name is the block node
        "section_url": unit_url(slug, section.id) + f"#{record.id}",
        "section": section,
    }
    if record.kind == "policy":
        context["policy"] = next(p for p in block.table.policies if p.id == record.id)
        context["row"] = list(zip(block.table.header, block.row(record.id), strict=True))
    return context


def _heading(record: Record) -> str:
    if record.kind == "section":
        return f"{record.number}{record.title}"
    return f"{record.number} {record.title}".strip()


def _find_section(report: Report, section_id: str) -> Section:
    for section, _ancestors in report.walk():
        if section.id == section_id:
            return section
    raise Http404(section_id)


# --------------------------------------------------------------------------- errors


def _error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    context = {"status": status, "message": message, "request_path": request.path}
    try:
        context["reports"] = list(current_snapshot().reports.values())
    except IndexUnavailable:
        context["reports"] = []
    body = loader.render_to_string(f"{status}.html", context, request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) \
        else ""
    if request.path.startswith("/api/"):
        return _json({"error": message or "not found"}, 404)
    return _error_page(request, 404, message)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _error_page(request, 500)
    except Exception:  # the error page itself must never fail
        return HttpResponse("500 Internal Server Error / 服务器内部错误", status=500,
                            content_type="text/plain; charset=utf-8")


def index_unavailable(request: HttpRequest, exception: IndexUnavailable) -> HttpResponse:
    log.error("search index unavailable: %s", exception)
    if request.path.startswith("/api/"):
        return _json({"error": "The search index is not available; the operator should "
                               "run `python manage.py build_index`."}, 503)
    return _error_page(request, 503)
