"""HTTP views: thin functions that validate input, call a page's context builder and
render; and the error handlers.

The search page follows django-htmx's example: one view serves the whole page, or only
its ``results`` partial when htmx asks (never for a history-restore request, which needs
the whole page). Every page works without JavaScript.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from search.document.model import Report
from search.engine.records import Record
from search.engine.snapshot import IndexUnavailable, Snapshot
from search.publish import exports
from search.publish.citation import bibtex as bibtex_entry
from search.publish.citation import csl_json, ris
from search.query.suggestions import suggest
from search.query.understanding import clean_query
from search.web.api import search_payload
from search.web.forms import SearchForm, without_unknown
from search.web.labels import english_ui, kind_label, language_links, path_in_language, unit_url
from search.web.links import with_params
from search.web.pages import find_report, policies_context, report_context, search_context
from search.web.reading import cited, english_lookup, find_table, paragraph_of, unit_context
from search.web.serving import current_snapshot

log = logging.getLogger("search")


class HtmxHttpRequest(HttpRequest):
    """A request that has passed django-htmx's middleware (as in its example project)."""

    htmx: HtmxDetails


def _json(data: object, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False,
                        json_dumps_params={"ensure_ascii": False})


# --------------------------------------------------------------------------- search


@require_safe
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = current_snapshot()
    params, ignored = without_unknown(request.GET, snapshot)
    form = SearchForm(params, snapshot)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    outcome = form.outcome("page")
    context = {"form": form, "q": clean_query(request.GET.get("q", "")),
               "error": outcome.error, "ignored": ignored,
               # the language switch without what was left out
               "language_links": language_links(request, params)}
    if outcome.last_page:  # past the end: a way back to the last page
        context["last_page"] = outcome.last_page
        context["last_page_url"] = with_params(params, page=str(outcome.last_page))
    if outcome.results is not None:
        context.update(search_context(params, snapshot, outcome.results))
    context["partial"] = partial  # the language switch then follows as an out-of-band swap
    response = render(request, "search.html#results" if partial else "search.html", context,
                      status=outcome.status)
    if partial and request.headers.get("X-Search-Typing") == "1":
        # a keystroke of a search being typed replaces the address instead of adding a
        # history entry per keystroke (the script sends this header after the first)
        response["HX-Replace-Url"] = request.get_full_path()
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request",
                                  "X-Search-Typing"))
    return response


@require_safe
def api_search(request: HttpRequest) -> JsonResponse:
    snapshot = current_snapshot()  # unavailable: IndexUnavailableMiddleware answers 503
    form = SearchForm(request.GET, snapshot)
    outcome = form.outcome("api")
    if outcome.results is None:
        return _json({"error": outcome.api_error(form.page_number)}, outcome.status)
    return _json(search_payload(snapshot, outcome.results))


@require_safe
def api_suggest(request: HttpRequest) -> JsonResponse:
    """OpenSearch suggestions: ["query", ["completion", …], ["description", …]], in the
    page's language (``/en/api/suggest`` describes Chinese titles in English)."""
    found = suggest(current_snapshot(), request.GET.get("q", ""), english_ui())
    # ["query", [completions], [descriptions]] (OpenSearch suggestions 1.1)
    return _json([found.query, list(found.completions),
                  [s.note or kind_label(s.kind) for s in found.suggestions]])


@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    body = loader.render_to_string("opensearch.xml", {"base": base}, request)
    return HttpResponse(body, content_type="application/opensearchdescription+xml")


# --------------------------------------------------------------------------- browsing


@require_safe
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot = current_snapshot()
    return render(request, "report.html",
                  report_context(snapshot, find_report(snapshot, slug)))


@require_safe
def policies_page(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot = current_snapshot()
    return render(request, "policies.html",
                  policies_context(request, snapshot, find_report(snapshot, slug)))


_TEMPLATES = {"section": "section.html", "article": "section.html", "table": "figure.html",
              "figure": "figure.html", "policy": "policy.html"}


def _unit(snapshot: Snapshot, slug: str, unit_id: str) -> tuple[Report, Record]:
    report = find_report(snapshot, slug)
    record = snapshot.record(slug, unit_id)
    if record is None:
        raise Http404(_("This report has no section, table or policy “%(id)s”.")
                      % {"id": unit_id})
    return report, record


@require_safe
def unit(request: HttpRequest, slug: str, unit_id: str) -> HttpResponse:
    """A section, table, chart or policy at its permalink."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    q = clean_query(request.GET.get("q", ""))
    context = unit_context(request, snapshot, report, record, q, timezone.localdate())
    return render(request, _TEMPLATES[record.kind], context)


# --------------------------------------------------------------------------- exports

_CITATIONS = {
    "ris": (ris, "application/x-research-info-systems", "ris"),
    "bib": (bibtex_entry, "application/x-bibtex", "bib"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json", "json"),
}


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def citation_file(request: HttpRequest, slug: str, unit_id: str, style: str
                  ) -> HttpResponse:
    """``cite.ris``, ``cite.bib``, ``cite.json`` of a unit — of one of a section's
    paragraphs with ``?paragraph=p-<id>-<n>``."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    paragraph = paragraph_of(report, record, request.GET.get("paragraph", ""))
    unit = cited(request, report, record, timezone.localdate(), english_ui(), paragraph)
    write, content_type, extension = _CITATIONS[style]
    name = f"{slug}-{unit_id}{'-' + paragraph if paragraph else ''}.{extension}"
    return _download(write(unit), content_type, name)


@require_safe
def table_data(request: HttpRequest, slug: str, unit_id: str, fmt: str) -> HttpResponse:
    """A table as ``data.csv`` (in the page's language) or ``data.json`` (both)."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    table = find_table(report, record)
    english = english_lookup(snapshot, slug)
    if fmt == "csv":
        body = exports.table_csv(table, english if english_ui() else None)
        return _download(body, "text/csv", f"{slug}-{table.id}.csv")
    return _download(exports.table_json(table, slug, english), "application/json",
                     f"{slug}-{table.id}.json")


@require_safe
def policies_data(request: HttpRequest, slug: str) -> HttpResponse:
    """Every policy of the report, both languages, as one CSV."""
    snapshot = current_snapshot()
    report = find_report(snapshot, slug)

    def english(policy_id: str) -> tuple[str, str]:
        record = snapshot.record(slug, policy_id)
        return (record.title_en, record.english.get("content", "")) if record else ("", "")

    def url(policy_id: str) -> str:
        return request.build_absolute_uri(unit_url(slug, policy_id))

    return _download(exports.policies_csv(report, english, url), "text/csv",
                     f"{slug}-policies.csv")


# --------------------------------------------------------------------------- errors


def _is_api(request: HttpRequest) -> bool:
    """``/api/…`` or ``/en/api/…``: answered in JSON, errors included."""
    return path_in_language(request.path, settings.LANGUAGE_CODE).startswith("/api/")


def _error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    context = {"status": status, "message": message, "request_path": request.path}
    try:
        context["reports"] = list(current_snapshot().reports.values())
    except IndexUnavailable:
        context["reports"] = []
    body = loader.render_to_string(f"{status}.html", context, request)
    return HttpResponse(body, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused POST: our own page (Django's default has an inline style the CSP
    blocks, and no Chinese)."""
    if _is_api(request):
        return _json({"error": "forbidden"}, 403)
    return _error_page(request, 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) \
        else ""
    if _is_api(request):
        return _json({"error": message or "not found"}, 404)
    return _error_page(request, 404, message)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json({"error": "internal server error"}, 500)
    try:
        return _error_page(request, 500)
    except Exception:  # the error page itself must never fail
        return HttpResponse("500 Internal Server Error / 服务器内部错误", status=500,
                            content_type="text/plain; charset=utf-8")


def index_unavailable(request: HttpRequest, exception: IndexUnavailable) -> HttpResponse:
    log.error("search index unavailable: %s", exception)
    if _is_api(request):
        return _json({"error": "The search index is not available; the operator should "
                               "run `python manage.py build_index`."}, 503)
    return _error_page(request, 503)
