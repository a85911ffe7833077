"""Records: the report flattened for the index, and rebuilt from it unchanged."""

from __future__ import annotations

from search.records import rebuild_report, report_records


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
