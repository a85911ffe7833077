"""Go-to: a query that names a unit — 图表 15, a section number, 第三章, a page, an exact
title, a law's article — puts it first."""

from __future__ import annotations

import pytest

from search.query.goto import find_goto, title_index

SLUG = "ai-whitepaper-2023"


@pytest.mark.parametrize(("q", "kind", "first"), [
    ("图表 15", "figure", "fig-15"), ("图表15", "figure", "fig-15"),
    ("Figure 15", "figure", "fig-15"), ("table 43", "figure", "fig-43"),
    ("3.1.1.3", "section", "3.1.1.3"), ("第三章", "chapter", "3"), ("chapter 3", "chapter", "3"),
])
def test_a_named_unit(snapshot, q, kind, first):
    found = find_goto(q, {SLUG: snapshot.reports[SLUG]})
    assert found is not None and found.kind == kind and found.ids[0] == (SLUG, first)


def test_a_page_gives_the_narrowest_sections_first(snapshot):
    found = find_goto("第20页", {SLUG: snapshot.reports[SLUG]})
    assert found is not None and found.kind == "page"
    report = snapshot.reports[SLUG]
    widths = []
    for _slug, unit in found.ids:
        section = next(s for s, _ in report.walk() if s.id == unit)
        assert section.pages is not None and section.pages[0] <= 20 <= section.pages[1]
        widths.append(section.pages[1] - section.pages[0])
    assert widths == sorted(widths)


def test_an_exact_title_spaces_and_brackets_aside(snapshot):
    reports = {SLUG: snapshot.reports[SLUG]}
    titles = title_index(reports)
    found = find_goto("《为人工智能的未来做好准备》", reports, titles)
    assert found is not None and found.ids == ((SLUG, "fig-15-p1"),)
    assert find_goto("为 人工智能 的未来做好准备", reports, titles) is not None
    assert find_goto("人工智能", reports, titles) is None  # a word is no title


@pytest.mark.parametrize("q", ["", "图表 999", "9.9.9", "第九十九章", "人工智能芯片"])
def test_nothing_named(snapshot, q):
    assert find_goto(q, {SLUG: snapshot.reports[SLUG]}) is None
