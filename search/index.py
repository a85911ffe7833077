"""The Whoosh index: building it atomically and opening what it holds.

Whoosh stays behind this module (and ``query``): a build parses every report in the
corpus, writes a fresh folder and swaps a symlink to it in one ``rename``, so the old index
serves until the swap and a failed build leaves it untouched. The folder holds one record
per section, table, figure and policy plus a manifest (report metadata, the analyzer's
domain words and the glossary), so one artifact is all the app needs to serve.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.searching import Searcher

from search.analysis import (
    CharTokenizer,
    Glossary,
    GlossaryEntry,
    GramTokenizer,
    TextAnalyzer,
    WordTokenizer,
    analyzer_for,
    analyzer_versions,
    domain_words,
    english_key,
    load_glossary,
)
from search.corpus import find_reports, fingerprint, load_english_titles, load_report
from search.model import CorpusError, Report, ReportMeta
from search.ranking import WEIGHTING
from search.records import Record, rebuild_report, record_text, report_records

FORMAT = 4  # bump when the schema or the analyzer changes: the index is then stale
MANIFEST = "manifest.json"
KEEP_BUILDS = 3  # previous builds stay on disk so searchers opened on them can finish
PARALLEL_FROM = 4  # reports in the corpus before the build uses a process per core


class IndexUnavailable(RuntimeError):
    """No usable index: missing, half-written or unreadable."""


def make_schema(words: tuple[str, ...]) -> Schema:
    word_analyzer = WordTokenizer(words)
    gram_analyzer = GramTokenizer(words)
    return Schema(
        key=ID(unique=True),
        id=ID,
        report=ID,
        kind=ID,  # facets are counted from the records; these two narrow "related"
        title=TEXT(analyzer=word_analyzer, phrase=False),
        title_grams=TEXT(analyzer=gram_analyzer),
        body=TEXT(analyzer=word_analyzer),
        grams=TEXT(analyzer=gram_analyzer),
        chars=TEXT(analyzer=CharTokenizer(words), phrase=False),
        breadcrumbs=TEXT(analyzer=word_analyzer, phrase=False),
        record=STORED,
    )


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class BuildResult:
    path: Path
    seconds: float
    counts: dict[str, dict[str, int]]  # per report slug
    documents: int


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def build_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None
                ) -> BuildResult:
    """Parse every report in ``corpus_dir`` and swap a fresh index in at ``index_dir``.

    Raises CorpusError (naming file and line) before anything on disk changes.
    ``progress`` hears about each report parsed and indexed."""
    started = time.perf_counter()
    report_progress = progress or (lambda stage, done, total: None)
    sources = find_reports(corpus_dir)
    if not sources:
        raise CorpusError(str(corpus_dir), 0, "no reports (*.toml) in the corpus folder")
    reports = []
    for number, source in enumerate(sources, start=1):
        reports.append(load_report(source))
        report_progress("parse", number, len(sources))
    glossary = load_glossary(corpus_dir / "glossary.tsv")
    titles_en = {}
    for source, report in zip(sources, reports, strict=True):
        titles = load_english_titles(source, report)
        for policy in report.policies():
            english = glossary.english_name(policy.name)
            if english:
                titles.setdefault(policy.id, english)
        titles_en[report.meta.slug] = titles
    words = domain_words(reports, glossary)

    builds = _builds_dir(index_dir)
    builds.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = builds / f"{stamp}-{os.getpid()}"
    scratch = builds / f".{target.name}.tmp"
    scratch.mkdir()
    try:
        documents = _write(scratch, reports, words, report_progress)
        counts = {r.meta.slug: r.counts() for r in reports}
        manifest = {
            "format": FORMAT,
            "analyzer": analyzer_versions(),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "fingerprint": fingerprint(corpus_dir),
            "reports": [asdict(r.meta) for r in reports],
            "counts": counts,
            "domain_words": list(words),
            "glossary": [[e.english, list(e.chinese)] for e in glossary.entries],
            "titles_en": titles_en,
        }
        (scratch / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
        scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    _swap(index_dir, target)
    _prune(builds, keep=target)
    return BuildResult(target, time.perf_counter() - started,
                       counts, documents)


def _builds_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.builds"


def _write(folder: Path, reports: list[Report], words: tuple[str, ...],
           progress: Progress) -> int:
    ix = whoosh_index.create_in(str(folder), make_schema(words))
    # Uncompressed postings: a few more bytes on disk, a quarter less time to build. A
    # corpus of several reports is analysed by one process per core, each writing its own
    # segment (one report alone is not worth the processes).
    procs = min(os.cpu_count() or 1, 4) if len(reports) >= PARALLEL_FROM else 1
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, codec=W3Codec(compression=0), **options)
    documents = 0
    for number, report in enumerate(reports, start=1):
        for record in report_records(report):
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
        # the text is made again from the data when the index is opened
        "record": json.dumps({k: v for k, v in asdict(record).items() if k != "text"},
                             ensure_ascii=False, separators=(",", ":")),
    }


def _swap(index_dir: Path, target: Path) -> None:
    """Point ``index_dir`` at ``target`` with one atomic rename of a symlink."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    if index_dir.exists() and not index_dir.is_symlink():
        # an index folder from before symlinked builds: move it aside once
        index_dir.rename(_builds_dir(index_dir) / f"legacy-{os.getpid()}")
    link = index_dir.parent / f".{index_dir.name}.{os.getpid()}.link"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(target, index_dir.parent))
    os.replace(link, index_dir)


def _prune(builds: Path, keep: Path) -> None:
    """Keep the newest builds. Names are UTC timestamps, so they sort by age; a
    ``legacy-*`` folder (an index from before symlinked builds) counts as the oldest."""
    finished = sorted((p for p in builds.iterdir() if not p.name.startswith(".")),
                      key=lambda p: (p.name[:1].isdigit(), p.name), reverse=True)
    for old in finished[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


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


# --------------------------------------------------------------------------- opening


@dataclass
class Snapshot:
    """One opened build of the index: its reports, records and the analyzer it used.

    Immutable once loaded; a rebuild produces a new Snapshot, and requests holding the old
    one finish on it."""

    path: Path
    manifest: dict[str, Any]
    ix: Any
    reports: dict[str, Report]
    records: list[Record]  # by Whoosh document number
    by_key: dict[str, int]  # "slug/id" → document number
    analyzer: TextAnalyzer
    glossary: Glossary
    outline: dict[str, tuple[str, ...]]  # "slug/id" → headings of the section's children
    titles_en: dict[str, dict[str, str]]  # slug → id → English title
    _local: threading.local = field(default_factory=threading.local, repr=False)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)  # computed on demand

    def searcher(self) -> Searcher:
        """A searcher per thread, reused across requests."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.ix.searcher(weighting=WEIGHTING)
            self._local.searcher = searcher
        return searcher

    def english_title(self, slug: str, unit_id: str) -> str | None:
        return self.titles_en.get(slug, {}).get(unit_id)

    def close_searcher(self) -> None:
        """Close this thread's searcher (before a fork: worker processes must not share
        open files with the process that preloaded the app)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            del self._local.searcher

    def record(self, slug: str, unit_id: str) -> Record | None:
        docnum = self.by_key.get(f"{slug}/{unit_id}")
        return None if docnum is None else self.records[docnum]


def open_snapshot(index_dir: Path) -> Snapshot:
    path = index_dir.resolve()
    manifest = read_manifest(path)
    if manifest is None or manifest.get("format") != FORMAT:
        raise IndexUnavailable(f"no usable search index at {index_dir}")
    failure = None
    with warnings.catch_warnings():
        # Whoosh leaves the files of an index it fails to read open; they are closed when
        # the error is dropped, which is expected here and not worth a ResourceWarning.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(path))
            with ix.searcher() as searcher:
                slots: list[Record | None] = [None] * searcher.doc_count_all()
                for docnum, stored in searcher.reader().iter_docs():
                    slots[docnum] = _record(json.loads(stored["record"]))
        except Exception as exc:  # any failure to read is the same for the operator
            failure = f"{type(exc).__name__}: {exc}"
        if failure is not None:
            gc.collect()
    if failure is not None:
        raise IndexUnavailable(f"the search index at {index_dir} cannot be read: {failure}")
    records = [r for r in slots if r is not None]
    if len(records) != len(slots):
        raise IndexUnavailable(f"the search index at {index_dir} has deleted documents")
    metas = {m["slug"]: ReportMeta(**{**m, "regions": tuple(m["regions"])})
             for m in manifest["reports"]}
    reports = {
        slug: rebuild_report(meta, [r for r in records if r.report == slug])
        for slug, meta in metas.items()
    }
    glossary = Glossary(tuple(
        GlossaryEntry(english, english_key(english), tuple(chinese), 0)
        for english, chinese in manifest["glossary"]
    ))
    outline = {
        f"{slug}/{section.id}": tuple(child.heading for child in section.children)
        for slug, report in reports.items() for section, _ in report.walk()
    }
    return Snapshot(
        path=path,
        manifest=manifest,
        ix=ix,
        reports=reports,
        records=records,
        by_key={r.key: n for n, r in enumerate(records)},
        analyzer=analyzer_for(tuple(manifest["domain_words"])),
        glossary=glossary,
        outline=outline,
        titles_en=manifest.get("titles_en", {}),
    )


def _record(data: dict[str, Any]) -> Record:
    return Record(**{
        **data,
        "text": record_text(data["kind"], data["data"]),
        "breadcrumbs": tuple(tuple(c) for c in data["breadcrumbs"]),
        "regions": tuple(data["regions"]),
        "pages": tuple(data["pages"]) if data["pages"] else None,
    })


class IndexHolder:
    """The snapshot this process serves, reopened when a build swaps the symlink."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._snapshot: Snapshot | None = None
        self._target: str | None = None
        self._failed: str | None = None  # a build that would not open; not retried
        self._lock = threading.Lock()

    def _current_target(self) -> str | None:
        try:
            return os.path.realpath(self.index_dir, strict=True)
        except OSError:
            return None

    def get(self) -> Snapshot:
        target = self._current_target()
        snapshot = self._snapshot
        if snapshot is not None and target == self._target:
            return snapshot
        with self._lock:
            if self._snapshot is not None and target == self._target:
                return self._snapshot
            if target is None or (target == self._failed and self._snapshot is not None):
                if self._snapshot is not None:
                    return self._snapshot  # removed or broken: keep serving what we have
                raise IndexUnavailable(f"no search index at {self.index_dir}")
            try:
                self._snapshot = open_snapshot(self.index_dir)
            except IndexUnavailable:
                self._failed = target
                if self._snapshot is None:
                    raise
                return self._snapshot  # a broken new build never replaces a working one
            self._target = target
            return self._snapshot
