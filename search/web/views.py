"""HTTP views: thin functions that validate input, call a page's context builder and
render; and the error handlers.

The search page follows django-htmx's example: one view serves the whole page, or only
its ``results`` partial when htmx asks (never for a history-restore request, which needs
the whole page). Every page works without JavaScript.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from search.document.model import CONTROL, Report
from search.engine.records import Record
from search.engine.snapshot import Snapshot
from search.publish import exports, styles
from search.publish.citation import APA, GBT, Cited, csl_json, ris
from search.publish.citation import bibtex as bibtex_entry
from search.query.prepared import prepared
from search.query.suggestions import suggest
from search.query.syntax import clean_query
from search.web.api import search_payload
from search.web.errors import json_response as _json
from search.web.forms import SearchForm, without_unknown
from search.web.labels import (
    english_ui,
    kind_label,
    language_links,
    region_english,
    unit_url,
)
from search.web.links import with_params
from search.web.pages import find_report, policies_context, report_context, search_context
from search.web.reading import (
    citation_page_context,
    cite_box,
    cited,
    english_lookup,
    find_table,
    paragraph_of,
    paragraph_section,
    unit_context,
)
from search.web.results_cache import cached, results_key
from search.web.serving import current_snapshot

log = logging.getLogger("search")


class HtmxHttpRequest(HttpRequest):
    """A request that has passed django-htmx's middleware (as in its example project)."""

    htmx: HtmxDetails


def _api_safe(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``require_safe`` for the API: any other method is a 405 in JSON (issue 19)."""

    @wraps(view)
    def safe_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = _json({"error": "method not allowed: use GET"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return safe_only


# --------------------------------------------------------------------------- search


@require_safe
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = current_snapshot()
    params, ignored = without_unknown(request.GET, snapshot)
    form = SearchForm(params, snapshot)
    partial = bool(request.htmx) and not request.htmx.history_restore_request

    def page() -> tuple[tuple[bytes, int], bool]:
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
        context["partial"] = partial  # the language switch follows out of band
        rendered = render(request, "search.html#results" if partial else "search.html",
                          context, status=outcome.status)
        return (rendered.content, rendered.status_code), outcome.status == 200

    if form.is_valid():  # the same search, page and language: the page made before
        key = results_key("page" if not partial else "partial", request, snapshot,
                          {**form.parameters(), "ignored": ignored})
        content, status = cached(key, page)
    else:
        (content, status), _keep = page()
    response = HttpResponse(content, status=status)
    if partial and request.headers.get("X-Search-Typing") == "1":
        # a keystroke of a search being typed replaces the address instead of adding a
        # history entry per keystroke (the script sends this header after the first)
        response["HX-Replace-Url"] = request.get_full_path()
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request",
                                  "X-Search-Typing"))
    return response


@_api_safe
def api_search(request: HttpRequest) -> JsonResponse:
    snapshot = current_snapshot()  # unavailable: IndexUnavailableMiddleware answers 503
    form = SearchForm(request.GET, snapshot)

    def answer() -> tuple[tuple[object, int], bool]:
        outcome = form.outcome("api")
        if outcome.results is None:
            return ({"error": outcome.api_error(form.page_number)}, outcome.status), False
        return (search_payload(snapshot, outcome.results), 200), True

    if form.is_valid():
        payload, status = cached(results_key("api", request, snapshot, form.parameters()),
                                 answer)
    else:
        (payload, status), _keep = answer()
    return _json(payload, status)


@_api_safe
def api_suggest(request: HttpRequest) -> JsonResponse:
    """OpenSearch suggestions: ["query", ["completion", …], ["description", …]], in the
    page's language (``/en/api/suggest`` describes Chinese titles in English)."""
    english = english_ui()
    found = suggest(prepared(current_snapshot()).suggestions(english), request.GET.get("q", ""))
    # ["query", [completions], [descriptions]] (OpenSearch suggestions 1.1)
    return _json([found.query, list(found.completions),
                  [s.note or kind_label(s.kind) for s in found.suggestions]])


@_api_safe
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other ``/api/…`` path: a JSON 404, not a redirect to the same path with a
    slash (which would be read as a document's page)."""
    raise Http404("no such API endpoint: the API is /api/search and /api/suggest")


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
    "json": (csl_json, "application/vnd.citationstyles.csl+json", "csl.json"),
}


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    """An export: no control character in it but tab and line ends (issue 19; the corpus
    refuses them in metadata and text, so none should come this far)."""
    response = HttpResponse(CONTROL.sub("", body),
                            content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _language() -> str:
    return "en" if english_ui() else "zh"


def _cited_unit(request: HttpRequest, slug: str, unit_id: str) -> tuple[Cited, str]:
    """The unit a citation request names, and its name in a file name. With
    ``?paragraph=p-…`` the paragraph, through its own section wherever it was shown (a
    chapter's page shows its sections' paragraphs)."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    paragraph = paragraph_of(report, record, request.GET.get("paragraph", ""))
    if paragraph:
        _report, record = _unit(snapshot, slug, paragraph_section(paragraph))
    unit = cited(request, snapshot, report, record, timezone.localdate(), english_ui(),
                 paragraph)
    return unit, paragraph or record.id


@require_safe
def citation_file(request: HttpRequest, slug: str, unit_id: str, style: str
                  ) -> HttpResponse:
    """``cite.ris``, ``cite.bib``, ``cite.json`` of a unit — of a paragraph with
    ``?paragraph=p-<id>-<n>``. File names say what, which unit and which language:
    ``ai-whitepaper-2023-fig-15-citation-zh.csl.json``."""
    unit, name = _cited_unit(request, slug, unit_id)
    write, content_type, extension = _CITATIONS[style]
    return _download(write(unit), content_type,
                     f"{slug}-{name}-citation-{_language()}.{extension}")


def _style_param(request: HttpRequest) -> str:
    return request.GET.get("style", "") or (APA if english_ui() else GBT)


def _unknown_style(request: HttpRequest, slug: str, unit_id: str, style: str
                   ) -> HttpResponse:
    """404 for a style id the CSL repository does not have, with the list's address."""
    listing = request.build_absolute_uri(reverse("cite-page", args=[slug, unit_id]))
    body = (_("There is no citation style “%(style)s”. The list of styles: %(url)s")
            % {"style": style[:80], "url": listing})
    return HttpResponse(body + "\n", status=404, content_type="text/plain; charset=utf-8")


@require_safe
def citation_text(request: HttpRequest, slug: str, unit_id: str) -> HttpResponse:
    """``cite.txt?style=<CSL style id>[&paragraph=p-…]``: the unit's reference in any
    official CSL style, rendered by citeproc-py (GB/T 7714 or APA by default)."""
    unit, name = _cited_unit(request, slug, unit_id)
    style = _style_param(request)
    try:
        text = styles.render(unit, style)
    except styles.UnknownStyle:
        return _unknown_style(request, slug, unit_id, style)
    except styles.StyleFailed as exc:
        return HttpResponse(_("This style cannot be rendered here: %(reason)s")
                            % {"reason": str(exc)[:200]} + "\n", status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="{slug}-{name}-citation-{style}-{_language()}.txt"')
    return response


@require_safe
def citation_page(request: HtmxHttpRequest, slug: str, unit_id: str) -> HttpResponse:
    """The unit's reference in a style chosen from the official CSL styles, found by a
    search over their names (``?find=chicago``) — a form and links, no script. Asked by
    htmx (a page's script, when the reader picks a paragraph), only the citation box of
    the paragraph, cited through its own section."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    unit, _name = _cited_unit(request, slug, unit_id)
    if request.htmx:
        response = render(request, "_partials/cite.html", cite_box(unit))
    else:
        context = citation_page_context(request, report, record, unit,
                                        _style_param(request))
        response = render(request, "citation.html", context, status=context["status"])
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_safe
def table_data(request: HttpRequest, slug: str, unit_id: str, fmt: str) -> HttpResponse:
    """A table as ``data.csv`` (in the page's language) or ``data.json`` (both)."""
    snapshot = current_snapshot()
    report, record = _unit(snapshot, slug, unit_id)
    table = find_table(report, record)
    english = english_lookup(snapshot, slug)
    if fmt == "csv":
        body = exports.table_csv(table, english if english_ui() else None)
        return _download(body, "text/csv", f"{slug}-{table.id}-data-{_language()}.csv")
    return _download(exports.table_json(table, slug, english), "application/json",
                     f"{slug}-{table.id}-data-zh-en.json")


@require_safe
def policies_data(request: HttpRequest, slug: str) -> HttpResponse:
    """Every policy of the report as one CSV, in the page's language (the other's names
    beside)."""
    snapshot = current_snapshot()
    report = find_report(snapshot, slug)

    def english(policy_id: str) -> tuple[str, str]:
        record = snapshot.record(slug, policy_id)
        return (record.title_en, record.english.get("content", "")) if record else ("", "")

    def region(policy_id: str, chinese: str) -> str:
        record = snapshot.record(slug, policy_id)
        found = record.english.get("region", "") if record else ""
        return found or region_english(snapshot, chinese)

    def url(policy_id: str) -> str:
        return request.build_absolute_uri(unit_url(slug, policy_id))

    body = exports.policies_csv(report, english, url, region, in_english=english_ui())
    return _download(body, "text/csv", f"{slug}-policies-{_language()}.csv")


# --------------------------------------------------------------------------- errors
