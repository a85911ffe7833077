"""Search parameters, validated, and the one path every search takes: validate → run →
refuse a page past the end → log. The page, the API and the ``search`` command share it."""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass

from django import forms
from django.core.paginator import EmptyPage
from django.http import QueryDict
from django.utils.translation import gettext as _

from search.engine.snapshot import Snapshot
from search.query.facets import FACETS, FILTERS, Filters
from search.query.prepared import prepared
from search.query.searching import MAX_PER_PAGE, SORTS, QueryError, SearchResults, search
from search.query.syntax import clean_query
from search.web.labels import english_ui
from search.web.links import paginator

MAX_PAGE = 10_000
log = logging.getLogger("search")


@dataclass(frozen=True)
class Outcome:
    """A search's results, or why there are none: 400 for bad parameters, 404 for a
    page past the end."""

    results: SearchResults | None
    status: int = 200
    error: str = ""  # in the interface's language
    last_page: int = 0  # of a page past the end

    def api_error(self, page: int) -> str:
        """The error as the JSON API words it (in English, for programs)."""
        if self.status == 404:
            return f"page {page} is past the last page ({self.last_page})"
        return self.error


def _usable(name: str, value: str, known: dict[str, frozenset[str]]) -> bool:
    """Whether the search can use ``name=value`` (a known facet value, sort, page …)."""
    if name in known:
        values = known[name]
        return value in values or (name == "chapter" and ":" not in value and
                                   any(k.endswith(f":{value}") for k in values))
    if name == "sort":
        return value in SORTS
    if name in ("page", "per_page"):
        limit = MAX_PAGE if name == "page" else MAX_PER_PAGE
        return value.isdigit() and 1 <= int(value) <= limit
    return True


def without_unknown(data: QueryDict, snapshot: Snapshot) -> tuple[QueryDict, list[str]]:
    """The search page's parameters without what the search cannot use — an unknown
    filter value or sort, a page number that is not one — and what was left out
    (``kind=bogus``), for the page to say so. A reader who edits an address, or follows
    an old link, gets results and a notice rather than a form error (issue 22); the
    JSON API refuses the same parameters with a 400."""
    known = prepared(snapshot).known_values
    kept = data.copy()
    ignored = []
    for name in list(kept):
        values = kept.getlist(name)
        usable = [v for v in values if _usable(name, v, known)]
        ignored += [f"{name}={v}" for v in values if v and v not in usable]  # "" is absent
        if usable != values:
            kept.setlist(name, usable)
    return kept, ignored


def _qualified_chapters(data: QueryDict, known: frozenset[str]) -> QueryDict:
    """``chapter=3`` (links from before there were several documents) as every
    document's chapter 3; ``chapter=<slug>:3`` as it is."""
    chapters = data.getlist("chapter")
    if all(":" in value for value in chapters):
        return data
    qualified = data.copy()
    qualified.setlist("chapter", [
        expanded for value in chapters
        for expanded in ([value] if ":" in value else
                         sorted(k for k in known if k.endswith(f":{value}")) or [value])])
    return qualified


class KnownValues(forms.MultipleChoiceField):
    """Facet values, each one the corpus has: checked against the snapshot's set of them
    rather than a list of choices (a form is made per request; thousands of chapter and
    region values would be listed and normalised every time — issue 21)."""

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__(required=False)
        self.known = known

    def valid_value(self, value: str) -> bool:
        return value in self.known


def _search_fields(snapshot: Snapshot) -> dict[str, forms.Field]:
    """The search form's fields for one snapshot (its facet values), made once: a form
    is made per request, and Django's deep copy of its fields was a tenth of an API
    request's time (issue 21). The fields are never changed once made."""
    found = _fields_of.get(snapshot)
    if found is None:
        known = prepared(snapshot).known_values
        q = forms.CharField(required=False)
        # the query is free text: control characters are cleaned away later, not refused
        q.validators = []
        found = _fields_of[snapshot] = {
            "q": q,
            "sort": forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS]),
            "page": forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE),
            "per_page": forms.IntegerField(required=False, min_value=1,
                                           max_value=MAX_PER_PAGE),
            # what the query asks for, taken away by the reader: ignore=region leaves
            # 上海 a word
            "ignore": forms.MultipleChoiceField(
                required=False, choices=[(f, f) for f in (*FILTERS, "all")]),
            **{facet.name: KnownValues(known[facet.name]) for facet in FACETS},
        }
    return found


_fields_of: weakref.WeakKeyDictionary[Snapshot, dict[str, forms.Field]] = \
    weakref.WeakKeyDictionary()


class SearchForm(forms.Form):
    """The search's parameters (``_search_fields``: q, sort, page, per_page, ignore and
    one field per facet)."""

    def __init__(self, data, snapshot: Snapshot) -> None:
        known = prepared(snapshot).known_values
        super().__init__(_qualified_chapters(data, known["chapter"]))
        self.snapshot = snapshot
        self.fields = dict(_search_fields(snapshot))  # shared, unchanged fields

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def filters(self) -> Filters:
        return Filters(**{f: tuple(dict.fromkeys(self.cleaned_data.get(f) or ()))
                          for f in FILTERS})

    @property
    def ignored(self) -> frozenset[str]:
        chosen = frozenset(self.cleaned_data.get("ignore") or ())
        return frozenset(FILTERS) if "all" in chosen else chosen

    @property
    def sort_key(self) -> str:
        """Relevance when there is a query, else document order."""
        sort = self.cleaned_data.get("sort") or ""
        if not sort or (sort == "relevance" and not self.query.strip()):
            return "relevance" if self.query.strip() else "order"
        return sort

    @property
    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def page_size(self, default: int = 10) -> int:
        return self.cleaned_data.get("per_page") or default

    def error_message(self) -> str:
        """One line naming the first bad parameter."""
        for name, errors in self.errors.items():
            message = str(errors[0])  # may quote the bad value: keep it short
            return f"{name}: {message[:160]}{'…' if len(message) > 160 else ''}"
        return _("Invalid parameters.")

    def parameters(self) -> dict[str, object]:
        """The search these parameters ask for, normalised (a valid form only): what a
        cached answer is keyed by."""
        return {"q": clean_query(self.query), "filters": [list(self.filters.of(f))
                                                         for f in FILTERS],
                "sort": self.sort_key, "page": self.page_number, "per_page": self.page_size(),
                "ignore": sorted(self.ignored)}

    def outcome(self, channel: str) -> Outcome:
        """Run the search these parameters ask for, logging it under ``channel``."""
        if not self.is_valid():
            return Outcome(None, 400, self.error_message())
        try:
            results = search(self.snapshot, self.query, self.filters, self.sort_key,
                             self.page_number, self.page_size(), english=english_ui(),
                             ignore=self.ignored)
        except QueryError as exc:
            return Outcome(None, 400, str(exc))
        pages = paginator(results)
        try:
            pages.validate_number(results.page)
        except EmptyPage:
            return Outcome(None, 404, _("Page %(page)d is past the last page (%(pages)d).")
                           % {"page": results.page, "pages": pages.num_pages},
                           pages.num_pages)
        _log_search(channel, results)
        return Outcome(results)


def _log_search(channel: str, results: SearchResults) -> None:
    filters = ",".join(f"{f}={'|'.join(results.filters.of(f))}"
                       for f in FILTERS if results.filters.of(f)) or "-"
    log.info("%s q=%r filters=%s sort=%s page=%d hits=%d ms=%.1f", channel, results.query,
             filters, results.sort, results.page, results.total, results.milliseconds)
