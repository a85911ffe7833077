"""Ingesting documents (issue #15): the two laws from the shared examples, a .docx and a
text PDF made here from one source, every former silent drop kept or reported, and
errors that name the file."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.document.corpus import find_reports, load_report
from search.document.ingest import prepare
from search.document.ingest.detect import detect_preset
from search.document.model import CorpusError

LAWS = Path(__file__).resolve().parent / "fixtures" / "laws"
DSL = LAWS / "data-security-law-2021.md"
PIPL = LAWS / "personal-information-protection-law-2021.md"


def run(*args, **options) -> str:
    out = StringIO()
    call_command("ingest", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def outline(report) -> list[tuple]:
    return [(s.id, s.heading, s.kind, [p.text for p in s.paragraphs],
             [(t.id, t.title, t.unit, t.header, t.rows) for t in s.tables])
            for s, _ in report.walk()]


# --------------------------------------------------------------------------- the laws


@pytest.mark.parametrize(("path", "chapters", "sections", "articles"), [
    (DSL, 7, 0, 55), (PIPL, 8, 3, 74)])
def test_a_law_is_ingested_with_its_outline_and_metadata(tmp_path, path, chapters, sections,
                                                          articles):
    out = run(path, corpus=tmp_path)
    assert "preset: law (" in out
    assert (f"counts: {chapters} chapters, {sections} sections, {articles} articles, "
            "1 front/back matter, 0 tables") in out
    assert "  1            第一章 总则  (12 articles art-1…art-12)" in out
    assert "set aside: 2 lines (title: in the metadata 1, comment 1)" in out
    [source] = find_reports(tmp_path)
    meta = source.meta
    assert (meta.slug, meta.kind, meta.preset, meta.publisher) == (
        path.stem, "law", "law", "全国人民代表大会常务委员会")
    assert meta.date == ("2021-06-10" if path == DSL else "2021-08-20")
    assert meta.title == path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
    assert source.text_path.read_text(encoding="utf-8") == path.read_text(
        encoding="utf-8").rstrip("\n") + "\n"
    report = load_report(source)
    article = next(s for s, _ in report.walk() if s.id == "art-21")
    assert article.number == "第二十一条"
    assert report.counts()["articles"] == articles


def test_laws_join_the_white_paper_without_changing_it(corpus_copy, tmp_path, report):
    from search.engine.records import report_records
    from search.engine.snapshot import open_snapshot
    from search.engine.writer import build_index

    for law in (DSL, PIPL):
        run(law, corpus=corpus_copy)
    result = build_index(corpus_copy, tmp_path / "index")
    assert result.counts["ai-whitepaper-2023"] == {
        "chapters": 7, "sections_level2": 25, "sections_level3": 47, "sections_level4": 22,
        "sections": 107, "tables": 22, "figures": 34, "policies": 63}
    snapshot = open_snapshot(tmp_path / "index")

    def fields(records):
        return [(r.id, r.kind, r.title, r.chapter, r.breadcrumbs, r.text)
                for r in records]

    alone = fields(report_records(report))
    together = fields(r for r in snapshot.records if r.report == "ai-whitepaper-2023")
    assert together == alone
    article = snapshot.record("data-security-law-2021", "art-21")
    assert article is not None
    assert (article.kind, article.title, article.chapter) == ("article", "第二十一条", "3")


# --------------------------------------------------------------------------- .docx and PDF

TITLE = "人工智能治理报告"
HEADER = "人工智能治理报告 深圳市人工智能行业协会"
BODY = ("人工智能正在深刻改变经济社会发展的方式，各地纷纷出台政策支持产业集聚发展，推动算力基础设施"
        "建设，促进数据要素流通和应用场景开放。")
DOCUMENT: list[tuple[str, Any]] = [  # one document, as Markdown, a .docx and a PDF
    ("title", TITLE), ("p", "2024年5月"),
    ("h1", "一、发展概况"), ("p", BODY * 2),
    ("h2", "（一）产业规模"), ("p", BODY),
    ("p", "表1 重点城市企业数量（单位：家）"),
    ("table", [["城市", "企业数量"], ["深圳", "1,200"], ["北京", "1,500"]]),
    ("h2", "（二）政策环境"), ("p", BODY * 3), ("break", ""),
    ("h1", "二、发展趋势"), ("p", BODY * 2),
    ("h2", "（一）大模型"), ("p", BODY * 4), ("break", ""),
    ("h2", "（二）算力"), ("p", BODY),
]


def write_markdown(path: Path) -> Path:
    lines = []
    for kind, value in DOCUMENT:
        if kind in ("title", "h1", "h2"):
            lines += [f"{'#' * ('title', 'h1', 'h2').index(kind)}# {value}", ""]
        elif kind == "p":
            lines += [value, ""]
        elif kind == "table":
            lines += [f"| {' | '.join(value[0])} |", "|---" * len(value[0]) + "|",
                      *(f"| {' | '.join(row)} |" for row in value[1:]), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    for kind, value in DOCUMENT:
        if kind in ("title", "h1", "h2"):
            document.add_heading(value, level=("title", "h1", "h2").index(kind))
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif kind == "break":
            document.add_page_break()
    document.save(str(path))
    return path


def write_pdf(path: Path) -> Path:
    """A text PDF as an office suite prints one: a running header on every page, the page
    number at the foot, paragraphs wrapped at the margin, a ruled table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16,
                          wordWrap="CJK", spaceAfter=6)
    sizes = {"title": 20, "h1": 16, "h2": 13}

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawString(72, A4[1] - 40, HEADER)
        canvas.drawCentredString(A4[0] / 2, 30, str(doc.page))
        canvas.restoreState()

    flow: list = []
    for kind, value in DOCUMENT:
        if kind in sizes:
            flow.append(Paragraph(value, ParagraphStyle(kind, parent=body, fontSize=sizes[kind],
                                                        leading=sizes[kind] + 6)))
        elif kind == "p":
            flow.append(Paragraph(value, body))
        elif kind == "table":
            flow += [Table(value, style=[("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                         ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]),
                     Spacer(1, 8)]
        elif kind == "break":
            flow.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, title=TITLE).build(
        flow, onFirstPage=page, onLaterPages=page)
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sources")
    return {"md": write_markdown(folder / "report.md"), "docx": write_docx(folder / "report.docx"),
            "pdf": write_pdf(folder / "report.pdf")}


def ingested(path: Path, corpus: Path, **options):
    return prepare(path, corpus, slug=f"report-{path.suffix[1:]}", **options)


def test_the_markdown_source_reads_as_a_report(sources, tmp_path):
    source = ingested(sources["md"], tmp_path)
    assert source.preset == "report"
    assert [s.id for s, _ in source.report.walk()] == ["1", "1.1", "1.2", "2", "2.1", "2.2"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_docx_or_pdf_has_the_outline_and_text_of_its_source(sources, tmp_path, fmt):
    expected = outline(ingested(sources["md"], tmp_path).report)
    assert outline(ingested(sources[fmt], tmp_path).report) == expected


def test_a_docx_table_becomes_a_table(sources, tmp_path):
    [table] = ingested(sources["docx"], tmp_path).report.tables()
    assert (table.id, table.title, table.unit, table.header, table.rows) == (
        "fig-1", "重点城市企业数量", "家", ("城市", "企业数量"),
        (("深圳", "1,200"), ("北京", "1,500")))


def test_a_docx_page_header_is_listed_as_set_aside(sources, tmp_path):
    out = run(sources["docx"], corpus=tmp_path, slug="report-docx", dry_run=True)
    assert f"page header: {HEADER}  — page header of the .docx" in out
    text = ingested(sources["docx"], tmp_path).text
    assert text.startswith(f"# {TITLE}\n") and "\n## 一、发展概况\n" in text  # Heading 1 → ##


def test_a_pdfs_running_header_and_page_numbers_are_listed_as_set_aside(sources, tmp_path):
    source = ingested(sources["pdf"], tmp_path)
    found = [(a.where, a.text, a.reason) for a in source.aside if a.where]
    assert found == [(f"page {n}", text, reason) for n in (1, 2, 3)
                     for text, reason in ((HEADER, "running header"), (str(n), "page number"))]
    out = run(sources["pdf"], corpus=tmp_path, slug="report-pdf", dry_run=True)
    assert "running header 3, page number 3" in out
    assert f"  page 2: {HEADER}  — running header" in out


def test_a_pdf_is_written_as_text_with_its_metadata(sources, tmp_path):
    run(sources["pdf"], corpus=tmp_path, slug="report-pdf")
    assert (tmp_path / "report-pdf.txt").read_text(encoding="utf-8").count(BODY) == 13
    stub = (tmp_path / "report-pdf.toml").read_text(encoding="utf-8")
    assert 'title = "人工智能治理报告"' in stub and 'date = "2024-05"' in stub
    assert '# publisher = ""  # not found in the document' in stub


def test_a_converted_document_that_does_not_parse_keeps_its_text_for_the_error(
        sources, tmp_path, monkeypatch):
    """…outside the corpus (issue 19: kept in it, the text stood in the way of a retry)."""
    failed = tmp_path / "failed"
    monkeypatch.setattr("search.management.commands.ingest.FAILED_TEXT_DIR", failed)
    corpus = tmp_path / "corpus"
    with pytest.raises(CommandError) as error:
        run(sources["docx"], corpus=corpus, slug="report-docx", preset="law")
    text = failed / "report-docx.md"
    assert str(error.value).startswith(f"{text}:")
    assert "no headings found for the law preset" in str(error.value)
    assert text.exists()
    assert not corpus.exists() or not any(corpus.iterdir())  # nothing left in the corpus
    run(sources["docx"], corpus=corpus, slug="report-docx")  # a retry is not refused
    assert (corpus / "report-docx.md").exists() and (corpus / "report-docx.toml").exists()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_failed_read_leaves_nothing_in_the_corpus(tmp_path, fmt):
    broken = tmp_path / f"broken.{fmt}"
    broken.write_bytes(b"PK\x03\x04 not really" if fmt == "docx" else b"%PDF-1.7 broken")
    corpus = tmp_path / "corpus"
    with pytest.raises(CommandError, match=f"{broken}:"):
        run(broken, corpus=corpus)
    assert not corpus.exists() or not any(corpus.iterdir())


def test_a_symbolic_link_is_not_followed(tmp_path):
    target = tmp_path / "secret.md"
    target.write_text("# 秘密\n\n一、不该读到\n", encoding="utf-8")
    link = tmp_path / "doc.md"
    link.symlink_to(target)
    with pytest.raises(CommandError, match=f"{link}:0: a symbolic link"):
        run(link, corpus=tmp_path / "corpus")


def test_control_characters_are_taken_out_of_an_ingested_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(SILENT.replace("共同驱动", "共同\x00驱\x0c动\x1b").encode())
    run(path, corpus=tmp_path / "corpus")
    text = (tmp_path / "corpus" / "plan.txt").read_text(encoding="utf-8")
    assert "共同驱 动" in text and "\x00" not in text and "\x1b" not in text
    from search.document.model import decode_text

    decode_text(text.encode(), "plan.txt")  # what the corpus, which refuses them, reads


def test_a_title_property_with_line_breaks_becomes_one_line(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "人工智能报告\r\nER  -\r\nTY  - JOUR\t"
    document.add_paragraph("一、总则")
    document.add_paragraph("人工智能发展迅速。")
    document.add_paragraph("二、附则")
    document.add_paragraph("本报告自发布之日起施行。")
    path = tmp_path / "titled.docx"
    document.save(str(path))
    ingested = prepare(path, tmp_path / "corpus")
    assert ingested.stub.meta.title == "人工智能报告 ER - TY - JOUR"


# --------------------------------------------------------------------------- nothing silent


SILENT = ("新一代人工智能发展规划\n\n国发〔2017〕35号\n\n"
          "人工智能的迅速发展将深刻改变人类社会生活。为抢抓机遇，制定本规划。\n\n"
          "一、战略态势\n\n人工智能发展进入新阶段，在经济社会发展强烈需求的共同驱动\n\n12\n\n"
          "下加速发展。\n\n二、总体要求\n\n（一）指导思想。全面贯彻精神，推动发展。\n\n"
          "参考文献\n\n[1] 国务院. 新一代人工智能发展规划[Z]. 2017.\n")


def test_every_former_silent_drop_is_kept_or_reported(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SILENT.encode())
    out = run(path, corpus=tmp_path / "corpus")
    assert "  front        引言  (2 ¶)" in out  # the preamble
    assert "    2.1          （一）指导思想  (1 ¶)" in out  # a heading ending in 。
    assert "  references   参考文献  (1 ¶)" in out  # trailing references
    assert "  line 1: 新一代人工智能发展规划  — title: in the metadata" in out  # BOM'd line 1
    assert "  line 11: 12  — page number" in out
    assert "set aside: 2 lines" in out
    text = (tmp_path / "corpus" / "plan.txt").read_text(encoding="utf-8")
    assert not text.startswith("\ufeff") and "共同驱动\n\n12\n" in text


def test_strict_fails_on_any_line_set_aside_and_writes_nothing(tmp_path):
    with pytest.raises(CommandError, match=r"2 lines set aside \(--strict\): nothing written"):
        run(DSL, "--strict", corpus=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_strict_passes_a_document_with_nothing_set_aside(tmp_path):
    path = tmp_path / "clean.md"
    path.write_text("第一章 总则\n\n第一条 甲。\n", encoding="utf-8")
    out = run(path, "--strict", corpus=tmp_path / "corpus")
    assert "set aside: nothing" in out and (tmp_path / "corpus" / "clean.toml").exists()


def test_dry_run_writes_nothing(tmp_path):
    assert "Dry run: nothing written." in run(DSL, "--dry-run", corpus=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_gb18030_text_file_is_read(tmp_path):
    path = tmp_path / "law.txt"
    path.write_bytes(DSL.read_text(encoding="utf-8").encode("gb18030"))
    out = run(path, corpus=tmp_path / "corpus", slug="dsl")
    assert "law.txt (text, read as gb18030)" in out and "55 articles" in out
    assert "第二十一条" in (tmp_path / "corpus" / "dsl.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.md", None, "cannot read"),
    ("report.odt", b"x", "cannot ingest .odt (ingest reads .md"),
    ("report.pdf", b"not a pdf at all", "not a PDF that can be read"),
    ("report.docx", b"not a zip", "not a Word file (not a zip)"),
    ("report.docx", b"", "the file is empty"),
    ("report.md", b"", "the file is empty"),
    ("report.md", b"\n  \n", "the file is empty (it has no text)"),
])
def test_a_bad_file_is_a_command_error_naming_it(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(path, corpus=tmp_path / "corpus", slug="x")
    assert str(error.value).startswith(f"{path}:0: {message}")


def test_a_parse_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "law.md"
    path.write_text("第一章 总则\n\n第一条 甲。\n\n第一条 乙。\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(path, corpus=tmp_path / "corpus")
    assert str(error.value) == (f"{path}:5: section id 'art-1' repeats the heading on line 3")


def test_an_unknown_preset_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no preset 'statute' \\(known: report, law"):
        run(DSL, corpus=tmp_path, preset="statute")


def test_a_document_of_the_corpus_is_not_overwritten_unless_forced(tmp_path):
    run(DSL, corpus=tmp_path)
    with pytest.raises(CommandError, match="already exists: choose another --slug, or --force"):
        run(DSL, corpus=tmp_path)
    (tmp_path / "other.toml").write_text('slug = "pipl"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="slug 'pipl' is already used here"):
        run(PIPL, corpus=tmp_path, slug="pipl")
    assert "Wrote " in run(DSL, "--force", corpus=tmp_path)


def test_a_chinese_file_name_makes_a_pinyin_slug(tmp_path):
    path = tmp_path / "生成式 人工智能 办法 (2023).md"
    path.write_bytes(DSL.read_bytes())
    out = run(path, corpus=tmp_path / "corpus")
    assert (tmp_path / "corpus" / "sheng-cheng-shi-ren-gong-zhi-neng-ban-fa-2023.toml").exists()
    assert "warning" not in out


def test_a_file_name_without_letters_or_digits_needs_a_slug(tmp_path):
    path = tmp_path / "《》.md"
    path.write_bytes(DSL.read_bytes())
    with pytest.raises(CommandError, match="give one with --slug"):
        run(path, corpus=tmp_path / "corpus")
    assert "Wrote " in run(path, corpus=tmp_path / "corpus", slug="dsl")


def test_a_second_document_with_the_same_title_is_a_warning(tmp_path):
    run(DSL, corpus=tmp_path)
    copy = tmp_path / "copy.md"
    copy.write_bytes(DSL.read_bytes())
    out = run(copy, corpus=tmp_path)
    assert "warning: data-security-law-2021.toml has the same title" in out


def test_a_stub_without_a_publisher_is_reported_and_stops_the_build(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(SILENT, encoding="utf-8")
    out = run(path, corpus=tmp_path / "corpus")
    assert "not found in the document, to fill in: publisher" in out
    with pytest.raises(CorpusError, match="missing metadata: publisher"):
        find_reports(tmp_path / "corpus")


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(("text", "preset"), [
    (DSL.read_text(encoding="utf-8"), "law"),
    ("一、总则\n\n正文。\n\n二、附则\n\n正文。\n", "report"),
    ("## 一、总则\n\n正文。\n\n## 二、附则\n\n正文。\n", "report"),
    ("1 范围\n\n正文。\n\n2 术语\n\n2.1 定义\n\n2.2 缩略语\n", "decimal"),
    ("# 标题\n\n## 背景\n\n正文。\n\n## 方法\n", "markdown"),
    ("只有一段文字。\n", "report"),
])
def test_the_preset_is_detected_from_the_headings(text, preset):
    assert detect_preset(text.splitlines())[0] == preset


def test_the_stub_reads_back_as_the_corpus_reads_it(tmp_path):
    run(PIPL, corpus=tmp_path)
    stub = (tmp_path / "personal-information-protection-law-2021.toml").read_text(
        encoding="utf-8")
    assert 'kind = "law"' in stub and 'preset = "law"' in stub and "# site = " in stub
    title = stub.split("title = ", 1)[1].split("\n", 1)[0]
    assert json.loads(title) == "中华人民共和国个人信息保护法"
