"""What the interface calls things, in the active language: whether the interface is
English, permalinks of units, breadcrumbs with their English titles."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from search.index import Snapshot


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
