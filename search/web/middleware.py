"""Request-wide behaviour: security headers, the language from the URL, validators and
cache headers for shared caches, a sane Host, and an unavailable index as a clear 503,
never a traceback."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag

from search.engine.snapshot import IndexUnavailable
from search.web.errors import index_unavailable
from search.web.serving import current_snapshot, index_failed, release, release_time


class IndexUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        unavailable = index_failed(exception)  # missing, or damaged under our feet
        if unavailable is not None:
            return index_unavailable(request, unavailable)
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


# C0 control characters but tab and line ends: one byte each in UTF-8, never inside a
# character, so they can be taken out of the bytes
CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r") + b"\x7f"


def without_controls(content: bytes) -> bytes:
    return content.translate(None, CONTROL_BYTES)


class ControlCharactersMiddleware:
    """No NUL or other control character in a page (issue 19: a URL's %00 came back raw in
    the 404 page that echoes the path). The corpus refuses them; this covers what a
    request brings. Placed inside GZipMiddleware: it reads the page before compression."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.streaming and response.get("Content-Type", "").startswith(
                "text/html"):
            response.content = without_controls(response.content)
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


class HostPortMiddleware:
    """A port in ``Host`` must be a port: ``127.0.0.1:99999999999`` would otherwise end
    up in permalinks and citations (Django checks only the name against ALLOWED_HOSTS)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        domain, port = split_domain_port(request.get_host())
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            # the 400 page builds links too: it must not repeat the bad port either
            request.META["HTTP_HOST"] = domain
            raise DisallowedHost(f"invalid port in the Host header: {port[:20]!r}")
        return self.get_response(request)


_VARIANT_HEADERS = ("HX-Request", "HX-History-Restore-Request", "X-Search-Typing")  # pages Vary


class HttpCachingMiddleware:
    """Pages and API answers carry a validator and a short public max-age, so a shared
    cache (a reverse proxy, a CDN) can serve them and revalidate cheaply.

    The ETag is known before any work is done — the index build, the code's release, the
    language, the day (citations name the access date), the htmx variant and the URL — so
    an ``If-None-Match`` naming it is answered 304 without searching or rendering: only a
    200 of this very URL carries it. ``If-None-Match: *`` and ``If-Modified-Since`` say
    nothing about the URL, so their 304 comes only once the view has answered 200 (a URL
    that would be a 404, 400 or 301 never is a 304, issue 19)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            snapshot = current_snapshot()
        except IndexUnavailable:
            return self.get_response(request)
        today = datetime.now(UTC).date()
        variant = "".join("1" if request.headers.get(h) else "0" for h in _VARIANT_HEADERS)
        url = hashlib.blake2s(request.get_full_path().encode(), digest_size=6).hexdigest()
        etag = "W/" + quote_etag(f"{snapshot.path.name}.{release()}."
                                 f"{translation.get_language()}.{today:%Y%m%d}.{variant}.{url}")
        built = datetime.fromisoformat(snapshot.manifest.get("built_at", "1970-01-01"))
        midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
        last_modified = int(max(built.replace(tzinfo=built.tzinfo or UTC).timestamp(),
                                midnight.timestamp(), release_time()))
        if _names_etag(request, etag):
            not_modified = get_conditional_response(request, etag=etag,
                                                    last_modified=last_modified)
            if not_modified is not None and not_modified.status_code == 304:
                self._headers(not_modified, etag, last_modified)
                return not_modified
        response = self.get_response(request)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            self._headers(response, etag, last_modified)
            return get_conditional_response(request, etag=etag, last_modified=last_modified,
                                            response=response) or response
        return response

    @staticmethod
    def _headers(response: HttpResponse, etag: str, last_modified: float) -> None:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)


def _names_etag(request: HttpRequest, etag: str) -> bool:
    """Whether ``If-None-Match`` lists ``etag`` itself (weak comparison), not ``*``."""
    listed = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" not in listed and etag.removeprefix("W/") in {
        e.removeprefix("W/") for e in listed}


def accepts(accept_encoding: str, coding: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts ``coding``: named (or ``*``) with a
    q-value above 0 (RFC 9110 §12.5.3: ``gzip;q=0`` refuses gzip)."""
    star = False
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        name = name.strip().lower()
        if name == coding:
            return quality > 0
        if name == "*":
            star = quality > 0
    return star


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's, but a client that refuses gzip (``gzip;q=0``) is not sent it."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase
                         ) -> HttpResponseBase:
        if accepts(request.headers.get("Accept-Encoding", ""), "gzip"):
            return super().process_response(request, response)
        if response.streaming or len(getattr(response, "content", b"")) >= 200:
            patch_vary_headers(response, ("Accept-Encoding",))
        return response
