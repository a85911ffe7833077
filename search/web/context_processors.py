"""Template context every page shares."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from search.engine.snapshot import IndexUnavailable
from search.web.labels import language_links, unit_url
from search.web.serving import current_snapshot


def _reports() -> list:
    try:
        return list(current_snapshot().reports.values())
    except IndexUnavailable:
        return []


def _examples() -> list[tuple[str, str]]:
    """Permalinks to show on a 404: a section, a table and a policy or article of the
    first document served, as (path, what it is)."""
    reports = _reports()
    if not reports:
        return []
    report = reports[0]
    slug = report.meta.slug
    sections = [s for s, _ in report.walk() if s.part == "body"]
    examples = []
    deepest = max((s.level for s in sections), default=0)
    deep = next((s for s in sections if s.level == deepest), None)  # the first of them
    article = next(report.articles(), None)
    table = next(report.tables(), None)
    policy = next(report.policies(), None)
    for unit_id, what in ((deep.id if deep else None, _("a section")),
                          (article.id if article else None, _("an article")),
                          (table.id if table else None, _("a table")),
                          (policy.id if policy else None, _("a policy"))):
        if unit_id:
            examples.append((unit_url(slug, unit_id), str(what)))
    return examples


def corpus(request: HttpRequest) -> dict:
    """The documents served (for the footer, the search box's label and the 404's
    examples) and this page in each language (for the language switch and hreflang
    links)."""
    return {"served_reports": SimpleLazyObject(_reports),
            "permalink_examples": SimpleLazyObject(_examples),
            "language_links": SimpleLazyObject(lambda: language_links(request))}
