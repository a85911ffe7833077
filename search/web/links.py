"""Links of the search page that change one thing and keep the rest: a facet value
toggled, a filter removed, another sort, another page. All are plain ``?…`` URLs, so the
page works without JavaScript and every state can be bookmarked."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict

from search.engine.snapshot import Snapshot
from search.query.facets import COUNTED
from search.query.searching import SearchResults
from search.web.labels import facet_label, facet_title, kind_label, region_name


def with_params(params: QueryDict, **changes: list[str] | str | None) -> str:
    """``?…`` of ``params`` with some keys replaced (None or [] removes them, a changed
    key moves to the end); the page always starts again at 1 unless it is one of the
    changes. Encoded as ``QueryDict.urlencode`` does, without copying the QueryDict (a
    results page makes some thirty of these)."""
    pairs = [(key, value) for key, values in params.lists()
             if key != "page" and key not in changes for value in values]
    for key, change in changes.items():
        if change:
            pairs += [(key, value) for value in (change if isinstance(change, list)
                                                 else [change])]
    encoded = urlencode(pairs)
    return f"?{encoded}" if encoded else "?"


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    document: str = ""  # with several documents, the title a chapter is listed under
    original: str = ""  # on an English page, the report's own name of a place (美国)


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str
    links: tuple[FacetLink, ...]


def facet_groups(snapshot: Snapshot, results: SearchResults, params: QueryDict,
                 english: bool) -> list[FacetGroup]:
    """Each counted facet's values, each a link that toggles it."""
    groups = []
    several = len(snapshot.reports) > 1
    for facet in COUNTED:
        if facet == "report" and not several:
            continue  # one document: nothing to choose
        selected = list(results.filters.of(facet))
        links = []
        for value in results.facets[facet]:
            toggled = [v for v in selected if v != value.value] if value.selected else \
                [*selected, value.value]
            document = facet_label(snapshot, "report", value.value.partition(":")[0], english) \
                if facet == "chapter" and several else ""
            label, original = _label(snapshot, facet, value.value, english)
            links.append(FacetLink(value.value, label, value.count, value.selected,
                                   with_params(params, **{facet: toggled}), document,
                                   original))
        if links:
            groups.append(FacetGroup(facet, facet_title(facet), tuple(links)))
    return groups


def _label(snapshot: Snapshot, facet: str, value: str, english: bool) -> tuple[str, str]:
    """A facet value's label and, for a place on an English page, its Chinese name (the
    page shows it after the English, marked as Chinese)."""
    if facet == "region":
        name = region_name(snapshot, value, english)
        return name, value if name != value else ""
    return facet_label(snapshot, facet, value, english), ""


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    label: str
    remove_url: str
    original: str = ""


def active_filters(snapshot: Snapshot, results: SearchResults, params: QueryDict,
                   english: bool) -> list[ActiveFilter]:
    """The selected facet values, each with a link that removes it."""
    active = []
    for facet in COUNTED:
        values = list(results.filters.of(facet))
        for value in values:
            label, original = _label(snapshot, facet, value, english)
            active.append(ActiveFilter(facet, label,
                                       with_params(params, **{facet: [v for v in values
                                                                      if v != value]}),
                                       original))
    return active


@dataclass(frozen=True)
class UnderstoodChip:
    facet: str
    label: str  # as the reader wrote it, or what it was taken for (政策, 上海, 2022年)
    remove_url: str  # the same search, this not applied (its words searched as words)
    filter: bool  # applied as a filter (else ranked first)


def understood_chips(snapshot: Snapshot, results: SearchResults, params: QueryDict,
                     english: bool) -> list[UnderstoodChip]:
    """What the query was understood to ask for, each with a link that takes it away
    (``ignore=<facet>``): "理解为：政策 · 上海 · 2022年"."""
    ignored = params.getlist("ignore")
    chips = []
    for applied in results.understood:
        if applied.facet == "kind":
            label = kind_label(applied.values[0])
        elif applied.facet == "report":
            label = facet_label(snapshot, "report", applied.values[0], english)
        elif applied.facet == "region" and english and not applied.label.isascii():
            label = ", ".join(region_name(snapshot, v, True) for v in applied.values[:3])
        else:
            label = applied.label
        chips.append(UnderstoodChip(applied.facet, label,
                                    with_params(params, ignore=[*ignored, applied.facet]),
                                    applied.filter))
    return chips


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    links: tuple[PageLink, ...]
    previous_url: str
    next_url: str


def paginator(results: SearchResults) -> Paginator:
    """Django's paginator over the result count (the hits themselves are one page)."""
    return Paginator(range(results.total), results.per_page)


def pagination(results: SearchResults, params: QueryDict) -> Pagination | None:
    pages = paginator(results)
    if pages.num_pages <= 1:
        return None
    links = tuple(
        PageLink(number, with_params(params, page=str(number)), number == results.page)
        if isinstance(number, int) else PageLink(None)  # Paginator.ELLIPSIS
        for number in pages.get_elided_page_range(results.page, on_each_side=2, on_ends=1)
    )
    page = pages.page(results.page)
    return Pagination(
        links,
        with_params(params, page=str(page.previous_page_number())) if page.has_previous()
        else "",
        with_params(params, page=str(page.next_page_number())) if page.has_next() else "",
    )
