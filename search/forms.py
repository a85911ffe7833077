"""Search parameters, validated: anything the engine cannot search with is a clear 400."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search.facets import FILTERS, Filters, known_values
from search.index import Snapshot
from search.query import MAX_PER_PAGE, SORTS, SearchResults, search

MAX_PAGE = 10_000


class SearchForm(forms.Form):
    q = forms.CharField(required=False)
    kind = forms.MultipleChoiceField(required=False)
    chapter = forms.MultipleChoiceField(required=False)
    region = forms.MultipleChoiceField(required=False)
    year = forms.MultipleChoiceField(required=False)
    report = forms.MultipleChoiceField(required=False)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE)

    def __init__(self, data, snapshot: Snapshot) -> None:
        super().__init__(data)
        self.snapshot = snapshot
        # the query is free text: control characters are cleaned away later, not refused
        self.fields["q"].validators = []
        known = known_values(snapshot)
        for facet in FILTERS:
            self.fields[facet].choices = [(v, v) for v in sorted(known[facet])]

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def filters(self) -> Filters:
        return Filters(**{f: tuple(dict.fromkeys(self.cleaned_data.get(f) or ()))
                          for f in FILTERS})

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

    def run(self) -> SearchResults:
        """The search these (valid) parameters ask for; QueryError as query.search."""
        return search(self.snapshot, self.query, self.filters, self.sort_key,
                      self.page_number, self.page_size())

    def error_message(self) -> str:
        """One line naming the first bad parameter."""
        for name, errors in self.errors.items():
            message = str(errors[0])  # may quote the bad value: keep it short
            return f"{name}: {message[:160]}{'…' if len(message) > 160 else ''}"
        return str(_("Invalid parameters."))
