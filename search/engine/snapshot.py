"""Opening a build of the index and keeping one open: what a serving process holds.

A build is refused unless its manifest's file list matches the files on disk (a truncated
or missing segment is a damaged build, not a crash later). Files are read, not memory-
mapped: a segment truncated under a running process then raises an error this module
recognises, where a mapping would kill the process with SIGBUS. A snapshot that fails to
read is marked broken; the holder then serves the newest build that opens — the new one,
or the previous good one — and only when none does is the index unavailable (503).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
import warnings
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import whoosh
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from search.document.model import Report, ReportMeta
from search.engine import builds
from search.engine.matchers import PostingSets, exact_scores, positional_parts, whoosh_query
from search.engine.plan import Node
from search.engine.records import Record, rebuild_report, record_text
from search.engine.schema import FORMAT
from search.engine.scorer import FastScorer, Numbering, ScopedWeighting, Statistics
from search.engine.spans import bonuses
from search.engine.writer import document_fields, read_manifest
from search.language.analysis import TextAnalyzer, analyzer_for, english_key
from search.language.glossary import Glossary, GlossaryEntry

log = logging.getLogger("search")
_WHOOSH = os.path.dirname(whoosh.__file__)


class IndexUnavailable(RuntimeError):
    """No usable index: missing, half-written or unreadable."""


def is_read_error(exc: BaseException) -> bool:
    """Whether ``exc`` was raised inside Whoosh while reading index files (EOFError,
    struct.error, a missing file …): a damaged build, not a bug of ours."""
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(_WHOOSH):
            return True
        tb = tb.tb_next
    return False


@dataclass(repr=False, eq=False)
class Snapshot:
    """One opened build of the index: its reports, records and the analyzer it used, and
    the engine's interface to the layers above — match a plan, score candidates, rescore
    a few exactly, term statistics, more-like-this (``plan`` lists what a second engine
    would implement). Document numbers are positions in ``records``: document by
    document, each in its order, whatever segments and deletions the build has
    (``numbering`` turns them into Whoosh's and back).

    Scoring takes a scope: ``within`` one document (its slug), BM25's statistics are that
    document's alone, so that its results filtered to it rank as if it were indexed
    alone (issue 25); otherwise the whole library's.

    Immutable once loaded; a rebuild produces a new Snapshot, and requests holding the old
    one finish on it. Compared and hashed by identity: the layers above keep what they
    derive from a snapshot in weak dictionaries keyed by it."""

    path: Path
    manifest: dict[str, Any]
    _ix: Any
    reports: dict[str, Report]
    records: list[Record]  # by document number
    by_key: dict[str, int]  # "slug/id" → document number
    analyzer: TextAnalyzer
    glossary: Glossary
    outline: dict[str, tuple[str, ...]]  # "slug/id" → headings of the section's children
    broken: str | None = None  # why reading it failed; the holder then replaces it
    _local: threading.local = field(default_factory=threading.local, repr=False)
    # the engine's caches, shared by the snapshot's threads: BM25F statistics and posting
    # lists for scoring, posting sets for matching
    statistics: Statistics = field(default_factory=Statistics, repr=False)
    postings: PostingSets = field(default_factory=PostingSets, repr=False)
    # the term dictionary's answers (where a term's postings are, how many documents
    # have it), kept: the files are read, not mapped, and a query asks for the same
    # terms over and over while Whoosh builds its matchers
    terms_read: dict[tuple, Any] = field(default_factory=dict, repr=False)
    # Whoosh's numbers of the records deleted by incremental builds (their terms still
    # count in Whoosh's document frequencies), and those terms per field, when asked
    deleted: tuple[int, ...] = ()
    _dead: dict[str, Counter[str]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"Snapshot({self.path.name}, {len(self.records)} records)"

    @property
    def numbering(self) -> Numbering:
        return self.statistics.numbering

    # -- the engine's interface ----------------------------------------------------

    def matching(self, node: Node) -> frozenset[int]:
        """The documents ``node`` matches."""
        return self.postings.matching(self._searcher(), node)

    def score(self, node: Node, docs: list[int], within: str | None = None
              ) -> dict[int, float]:
        """BM25F scores of ``docs`` for the plain part of ``node`` (terms and their
        combinations; phrases and proximity are left to ``rescore``): cheap for any
        number of candidates."""
        return FastScorer(self._searcher(), self.statistics, within).score(node, docs)

    def rescore(self, node: Node, docs: list[int], within: str | None = None
                ) -> dict[int, float]:
        """The exact scores of a few ``docs`` for ``node``, phrases and proximity
        included (those it matches)."""
        return self._exact(node, docs, within)

    def positional(self, node: Node, docs: list[int], within: str | None = None
                   ) -> dict[int, float]:
        """What the parts of ``node`` that read positions (phrases, proximity) add to
        the scores of a few ``docs``: the scores Whoosh's span queries give, from
        positions read once for those documents (``spans``) — far cheaper than the
        whole plan's matchers, which ``rescore`` builds."""
        parts = positional_parts(node)
        if not parts:
            return {}
        return bonuses(FastScorer(self._searcher(), self.statistics, within), parts, docs)

    def span(self, slug: str) -> range | None:
        """The document numbers of one document's records (None: no such document)."""
        found = self.statistics.ranges.get(slug)
        return range(*found) if found else None

    def _exact(self, node: Node, docs: list[int], within: str | None) -> dict[int, float]:
        """Whoosh's scores, with the statistics of the scope ``within`` names."""
        searcher = self._searcher()
        numbering = self.numbering
        default = searcher.weighting
        if within in self.statistics.ranges:
            searcher.weighting = ScopedWeighting(self.statistics, within)
        try:
            found = exact_scores(searcher, node, [numbering.docnum(d) for d in docs])
        finally:
            searcher.weighting = default
        return {position: score for docnum, score in found.items()
                if (position := numbering.position(docnum)) is not None}

    def doc_frequency(self, field_name: str, text: str, within: str | None = None) -> int:
        """How many live documents have the term (of one document's, ``within``)."""
        scope = self.span(within) if within else None
        if scope is not None:
            postings = FastScorer(self._searcher(), self.statistics).postings(field_name, text)
            return sum(1 for doc in postings if doc in scope)
        frequency = self._searcher().doc_frequency(field_name, text)
        return frequency - self._dead_terms(field_name)[text] if frequency and self.deleted \
            else frequency

    def has_field(self, field_name: str) -> bool:
        return field_name in self._searcher().schema

    def terms(self, field_name: str) -> list[tuple[str, int]]:
        """Every term of a field with the number of documents it is in."""
        reader = self._searcher().reader()
        if field_name not in reader.schema:
            return []
        dead = self._dead_terms(field_name) if self.deleted else Counter()
        found = [(term, reader.doc_frequency(field_name, raw) - dead[term])
                 for raw in reader.lexicon(field_name) if (term := _text(raw))]
        return [(term, frequency) for term, frequency in found if frequency > 0]

    def expand_prefix(self, field_name: str, prefix: str, limit: int) -> list[str]:
        """At most ``limit`` terms of a field that start with ``prefix``, in order."""
        found = []
        for term in self._searcher().reader().expand_prefix(field_name, prefix):
            if self.deleted and not self.doc_frequency(field_name, _text(term)):
                continue  # only in records an incremental build deleted
            found.append(_text(term))
            if len(found) == limit:
                break
        return found

    def more_like(self, docnum: int, field_name: str, text: str, top: int,
                  within: Node | None = None) -> list[int]:
        """Documents about the same things as ``text`` (document ``docnum``'s), by the
        weight of its key terms in ``field_name``, best first, among ``within``'s."""
        numbering = self.numbering
        hits = self._searcher().more_like(numbering.docnum(docnum), field_name, text=text,
                                         top=top,
                                         filter=whoosh_query(within) if within else None)
        return [position for hit in hits
                if (position := numbering.position(hit.docnum)) is not None]

    def _dead_terms(self, field_name: str) -> Counter[str]:
        """How many deleted records have each term of a field: Whoosh's document
        frequencies still count them until their segment is merged."""
        found = self._dead.get(field_name)
        if found is None:
            found = Counter()
            searcher = self._searcher()
            if field_name in searcher.schema:
                analyzer = searcher.schema[field_name].analyzer
                reader = searcher.reader()
                for docnum in self.deleted:
                    stored = reader.stored_fields(docnum)
                    value = document_fields(_record(json.loads(stored["record"])))[field_name]
                    found.update({token.text for token in analyzer(value)})
            self._dead[field_name] = found
        return found

    def document_count(self) -> int:
        return self._searcher().doc_count()

    # -- reading -------------------------------------------------------------------

    def _searcher(self) -> Searcher:
        """A searcher per thread, reused across requests. Its files are closed when the
        thread or the snapshot goes away (they are read, not mapped: someone must)."""
        slot = getattr(self._local, "slot", None)
        if slot is None:
            try:
                searcher = self._ix.searcher(weighting=ScopedWeighting(self.statistics))
            except Exception as exc:
                if not is_read_error(exc):
                    raise
                self.broken = f"{type(exc).__name__}: {exc}"
                raise IndexUnavailable(f"the index at {self.path} cannot be read: "
                                       f"{self.broken}") from None
            _remember_terms(searcher, self.terms_read)
            slot = self._local.slot = _Slot(searcher)
            slot.close = weakref.finalize(slot, searcher.close)
        return slot.searcher

    def english_title(self, slug: str, unit_id: str) -> str | None:
        """The unit's title in the English edition, if it has one."""
        record = self.record(slug, unit_id)
        return (record.title_en or None) if record is not None else None

    def close_searcher(self) -> None:
        """Close this thread's searcher (before a fork: worker processes must not share
        open files with the process that preloaded the app)."""
        slot = getattr(self._local, "slot", None)
        if slot is not None:
            slot.close()  # the finalizer: closes once, never again when collected
            del self._local.slot

    def record(self, slug: str, unit_id: str) -> Record | None:
        docnum = self.by_key.get(f"{slug}/{unit_id}")
        return None if docnum is None else self.records[docnum]


@dataclass
class _Slot:
    """Holds one thread's searcher; when it is collected, the searcher is closed."""

    searcher: Searcher
    close: Any = None  # weakref.finalize closing the searcher


def _check_files(path: Path, manifest: dict[str, Any]) -> None:
    """Every file the build wrote, at the size it was written."""
    for name, size in manifest.get("files", {}).items():
        try:
            actual = (path / name).stat().st_size
        except OSError:
            raise IndexUnavailable(f"the index at {path} is damaged: {name} is missing") \
                from None
        if actual != size:
            raise IndexUnavailable(f"the index at {path} is damaged: {name} is {actual} "
                                   f"bytes, {size} were written")


def open_snapshot(index_dir: Path) -> Snapshot:
    path = index_dir.resolve()
    manifest = read_manifest(path)
    if manifest is None or manifest.get("format") != FORMAT:
        raise IndexUnavailable(f"no usable search index at {index_dir}")
    _check_files(path, manifest)
    failure = None
    with warnings.catch_warnings():
        # Whoosh leaves the files of an index it fails to read open; they are closed when
        # the error is dropped, which is expected here and not worth a ResourceWarning.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = FileStorage(str(path), supports_mmap=False, readonly=True).open_index()
            with ix.searcher() as searcher:
                count = searcher.doc_count_all()
                live = [(docnum, _record(json.loads(stored["record"])))
                        for docnum, stored in searcher.reader().iter_docs()]
        except Exception as exc:  # any failure to read is the same for the operator
            failure = f"{type(exc).__name__}: {exc}"
        if failure is not None:
            gc.collect()
    if failure is not None:
        raise IndexUnavailable(f"the search index at {index_dir} cannot be read: {failure}")
    metas = {m["slug"]: ReportMeta(**{**m, "regions": tuple(m["regions"])})
             for m in manifest["reports"]}
    # records document by document, each in its order: however a build segmented and
    # deleted (an incremental build adds a document's records after the others'), the
    # numbers are those a full build of the same corpus gives
    rank = {slug: index for index, slug in enumerate(metas)}
    live.sort(key=lambda pair: (rank.get(pair[1].report, len(rank)), pair[1].order))
    records = [record for _, record in live]
    numbering = Numbering([docnum for docnum, _ in live])
    ranges: dict[str, tuple[int, int]] = {}
    for position, record in enumerate(records):
        start, _ = ranges.get(record.report, (position, position))
        ranges[record.report] = (start, position + 1)
    lengths = {slug: entry.get("lengths", {})
               for slug, entry in manifest.get("documents", {}).items()}
    statistics = Statistics(numbering, ranges, lengths)
    reports = {
        slug: rebuild_report(meta, records[slice(*ranges.get(slug, (0, 0)))])
        for slug, meta in metas.items()
    }
    glossary = Glossary(tuple(
        GlossaryEntry(english, english_key(english), tuple(chinese), 0, section)
        for english, chinese, section in manifest["glossary"]
    ))
    outline = {
        f"{slug}/{section.id}": tuple(child.heading for child in section.children)
        for slug, report in reports.items() for section, _ in report.walk()
    }
    return Snapshot(
        path=path,
        manifest=manifest,
        _ix=ix,
        reports=reports,
        records=records,
        by_key={r.key: n for n, r in enumerate(records)},
        analyzer=analyzer_for(tuple(manifest["domain_words"])),
        glossary=glossary,
        outline=outline,
        statistics=statistics,
        postings=PostingSets(numbering),
        deleted=tuple(sorted(set(range(count)) - set(numbering.docnums))),
    )


TERMS_KEPT = 200_000  # term dictionary answers kept per snapshot (a few bytes each)


def _remember_terms(searcher: Searcher, kept: dict[tuple, Any]) -> None:
    """Make each segment's term dictionary answer a term it was asked before from
    ``kept`` (shared by the snapshot's threads; the build never changes)."""
    for reader, _base in searcher.reader().leaf_readers():
        terms = getattr(reader, "_terms", None)
        if terms is None:
            continue
        segment = reader.segment().segment_id()
        for method in ("doc_frequency", "frequency", "term_info"):
            setattr(terms, method, _remembering(getattr(terms, method), segment, method, kept))


class _Absent:
    """A term the segment doesn't have: asked again, it raises again — a new exception
    each time. The first one is not kept: its traceback holds the frames it passed
    through (and their locals), and raising it again would add every new raise's frames
    to the chain, a leak that grew with every request and slowed every collection."""

    def __init__(self, error: Exception) -> None:
        self.kind = type(error)
        self.args = error.args

    def error(self) -> Exception:
        return self.kind(*self.args)


def _remembering(read: Any, segment: str, method: str, kept: dict[tuple, Any]) -> Any:
    def remembered(fieldname: str, tbytes: bytes) -> Any:
        key = (segment, method, fieldname, tbytes)
        found = kept.get(key, kept)
        if found is kept:  # the dictionary itself marks "not asked yet"
            try:
                found = read(fieldname, tbytes)
            except KeyError as exc:  # TermNotFound too: a missing term
                found = _Absent(exc)
            if len(kept) < TERMS_KEPT:
                kept[key] = found
        if isinstance(found, _Absent):
            raise found.error()
        return found

    return remembered


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _record(data: dict[str, Any]) -> Record:
    return Record(**{
        **data,
        "text": record_text(data["kind"], data["data"]),
        "breadcrumbs": tuple(tuple(c) for c in data["breadcrumbs"]),
        "regions": tuple(data["regions"]),
        "pages": tuple(data["pages"]) if data["pages"] else None,
    })


class IndexHolder:
    """The snapshot this process serves: reopened when a build swaps the symlink, and
    replaced by the newest build that opens when the served one turns out damaged."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._snapshot: Snapshot | None = None
        self._target: str | None = None  # the symlink's target when last looked at
        self._failed: set[str] = set()  # builds that would not open: never retried
        self._link: str | None = None  # the symlink's text when last resolved
        self._resolved: str | None = None  # …and what it resolved to
        self._lock = threading.Lock()

    def _current_target(self) -> str | None:
        """The build the index symlink names. Asked on every request: one readlink,
        and the full resolution only when the link changed (or is no link)."""
        try:
            link = os.readlink(self.index_dir)
        except OSError:
            link = None
        if link is not None and link == self._link and self._resolved is not None:
            return self._resolved
        try:
            resolved: str | None = os.path.realpath(self.index_dir, strict=True)
        except OSError:
            resolved = None
        self._link, self._resolved = link, resolved
        return resolved

    def get(self) -> Snapshot:
        target = self._current_target()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.broken is None and target == self._target:
            return snapshot
        with self._lock:
            snapshot = self._snapshot
            if snapshot is not None and snapshot.broken is None and target == self._target:
                return snapshot
            if snapshot is not None and snapshot.broken is not None:
                self._failed.add(str(snapshot.path))
                log.error("the served index %s is damaged (%s); looking for another",
                          snapshot.path, snapshot.broken)
            found = self._open_best(target)
            if found is None:
                self._snapshot = None
                raise IndexUnavailable(f"no readable search index at {self.index_dir}")
            self._snapshot, self._target = found, target
            return found

    def _open_best(self, target: str | None) -> Snapshot | None:
        """The build the symlink names, else the one being served, else the newest
        previous build that opens."""
        current = self._snapshot if self._snapshot and not self._snapshot.broken else None
        candidates = [target] if target else []
        if current is not None:
            candidates.append(str(current.path))
        folder = builds.builds_dir(self.index_dir)
        if folder.is_dir():
            candidates += [str(p) for p in builds.finished(folder)]
        for candidate in dict.fromkeys(candidates):
            if candidate in self._failed:
                continue
            if current is not None and candidate == str(current.path):
                return current
            try:
                return open_snapshot(Path(candidate))
            except IndexUnavailable as exc:
                self._failed.add(candidate)
                log.error("not serving %s: %s", candidate, exc)
        return None

    def mark_broken(self, reason: str) -> None:
        """A request failed reading the served build: the next one gets another."""
        if self._snapshot is not None:
            self._snapshot.broken = reason
