"""Search: query language, ranking, facets, sorting and snippets on the real report."""

from __future__ import annotations

import pytest

from search.query.facets import Filters
from search.query.searching import QueryError, search
from search.query.syntax import clean_query, parse_query

SLUG = "ai-whitepaper-2023"


def ids(results):
    return [hit.id for hit in results.hits]


def real(**filters):
    """Filters on the real report (the session index also holds the tiny one)."""
    return Filters(report=(SLUG,), **filters)


# --------------------------------------------------------------------------- parsing


def test_words_phrases_exclusions_and_or():
    parsed = parse_query('智能 "数字 孪生" -金融 机器人 OR 无人机')
    assert [[(i.text, i.phrase) for i in g] for g in parsed.groups] == [
        [("智能", False)], [("数字 孪生", True)], [("机器人", False), ("无人机", False)]]
    assert [i.text for i in parsed.excluded] == ["金融"]


@pytest.mark.parametrize("raw", [
    '"', '"""', '(((', 'field:', '[1 TO', '~2', '^3', '*', '?', 'AND', 'OR', 'NOT', '-',
    '- OR -', '"unbalanced quote', '\x00\x01\x1f', '\u202e\u200f', '\ud800', '🤖' * 3,
])
def test_hostile_queries_never_raise(snapshot, raw):
    parsed = parse_query(raw)
    results = search(snapshot, raw)
    assert results.query == parsed.text == clean_query(raw)
    assert len(results.hits) == min(results.total, 10)
    for hit in results.hits:
        assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_long_queries_are_bounded():
    assert len(clean_query("人工智能" * 2000)) == 200
    assert parse_query("智能 " * 2000).groups.__len__() <= 12


def test_control_characters_are_cleaned():
    assert clean_query("量子\x00机器\u200b学习\n\t") == "量子机器学习"


# --------------------------------------------------------------------------- matching


def test_two_words_must_both_match(snapshot):
    results = search(snapshot, "无人驾驶 立法")
    assert ids(results)[0] == "6.3"
    assert not results.fallback
    for hit in results.hits:
        assert "无人驾驶" in hit.record.text + hit.title and "立法" in hit.record.text + hit.title


def test_most_of_the_words_when_nothing_has_every_word(snapshot):
    results = search(snapshot, "无人驾驶 立法 火星")
    assert results.fallback
    assert ids(results)[0] == "6.3"


def test_quoted_phrase_is_exact(snapshot):
    exact = search(snapshot, '"数字孪生工厂"')
    assert ids(exact) == ["5.1.2"]
    assert search(snapshot, '"工厂孪生"').total == 0


def test_quoted_phrase_across_words_jieba_splits_differently(snapshot):
    assert "1.3.1" in ids(search(snapshot, '"14 纳米制程"'))


def test_exclusion(snapshot):
    with_finance = search(snapshot, "智能客服", per_page=100)
    without = search(snapshot, "智能客服 -金融", per_page=100)
    assert "5.4.1" in ids(with_finance)
    assert "5.4.1" not in ids(without)


def test_or(snapshot):
    either = {h.id for h in search(snapshot, "柔性生产线 OR 智能照明", per_page=100).hits}
    assert {"5.1.2", "5.5.2"} <= either


def test_bigrams_find_substrings_jieba_glued(snapshot):
    assert "5.1.2" in ids(search(snapshot, "孪生"))


def test_one_character_query_finds_longer_words(snapshot):
    results = search(snapshot, "芯", per_page=100)
    assert {"1.3.1", "fig-3"} <= set(ids(results))


def test_traditional_characters(snapshot):
    assert ids(search(snapshot, "量子機器學習"))[0] == "7.2"
    assert ids(search(snapshot, "智能醫療"))[0] == "5.3"


def test_english_reaches_chinese_and_says_how(snapshot):
    results = search(snapshot, "computer vision")
    assert results.expanded == ("计算机视觉",)
    assert "计算机视觉" in results.hits[0].title
    assert "科大讯飞" in search(snapshot, "iFlytek").expanded


def test_english_still_matches_english_in_the_text(snapshot):
    assert ids(search(snapshot, "OpenAI"))[0] == "3.1.1.1"


def test_heading_match_outranks_passing_mentions(snapshot):
    assert ids(search(snapshot, "盈利困难"))[0] == "6.2"
    assert ids(search(snapshot, "量子机器学习"))[0] == "7.2"


def test_policy_ranks_by_its_name_table_by_its_title(snapshot):
    assert ids(search(snapshot, "人工智能路线图"))[0] == "fig-19-p9"
    assert ids(search(snapshot, "智算中心 算力"))[0] == "fig-50"


# --------------------------------------------------------------------------- facets


def facet(results, name):
    return {v.value: v.count for v in results.facets[name]}


def test_filters_without_a_query_list_everything_in_document_order(snapshot):
    results = search(snapshot, "", real(kind=("policy",)), per_page=100)
    assert results.total == 63
    assert ids(results)[:2] == ["fig-15-p1", "fig-15-p2"]
    assert all(hit.score is None for hit in results.hits)


def test_sort_by_date_newest_first(snapshot):
    results = search(snapshot, "", real(kind=("policy",)), sort="date", per_page=100)
    dates = [hit.record.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2023.02"


def test_facet_counts_on_the_whole_report(snapshot):
    kinds = facet(search(snapshot, "", real()), "kind")
    assert kinds == {"section": 107, "table": 22, "figure": 34, "policy": 63}
    # 美国: its section and 3 subsections, 3 charts, the policy table and 17 policies
    assert facet(search(snapshot, "", real()), "region")["美国"] == 4 + 3 + 1 + 17
    years = facet(search(snapshot, "", real(kind=("policy",))), "year")
    assert sum(years.values()) == 63
    assert list(years)[0] == "2023"
    assert search(snapshot, "", Filters(report=("tiny-report",))).total == 8 + 2 + 1 + 2


def test_values_of_one_facet_are_or_and_facets_are_and(snapshot):
    both = search(snapshot, "", real(region=("美国", "英国"), kind=("policy",)))
    assert both.total == 17 + 14
    assert {h.record.regions[0] for h in both.hits} <= {"美国", "英国"}


def test_counts_reflect_the_other_filters(snapshot):
    results = search(snapshot, "", real(kind=("policy",), region=("美国",)))
    assert results.total == 17
    # the region facet still counts every region's policies, so siblings stay visible
    regions = facet(results, "region")
    assert (regions["美国"], regions["英国"], regions["上海市"]) == (17, 14, 2)
    # the kind facet counts what 美国 holds
    assert facet(results, "kind")["section"] == 4
    assert all(v.selected for v in results.facets["kind"] if v.value == "policy")


def test_chapter_facet_values(snapshot):
    chapters = facet(search(snapshot, "人工智能"), "chapter")
    slug = "ai-whitepaper-2023"  # chapter values name their document: <slug>:<chapter>
    assert {f"{slug}:{c}" for c in ("front", "1", "7", "back")} <= set(chapters)


def test_bad_parameters_raise_query_error(snapshot):
    for kwargs in ({"sort": "random"}, {"page": 0}, {"per_page": 101},
                   {"filters": Filters(kind=("chapter",))}, {"filters": Filters(year=("1999",))}):
        with pytest.raises(QueryError):
            search(snapshot, "智能", **kwargs)


def test_pagination(snapshot):
    first = search(snapshot, "人工智能", per_page=5)
    second = search(snapshot, "人工智能", per_page=5, page=2)
    assert first.total == second.total > 10
    assert not set(ids(first)) & set(ids(second))
    assert first.pages == -(-first.total // 5)


# --------------------------------------------------------------------------- snippets


def test_snippet_marks_only_matched_words(snapshot):
    hit = search(snapshot, "柔性生产线").hits[0]
    assert "<mark>柔性</mark>" in hit.snippet or "<mark>柔性生产线</mark>" in hit.snippet
    assert "<mark>生产</mark>线" not in hit.snippet
    phrase = search(snapshot, '"数字孪生工厂"').hits[0].snippet
    assert "<mark>数字孪生工厂</mark>" in phrase
    assert "<mark>数字</mark>化" not in phrase  # no stray parts of the phrase


def test_snippet_is_about_150_characters(snapshot):
    import re

    hit = search(snapshot, "量子机器学习").hits[0]
    plain = re.sub(r"<[^>]+>", "", hit.snippet)
    assert 140 <= len(plain) <= 160


def test_snippet_escapes_the_text(snapshot):
    results = search(snapshot, "测试的小报告")
    [hit] = [h for h in results.hits if h.report == "tiny-report"]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in hit.snippet


def test_script_in_a_query_is_text(snapshot):
    results = search(snapshot, "<script>alert(1)</script>")
    assert all("<script>" not in h.snippet and "<script>" not in h.title_html
               for h in results.hits)


def test_heading_without_prose_shows_its_subsections(snapshot):
    hit = search(snapshot, "智能医疗").hits[0]
    assert hit.id == "5.3"
    assert "1.成熟场景" in hit.snippet


def test_filters_that_exclude_every_match_give_no_hits(snapshot):
    results = search(snapshot, "smart city", real(kind=("figure",)))
    assert (results.total, results.hits) == (0, ())


# --------------------------------------------------------------------------- how people ask


@pytest.mark.parametrize(("concepts", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3),
                                                  (6, 4), (10, 7)])
def test_minimum_share_of_the_words(concepts, needed):
    from search.query.matching import minimum_should_match

    assert minimum_should_match(concepts) == needed


def test_an_unspaced_question_finds_its_answer_with_the_answer_in_the_snippet(snapshot):
    results = search(snapshot, "美国的泛人工智能企业有多少家", real())
    assert ids(results)[0] == "3.1.1.1"
    assert "11689" in results.hits[0].snippet  # the sentence with the number asked for
    assert "多少" not in results.highlight.terms  # question words are not marked


def test_results_say_when_they_hold_only_some_of_the_words(snapshot):
    results = search(snapshot, "量子 机器学习 火星 殖民", real())
    assert results.partial and ids(results)[0] == "7.2"
    assert not search(snapshot, "量子 机器学习", real()).partial


def test_plus_makes_a_word_required(snapshot):
    loose = search(snapshot, "深圳 专利 医疗", real(), per_page=100)
    strict = search(snapshot, "深圳 +专利 医疗", real(), per_page=100)
    assert strict.total < loose.total
    assert all("专利" in h.record.text + h.record.title for h in strict.hits)


def test_a_place_in_a_question_keeps_to_that_place(snapshot):
    results = search(snapshot, "日本人工智能企业融资数量", real())
    assert results.hits and all("日本" in h.record.text + h.record.title + "".join(
        h.breadcrumbs) for h in results.hits)


def test_taiwan_vocabulary(snapshot):
    results = search(snapshot, "人工智慧晶片", real())
    assert "芯片" in results.expanded and "人工智能" in results.expanded
    assert results.total and "芯片" in results.hits[0].record.text + results.hits[0].title


def test_a_synonym_from_the_report_s_own_list(snapshot):
    results = search(snapshot, "堵车", real())
    assert ids(results)[0] == "5.2.1" and "拥堵" in results.expanded


def test_a_synonym_from_the_general_thesaurus(snapshot):
    results = search(snapshot, "電腦視覺", real())
    assert "计算机视觉" in results.hits[0].title + results.hits[0].record.text


def test_an_unknown_word_falls_back_softly(snapshot):
    results = search(snapshot, "制造商", real())
    assert results.total > 0 and "制造" in results.expanded


def test_a_homophone_typo_that_finds_nothing_is_searched_corrected(snapshot):
    results = search(snapshot, "深度学系", real())
    assert results.corrected == "深度学习"
    assert results.hits and "深度学习" in results.hits[0].record.text


def test_toneless_pinyin(snapshot):
    results = search(snapshot, "liangzi jisuan", real())
    assert results.corrected == "量子计算" and ids(results)[0] == "7.2"


def test_a_typo_that_finds_nothing_as_typed(snapshot):
    assert search(snapshot, "数据处里", real()).corrected == "数据处理"


def test_did_you_mean_when_the_query_finds_little(snapshot):
    results = search(snapshot, "深圳 自然语言 处里", real())
    assert 0 < results.total < 3 and not results.corrected
    assert results.correction == "深圳 自然语言 处理"


@pytest.mark.parametrize(("word", "where"), [
    ("robots", "5.6"), ("chips", "1.3.1"), ("hospitals", "5.3"), ("quantum", "7.2"),
    ("universities", "4"), ("data", "7.1"),
])
def test_single_english_words_and_inflections(snapshot, word, where):
    found = [h.id for h in search(snapshot, word, real(), per_page=10).hits]
    assert any(unit == where or unit.startswith(f"{where}.") for unit in found)


def test_typing_never_flashes_nothing_found(snapshot):
    for typed in ("comp", "comput", "computer vi", "computer vis"):
        assert search(snapshot, typed, real()).total > 0, typed


def test_a_chinese_reader_sees_chinese_with_the_english_line_that_matched(snapshot):
    """Issue 20: the Chinese interface shows the Chinese text, always; the English line
    an English query matched comes beneath it."""
    hit = search(snapshot, "computer vision talent", real()).hits[0]
    assert hit.language == "zh" and "<mark>计算机视觉</mark>" in hit.snippet
    assert "<mark>" in hit.snippet_en and not any("\u4e00" <= c <= "\u9fff"
                                                   for c in hit.snippet_en)
    assert hit.title == hit.record.title  # the Chinese API keeps Chinese titles


def test_english_readers_get_english_titles_and_snippets(snapshot):
    hit = search(snapshot, "量子机器学习", real(), english=True).hits[0]
    assert hit.id == "7.2" and hit.title_language == "en"
    assert hit.title == "Quantum Machine Learning Takes Machine Learning a Step Further"
    assert hit.breadcrumbs == ("AI Development Trends",)


# --------------------------------------------------------------------------- go to


@pytest.mark.parametrize(("q", "unit"), [
    ("图表 15", "fig-15"), ("图表15", "fig-15"), ("图15", "fig-15"), ("表 15", "fig-15"),
    ("Figure 15", "fig-15"), ("Table 15", "fig-15"), ("fig-15", "fig-15"),
    ("3.1.1.3", "3.1.1.3"), ("第三章", "3"), ("第3章", "3"), ("chapter 3", "3"),
    ("人工智能专项政策文件密集发布", "3.1.1.3"), ("《为人工智能的未来做好准备》", "fig-15-p1"),
])
def test_go_to_a_numbered_thing(snapshot, q, unit):
    results = search(snapshot, q, real())
    assert ids(results)[0] == unit
    assert results.hits[0].pinned and results.goto is not None


@pytest.mark.parametrize("q", ["第20页", "第 20 页", "p. 20", "page 20", "20页"])
def test_go_to_a_page_gives_the_sections_that_cover_it_narrowest_first(snapshot, q):
    results = search(snapshot, q, real())
    pinned = [h for h in results.hits if h.pinned]
    pages = [h.record.pages for h in pinned]
    assert pages and all(p is not None and p[0] <= 20 <= p[1] for p in pages)
    widths = [p[1] - p[0] for p in pages if p is not None]
    assert widths == sorted(widths)


def test_go_to_filters_still_apply(snapshot):
    assert search(snapshot, "图表 15", real(kind=("section",))).goto is None


def test_no_go_to_for_a_number_that_names_nothing(snapshot):
    assert search(snapshot, "图表 999", real()).goto is None
