"""Measurements that need a fresh process (peak memory, cold opening):

    python -m bench.child build CORPUS INDEX   → {"seconds", "documents", "peak_mb"}
    python -m bench.child query INDEX          → {"open_seconds", "p50", "p95", "peak_mb"}
    python -m bench.child add CORPUS INDEX     → one more report, built incrementally
    python -m bench.child remove CORPUS INDEX  → …and taken out again
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.querymix import QUERY_MIX
from bench.stats import latencies, peak_rss_mb, percentile
from bench.synthetic import progress_bar


def build(corpus: Path, index: Path) -> dict:
    from search.engine.writer import build_index

    def progress(stage: str, done: int, total: int) -> None:
        if stage in ("parse", "index") and total > 1:
            progress_bar(f"{stage} reports", done, total)

    result = build_index(corpus, index, progress)
    return {"seconds": result.seconds, "documents": result.documents, "peak_mb": peak_rss_mb()}


def add(corpus: Path, index: Path) -> dict:
    """One more report in a library already indexed: the build indexes it alone."""
    from bench.synthetic import write_copy
    from search.engine.writer import build_index

    copy = 1 + max((int(p.stem.rsplit("-", 1)[1]) for p in corpus.glob("*-copy-*.toml")),
                   default=0)
    write_copy(corpus, copy)
    result = build_index(corpus, index)
    return {"seconds": result.seconds, "indexed": list(result.indexed),
            "documents": result.documents, "peak_mb": peak_rss_mb()}


def remove(corpus: Path, index: Path) -> dict:
    """The report ``add`` put in, taken out: the build deletes its records alone."""
    from search.document.corpus import remove_document
    from search.engine.writer import build_index

    last = max(corpus.glob("*-copy-*.toml"), key=lambda p: p.stem).stem
    remove_document(corpus, last)
    result = build_index(corpus, index)
    return {"seconds": result.seconds, "removed": list(result.removed),
            "documents": result.documents, "peak_mb": peak_rss_mb()}


def query(index: Path) -> dict:
    from search.engine.snapshot import open_snapshot
    from search.query.facets import Filters
    from search.query.searching import search

    started = time.perf_counter()
    snapshot = open_snapshot(index)
    opened = time.perf_counter() - started
    calls = [lambda m=m: search(snapshot, m.q, Filters(**m.filters), m.sort) for m in QUERY_MIX]
    times = latencies(calls, repeat=10)
    return {"open_seconds": opened, "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "peak_mb": peak_rss_mb()}


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    runners: dict[str, Callable[..., dict]] = {"build": build, "query": query, "add": add,
                                                "remove": remove}
    print(json.dumps(runners[command](*map(Path, paths))))
