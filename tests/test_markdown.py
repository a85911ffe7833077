"""Markdown read as CommonMark (issue 25): its tokens say what each line is, so an HTML
cover's headings are no chapters, image and HTML syntax is not indexed, a contents list
is dropped, printed numbers are ids — and a publisher's white paper (一、 chapters with
1.1 / 3.3.1 sections, boxed lists, figures) reads the same as text and as Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.document.ingest import prepare
from search.document.ingest.coverage import report_text
from search.document.markdown import (
    ASIDE,
    CODE,
    HEADING,
    HTML,
    ITEM,
    TABLE,
    TEXT,
    read_markdown,
)
from search.document.model import ReportMeta
from search.document.presets import parse_document

PUBLISHER = Path(__file__).resolve().parent / "fixtures" / "publisher"
OUTLINE = ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "3.3", "3.3.1", "3.3.2"]


def meta(preset: str, title: str = "测试文件") -> ReportMeta:
    return ReportMeta(slug="test", title=title, publisher="测试机构", date="2024-03",
                      language="zh", preset=preset)


def parse(text: str, preset: str, aside: list | None = None, title: str = "测试文件"):
    return parse_document(text, meta(preset, title), "corpus/test.md", aside, markdown=True)


def ids(report) -> list[str]:
    return [section.id for section, _ in report.walk()]


# --------------------------------------------------------------------------- the tokens


def test_every_line_has_the_kind_its_tokens_give():
    text = ("---\ntitle: x\n---\n<div align=\"center\">\n\n# 封面标题\n\n</div>\n\n"
            "# 一、总则\n\n正文**重点**，![图](a.png)接着<br>写。\n\n- 甲\n1. 乙\n\n"
            "| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n\n    code\n\n<!-- 注释 -->\n\n***\n")
    marked = read_markdown(text)
    assert list(zip(marked.lines, marked.kinds, strict=True))[:10] == [
        ("---", ASIDE), ("title: x", ASIDE), ("---", ASIDE), ('<div align="center">', ASIDE),
        ("", "blank"), ("封面标题", HTML), ("", "blank"), ("</div>", ASIDE), ("", "blank"),
        ("# 一、总则", HEADING)]
    assert (marked.lines[11], marked.kinds[11]) == ("正文**重点**，接着写。", TEXT)
    assert marked.images == [(11, "![图](a.png)")]
    assert [(marked.lines[i], marked.kinds[i]) for i in (13, 14)] == [("甲", ITEM),
                                                                      ("1. 乙", ITEM)]
    assert [marked.lines[i] for i in (16, 17, 18)] == ["| a | b |", "|---|---|",
                                                       "| 1 ｜ 2 | 3 |"]
    assert {marked.kinds[i] for i in (16, 17, 18)} == {TABLE}
    assert (marked.lines[20], marked.kinds[20]) == ("code", CODE)
    assert [marked.reasons[i] for i in (0, 3, 22, 24)] == [
        "front matter (metadata, not text)", "HTML markup", "comment", "horizontal rule"]


def test_a_list_of_links_into_the_document_is_its_contents():
    marked = read_markdown("- [一、总则](#一总则)\n- [二、附则](#二附则)\n\n正文。\n\n"
                           "- [官网](https://a.b)\n- [附件](#附件)\n")
    assert marked.kinds[:2] == [ASIDE, ASIDE] and marked.lines[:2] == ["一、总则", "二、附则"]
    assert marked.reasons[0] == "table of contents entry"
    assert marked.kinds[5:7] == [ITEM, ITEM]  # one link out: an ordinary list


# --------------------------------------------------------------------------- presets


def test_the_markdown_preset_keeps_printed_numbers_as_ids():
    text = ("# 标题\n\n## 一、总则\n\n甲。\n\n### 1.1 范围\n\n乙。\n\n### 背景\n\n丙。\n\n"
            "## 三、附则\n\n### （一）生效\n\n丁。\n\n## 结语\n\n戊。\n")
    report = parse(text, "markdown", title="标题")
    assert [(s.id, s.heading) for s, _ in report.walk()] == [
        ("1", "一、总则"), ("1.1", "1.1 范围"), ("1.2", "背景"), ("3", "三、附则"),
        ("3.1", "（一）生效"), ("4", "结语")]


def test_an_html_cover_has_no_chapters_and_markup_is_not_text():
    aside: list = []
    text = ("<div align=\"center\">\n\n# 2024 白皮书\n\n## 某研究院\n\n</div>\n\n"
            "<img src=\"cover.png\">\n\n# 1 概述\n\n正文<sup>1</sup>。![图](x.png)\n\n"
            "<p>HTML 段落</p>\n\n## 1.1 范围\n\n范围。\n")
    report = parse(text, "markdown", aside, title="2024 白皮书")
    assert ids(report) == ["1", "1.1"]
    assert [p.text for p in report.sections[0].paragraphs] == ["正文1。", "HTML 段落"]
    indexed = "\n".join(report_text(report))
    assert "<" not in indexed and "png" not in indexed and "![" not in indexed
    assert [(a.line, a.reason) for a in aside] == [
        (1, "HTML markup"), (3, "title: in the metadata"), (5, "cover (HTML)"),
        (7, "HTML markup"), (9, "image (the file has no text for it)")]


def test_a_heading_the_report_preset_does_not_number_is_not_glued_to_the_text():
    report = parse("# 一、总则\n\n## 主要观点\n\n正文没有句号\n\n### 1.1 范围\n\n乙。\n", "report")
    [chapter] = report.chapters
    assert [p.text for p in chapter.paragraphs] == ["主要观点", "正文没有句号"]
    assert [c.id for c in chapter.children] == ["1.1"]


def test_a_law_in_markdown_reads_as_before():
    text = ("# 某某条例\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了……，制定本条例。\n\n"
            "第二条 本条例适用于……。\n\n## 第二章 附则\n\n第三条 本条例自公布之日起施行。\n")
    report = parse(text, "law", title="某某条例")
    assert ids(report) == ["1", "art-1", "art-2", "2", "art-3"]


# --------------------------------------------------------------------------- a publisher


def test_the_report_preset_takes_decimal_sections_under_chinese_chapters():
    text = ("一、发展概况\n\n正文。\n\n1.1 全球\n\n甲。\n\n1.1.1 美国\n\n乙。\n\n三、趋势\n\n"
            "3.3 应用\n\n3.3.1 大模型应用\n\n丙。\n\n3.5亿元的投资说明这是正文。\n")
    report = parse_document(text, meta("report"), "corpus/test.txt")
    assert [(s.id, s.level, s.heading) for s, _ in report.walk()] == [
        ("1", 1, "一、发展概况"), ("1.1", 2, "1.1 全球"), ("1.1.1", 3, "1.1.1 美国"),
        ("3", 1, "三、趋势"), ("3.3", 2, "3.3 应用"), ("3.3.1", 3, "3.3.1 大模型应用")]


@pytest.mark.parametrize("name", ["white-paper.md", "white-paper.txt"])
def test_a_publishers_white_paper_as_markdown_or_text(tmp_path, name):
    ingested = prepare(PUBLISHER / name, tmp_path, slug="publisher")
    assert ingested.preset == "report"
    assert ids(ingested.report) == OUTLINE
    assert ingested.stub.meta.title == "2024 人工智能产业发展白皮书"
    sections = {s.id: s for s, _ in ingested.report.walk()}
    [table] = ingested.report.tables()
    assert (table.id, table.title, table.unit, table.rows) == (
        "fig-1", "全球人工智能市场规模", "亿美元", (("2022", "4500"), ("2023", "5200")))
    # the boxed list is text: its heading and each item a paragraph, no table
    assert [p.text.lstrip("● ") for p in sections["1.2"].paragraphs[-3:]] == [
        "第一次浪潮：符号主义。", "第二次浪潮：统计学习。", "第三次浪潮：深度学习。"]
    indexed = "\n".join(report_text(ingested.report))
    assert "目录" not in indexed and "png" not in indexed and "<" not in indexed
    reasons = {a.reason for a in ingested.aside}
    assert "title: in the metadata" in reasons


def test_the_markdown_preset_on_a_publishers_white_paper(tmp_path):
    ingested = prepare(PUBLISHER / "white-paper.md", tmp_path, slug="publisher",
                       preset="markdown")
    assert ids(ingested.report) == OUTLINE
    assert {a.reason for a in ingested.aside} >= {"table of contents", "cover (HTML)",
                                                  "table of contents entry"}


def write_boxed_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("测试文件", level=0)
    document.add_heading("一、总则", level=1)
    document.add_paragraph("正文。")
    box = document.add_table(rows=3, cols=1)
    for cell, text in zip(box.columns[0].cells, ["专栏 1 三次浪潮", "第一次浪潮。",
                                                 "第二次浪潮。"], strict=True):
        cell.text = text
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["年份", "规模", "2023", "5"],
                            strict=True):
        table.cell(r, c).text = text
    document.add_heading("二、附则", level=1)
    document.add_paragraph("附则。")
    document.save(str(path))
    return path


def write_boxed_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16)
    heading = ParagraphStyle("h1", parent=body, fontSize=16, leading=22)
    grid = [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    flow = [Paragraph("一、总则", heading), Paragraph("正文。", body), Spacer(1, 8),
            Table([["专栏 1 三次浪潮"], ["第一次浪潮。"], ["第二次浪潮。"]], colWidths=[450],
                  style=grid),  # a box as wide as the text
            Spacer(1, 8), Table([["年份", "规模"], ["2023", "5"]], style=grid), Spacer(1, 8),
            Paragraph("二、附则", heading), Paragraph("附则。", body)]
    SimpleDocTemplate(str(path), pagesize=A4, title="测试文件").build(flow)
    return path


@pytest.mark.parametrize("write", [write_boxed_docx, write_boxed_pdf])
def test_a_box_around_text_is_text_and_a_ruled_grid_a_table(tmp_path, write):
    # issue 25: a publisher's boxed lists made 78 fake tables
    source = write(tmp_path / f"boxed.{'docx' if 'docx' in write.__name__ else 'pdf'}")
    ingested = prepare(source, tmp_path / "corpus", slug="boxed", preset="report")
    [table] = ingested.report.tables()
    assert (table.header, table.rows) == (("年份", "规模"), (("2023", "5"),))
    texts = [p.text for p in ingested.report.chapters[0].paragraphs]
    assert any("第一次浪潮" in text for text in texts)
    assert any("专栏 1 三次浪潮" in text for text in texts)
