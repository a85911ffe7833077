"""Request-wide behaviour: a Content-Security-Policy on every response, and an unavailable
index as a clear 503, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from search.index import IndexUnavailable


class IndexUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, IndexUnavailable):
            from search.views import index_unavailable

            return index_unavailable(request, exception)
        return None


class ContentSecurityPolicyMiddleware:
    """No inline script or style anywhere: htmx is configured through a meta tag and the
    page's own script is a static file (Django 5.2 has no CSP support of its own).
    Also: a HEAD answer carries no body (gunicorn would drop it, with a warning)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy",
                                    "camera=(), microphone=(), geolocation=()")
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response


class LanguageFromPathMiddleware:
    """The interface language is the URL's: ``/en/…`` is English, everything else
    Chinese. Unlike Django's LocaleMiddleware nothing else is consulted (no cookie, no
    Accept-Language), so a URL always means the same page and caches need no ``Vary``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language_from_path(request.path_info) or \
            settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
