"""Documents as people have them (issue 25): a regulation as Markdown, as a Word file with
bold paragraphs instead of heading styles, printed to PDF by LibreOffice and typeset with a
page in two columns; RFC 6455 exactly as published. Each is read with its true structure
and at least 99% of its text reaching indexed units; and the small rules behind that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search.document.corpus import find_reports
from search.document.headings import decimal_heading, law_heading
from search.document.ingest import Ingested, prepare
from search.document.ingest.layout import Word, page_lines
from search.document.model import Report, Section
from search.engine.writer import build_index
from search.query.goto import find_goto
from tests.conftest import CORPUS

EXAMPLES = CORPUS.parent / "tests" / "fixtures" / "examples"
REGULATION = "深圳经济特区人工智能产业促进条例"
REGULATION_FILES = ("shenzhen-ai-regulation-2022.md", "shenzhen-ai-regulation-2022-bold.docx",
                    "shenzhen-ai-regulation-2022-bold.pdf", "shenzhen-ai-regulation-2022.pdf")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict[str, Ingested]:
    corpus = tmp_path_factory.mktemp("formats")
    found = {name: prepare(EXAMPLES / name, corpus, slug=name.replace(".", "-"))
             for name in REGULATION_FILES}
    found["rfc6455.txt"] = prepare(EXAMPLES / "rfc6455.txt", corpus)  # the slug rfc6455
    return found


def chapters(report: Report) -> list[Section]:
    return [s for s in report.sections if s.part == "body"]


@pytest.mark.parametrize("name", REGULATION_FILES)
def test_the_regulation_is_read_with_its_true_structure_in_every_format(ingested, name):
    found = ingested[name]
    assert found.preset == "law"
    assert found.stub.meta.title == REGULATION  # not the adoption line, not **bold**
    body = chapters(found.report)
    assert [c.number for c in body] == [f"第{n}章" for n in "一二三四五六七"]
    assert body[0].title == "总则" and body[-1].title == "附则"
    assert [a.id for a in found.report.articles()] == [f"art-{n}" for n in range(1, 74)]
    # chapter 4 (two columns in the typeset PDF) holds articles 37–46, in order
    assert [c.id for c in body[3].children] == [f"art-{n}" for n in range(37, 47)]
    # chapter 1 is not lost to the adoption line above it (the LibreOffice PDF)
    assert [c.id for c in body[0].children] == [f"art-{n}" for n in range(1, 13)]
    assert found.kept.share >= 0.99


def test_a_pdf_sets_its_running_header_aside_but_not_its_title(ingested):
    found = ingested["shenzhen-ai-regulation-2022.pdf"]
    reasons = {(a.text, a.reason) for a in found.aside}
    assert (REGULATION, "running header") in reasons  # the small one on every page
    assert any(a.reason == "page number" and a.text == "— 5 —" for a in found.aside)
    assert found.text.startswith(f"# {REGULATION}\n")  # the large one on page 1 stays


def test_rfc_6455_as_published(ingested):
    found = ingested["rfc6455.txt"]
    meta = found.stub.meta
    assert found.preset == "decimal"
    assert (meta.title, meta.language, meta.date) == ("The WebSocket Protocol", "en", "2011-12")
    assert "Internet Engineering Task Force" in meta.publisher
    body = chapters(found.report)
    assert [c.id for c in body] == [str(n) for n in range(1, 15)]
    assert body[0].title == "Introduction" and body[-1].title == "References"
    subsections = [s for s, _ in found.report.walk() if s.part == "body" and s.level > 1]
    assert len(subsections) == 74
    titles = [s.title for s, _ in found.report.walk()]
    assert "Collected ABNF for New Header Fields Used in Handshake" in titles  # long
    assert found.report.sections[0].title == "Front matter"  # English, not 引言
    # ~140 page headers and footers set aside, not left inside paragraphs
    assert sum(1 for a in found.aside if a.reason.startswith("running")) >= 140
    text = "\n".join(p.text for s, _ in found.report.walk() for p in s.paragraphs)
    assert "Fette & Melnikov" not in text and "[Page" not in text
    # status codes are text, diagrams preformatted text, and no table is made up
    codes = next(s for s, _ in found.report.walk() if s.id == "7.4.1")
    assert any(p.text.startswith("1000") for p in codes.paragraphs)
    assert not list(found.report.tables())
    framing = next(s for s, _ in found.report.walk() if s.id == "5.2")
    drawn = [p for p in framing.paragraphs if p.preformatted]
    assert drawn and "|F|R|R|R| opcode|M| Payload len |" in drawn[0].text
    assert found.kept.share >= 0.99


# --------------------------------------------------------------------------- the rules


def test_an_article_in_bold_with_a_full_width_space_or_no_space():
    for line in ("**第一条**　为了促进", "第一条　为了促进", "第一条为了促进",
                 "**第一条** 为了促进"):
        heading = law_heading(line)
        assert heading is not None and heading.key == "art-1"
        assert heading.rest == "为了促进"
    assert law_heading("第十条规定的情形") is None  # a reference, not an article
    assert law_heading("第十条之规定") is None


def test_a_decimal_heading_is_unindented_and_may_be_long():
    close = decimal_heading("5.5.1.  Close")
    assert close is not None and close.key == "5.5.1"
    assert decimal_heading("   5 Castle Business Village") is None  # an address
    long = decimal_heading("4.3.  Collected ABNF for New Header Fields Used in Handshake")
    assert long is not None and long.title.startswith("Collected ABNF")
    assert decimal_heading("1.  Introduction . . . . . . . . 4") is None  # contents


def test_a_repeated_decimal_number_is_text_not_an_abort(tmp_path):
    path = tmp_path / "standard.txt"
    path.write_text("1 Scope\n\nText.\n\n1.1 Terms\n\nMore text.\n\n1.1 Again\n\nStill text.\n"
                    "\n2 Other\n\nEnd.\n", encoding="utf-8")
    found = prepare(path, tmp_path / "corpus", preset="decimal")
    assert [s.id for s, _ in found.report.walk()] == ["1", "1.1", "2"]


def words_in_columns() -> list[Word]:
    """A page: a centred heading, then two columns of three lines, set a little apart in
    height (as a typesetter sets them), then a full-width line."""
    out = [Word("标题", 250, 290, 10, 22, 12)]
    for row in range(3):
        out.append(Word(f"左{row}", 50, 250, 40 + 20 * row, 51, 11))
        out.append(Word(f"右{row}", 300, 500, 45 + 20 * row, 56, 11))
    out.append(Word("全宽的一行", 50, 500, 120, 131, 11))
    return out


def test_columns_are_read_one_after_the_other():
    lines = page_lines(words_in_columns(), 1)
    assert [line.text for line in lines] == ["标题", "左0", "左1", "左2", "右0", "右1", "右2",
                                             "全宽的一行"]


# --------------------------------------------------------------------------- the library


def test_go_to_an_article_or_a_section_by_any_document_name(ingested):
    reports = {found.stub.meta.slug: found.report for found in ingested.values()}
    goto = find_goto(f"{REGULATION}第三十七条", reports)
    assert goto is not None and {unit for _, unit in goto.ids} == {"art-37"}
    assert len(goto.ids) == 4  # the regulation in its four formats
    goto = find_goto("人工智能产业促进条例 第十七条", reports)
    assert goto is not None and goto.ids[0][1] == "art-17"
    named = find_goto("RFC 6455 5.5.1", reports)
    assert named is not None and named.ids == (("rfc6455", "5.5.1"),)
    section = find_goto("rfc6455 section 7", reports)
    assert section is not None and section.ids == (("rfc6455", "7"),)
    preferred = find_goto("第十七条", reports, prefer=("shenzhen-ai-regulation-2022-pdf",))
    assert preferred is not None
    assert preferred.ids[0] == ("shenzhen-ai-regulation-2022-pdf", "art-17")


def test_an_incomplete_stub_skips_its_document_and_the_others_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    found = prepare(EXAMPLES / "shenzhen-ai-regulation-2022.md", corpus)
    stub = found.metadata.replace('date = "2022-08-30"', '# date = ""')
    Path(found.text_path).write_text(found.text, encoding="utf-8")
    Path(found.metadata_path).write_text(stub, encoding="utf-8")
    skipped: list = []
    assert [s.meta.slug for s in find_reports(corpus, skipped)] == ["ai-whitepaper-2023"]
    result = build_index(corpus, tmp_path / "index")
    assert list(result.counts) == ["ai-whitepaper-2023"]
    assert len(result.skipped) == 1 and "missing metadata: date" in str(result.skipped[0])


@pytest.fixture(scope="module")
def served_examples(tmp_path_factory):
    """The white paper, RFC 6455 and the typeset regulation, ingested and indexed."""
    from io import StringIO

    from django.core.management import call_command

    corpus = tmp_path_factory.mktemp("examples-corpus")
    shutil.copytree(CORPUS, corpus, dirs_exist_ok=True)
    for name in ("rfc6455.txt", "shenzhen-ai-regulation-2022.pdf"):
        call_command("ingest", str(EXAMPLES / name), corpus=corpus, stdout=StringIO())
    index = tmp_path_factory.mktemp("examples-var") / "index"
    build_index(corpus, index)
    return corpus, index


@pytest.fixture
def examples_client(served_examples, client):
    from django.test import override_settings

    corpus, index = served_examples
    with override_settings(SEARCH_INDEX_DIR=index, CORPUS_DIR=corpus):
        yield client


def test_an_english_document_is_shown_as_english_with_its_diagrams(examples_client):
    page = examples_client.get("/rfc6455/5.2/").content.decode()
    assert '<p lang="en">' in page and '<pre lang="en">' in page
    assert "|F|R|R|R| opcode|M| Payload len |" in page
    assert "English translation" not in page  # it is the original, not a translation
    found = examples_client.get("/api/search", {"q": "RFC 6455 5.5.1"}).json()
    assert found["results"][0]["url"] == "/rfc6455/5.5.1/"
    cited = examples_client.get("/rfc6455/5.2/cite.json").json()
    assert cited[0]["language"] == "en"


def test_go_to_an_article_of_a_typeset_pdf(examples_client):
    found = examples_client.get("/api/search", {"q": f"{REGULATION}第三十七条"}).json()
    assert found["results"][0]["url"] == "/shenzhen-ai-regulation-2022/art-37/"


def test_a_document_without_an_english_edition_says_so_once(examples_client):
    page = examples_client.get("/en/shenzhen-ai-regulation-2022/art-37/").content.decode()
    assert page.count("No English edition of this document") == 1
    assert '<p lang="zh-Hans">' in page
    assert "English translation" not in page
    chinese = examples_client.get("/shenzhen-ai-regulation-2022/art-37/").content.decode()
    assert "本文件没有英文版" not in chinese  # the Chinese page needs no such word
