"""Building the index: one document per unit, the manifest, the atomic swap.

A build writes a fresh folder and swaps a symlink to it in one ``rename`` (``builds``), so
the old index serves until the swap and a failed build leaves it untouched. The folder
holds one record per section, table, figure and policy plus a manifest (report metadata,
the analyzer's domain words, the glossary, every file with its size, and what each
document contributed), so one artifact is all the app needs to serve.

Adding, changing or removing one document re-indexes that document only (issue 25: a
100-document library took 79 s to take one more): the served build is copied, the
document's records are deleted from the copy (``delete_by_term``) and written again as a
new segment. What the whole corpus decides is kept per document in the manifest — its
domain words, the synonym groups its text has, its counts, the lengths of its fields — so
the others need not be read; when the domain words change, the documents whose text has a
word that came or went are indexed again too (jieba then cuts them otherwise). Anything
else — the analyzer's packages, the glossary, the synonyms, the format — calls for a full
build, as does ``full``. Both give the same index to search: statistics are read from
live documents (``scorer``) and records are numbered in document order (``snapshot``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from search.document.corpus import ReportSource, find_reports, fingerprint, load_report
from search.document.model import CorpusError, Report
from search.engine import builds
from search.engine.records import Record, report_records
from search.engine.schema import FIELDS, FORMAT, make_schema
from search.language.analysis import analyzer_for, analyzer_versions, normalize_text
from search.language.edition import (
    EditionStatus,
    current_translations,
    edition_status,
    load_edition,
)
from search.language.glossary import load_glossary
from search.language.thesaurus import check_synonyms_found, read_synonyms, synonyms_in
from search.language.vocabulary import glossary_words, report_texts, report_words

MANIFEST = "manifest.json"
PARALLEL_FROM = 4  # reports in a full build before it uses a process per core
SETTINGS = ("glossary.tsv", "synonyms.tsv")  # files of the corpus every document depends on


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class BuildResult:
    path: Path
    seconds: float
    counts: dict[str, dict[str, int]]  # per report slug
    documents: int
    editions: dict[str, EditionStatus] = field(default_factory=dict)  # English, per slug
    skipped: tuple[CorpusError, ...] = ()  # documents left out: their metadata is incomplete
    indexed: tuple[str, ...] = ()  # the documents (slugs) this build indexed
    removed: tuple[str, ...] = ()  # …and those it took out
    incremental: bool = False  # whether it started from the build before it


Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class _Document:
    """One document as a build sees it: parsed (when it is indexed), or as the manifest
    of the previous build describes it."""

    source: ReportSource
    fingerprint: str
    entry: dict[str, Any]  # its part of the manifest's "documents"
    report: Report | None = None
    edition: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.source.meta.slug


def build_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None, *,
                full: bool = False) -> BuildResult:
    """Bring the index at ``index_dir`` up to ``corpus_dir`` and swap it in: only the
    documents added, changed or removed since the build served (``full``: every one).

    Raises CorpusError (naming file and line) before anything is swapped.
    ``progress`` hears about each report parsed and indexed."""
    started = time.perf_counter()
    report_progress = progress or (lambda stage, done, total: None)
    skipped: list[CorpusError] = []
    sources = find_reports(corpus_dir, skipped)
    if not sources and skipped:
        raise skipped[0]
    if not sources:
        raise CorpusError(str(corpus_dir), 0, "no reports (*.toml) in the corpus folder")
    glossary = load_glossary(corpus_dir / "glossary.tsv")
    synonyms_path = corpus_dir / "synonyms.tsv"
    groups = read_synonyms(synonyms_path)
    settings = _settings(corpus_dir)

    with builds.exclusive(index_dir, waiting=lambda: report_progress("wait", 0, 1)) as folder:
        previous = None if full else _previous(index_dir, settings)
        known = previous[1]["documents"] if previous else {}
        documents = [_Document(s, _fingerprint(s), {}) for s in sources]
        for document in documents:
            entry = known.get(document.slug)
            if entry is not None and entry["fingerprint"] == document.fingerprint:
                document.entry = entry
        removed = sorted(set(known) - {d.slug for d in documents})
        statuses: dict[str, EditionStatus] = {}

        def parse(todo: list[_Document]) -> None:
            for number, document in enumerate(todo, start=1):
                _parse(document, groups, statuses)
                report_progress("parse", number, len(todo))

        parse([d for d in documents if not d.entry])
        words = _domain_words(documents, glossary)
        if previous is not None and tuple(previous[1]["domain_words"]) != words:
            # jieba cuts a text otherwise where a word came or went: those texts again
            changed = set(words) ^ set(previous[1]["domain_words"])
            having = _documents_with(previous[0], changed, [d.slug for d in documents
                                                            if d.report is None])
            parse([d for d in documents if d.slug in having])
        found = set().union(*(set(d.entry["synonyms"]) for d in documents))
        synonyms = check_synonyms_found(synonyms_path, groups, found)
        todo = [d for d in documents if d.report is not None]

        scratch, target = builds.new_scratch(folder)
        try:
            if previous is None:
                count = _write_all(scratch, todo, words, report_progress)
            else:
                count = _write_changes(scratch, previous[0], todo, removed, words,
                                       tuple(previous[1]["domain_words"]), report_progress)
            _measure(scratch, todo)
            counts = {d.slug: d.entry["counts"] for d in documents}
            manifest = {
                "format": FORMAT,
                "analyzer": analyzer_versions(),
                "settings": settings,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "fingerprint": fingerprint(corpus_dir),
                "reports": [asdict(d.source.meta) for d in documents],
                "counts": counts,
                "documents": {d.slug: d.entry for d in documents},
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
    return BuildResult(target, time.perf_counter() - started, counts, count,
                       statuses, tuple(skipped), tuple(d.slug for d in todo),
                       tuple(removed), previous is not None)


def _parse(document: _Document, groups: tuple[tuple[str, ...], ...],
           statuses: dict[str, EditionStatus]) -> None:
    """Read one document and work out its share of what the manifest keeps."""
    report = load_report(document.source)
    edition = load_edition(document.source.edition_path)
    statuses[document.slug] = edition_status(report, edition)
    document.report = report
    document.edition = current_translations(report, edition)
    text = "\n".join(normalize_text(t) for t in report_texts(report))
    document.entry = {
        "fingerprint": document.fingerprint,
        "counts": report.counts(),
        "words": sorted(report_words(report)),
        "synonyms": sorted(synonyms_in(groups, text)),
    }


def _domain_words(documents: Iterable[_Document], glossary) -> tuple[str, ...]:
    """The analyzer's domain words: every document's share and the glossary's (as
    ``vocabulary.domain_words`` makes them from the reports themselves)."""
    words = glossary_words(glossary)
    for document in documents:
        words.update(document.entry["words"])
    return tuple(sorted(words))


def _fingerprint(source: ReportSource) -> str:
    """A hash of one document's files: its metadata, its text, its English edition."""
    digest = hashlib.sha256()
    paths = [source.metadata_path, source.text_path]
    if source.edition_path is not None:
        paths += sorted(p for p in source.edition_path.rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")  # load_report says what is wrong with it
    return digest.hexdigest()


def _settings(corpus_dir: Path) -> str:
    """A hash of what every document's indexing depends on: the format, the analyzer's
    packages, the glossary and the synonyms. A build whose settings differ is full."""
    digest = hashlib.sha256(json.dumps([FORMAT, analyzer_versions()]).encode())
    for name in SETTINGS:
        path = corpus_dir / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"missing"))
    return digest.hexdigest()


def _previous(index_dir: Path, settings: str) -> tuple[Path, dict[str, Any]] | None:
    """The build served now and its manifest, when a build can start from it."""
    if not index_dir.is_symlink():
        return None
    path = Path(os.path.realpath(index_dir))
    manifest = read_manifest(path)
    if manifest is None or manifest.get("settings") != settings \
            or "documents" not in manifest or not _intact(path, manifest):
        return None
    return path, manifest


def _intact(path: Path, manifest: dict[str, Any]) -> bool:
    """Whether every file the build wrote is there at the size it was written."""
    try:
        return all((path / name).stat().st_size == size
                   for name, size in manifest.get("files", {}).items())
    except OSError:
        return False


def _documents_with(path: Path, words: set[str], slugs: list[str]) -> set[str]:
    """Those of ``slugs`` whose indexed text (titles and bodies) has any of ``words``,
    by the character bigrams of the build at ``path``."""
    analyzer = analyzer_for(())
    ix = FileStorage(str(path), readonly=True).open_index()
    with ix.searcher() as searcher:
        owners = {slug: frozenset(searcher.docs_for_query(wq.Term("report", slug)))
                  for slug in slugs}
        having: set[str] = set()
        for word in words:
            grams = [t.term for t in analyzer.grams(word)]
            if len(grams) < 1:
                continue
            found: set[int] = set()
            for fieldname in ("grams", "title_grams"):
                query = wq.Phrase(fieldname, grams) if len(grams) > 1 \
                    else wq.Term(fieldname, grams[0])
                found.update(searcher.docs_for_query(query))
            having |= {slug for slug, docs in owners.items() if docs & found}
    return having


def _write_all(folder: Path, documents: list[_Document], words: tuple[str, ...],
               progress: Progress) -> int:
    """A full build: every document, into a new index."""
    ix = whoosh_index.create_in(str(folder), make_schema(words))
    # Uncompressed postings: a few more bytes on disk, a quarter less time to build. A
    # corpus of several reports is analysed by one process per core, each writing its own
    # segment (one report alone is not worth the processes).
    procs = min(os.cpu_count() or 1, 4) if len(documents) >= PARALLEL_FROM else 1
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, codec=W3Codec(compression=0), **options)
    count = _add(writer, documents, progress)
    progress("commit", 0, 1)
    writer.commit()
    progress("commit", 1, 1)
    return count


def _write_changes(folder: Path, previous: Path, documents: list[_Document],
                   removed: list[str], words: tuple[str, ...], old_words: tuple[str, ...],
                   progress: Progress) -> int:
    """An incremental build: a copy of the ``previous`` build, without the records of the
    documents removed or indexed again, with those of ``documents`` in a new segment."""
    for path in previous.iterdir():
        if path.is_file() and path.name not in (MANIFEST, builds.RETIRED):
            shutil.copyfile(path, folder / path.name)  # a copy: no build shares a file
    ix = FileStorage(str(folder)).open_index()
    writer = ix.writer(limitmb=256, codec=W3Codec(compression=0))
    if words != old_words:  # the new documents are cut with the new words
        writer.schema = make_schema(words)
    for slug in [*removed, *(d.slug for d in documents)]:
        writer.delete_by_term("report", slug)
    _add(writer, documents, progress)
    progress("commit", 0, 1)
    writer.commit()
    progress("commit", 1, 1)
    with ix.searcher() as searcher:
        return searcher.doc_count()


def _add(writer, documents: list[_Document], progress: Progress) -> int:
    count = 0
    for number, document in enumerate(documents, start=1):
        assert document.report is not None
        for record in report_records(document.report, document.edition):
            writer.add_document(**document_fields(record))
            count += 1
        progress("index", number, len(documents))
    return count


def _measure(folder: Path, documents: list[_Document]) -> None:
    """Each indexed document's records and the total length of each of their fields,
    as the index keeps them: the BM25 statistics of a document, and (summed) of the
    library, are read from these (``scorer``)."""
    ix = FileStorage(str(folder), readonly=True).open_index()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for document in documents:
            docs = list(searcher.docs_for_query(wq.Term("report", document.slug)))
            document.entry["records"] = len(docs)
            document.entry["lengths"] = {
                name: sum(reader.doc_field_length(doc, name, 0) or 0 for doc in docs)
                for name in FIELDS}


def document_fields(record: Record) -> dict[str, Any]:
    """The fields of the index a record fills, and its stored copy."""
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
