"""The English edition as data: complete and faithful over the whole report, stale when the
Chinese changes, reported by `translation_status` and `build_index`; and, on the tiny
report with a tiny translation, what a missing or a stale entry does to the pages."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from search.document.corpus import find_reports, load_report
from search.document.model import CorpusError
from search.engine.writer import build_index
from search.language.edition import (
    SourceText,
    current_notes,
    edition_status,
    fingerprint,
    load_edition,
    parse_edition_file,
    source_texts,
)
from search.language.fidelity import (
    check_edition,
    check_renderings,
    english_only_numbers,
    entry_problems,
    glossary_names,
    load_renderings,
    numerals_zh,
    parse_renderings,
    variants_in,
    wrong_directions,
)
from search.language.glossary import load_glossary
from tests.conftest import CORPUS, line_of, texts

# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def edition(real_source):
    return load_edition(real_source.edition_path)


def test_every_piece_of_the_report_has_a_current_translation(report, edition):
    status = edition_status(report, edition)
    assert status.total > 1300  # headings, paragraphs, footnotes, captions, every cell
    assert (status.translated, len(status.missing), len(status.stale),
            len(status.unknown)) == (status.total, 0, 0, 0)
    assert {c.chapter for c in status.chapters} >= {"front", "1", "3", "7", "back"}


def test_every_translation_carries_the_numbers_and_the_glossary_names(report, edition):
    names = glossary_names(load_glossary(CORPUS / "glossary.tsv"))
    assert any(n.chinese == "商汤科技" for n in names)
    assert check_edition(report, edition, names) == []


def test_ids_are_the_pages_ids(report, edition):
    """The edition is keyed like the pages' anchors: paragraphs, cells, policies."""
    assert edition["p-3.1.1.1-1"].en.startswith("Backed by strong technological innovation")
    assert edition["fig-15.h1"].en == "Date"
    ids = [s.id for s in source_texts(report)]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- checks


def piece(zh: str) -> SourceText:
    return SourceText("p-1-1", zh, "1", "1")


@pytest.mark.parametrize(("zh", "en"), [
    ("规模达 342 亿元", "worth 34.2 billion yuan"),
    ("约 1.7 万起融资", "about 17,000 financing deals"),
    ("同比减少 66.2%", "down 66.2% year on year"),
    ("截至 2022 年底，共 11689 家", "by the end of 2022, 11,689 in all"),
    ("发布《新一代人工智能发展规划》", "issued the 《新一代人工智能发展规划》 plan"),
])
def test_a_faithful_translation_passes(zh, en):
    assert entry_problems(piece(zh), en) == []


@pytest.mark.parametrize(("zh", "en", "problem"), [
    ("规模达 342 亿元", "worth 342 million yuan", "numbers missing: 34,200,000,000"),
    ("同比减少 66.2%", "down sharply", "numbers missing: 66.2"),
    ("人工智能企业", "AI 企业", "Chinese left in: 企业"),
    ("人工智能", "人工智能", "copied untranslated"),
    ("人工智能", "", "empty"),
])
def test_an_unfaithful_translation_is_named(zh, en, problem):
    assert any(p.startswith(problem) for p in entry_problems(piece(zh), en))


@pytest.mark.parametrize(("zh", "values"), [
    ("泛人工智能企业数量突破八千家", {8000.0}),
    ("近百家企业", {100.0}),
    ("占全国总数的三分之一", {1 / 3}),
    ("近四分之一", {0.25}),
    ("一万二千人", {12000.0}),
    ("三十五个项目", {35.0}),
    ("第一章 一些 统一 十四五 数百家 万物互联 千行百业 3.5 万亿元", set()),
])
def test_numbers_written_in_chinese_characters_are_read(zh, values):
    assert numerals_zh(zh) == values


@pytest.mark.parametrize(("zh", "en"), [
    ("泛人工智能企业数量突破八千家", "the number of pan-AI companies exceeded 8,000"),
    ("近百家企业", "nearly a hundred companies"),
    ("占全国总数的三分之一", "a third of the national total"),
    ("《廊坊市促进人工智能产业发展十三条措施》", "Thirteen Measures of Langfang"),
])
def test_numbers_in_chinese_characters_carried_over_pass(zh, en):
    assert entry_problems(piece(zh), en) == []


def test_a_number_in_chinese_characters_left_out_is_named():
    problems = entry_problems(piece("泛人工智能企业数量突破八千家"), "many pan-AI companies")
    assert "numbers missing: 8,000" in problems


@pytest.mark.parametrize(("zh", "en", "added"), [
    ("规模达 342 亿元", "worth RMB 35.2 billion, 34.2 billion in all", [35_200_000_000]),
    ("完成了 1738 起融资", "completed 1,783 financing rounds", [1783]),
    ("2022 年同比下降", "fell in 2021 year on year", [2021]),
])
def test_a_number_only_in_the_english_is_named(zh, en, added):
    assert english_only_numbers(zh, en) == added


@pytest.mark.parametrize(("zh", "en"), [
    ("规模达 342 亿元", "worth RMB 34.2 billion"),
    ("第一章介绍", "Chapter 1 introduces"),
    ("“十四五”规划", "the 14th Five-Year Plan"),
    ("2016.10", "October 2016"),
    ("受新冠疫情影响", "affected by COVID-19"),
])
def test_numbers_the_chinese_has_in_another_form_are_not_added(zh, en):
    assert english_only_numbers(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "wrong"), [
    ("同比下降 23.1%", "up 23.1% year on year", True),
    ("同比下降 23.1%", "down 23.1% year on year", False),
    ("同比下降 23.1%", "a 23.1% drop year on year", False),
    ("同比增长 5.6%", "falling 5.6% year on year", True),
    ("同比增长 5.6%", "growth of 5.6% year on year", False),
    ("增长率仅为 5.6%", "a growth rate of only 5.6%", False),
])
def test_the_direction_of_a_change_next_to_a_figure(zh, en, wrong):
    assert bool(wrong_directions(zh, en)) is wrong


def test_one_term_one_rendering():
    renderings = parse_renderings(
        "#= 物联网\tInternet of Things\tinternet of things | IoT\n"
        "#= *\tlabor\tlabour\n"
        "#= 白皮书\twhite paper\tWhite Book\texcept=The White Book on AI\n"
        "#= 《国家人工智能战略》\tNational Strategy for Artificial Intelligence\t"
        "National AI Strategy\tin=fig-27 | 3.1.4\n")
    iot = piece("物联网和大数据")
    assert variants_in(iot, "the Internet of Things and big data", renderings) == []
    assert variants_in(iot, "IoT and big data", renderings) == [
        "“IoT” is a variant of “Internet of Things” (物联网)",
        "物联网 should be rendered “Internet of Things”"]
    assert variants_in(piece("劳动"), "human labour", renderings) == [
        "“labour” is a variant of “labor”"]
    assert variants_in(piece("本白皮书"), "this white paper", renderings) == []
    assert variants_in(piece("《2023 白皮书》"), "The White Book on AI", renderings) == []
    assert variants_in(piece("本白皮书"), "this White Book", renderings)
    india = SourceText("fig-27.r2.c2", "《国家人工智能战略》", "3.1.4.3", "3")
    uk = SourceText("fig-19.r10.c2", "《国家人工智能战略》", "3.1.2.3", "3")
    assert variants_in(india, "National AI Strategy", renderings)
    assert variants_in(uk, "National AI Strategy", renderings) == []


def test_the_edition_keeps_one_rendering_per_term(report, edition):
    renderings = load_renderings(CORPUS / "glossary.tsv")
    assert len(renderings) >= 15
    assert check_renderings(report, edition, renderings) == []


def test_a_variant_fails_the_status_command(corpus_copy):
    path = corpus_copy / "ai-whitepaper-2023.en" / "5.tsv"
    text = path.read_text(encoding="utf-8")
    assert "the Internet of Things and face recognition" in text
    path.write_text(text.replace("the Internet of Things and face recognition",
                                 "IoT and face recognition"), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 translations break a check"):
        call_command("translation_status", corpus=corpus_copy, stdout=out)
    assert "variants 1, failing checks 0" in out.getvalue()
    assert "p-5.5.1-3: “IoT” is a variant of “Internet of Things” (物联网)" in out.getvalue()


@pytest.mark.parametrize(("unit", "says"), [
    ("p-3.2.2.2-1", "specialized, refined, distinctive and innovative (SRDI) SMEs"),
    ("p-preface-1", "AI-generated content (AIGC)"),
    ("fig-4.r1.c1", "iFLYTEK"),
    ("fig-44.r6.c2", "Sun Yat-sen University International Innovation Valley"),
    ("2.2.2", "Not Intense Enough"),
    ("p-2.2.1-1", "is relatively high"),
    ("fig-27.r2.c2", "National Strategy for Artificial Intelligence"),
    ("fig-28.unit", "RMB 100 million"),
])
def test_specialist_terms_and_hedges(edition, unit, says):
    assert says in edition[unit].en


def test_aigc_is_explained_once(report, edition):
    explained = [s.id for s in source_texts(report)
                 if "AI-generated content (AIGC)" in edition[s.id].en]
    assert explained == ["p-preface-1"]


# --------------------------------------------------------------------------- notes


def test_three_contradictions_of_the_source_have_translators_notes(report, edition):
    notes = current_notes(report, edition)
    assert set(notes) == {"p-4.2.1-1", "p-3-1", "p-4.2.3-2"}
    english, chinese = notes["p-3-1"]
    assert english.startswith("Translator's note:") and "3.2.2.2" in english
    assert chinese.startswith("译者注：") and "第二" in chinese


def test_a_note_is_a_field_of_the_edition_line():
    [entry] = parse_edition_file("p-1-1\t0123abcd\tText.\tA note.\t一条注。\n", "x.tsv")
    assert (entry.en, entry.note_en, entry.note_zh) == ("Text.", "A note.", "一条注。")
    with pytest.raises(CorpusError, match="x.tsv:1"):
        parse_edition_file("p-1-1\t0123abcd\tText.\tA note.\n", "x.tsv")
    with pytest.raises(CorpusError, match="needs its English and its Chinese"):
        parse_edition_file("p-1-1\t0123abcd\tText.\tA note.\t\n", "x.tsv")


def test_a_note_goes_stale_with_its_translation(corpus_copy):
    text = corpus_copy / "2023-ai-whitepaper.txt"
    original = text.read_text(encoding="utf-8")
    edited = original.replace("企业数量为全国第三", "企业数量为全国第二", 1)
    text.write_text(edited, encoding="utf-8")
    [source] = find_reports(corpus_copy)
    notes = current_notes(load_report(source), load_edition(source.edition_path))
    assert "p-3-1" not in notes and len(notes) == 2


def test_glossary_names_are_used_consistently():
    names = glossary_names(load_glossary(CORPUS / "glossary.tsv"))
    problems = entry_problems(piece("商汤科技发布了新模型"), "Shangtang released a model", names)
    assert any(p.startswith("商汤科技 should be SenseTime") for p in problems)
    assert entry_problems(piece("商汤科技发布了新模型"), "SenseTime released a model",
                          names) == []


# --------------------------------------------------------------------------- staleness


def test_a_changed_chinese_paragraph_is_reported_stale(corpus_copy):
    text = corpus_copy / "2023-ai-whitepaper.txt"
    original = text.read_text(encoding="utf-8")
    text.write_text(original.replace("居全球首位；其中", "居全球第一；其中", 1), encoding="utf-8")
    [source] = find_reports(corpus_copy)
    status = edition_status(load_report(source), load_edition(source.edition_path))
    assert [s.id for s, _entry in status.stale] == ["p-3.1.1.1-1"]
    assert status.translated == status.total - 1

    out = io.StringIO()
    call_command("translation_status", corpus=corpus_copy, stdout=out)
    report = out.getvalue()
    assert "stale 1" in report and "variants 0, failing checks 0" in report
    assert re.search(r"3\.1\.tsv:\d+: p-3\.1\.1\.1-1: stale, the Chinese is now: 基于强大",
                     report)


def test_translation_status_prints_coverage_per_chapter(real_source):
    out = io.StringIO()
    call_command("translation_status", stdout=out)
    report = out.getvalue()
    assert re.search(r"^\s+3\s+\d+/\d+\s+100\.0%$", report, re.M)
    assert re.search(r"^\s+all\s+(\d+)/\1\s+100\.0%$", report, re.M)
    assert "missing 0, stale 0, unknown ids 0, variants 0, failing checks 0" in report


def test_a_broken_translation_file_names_its_line(corpus_copy):
    path = corpus_copy / "ai-whitepaper-2023.en" / "7.tsv"
    with path.open("a", encoding="utf-8") as file:
        file.write("p-7-1\tnot-hex\tSomething\n")
    with pytest.raises(CorpusError) as error:
        load_edition(path.parent)
    assert f"{path}:{line_of(path, 'not-hex')}" in str(error.value)


# --------------------------------------------------------------------------- tiny edition


def tiny_translation(corpus) -> tuple[str, str]:
    """A translation of two pieces of the tiny report, one of them since edited in the
    Chinese (stale); everything else missing."""
    [source] = find_reports(corpus)
    report = load_report(source)
    zh = {s.id: s.zh for s in source_texts(report)}
    folder = corpus / "tiny-report.en"
    folder.mkdir()
    (folder / "1.tsv").write_text(
        f"1\t{fingerprint(zh['1'])}\tChapter One\n"
        f"p-1-1\t{fingerprint(zh['p-1-1'])}\tThe introduction of chapter one, on quantum "
        "machine learning, ChatGPT and 5nm chips.\n"
        f"p-1.1.1-1\t{fingerprint('细节一节原来的文字。')}\tThe old text of the details.\n",
        encoding="utf-8")
    return zh["p-1-1"], zh["p-1.1.1-1"]


def test_tiny_edition_missing_and_stale(tiny_corpus):
    tiny_translation(tiny_corpus)
    [source] = find_reports(tiny_corpus)
    status = edition_status(load_report(source), load_edition(source.edition_path))
    assert status.translated == 2
    assert [s.id for s, _ in status.stale] == ["p-1.1.1-1"]
    assert len(status.missing) == status.total - 3


def test_build_reports_the_tiny_editions_stale_entry(tiny_corpus, tmp_path):
    tiny_translation(tiny_corpus)
    out = io.StringIO()
    call_command("build_index", corpus=tiny_corpus, index=tmp_path / "index", stdout=out)
    assert "English edition: 2 of" in out.getvalue()
    assert re.search(r"stale: .*1\.tsv:3: p-1\.1\.1-1", out.getvalue())


@pytest.fixture
def tiny_site(tiny_corpus, tmp_path, client):
    tiny_translation(tiny_corpus)
    index = tmp_path / "index"
    build_index(tiny_corpus, index)
    with override_settings(SEARCH_INDEX_DIR=index, CORPUS_DIR=tiny_corpus):
        yield client


def test_english_page_shows_the_translation_and_the_chinese_where_there_is_none(tiny_site):
    page = tiny_site.get("/en/tiny-report/1/").content.decode()
    assert texts(page, '//div[@id="p-1-1"]/p[@lang="en"]') == [
        "The introduction of chapter one, on quantum machine learning, ChatGPT and 5nm chips."]
    # untranslated (missing) and stale pieces are shown in the original, marked Chinese
    assert texts(page, '//div[@id="p-1.1-1"]/p[@lang="zh-Hans"]')[0].startswith("这一段被分页切断")
    assert texts(page, '//div[@id="p-1.1.1-1"]/p[@lang="zh-Hans"]') == ["细节一节的文字。"]
    assert "The old text" not in page


def test_stale_english_is_not_searched(tiny_site):
    found = tiny_site.get("/api/search?q=old+text+details").json()
    assert found["total"] == 0 or all(h["id"] != "1.1.1" for h in found["results"])
    fresh = tiny_site.get("/api/search?q=quantum+machine+learning").json()
    assert fresh["results"][0]["id"] == "1"


def test_a_corpus_without_an_edition_still_builds(tiny_corpus, tmp_path):
    shutil.rmtree(tiny_corpus / "tiny-report.en", ignore_errors=True)
    result = build_index(tiny_corpus, tmp_path / "index")
    assert result.editions["tiny-report"].translated == 0
