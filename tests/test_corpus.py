"""The corpus folder: metadata beside each text, and errors that name the file."""

from __future__ import annotations

import pytest

from search.corpus import find_reports, fingerprint, load_report
from search.model import CorpusError
from tests.conftest import TINY


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
