"""HTTP views: thin functions that validate input, call the library and render."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.index import IndexHolder

index_holder = IndexHolder(settings.SEARCH_INDEX_DIR)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    snapshot = index_holder.get()
    return render(request, "home.html", {"reports": list(snapshot.reports.values())})
