"""The index: one artifact holding the report, swapped in whole, never half-built.

The real report is built once for the session (``index_dir``); the mechanics of building,
swapping, pruning and reopening run on the tiny report, which builds in a blink."""

from __future__ import annotations

import json
import os

import pytest

from search import index as index_module
from search.analysis import analyzer_versions
from search.index import IndexHolder, IndexUnavailable, build_index, is_stale, open_snapshot
from search.model import CorpusError

SLUG = "ai-whitepaper-2023"


def builds(index):
    return sorted(p.name for p in (index.parent / f"{index.name}.builds").iterdir())


# --------------------------------------------------------------------------- the real report


def test_build_counts_every_kind(index_dir):
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"][SLUG] == {
        "chapters": 7, "sections_level2": 25, "sections_level3": 47, "sections_level4": 22,
        "sections": 107, "tables": 22, "figures": 34, "policies": 63}
    assert index_dir.is_symlink()


def test_the_index_alone_rebuilds_the_report(snapshot, report):
    assert snapshot.reports[SLUG] == report
    record = snapshot.record(SLUG, "fig-15-p16")
    assert record.title == "《负责任人工智能战略和实施路径》"
    assert record.data["content"].endswith("方法和举措。")
    assert len([r for r in snapshot.records if r.report == SLUG]) == 107 + 22 + 34 + 63


def test_the_manifest_records_the_analyzer_packages(index_dir):
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["analyzer"] == analyzer_versions()
    assert set(manifest["analyzer"]) == {"rjieba", "opencc", "whoosh-reloaded"}


# --------------------------------------------------------------------------- building


def test_a_build_is_a_folder_behind_a_symlink(tiny_index):
    _, index, result = tiny_index
    assert index.is_symlink() and index.resolve() == result.path
    assert result.documents == 13
    assert builds(index) == [result.path.name]


def test_failed_build_keeps_the_previous_index(tiny_index):
    corpus, index, result = tiny_index
    (corpus / "tiny-report.txt").write_text("没有章节。\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        build_index(corpus, index)
    assert error.value.path.endswith("tiny-report.txt")
    assert index.resolve() == result.path
    assert open_snapshot(index).reports["tiny-report"].counts()["policies"] == 2
    assert builds(index) == [result.path.name]


def test_a_write_that_fails_leaves_no_scratch_folder(tiny_index, monkeypatch):
    corpus, index, result = tiny_index

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_module, "_write", disk_full)
    with pytest.raises(OSError):
        build_index(corpus, index)
    assert index.resolve() == result.path
    assert builds(index) == [result.path.name]  # no .tmp folder left behind


def test_old_builds_are_pruned_newest_kept(tiny_index):
    corpus, index, first = tiny_index
    results = [build_index(corpus, index) for _ in range(3)]
    assert builds(index) == sorted(r.path.name for r in results)
    assert first.path.name not in builds(index)


def test_a_legacy_index_folder_is_pruned_as_the_oldest(tiny_index):
    corpus, index, _ = tiny_index
    legacy = index.parent / "index.builds" / "legacy-123"
    legacy.mkdir()
    results = [build_index(corpus, index) for _ in range(3)]
    assert builds(index) == sorted(r.path.name for r in results)


def test_stale_when_missing_changed_or_built_by_other_analyzer_packages(tiny_index, tmp_path):
    corpus, index, result = tiny_index
    assert not is_stale(corpus, index)
    assert is_stale(corpus, tmp_path / "nowhere")
    manifest_path = result.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["analyzer"]["rjieba"] = "0.0.1"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert is_stale(corpus, index)
    build_index(corpus, index)
    assert not is_stale(corpus, index)
    with (corpus / "tiny-report.txt").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert is_stale(corpus, index)


# --------------------------------------------------------------------------- opening


def test_rebuild_swaps_and_the_holder_reopens(tiny_index):
    corpus, index, first = tiny_index
    holder = IndexHolder(index)
    before = holder.get()
    assert holder.get() is before  # reused while the index is unchanged
    second = build_index(corpus, index)
    assert second.path != first.path
    after = holder.get()
    assert after is not before and after.path == second.path


def test_the_holder_keeps_serving_when_a_new_build_is_broken(tiny_index):
    corpus, index, _ = tiny_index
    holder = IndexHolder(index)
    good = holder.get()
    broken = build_index(corpus, index)
    for name in os.listdir(broken.path):
        if name.endswith(".seg"):
            (broken.path / name).write_bytes(b"garbage")
    assert holder.get() is good
    assert holder.get() is good  # the broken build is not retried on every request


def test_missing_or_corrupt_index_is_unavailable(tiny_index, tmp_path):
    _, index, result = tiny_index
    with pytest.raises(IndexUnavailable):
        IndexHolder(tmp_path / "missing").get()
    for name in os.listdir(result.path):
        if name.endswith(".seg"):
            (result.path / name).write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable):
        open_snapshot(index)
