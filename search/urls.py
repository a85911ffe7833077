from django.urls import path, register_converter

from search import views


class SlugConverter:
    regex = "[a-z0-9][a-z0-9-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitConverter:
    """Section, table and policy ids: 3.1.1.3, fig-15, fig-15-p3, preface, legal.1."""

    regex = "[A-Za-z0-9][A-Za-z0-9.-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "report")
register_converter(UnitConverter, "unit")

urlpatterns = [
    path("", views.home, name="home"),
    path("api/search", views.api_search, name="api-search"),
    path("<report:slug>/<unit:unit_id>/", views.unit, name="unit"),
]
