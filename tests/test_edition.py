"""The English edition as data: complete and faithful over the whole report, stale when the
Chinese changes, reported by `translation_status` and `build_index`; and, on the tiny
report with a tiny translation, what a missing or a stale entry does to the pages."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.test import override_settings

from search.document.corpus import find_reports, load_report
from search.document.model import CorpusError
from search.engine.writer import build_index
from search.language.edition import (
    SourceText,
    check_edition,
    edition_status,
    entry_problems,
    fingerprint,
    glossary_names,
    load_edition,
    source_texts,
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
    assert "stale 1" in report and "failing checks 0" in report
    assert re.search(r"3\.1\.tsv:\d+: p-3\.1\.1\.1-1: stale, the Chinese is now: 基于强大",
                     report)


def test_translation_status_prints_coverage_per_chapter(real_source):
    out = io.StringIO()
    call_command("translation_status", stdout=out)
    report = out.getvalue()
    assert re.search(r"^\s+3\s+\d+/\d+\s+100\.0%$", report, re.M)
    assert re.search(r"^\s+all\s+(\d+)/\1\s+100\.0%$", report, re.M)
    assert "missing 0, stale 0, unknown ids 0, failing checks 0" in report


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
