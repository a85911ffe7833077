"""The index this process serves: opened on first use, reopened when a build swaps a new
one in, and warmed up before gunicorn forks its workers. Views, middleware, ``wsgi.py``
and commands get their snapshot here."""

from __future__ import annotations

import gc
import hashlib
import logging
from functools import cache
from pathlib import Path

from django.conf import settings

from search.engine.snapshot import IndexHolder, IndexUnavailable, Snapshot, is_read_error
from search.query.searching import search

log = logging.getLogger("search")
_holders: dict[Path, IndexHolder] = {}


def _holder() -> IndexHolder:
    index_dir = Path(settings.SEARCH_INDEX_DIR)
    holder = _holders.get(index_dir)
    if holder is None:
        holder = _holders.setdefault(index_dir, IndexHolder(index_dir))
    return holder


def current_snapshot() -> Snapshot:
    """The index this process serves (reopened when a build swaps it in)."""
    return _holder().get()


def index_failed(exc: BaseException) -> IndexUnavailable | None:
    """If ``exc`` came from reading a damaged build, mark the served snapshot broken (the
    next request gets the newest build that opens) and say so as IndexUnavailable."""
    if isinstance(exc, IndexUnavailable):
        return exc
    if not is_read_error(exc):
        return None
    reason = f"{type(exc).__name__}: {exc}"
    _holder().mark_broken(reason)
    return IndexUnavailable(f"the search index could not be read: {reason}")


def warm_up(who: str = "preloaded app") -> None:
    """Open the index, load jieba's dictionary and run one search, so the first request is
    as fast as the rest (gunicorn --preload does this once, before forking workers; each
    worker again before serving, in case a rebuild swapped in another build since)."""
    try:
        snapshot = current_snapshot()
    except IndexUnavailable as exc:
        log.warning("%s: not warmed up: %s", who, exc)
        return
    log.info("%s: serving index build %s", who, snapshot.path.name)
    # what searches consult is built once, before workers fork (jieba's dictionary, the
    # lexicon and its pinyin, the thesauri, facet sets, titles), then a query of each
    # shape runs through every step
    from search.query.prepared import prepared

    prep = prepared(snapshot)
    for english in (False, True):
        prep.suggestions(english)
    for q in ("人工智能 AI 芯", "电脑视觉的岗位有多少", "computer vision talent", "图表 15"):
        search(snapshot, q)
    snapshot.close_searcher()
    # what the warm-up loaded lives as long as the process: out of the collector's
    # generations it is never scanned again (a full collection walked its ~300,000
    # objects, ~0.5 ms a search on average), and forked workers keep sharing its pages
    gc.freeze()


def _release_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [path for folder, pattern in (("search", "*.py"), ("search", "*.mo"),
                                         ("templates", "*"), ("static", "*"))
            for path in sorted((base / folder).rglob(pattern)) if path.is_file()]


@cache
def release() -> str:
    """A short hash of the code, templates, catalogues and static files this process
    serves: part of every page's ETag, so a deploy never leaves stale pages valid."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in _release_files():
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@cache
def release_time() -> float:
    """When the release this process serves was installed (its newest file): pages'
    Last-Modified is never older, so a deploy moves it as it changes the ETag."""
    return max((path.stat().st_mtime for path in _release_files()), default=0.0)
