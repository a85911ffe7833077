"""The skeleton both parsers share: sections that open under the innermost one, ids that
never repeat, limits, and drafts frozen into the model."""

from __future__ import annotations

import pytest

from search.document.drafting import Drafting, ParagraphDraft, TableDraft
from search.document.model import CorpusError, Figure, Paragraph, ReportMeta, Table

META = ReportMeta(slug="t", title="测试", publisher="测试协会", date="2099-01", language="zh",
                  regions=("上海",))


def test_sections_nest_under_the_innermost_open_one():
    drafting = Drafting(META, "t.txt", None)
    drafting.open_section("1", 1, "一、", "总则", "body", 1, reset=True)
    drafting.open_section("1.1", 2, "（一）", "上海的做法", "body", 2)
    drafting.open_section("2", 1, "二、", "分则", "body", 3, reset=True)
    assert [d.id for d in drafting.top] == ["1", "2"]
    assert [c.id for c in drafting.top[0].children] == ["1.1"]
    assert drafting.top[0].children[0].region == "上海"


def test_an_id_never_repeats():
    drafting = Drafting(META, "t.txt", None)
    drafting.open_section("1", 1, "一、", "总则", "body", 4, reset=True)
    with pytest.raises(CorpusError, match=r"t.txt:9.*'1' repeats the heading on line 4"):
        drafting.open_section("1", 1, "一、", "总则", "body", 9, reset=True)


def test_a_paragraph_too_long_to_be_one_is_refused(monkeypatch):
    from search.document import drafting as module

    monkeypatch.setattr(module, "MAX_PARAGRAPH", 10)
    drafting = Drafting(META, "t.txt", None)
    drafting.open_section("1", 1, "一、", "总则", "body", 1, reset=True)
    paragraph = ParagraphDraft("一" * 11, 2)
    with pytest.raises(CorpusError, match="a paragraph of more than 10 characters"):
        drafting.check_text(drafting.stack[-1], paragraph, paragraph.text, 2)


def test_drafts_freeze_into_the_model():
    drafting = Drafting(META, "t.txt", None)
    drafting.open_section("1", 1, "一、", "总则", "body", 1, reset=True)
    section = drafting.stack[-1]
    section.blocks += [ParagraphDraft("**要点**：正文。", 2),
                       TableDraft(1, "图", None, 3, labels=["甲", "乙"]),
                       TableDraft(2, "表", None, 5, header=["a", "b"], rows=[["1", "2"]],
                                  parts=1)]
    report = drafting.report(10)
    paragraph, chart, table = report.sections[0].blocks
    assert isinstance(paragraph, Paragraph) and paragraph.text == "要点：正文。"
    assert isinstance(chart, Figure) and chart.labels == ("甲", "乙")
    assert isinstance(table, Table) and table.rows == (("1", "2"),)
