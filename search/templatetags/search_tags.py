"""Template filters for the report's own conventions."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def page_span(pages) -> str:
    """(20, 25) → "pp. 20–25"; (101, 101) → "p. 101"; nothing when pages are unknown."""
    if not pages:
        return ""
    first, last = pages
    if first == last:
        return _("p. %(page)s") % {"page": first}
    return _("pp. %(first)s–%(last)s") % {"first": first, "last": last}


@register.filter
def localized(meta, field: str) -> str:
    """A report's ``field`` in the interface's language: ``publisher_en`` in English
    (when the metadata has it), else the original."""
    from search.labels import english_ui

    if english_ui():
        return getattr(meta, f"{field}_en", "") or getattr(meta, field)
    return getattr(meta, field)
