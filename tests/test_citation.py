"""Citations: GB/T 7714-2015, APA and BibTeX for a section, with its own pages."""

from __future__ import annotations

from datetime import date

from search.citation import Cited, apa, bibtex, gbt7714, tight

URL = "https://search.example/ai-whitepaper-2023/3.1.1.3/"


def cited(meta, pages=(20, 25), unit_id="3.1.1.3", heading="（3）人工智能专项政策文件密集发布"):
    return Cited(meta, unit_id, heading, pages, URL, date(2026, 11, 25))


def test_gbt7714_exactly(report):
    assert gbt7714(cited(report.meta)) == (
        "深圳市人工智能行业协会. 2023人工智能发展白皮书[R/OL]. 深圳: 深圳市人工智能行业协会, "
        "2023: 20-25[2026-11-25]. https://search.example/ai-whitepaper-2023/3.1.1.3/.")


def test_gbt7714_without_pages_and_on_one_page(report):
    assert "2023[2026-11-25]" in gbt7714(cited(report.meta, pages=None, unit_id="preface"))
    assert "2023: 108[2026-11-25]" in gbt7714(cited(report.meta, pages=(108, 108)))


def test_apa(report):
    assert apa(cited(report.meta)) == (
        "深圳市人工智能行业协会 [Shenzhen Artificial Intelligence Industry Association]. (2023). "
        "2023 人工智能发展白皮书 [The White Book on the Development of Artificial Intelligence "
        "in 2023] (pp. 20–25). https://search.example/ai-whitepaper-2023/3.1.1.3/")


def test_bibtex(report):
    entry = bibtex(cited(report.meta))
    assert entry.startswith("@techreport{ai-whitepaper-2023:3.1.1.3,\n")
    for line in ("  author = {深圳市人工智能行业协会}", "  year = {2023}", "  month = mar",
                 "  pages = {20--25}", f"  url = {{{URL}}}", "  urldate = {2026-11-25}",
                 "  note = {（3）人工智能专项政策文件密集发布}"):
        assert line in entry
    assert entry.endswith("\n}")


def test_bibtex_escapes_tex_specials(report):
    entry = bibtex(cited(report.meta, heading="占比 50% {x}"))
    assert "note = {占比 50\\% x}" in entry


def test_chinese_typesetting_has_no_space_next_to_latin():
    assert tight("2023 人工智能发展白皮书") == "2023人工智能发展白皮书"
    assert tight("珠三角 AI 产业集群") == "珠三角AI产业集群"
    assert tight("The White Book") == "The White Book"
