"""What a query asks *for* (issue 20): places, times, kinds and comparisons become
structure; the figure that answers is marked; what the report doesn't cover is said. On
the real report (the session's index), with queries of our own."""

from __future__ import annotations

import pytest

from search.engine.snapshot import open_snapshot
from search.engine.writer import build_index
from search.query.answers import Asked, figure, fit, read_asked
from search.query.prepared import prepared
from search.query.searching import search, understand
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def report_alone(tmp_path_factory):
    """The white paper alone (dated 2023): relative years are relative to it."""
    index = tmp_path_factory.mktemp("alone") / "index"
    build_index(CORPUS, index)
    return open_snapshot(index)


def intents(snapshot, q) -> dict[str, tuple[str, ...]]:
    return {i.facet: i.values for i in understand(snapshot, q).intents}


# --------------------------------------------------------------------------- understood


@pytest.mark.parametrize(("q", "region"), [
    ("上海的人工智能规划", ("上海市",)),  # the name a region is known by
    ("江苏 政策", ("江苏省",)),
    ("Shanghai AI plans", ("上海市",)),  # English, through the glossary's places
    ("英国政府的人工智能战略", ("英国",)),  # inside a word jieba keeps whole
    ("杭州 行动计划", ("浙江省",)),  # a city, under the region its policies are filed
])
def test_places_are_the_corpus_regions(snapshot, q, region):
    assert intents(snapshot, q)["region"] == region


def test_a_cluster_takes_its_members(snapshot):
    assert set(intents(snapshot, "京津冀 产业政策")["region"]) == {"京津冀", "北京", "天津",
                                                                 "河北"}


@pytest.mark.parametrize(("q", "years"), [
    ("2019年的人工智能政策", ("2019",)),
    ("2021年以来日本的人工智能政策", ("2021", "2022", "2023")),
    ("policies since 2022", ("2022", "2023")),
    ("2016—2017 年的政策", ("2016", "2017")),
    ("近两年的人工智能政策", ("2022", "2023")),  # relative to the newest document (2023)
    ("去年出台的人工智能政策", ("2022",)),
])
def test_times_are_the_corpus_years(report_alone, q, years):
    assert intents(report_alone, q)["year"] == years


@pytest.mark.parametrize(("q", "kind"), [
    ("美国的人工智能政策", ("policy",)),
    ("人工智能发展规划", ("policy",)),  # a word ending in a kind of policy
    ("UK AI strategy", ("policy",)),
    ("深圳人工智能企业 图表", ("table",)),
])
def test_kinds(snapshot, q, kind):
    assert intents(snapshot, q)["kind"] == kind


def test_a_plain_question_asks_for_no_structure(snapshot):
    assert intents(snapshot, "量子机器学习的优势") == {}


def test_comparisons_name_both_sides(snapshot):
    found = understand(snapshot, "英国与印度的人工智能企业数量对比").comparison
    assert found is not None and found.sides == ("英国", "印度")
    assert understand(snapshot, "英国的人工智能企业数量").comparison is None


def test_words_about_the_report_itself_are_no_words_to_match(snapshot):
    labels = [c.label for c in understand(snapshot, "本报告收录的人工智能指南").concepts]
    assert "报告" not in labels and "收录" not in labels and "指南" in labels


# --------------------------------------------------------------------------- applied


def test_policies_with_a_place_and_a_time_are_filters_and_come_first(snapshot):
    results = search(snapshot, "2019年英国出台的人工智能政策")
    rows = [h for h in results.hits if h.kind == "policy"]
    assert rows and all(h.record.regions[0] == "英国" and h.record.year == "2019"
                        for h in rows)
    assert results.total == len(rows)  # every one of them, nothing else
    assert {(a.facet, a.filter) for a in results.understood} >= {("region", True),
                                                                  ("year", True)}


def test_a_place_alone_keeps_sections_of_that_place_after_its_policies(snapshot):
    results = search(snapshot, "日本 人工智能政策", per_page=30)
    kinds = [h.kind for h in results.hits]
    assert kinds[0] == "policy" and "section" in kinds
    assert kinds.index("section") > max(i for i, k in enumerate(kinds) if k == "policy")
    assert all("日本" in h.record.regions for h in results.hits)


def test_taking_an_intent_away_searches_the_words_again(snapshot):
    applied = search(snapshot, "2019年英国出台的人工智能政策")
    ignored = search(snapshot, "2019年英国出台的人工智能政策",
                     ignore=frozenset({"region", "year", "kind"}))
    assert not ignored.understood
    assert ignored.total != applied.total


def test_a_kind_alone_is_a_tier_not_a_filter(snapshot):
    results = search(snapshot, "人工智能 行动计划", per_page=20)
    assert results.hits[0].kind == "policy"
    assert any(h.kind != "policy" for h in results.hits)
    assert [a.filter for a in results.understood] == [False]


def test_a_title_typed_exactly_is_not_taken_apart(snapshot):
    results = search(snapshot, "美国人工智能政策文件")
    assert results.goto is not None and not results.understood


def test_both_sides_of_a_comparison_are_in_the_first_five(snapshot):
    results = search(snapshot, "印度和日本的泛人工智能企业数量比较")
    regions = {r for h in results.hits[:5] for r in h.record.regions}
    assert {"印度", "日本"} <= regions


def test_a_passage_about_a_sibling_place_answers_another_question(snapshot):
    results = search(snapshot, "英国 人工智能 融资", per_page=50)
    assert results.hits
    assert not any({"美国", "日本", "印度"} & set(h.record.regions) for h in results.hits)


# --------------------------------------------------------------------------- answers


def test_what_a_question_counts_is_read_off_it():
    assert read_asked("深圳有多少家人工智能企业", ("家",), ()).totals is None
    assert read_asked("截至2022年累计申请了多少件", ("件",), ("2022",)).totals is True
    assert read_asked("2022年新成立多少家", ("家",), ("2022",)).totals is False


def test_the_figure_is_the_number_that_counts_what_was_asked():
    asked = Asked(("家",), None)
    sentence = "2021 年，该市新增企业 320 家，同比增长 12.5%。"
    start, end = figure(sentence, asked) or (0, 0)
    assert sentence[start:end] == "320 家"
    assert figure("in 2021, it reached 416, a record", Asked(("round",)), loose=True)
    english = "UK AI-related fields completed 320 financing rounds, down 23.1%"
    start, end = figure(english, Asked(("round",))) or (0, 0)
    assert english[start:end] == "320 financing rounds"


def test_a_year_specific_question_prefers_that_years_figure_to_a_total():
    asked = Asked(("家",), False, ("2022",))
    total = "截至 2022 年底，共有企业 1766 家。"
    that_year = "2022 年，新成立的企业仅 45 家。"
    assert fit(that_year, asked) > fit(total, asked)
    assert fit(total, Asked(("家",), True, ("2022",))) > fit(that_year,
                                                              Asked(("家",), True, ("2022",)))


def test_the_answer_is_marked_in_the_snippet(snapshot):
    hit = search(snapshot, "2022年日本新成立了多少家泛人工智能企业").hits[0]
    assert hit.id == "3.1.3.1"
    assert '<mark class="answer">' in hit.snippet


def test_a_number_question_is_answered_by_a_passage_before_a_chart(snapshot):
    results = search(snapshot, "英国人工智能领域融资数量是多少起")
    assert results.hits[0].record.text


# --------------------------------------------------------------------------- languages


def test_the_chinese_interface_shows_chinese_snippets_for_any_query(snapshot):
    for q in ("2022年 AI 芯片", "L4 自动驾驶", "quantum computing"):
        for hit in search(snapshot, q).hits:
            assert hit.language == "zh"
            assert not hit.snippet or any("\u4e00" <= c <= "\u9fff" for c in hit.snippet)


def test_the_english_interface_shows_english_snippets(snapshot):
    hits = search(snapshot, "量子机器学习", english=True).hits
    assert hits and all(h.language == "en" for h in hits if h.record.title_en)


# --------------------------------------------------------------------------- missing


@pytest.mark.parametrize(("q", "said"), [
    ("核聚变的发展前景", "核聚变"),
    ("光刻机的国产化", "光刻机"),
    ("Tesla Autopilot", "Tesla"),  # autopilot is 自动驾驶, which the report has
])
def test_what_the_report_does_not_cover_is_said(snapshot, q, said):
    results = search(snapshot, q)
    assert said in results.missing
    assert results.partial or results.total == 0


def test_a_single_character_of_a_missing_word_finds_nothing_by_itself(snapshot):
    results = search(snapshot, "比特币")
    assert results.missing == ("比特币",) and results.total == 0
    assert search(snapshot, "比特币挖矿").missing == ("比特币", "挖矿")


@pytest.mark.parametrize("q", ["深圳的人工智能企业数量", "how many patents did China file",
                               "计算机视觉人才需求", "人工智能芯片的国产化"])
def test_answerable_queries_say_nothing_is_missing(snapshot, q):
    assert search(snapshot, q).missing == ()


def test_the_tables_of_a_snapshot_are_read_once(report_alone):
    tables = prepared(report_alone).resources.intents
    assert tables.now == 2023 and 2016 in tables.years
    assert tables.siblings["美国"] == ("印度", "日本", "英国")


# --------------------------------------------------------------------------- on the page


def test_the_page_says_what_was_understood_and_each_chip_takes_it_away(client, index_dir):
    from tests.conftest import xpath

    page = client.get("/search/", {"q": "2019年英国出台的人工智能政策"}).content.decode()
    chips = xpath(page, '//p[@class="understood"]/a')
    assert [c.text_content().replace("✕", "").strip() for c in chips] == ["政策", "英国",
                                                                          "2019年"]
    without_year = chips[2].get("href")
    assert "ignore=year" in without_year
    again = client.get("/search/" + without_year).content.decode()  # no script needed
    assert [c.text_content().replace("✕", "").strip()
            for c in xpath(again, '//p[@class="understood"]/a')] == ["政策", "英国"]
    # what the query asked for is no filter the reader chose: no "remove filter" chips
    assert not xpath(page, '//p[@class="active-filters"]')


def test_the_api_says_what_was_understood(client, index_dir):
    found = client.get("/api/search", {"q": "2019年英国出台的人工智能政策"}).json()
    assert {(u["facet"], u["applied"]) for u in found["understood"]} == {
        ("kind", "boost"), ("region", "filter"), ("year", "filter")}
    assert all(r["kind"] == "policy" for r in found["results"])


def test_the_page_says_what_the_report_does_not_cover(client, index_dir):
    from tests.conftest import xpath

    page = client.get("/search/", {"q": "比特币挖矿 人工智能"}).content.decode()
    notice = xpath(page, '//p[contains(@class, "missing")]')[0].text_content()
    # the session's index holds the report and a tiny one: "in no document"
    assert notice.startswith("所有文档均未提及") and notice.endswith("比特币、挖矿")
    assert xpath(page, '//li[contains(@class, "hit")]')  # what there is about the rest
    english = client.get("/en/search/", {"q": "bitcoin mining"}).content.decode()
    assert "In no document" in english and "bitcoin" in english
    nothing = client.get("/search/", {"q": "比特币挖矿"}).content.decode()
    assert not xpath(nothing, '//p[contains(@class, "missing")]')  # "nothing matches" says it
    assert xpath(nothing, '//div[@class="no-results"]')
    assert client.get("/api/search", {"q": "比特币"}).json()["missing"] == ["比特币"]


def test_a_question_with_a_figure_opens_with_an_answer_card(client, index_dir):
    from tests.conftest import xpath

    page = client.get("/search/", {"q": "2022年日本新成立了多少家泛人工智能企业"})
    card = xpath(page.content.decode(), '//aside[@class="answer-card"]')[0]
    figure = card.xpath('.//p[@class="answer-figure"]')[0].text_content()
    assert figure.endswith("家") and any(c.isdigit() for c in figure)
    links = [a.get("href") for a in card.xpath('.//a')]
    assert links[0].startswith("/ai-whitepaper-2023/3.1.3.1/#p-3.1.3.1-")
    assert links[1].startswith("/ai-whitepaper-2023/3.1.3.1/cite/?paragraph=p-")
    found = client.get("/api/search", {"q": "2022年日本新成立了多少家泛人工智能企业"}).json()
    assert found["answer"]["figure"] == figure


def test_no_answer_card_without_a_figure_asked_for(client, index_dir):
    from tests.conftest import xpath

    page = client.get("/search/", {"q": "量子机器学习"}).content.decode()
    assert not xpath(page, '//aside[@class="answer-card"]')
    assert client.get("/api/search", {"q": "量子机器学习"}).json()["answer"] is None
