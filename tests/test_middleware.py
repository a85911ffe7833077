"""Request-wide behaviour: compression, static files cached for good, validators and
304s for pages and the API, no cookies, a Vary that says what varies, a sane Host."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.conftest import xpath

SLUG = "ai-whitepaper-2023"
PAGES = ["/", "/search/?q=芯片", f"/{SLUG}/3.1.1.3/", f"/en/{SLUG}/fig-15/", "/api/search?q=AI",
         "/en/api/search?q=AI", f"/{SLUG}/policies/", "/opensearch.xml"]


# --------------------------------------------------------------------------- static files


def test_static_files_have_hashed_names_and_are_cached_for_good(get):
    page = get("/").content.decode()
    [css] = xpath(page, '//link[@rel="stylesheet" and not(@media)]/@href')
    assert css.startswith("/static/site.") and css.endswith(".css") and css != "/static/site.css"
    response = get(css, Accept_Encoding="br")
    response.close()  # a file response: its file stays open until closed
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response[
        "Cache-Control"]


def test_htmx_itself_goes_out_compressed(get):
    page = get("/").content.decode()
    [htmx] = [src for src in xpath(page, "//script/@src") if "htmx" in src]
    response = get(htmx, Accept_Encoding="gzip")
    response.close()
    assert response["Content-Encoding"] == "gzip"


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("url", PAGES)
def test_pages_and_api_are_compressed(get, url):
    response = get(url, Accept_Encoding="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_carry_a_validator_and_a_public_max_age_and_no_cookie(get, url):
    response = get(url)
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == "public, max-age=300"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize("url", PAGES)
def test_a_matching_etag_is_a_304_without_a_body(get, url):
    etag = get(url)["ETag"]
    again = get(url, If_None_Match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag


def test_the_etag_differs_by_language_and_by_htmx_variant(get):
    full = get("/search/?q=芯片")["ETag"]
    partial = get("/search/?q=芯片", HX_Request="true")["ETag"]
    english = get("/en/search/?q=芯片")["ETag"]
    assert len({full, partial, english}) == 3
    assert get("/search/?q=芯片", HX_Request="true", If_None_Match=full).status_code == 200


def test_the_search_page_varies_on_htmx_headers(get):
    vary = get("/search/?q=芯片")["Vary"]
    assert "HX-Request" in vary and "HX-History-Restore-Request" in vary


def test_errors_are_not_cached(get):
    for url in ("/nope/", "/search/?q=x&page=999", "/api/search?q=x&page=abc",
                f"/{SLUG}/9.9.9/"):
        response = get(url)
        assert response.status_code in (400, 404)
        assert "public" not in response.get("Cache-Control", "")
        assert not response.has_header("ETag")


# --------------------------------------------------------------------------- hosts, posts


@pytest.mark.parametrize("host", ["localhost:99999999999", "localhost:0", "localhost:65536"])
def test_a_host_with_an_impossible_port_is_a_400(client, index_dir, host):
    response = client.get(f"/{SLUG}/3.1.1.3/", HTTP_HOST=host)
    assert response.status_code == 400
    assert host not in response.content.decode()


def test_a_host_with_a_real_port_is_used_in_permalinks(client, index_dir):
    page = client.get(f"/{SLUG}/3.1.1.3/", HTTP_HOST="localhost:8080").content.decode()
    assert f'value="http://localhost:8080/{SLUG}/3.1.1.3/"' in page


def test_a_forged_post_gets_our_own_403_page(index_dir):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for url, title in (("/search/", "请求被拒绝"), (f"/en/{SLUG}/", "Not allowed")):
        response = client.post(url, {"q": "AI"})
        page = response.content.decode()
        assert response.status_code == 403
        assert title in page and "<style" not in page and 'style="' not in page
    api = client.post("/api/search", {"q": "AI"})
    assert (api.status_code, api.json()) == (403, {"error": "forbidden"})


def test_a_500_under_the_api_is_json(rf, index_dir):
    from search.web.errors import server_error

    for path in ("/api/search", "/en/api/search"):
        response = server_error(rf.get(path))
        assert response.status_code == 500
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"error": "internal server error"}


# --------------------------------------------------------------------------- issue 19


@pytest.mark.parametrize("host", [":abc", "[::1]", "localhost,evil.example", "evil.example",
                                  "localhost:abc"])
def test_a_bad_host_is_a_400_page_never_a_500_and_is_logged(client, index_dir, caplog, host):
    with caplog.at_level("WARNING", logger="django.security"):
        response = client.get(f"/{SLUG}/3.1.1.3/", HTTP_HOST=host)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page and host not in page
    assert any(r.name.startswith("django.security") for r in caplog.records)


def test_a_bad_host_under_the_api_is_json(client, index_dir):
    response = client.get("/api/search?q=AI", HTTP_HOST=":abc")
    assert (response.status_code, response.json()) == (400, {"error": "invalid Host header"})


@pytest.mark.parametrize(("url", "status"), [
    ("/nope/", 404), ("/api/search?kind=bogus", 400), ("/api/nope", 404),
    (f"/{SLUG}", 301), (f"/{SLUG}/9.9.9/", 404), ("/search/?q=x&page=999", 404)])
def test_if_none_match_star_is_a_304_only_where_the_url_answers(get, url, status):
    assert get(url, If_None_Match="*").status_code == status
    assert get(url, If_Modified_Since="Fri, 01 Jan 2100 00:00:00 GMT").status_code == status
    assert get("/", If_None_Match="*").status_code == 304


def test_an_etag_of_one_url_does_not_validate_another(get):
    etag = get("/")["ETag"]
    assert get("/nope/", If_None_Match=etag).status_code == 404
    assert get("/search/?q=芯片", If_None_Match=etag).status_code == 200
    assert get("/", If_None_Match=etag).status_code == 304


def test_last_modified_moves_with_a_release(get, monkeypatch):
    from django.utils.http import http_date

    released = datetime.now(UTC).timestamp() + 3600
    monkeypatch.setattr("search.web.middleware.release_time", lambda: released)
    response = get("/")
    assert response["Last-Modified"] == http_date(int(released))
    earlier = http_date(int(released) - 60)
    assert get("/", If_Modified_Since=earlier).status_code == 200


@pytest.mark.parametrize(("accept", "gzip"), [
    ("gzip;q=0", False), ("gzip; q=0.0, br", False), ("*;q=0", False), ("identity", False),
    ("gzip;q=0.5", True), ("deflate, gzip", True),
    ("gzip;q=abc", False)])
def test_gzip_follows_the_accept_encoding_q_values(get, accept, gzip):
    response = get("/api/search?q=AI", Accept_Encoding=accept)
    assert response.status_code == 200
    assert (response.get("Content-Encoding") == "gzip") is gzip
    assert "Accept-Encoding" in response["Vary"]
