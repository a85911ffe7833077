"""``make bench``: one table of speed and relevance for this machine.

    python -m bench [--scale 100] [--load-seconds 30] [--no-load]

Builds its own index in a temporary folder (var/index is left alone), runs the query mix
on our engine and on two baselines over the same chunks, scores every engine on the judged
queries, times the results page, loads ``make run``'s gunicorn, and with --scale grows a
synthetic corpus to see how building and searching scale.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", type=int, default=1, help="reports in the synthetic corpus")
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--slow-clients", type=int, default=50,
                        help="slow-header connections against each serving setup (0: none)")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    logging.getLogger("search").setLevel(logging.WARNING)  # one line per search is noise here
    from django.test import Client, override_settings

    from bench.baselines import Fts5Baseline, ScanBaseline
    from bench.querymix import QUERY_MIX
    from bench.stats import latencies, machine, median, percentile, timed
    from search.engine.snapshot import open_snapshot
    from search.engine.writer import build_index
    from search.query.evaluation import evaluate, load_judgments, scores
    from search.query.facets import Filters
    from search.query.searching import search

    work = Path(tempfile.mkdtemp(prefix="whitepaper-bench-"))
    rows: list[tuple[str, ...]] = []
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731 - progress lines
    try:
        # ---- build
        say("building the index 3 times…")
        index = work / "index"
        # full builds: a second build of an unchanged corpus would have nothing to do
        builds = [build_index(ROOT / "corpus", index, full=True).seconds for _ in range(3)]
        snapshot = open_snapshot(index)
        records = [r for r in snapshot.records if r.report == "ai-whitepaper-2023"]

        fts_seconds = time.perf_counter()
        fts = Fts5Baseline(records)
        fts_seconds = time.perf_counter() - fts_seconds
        scan_seconds = time.perf_counter()
        scan = ScanBaseline(records)
        scan_seconds = time.perf_counter() - scan_seconds
        rows.append(("index build (the report)", f"{median(builds):.2f} s",
                     f"{fts_seconds:.2f} s", f"{scan_seconds:.3f} s", "", ""))

        # ---- search latency, warm, in process
        say("timing the query mix…")
        ours = [lambda m=m: search(snapshot, m.q, Filters(**m.filters), m.sort)
                for m in QUERY_MIX]
        engines: dict[str, list[Callable]] = {
            "ours": ours,
            "fts": [lambda m=m: fts.search(m) for m in QUERY_MIX],
            "scan": [lambda m=m: scan.search(m) for m in QUERY_MIX],
        }
        for call in ours:  # warm up, then freeze what that loaded, as make run's warm-up does
            call()
        gc.freeze()
        times = {name: latencies(calls, repeat=20) for name, calls in engines.items()}

        def pair(values: list[float]) -> str:
            return f"{percentile(values, .5):.2f} / {percentile(values, .95):.2f}"

        def ratio(a: list[float], b: list[float]) -> str:
            return f"{percentile(a, .5) / percentile(b, .5):.0f}×"

        rows.append(("search p50 / p95 ms (in process)", pair(times["ours"]),
                     pair(times["fts"]), pair(times["scan"]),
                     ratio(times["ours"], times["fts"]), ratio(times["ours"], times["scan"])))
        for group in ("chinese", "english", "phrase", "filter-only"):
            picked = [i for i, m in enumerate(QUERY_MIX) if m.group == group]
            per = {name: [t for n, t in enumerate(values) if n % len(QUERY_MIX) in picked]
                   for name, values in times.items()}
            rows.append((f"  {group} p50 ms", f"{percentile(per['ours'], .5):.2f}",
                         f"{percentile(per['fts'], .5):.2f}",
                         f"{percentile(per['scan'], .5):.2f}", "", ""))

        # ---- relevance of every engine on the judged queries
        say("scoring the judged queries…")
        from bench.querymix import MixQuery
        from search.query.evaluation import Ran, Result

        def ours_run(q: str, english: bool) -> Ran:
            found = search(snapshot, q, Filters(report=("ai-whitepaper-2023",)), per_page=10,
                           english=english)
            return Ran(tuple(Result(h.title, h.breadcrumbs, h.snippet) for h in found.hits),
                       found.total, found.partial)

        def baseline(engine) -> Callable[[str, bool], Ran]:
            def run(q: str, english: bool) -> Ran:
                records = engine.search(MixQuery("judged", q)).records
                return Ran(tuple(Result(r.title, tuple(t for _, t in r.breadcrumbs))
                                 for r in records), len(records))

            return run

        runners = {"ours": ours_run, "fts": baseline(fts), "scan": baseline(scan)}
        for label, path in (("dev", ROOT / "corpus" / "eval" / "dev-queries.json"),
                            ("regression", ROOT / "corpus" / "eval" / "regression-queries.json")):
            judged = load_judgments(path)
            lines = {name: scores(evaluate(judged, run))[-1] for name, run in runners.items()}
            rows.append((f"hit@5 / MRR@10, {label} queries ({len(judged)})",
                         *(f"{lines[n].hit_at_k:.2f} / {lines[n].mrr:.2f}"
                           for n in ("ours", "fts", "scan")), "", ""))
            for lang in sorted({q.lang for q in judged}):
                subset = [q for q in judged if q.lang == lang]
                hit = {n: scores(evaluate(subset, run))[-1].hit_at_k
                       for n, run in runners.items()}
                rows.append((f"  hit@5 {lang} ({len(subset)})",
                             *(f"{hit[n]:.2f}" for n in ("ours", "fts", "scan")), "", ""))

        # ---- through Django: the results page and the API
        say("timing pages through the Django test client…")
        # without the results cache: every request searches (the cache is measured apart)
        dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        with override_settings(SEARCH_INDEX_DIR=index, CACHES=dummy):
            client = Client(HTTP_HOST="localhost")
            def fetching(path: str, htmx: bool = False) -> Callable[[], object]:
                if htmx:
                    return lambda: client.get(path, HTTP_HX_REQUEST="true")
                return lambda: client.get(path)

            page = latencies([fetching(m.page_path()) for m in QUERY_MIX], 10)
            partial = latencies([fetching(m.page_path(), htmx=True) for m in QUERY_MIX], 10)
            api = latencies([fetching(m.api_path()) for m in QUERY_MIX], 10)
            section = latencies([lambda: client.get("/ai-whitepaper-2023/3.1.1.3/?q=政策")], 20)
        rows.append(("results page p50 / p95 ms (full page)", pair(page), "", "", "", ""))
        rows.append(("results partial (htmx) p50 / p95 ms", pair(partial), "", "", "", ""))
        rows.append(("API p50 / p95 ms (test client)", pair(api), "", "", "", ""))
        rows.append(("section page with ?q= p50 / p95 ms", pair(section), "", "", "", ""))

        # ---- load on gunicorn
        if not args.no_load:
            say(f"loading gunicorn with 8 clients for {args.load_seconds:.0f} s…")
            from bench.load import run_load

            load = run_load(index, seconds=args.load_seconds)
            say("…and a Zipf log of searches, with and without the results cache…")
            from bench.load import zipf_queries
            from search.language.vocabulary import content_words

            words = [w for w, _ in content_words(snapshot.reports.values(),
                                                  snapshot.analyzer).most_common(400)]
            vocabulary = [m.q for m in QUERY_MIX if m.q] + [
                f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=False)]
            log = zipf_queries(vocabulary, 20_000)
            repeats = 1 - len(set(log)) / len(log)
            zipf_cold = run_load(index, seconds=args.load_seconds, queries=log)
            zipf_warm = run_load(index, seconds=args.load_seconds, queries=log, cache=True)
            rows += [
                ("gunicorn start → listening", f"{load.startup_seconds:.2f} s", "", "", "",
                 ""),
                ("first API request after start", f"{load.first_ms:.1f} ms", "", "", "", ""),
                ("HTTP API p50 / p95 ms (one client)",
                 f"{load.sequential_p50:.1f} / {load.sequential_p95:.1f}", "", "", "", ""),
                (f"8 clients × {load.seconds:.0f} s: req/s", f"{load.throughput:.0f}", "", "",
                 "", ""),
                ("  p50 / p95 ms under load", f"{load.p50:.1f} / {load.p95:.1f}", "", "", "",
                 ""),
                ("  errors", f"{load.errors} of {load.requests}", "", "", "", ""),
                (f"Zipf log ({len(set(log))} queries, {repeats:.0%} of searches repeat one):"
                 " req/s without / with the results cache",
                 f"{zipf_cold.throughput:.0f} / {zipf_warm.throughput:.0f}", "", "", "", ""),
                ("  p50 / p95 ms without / with the cache",
                 f"{zipf_cold.p50:.1f} / {zipf_cold.p95:.1f} · "
                 f"{zipf_warm.p50:.1f} / {zipf_warm.p95:.1f}", "", "", "", ""),
                ("  errors without / with",
                 f"{zipf_cold.errors} / {zipf_warm.errors}", "", "", "", ""),
            ]

        # ---- the costliest queries
        say("sweeping the costliest shapes of query…")
        costs = subprocess.run([sys.executable, "-m", "bench.costs", "--index", str(index),
                                "--random", "200"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout
        worst = next(line for line in costs.splitlines() if line.startswith("worst:"))
        rows.append(("costliest query (bench.costs), CPU", worst.split()[1] + " s", "", "",
                     "", ""))

        # ---- slow clients
        if args.slow_clients and not args.no_load:
            say(f"{args.slow_clients} slow-header connections against each setup…")
            from bench.slowclients import SETUPS
            from bench.slowclients import run as slow_run

            for setup, server_args in SETUPS.items():
                result = slow_run(setup, server_args, index, args.slow_clients, 15)
                rows.append((f"{args.slow_clients} slow clients: {setup}",
                             f"p95 {result.p95:.0f} ms, {result.errors} errors of "
                             f"{result.requests}", "", "", "", ""))

        # ---- scale
        sizes = [n for n in (1, 10, 100) if n <= args.scale]
        if args.scale > 1 and args.scale not in sizes:
            sizes.append(args.scale)
        scale_rows = _scale(work, sizes, timed) if args.scale > 1 else []
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nWhitepaper Search benchmark — {machine()}\n")
    _table(("", "ours", "FTS5+jieba", "substring", "ours/FTS5", "ours/scan"), rows)
    if scale_rows:
        print()
        _table(("synthetic corpus", *(f"×{n}" for n in sizes)), scale_rows)
    return 0


def _scale(work: Path, sizes: list[int], timed) -> list[tuple[str, ...]]:
    from bench.synthetic import make_corpus

    print(f"growing a synthetic corpus of {max(sizes)} reports…", file=sys.stderr)
    synthetic = make_corpus(work / "synthetic", max(sizes))
    results = []
    for size in sizes:
        corpus = work / f"corpus-{size}"
        corpus.mkdir()
        for path in synthetic.iterdir():
            slug = path.name.split(".")[0]
            copy = int(slug.rsplit("-", 1)[1]) if "-copy-" in slug else 0
            if copy < size or not slug.startswith("ai-whitepaper"):
                # copies: the corpus refuses a link out of its folder (issue 19)
                if path.is_dir():
                    shutil.copytree(path, corpus / path.name)
                else:
                    shutil.copy(path, corpus / path.name)
        index = work / f"index-{size}" / "index"
        print(f"×{size}: building…", file=sys.stderr)
        built = _child("build", corpus, index)
        queried = _child("query", index)
        size_mb = _folder_mb(index.resolve())
        print(f"×{size}: make run's workers under the query mix…", file=sys.stderr)
        from bench.load import worker_memory

        queried["worker"] = worker_memory(index)
        # one report more, then taken out again: each build indexes that report alone
        print(f"×{size}: adding one report, removing it…", file=sys.stderr)
        added = _child("add", corpus, index)
        removed = _child("remove", corpus, index)
        built |= {"add": added["seconds"], "remove": removed["seconds"]}
        results.append((size, built, queried, size_mb))
    return [
        ("reports", *(str(s) for s, *_ in results)),
        ("documents", *(str(b["documents"]) for _, b, _, _ in results)),
        ("build s", *(f"{b['seconds']:.1f}" for _, b, _, _ in results)),
        ("build s per report", *(f"{b['seconds'] / s:.2f}" for s, b, _, _ in results)),
        ("add one report s (incremental)", *(f"{b['add']:.1f}" for _, b, _, _ in results)),
        ("remove one report s (incremental)",
         *(f"{b['remove']:.1f}" for _, b, _, _ in results)),
        ("build peak memory MB", *(f"{b['peak_mb']:.0f}" for _, b, _, _ in results)),
        ("index size MB", *(f"{mb:.1f}" for *_, mb in results)),
        ("open index s (cold process)", *(f"{q['open_seconds']:.2f}" for _, _, q, _ in results)),
        ("search p50 / p95 ms", *(f"{q['p50']:.1f} / {q['p95']:.1f}" for _, _, q, _ in results)),
        ("serving process peak MB", *(f"{q['peak_mb']:.0f}" for _, _, q, _ in results)),
        ("make run worker MB: resident / its share (PSS) / its own",
         *(f"{w.rss_mb:.0f} / {w.pss_mb:.0f} / {w.private_mb:.0f}" if (w := q["worker"])
           else "n/a" for _, _, q, _ in results)),
    ]


def _folder_mb(path: Path) -> float:
    from bench.stats import folder_mb

    return folder_mb(path)


def _child(command: str, *paths: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "bench.child", command, *map(str, paths)],
                         cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    sys.exit(main())
