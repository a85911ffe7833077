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
