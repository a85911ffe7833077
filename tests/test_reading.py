"""Reading and citing: a chapter read as one text, paragraphs with permalinks, the query's
matches in context, metadata for reference managers, citation files, tables as data, the
policy timeline, charts that say they are charts, and the English edition beside the
Chinese."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy

from search.document.model import paragraph_id
from search.document.parser import parse_report
from tests.conftest import texts, xpath

SLUG = "ai-whitepaper-2023"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def paragraph_ids(page: str) -> list[str]:
    return xpath(page, '//div[contains(@class, "para")]/@id')


def expected_paragraphs(report, section_id: str) -> list[str]:
    """The paragraph anchors of a section and its subsections, in reading order."""
    for section, _ in report.walk():
        if section.id == section_id:
            break
    ids = []

    def visit(section):
        ids.extend(paragraph_id(section.id, n) for n in range(1, len(section.paragraphs) + 1))
        for child in section.children:
            visit(child)

    visit(section)
    return ids


# --------------------------------------------------------------------------- one text


@pytest.mark.parametrize("section_id", ["3", "3.1", "3.1.1", "5.3"])
def test_a_chapter_or_parent_section_is_read_as_one_text(get, report, section_id):
    page = html(get(f"/{SLUG}/{section_id}/"))
    assert paragraph_ids(page) == expected_paragraphs(report, section_id)
    assert len(paragraph_ids(page)) > 1


def test_inline_subsections_are_headed_anchored_and_in_the_contents(get):
    page = html(get(f"/{SLUG}/3.1.1/"))
    headings = xpath(page, '//section[@class="part"]/*[self::h2 or self::h3]')
    assert [h.get("id") for h in headings] == ["3.1.1.1", "3.1.1.2", "3.1.1.3"]
    assert [h.tag for h in headings] == ["h2", "h2", "h2"]
    contents = xpath(page, '//nav[@data-page-contents]//a/@href')
    assert contents == ["#3.1.1", "#3.1.1.1", "#3.1.1.2", "#3.1.1.3"]
    # each heading links to its own page, where it can be cited on its own
    assert xpath(page, '//h2[@id="3.1.1.3"]/a[@class="anchor"]/@href') == [
        f"/{SLUG}/3.1.1.3/"]


def test_a_chapter_page_keeps_tables_and_prev_next(get, report):
    page = html(get(f"/{SLUG}/3/"))
    assert xpath(page, '//figure[@id="fig-15"]//tbody/tr')
    order = [section.id for section, _ in report.walk()]
    before = order[order.index("3") - 1]
    assert before.startswith("2.")  # the last section of chapter 2
    assert xpath(page, '//a[@rel="prev"]/@href') == [f"/{SLUG}/{before}/"]
    assert xpath(page, '//a[@rel="next"]/@href') == [f"/{SLUG}/3.1/"]


def test_every_paragraph_has_a_unique_anchor_and_a_pilcrow_link(get, report):
    seen: list[str] = []
    for section in report.sections:
        page = html(get(f"/{SLUG}/{section.id}/"))
        ids = paragraph_ids(page)
        for anchor in ids:
            assert xpath(page, f'//div[@id="{anchor}"]/a[@class="pilcrow"]/@href') == [
                f"#{anchor}"]
        seen += ids
    total = sum(len(s.paragraphs) for s, _ in report.walk())
    assert len(seen) == len(set(seen)) == total


def test_paragraph_ids_survive_edits_elsewhere(tiny):
    """An anchor is its section's id and the paragraph's place in it: rewriting a
    paragraph, or adding one to another section, leaves every other anchor as it was."""
    from tests.conftest import TINY

    text = (TINY / "tiny-report.txt").read_text(encoding="utf-8")

    def anchors(source: str) -> dict[str, str]:
        report = parse_report(source, tiny.meta)
        return {paragraph_id(s.id, n): p.text for s, _ in report.walk()
                for n, p in enumerate(s.paragraphs, start=1)}

    before = anchors(text)
    edited = anchors(text.replace("细节一节的文字。", "细节一节改写过的文字。")
                     .replace("第二章的内容。", "第二章的内容。\n\n第二章新增的一段。"))
    assert set(before) <= set(edited)
    assert edited["p-2.1-2"] == "第二章新增的一段。"
    changed = {a for a in before if before[a] != edited[a]}
    assert changed == {"p-1.1.1-1"}


def test_a_parent_too_long_to_read_inline_lists_its_parts(get, settings, monkeypatch):
    from search.web import rendering

    monkeypatch.setattr(rendering, "MAX_INLINE", 2000)
    page = html(get(f"/{SLUG}/3/"))
    assert xpath(page, '//p[@class="too-long"]')
    assert f"/{SLUG}/3.1/" in xpath(page, '//ol[@class="toc"]//a/@href')


# --------------------------------------------------------------------------- matches


def test_matches_are_numbered_in_reading_order(get):
    page = html(get(f"/{SLUG}/5.3/?q=数据"))
    ids = xpath(page, "//mark/@id")
    assert ids[0] == "first-match" and ids[1:4] == ["m-2", "m-3", "m-4"]
    assert len(ids) == len(set(ids)) == len(xpath(page, "//mark"))


def test_a_parent_page_has_the_first_match_results_link_to(get):
    """Results link to ``#first-match``: on a parent section it is in a subsection."""
    page = html(get(f"/{SLUG}/5.1/?q=孪生"))
    [first] = xpath(page, '//mark[@id="first-match"]')
    assert first.text_content() == "孪生"


def test_without_javascript_the_matches_are_listed_as_links(get):
    page = html(get(f"/{SLUG}/3.1/?q=政策"))
    links = xpath(page, '//nav[contains(@class, "match-list")]//a/@href')
    assert links[0] == "#first-match" and links[1] == "#m-2"
    count = len(xpath(page, "//mark"))
    [summary] = texts(page, '//p[@class="match-summary"]')
    assert f"{count} " in summary and "“政策”" in summary


def test_a_query_not_on_the_page_says_so(get):
    page = html(get(f"/{SLUG}/3.1.1.3/?q=量子计算"))
    assert xpath(page, "//mark") == []
    assert "量子计算" in texts(page, '//p[@class="match-summary"]')[0]


# --------------------------------------------------------------------------- metadata


def meta(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in xpath(page, "//meta[@name]"):
        found.setdefault(element.get("name"), []).append(element.get("content"))
    return found


def test_unit_pages_carry_highwire_and_dublin_core_metadata(get):
    tags = meta(html(get(f"/{SLUG}/3.1.1.3/")))
    assert tags["citation_title"] == ["人工智能专项政策文件密集发布"]
    assert tags["citation_author"] == ["深圳市人工智能行业协会"]
    assert tags["citation_inbook_title"] == ["2023 人工智能发展白皮书"]
    assert tags["citation_publication_date"] == ["2023/03"]
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == (["20"], ["25"])
    assert tags["citation_public_url"] == [f"http://testserver/{SLUG}/3.1.1.3/"]
    assert tags["DC.identifier"] == [f"http://testserver/{SLUG}/3.1.1.3/"]
    assert tags["DC.language"] == ["zh"] and tags["DC.type"] == ["Text"]


def test_english_pages_metadata_says_english(get):
    tags = meta(html(get(f"/en/{SLUG}/fig-15/")))
    assert tags["citation_title"] == ["美国人工智能政策文件"]
    assert tags["DC.language"] == ["en"]
    assert tags["DC.title.alternative"] == ["US AI Policy Documents"]
    assert tags["citation_public_url"] == [f"http://testserver/en/{SLUG}/fig-15/"]


# --------------------------------------------------------------------------- citation files


def test_citation_files_for_reference_managers(get):
    response = get(f"/{SLUG}/fig-15-p3/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert 'filename="ai-whitepaper-2023-fig-15-p3.ris"' in response["Content-Disposition"]
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == "2018年国防部人工智能战略概要：利用人工智能促进安全与繁荣"
    assert entry["urls"] == [f"http://testserver/{SLUG}/fig-15-p3/"]

    [bib] = bibtexparser.loads(get(f"/{SLUG}/3.1.1.3/cite.bib").content.decode()).entries
    assert bib["chapter"] == "人工智能专项政策文件密集发布"

    response = get(f"/{SLUG}/3.1.1.3/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(response.content)
    assert item["type"] == "chapter" and item["page"] == "20-25"


def test_a_paragraphs_citation_is_the_sections_at_the_paragraphs_anchor(get):
    [entry] = rispy.loads(get(f"/{SLUG}/3.1.1.1/cite.ris?paragraph=p-3.1.1.1-2")
                          .content.decode())
    assert entry["title"] == "泛人工智能企业数量居世界首位"
    assert entry["urls"] == [f"http://testserver/{SLUG}/3.1.1.1/#p-3.1.1.1-2"]
    assert (entry["start_page"], entry["end_page"]) == ("20", "25")


@pytest.mark.parametrize("url", [
    f"/{SLUG}/3.1.1.1/cite.ris?paragraph=p-3.1.1.1-99",
    f"/{SLUG}/3.1.1.1/cite.bib?paragraph=<script>",
    f"/{SLUG}/fig-15/cite.json?paragraph=p-3.1.1.1-1",
    f"/{SLUG}/9.9/cite.ris",
    f"/{SLUG}/fig-16/data.csv",
    f"/{SLUG}/3.1/data.json",
])
def test_exports_of_what_does_not_exist_are_404(get, url):
    response = get(url)
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def test_an_english_pages_citation_file_says_translation(get):
    [entry] = rispy.loads(get(f"/en/{SLUG}/3.1.1.3/cite.ris").content.decode())
    assert "English translation" in entry["notes"]
    assert entry["translated_title"] == "A Wave of Dedicated AI Policy Documents"


# --------------------------------------------------------------------------- data


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(body[1:])))


def test_a_table_as_csv_round_trips(get, report):
    for table in report.tables():
        response = get(f"/{SLUG}/{table.id}/data.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert read_csv(response) == [list(table.header), *map(list, table.rows)]


def test_filled_down_cells_are_filled_in_the_csv(get, report):
    rows = read_csv(get(f"/{SLUG}/fig-9/data.csv"))[1:]
    assert all(row[0] for row in rows)


def test_a_table_in_english_and_as_json(get, report):
    rows = read_csv(get(f"/en/{SLUG}/fig-15/data.csv"))
    assert rows[0] == ["Date", "Title", "Content"]
    assert rows[1][1] == "Preparing for the Future of Artificial Intelligence"
    data = json.loads(get(f"/{SLUG}/fig-15/data.json").content)
    table = next(t for t in report.tables() if t.id == "fig-15")
    assert data["rows"] == [list(r) for r in table.rows] and data["columns_en"] == rows[0]
    assert data["title"] == "美国人工智能政策文件" and data["title_en"] == "US AI Policy Documents"


def test_every_policy_as_one_csv(get, report):
    rows = read_csv(get(f"/{SLUG}/policies.csv"))
    assert rows[0][:5] == ["id", "table", "region", "date", "name"]
    assert len(rows) == 1 + 63
    assert {r[0] for r in rows[1:]} == {p.id for p in report.policies()}
    assert all(r[5] and r[7] for r in rows[1:])  # English name and content
    dates = [r[3] for r in rows[1:]]
    assert dates == sorted(dates, reverse=True)


def test_columns_sort_by_links(get):
    page = html(get(f"/{SLUG}/fig-15/?sort=1&dir=desc"))
    dates = texts(page, '//figure[@id="fig-15"]//tbody/tr/td[1]')
    assert dates == sorted(dates, reverse=True) and len(dates) == 17
    assert xpath(page, '//th[@aria-sort="descending"]')
    [link] = xpath(page, '//figure[@id="fig-15"]//th[1]/a/@href')
    assert "sort=1" in link and "dir=asc" in link
    # numbers sort as numbers
    page = html(get(f"/{SLUG}/fig-9/?sort=3&dir=asc"))
    column = [float(v.replace(",", "")) for v in
              texts(page, '//figure[@id="fig-9"]//tbody/tr/td[3]') if v]
    assert column == sorted(column)


@pytest.mark.parametrize("query", ["sort=99", "sort=x&dir=up", "sort=-1", "dir=desc"])
def test_a_bad_sort_is_ignored(get, query):
    page = html(get(f"/{SLUG}/fig-15/?{query}"))
    assert len(xpath(page, '//figure[@id="fig-15"]//tbody/tr')) == 17


def test_tables_link_their_data(get):
    page = html(get(f"/{SLUG}/3.1.1.3/"))
    assert xpath(page, '//figure[@id="fig-15"]//a[@download]/@href') == [
        f"/{SLUG}/fig-15/data.csv", f"/{SLUG}/fig-15/data.json"]


# --------------------------------------------------------------------------- policies


def test_the_timeline_has_a_mark_per_policy_linking_to_it(get, report):
    page = html(get(f"/{SLUG}/policies/"))
    marks = xpath(page, '//table[@class="timeline-grid"]//a/@href')
    assert sorted(marks) == sorted(f"/{SLUG}/{p.id}/" for p in report.policies())
    assert len(marks) == 63
    assert xpath(page, '//table[@class="timeline-grid"]/caption')
    names = xpath(page, '//table[@class="timeline-grid"]//a/@aria-label')
    assert len(names) == 63 and all(" · " in name for name in names)  # name · region · date
    years = texts(page, '//table[@class="timeline-grid"]/thead//th')
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    assert len(xpath(page, '//section[@class="region"]//tbody/tr')) == 63  # the text version


def test_the_timeline_follows_the_filters(get, report):
    page = html(get(f"/{SLUG}/policies/?region=日本&year=2019"))
    expected = [p for p in report.policies() if p.region == "日本" and p.date.startswith("2019")]
    assert len(xpath(page, '//table[@class="timeline-grid"]//a')) == len(expected) > 0
    assert len(xpath(page, '//section[@class="region"]//tbody/tr')) == len(expected)
    assert xpath(page, '//a[@aria-current="true"]')


def test_charts_say_they_are_captions_only_with_their_pages(get):
    page = html(get(f"/{SLUG}/fig-12/"))
    [notice] = texts(page, '//p[@class="notice"]')
    assert "第 20–25 页" in notice
    english = html(get(f"/en/{SLUG}/fig-12/"))
    assert "pp. 20–25" in texts(english, '//p[@class="notice"]')[0]


# --------------------------------------------------------------------------- English


def test_english_page_shows_english_paragraphs_with_the_original_one_click_away(get):
    page = html(get(f"/en/{SLUG}/3.1.1.1/"))
    [first] = texts(page, '//div[@id="p-3.1.1.1-1"]/p')
    assert first.startswith("Backed by strong technological innovation")
    assert xpath(page, '//div[@id="p-3.1.1.1-1"]/p/@lang') == ["en"]
    [original] = xpath(page, '//nav[@class="text-switch"]/a[1]/@href')
    chinese = html(get(f"/en/{SLUG}/3.1.1.1/{original}"))
    assert texts(chinese, '//div[@id="p-3.1.1.1-1"]/p')[0].startswith("基于强大的技术创新")
    assert len(xpath(page, '//p[@class="translation-note"]')) == 1


def test_side_by_side_pairs_each_paragraph(get):
    page = html(get(f"/{SLUG}/3.1.1.1/?text=both"))
    pair = xpath(page, '//div[@id="p-3.1.1.1-1"]/p/@lang')
    assert pair == ["zh-Hans", "en"]
    assert xpath(page, '//div[@id="p-3.1.1.1-1"]/@class') == ["para pair"]


def test_chinese_pages_offer_the_english(get):
    page = html(get(f"/{SLUG}/3.1.1.1/"))
    assert xpath(page, '//div[@id="p-3.1.1.1-1"]/p/@lang') == ["zh-Hans"]
    assert "?text=en" in xpath(page, '//nav[@class="text-switch"]/a/@href')
    assert xpath(page, '//p[@class="translation-note"]') == []


def test_english_tables_and_policies(get):
    page = html(get(f"/en/{SLUG}/fig-15-p3/"))
    assert texts(page, "//h1")[0].startswith("Summary of the 2018 Department of Defense")
    assert "Row of Table 15" in texts(page, '//p[@class="meta"]')[0]
    table = html(get(f"/en/{SLUG}/fig-15/"))
    assert texts(table, '//figure[@id="fig-15"]//th')[:3] == ["Date⇅", "Title⇅", "Content⇅"]


def test_query_marks_in_the_english_text(get):
    page = html(get(f"/en/{SLUG}/3.1.1.1/?q=companies"))
    assert [t.lower() for t in texts(page, '//mark[@id="first-match"]')] == ["companies"]
