"""Building the index: one document per unit, the manifest, the atomic swap.

A build parses every report in the corpus, writes a fresh folder and swaps a symlink to
it in one ``rename`` (``builds``), so the old index serves until the swap and a failed
build leaves it untouched. The folder holds one record per section, table, figure and policy
plus a manifest (report metadata, the analyzer's domain words, the glossary, every file
with its size), so one artifact is all the app needs to serve.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from search.document.corpus import find_reports, fingerprint, load_report
from search.document.model import CorpusError, Report
from search.engine import builds
from search.engine.records import Record, report_records
from search.engine.schema import FORMAT, make_schema
from search.language.analysis import analyzer_versions, normalize_text
from search.language.edition import (
    EditionStatus,
    current_translations,
    edition_status,
    load_edition,
)
from search.language.glossary import load_glossary
from search.language.thesaurus import check_synonyms
from search.language.vocabulary import domain_words, report_texts

MANIFEST = "manifest.json"
PARALLEL_FROM = 4  # reports in the corpus before the build uses a process per core


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class BuildResult:
    path: Path
    seconds: float
    counts: dict[str, dict[str, int]]  # per report slug
    documents: int
    editions: dict[str, EditionStatus] = field(default_factory=dict)  # English, per slug
    skipped: tuple[CorpusError, ...] = ()  # documents left out: their metadata is incomplete


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def build_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None
                ) -> BuildResult:
    """Parse every report in ``corpus_dir`` and swap a fresh index in at ``index_dir``.

    Raises CorpusError (naming file and line) before anything on disk changes.
    ``progress`` hears about each report parsed and indexed."""
    started = time.perf_counter()
    report_progress = progress or (lambda stage, done, total: None)
    skipped: list[CorpusError] = []
    sources = find_reports(corpus_dir, skipped)
    if not sources and skipped:
        raise skipped[0]
    if not sources:
        raise CorpusError(str(corpus_dir), 0, "no reports (*.toml) in the corpus folder")
    reports = []
    for number, source in enumerate(sources, start=1):
        reports.append(load_report(source))
        report_progress("parse", number, len(sources))
    glossary = load_glossary(corpus_dir / "glossary.tsv")
    editions: dict[str, dict[str, str]] = {}
    statuses: dict[str, EditionStatus] = {}
    for source, report in zip(sources, reports, strict=True):
        edition = load_edition(source.edition_path)
        statuses[report.meta.slug] = edition_status(report, edition)
        editions[report.meta.slug] = current_translations(report, edition)
    corpus_text = "\n".join(normalize_text(t) for r in reports for t in report_texts(r))
    synonyms = check_synonyms(corpus_dir / "synonyms.tsv", corpus_text)
    words = domain_words(reports, glossary)
    counts = {r.meta.slug: r.counts() for r in reports}

    with builds.exclusive(index_dir, waiting=lambda: report_progress("wait", 0, 1)) as folder:
        scratch, target = builds.new_scratch(folder)
        try:
            documents = _write(scratch, reports, editions, words, report_progress)
            manifest = {
                "format": FORMAT,
                "analyzer": analyzer_versions(),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "fingerprint": fingerprint(corpus_dir),
                "reports": [asdict(r.meta) for r in reports],
                "counts": counts,
                "domain_words": list(words),
                "glossary": [[e.english, list(e.chinese), e.section]
                             for e in glossary.entries],
                "synonyms": [list(group) for group in synonyms],
                # every file and its size: a damaged build is refused when opened
                "files": {p.name: p.stat().st_size for p in sorted(scratch.iterdir())},
            }
            (scratch / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False,
                                                       indent=1), encoding="utf-8")
            scratch.rename(target)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        builds.swap(index_dir, target)
        builds.prune(folder, keep=target)
    return BuildResult(target, time.perf_counter() - started, counts, documents, statuses,
                       tuple(skipped))


def _write(folder: Path, reports: list[Report], editions: dict[str, dict[str, str]],
           words: tuple[str, ...], progress: Progress) -> int:
    ix = whoosh_index.create_in(str(folder), make_schema(words))
    # Uncompressed postings: a few more bytes on disk, a quarter less time to build. A
    # corpus of several reports is analysed by one process per core, each writing its own
    # segment (one report alone is not worth the processes).
    procs = min(os.cpu_count() or 1, 4) if len(reports) >= PARALLEL_FROM else 1
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, codec=W3Codec(compression=0), **options)
    documents = 0
    for number, report in enumerate(reports, start=1):
        for record in report_records(report, editions.get(report.meta.slug)):
            writer.add_document(**_document(record))
            documents += 1
        progress("index", number, len(reports))
    progress("commit", 0, 1)
    writer.commit()
    progress("commit", 1, 1)
    return documents


def _document(record: Record) -> dict[str, Any]:
    crumbs = " ".join(title for _, title in record.breadcrumbs)
    return {
        "key": record.key,
        "id": record.id,
        "report": record.report,
        "kind": record.kind,
        "title": record.title,
        "title_grams": record.title,
        "body": record.text,
        "grams": record.text,
        "chars": record.text,
        "breadcrumbs": crumbs,
        "title_en": record.title_en,
        "body_en": record.text_en,
        # the text is made again from the data when the index is opened
        "record": json.dumps({k: v for k, v in asdict(record).items() if k != "text"},
                             ensure_ascii=False, separators=(",", ":")),
    }


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(corpus_dir: Path, index_dir: Path) -> bool:
    """Missing, from another format or other analyzer packages, or built from a
    different corpus."""
    manifest = read_manifest(index_dir)
    return (
        manifest is None
        or manifest.get("format") != FORMAT
        or manifest.get("analyzer") != analyzer_versions()
        or manifest.get("fingerprint") != fingerprint(corpus_dir)
    )
