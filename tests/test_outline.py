"""The outline presets — law, decimal, markdown: real laws parsed into chapters, 节 and
articles; hand-made documents for the edge cases; nothing dropped without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.document.headings import decimal_heading, law_heading
from search.document.model import CorpusError, ReportMeta
from search.document.outline import parse_outline

LAWS = Path(__file__).resolve().parent / "fixtures" / "laws"
DSL = LAWS / "data-security-law-2021.md"
PIPL = LAWS / "personal-information-protection-law-2021.md"


def meta(preset: str, title: str = "测试文件", **fields) -> ReportMeta:
    return ReportMeta(slug="test", title=title, publisher="测试机构", date="2021-06",
                      language="zh", preset=preset, **fields)


def parse(text: str, preset: str, aside: list | None = None, **fields):
    return parse_outline(text, meta(preset, **fields), "corpus/test.md", aside)


def law(path: Path, aside: list | None = None):
    title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    return parse_outline(path.read_text(encoding="utf-8"), meta("law", title), str(path), aside)


def sections(report):
    return {section.id: section for section, _ in report.walk()}


# --------------------------------------------------------------------------- the laws


@pytest.mark.parametrize(("path", "chapters", "articles"), [(DSL, 7, 55), (PIPL, 8, 74)])
def test_a_law_has_its_chapters_and_articles(path, chapters, articles):
    report = law(path)
    assert [c.id for c in report.chapters] == [str(n) for n in range(1, chapters + 1)]
    found = [s for s, _ in report.walk() if s.kind == "article"]
    assert [a.id for a in found] == [f"art-{n}" for n in range(1, articles + 1)]
    assert report.counts()["articles"] == articles


def test_sections_of_a_chapter_are_its_jie():
    found = sections(law(PIPL))
    assert [(c.id, c.heading) for c in found["2"].children] == [
        ("2.1", "第一节 一般规定"), ("2.2", "第二节 敏感个人信息的处理规则"),
        ("2.3", "第三节 国家机关处理个人信息的特别规定")]
    assert [a.id for a in found["2.2"].children] == [f"art-{n}" for n in range(28, 33)]
    assert law(PIPL).counts()["sections_level2"] == 3


def test_an_article_keeps_its_printed_number_and_its_text():
    found = sections(law(DSL))
    article = found["art-21"]
    assert (article.number, article.title, article.heading, article.kind) == (
        "第二十一条", "", "第二十一条", "article")
    assert article.paragraphs[0].text.startswith("国家建立数据分类分级保护制度，")
    assert len(article.paragraphs) == 3
    assert article in found["3"].children  # 第三章 数据安全制度
    assert found["1"].heading == "第一章 总则"  # printed "总  则"


def test_items_of_an_article_stay_its_paragraphs():
    article = sections(law(PIPL))["art-3"]
    assert [p.text[:3] for p in article.paragraphs[2:]] == ["（一）", "（二）", "（三）"]
    assert not article.children


def test_the_note_under_a_laws_title_is_front_matter():
    front = law(PIPL).sections[0]
    assert (front.id, front.title, front.part) == ("front", "题注", "front")
    assert [p.text for p in front.paragraphs] == [
        "2021年8月20日 第十三届全国人民代表大会常务委员会第三十次会议通过", "2021年11月1日 施行"]


@pytest.mark.parametrize("path", [DSL, PIPL])
def test_a_law_loses_no_line(path):
    aside: list = []
    report = law(path, aside)
    assert [(a.line, a.reason) for a in aside] == [
        (1, "title: in the metadata"), (5 if path == DSL else 7, "comment")]
    kept = {p.text for s, _ in report.walk() for p in s.paragraphs}
    kept |= {s.heading for s, _ in report.walk()}
    set_aside = {a.line for a in aside}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.lstrip("# ").strip()
        if not text or number in set_aside:
            continue
        heading = law_heading(text)
        if heading and heading.article:
            text = heading.rest or heading.number
        elif heading:
            text = f"{heading.number} {heading.title}"
        assert text in kept, (number, line)


# --------------------------------------------------------------------------- law edge cases


def test_bian_above_chapters_and_numbers_past_a_hundred():
    text = ("第一编 总则\n\n第一章 基本规定\n\n第一条 第一条的文字。\n\n"
            "第二编 物权\n\n第一章 通则\n\n第一百零一条 第一百零一条的文字。\n\n"
            "第一千二百六十条 最后一条。\n")
    found = sections(parse(text, "law"))
    assert [(s.id, s.level) for s in (found["1"], found["1.1"], found["2.1"])] == [
        ("1", 1), ("1.1", 2), ("2.1", 2)]
    assert found["art-101"].level == 3 and found["art-101"] in found["2.1"].children
    assert found["art-1260"].number == "第一千二百六十条"


def test_an_inserted_article_and_a_labelled_one():
    text = "第一章 总则\n\n第二十条【目的】为了测试。\n\n第二十条之一 插入的条文。\n"
    found = sections(parse(text, "law"))
    assert (found["art-20"].title, found["art-20"].heading) == ("目的", "第二十条 目的")
    assert found["art-20"].paragraphs[0].text == "为了测试。"
    assert found["art-20-1"].number == "第二十条之一"


def test_a_law_without_chapters_is_its_articles():
    report = parse("第一条 甲。\n\n第二条 乙。\n", "law")
    assert [(s.id, s.level, s.chapter) for s in report.sections] == [
        ("art-1", 1, ""), ("art-2", 1, "")]
    assert report.chapters == ()


def test_prose_citing_an_article_is_not_an_article():
    report = parse("第一条 依照本法\n第二条规定的情形，从重处罚。\n", "law")
    assert [s.id for s in report.sections] == ["art-1"]
    assert report.sections[0].paragraphs[0].text == "依照本法第二条规定的情形，从重处罚。"


def test_a_repeated_article_names_both_lines():
    with pytest.raises(CorpusError) as error:
        parse("第一章 总则\n\n第一条 甲。\n\n第一条 乙。\n", "law")
    assert (error.value.path, error.value.line) == ("corpus/test.md", 5)
    assert "repeats the heading on line 3" in error.value.message


def test_no_headings_for_the_preset_is_an_error_at_the_last_line():
    with pytest.raises(CorpusError) as error:
        parse("只有一段文字。\n", "law")
    assert error.value.line == 2 and "no headings found for the law preset" in str(error.value)


def test_a_table_of_contents_of_a_law_is_set_aside():
    aside: list = []
    text = ("目录\n\n第一章 总则\n第二章 附则\n\n第一章 总则\n\n第一条 甲。\n\n"
            "第二章 附则\n\n第二条 乙。\n")
    report = parse(text, "law", aside)
    assert [c.id for c in report.chapters] == ["1", "2"]
    assert [(a.line, a.reason) for a in aside] == [
        (1, "table of contents"), (3, "table of contents entry"),
        (4, "table of contents entry")]


# --------------------------------------------------------------------------- decimal


def test_decimal_numbers_are_ids_and_depth():
    text = ("# 个人信息安全规范\n\n## 前言\n\n本标准起草。\n\n## 1 范围\n\n范围的文字。\n\n"
            "## 2 术语\n\n### 2.1 个人信息\n\n定义。\n\n#### 2.1.1 敏感信息\n\n定义。\n\n"
            "## 附录A 举例\n\n举例。\n")
    report = parse(text, "decimal", title="个人信息安全规范")
    assert [(s.id, s.level, s.heading, s.part) for s, _ in report.walk()] == [
        ("preface", 1, "前言", "front"), ("1", 1, "1 范围", "body"),
        ("2", 1, "2 术语", "body"), ("2.1", 2, "2.1 个人信息", "body"),
        ("2.1.1", 3, "2.1.1 敏感信息", "body"), ("appendix-a", 1, "附录A 举例", "back")]


@pytest.mark.parametrize("line", ["3.5亿元的投资", "2023年的增长", "1. 这是一句话。",
                                  "3家企业", "1.2 发展很快，增长明显"])
def test_prose_that_starts_with_a_number_is_not_a_decimal_heading(line):
    assert decimal_heading(line) is None


# --------------------------------------------------------------------------- markdown


def test_markdown_headings_nest_by_depth_and_number_by_position():
    aside: list = []
    text = ("# 关于我们\n\n导言的文字。\n\n## 背景\n\n我们是一个团队。\n\n## 方法\n\n### 数据\n\n"
            "- 第一项\n- 第二项\n\n---\n\n![示意图](a.png)\n\n<!--\n注释\n-->\n\n"
            "## 参考文献\n\n[1] 甲. 书名[M]. 2020.\n[2] 乙. 文章[J]. 2021.\n")
    report = parse(text, "markdown", aside, title="关于我们")
    assert [(s.id, s.title, s.part) for s, _ in report.walk()] == [
        ("front", "引言", "front"), ("1", "背景", "body"), ("2", "方法", "body"),
        ("2.1", "数据", "body"), ("references", "参考文献", "back")]
    found = sections(report)
    assert [p.text for p in found["2.1"].paragraphs] == ["- 第一项", "- 第二项"]
    assert [p.text for p in found["references"].paragraphs] == [
        "[1] 甲. 书名[M]. 2020.", "[2] 乙. 文章[J]. 2021."]
    assert [(a.line, a.reason) for a in aside] == [
        (1, "title: in the metadata"), (16, "horizontal rule"),
        (18, "image (the file has no text for it)"), (20, "comment"), (21, "comment"),
        (22, "comment")]


def test_paragraphs_are_separated_by_blank_lines_and_run_on_otherwise():
    text = "# 标题\n\n## 一节\n\n第一行没有结束\n而是接着写。\n第二段。\n\n第三段\n"
    report = parse(text, "markdown", title="标题")
    assert [p.text for p in report.sections[0].paragraphs] == [
        "第一行没有结束而是接着写。", "第二段。", "第三段"]


def test_bold_is_emphasis():
    report = parse("## 一节\n\n这是**重点**。\n", "markdown")
    [paragraph] = report.sections[0].paragraphs
    assert (paragraph.text, paragraph.emphasis) == ("这是重点。", ((2, 4),))


# --------------------------------------------------------------------------- tables


def test_a_table_with_a_caption_above_and_a_source_below():
    text = ("## 一节\n\n表 3：重点城市（单位：家）\n\n| 城市 | 数量 |\n|---|---|\n| 深圳 | 12 |\n"
            "| 北京 |\n\n资料来源：公开资料\n\n后文。\n")
    section = parse(text, "markdown").sections[0]
    [table] = section.tables
    assert (table.id, table.title, table.unit, table.source) == ("fig-3", "重点城市", "家",
                                                                "公开资料")
    assert table.rows == (("深圳", "12"), ("北京", ""))  # a short row gets empty cells
    assert [p.text for p in section.paragraphs] == ["后文。"]


def test_a_table_without_a_caption_takes_the_next_number():
    text = "## 一节\n\n表1 甲\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n"
    tables = parse(text, "markdown").sections[0].tables
    assert [(t.id, t.title) for t in tables] == [("fig-1", "甲"), ("fig-2", "")]


def test_a_policy_table_reads_chinese_dates():
    text = ("第一章 总则\n\n第一条 见下表。\n\n| 时间 | 名称 | 内容 |\n|---|---|---|\n"
            "| 2017年7月 | 《规划》 | 部署。 |\n")
    [table] = parse(text, "law").tables()
    assert [(p.id, p.date, p.name) for p in table.policies] == [("fig-1-p1", "2017.07",
                                                                 "《规划》")]


def test_a_ragged_table_row_names_its_line():
    with pytest.raises(CorpusError) as error:
        parse("## 一节\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", "markdown")
    assert error.value.line == 5 and "ragged" in error.value.message


def test_a_byte_order_mark_hides_no_heading():
    report = parse("\ufeff第一章 总则\n\n第一条 甲。\n", "law")
    assert [c.heading for c in report.chapters] == ["第一章 总则"]
