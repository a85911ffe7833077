"""Hostile input: property-based (hypothesis) and a fixed list, over the query parser,
/api/search, /search/ and the section URLs. Every answer is 200, 400 or 404 with a clear
message, and whatever is echoed back is escaped."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query.searching import search
from search.query.syntax import MAX_ITEMS, MAX_QUERY_CHARS, clean_query, parse_query
from tests.conftest import texts

SLUG = "ai-whitepaper-2023"
EVERY_CHARACTER = st.characters(blacklist_categories=())  # surrogates and controls too
NO_SURROGATES = st.characters(blacklist_categories=["Cs"])  # what a URL can carry
WHOOSH_SYNTAX = ['"', "(((", ")", "field:", "title:量子", "[1 TO", "{a TO b}", "~2", "^3", "*",
                 "?", "AND", "OR", "NOT", "-", "+", "\\", "/", "&&", "||", "!"]
FRAGMENTS = st.lists(st.sampled_from(WHOOSH_SYNTAX) | st.text(NO_SURROGATES, max_size=8),
                     max_size=12).map(" ".join)
PROPERTY = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
TAG = re.compile(r"<(/?)([a-zA-Z][^\s>/]*)")


def only_marks(fragment: str) -> bool:
    """HTML we built: the only tags are <mark> (and <strong>)."""
    return all(name in {"mark", "strong"} for _, name in TAG.findall(fragment))


@PROPERTY
@given(st.text(EVERY_CHARACTER, max_size=400) | FRAGMENTS)
def test_the_parser_takes_anything(text):
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert len(parsed.groups) + len(parsed.excluded) <= MAX_ITEMS
    assert not any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in parsed.text)


@PROPERTY
@given(st.text(EVERY_CHARACTER, max_size=300) | FRAGMENTS)
def test_search_takes_anything_and_escapes_it(snapshot, text):
    results = search(snapshot, text)
    for hit in results.hits:
        assert only_marks(hit.snippet) and only_marks(hit.title_html)


REPORT_WORDS = ["人工智能", "的", "和", "智能", "ai-", "数据", "芯片", "OR", "-金融", "+专利",
                '"量子', "图表", "15", "第", "页", "zhi", "neng", "comput", "深圳", "美国"]
REPETITION = st.builds(lambda word, times, sep: sep.join([word] * times),
                       st.sampled_from(REPORT_WORDS), st.integers(1, 250),
                       st.sampled_from(["", " ", " OR ", "-"]))
MANY_TERMS = st.lists(st.sampled_from(REPORT_WORDS), min_size=1, max_size=80).map(" ".join)


@PROPERTY
@given(REPETITION | MANY_TERMS, st.sampled_from([10, 100]))
def test_repetition_and_many_terms_are_bounded(snapshot, text, per_page):
    """Whatever is repeated or piled up, a query has at most twelve concepts of at most
    six forms each (its cost is measured in bench.costs, not here), and answers sanely."""
    from search.query.concepts import MAX_CONCEPTS, MAX_FORMS
    from search.query.searching import understand

    understood = understand(snapshot, text)
    assert len(understood.concepts) <= MAX_CONCEPTS
    assert all(len(c.forms) <= MAX_FORMS for c in understood.concepts)
    assert len({c.label for c in understood.concepts}) == len(understood.concepts)
    results = search(snapshot, text, per_page=per_page)
    assert len(results.hits) == min(results.total, per_page)
    assert all(only_marks(hit.snippet) for hit in results.hits)


def test_ten_thousand_characters(snapshot):
    assert len(clean_query("智能" * 5000)) == MAX_QUERY_CHARS
    assert search(snapshot, "智能 " * 5000).total > 0


@pytest.fixture
def api(client, index_dir):
    return lambda query_string: client.get(f"/api/search?{query_string}")


@PROPERTY
@given(st.text(NO_SURROGATES, max_size=300) | FRAGMENTS)
def test_api_answers_anything_in_json(api, text):
    response = api(f"q={quote(text)}")
    assert response.status_code in (200, 400, 404)
    data = json.loads(response.content)
    if response.status_code != 200:
        assert data["error"]
        return
    assert data["query"] == clean_query(text)
    assert all(only_marks(r["snippet"]) for r in data["results"])


@PROPERTY
@given(st.text(NO_SURROGATES, max_size=200))
def test_search_page_escapes_what_it_echoes(client, index_dir, text):
    payload = f"{text}<x-evil a='1'>\"&"
    response = client.get(f"/search/?q={quote(payload)}")
    assert response.status_code in (200, 400, 404)
    page = response.content.decode()
    assert "<x-evil" not in page
    assert all(name in ALLOWED_TAGS for _, name in TAG.findall(page))


ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "script", "body", "a", "header",
                "form", "label", "input", "button", "span", "main", "h1", "h2", "h3", "p",
                "div", "aside", "section", "ul", "li", "nav", "ol", "mark", "strong", "footer",
                "br", "code", "table", "thead", "tbody", "tr", "th", "td", "!doctype"}


@PROPERTY
@given(st.text(NO_SURROGATES, min_size=1, max_size=80))
def test_unit_urls_take_anything(client, index_dir, unit_id):
    response = client.get(f"/{SLUG}/{quote(unit_id, safe='')}/")
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("raw", [
    "q=%ED%A0%80", "q=%FF%FE%FD", "q=%", "q=%zz", "q=%00", "q=%E2%80%AE%E2%80%8F%E6%99%BA",
    "q=%F0%9F%A4%96%F0%9F%A4%96", "q=" + "%E6%99%BA" * 3000, "q=a&q=b", "q[]=x", "=&&&",
    "kind=%FF", "region=%ED%A0%80",
])
def test_invalid_percent_encoding_and_odd_query_strings(client, index_dir, raw):
    for path in ("/api/search", "/search/", "/api/suggest", f"/{SLUG}/3.1.1.3/"):
        response = client.get(f"{path}?{raw}")
        assert response.status_code in (200, 400, 404), (path, raw, response.status_code)


@pytest.mark.parametrize("path", [
    f"/{SLUG}/%ED%A0%80/", f"/{SLUG}/%FF/", f"/{SLUG}/%00/", f"/{SLUG}/..%2F..%2Fmanage.py/",
    "/%FF/", f"/{SLUG}/3.1.1.3%00/", f"/{SLUG}/{'9' * 5000}/", "/static/..%2Fmanage.py",
])
def test_odd_paths_are_404(client, index_dir, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"execute_from_command_line" not in response.content  # no file was read


@pytest.mark.parametrize(("param", "value"), [
    ("page", "-1"), ("page", "abc"), ("page", "99999"), ("page", "2.5"), ("per_page", "0"),
    ("per_page", "100000"), ("kind", "chapter"), ("chapter", "99"), ("region", "Atlantis"),
    ("year", "1066"), ("sort", "popularity"), ("report", "../etc"),
])
def test_bad_parameters_are_clear_400s_in_the_api_and_a_notice_on_the_page(
        client, index_dir, param, value):
    api = client.get("/api/search", {"q": "智能", param: value})
    assert api.status_code == 400
    assert api.json()["error"].startswith(f"{param}: ")
    page = client.get("/search/", {"q": "智能", param: value})
    assert page.status_code == 200
    [notice] = texts(page.content.decode(), '//p[@class="notice ignored"]')
    assert f"{param}={value}" in notice


def test_echoed_errors_are_escaped_in_json_and_html(client, index_dir):
    evil = '<img src=x onerror=alert(1)>'
    api = client.get("/api/search", {"kind": evil})
    assert api.status_code == 400 and "<img" in api.json()["error"]  # JSON is data…
    assert api["Content-Type"] == "application/json"
    page = client.get("/search/", {"kind": evil}).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page  # …HTML is escaped


def test_too_many_parameters_is_a_400(client, index_dir):
    response = client.get("/search/?" + "&".join(f"k{i}=v" for i in range(150)))
    assert response.status_code == 400
