"""Measurements that need a fresh process (peak memory, cold opening):

    python -m bench.child build CORPUS INDEX   → {"seconds", "documents", "peak_mb"}
    python -m bench.child query INDEX          → {"open_seconds", "p50", "p95", "peak_mb"}
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
    runners: dict[str, Callable[..., dict]] = {"build": build, "query": query}
    print(json.dumps(runners[command](*map(Path, paths))))
