"""The index: one artifact holding the report, swapped in whole, never half-built.

The real report is built once for the session (``index_dir``); the mechanics of building,
swapping, pruning and reopening run on the tiny report, which builds in a blink."""

from __future__ import annotations

import gc
import json
import os
import threading
import time
import types

import pytest

from search.document.model import CorpusError
from search.engine import builds as builds_module
from search.engine import writer as index_module
from search.engine.snapshot import IndexHolder, IndexUnavailable, open_snapshot
from search.engine.writer import build_index, is_stale
from search.language.analysis import analyzer_versions

SLUG = "ai-whitepaper-2023"


def builds(index):
    """The finished builds beside ``index`` (not the lock, not scratch folders)."""
    return sorted(p.name for p in (index.parent / f"{index.name}.builds").iterdir()
                  if not p.name.startswith("."))


def scratch_folders(index):
    return [p.name for p in (index.parent / f"{index.name}.builds").glob(".*.tmp")]


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

    monkeypatch.setattr(index_module, "_write_all", disk_full)
    monkeypatch.setattr(index_module, "_write_changes", disk_full)
    with pytest.raises(OSError):
        build_index(corpus, index)
    assert index.resolve() == result.path
    assert builds(index) == [result.path.name]
    assert scratch_folders(index) == []


def test_old_builds_are_pruned_once_retired_long_enough(tiny_index):
    corpus, index, first = tiny_index
    results = [build_index(corpus, index) for _ in range(3)]
    # just swapped out: a worker may still be opening them, so all four stay for now
    assert builds(index) == sorted(r.path.name for r in [first, *results])
    later = time.time() + builds_module.RETIRED_GRACE + 1
    removed = builds_module.prune(index.parent / "index.builds", keep=results[-1].path,
                                  now=later)
    assert [p.name for p in removed] == [first.path.name]
    assert builds(index) == sorted(r.path.name for r in results)


def test_a_legacy_index_folder_is_pruned_as_the_oldest(tiny_index):
    corpus, index, _ = tiny_index
    legacy = index.parent / "index.builds" / "legacy-123"
    legacy.mkdir()
    results = [build_index(corpus, index) for _ in range(2)]
    later = time.time() + builds_module.RETIRED_GRACE + 1
    removed = builds_module.prune(index.parent / "index.builds", keep=results[-1].path,
                                  now=later)
    assert [p.name for p in removed] == ["legacy-123"]


def test_the_served_build_is_never_pruned(tiny_index):
    corpus, index, first = tiny_index
    folder = index.parent / "index.builds"
    for name in ("30000101T000000000000-1", "30000101T000000000000-2",
                 "30000101T000000000000-3"):  # newer names, as from a clock gone wrong
        (folder / name).mkdir()
    builds_module.prune(folder, keep=first.path, now=time.time() + 10_000)
    assert first.path.name in builds(index)


def test_builds_take_turns(tiny_index):
    """Two builds at once: the second waits for the first instead of racing it to swap
    and prune (it says so through its progress callback)."""
    corpus, index, _ = tiny_index
    folder = index.parent / "index.builds"
    waited = threading.Event()
    results = []
    with builds_module.exclusive(index):  # as if a build were running
        def progress(stage: str, done: int, total: int) -> None:
            if stage == "wait":
                waited.set()

        thread = threading.Thread(target=lambda: results.append(build_index(
            corpus, index, progress)))
        thread.start()
        assert waited.wait(10)
        assert len(builds(index)) == 1  # nothing happened while the lock was held
    thread.join(30)
    assert len(results) == 1 and index.resolve() == results[0].path
    assert (folder / ".lock").exists()


def test_a_killed_build_leaves_nothing_behind_after_the_next_one(tiny_index):
    corpus, index, _ = tiny_index
    leftover = index.parent / "index.builds" / ".20260101T000000000000-999.tmp"
    leftover.mkdir()
    (leftover / "MAIN_x.seg").write_bytes(b"half written")
    build_index(corpus, index)
    assert scratch_folders(index) == []


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


# --------------------------------------------------------------------------- damage


def truncate_segments(path):
    for segment in path.glob("*.seg"):
        with segment.open("r+b") as f:
            f.truncate(64)


def test_a_damaged_build_is_refused_naming_the_file(tiny_index):
    _, index, result = tiny_index
    truncate_segments(result.path)
    with pytest.raises(IndexUnavailable, match=r"damaged: MAIN_\w+\.seg is 64 bytes, \d+ "
                                               r"were written"):
        open_snapshot(index)


def test_a_build_without_its_toc_is_refused(tiny_index):
    _, index, result = tiny_index
    for toc in result.path.glob("*.toc"):
        toc.unlink()
    with pytest.raises(IndexUnavailable, match=r"damaged: .*\.toc is missing"):
        open_snapshot(index)


def test_a_restarted_process_serves_the_previous_build_when_the_current_is_damaged(
        tiny_index):
    corpus, index, first = tiny_index
    second = build_index(corpus, index)
    truncate_segments(second.path)
    snapshot = IndexHolder(index).get()  # a worker starting now
    assert snapshot.path == first.path


def test_a_restarted_process_serves_the_previous_build_when_the_current_is_gone(tiny_index):
    import shutil

    corpus, index, first = tiny_index
    second = build_index(corpus, index)
    shutil.rmtree(second.path)
    assert IndexHolder(index).get().path == first.path


def test_damage_found_while_serving_switches_to_the_previous_build(tiny_index):
    corpus, index, first = tiny_index
    second = build_index(corpus, index)
    holder = IndexHolder(index)
    served = holder.get()
    assert served.path == second.path
    holder.mark_broken("EOFError: as a request found it")
    assert holder.get().path == first.path
    assert holder.get().path == first.path  # and stays there, not retrying the damaged one


def test_nothing_readable_is_unavailable(tiny_index):
    _, index, result = tiny_index
    truncate_segments(result.path)
    with pytest.raises(IndexUnavailable, match="no readable search index"):
        IndexHolder(index).get()


def test_a_term_the_index_lacks_asked_again_and_again_holds_on_to_nothing(tiny_index):
    """A missing term's answer is kept, but not its exception: raised again and again, it
    chained every raise's frames onto its traceback, and memory and the collector's work
    grew with every request (a 0.4 s collection in the middle of a query)."""
    from search.query.searching import search

    snapshot = open_snapshot(tiny_index[1])

    def frames() -> int:
        gc.collect()
        return sum(type(o) is types.FrameType for o in gc.get_objects())

    search(snapshot, "霸王龙 tyrannosaurus")
    before = frames()
    for _ in range(30):
        search(snapshot, "霸王龙 tyrannosaurus")
    assert frames() - before < 10
