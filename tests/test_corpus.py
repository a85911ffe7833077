"""The corpus folder: metadata beside each text, and errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.document.corpus import find_reports, fingerprint, load_report
from search.document.model import CorpusError
from tests.conftest import TINY

DSL = Path(__file__).resolve().parent / "fixtures" / "laws" / "data-security-law-2021.md"


def test_real_corpus_metadata(real_source):
    meta = real_source.meta
    assert meta.slug == "ai-whitepaper-2023"
    assert meta.title == "2023 人工智能发展白皮书"
    assert meta.title_en == "The White Book on the Development of Artificial Intelligence in 2023"
    assert (meta.publisher, meta.publisher_en) == (
        "深圳市人工智能行业协会", "Shenzhen Artificial Intelligence Industry Association")
    assert (meta.place, meta.date, meta.year, meta.language) == ("深圳", "2023-03", "2023", "zh")
    assert meta.site == "http://www.saiia.org.cn/"


def test_reports_side_by_side_each_with_a_slug(corpus_copy):
    for name in ("tiny-report.toml", "tiny-report.txt"):
        (corpus_copy / name).write_bytes((TINY / name).read_bytes())
    assert [s.meta.slug for s in find_reports(corpus_copy)] == ["ai-whitepaper-2023",
                                                                "tiny-report"]


def test_duplicate_slug_is_an_error(corpus_copy):
    source = (corpus_copy / "ai-whitepaper-2023.toml").read_text(encoding="utf-8")
    (corpus_copy / "copy.toml").write_text(source, encoding="utf-8")
    with pytest.raises(CorpusError, match="already used"):
        find_reports(corpus_copy)


def test_missing_metadata_names_the_file(corpus_copy):
    path = corpus_copy / "ai-whitepaper-2023.toml"
    path.write_text('slug = "x"\ntext = "2023-ai-whitepaper.txt"\n', encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        find_reports(corpus_copy)
    assert error.value.path == str(path)
    assert "missing metadata" in error.value.message and "title" in error.value.message


def test_invalid_toml_names_the_line(corpus_copy):
    path = corpus_copy / "ai-whitepaper-2023.toml"
    path.write_text('slug = "x"\ntitle = \n', encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        find_reports(corpus_copy)
    assert (error.value.path, error.value.line) == (str(path), 2)


def test_missing_text_file(corpus_copy):
    (corpus_copy / "2023-ai-whitepaper.txt").unlink()
    [source] = find_reports(corpus_copy)
    with pytest.raises(CorpusError, match="cannot read"):
        load_report(source)


def test_non_utf8_text_names_file_and_line(corpus_copy):
    path = corpus_copy / "2023-ai-whitepaper.txt"
    lines = path.read_bytes().split(b"\n")
    lines[99] = b"\xc3\x28 broken"
    path.write_bytes(b"\n".join(lines))
    [source] = find_reports(corpus_copy)
    with pytest.raises(CorpusError) as error:
        load_report(source)
    assert (error.value.path, error.value.line) == (str(path), 100)


def test_fingerprint_changes_with_any_corpus_file(corpus_copy):
    before = fingerprint(corpus_copy)
    assert fingerprint(corpus_copy) == before
    with (corpus_copy / "2023-ai-whitepaper.txt").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert fingerprint(corpus_copy) != before


# --------------------------------------------------------------------------- validation


def write_meta(corpus, **changes) -> tuple:
    """The real report's metadata with some lines replaced (key = TOML value), so that
    errors can be checked against the line of the key."""
    path = corpus / "ai-whitepaper-2023.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in changes.items():
        lines = [f"{key} = {value}" if line.startswith(f"{key} =") else line
                 for line in lines]
        if not any(line.startswith(f"{key} =") for line in lines):
            lines.append(f"{key} = {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    key = next(iter(changes))
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(f"{key} ="))
    return path, line


@pytest.mark.parametrize(("key", "value", "message"), [
    ("date", '"yesterday"', "date: 'yesterday' is not a date written YYYY-MM or YYYY-MM-DD"),
    ("date", '"2023-13"', "date: '2023-13' is not a date"),
    ("date", "2023-03-01", "date: must be a non-empty string"),  # a TOML date, not a string
    ("regions", '"美国"', "regions: must be a list of names"),
    ("regions", "[1, 2]", "regions: must be a list of names"),
    ("slug", '"AI White Paper"', "slug: 'AI White Paper' is not lowercase letters"),
    ("title", '""', "title: must be a non-empty string"),
    ("site", '"www.example.org"', "site: 'www.example.org' is not an http(s) address"),
    ("language", '"Chinese"', "language: 'Chinese' is not a language code"),
    ("regoins", '["美国"]', "regoins: unknown key"),
])
def test_bad_metadata_names_file_line_and_key(corpus_copy, key, value, message):
    path, line = write_meta(corpus_copy, **{key: value})
    with pytest.raises(CorpusError) as error:
        find_reports(corpus_copy)
    assert (error.value.path, error.value.line) == (str(path), line)
    assert error.value.message.startswith(message)


def test_a_byte_order_mark_loses_nothing(corpus_copy):
    text = corpus_copy / "2023-ai-whitepaper.txt"
    text.write_bytes(b"\xef\xbb\xbf" + text.read_bytes())
    toml = corpus_copy / "ai-whitepaper-2023.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    [source] = find_reports(corpus_copy)
    assert load_report(source).counts()["sections"] == 107


def test_a_text_file_too_large_is_refused_before_reading(corpus_copy, monkeypatch):
    from search.document import corpus as corpus_module

    monkeypatch.setattr(corpus_module, "MAX_TEXT_BYTES", 100_000)
    [source] = find_reports(corpus_copy)
    with pytest.raises(CorpusError) as error:
        load_report(source)
    size = (corpus_copy / "2023-ai-whitepaper.txt").stat().st_size
    assert error.value.message == f"{size:,} bytes: more than the 100,000 a document may have"


# --------------------------------------------------------------------------- other documents


LAW_STUB = """slug = "data-security-law-2021"
text = "data-security-law-2021.md"
title = "中华人民共和国数据安全法"
publisher = "全国人民代表大会常务委员会"
date = "2021-06-10"
language = "zh"
kind = "law"
preset = "law"
"""


def law_corpus(tmp_path, stub: str = LAW_STUB):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "data-security-law-2021.md").write_bytes(DSL.read_bytes())
    (corpus / "data-security-law-2021.toml").write_text(stub, encoding="utf-8")
    return corpus


def test_a_law_needs_no_english_names_place_site_or_regions(tmp_path):
    [source] = find_reports(law_corpus(tmp_path))
    meta = source.meta
    assert (meta.preset, meta.kind, meta.date) == ("law", "law", "2021-06-10")
    assert (meta.title_en, meta.publisher_en, meta.place, meta.site, meta.regions) == (
        "", "", "", "", ())
    report = load_report(source)  # the preset chooses the parser
    assert report.counts()["articles"] == 55


def test_the_white_paper_is_a_report_in_the_report_preset(real_source):
    assert (real_source.meta.preset, real_source.meta.kind) == ("report", "report")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("preset", '"statute"', "preset: 'statute' is not one of report, law, decimal, markdown"),
    ("kind", '"book"', "kind: 'book' is not one of report, law, policy, article"),
    ("kind", '""', "kind: must be a non-empty string"),
])
def test_bad_preset_or_kind_names_file_line_and_key(corpus_copy, key, value, message):
    path, line = write_meta(corpus_copy, **{key: value})
    with pytest.raises(CorpusError) as error:
        find_reports(corpus_copy)
    assert (error.value.path, error.value.line) == (str(path), line)
    assert error.value.message.startswith(message)


def test_a_law_parsed_as_a_report_says_which_preset_to_use(tmp_path):
    corpus = law_corpus(tmp_path, LAW_STUB.replace('preset = "law"', 'preset = "report"'))
    [source] = find_reports(corpus)
    with pytest.raises(CorpusError, match="set preset to law, decimal or markdown"):
        load_report(source)


# --------------------------------------------------------------------------- issue 19


@pytest.mark.parametrize(("key", "value", "message"), [
    ("date", '"2023-02-30"', "date: '2023-02-30' is not a date of the calendar"),
    ("date", '"2023-04-31"', "date: '2023-04-31' is not a date of the calendar"),
    ("title", '"人工智能\\r\\nTY  - JOUR"', "title: a control character ('\\r')"),
    ("publisher", '"协会\\u0000"', "publisher: a control character ('\\x00')"),
    ("title_en", '"The White Book\\u2028"', "title_en: a control character"),
    ("regions", '["美国", "英\\n国"]', "regions: a control character ('\\n')"),
    ("text", '"../../out/outside.md"', "text: '../../out/outside.md' is not a file of this "
                                       "folder"),
    ("text", '"/etc/passwd"', "text: '/etc/passwd' is not a file of this folder"),
    ("edition_en", '"../elsewhere"', "edition_en: '../elsewhere' is not a file of this"),
])
def test_metadata_that_would_mislead_is_refused_with_file_line_and_key(corpus_copy, key, value,
                                                                       message):
    path, line = write_meta(corpus_copy, **{key: value})
    with pytest.raises(CorpusError) as error:
        find_reports(corpus_copy)
    assert (error.value.path, error.value.line) == (str(path), line)
    assert error.value.message.startswith(message), error.value.message


def test_a_text_file_linked_from_outside_the_corpus_is_refused(corpus_copy, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("一、外面\n\n不该读到。\n", encoding="utf-8")
    (corpus_copy / "linked.txt").symlink_to(outside)
    path, line = write_meta(corpus_copy, text='"linked.txt"')
    with pytest.raises(CorpusError, match="not a file of this folder") as error:
        find_reports(corpus_copy)
    assert error.value.line == line


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x0c", "\x85", "\u2028"])
def test_a_control_character_in_a_corpus_text_is_an_error_at_its_line(corpus_copy, character):
    text = corpus_copy / "2023-ai-whitepaper.txt"
    lines = text.read_text(encoding="utf-8").split("\n")
    lines[41] = lines[41][:3] + character + lines[41][3:]
    text.write_text("\n".join(lines), encoding="utf-8")
    [source] = find_reports(corpus_copy)
    with pytest.raises(CorpusError, match="a control character") as error:
        load_report(source)
    assert (error.value.path, error.value.line) == (str(text), 42)
