"""Adding or removing one document re-indexes that document only (issue 25), and the
index then searches exactly as a full build of the same corpus does: the same records in
the same order, the same results with the same scores. A build that fails leaves the
previous one serving."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from search.document.model import CorpusError
from search.engine.snapshot import open_snapshot
from search.engine.writer import build_index
from search.query.facets import Filters
from search.query.searching import search

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"
LAWS = FIXTURES / "laws"
DSL = "data-security-law-2021"
PIPL = "personal-information-protection-law-2021"
QUERIES = ["数据安全", "个人信息处理者", "人工智能", "罚款", "第二十一条", "政策", "跨境",
           "国家机关", "data security", "总则"]


def ingest(law: str, corpus: Path) -> None:
    call_command("ingest", str(LAWS / f"{law}.md"), corpus=corpus, stdout=StringIO())


def library(folder: Path, *laws: str) -> Path:
    corpus = folder / "corpus"
    shutil.copytree(TINY, corpus)
    for law in laws:
        ingest(law, corpus)
    return corpus


def results(index: Path) -> dict:
    """What searching the index gives: every record in order, and for each query (alone
    and filtered to each document) the results with their scores."""
    snapshot = open_snapshot(index)
    found: dict = {"records": [r.key for r in snapshot.records]}
    for q in QUERIES:
        for report in ((), *((slug,) for slug in snapshot.reports)):
            hits = search(snapshot, q, Filters(report=report), per_page=30).hits
            found[q, report] = [(h.record.key, h.score) for h in hits]
    return found


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """The tiny report and both laws, built in one go."""
    folder = tmp_path_factory.mktemp("full")
    corpus = library(folder, DSL, PIPL)
    build_index(corpus, folder / "index", full=True)
    return results(folder / "index")


def test_adding_a_document_indexes_it_alone_and_searches_as_a_full_build(tmp_path, full):
    corpus = library(tmp_path, DSL)
    first = build_index(corpus, tmp_path / "index")
    assert not first.incremental  # nothing to start from
    ingest(PIPL, corpus)
    added = build_index(corpus, tmp_path / "index")
    # the law brings domain words of its own (its short headings); the tiny report has
    # none of them, the other law some: it is indexed again, jieba cutting it otherwise
    assert added.incremental and PIPL in added.indexed and "tiny-report" not in added.indexed
    assert results(tmp_path / "index") == full


def test_removing_a_document_takes_its_records_out(tmp_path, full):
    corpus = library(tmp_path, DSL, PIPL)
    build_index(corpus, tmp_path / "index")
    shutil.copy(LAWS / f"{DSL}.md", tmp_path / "again.md")
    call_command("ingest", str(tmp_path / "again.md"), corpus=corpus, slug="again",
                 stdout=StringIO())
    build_index(corpus, tmp_path / "index")
    out = StringIO()
    call_command("remove", "again", corpus=corpus, index=tmp_path / "index", stdout=out)
    assert not (corpus / "again.toml").exists() and not (corpus / "again.md").exists()
    assert "removed" in out.getvalue()
    snapshot = open_snapshot(tmp_path / "index")
    assert "again" not in snapshot.reports and snapshot.deleted  # deleted, not rewritten
    assert results(tmp_path / "index") == full


def test_a_document_changed_is_indexed_again(tmp_path):
    corpus = library(tmp_path, DSL)
    build_index(corpus, tmp_path / "index")
    text = corpus / f"{DSL}.md"
    text.write_text(text.read_text(encoding="utf-8").replace("维护国家主权", "维护国家利益"),
                    encoding="utf-8")
    changed = build_index(corpus, tmp_path / "index")
    assert changed.indexed == (DSL,)
    article = open_snapshot(tmp_path / "index").record(DSL, "art-1")
    assert article is not None and "维护国家利益" in article.text


def test_a_full_build_on_request(tmp_path):
    corpus = library(tmp_path, DSL)
    build_index(corpus, tmp_path / "index")
    out = StringIO()
    call_command("build_index", corpus=corpus, index=tmp_path / "index", full=True, stdout=out)
    assert "Incremental" not in out.getvalue()
    out = StringIO()
    call_command("build_index", corpus=corpus, index=tmp_path / "index", stdout=out)
    assert "Incremental: indexed no document" in out.getvalue()


def test_a_failed_incremental_build_leaves_the_previous_one_serving(tmp_path):
    corpus = library(tmp_path, DSL)
    served = build_index(corpus, tmp_path / "index")
    ingest(PIPL, corpus)
    text = corpus / f"{PIPL}.md"
    text.write_text(text.read_text(encoding="utf-8") + "\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
                    encoding="utf-8")
    with pytest.raises(CorpusError, match="ragged"):
        build_index(corpus, tmp_path / "index")
    assert (tmp_path / "index").resolve() == served.path
    assert PIPL not in open_snapshot(tmp_path / "index").reports


def test_removing_an_unknown_or_the_last_document_is_refused(tmp_path):
    corpus = library(tmp_path)
    with pytest.raises(Exception, match="no document 'nope'"):
        call_command("remove", "nope", corpus=corpus, index=tmp_path / "index")
    with pytest.raises(Exception, match="only document"):
        call_command("remove", "tiny-report", corpus=corpus, index=tmp_path / "index")
    assert (corpus / "tiny-report.toml").exists()
