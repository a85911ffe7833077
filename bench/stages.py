"""Where a search's time goes, by stage (issue 21): the bench's query mix run in process,
each stage timed by wrapping the function that does it. Stages nest (ranking includes
scoring and rescoring), so the table says which is inside which.

    python -m bench.stages [--rounds 20] [--index DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (label, module, attribute, what it does); a stage inside another is indented
STAGES = (
    ("search, in all", "search.query.searching", "search", ""),
    ("  understanding", "search.query.searching", "understand",
     "the query's concepts: segmenting, synonyms, corrections, intents"),
    ("  matching", "search.query.searching", "match", "concepts → plans → documents"),
    ("  missing and intents", "search.query.searching", "leave_out_missing",
     "what no document has; places, years, kinds applied"),
    ("  facets", "search.query.searching", "restrict", "filters and facet counts"),
    ("  ranking", "search.query.searching", "rank_page", "the page's documents in order"),
    ("    BM25F over postings", "search.engine.snapshot", "Snapshot.score",
     "every candidate, cheaply"),
    ("    phrases and proximity", "search.engine.snapshot", "Snapshot.positional",
     "the best 50, positions read"),
    ("  hits", "search.query.searching", "build_hits", "titles and snippets, marked"),
    ("    snippets", "search.query.results", "_snippet", "the best sentence, marked"),
)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    import importlib

    from bench.standalone import open_index

    snapshot = open_index(args.index, "stages")
    from bench.querymix import QUERY_MIX
    from search.query import searching
    from search.query.facets import Filters

    spent: dict[str, float] = defaultdict(float)

    def timing(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                spent[label] += time.perf_counter() - started

        return timed

    for label, module_name, attribute, _what in STAGES:
        owner: Any = importlib.import_module(module_name)
        name = attribute
        if "." in attribute:
            owner_name, name = attribute.split(".")
            owner = getattr(owner, owner_name)
        setattr(owner, name, timing(label, getattr(owner, name)))
    run = searching.search
    for query in QUERY_MIX:  # warm: the snapshot's tables, jieba, caches of terms
        run(snapshot, query.q, Filters(**query.filters), query.sort)
    spent.clear()
    started = time.process_time()
    for _ in range(args.rounds):
        for query in QUERY_MIX:
            run(snapshot, query.q, Filters(**query.filters), query.sort)
    searches = args.rounds * len(QUERY_MIX)
    cpu = (time.process_time() - started) / searches * 1000
    whole = spent["search, in all"] or 1.0
    print(f"{searches} searches of the query mix, {cpu:.2f} ms CPU each on average")
    print("| stage | ms per search | share | what |")
    print("|---|---|---|---|")
    for label, _module, _attribute, what in STAGES:
        ms = spent[label] / searches * 1000
        print(f"| {label.strip()}{' (inside the one above)' if label.startswith('    ') else ''}"
              f" | {ms:.2f} | {spent[label] / whole:.0%} | {what} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
