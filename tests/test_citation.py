"""Citations of a unit as a part of the report — GB/T 7714-2015, APA 7, BibTeX, RIS and
CSL-JSON — read back by the parsers reference managers use (rispy, bibtexparser,
citeproc-py), not only compared as strings."""

from __future__ import annotations

import json
from datetime import date

import bibtexparser
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from search.publish.citation import Cited, apa, bibtex, csl_json, gbt7714, ris, tight

URL = "https://search.example/ai-whitepaper-2023/3.1.1.3/"
PUBLISHER = "深圳市人工智能行业协会"


def cited(meta, pages=(20, 25), unit_id="3.1.1.3", **fields) -> Cited:
    defaults = {"heading": "（3）人工智能专项政策文件密集发布",
                "title": "人工智能专项政策文件密集发布",
                "title_en": "A Wave of Dedicated AI Policy Documents"}
    defaults.update(fields)
    heading = defaults.pop("heading")
    return Cited(meta, unit_id, heading, pages, URL, date(2026, 11, 25), **defaults)


def whole(meta) -> Cited:
    return Cited(meta, "", "", None, "https://search.example/ai-whitepaper-2023/",
                 date(2026, 11, 25))


# --------------------------------------------------------------------------- GB/T, APA


def test_gbt7714_cites_the_section_as_a_part_of_the_report(report):
    assert gbt7714(cited(report.meta)) == (
        f"{PUBLISHER}. 人工智能专项政策文件密集发布[R/OL]//{PUBLISHER}. 2023人工智能发展白皮书. "
        f"深圳: {PUBLISHER}, 2023: 20-25[2026-11-25]. {URL}.")


def test_gbt7714_of_the_whole_report_and_of_one_page(report):
    assert gbt7714(whole(report.meta)).startswith(
        f"{PUBLISHER}. 2023人工智能发展白皮书[R/OL]. 深圳: {PUBLISHER}, 2023[2026-11-25].")
    assert "2023: 108[2026-11-25]" in gbt7714(cited(report.meta, pages=(108, 108)))


def test_units_differ_by_their_titles_not_only_pages_and_urls(report):
    one = gbt7714(cited(report.meta))
    other = gbt7714(cited(report.meta, unit_id="fig-15", heading="图表 15：美国人工智能政策文件",
                          title="美国人工智能政策文件"))
    assert "美国人工智能政策文件[R/OL]//" in other and other.replace(
        "美国人工智能政策文件", "人工智能专项政策文件密集发布") == one


def test_apa_cites_a_part_with_english_titles_in_brackets(report):
    assert apa(cited(report.meta)) == (
        f"{PUBLISHER} [Shenzhen Artificial Intelligence Industry Association]. (2023). "
        "人工智能专项政策文件密集发布 [A Wave of Dedicated AI Policy Documents]. In "
        "2023 人工智能发展白皮书 [The White Book on the Development of Artificial "
        f"Intelligence in 2023] (pp. 20–25). {URL}")


def test_an_english_page_cites_the_original_as_translated(report):
    english = cited(report.meta, english=True)
    assert "[R/OL][English translation]//" in gbt7714(english)
    assert "[A Wave of Dedicated AI Policy Documents; English translation]" in apa(english)
    assert "English translation" in rispy.loads(ris(english))[0]["notes"][0]


def test_chinese_typesetting_has_no_space_next_to_latin():
    assert tight("2023 人工智能发展白皮书") == "2023人工智能发展白皮书"
    assert tight("珠三角 AI 产业集群") == "珠三角AI产业集群"
    assert tight("The White Book") == "The White Book"


# --------------------------------------------------------------------------- BibTeX


def parse_bibtex(text: str) -> dict:
    [entry] = bibtexparser.loads(text).entries
    return entry


def test_bibtex_is_an_inbook_entry_that_bibtexparser_reads(report):
    entry = parse_bibtex(bibtex(cited(report.meta)))
    assert entry["ENTRYTYPE"] == "inbook" and entry["ID"] == "ai-whitepaper-2023:3.1.1.3"
    assert (entry["author"], entry["title"], entry["chapter"]) == (
        f"{{{PUBLISHER}}}",  # braced: an organisation, not a "Last, First" name
        "2023 人工智能发展白皮书", "人工智能专项政策文件密集发布")
    assert (entry["year"], entry["pages"], entry["url"], entry["urldate"]) == (
        "2023", "20--25", URL, "2026-11-25")


def test_bibtex_of_the_report_is_a_techreport(report):
    entry = parse_bibtex(bibtex(whole(report.meta)))
    assert entry["ENTRYTYPE"] == "techreport" and entry["institution"] == PUBLISHER


def test_bibtex_escapes_tex_specials(report):
    entry = bibtex(cited(report.meta, title="占比 50% {x} & #1"))
    assert "chapter = {占比 50\\% x \\& \\#1}" in entry
    assert parse_bibtex(entry)["chapter"] == "占比 50\\% x \\& \\#1"


# --------------------------------------------------------------------------- RIS, CSL


def test_ris_is_a_book_chapter_that_rispy_reads(report):
    [entry] = rispy.loads(ris(cited(report.meta)))
    assert entry["type_of_reference"] == "CHAP"
    assert entry["title"] == "人工智能专项政策文件密集发布"
    assert entry["secondary_title"] == "2023 人工智能发展白皮书"
    assert entry["authors"] == [PUBLISHER] and entry["publisher"] == PUBLISHER
    assert (entry["start_page"], entry["end_page"], entry["urls"]) == ("20", "25", [URL])
    assert entry["year"] == "2023" and entry["language"] == "zh"


def test_ris_of_a_quote_keeps_the_quote(report):
    [entry] = rispy.loads(ris(cited(report.meta, quote="美国泛人工智能企业数量达到 11689 家")))
    assert entry["notes"] == ["“美国泛人工智能企业数量达到 11689 家”"]


def render_csl(item_json: str, style: str) -> str:
    source = CiteProcJSON(json.loads(item_json))
    bibliography = CitationStylesBibliography(CitationStylesStyle(style, validate=False),
                                              source, formatter.plain)
    [item] = json.loads(item_json)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def test_csl_json_renders_with_citeproc(report):
    text = render_csl(csl_json(cited(report.meta)), "harvard-cite-them-right")
    for part in ("人工智能专项政策文件密集发布", "2023 人工智能发展白皮书", "2023", PUBLISHER):
        assert part in text


def test_csl_json_is_a_chapter_with_its_container(report):
    [item] = json.loads(csl_json(cited(report.meta)))
    assert item["type"] == "chapter" and item["container-title"] == "2023 人工智能发展白皮书"
    assert item["page"] == "20-25" and item["URL"] == URL
    assert item["issued"] == {"date-parts": [[2023, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 25]]}


def test_a_document_without_place_or_english_titles_is_still_cited_cleanly(report):
    from dataclasses import replace

    bare = replace(report.meta, place="", title_en="", publisher_en="")
    unit = cited(bare, title_en="")
    text = gbt7714(unit)
    assert ". 深圳市人工智能行业协会, 2023: 20-25[" in text and ": 深圳" not in text
    assert "[]" not in apa(unit) and apa(unit).startswith("深圳市人工智能行业协会. (2023). ")
