"""The parser: a parse of the real report that loses nothing and invents nothing."""

from __future__ import annotations

from collections import Counter

import pytest

from search.document.model import CorpusError, decode_text
from search.document.parser import parse_report


def sections(report):
    return {section.id: section for section, _ in report.walk()}


def units(report):
    found = {s.id: s for s in sections(report).values()}
    found.update({t.id: t for t in report.tables()})
    found.update({f.id: f for f in report.figures()})
    found.update({p.id: p for p in report.policies()})
    return found


def all_text(report):
    for section, _ in report.walk():
        for paragraph in section.paragraphs:
            yield paragraph.text
            yield from (f.text for f in paragraph.footnotes)
    for table in report.tables():
        yield from table.header
        for row in table.rows:
            yield from row


# --------------------------------------------------------------------------- counts


def test_seven_chapters_and_94_numbered_sections_below_them(report):
    counts = report.counts()
    assert counts["chapters"] == 7
    assert (counts["sections_level2"], counts["sections_level3"],
            counts["sections_level4"]) == (25, 47, 22)
    numbered = [s for s, _ in report.walk() if s.part == "body"]
    assert len(numbered) == 101


def test_front_and_back_matter_are_sections_with_fixed_ids(report):
    found = sections(report)
    assert [s.id for s in report.sections[:2]] == ["preface", "findings"]
    assert [s.id for s in report.sections[-2:]] == ["about", "legal"]
    assert found["preface"].title == "前言"
    assert found["findings"].title == "主要发现"
    assert found["about"].title == "关于协会"
    assert [(c.id, c.title) for c in found["legal"].children] == [
        ("legal.1", "版权声明"), ("legal.2", "免责声明")]


def test_chapter_titles_in_order(report):
    assert [c.title for c in report.chapters] == [
        "人工智能产业链分析", "人工智能行业环境", "人工智能发展概况", "人工智能产业集群",
        "人工智能应用场景", "人工智能面临挑战", "人工智能发展趋势"]


def test_56_charts_and_tables_22_with_rows_34_captions_only(report):
    tables = list(report.tables())
    figures = list(report.figures())
    assert (len(tables), len(figures)) == (22, 34)
    numbers = sorted(x.number for x in tables + figures)
    assert numbers == list(range(1, 57))
    assert all(t.rows and t.header for t in tables)


def test_63_policies_in_six_tables(report):
    per_table = Counter(p.table_id for p in report.policies())
    assert per_table == {"fig-15": 17, "fig-19": 14, "fig-23": 13, "fig-27": 5,
                         "fig-51": 8, "fig-56": 6}


def test_policy_regions_dates_and_names(report):
    policies = list(report.policies())
    assert all(p.name.startswith("《") and p.name.endswith("》") for p in policies)
    assert all(len(p.date) == 7 and p.date[4] == "." for p in policies)
    regions = {t: {p.region for p in policies if p.table_id == t} for t in
               ("fig-15", "fig-19", "fig-23", "fig-27", "fig-51", "fig-56")}
    assert regions == {
        "fig-15": {"美国"}, "fig-19": {"英国"}, "fig-23": {"日本"}, "fig-27": {"印度"},
        "fig-51": {"上海市", "浙江省", "江苏省", "安徽省"},
        "fig-56": {"北京", "天津", "河北"},
    }


def test_table_captions_keep_number_title_unit_and_source(report):
    found = units(report)
    assert found["fig-31"].title == "2022 年中国人工智能企业上市情况"
    assert found["fig-31"].unit == "港元，人民币，美元"
    assert found["fig-31"].source == "深圳市人工智能行业协会"
    assert found["fig-2"].unit == "%"
    assert found["fig-7"].unit is None and found["fig-7"].source == "公开资料"
    assert found["fig-45"].header == ("排名", "地区名称", "社会融资规模增量（亿元）",
                                      "较上一年排名变化")


# --------------------------------------------------------------------------- artefacts


def test_running_headers_are_gone(report):
    assert "深圳市人工智能行业协会" not in [p.text for s, _ in report.walk()
                                           for p in s.paragraphs]
    # the publisher still appears where the prose names it
    assert any("深圳市人工智能行业协会发挥" in text for text in all_text(report))


def test_paragraph_cut_by_a_page_break_is_joined(report):
    found = sections(report)
    text = " ".join(p.text for p in found["3.2.1.1"].paragraphs)
    assert "长沙国家人工智能创新应用先导区" in text
    assert not any(p.text.startswith("工智能创新应用先导区") for p in
                   found["3.2.1.1"].paragraphs)


def test_every_paragraph_ends_a_sentence(report):
    from search.document.conventions import ends_sentence

    unfinished = [(s.id, p.text[-20:]) for s, _ in report.walk() for p in s.paragraphs
                  if not ends_sentence(p.text)]
    assert unfinished == []


def test_continued_tables_are_merged_without_repeated_headers(report):
    found = units(report)
    assert len(found["fig-3"].rows) == 20  # 17 rows, the header again, 3 more
    assert len(found["fig-5"].rows) == 28
    for table in report.tables():
        assert table.header not in table.rows


def test_continuation_row_completes_the_row_before(report):
    found = units(report)
    policy = found["fig-15-p16"]
    assert policy.name == "《负责任人工智能战略和实施路径》"
    assert policy.content.endswith("以合法合规和负责任的方式使用人工智能的方法和举措。")
    assert found["fig-23-p11"].content.endswith("为社会所认同的典型目标和实践案例。")
    assert "包括隐私、安全、道德" in found["fig-27-p2"].content
    assert found["fig-51-p6"].content.endswith("“总部基地+研发孵化+高端制造”的“一轴一带多节点”"
                                               "的空间格局，引导产业因地制宜、特色集聚、区域协同发展。")
    assert len(found["fig-15"].rows) == 17


@pytest.mark.parametrize(("table", "column", "expected"), [
    ("fig-50", 0, ["长三角"] * 8 + ["珠三角"] * 3 + ["京津冀"] * 3),
    ("fig-51", 0, ["上海市"] * 2 + ["浙江省"] * 4 + ["江苏省", "安徽省"]),
    ("fig-56", 0, ["北京"] * 2 + ["天津"] * 2 + ["河北"] * 2),
])
def test_blank_leading_cells_are_filled_from_the_row_above(report, table, column, expected):
    assert [row[column] for row in units(report)[table].rows] == expected


def test_footnote_is_attached_to_the_paragraph_with_its_marker(report):
    found = sections(report)
    [paragraph] = [p for p in found["3.2.1.1"].paragraphs if p.footnotes]
    assert "1565 亿元¹" in paragraph.text
    assert paragraph.footnotes[0].marker == "¹"
    assert paragraph.footnotes[0].text.startswith("2022 年，中国人工智能核心产业规模统计口径")
    # and the paragraph it interrupted reads on
    assert any("总量规模不断扩大" in p.text for p in found["3.2.1.2"].paragraphs)
    assert not any(p.text.startswith("¹") for s, _ in report.walk() for p in s.paragraphs)


def test_bold_is_emphasis_not_asterisks(report):
    assert not any("**" in text for text in all_text(report))
    found = sections(report)
    emphasised = [p.text[a:b] for p in found["4.3.2"].paragraphs for a, b in p.emphasis]
    assert emphasised == ["基础设施方面", "人才资源方面"]


def test_heading_numbers_in_both_bracket_widths_and_spacings(report):
    found = sections(report)
    # "(一) 产业链全景图" (half-width, space) and "（二）产业链各环节" (full-width)
    assert found["1.1"].title == "产业链全景图"
    assert found["1.2"].title == "产业链各环节"
    # "1. 基础层" and "2.技术层"; "（三） 规制滞后挑战"
    assert (found["1.2.1"].title, found["1.2.2"].title) == ("基础层", "技术层")
    assert found["6.3"].title == "规制滞后挑战"
    assert found["1.2"].number == "（二）" and found["1.2.1"].number == "1."


def test_table_of_contents_is_not_content_but_pages(report):
    assert not any("|" in p.text or p.text.startswith("目") and "录" in p.text[:3]
                   for s, _ in report.walk() for p in s.paragraphs)
    found = sections(report)
    assert found["3.1.1.3"].pages == (20, 25)  # inherits 美国人工智能发展概况, 20 to 25
    assert found["1"].pages == (1, 12)  # chapter 2 opens a new page at 13
    assert found["1.3.1"].pages == (10, 10)
    assert found["7.5"].pages == (103, 106)
    assert found["legal.2"].pages == (108, 108)
    assert found["preface"].pages is None


def test_figure_keeps_stray_chart_labels_out_of_the_prose(report):
    found = units(report)
    assert found["fig-1"].labels == ("↓", "占比19.2%", "占比54.7%")
    assert not any(p.text.startswith("占比") for s, _ in report.walk() for p in s.paragraphs)


def test_cover_and_back_cover_are_not_content(report):
    assert report.sections[0].paragraphs[0].text.startswith("在科技日新月异的今天")
    last = sections(report)["legal.2"].paragraphs[-1].text
    assert last.endswith("不承担任何责任。")


def test_regions_follow_section_titles(report):
    found = sections(report)
    assert found["3.1.1.3"].region == "美国"
    assert found["3.2.2"].region == "深圳"
    assert found["4.2.4"].region == "长三角"
    assert found["5.1"].region is None


# --------------------------------------------------------------------------- ids


def test_ids_follow_heading_numbers(report):
    found = units(report)
    assert found["3.1.1.3"].title == "人工智能专项政策文件密集发布"
    assert found["fig-15"].title == "美国人工智能政策文件"
    assert found["fig-15-p3"].name == "《2018年国防部人工智能战略概要：利用人工智能促进安全与繁荣》"
    assert found["7.3"].title == "低代码技术促进人工智能“平民化”"


def test_ids_are_unique_and_the_same_on_every_run(report, real_source):
    from search.document.corpus import load_report

    again = load_report(real_source)
    first = [s.id for s, _ in report.walk()] + [p.id for p in report.policies()]
    assert first == [s.id for s, _ in again.walk()] + [p.id for p in again.policies()]
    assert len(set(units(report))) == 107 + 22 + 34 + 63
    assert again == report


# --------------------------------------------------------------------------- the tiny report


def test_tiny_report_tree(tiny):
    assert [(s.id, s.title) for s, _ in tiny.walk()] == [
        ("preface", "前言"), ("1", "第一章"), ("1.1", "美国概况"), ("1.1.1", "细节"),
        ("1.1.1.1", "更细的一节"), ("2", "第二章"), ("2.1", "没有空格的标题"),
        ("about", "关于协会")]


def test_tiny_page_break_running_header_and_footnote(tiny):
    [paragraph] = sections(tiny)["1.1"].paragraphs
    assert paragraph.text == ("这一段被分页切断，前半在这里：长沙国家人工智能创新应用先导区在后半。"
                              "加粗的词也在这里¹。")
    assert [paragraph.text[a:b] for a, b in paragraph.emphasis] == ["加粗的词"]
    assert paragraph.footnotes[0].text == "脚注的内容。"


def test_tiny_tables(tiny):
    found = units(tiny)
    assert found["fig-1"].rows == (("深圳", "甲公司", "1"), ("深圳", "乙公司", "2"),
                                   ("北京", "丙公司", "3"))
    assert found["fig-1"].unit == "家"
    assert [(p.id, p.date, p.region, p.content) for p in found["fig-2"].policies] == [
        ("fig-2-p1", "2020.01", "美国", "第一项政策的内容被分页切断了。"),
        ("fig-2-p2", "2021.06", "美国", "第二项政策的内容。")]
    assert found["fig-3"].labels == ("占比10%",)


def test_tiny_pages_and_back_cover(tiny):
    found = sections(tiny)
    assert [found[i].pages for i in ("1", "1.1", "1.1.1.1", "2", "about")] == [
        (1, 4), (2, 4), (3, 4), (5, 6), (7, 7)]
    assert [p.text for p in found["about"].paragraphs] == ["测试协会成立于 2099 年。"]


# --------------------------------------------------------------------------- malformed files


def parse(text, meta):
    return parse_report(text, meta, "corpus/broken.txt")


def test_no_chapters_is_an_error_naming_file_and_line(tiny):
    with pytest.raises(CorpusError) as error:
        parse("前言\n\n只有前言，没有章节。\n", tiny.meta)
    assert error.value.path == "corpus/broken.txt"
    assert error.value.line == 4
    assert "no chapters" in str(error.value)
    assert str(error.value).startswith("corpus/broken.txt:4: ")


def test_empty_file_is_an_error(tiny):
    with pytest.raises(CorpusError, match="no chapters"):
        parse("", tiny.meta)


def test_ragged_table_names_its_line(tiny):
    text = ("一、第一章\n\n图表 1：表\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n| 3 | 4 | 5 |\n\n"
            "参考来源：测试\n")
    with pytest.raises(CorpusError) as error:
        parse(text, tiny.meta)
    assert error.value.line == 8
    assert "ragged" in error.value.message


def test_table_without_separator_row(tiny):
    with pytest.raises(CorpusError, match="separator") as error:
        parse("一、第一章\n\n图表 1：表\n\n| 甲 | 乙 |\n| 1 | 2 |\n", tiny.meta)
    assert error.value.line == 5


def test_a_table_that_does_not_continue_cleanly_is_set_aside_not_fatal(tiny):
    # issue 25: a publisher's PDF failed on "the continued table's header differs"
    aside: list = []
    text = ("一、第一章\n\n图表 1：表\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n"
            "| 丙 | 丁 |\n|---|---|\n| 3 | 4 |\n\n正文。\n")
    report = parse_report(text, tiny.meta, "corpus/test.txt", aside)
    [table] = report.tables()
    assert (table.header, table.rows) == (("甲", "乙"), (("1", "2"),))
    assert [(a.line, a.reason) for a in aside] == [
        (line, "图表 1: a table under it whose header differs from the header on line 5")
        for line in (9, 10, 11)]
    assert [p.text for p in report.chapters[0].paragraphs] == ["正文。"]


def test_bytes_that_are_not_utf8_name_their_line():
    data = "一、第一章\n\n正文。\n".encode() + b"\xff\xfe broken\n"
    with pytest.raises(CorpusError) as error:
        decode_text(data, "corpus/broken.txt")
    assert (error.value.path, error.value.line) == ("corpus/broken.txt", 4)
    assert "UTF-8" in error.value.message


def test_repeated_heading_number(tiny):
    with pytest.raises(CorpusError, match="repeats") as error:
        parse("一、第一章\n\n（一）甲\n\n正文。\n\n(一) 乙\n", tiny.meta)
    assert error.value.line == 7


def test_bad_policy_date(tiny):
    text = ("一、第一章\n\n图表 1：政策\n\n| 时间 | 名称 | 内容 |\n|---|---|---|\n"
            "| 去年 | 《甲》 | 内容。 |\n")
    with pytest.raises(CorpusError, match="YYYY.MM"):
        parse(text, tiny.meta)


def test_table_of_contents_entry_without_heading(tiny):
    text = ("目录\n\n| | |\n|---|---|\n| 一、第一章 | 1 |\n| 二、不存在 | 2 |\n\n"
            "一、第一章\n\n正文。\n")
    with pytest.raises(CorpusError, match="no heading") as error:
        parse(text, tiny.meta)
    assert error.value.line == 6



# --------------------------------------------------------------------------- limits


def tiny_text():
    from tests.conftest import TINY

    return (TINY / "tiny-report.txt").read_text(encoding="utf-8")


def test_a_paragraph_without_line_breaks_is_refused_at_its_line(tiny):
    text = tiny_text().replace("细节一节的文字。", "很长的文字" * 5000 + "。")
    with pytest.raises(CorpusError) as error:
        parse_report(text, tiny.meta, "tiny.txt")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("很长的文字"))
    assert error.value.line == line
    assert "a paragraph of more than 20,000 characters" in error.value.message


def test_a_section_without_headings_is_refused(tiny):
    many = "\n\n".join("这是一段正常长度的文字，" * 20 + "。" for _ in range(1000))
    text = tiny_text().replace("细节一节的文字。", many)
    with pytest.raises(CorpusError, match=r"section 1\.1\.1 has more than 200,000 characters"):
        parse_report(text, tiny.meta, "tiny.txt")


def test_too_many_units_is_refused(tiny, monkeypatch):
    from search.document import drafting

    monkeypatch.setattr(drafting, "MAX_UNITS", 10)
    with pytest.raises(CorpusError, match="13 sections, tables, charts and policies: more "
                                          "than the 10"):
        parse_report(tiny_text(), tiny.meta, "tiny.txt")


# --------------------------------------------------------------------------- issue #15
# Text that used to vanish without a word is now kept, or listed as set aside.


def test_the_white_papers_cover_headers_and_back_cover_are_listed_as_set_aside(real_source):
    from search.document.corpus import load_report

    aside: list = []
    load_report(real_source, aside)
    reasons = Counter(a.reason for a in aside)
    assert reasons == {"running header": 7, "title: in the metadata": 2,
                       "cover: in the metadata": 2, "back cover": 5}
    assert aside[-1].text.startswith("地址：深圳市福田区")


def test_text_before_the_first_heading_is_front_matter(tiny):
    text = "测试白皮书\n\n国发〔2017〕35号\n\n为了测试，制定本规划。\n\n一、总则\n\n正文。\n"
    report = parse(text, tiny.meta)
    front = report.sections[0]
    assert (front.id, front.title, front.part) == ("front", "引言", "front")
    assert [p.text for p in front.paragraphs] == ["国发〔2017〕35号", "为了测试，制定本规划。"]


@pytest.mark.parametrize("line", ["（一）指导思想。全面贯彻精神，推动发展。",
                                  "**（一）指导思想。**全面贯彻精神，推动发展。"])
def test_a_run_in_heading_ending_in_a_full_stop(tiny, line):
    report = parse(f"一、总则\n\n{line}\n\n（二）基本原则。\n\n科技引领。\n", tiny.meta)
    found = sections(report)
    assert (found["1.1"].title, [p.text for p in found["1.1"].paragraphs]) == (
        "指导思想", ["全面贯彻精神，推动发展。"])
    assert (found["1.2"].title, [p.text for p in found["1.2"].paragraphs]) == (
        "基本原则", ["科技引领。"])


def test_prose_that_starts_with_a_number_stays_prose(tiny):
    report = parse("一、总则\n\n1. 我国发布了政策，涉及多个领域。其中…\n", tiny.meta)
    assert [s.id for s in report.chapters[0].children] == []


def test_trailing_references_are_back_matter_not_a_back_cover(tiny):
    text = ("一、总则\n\n正文。\n\n参考文献\n\n[1] 张三. 人工智能[M]. 2020.\n"
            "[2] 李四. 机器学习[J]. 2021.\n")
    aside: list = []
    report = parse_report(text, tiny.meta, "corpus/broken.txt", aside)
    references = report.sections[-1]
    assert (references.id, references.part) == ("references", "back")
    assert [p.text for p in references.paragraphs] == [
        "[1] 张三. 人工智能[M]. 2020.", "[2] 李四. 机器学习[J]. 2021."]
    assert aside == []


def test_a_byte_order_mark_before_the_first_chapter_hides_nothing(tiny):
    report = parse("\ufeff一、总则\n\n正文。\n", tiny.meta)
    assert [c.heading for c in report.chapters] == ["一、总则"]


def test_a_page_number_does_not_glue_into_the_sentence_it_interrupts(tiny):
    aside: list = []
    text = "一、总则\n\n人工智能在经济社会发展强烈需求的共同驱动\n\n12\n\n- 13 -\n\n下加速发展。\n"
    report = parse_report(text, tiny.meta, "corpus/broken.txt", aside)
    assert [p.text for p in report.chapters[0].paragraphs] == [
        "人工智能在经济社会发展强烈需求的共同驱动下加速发展。"]
    assert [(a.line, a.text, a.reason) for a in aside] == [
        (5, "12", "page number"), (7, "- 13 -", "page number")]


def test_markdown_and_bold_headings_in_a_report(tiny):
    report = parse("# 测试白皮书\n\n## 一、总则\n\n正文。\n\n**（一）范围**\n\n正文。\n", tiny.meta)
    assert [(s.id, s.heading) for s, _ in report.walk()] == [("1", "一、总则"),
                                                            ("1.1", "（一）范围")]


def test_a_table_of_contents_with_dotted_leaders_gives_pages(tiny):
    text = ("目录\n\n一、总则……………………1\n（一）范围.......2\n二、附则\t5\n\n"
            "一、总则\n\n正文。\n\n（一）范围\n\n正文。\n\n二、附则\n\n正文。\n")
    found = sections(parse(text, tiny.meta))
    assert [found[i].pages for i in ("1", "1.1", "2")] == [(1, 4), (2, 4), (5, 5)]


def test_biao_captions_and_prose_that_mentions_a_figure(tiny):
    text = ("一、总则\n\n表1 重点企业（单位：家）\n\n| 城市 | 数量 |\n|---|---|\n| 深圳 | 1 |\n\n"
            "图 1 所示，产业快速增长。\n")
    report = parse(text, tiny.meta)
    [table] = report.tables()
    assert (table.id, table.title, table.unit) == ("fig-1", "重点企业", "家")
    assert [p.text for p in report.chapters[0].paragraphs] == ["图 1 所示，产业快速增长。"]


def test_a_table_without_a_caption_is_kept_and_numbered(tiny):
    text = "一、总则\n\n图表 4：甲\n\n| a |\n|---|\n| 1 |\n\n正文。\n\n| b |\n|---|\n| 2 |\n"
    assert [(t.id, t.title, t.rows) for t in parse(text, tiny.meta).tables()] == [
        ("fig-4", "甲", (("1",),)), ("fig-5", "", (("2",),))]


def test_policy_dates_written_in_chinese(tiny):
    text = ("一、总则\n\n图表 1：政策\n\n| 时间 | 名称 | 内容 |\n|---|---|---|\n"
            "| 2017年7月 | 《甲》 | 内容。 |\n| 2018-3 | 《乙》 | 内容。 |\n")
    [table] = parse(text, tiny.meta).tables()
    assert [p.date for p in table.policies] == ["2017.07", "2018.03"]


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("一百", 100), ("一百零一", 101),
    ("一千二百六十", 1260), ("两百", 200), ("21", 21)])
def test_chinese_numerals(numeral, value):
    from search.document.conventions import cn_number

    assert cn_number(numeral) == value


def test_a_pdf_given_as_text_says_what_to_do():
    with pytest.raises(CorpusError) as error:
        decode_text(b"%PDF-1.7\n\xff\xfe binary", "corpus/report.txt")
    assert error.value.line == 1
    assert "a PDF, not text: convert it with `python manage.py ingest FILE`" in str(error.value)
