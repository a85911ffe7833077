"""What the interface calls things, in the active language: whether the interface is
English, permalinks of units, breadcrumbs with their English titles, facets and their
values, kinds of unit and of document."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from search.engine.snapshot import Snapshot


def english_ui() -> bool:
    """Whether the interface is in English (else Chinese, the default)."""
    return (get_language() or "").startswith("en")


def unit_url(slug: str, unit_id: str) -> str:
    """The permalink path of a section, table, chart or policy."""
    return _unit_url(slug, unit_id, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=8192)
def _unit_url(slug: str, unit_id: str, language: str | None, prefix: str,
              urlconf: object) -> str:
    """``reverse``'s answer, kept by everything it depends on: a results page links each
    hit and its breadcrumbs, the same units page after page."""
    return reverse("unit", args=[slug, unit_id])


def english_title(snapshot: Snapshot, slug: str, unit_id: str, english: bool) -> str | None:
    """The unit's English title, shown beside the Chinese in the English interface."""
    return snapshot.english_title(slug, unit_id) if english else None


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str
    english: str | None = None


def crumbs(snapshot: Snapshot, slug: str, breadcrumbs: tuple[tuple[str, str], ...],
           english: bool) -> list[Crumb]:
    """Links to a unit's ancestors, outermost first."""
    return [Crumb(title, unit_url(slug, crumb_id),
                  english_title(snapshot, slug, crumb_id, english))
            for crumb_id, title in breadcrumbs]


@dataclass(frozen=True)
class LanguageLink:
    code: str  # "zh-hans", "en"
    name: str  # in its own language: 简体中文, English
    url: str  # this very page (query and filters kept) in that language
    absolute: str  # the same, with scheme and host, for rel="alternate"
    hreflang: str  # "zh-Hans", "en"
    current: bool


def path_in_language(path: str, language: str) -> str:
    """``path`` as the page in ``language``: Chinese unprefixed, others under /<code>/."""
    default = settings.LANGUAGE_CODE
    for code, _name in settings.LANGUAGES:
        if code != default and (path == f"/{code}" or path.startswith(f"/{code}/")):
            path = path[len(code) + 1:] or "/"
            break
    return path if language == default else f"/{language}{path}"


def language_links(request: HttpRequest, params: QueryDict | None = None
                   ) -> list[LanguageLink]:
    """The page in every interface language (with ``params``, else the request's), for
    the switch and ``hreflang`` links."""
    try:
        query = (request.GET if params is None else params).urlencode()
    except SuspiciousOperation:  # too many parameters: this is the 400 page for them
        query = ""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = path_in_language(request.path, code) + (f"?{query}" if query else "")
        links.append(LanguageLink(code, get_language_info(code)["name_local"], url,
                                  request.build_absolute_uri(url), HTML_LANG.get(code, code),
                                  code == current))
    return links


HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}  # BCP 47 for lang and hreflang


# --------------------------------------------------------------------------- facets

FACET_TITLES = {"kind": _("Type"), "chapter": _("Chapter"), "region": _("Region"),
                "year": _("Year"), "report": _("Document")}
KIND_LABELS = {"section": _("Section"), "article": _("Article"), "table": _("Table"),
               "figure": _("Figure"), "policy": _("Policy"), "term": _("Term")}
DOCUMENT_KIND_LABELS = {"report": _("Report"), "law": _("Law"), "policy": _("Policy document"),
                        "article": _("Article")}


def facet_title(facet: str) -> str:
    """A facet's heading on the page."""
    return str(FACET_TITLES.get(facet, facet))


def kind_label(kind: str) -> str:
    """What a unit is (节, 表格 …), in the interface's language."""
    return str(KIND_LABELS.get(kind, kind))


def _chapter_label(snapshot: Snapshot, value: str, english: bool) -> str:
    """The chapter's heading in its own document (its English title in English). Two
    laws both have 第一章 总则: the page lists chapters under their document's title."""
    slug, _sep, chapter = value.partition(":")
    report = snapshot.reports.get(slug)
    if report is None:
        return value
    if chapter in ("front", "back"):
        return str(_("Front matter") if chapter == "front" else _("Back matter"))
    for section in report.chapters:
        if section.chapter == chapter:
            title = snapshot.english_title(slug, section.id) if english else None
            return f"{section.id}. {title}" if title else section.heading
    return chapter


_region_names: weakref.WeakKeyDictionary[Snapshot, dict[str, str]] = \
    weakref.WeakKeyDictionary()


def region_name(snapshot: Snapshot, value: str, english: bool) -> str:
    """A country or region as the page names it: "United States" in English when the
    glossary knows the place, else as the report writes it (美国). Pages show the
    Chinese after the English themselves, marked as Chinese."""
    if not english:
        return value
    cache = _region_names.setdefault(snapshot, {})
    if value not in cache:
        cache[value] = next((e.english for e in snapshot.glossary.entries
                             if value in e.chinese or value.rstrip("市省") in e.chinese), value)
    return cache[value]


def _region_label(snapshot: Snapshot, value: str, english: bool) -> str:
    """"United States (美国)" in English (one string, for the API), else 美国."""
    name = region_name(snapshot, value, english)
    return f"{name} ({value})" if name != value else value


_region_english: weakref.WeakKeyDictionary[Snapshot, dict[str, str]] = \
    weakref.WeakKeyDictionary()


def region_english(snapshot: Snapshot, value: str) -> str:
    """A region's English name from the glossary (美国 → United States, 江苏省 →
    Jiangsu), "" when the glossary does not know it."""
    cache = _region_english.setdefault(snapshot, {})
    if value not in cache:
        cache[value] = next((e.english for e in snapshot.glossary.entries
                             if e.section.startswith("Places")
                             and (value in e.chinese or value.rstrip("市省") in e.chinese)),
                            "")
    return cache[value]


def _report_label(snapshot: Snapshot, value: str, english: bool) -> str:
    report = snapshot.reports.get(value)
    if report is None:
        return value
    return (english and report.meta.title_en) or report.meta.title


_VALUE_LABELS = {
    "kind": lambda snapshot, value, english: kind_label(value),
    "chapter": _chapter_label,
    "region": _region_label,
    "report": _report_label,
}


# facet labels worked out, per snapshot (kept as long as it is)
_facet_labels: weakref.WeakKeyDictionary[Snapshot, dict[tuple, str]] = \
    weakref.WeakKeyDictionary()


def facet_label(snapshot: Snapshot, facet: str, value: str, english: bool) -> str:
    """A facet value as the page shows it, worked out once per language and snapshot."""
    cache = _facet_labels.setdefault(snapshot, {})
    key = (facet, value, english, get_language())
    label = cache.get(key)
    if label is None:
        labeller = _VALUE_LABELS.get(facet)
        label = cache[key] = labeller(snapshot, value, english) if labeller else value
    return label
