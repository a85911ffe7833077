"""Error pages and answers: the page in the reader's language (our own, as Django's default
ones carry inline style the CSP blocks, and no Chinese), or under ``/api/`` the error in
JSON; an unavailable index as a clear 503 with what to do. The handlers Django calls
(``urls.handler400``… and ``settings.CSRF_FAILURE_VIEW``) and the middleware's 503."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from search.engine.snapshot import IndexUnavailable
from search.web.labels import path_in_language
from search.web.serving import current_snapshot

log = logging.getLogger("search")


def json_response(data: object, status: int = 200) -> JsonResponse:
    """JSON as the API writes it: Chinese as it is, not as \\u escapes."""
    return JsonResponse(data, status=status, safe=False,
                        json_dumps_params={"ensure_ascii": False})


_BAD_REQUESTS = {
    "TooManyFieldsSent": f"too many parameters (at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})",
    "RequestDataTooBig": "a request takes no body",
}


def _is_api(request: HttpRequest) -> bool:
    """``/api/…`` or ``/en/api/…``: answered in JSON, errors included."""
    path = path_in_language(request.path, settings.LANGUAGE_CODE)
    return path == "/api" or path.startswith("/api/")


def _error_page(request: HttpRequest, status: int, message: str = "",
                extra: dict | None = None) -> HttpResponse:
    context = {"status": status, "message": message, "request_path": request.path,
               **(extra or {})}
    try:
        context["reports"] = list(current_snapshot().reports.values())
    except IndexUnavailable:
        context["reports"] = []
    body = loader.render_to_string(f"{status}.html", context, request)
    return HttpResponse(body, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused POST: our own page (Django's default has an inline style the CSP
    blocks, and no Chinese)."""
    if _is_api(request):
        return json_response({"error": "forbidden"}, 403)
    return _error_page(request, 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 400 raised before or outside a view: a Host that is not allowed (logged by
    Django's ``django.security`` logger), too many parameters, a malformed request. The
    page builds no link from a refused Host: doing so raised again, as a 500 (issue 19)."""
    extra: dict[str, Any] = {}
    try:
        request.get_host()
    except DisallowedHost:
        extra["language_links"] = []  # they are absolute: they would need the Host
        reason = "invalid Host header"
    else:
        reason = _BAD_REQUESTS.get(type(exception).__name__, "bad request")
    if _is_api(request):
        return json_response({"error": reason}, 400)
    return _error_page(request, 400, extra=extra)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) \
        else ""
    if _is_api(request):
        return json_response({"error": message or "not found"}, 404)
    return _error_page(request, 404, message)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return json_response({"error": "internal server error"}, 500)
    try:
        return _error_page(request, 500)
    except Exception:  # the error page itself must never fail
        return HttpResponse("500 Internal Server Error / 服务器内部错误", status=500,
                            content_type="text/plain; charset=utf-8")


def index_unavailable(request: HttpRequest, exception: IndexUnavailable) -> HttpResponse:
    log.error("search index unavailable: %s", exception)
    if _is_api(request):
        return json_response({"error": "The search index is not available; the operator should "
                               "run `python manage.py build_index`."}, 503)
    return _error_page(request, 503)
