"""Management commands: thin, clear output, clear errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import line_of


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_build_index_prints_counts_and_time(tiny_corpus, tmp_path):
    out = run("build_index", corpus=tiny_corpus, index=tmp_path / "index")
    assert "tiny-report: 8 sections (2 chapters), 2 tables, 1 figures, 2 policies" in out
    assert "Indexed 13 documents in " in out and " s → " in out


def test_build_index_if_stale_skips_an_up_to_date_index(tiny_corpus, tmp_path):
    run("build_index", corpus=tiny_corpus, index=tmp_path / "index")
    out = run("build_index", "--if-stale", corpus=tiny_corpus, index=tmp_path / "index")
    assert "up to date" in out


def test_build_index_error_names_file_and_line(tiny_corpus, tmp_path):
    path = tiny_corpus / "tiny-report.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("| 甲公司 | 1 |", "| 甲公司 | 1 | 多余 |"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("build_index", corpus=tiny_corpus, index=tmp_path / "index")
    line = line_of(path, "| 甲公司 | 1 | 多余 |")
    assert f"{path}:{line}: 图表 1: ragged table row, 4 cells where the header has 3" in str(
        error.value)
    assert "the previous index, if any, is still served" in str(error.value)


def test_build_index_on_a_full_disk_is_one_line(tiny_corpus, tmp_path, monkeypatch):
    from search.engine import writer as index_module

    def full(folder, *args):
        raise OSError(28, "No space left on device", str(folder / "MAIN_1.seg"))

    monkeypatch.setattr(index_module, "_write_all", full)  # a first build: a full one
    with pytest.raises(CommandError) as error:
        run("build_index", corpus=tiny_corpus, index=tmp_path / "index")
    message = str(error.value)
    assert message.startswith("cannot write the index in ")
    assert "MAIN_1.seg: No space left on device (the previous index" in message
    assert "\n" not in message


# --------------------------------------------------------------------------- search


def test_search_prints_ranked_results_with_breadcrumbs(index_dir):
    out = run("search", "量子机器学习", "--report", "ai-whitepaper-2023")
    assert out.startswith("3 results for '量子机器学习'\n")
    assert "\n1. 量子机器学习推动机器学习更进一步" in out
    assert "[section ai-whitepaper-2023/7.2]" in out
    assert "人工智能发展趋势" in out  # the breadcrumb
    assert "【量子机器学习】" in out  # matches marked for a terminal, no HTML
    assert "<mark>" not in out


def test_search_json_is_the_api_payload(index_dir, client):
    printed = json.loads(run("search", "量子机器学习", "--json", "--report", "ai-whitepaper-2023"))
    served = client.get("/api/search", {"q": "量子机器学习", "report": "ai-whitepaper-2023"}).json()
    assert printed == served


def test_search_filters_and_pages(index_dir):
    out = run("search", "--kind", "policy", "--region", "英国", "--per-page", "5", "--page", "2")
    assert out.startswith("14 results")
    assert "\n6. " in out and "page 2 of 3" in out


def test_search_says_what_english_added(index_dir):
    assert "(also searched: 智慧城市)" in run("search", "smart city")


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "bogus"], "kind: "), (["--page", "0"], "page: "),
    (["量子机器学习", "--page", "99"], "page 99 is past the last page"),
])
def test_search_errors_are_command_errors(index_dir, args, message):
    with pytest.raises(CommandError) as error:
        run("search", *args)
    assert str(error.value).startswith(message)


# --------------------------------------------------------------------------- show_report


def test_show_report_prints_the_whole_tree(corpus_copy):
    out = run("show_report", corpus=corpus_copy)
    assert "3.1.1.3" in out and "人工智能专项政策文件密集发布" in out and "p.20-25" in out
    assert "fig-15-p17" in out and "legal.2" in out
    assert "policies 63" in out


def test_show_report_json(corpus_copy):
    [tree] = json.loads(run("show_report", "--json", corpus=corpus_copy))
    assert tree["slug"] == "ai-whitepaper-2023"
    assert tree["counts"]["sections"] == 107

    def ids(nodes):
        for node in nodes:
            yield node["id"]
            yield from ids(node["children"])

    assert len(list(ids(tree["sections"]))) == 226
