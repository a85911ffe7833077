"""Pages through Django's test client: search (full page and htmx partial), browsing,
permalinks, citations, errors, both languages."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from tests.conftest import texts, xpath

SLUG = "ai-whitepaper-2023"


def html(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- search page


def test_home_with_several_documents_lists_them(get):
    """The session's index holds the white paper and the tiny report: a library (with
    the white paper alone the home page is its table of contents: test_library)."""
    response = get("/")
    assert response.status_code == 200
    page = html(response)
    assert texts(page, '//ul[@class="documents"]//h3') == ["2023 人工智能发展白皮书", "测试白皮书"]
    assert 'id="q"' in page and "autofocus" in page


def test_search_page_shows_highlighted_results(get):
    page = html(get("/search/?q=量子机器学习"))
    assert "<mark>量子机器学习</mark>" in page
    assert f'href="/{SLUG}/7.2/?q=%E9%87%8F%E5%AD%90%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0' \
           f'#first-match"' in page
    assert 'class="crumbs small"' in page


def test_htmx_request_gets_only_the_results_partial(get):
    response = get("/search/?q=量子机器学习", HX_Request="true")
    page = html(response)
    assert page.strip().startswith('<title>量子机器学习 · 白皮书搜索</title>\n<div id="results"')
    assert "<html" not in page and "<mark>量子机器学习</mark>" in page
    # the live region outside #results is updated in place (a replaced live region
    # is not announced), as is the language switch
    assert '<p id="live" hx-swap-oob="innerHTML">“量子机器学习”的搜索结果共 4 条</p>' in page
    assert 'id="language-switch"' in page
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(get):
    page = html(get("/search/?q=量子机器学习", HX_Request="true",
                    HX_History_Restore_Request="true"))
    assert page.lstrip().startswith("<!doctype html>")


def test_facets_with_counts_toggle_links_and_aria_current(get, client):
    page = html(get("/search/?q=政策&kind=policy"))
    facets = client.get("/api/search", {"q": "政策", "kind": "policy"}).json()["facets"]
    policies = next(v["count"] for v in facets["kind"] if v["value"] == "policy")
    us = next(v["count"] for v in facets["region"] if v["value"] == "美国")
    # the selected value links to the page without it, and says it is selected
    assertInHTML(f"""<a href="?q=%E6%94%BF%E7%AD%96" class="selected" aria-current="true">
        <span class="check" aria-hidden="true">☑</span><span class="label">政策</span>
        <span class="count">{policies}</span></a>""", page)
    # another value adds itself to the selection
    assertInHTML(f"""<a href="?q=%E6%94%BF%E7%AD%96&amp;kind=policy&amp;region=%E7%BE%8E%E5%9B%BD"
        class=""><span class="check" aria-hidden="true">☐</span><span class="label">美国</span>
        <span class="count">{us}</span></a>""", page)
    assertInHTML('<input type="hidden" name="kind" value="policy" form="search-form">', page)


def test_several_values_of_one_facet(get):
    page = html(get(f"/search/?kind=policy&region=美国&region=英国&report={SLUG}"))
    assert texts(page, '//*[@id="summary"]') == ["第 1–10 条，共 31 条"]
    # the live region, outside #results
    assert texts(page, '//p[@id="live"]') == ["第 1–10 条，共 31 条"]
    selected = texts(page, '//aside[@class="facets"]//a[@aria-current="true"]//*[@class="label"]')
    # the session's index holds two documents, so the document is a facet too
    assert selected == ["政策", "美国", "英国", "2023 人工智能发展白皮书"]
    carried = [(i.get("name"), i.get("value")) for i in xpath(page, '//input[@type="hidden"]')]
    assert carried == [("kind", "policy"), ("region", "美国"), ("region", "英国"),
                       ("report", SLUG), ("sort", "order")]


def test_sort_and_pagination_links(get):
    page = html(get("/search/?q=人工智能"))
    assert 'rel="next"' in page and "page=2" in page
    assert "sort=order" in page and "sort=date" in page
    second = html(get("/search/?q=人工智能&page=2"))
    assert 'rel="prev"' in second


def test_no_results_says_what_was_searched_and_offers_to_drop_a_filter(get):
    page = html(get("/en/search/?q=smart+city&kind=figure"))
    [block] = texts(page, '//div[@class="no-results"]')
    assert "“smart city”" in block and "with these filters." in block
    [summary] = texts(page, '//*[@id="summary"]')
    assert "智慧城市" in summary  # also searched
    [drop] = xpath(page, '//div[@class="no-results"]//a[@class="chip"]')
    assert (drop.get("href"), drop.text_content()) == ("?q=smart+city", "without Figure")


def test_english_expansion_is_shown(get):
    page = html(get("/en/search/?q=computer+vision"))
    assert "also searched" in page and "计算机视觉" in page


def test_fallback_is_explained(get):
    page = html(get("/en/search/?q=无人驾驶+立法+火星"))
    assert "No result contains every word; these contain most of them." in page


@pytest.mark.parametrize("query", ["page=abc", "page=0", "per_page=500", "kind=bogus",
                                   "sort=random", "region=火星"])
def test_bad_parameters_are_left_out_and_said(get, query):
    """The page leaves out what it cannot use, and says so (the API answers 400)."""
    response = get(f"/search/?q=智能&{query}")
    assert response.status_code == 200
    [notice] = texts(html(response), '//p[@class="notice ignored"]')
    assert query in notice
    assert get(f"/api/search?q=智能&{query}").status_code == 400


def test_page_past_the_end_is_404_with_a_link_to_the_last_page(get):
    response = get("/search/?q=量子机器学习&page=50")
    assert response.status_code == 404
    assert xpath(html(response), "//a[@data-last-page]/@href") == [
        "?q=%E9%87%8F%E5%AD%90%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0&page=1"]


def test_hostile_query_is_escaped_everywhere(get):
    q = '"><script>alert(1)</script>'
    page = html(get(f"/search/?q={q}"))
    assert "<script>alert(1)</script>" not in page
    assert "&quot;&gt;&lt;script&gt;" in page


# --------------------------------------------------------------------------- browsing


def test_report_table_of_contents_all_levels_with_counts(get, report):
    page = html(get(f"/{SLUG}/"))
    hrefs = xpath(page, f'//a[starts-with(@href, "/{SLUG}/")]/@href')
    linked = {href.split("/")[2] for href in hrefs}
    every_section = {s.id for s, _ in report.walk()}
    assert every_section <= linked and len(every_section) == 107
    assert "49 项政策" in page  # chapter 3 holds the 49 foreign policies


def test_section_page(get):
    page = html(get(f"/{SLUG}/3.1.1.3/"))
    assert texts(page, "//h1") == ["（3）人工智能专项政策文件密集发布 ¶永久链接"]
    assert xpath(page, '//h1/span[@lang="zh-Hans"]/text()') == ["人工智能专项政策文件密集发布"]
    crumbs = texts(page, '//nav[@class="crumbs"]//li')
    assert crumbs == ["2023 人工智能发展白皮书", "人工智能发展概况", "国外人工智能发展概况",
                      "美国人工智能发展概况"]
    assert "<table>" in page
    assert texts(page, '//figure[@id="fig-15"]/figcaption')[0].startswith(
        "图表 15：美国人工智能政策文件")
    assert 'id="fig-15-p3"' in page
    assert 'rel="prev" href="/ai-whitepaper-2023/3.1.1.2/"' in page
    assert 'rel="next" href="/ai-whitepaper-2023/3.1.2/"' in page
    assertInHTML('<h2 id="related-heading">相关章节</h2>', page)
    assert "第 20–25 页" in page


def test_figures_are_captions_with_unit_and_source(get):
    page = html(get(f"/{SLUG}/3.1.1.2/"))
    [caption] = texts(page, '//figure[@id="fig-13"]//span[@class="caption"]')
    assert caption == "图表 13：近年来美国泛人工智能企业融资数量变化"
    notes = texts(page, '//figure[@id="fig-13"]//span[@class="note" or @class="source"]')
    assert "单位：起" in notes and "来源：深圳市人工智能行业协会" in notes


def test_footnote_where_it_belongs(get):
    page = html(get(f"/{SLUG}/3.2.1.1/"))
    assert '<sup class="fn-ref"><a href="#fn-3.2.1.1-' in page
    assert "统计口径发生变化" in page


def test_bold_is_emphasis(get):
    page = html(get(f"/{SLUG}/4.3.2/"))
    assert "<strong>基础设施方面</strong>" in page and "**" not in page


def test_subsections_listed(get):
    page = html(get(f"/{SLUG}/5.3/"))
    for child in ("5.3.1", "5.3.2", "5.3.3"):
        assert f'href="/{SLUG}/{child}/"' in page


def test_q_highlights_the_text_and_anchors_the_first_match(get):
    page = html(get(f"/{SLUG}/5.1.2/?q=孪生"))
    assert '<mark id="first-match">孪生</mark>' in page
    assert '<mark id="m-2">孪生</mark>' in page and '<mark id="m-3">孪生</mark>' in page


def test_table_and_policy_have_their_own_pages(get):
    table = html(get(f"/{SLUG}/fig-15/"))
    assert "图表 15：美国人工智能政策文件" in table and f'href="/{SLUG}/3.1.1.3/#fig-15"' in table
    policy = html(get(f"/{SLUG}/fig-15-p3/"))
    assert "《2018年国防部人工智能战略概要：利用人工智能促进安全与繁荣》" in policy
    assert "2019.02" in policy and "美国" in policy
    assert f'href="/{SLUG}/3.1.1.3/#fig-15-p3"' in policy


def test_policies_page_lists_all_63_by_region(get):
    page = html(get(f"/{SLUG}/policies/"))
    rows = xpath(page, '//section[@class="region"]//tbody/tr')
    assert len(rows) == 63
    assert texts(page, '//section[@class="region"]/h2')[:4] == [
        "美国 17", "英国 14", "日本 13", "印度 5"]  # in the report's order
    for region in ("上海市", "北京", "河北"):
        assert any(h.startswith(region) for h in texts(page, '//section[@class="region"]/h2'))
    us = texts(page, '//section[@class="region"][1]//tbody/tr/td[2]')
    # newest first
    assert us.index("《人工智能风险管理框架》") < us.index("《为人工智能的未来做好准备》")


@pytest.mark.parametrize("url", [
    f"/{SLUG}/9.9.9/", f"/{SLUG}/fig-99/", f"/{SLUG}/fig-15-p99/", "/no-such-report/",
    "/no-such-report/1/", f"/{SLUG}/..%2F..%2Fetc/",
])
def test_unknown_ids_are_a_helpful_404(get, url):
    response = get(url)
    assert response.status_code == 404
    page = html(response)
    assert 'role="search"' in page
    # examples of permalinks that exist, from the corpus: a section, a table, a policy
    examples = xpath(page, '//section[@class="error-page"]//p//a/@href')
    assert examples == [f"/{SLUG}/3.1.1.1/", f"/{SLUG}/fig-3/", f"/{SLUG}/fig-15-p1/"]


# --------------------------------------------------------------------------- cite


def test_every_unit_page_has_a_permalink_and_citations(get):
    today = timezone.localdate().isoformat()
    for unit, title, pages in (
            ("3.1.1.3", "人工智能专项政策文件密集发布", "20-25"),
            ("fig-15", "美国人工智能政策文件", "20-25"),
            ("fig-15-p3", "美国人工智能政策文件", "20-25"),  # an entry of its table
            ("legal.1", "版权声明", "108")):
        page = html(get(f"/{SLUG}/{unit}/"))
        assert f'value="http://testserver/{SLUG}/{unit}/"' in page
        assert (f"深圳市人工智能行业协会. {title}[R/OL]//深圳市人工智能行业协会. "
                f"2023 人工智能发展白皮书. 深圳: 深圳市人工智能行业协会, 2023: {pages}"
                f"[{today}]. http://testserver/{SLUG}/{unit}/.") in page
        assert f"@inbook{{ai-whitepaper-2023:{unit}," in page and "APA 7" in page
        assert xpath(page, "//a[@data-export]/@href") == [
            f"/{SLUG}/{unit}/cite.{kind}" for kind in ("ris", "bib", "json")]


def test_headings_have_pilcrow_anchors(get):
    page = html(get(f"/{SLUG}/3.1.1.3/"))
    assert 'class="anchor"' in page and "¶" in page


# --------------------------------------------------------------------------- languages


def test_chinese_is_the_default(get):
    page = html(get("/"))
    assert '<html lang="zh-Hans">' in page and "白皮书搜索" in page


def test_english_interface_with_english_titles(get):
    page = html(get(f"/en/{SLUG}/3.1.1.3/"))
    assert '<html lang="en">' in page and "Whitepaper Search" in page
    assert "A Wave of Dedicated AI Policy Documents" in page
    assert "US AI Policy Documents" in page
    assert "Overview of AI Development" in page  # a breadcrumb's English title


def test_the_language_is_the_url_not_a_header_or_cookie(client, index_dir):
    chinese = client.get(f"/{SLUG}/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en")
    assert "白皮书搜索" in chinese.content.decode() and chinese["Content-Language"] == "zh-hans"
    assert "Accept-Language" not in chinese.get("Vary", "")
    english = client.get(f"/en/{SLUG}/")
    assert "Whitepaper Search" in english.content.decode() and english["Content-Language"] == "en"


def test_language_switch_links_to_the_same_page_with_its_query(get):
    page = html(get("/search/?q=芯片&kind=table"))
    assertInHTML('''<a href="/en/search/?q=%E8%8A%AF%E7%89%87&amp;kind=table" hreflang="en"
        lang="en">English</a>''', page)
    assertInHTML('<span aria-current="true" class="current" lang="zh-Hans">简体中文</span>', page)
    english = html(get("/en/search/?q=芯片&kind=table"))
    assertInHTML('''<a href="/search/?q=%E8%8A%AF%E7%89%87&amp;kind=table" hreflang="zh-Hans"
        lang="zh-Hans">简体中文</a>''', english)
    alternates = xpath(english, '//link[@rel="alternate"]')
    assert {(a.get("hreflang"), a.get("href")) for a in alternates} == {
        ("zh-Hans", "http://testserver/search/?q=%E8%8A%AF%E7%89%87&kind=table"),
        ("en", "http://testserver/en/search/?q=%E8%8A%AF%E7%89%87&kind=table")}


def test_an_htmx_update_brings_the_language_switch_up_to_date(get):
    page = html(get("/search/?q=芯片", HX_Request="true"))
    [switch] = xpath(page, '//nav[@id="language-switch"]')
    assert switch.get("hx-swap-oob") == "true"
    links = xpath(page, '//nav[@id="language-switch"]//a/@href')
    assert links == ["/en/search/?q=%E8%8A%AF%E7%89%87"]


def test_every_heading_table_and_figure_has_an_english_title(snapshot, report):
    units = [s.id for s, _ in report.walk()] + [t.id for t in report.tables()]
    units += [f.id for f in report.figures()] + [p.id for p in report.policies()]
    assert [u for u in units if not snapshot.english_title(SLUG, u)] == []
    assert snapshot.english_title(SLUG, "fig-15-p1") == "Preparing for the Future of " \
        "Artificial Intelligence"


# --------------------------------------------------------------------------- web conventions


def test_opensearch_description_and_autodiscovery(get):
    response = get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    body = html(response)
    assert 'template="http://testserver/search/?q={searchTerms}"' in body
    assert "application/x-suggestions+json" in body
    assert 'rel="search" type="application/opensearchdescription+xml"' in html(get("/"))


def test_suggestions(get):
    query, found, descriptions = get("/api/suggest?q=量子").json()
    assert query == "量子" and "量子机器学习" in found and "量子" not in found
    assert descriptions[found.index("量子机器学习")] == "术语"
    _query, _found, english = get("/en/api/suggest?q=量子").json()
    assert english[found.index("量子机器学习")] == "quantum machine learning"
    assert get("/api/suggest?q=").json() == ["", [], []]


def test_no_inline_scripts_and_htmx_from_the_package(get):
    page = html(get("/search/?q=AI"))
    sources = xpath(page, "//script/@src")
    assert len(sources) == len(xpath(page, "//script")) == 2  # no inline script at all
    assert [src for src in sources if "django_htmx/htmx" in src]
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_static_files_are_served(get):
    for path in ("/static/site.css", "/static/django_htmx/htmx-2.min.js"):
        response = get(path)
        assert response.status_code == 200
        response.close()  # whitenoise streams the file


def test_landmarks_and_labels(get):
    page = html(get("/search/?q=AI"))
    for landmark in ("<header", "<main", "<footer", 'role="search"', "<nav", "<aside"):
        assert landmark in page
    assert xpath(page, '//label[@for="q"]') and xpath(page, '//input[@id="q"][@role="combobox"]')
    # every landmark of one kind has its own name (axe: landmark-unique)
    navs = xpath(page, "//nav/@aria-label")
    assert len(navs) == len(set(navs)) == len(xpath(page, "//nav"))


# --------------------------------------------------------------------------- how people ask


def test_a_numbered_thing_offers_to_go_straight_there(get):
    page = html(get("/search/?q=图表50"))
    [link] = xpath(page, '//p[contains(@class, "goto")]/a')
    assert link.get("href") == f"/{SLUG}/fig-50/"
    assert "长三角、珠三角、京津冀智算中心建设情况" in link.text_content()


def test_a_query_found_only_corrected_says_so(get):
    page = html(get("/search/?q=数据处里"))
    assert "没有与“数据处里”匹配的内容；以下是“数据处理”的搜索结果。" in page


def test_did_you_mean_links_to_the_corrected_query(get):
    page = html(get("/en/search/?q=深圳+自然语言+处里"))
    [link] = xpath(page, '//p[@class="notice" and contains(., "Did you mean")]/a')
    assert link.get("href") == "?" + urlencode({"q": "深圳 自然语言 处理"})
    assert link.text_content() == "深圳 自然语言 处理"


# --------------------------------------------------------------------------- kept markup


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_kept_markup_is_the_same_whatever_the_request(get, prefix):
    """A page's head, brand and footer are rendered once per language and build
    (``{% kept %}``): what they hold never depends on the request that rendered them
    first."""
    from search.web.templatetags import search_tags

    pages = [f"{prefix}/search/?q=%E8%8A%AF%E7%89%87&kind=section",
             f"{prefix}/{SLUG}/3.1/?q=quantum", f"{prefix}/{SLUG}/policies/",
             f"{prefix}/search/?q=%3Cscript%3E", f"{prefix}/no-such-page/"]
    rendered = []
    for path in pages:
        search_tags._kept.clear()
        response = get(path)
        assert response.status_code in (200, 404)
        fragments = dict(search_tags._kept)
        assert {key[0] for key in fragments} >= {"head", "brand", "footer"}
        assert all(str(markup) in html(response) for markup in fragments.values())
        rendered.append(fragments)
    first = rendered[0]
    for other in rendered[1:]:
        assert other == first
