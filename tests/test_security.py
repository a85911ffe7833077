"""Security and deployment: headers, no secret, HTTPS settings, friendly error pages, one
log line per search."""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import RequestFactory

from tests.conftest import ROOT


def test_security_headers(client, index_dir):
    for url in ("/", "/search/?q=智能", "/ai-whitepaper-2023/3.1.1.3/", "/api/search?q=AI",
                "/nope/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_inline_styles_either(client, index_dir):
    page = client.get("/ai-whitepaper-2023/3.1.1.3/?q=政策").content.decode()
    assert "<style" not in page and " style=" not in page


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**clean, **env}, timeout=60)


def test_debug_is_off_unless_asked_for():
    code = "import search.settings as s; print(s.DEBUG)"
    assert run_python(code).stdout.strip() == "False"
    assert run_python(code, DJANGO_DEBUG="1").stdout.strip() == "True"
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DJANGO_DEBUG" not in run_recipe


def test_no_secret_in_the_repository():
    settings_py = (ROOT / "search" / "settings.py").read_text()
    assert not re.search(r"SECRET_KEY\s*=\s*['\"]", settings_py)
    code = "import search.settings as s; print(s.SECRET_KEY)"
    assert run_python(code).stdout != run_python(code).stdout  # made up per process


def test_deploy_check_passes_with_https_settings():
    env = {"DJANGO_DEBUG": "0", "DJANGO_HTTPS": "1",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
           "DJANGO_ALLOWED_HOSTS": "search.example.org"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    run = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                          "WARNING"], cwd=ROOT, capture_output=True, text=True,
                         env={**clean, **env}, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_error_pages_in_both_languages(client, index_dir):
    zh = client.get("/nope/").content.decode()
    en = client.get("/en/nope/").content.decode()
    assert "未找到" in zh and "Not found" in en
    from django.utils import translation

    from search.web.errors import server_error

    with translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def test_one_log_line_per_search(client, index_dir, caplog):
    with caplog.at_level(logging.INFO, logger="search"):
        client.get("/api/search", {"q": "量子机器学习", "kind": "section",
                                   "report": "ai-whitepaper-2023"})
    [line] = [r.getMessage() for r in caplog.records if r.name == "search"]
    assert "q='量子机器学习'" in line and "kind=section" in line
    assert re.search(r"hits=\d+ ms=\d+\.\d", line)


def test_head_answers_carry_no_body():
    """The test client strips HEAD bodies itself, so the middleware is tested alone."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from search.web.middleware import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("a body"))
    head = middleware(RequestFactory().head("/search/?q=AI"))
    get = middleware(RequestFactory().get("/search/?q=AI"))
    assert (head.status_code, head.content) == (200, b"")
    assert get.content == b"a body"
    assert head["Content-Security-Policy"] == get["Content-Security-Policy"]


@pytest.mark.parametrize("url", [
    "/ai-whitepaper-2023/3.1.1.3%00/", "/nope%00/", "/en/nope%00x/", "/search/?kind=%00",
    "/search/?q=a%00b", "/ai-whitepaper-2023/3.1.1.3/?q=%00",
    "/ai-whitepaper-2023/3.1.1.3/cite.ris?paragraph=%00%1b"])
def test_no_control_character_is_served_raw(client, index_dir, url):
    """A URL's %00 came back raw in the page that echoes it (issue 19)."""
    response = client.get(url)
    assert not any(byte in response.content for byte in (b"\x00", b"\x1b", b"\x0c"))


def test_exports_carry_no_control_characters(rf):
    from search.web.views import _download

    response = _download("TY  - CHAP\r\nTI  - a\x00b\x1b\x0cc\r\nER  - \r\n",
                         "application/x-research-info-systems", "x.ris")
    assert response.content == b"TY  - CHAP\r\nTI  - abc\r\nER  - \r\n"
