"""URLs: Chinese pages unprefixed, the same pages in English under ``/en/`` — both
permanent, the language decided by the path alone (no cookie, no Accept-Language), so
every page can be cached and linked as it is."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path, re_path, register_converter

from search.web import views


class SlugConverter:
    regex = "[a-z0-9][a-z0-9-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitConverter(SlugConverter):
    """Section, table and policy ids: 3.1.1.3, fig-15, fig-15-p3, preface, legal.1."""

    regex = "[A-Za-z0-9][A-Za-z0-9.-]{0,63}"


register_converter(SlugConverter, "report")
register_converter(UnitConverter, "unit")

urlpatterns = i18n_patterns(
    path("", views.search_page, name="home"),
    path("search/", views.search_page, name="search"),
    path("api/search", views.api_search, name="api-search"),
    path("api/suggest", views.api_suggest, name="api-suggest"),
    re_path(r"^api(?:/(?P<rest>.*))?$", views.api_not_found),  # JSON 404s, not redirects
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("<report:slug>/", views.report_page, name="report"),
    path("<report:slug>/policies/", views.policies_page, name="policies"),
    path("<report:slug>/policies.csv", views.policies_data, name="policies-csv"),
    path("<report:slug>/<unit:unit_id>/", views.unit, name="unit"),
    *(path(f"<report:slug>/<unit:unit_id>/cite.{style}", views.citation_file,
           {"style": style}, name=f"cite-{style}") for style in ("ris", "bib", "json")),
    path("<report:slug>/<unit:unit_id>/cite.txt", views.citation_text, name="cite-txt"),
    path("<report:slug>/<unit:unit_id>/cite/", views.citation_page, name="cite-page"),
    *(path(f"<report:slug>/<unit:unit_id>/data.{fmt}", views.table_data, {"fmt": fmt},
           name=f"table-{fmt}") for fmt in ("csv", "json")),
    prefix_default_language=False,
)

handler400 = "search.web.errors.bad_request"
handler404 = "search.web.errors.not_found"
handler500 = "search.web.errors.server_error"
