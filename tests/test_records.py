"""Records: the report flattened for the index, and rebuilt from it unchanged."""

from __future__ import annotations

from pathlib import Path

from search.engine.records import rebuild_report, report_records

PIPL = (Path(__file__).resolve().parent / "fixtures" / "laws"
        / "personal-information-protection-law-2021.md")


def test_one_record_per_section_table_figure_and_policy(report):
    records = report_records(report)
    kinds = [r.kind for r in records]
    assert (kinds.count("section"), kinds.count("table"), kinds.count("figure"),
            kinds.count("policy")) == (107, 22, 34, 63)
    assert [r.order for r in records] == list(range(len(records)))


def test_records_rebuild_the_same_report(report, tiny):
    for parsed in (report, tiny):
        assert rebuild_report(parsed.meta, report_records(parsed)) == parsed


def test_breadcrumbs_are_ancestor_titles_outermost_first(report):
    by_id = {r.id: r for r in report_records(report)}
    assert [t for _, t in by_id["3.1.1.3"].breadcrumbs] == [
        "人工智能发展概况", "国外人工智能发展概况", "美国人工智能发展概况"]
    assert [t for _, t in by_id["fig-15-p3"].breadcrumbs] == [
        "人工智能发展概况", "国外人工智能发展概况", "美国人工智能发展概况",
        "人工智能专项政策文件密集发布", "美国人工智能政策文件"]
    assert by_id["preface"].breadcrumbs == ()


def test_facet_fields(report):
    by_id = {r.id: r for r in report_records(report)}
    assert (by_id["fig-51-p1"].chapter, by_id["fig-51-p1"].regions, by_id["fig-51-p1"].year) \
        == ("4", ("上海市", "长三角"), "2022")
    assert by_id["fig-15-p1"].regions == ("美国",)
    assert by_id["preface"].chapter == "front" and by_id["legal.1"].chapter == "back"
    assert by_id["3.2.2.3"].regions == ("深圳",)


def test_section_text_holds_paragraphs_and_footnotes(report):
    by_id = {r.id: r for r in report_records(report)}
    assert "1565 亿元¹" in by_id["3.2.1.1"].text
    assert "统计口径发生变化" in by_id["3.2.1.1"].text
    assert "科大讯飞" in by_id["fig-4"].text


# --------------------------------------------------------------------------- a law's articles


def law_report():
    from search.document.model import ReportMeta
    from search.document.outline import parse_outline

    meta = ReportMeta(slug="pipl", title="中华人民共和国个人信息保护法", publisher="全国人大常委会",
                      date="2021-08-20", language="zh", preset="law", kind="law")
    return parse_outline(PIPL.read_text(encoding="utf-8"), meta, str(PIPL))


def test_an_article_is_a_record_of_its_own_kind_titled_by_its_number():
    by_id = {r.id: r for r in report_records(law_report())}
    article = by_id["art-21"]
    assert (article.kind, article.title, article.number, article.heading) == (
        "article", "第二十一条", "第二十一条", "第二十一条")
    assert article.text.startswith("个人信息处理者委托处理个人信息的，")
    assert article.breadcrumbs == (("2", "个人信息处理规则"), ("2.1", "一般规定"))
    assert (article.chapter, by_id["2.1"].chapter, by_id["front"].chapter) == ("2", "2", "front")
    assert (by_id["2.1"].kind, by_id["2.1"].heading) == ("section", "第一节 一般规定")


def test_records_rebuild_the_same_law():
    law = law_report()
    assert rebuild_report(law.meta, report_records(law)) == law


def test_the_white_paper_has_no_articles(report):
    assert "article" not in {r.kind for r in report_records(report)}
    assert "articles" not in report.counts()
