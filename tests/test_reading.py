"""Reading and citing: a chapter read as one text, paragraphs with permalinks, the query's
matches in context, metadata for reference managers, citation files, tables as data, the
policy timeline, charts that say they are charts, and the English edition beside the
Chinese."""

from __future__ import annotations

import csv
import io
import json
import re

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
    ids: list[str] = []

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
    """The English page cites the English edition: every tag agrees about the language
    of the cited text, and keeps the Chinese original beside it."""
    tags = meta(html(get(f"/en/{SLUG}/fig-15/")))
    assert tags["citation_title"] == ["US AI Policy Documents"]
    assert tags["citation_language"] == ["en"] and tags["DC.language"] == ["en"]
    assert tags["citation_author"] == ["Shenzhen Artificial Intelligence Industry Association"]
    assert tags["DC.title.alternative"] == ["美国人工智能政策文件"]
    assert tags["citation_public_url"] == [f"http://testserver/en/{SLUG}/fig-15/"]


def test_a_policy_pages_metadata_names_the_white_paper_not_the_policy(get):
    """Zotero reads these tags: the policy page is an entry of 图表 15, the DoD's
    strategy is in the abstract (issue #24)."""
    tags = meta(html(get(f"/{SLUG}/fig-15-p3/")))
    assert tags["citation_title"] == ["美国人工智能政策文件"]
    assert tags["citation_author"] == ["深圳市人工智能行业协会"]
    assert tags["citation_abstract"] == [
        "美国《2018年国防部人工智能战略概要：利用人工智能促进安全与繁荣》（2019-02）"]


# --------------------------------------------------------------------------- citation files


def test_citation_files_for_reference_managers(get):
    response = get(f"/{SLUG}/fig-15-p3/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert ('filename="ai-whitepaper-2023-fig-15-p3-citation-zh.ris"'
            in response["Content-Disposition"])
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == "美国人工智能政策文件"  # the table the policy is an entry of
    assert entry["authors"] == ["深圳市人工智能行业协会"]
    assert "2018年国防部人工智能战略概要" in entry["abstract"]
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


def test_a_paragraph_shown_in_a_chapter_is_cited_through_its_own_section(get, report):
    """/3/ shows p-3.2.1.3-1: its exports from the chapter's page cite section 3.2.1.3
    (its title and pages), not the whole chapter, and never 404 (issue #24)."""
    section = next(s for s, _ in report.walk() if s.id == "3.2.1.3")
    response = get(f"/{SLUG}/3/cite.ris?paragraph=p-3.2.1.3-1")
    assert response.status_code == 200
    assert "ai-whitepaper-2023-p-3.2.1.3-1-citation-zh.ris" in response["Content-Disposition"]
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == section.title
    assert entry["urls"] == [f"http://testserver/{SLUG}/3.2.1.3/#p-3.2.1.3-1"]
    assert (entry["start_page"], entry["end_page"]) == tuple(map(str, section.pages))
    for kind in ("bib", "json", "txt"):
        assert get(f"/{SLUG}/3/cite.{kind}?paragraph=p-3.2.1.3-1").status_code == 200
    text = get(f"/{SLUG}/3/cite.txt?paragraph=p-3.2.1.3-1&style=china-national-standard-gb-t-"
               "7714-2015-numeric").content.decode()
    first, last = section.pages
    assert f"{section.title}[R/OL]//" in text and f"2023: {first}-{last}[" in text
    box = html(get(f"/{SLUG}/3.2.1.3/cite/?paragraph=p-3.2.1.3-1", HX_Request="true"))
    assert xpath(box, "//a[@data-export]/@href")[0] == (
        f"/{SLUG}/3.2.1.3/cite.ris?paragraph=p-3.2.1.3-1")
    assert xpath(box, '//input[@id="permalink"]/@value') == [
        f"http://testserver/{SLUG}/3.2.1.3/#p-3.2.1.3-1"]
    assert "<html" not in box


def test_a_paragraph_elsewhere_in_the_report_is_not_of_this_page(get):
    assert get(f"/{SLUG}/3.1/cite.ris?paragraph=p-3.2.1.3-1").status_code == 404
    assert get(f"/{SLUG}/3.2.1.3/cite.ris?paragraph=p-3.2.1.3-999").status_code == 404


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
    response = get(f"/en/{SLUG}/3.1.1.3/cite.ris")
    assert "ai-whitepaper-2023-3.1.1.3-citation-en.ris" in response["Content-Disposition"]
    [entry] = rispy.loads(response.content.decode())
    assert entry["notes"][0].startswith("English translation (Whitepaper Search)")
    assert entry["title"] == "A Wave of Dedicated AI Policy Documents"
    assert entry["original_publication"] == "人工智能专项政策文件密集发布"
    assert entry["language"] == "en"
    [bib] = bibtexparser.loads(get(f"/en/{SLUG}/3.1.1.3/cite.bib").content.decode()).entries
    assert bib["author"] == "{Shenzhen Artificial Intelligence Industry Association}"
    assert bib["origtitle"] == "2023 人工智能发展白皮书"
    [item] = json.loads(get(f"/en/{SLUG}/3.1.1.3/cite.json").content)
    assert item["language"] == "en" and "title-short" not in item


def test_every_export_has_a_name_of_its_own(get):
    """Kind, id and language in every download's name: cite.json and data.json of one
    table, and the Chinese and English policies.csv, no longer collide (issue #24)."""
    names = set()
    for path in ("fig-15/cite.ris", "fig-15/cite.bib", "fig-15/cite.json",
                 "fig-15/data.csv", "fig-15/data.json", "policies.csv"):
        for prefix in ("", "/en"):
            disposition = get(f"{prefix}/{SLUG}/{path}")["Content-Disposition"]
            names.add(disposition.split('filename="')[1].rstrip('"'))
    assert len(names) == 11  # data.json holds both languages: one name
    assert {"ai-whitepaper-2023-fig-15-citation-zh.csl.json",
            "ai-whitepaper-2023-fig-15-data-zh-en.json",
            "ai-whitepaper-2023-policies-zh.csv", "ai-whitepaper-2023-policies-en.csv",
            "ai-whitepaper-2023-fig-15-data-en.csv"} <= names


# --------------------------------------------------------------------------- styles

GBT = "china-national-standard-gb-t-7714-2015-numeric"


def test_cite_txt_renders_any_official_style(get):
    response = get(f"/{SLUG}/3.1.1.3/cite.txt?style=ieee")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "“人工智能专项政策文件密集发布”" in text and "pp. 20–25" in text
    default = get(f"/{SLUG}/3.1.1.3/cite.txt").content.decode()
    assert "人工智能专项政策文件密集发布[R/OL]//" in default  # GB/T by default in Chinese
    english = get(f"/en/{SLUG}/3.1.1.3/cite.txt").content.decode()
    assert english.startswith("Shenzhen Artificial Intelligence Industry Association. (2023).")


def test_an_unknown_style_is_a_404_that_gives_the_list(get):
    response = get(f"/{SLUG}/3.1.1.3/cite.txt?style=<script>nope")
    assert response.status_code == 404
    body = response.content.decode()
    assert f"http://testserver/{SLUG}/3.1.1.3/cite/" in body
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    page = get(f"/{SLUG}/3.1.1.3/cite/?style=nope")
    assert page.status_code == 404 and "<script>" not in page.content.decode()


def test_the_style_page_finds_styles_by_name_without_a_script(get):
    page = html(get(f"/{SLUG}/fig-15-p3/cite/?find=chicago"))
    links = xpath(page, '//ul[@class="styles"]//a/@href')
    assert links and all("style=" in link and "find=chicago" in link for link in links)
    assert "chicago-author-date" in texts(page, '//span[@class="style-id"]')
    chosen = html(get(f"/{SLUG}/fig-15-p3/cite/?style=modern-language-association"))
    [text] = texts(chosen, '//pre[@id="cite-chosen"]')
    assert "美国人工智能政策文件" in text and "2023 人工智能发展白皮书" in text
    assert xpath(chosen, '//form[@role="search"]/input[@name="find"]')
    # the unit page links to it
    unit = html(get(f"/{SLUG}/3.1.1.3/"))
    assert xpath(unit, '//a[@data-cite-styles]/@href') == [f"/{SLUG}/3.1.1.3/cite/"]


def test_a_policy_page_says_whose_the_policy_is(get):
    page = html(get(f"/{SLUG}/fig-15-p3/"))
    [note] = texts(page, '//p[@class="cite-policy"]')
    assert "图表 15" in note and "美国《2018年国防部人工智能战略概要" in note
    [gbt] = texts(page, '//pre[@id="cite-gbt"]')
    assert gbt.startswith("深圳市人工智能行业协会. 美国人工智能政策文件[R/OL]//")
    english = html(get(f"/en/{SLUG}/fig-15-p3/"))
    [note] = texts(english, '//p[@class="cite-policy"]')
    assert "Table 15" in note and "United States, “Summary of the 2018" in note


# --------------------------------------------------------------------------- data


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(body[1:])))


ISO_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


def read_excel(response) -> list[list[str]]:
    """The CSV as Excel's dialect reads it, its byte order mark checked."""
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), dialect="excel"))


def test_a_table_as_csv_round_trips(get, report):
    """Every cell as printed, except dates, which are ISO (2016.10 would be the number
    2016.1 to Excel), and the amount columns added beside the printed ones."""
    for table in report.tables():
        response = get(f"/{SLUG}/{table.id}/data.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = read_excel(response)
        if table.id == "fig-31":
            continue  # amounts: its own test
        expected = [list(table.header), *([re.sub(r"^(\d{4})\.(\d{2})$", r"\1-\2", c)
                                           for c in row] for row in table.rows)]
        assert rows == expected


def test_dates_in_csv_are_iso(get, report):
    for table in report.tables():
        rows = read_excel(get(f"/{SLUG}/{table.id}/data.csv"))
        for row in rows[1:]:
            for cell in row:
                assert not re.match(r"^\d{4}\.\d{1,2}$", cell), (table.id, cell)
    policies = read_excel(get(f"/{SLUG}/policies.csv"))
    date = policies[0].index("date")
    assert all(ISO_MONTH.match(row[date]) for row in policies[1:])
    assert policies[0][date + 1] == "date_printed"
    assert {row[date + 1] for row in policies[1:]} >= {"2016.10"}
    table15 = read_excel(get(f"/{SLUG}/fig-15/data.csv"))
    assert table15[1][0] == "2016-10" and all(ISO_MONTH.match(r[0]) for r in table15[1:])


def test_amounts_get_a_number_and_a_currency(get):
    """Table 31 prints 10.7亿港元: beside it the value 1070000000 and HKD, so that the
    column sorts and sums; 未透露 leaves them empty."""
    rows = read_excel(get(f"/{SLUG}/fig-31/data.csv"))
    assert rows[0] == ["企业简称", "所属领域", "上市时间", "融资金额", "融资金额 (数值)",
                       "融资金额 (币种)"]
    assert rows[1][3:] == ["10.7亿港元", "1070000000", "HKD"]
    assert rows[2][3:] == ["未透露", "", ""]
    assert rows[3][3:] == ["18.3亿人民币", "1830000000", "CNY"]
    values = [float(r[4]) for r in rows[1:] if r[4]]
    assert len(values) == 10 and sum(values) > 1e10
    english = read_excel(get(f"/en/{SLUG}/fig-31/data.csv"))
    assert english[0][3:] == ["Amount Raised", "Amount Raised (value)",
                              "Amount Raised (currency)"]
    assert english[1][3:] == ["HKD 1.07 billion", "1070000000", "HKD"]
    data = json.loads(get(f"/{SLUG}/fig-31/data.json").content)
    [column] = data["amounts"]
    assert column["column"] == 4 and column["values"][0] == "1070000000"
    assert column["currencies"][:3] == ["HKD", None, "CNY"]


def test_negative_ranks_stay_numbers(get):
    """图表 45's rank changes include -1: a plain number, not neutralised as a formula."""
    rows = read_excel(get(f"/{SLUG}/fig-45/data.csv"))
    changes = [row[3] for row in rows[1:]]
    assert "-1" in changes and "-4" in changes
    assert all(not c.startswith("'") for c in changes)


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
    rows = read_excel(get(f"/{SLUG}/policies.csv"))
    assert rows[0] == ["id", "table", "region", "region_en", "date", "date_printed", "name",
                       "name_en", "content", "content_en", "url"]
    assert len(rows) == 1 + 63
    assert {r[0] for r in rows[1:]} == {p.id for p in report.policies()}
    assert all(r[3] and r[7] and r[9] for r in rows[1:])  # English region, name, content
    dates = [r[4] for r in rows[1:]]
    assert dates == sorted(dates, reverse=True)


def test_the_english_policies_csv_reads_in_english(get):
    rows = read_excel(get(f"/en/{SLUG}/policies.csv"))
    assert rows[0][:4] == ["id", "table", "region", "region_zh"]
    regions = {row[2] for row in rows[1:]}
    assert {"Jiangsu", "United States", "Beijing"} <= regions
    assert not any(re.search("[\u4e00-\u9fff]", region) for region in regions)
    jiangsu = next(row for row in rows[1:] if row[3] == "江苏省")
    assert jiangsu[2] == "Jiangsu"


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


# --------------------------------------------------------------------------- translator's notes


@pytest.mark.parametrize(("unit", "paragraph", "says_zh", "says_en"), [
    ("4.2.1", "p-4.2.1-1", "两次提到安徽", "names Anhui twice"),
    ("3", "p-3-1", "3.2.2.2 节", "section 3.2.2.2"),
    ("4.2.3", "p-4.2.3-2", "应为“长三角”", "Yangtze River Delta (长三角) is probably meant"),
])
def test_the_source_contradicting_itself_gets_a_translators_note(get, unit, paragraph,
                                                                  says_zh, says_en):
    """Both editions' pages mark the note as the translator's and say what the other
    passage states (issue #24)."""
    chinese = html(get(f"/{SLUG}/{unit}/"))
    [note] = texts(chinese, f'//aside[@id="{paragraph}-note"]')
    assert note.startswith("译者注：") and says_zh in note
    english = html(get(f"/en/{SLUG}/{unit}/"))
    [note] = texts(english, f'//aside[@id="{paragraph}-note"]')
    assert note.startswith("Translator's note:") and says_en in note
    both = html(get(f"/{SLUG}/{unit}/?text=both"))
    assert len(xpath(both, f'//aside[@id="{paragraph}-note"]/p')) == 2


def test_a_paragraph_without_a_contradiction_has_no_note(get):
    page = html(get(f"/{SLUG}/3.2.2.2/"))
    assert xpath(page, '//aside[@class="translator-note"]') == []
