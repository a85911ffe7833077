"""GET /api/search: the JSON contract of DESIGN.md, and clear errors for bad parameters."""

from __future__ import annotations

import pytest
from django.test import override_settings

SLUG = "ai-whitepaper-2023"


@pytest.fixture
def api(client, index_dir):
    def get(**params):
        params.setdefault("report", SLUG)
        return client.get("/api/search", params)

    return get


def test_contract_shape(api):
    response = api(q="人工智能专项政策文件密集发布")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert {"query", "expanded", "total", "page", "per_page", "results", "facets"} <= set(data)
    assert data["query"] == "人工智能专项政策文件密集发布"
    assert (data["page"], data["per_page"]) == (1, 10)
    first = data["results"][0]
    assert first == first | {
        "id": "3.1.1.3", "kind": "section", "title": "人工智能专项政策文件密集发布",
        "breadcrumbs": ["人工智能发展概况", "国外人工智能发展概况", "美国人工智能发展概况"],
        "url": "/ai-whitepaper-2023/3.1.1.3/",
    }
    assert "<mark>" in first["snippet"] and isinstance(first["score"], float)
    assert set(data["facets"]) >= {"kind", "chapter", "region", "year"}
    for values in data["facets"].values():
        assert all(set(v) == {"value", "label", "count"} for v in values)


def test_expanded_lists_what_english_added(api):
    data = api(q="smart city").json()
    assert data["expanded"] == ["智慧城市"]
    assert data["results"][0]["id"] == "5.5"


def test_repeatable_facets_and_counts(api):
    data = api(kind=["policy"], region=["美国", "英国"], per_page=100).json()
    assert data["total"] == 31
    kinds = {v["value"]: v["count"] for v in data["facets"]["kind"]}
    assert kinds["policy"] == 31


def test_facet_labels_follow_the_language(client, index_dir):
    en = client.get("/en/api/search", {"report": SLUG}).json()
    zh = client.get("/api/search", {"report": SLUG}).json()
    label = {v["value"]: v["label"] for v in en["facets"]["kind"]}
    assert label["policy"] == "Policy"
    assert {v["value"]: v["label"] for v in zh["facets"]["kind"]}["policy"] == "政策"
    chapter = {v["value"]: v["label"] for v in en["facets"]["chapter"]}
    assert chapter[f"{SLUG}:3"] == "3. Overview of AI Development"
    assert {v["value"]: v["label"] for v in zh["facets"]["chapter"]}[f"{SLUG}:3"] == \
        "三、人工智能发展概况"
    region = {v["value"]: v["label"] for v in en["facets"]["region"]}
    assert region["美国"] == "United States (美国)"
    assert {v["value"]: v["label"] for v in zh["facets"]["region"]}["美国"] == "美国"


@pytest.mark.parametrize(("params", "fragment"), [
    ({"page": "-1"}, "page"), ({"page": "abc"}, "page"), ({"page": "2.5"}, "page"),
    ({"per_page": "0"}, "per_page"), ({"per_page": "100000"}, "per_page"),
    ({"kind": "chapter"}, "kind"), ({"chapter": "9"}, "chapter"), ({"region": "火星"}, "region"),
    ({"year": "1999"}, "year"), ({"sort": "random"}, "sort"), ({"report": "nope"}, "report"),
])
def test_bad_parameters_are_400_with_a_message(api, params, fragment):
    response = api(q="智能", **params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{fragment}: ")


def test_page_past_the_end_is_404(api):
    response = api(q="量子机器学习", page="500")
    assert response.status_code == 404
    assert "past the last page" in response.json()["error"]


def test_no_results_is_200(api):
    data = api(q="火星移民").json()
    assert (data["total"], data["results"]) == (0, [])


def test_hostile_query_is_escaped_in_json(client, index_dir):
    data = client.get("/api/search", {"q": '<script>alert("x")</script>'}).json()
    assert data["results"]
    assert all("<script" not in r["snippet"] for r in data["results"])
    assert any("&lt;<mark>script</mark>&gt;" in r["snippet"] for r in data["results"])


def test_missing_index_is_503(client, tmp_path):
    with override_settings(SEARCH_INDEX_DIR=tmp_path / "none"):
        response = client.get("/api/search", {"q": "智能"})
    assert response.status_code == 503
    assert "build_index" in response.json()["error"]


def test_post_is_not_allowed(client, index_dir):
    assert client.post("/api/search").status_code == 405


# --------------------------------------------------------------------------- errors in JSON


@pytest.mark.parametrize("path", ["/api/nope", "/api/", "/api", "/en/api/nope",
                                  "/api/search/", "/api/nope/deeper"])
def test_an_unknown_api_path_is_a_json_404(client, index_dir, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


@pytest.mark.parametrize("method", ["options", "put", "delete", "patch", "trace"])
def test_other_methods_are_a_json_405_or_403(index_dir, method):
    from django.test import Client

    response = getattr(Client(), method)("/api/search?q=AI")
    assert response["Content-Type"] == "application/json"
    assert response.status_code in (403, 405)  # unsafe methods meet the CSRF check first
    if method == "options":
        assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_too_many_parameters_under_the_api_is_a_json_400(client, index_dir):
    response = client.get("/api/search?" + "&".join(f"k{i}=v" for i in range(150)))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "too many parameters" in response.json()["error"]
