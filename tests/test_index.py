"""The index: one artifact holding the report, swapped in whole, never half-built."""

from __future__ import annotations

import os

import pytest

from search.index import IndexHolder, IndexUnavailable, build_index, is_stale, open_snapshot
from search.model import CorpusError


@pytest.fixture
def built(corpus_copy, tmp_path):
    index = tmp_path / "var" / "index"
    result = build_index(corpus_copy, index)
    return corpus_copy, index, result


def test_build_counts_every_kind(built):
    _, index, result = built
    assert result.counts["ai-whitepaper-2023"] == {
        "chapters": 7, "sections_level2": 25, "sections_level3": 47, "sections_level4": 22,
        "sections": 107, "tables": 22, "figures": 34, "policies": 63}
    assert result.documents == 107 + 22 + 34 + 63
    assert index.is_symlink() and index.resolve() == result.path


def test_the_index_alone_rebuilds_the_report(built, report):
    _, index, _ = built
    snapshot = open_snapshot(index)
    assert snapshot.reports["ai-whitepaper-2023"] == report
    record = snapshot.record("ai-whitepaper-2023", "fig-15-p16")
    assert record.title == "《负责任人工智能战略和实施路径》"
    assert record.data["content"].endswith("方法和举措。")


def test_failed_build_keeps_the_previous_index(built):
    corpus, index, result = built
    (corpus / "2023-ai-whitepaper.txt").write_text("没有章节。\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        build_index(corpus, index)
    assert error.value.path.endswith("2023-ai-whitepaper.txt")
    assert index.resolve() == result.path
    assert open_snapshot(index).reports["ai-whitepaper-2023"].counts()["policies"] == 63
    leftovers = [p.name for p in (index.parent / "index.builds").iterdir()]
    assert leftovers == [result.path.name]


def test_rebuild_swaps_and_the_holder_reopens(built):
    corpus, index, first = built
    holder = IndexHolder(index)
    before = holder.get()
    assert holder.get() is before  # reused while the index is unchanged
    second = build_index(corpus, index)
    assert second.path != first.path
    after = holder.get()
    assert after is not before and after.path == second.path


def test_old_builds_are_pruned(built):
    corpus, index, _ = built
    for _ in range(4):
        build_index(corpus, index)
    assert len(list((index.parent / "index.builds").iterdir())) == 3


def test_stale_when_missing_or_the_corpus_changes(built, tmp_path):
    corpus, index, _ = built
    assert not is_stale(corpus, index)
    assert is_stale(corpus, tmp_path / "nowhere")
    with (corpus / "2023-ai-whitepaper.txt").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert is_stale(corpus, index)


def test_missing_or_corrupt_index_is_unavailable(built, tmp_path):
    _, index, result = built
    with pytest.raises(IndexUnavailable):
        IndexHolder(tmp_path / "missing").get()
    for name in os.listdir(result.path):
        if name.endswith(".seg"):
            (result.path / name).write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable):
        open_snapshot(index)
