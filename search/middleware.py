"""Request-wide behaviour: an unavailable index is a clear 503, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from search.index import IndexUnavailable


class IndexUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, IndexUnavailable):
            from search.views import index_unavailable

            return index_unavailable(request)
        return None
