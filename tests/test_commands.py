"""Management commands: thin, clear output, clear errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_build_index_prints_counts_and_time(corpus_copy, tmp_path):
    out = run("build_index", corpus=corpus_copy, index=tmp_path / "index")
    assert ("ai-whitepaper-2023: 107 sections (7 chapters), 22 tables, 34 figures, "
            "63 policies") in out
    assert "Indexed 226 documents in " in out and " s → " in out


def test_build_index_if_stale_skips_an_up_to_date_index(corpus_copy, tmp_path):
    run("build_index", corpus=corpus_copy, index=tmp_path / "index")
    out = run("build_index", "--if-stale", corpus=corpus_copy, index=tmp_path / "index")
    assert "up to date" in out


def test_build_index_error_names_file_and_line(corpus_copy, tmp_path):
    path = corpus_copy / "2023-ai-whitepaper.txt"
    path.write_bytes(path.read_bytes().replace("| 科大讯飞 | 1999-12-30 |".encode(),
                                               "| 科大讯飞 | 1999-12-30 | 多余 |".encode()))
    with pytest.raises(CommandError) as error:
        run("build_index", corpus=corpus_copy, index=tmp_path / "index")
    assert f"{path}:212: 图表 4: ragged table row" in str(error.value)


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
