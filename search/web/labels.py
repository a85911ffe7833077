"""What the interface calls things, in the active language: whether the interface is
English, permalinks of units, breadcrumbs with their English titles."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, get_language_info

from search.engine.snapshot import Snapshot


def english_ui() -> bool:
    """Whether the interface is in English (else Chinese, the default)."""
    return (get_language() or "").startswith("en")


def unit_url(slug: str, unit_id: str) -> str:
    """The permalink path of a section, table, chart or policy."""
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


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The page in every interface language, for the switch and ``hreflang`` links."""
    try:
        query = request.GET.urlencode()
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
