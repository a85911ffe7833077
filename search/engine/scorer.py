"""Scoring many candidates fast: the BM25F numbers Whoosh would give, computed over cached
posting lists for the plain part of a query — terms, unions, best-ofs, intersections.

Why (issue: no request may cost more than a second; p95 ≤ 100 ms on a 100-report
corpus): Whoosh scores a document by walking its matcher tree, which for a broad word on
a large corpus means thousands of documents through dozens of nested matchers. Here a
term's postings are read once (and kept), and a candidate's score is a few dictionary
lookups. Phrases and proximity need positions: they are scored on the best few only
(``spans``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from math import log

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer, bm25

from search.engine.plan import AllOf, AnyOf, BestOf, Node, Term, WithBonus
from search.engine.weights import WEIGHTING

POSTINGS_KEPT = 512  # term posting lists kept per snapshot (a broad one: ~20k entries)


class Numbering:
    """Whoosh's document numbers and the snapshot's (positions in its records, in
    document order). A full build numbers them alike; after an incremental one the new
    documents' records come after the others, and the removed ones leave holes."""

    def __init__(self, docnums: list[int]) -> None:
        self.docnums = docnums  # position → Whoosh's number
        self.identity = docnums == list(range(len(docnums)))
        self.positions = {} if self.identity else {d: p for p, d in enumerate(docnums)}

    def position(self, docnum: int) -> int | None:
        """The record of Whoosh's ``docnum`` (None: a deleted document)."""
        if self.identity:
            return docnum if docnum < len(self.docnums) else None
        return self.positions.get(docnum)

    def positions_of(self, docnums: Iterable[int]) -> frozenset[int]:
        if self.identity:
            return frozenset(docnums)
        return frozenset(p for p in map(self.positions.get, docnums) if p is not None)

    def docnum(self, position: int) -> int:
        return position if self.identity else self.docnums[position]


class Statistics:
    """What scoring reads, kept for one snapshot and shared by its threads (each thread
    reads through its own searcher).

    BM25's statistics — documents, documents with the term, average field length — are
    those of a scope: the whole library (``None``), or one document (its slug) when
    results are filtered to it, so that a document's ranking is its own whatever else is
    indexed (issue 25). They are read from live documents only: an incremental build's
    deleted records count for nothing, and the index searches as a full build of the same
    corpus would. Field lengths are the manifest's, per document (``writer._measure``)."""

    def __init__(self, numbering: Numbering | None = None,
                 ranges: Mapping[str, tuple[int, int]] | None = None,
                 lengths: Mapping[str, Mapping[str, int]] | None = None) -> None:
        self.numbering = numbering or Numbering([])
        self.ranges = dict(ranges or {})  # slug → its records' positions [start, end)
        self.counts: dict[str | None, int] = {s: b - a for s, (a, b) in self.ranges.items()}
        self.counts[None] = sum(self.counts.values())
        self.totals: dict[str | None, dict[str, int]] = {
            slug: dict(fields) for slug, fields in (lengths or {}).items()}
        self.totals[None] = {}
        for fields in (lengths or {}).values():
            for name, total in fields.items():
                self.totals[None][name] = self.totals[None].get(name, 0) + total
        self.postings: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self.lengths: dict[str, dict[int, int]] = {}
        self.idf: dict[tuple[str | None, str, str], float] = {}
        self.average: dict[tuple[str | None, str], float] = {}
        # terms' positions in the documents phrases were checked in (``spans``)
        self.positions: OrderedDict[tuple[str, str], dict[int, Sequence[int]]] = OrderedDict()
        self.positions_held = 0  # documents' position lists in ``positions``
        self.lock = threading.Lock()


class FastScorer:
    """One snapshot's BM25F, over postings read once, with the statistics of ``scope``
    (None: the whole library; a slug: that document alone)."""

    def __init__(self, searcher, statistics: Statistics, scope: str | None = None) -> None:
        self.searcher = searcher
        self.stats = statistics
        self.scope = scope if scope in statistics.ranges else None

    # -- statistics ----------------------------------------------------------------

    def postings(self, field: str, text: str) -> dict[int, float]:
        """Record (position) → weight (term frequency) for one term, live documents
        only."""
        key = (field, text)
        found = self.stats.postings.get(key)
        if found is None:
            found = {}
            position = self.stats.numbering.position
            if self.searcher.doc_frequency(field, text):
                matcher = self.searcher.reader().postings(field, text)  # no scorer
                while matcher.is_active():
                    at = position(matcher.id())
                    if at is not None:
                        found[at] = matcher.weight()
                    matcher.next()
            with self.stats.lock:
                self.stats.postings[key] = found
                if len(self.stats.postings) > POSTINGS_KEPT:
                    self.stats.postings.popitem(last=False)
        return found

    def length(self, field: str, doc: int) -> int:
        lengths = self.stats.lengths.setdefault(field, {})
        found = lengths.get(doc)
        if found is None:
            docnum = self.stats.numbering.docnum(doc)
            found = lengths[doc] = self.searcher.reader().doc_field_length(docnum, field, 1)
        return found

    def idf(self, field: str, text: str) -> float:
        """Whoosh's BM25 idf, log(N / (df + 1)) + 1, over the scope's live documents."""
        key = (self.scope, field, text)
        found = self.stats.idf.get(key)
        if found is None:
            weights = self.postings(field, text)
            if self.scope is None:
                frequency = len(weights)
            else:
                start, end = self.stats.ranges[self.scope]
                frequency = sum(1 for doc in weights if start <= doc < end)
            found = self.stats.idf[key] = log(self.stats.counts[self.scope]
                                              / (frequency + 1)) + 1
        return found

    def average(self, field: str) -> float:
        """The scope's average length of ``field`` (1 when it has none)."""
        key = (self.scope, field)
        found = self.stats.average.get(key)
        if found is None:
            total = self.stats.totals.get(self.scope, {}).get(field, 0)
            found = self.stats.average[key] = total / (self.stats.counts[self.scope]
                                                       or 1) or 1
        return found

    def term_score(self, field: str, text: str, docs: Iterable[int]) -> dict[int, float]:
        weights = self.postings(field, text)
        if not weights:
            return {}
        idf, average = self.idf(field, text), self.average(field)
        b = WEIGHTING._field_B.get(field, WEIGHTING.B)
        k1 = WEIGHTING.K1
        return {doc: bm25(idf, weights[doc], self.length(field, doc), average, b, k1)
                for doc in docs if doc in weights}

    def term_weight(self, field: str, text: str, doc: int) -> float:
        """One document's BM25F score for a term it has."""
        b = WEIGHTING._field_B.get(field, WEIGHTING.B)
        return bm25(self.idf(field, text), self.postings(field, text)[doc],
                    self.length(field, doc), self.average(field), b, WEIGHTING.K1)

    # -- queries -------------------------------------------------------------------

    def score(self, node: Node, docs: list[int]) -> dict[int, float]:
        """Each of ``docs``' score for the plain part of ``node`` (those it has any of)."""
        if isinstance(node, Term):
            found = self.term_score(node.field, node.text, docs)
            if node.boost != 1.0:
                found = {doc: value * node.boost for doc, value in found.items()}
            return found
        if isinstance(node, BestOf):
            return _combine([self.score(part, docs) for part in node.parts], max)
        if isinstance(node, AnyOf):
            return _combine([self.score(part, docs) for part in node.parts], sum)
        if isinstance(node, AllOf):
            parts = [self.score(part, docs) for part in node.parts]
            scored = [p for p, part in zip(parts, node.parts, strict=True) if _plain(part)]
            if not scored:
                return {}
            present = set(scored[0]).intersection(*scored[1:])
            return {doc: sum(p.get(doc, 0.0) for p in parts) for doc in present}
        if isinstance(node, WithBonus):
            return _combine([self.score(node.required, docs), self.score(node.bonus, docs)],
                            sum, first=True)
        return {}  # phrases, spans: positions, read for the best few (``spans``)


class ScopedWeighting(BM25F):
    """``WEIGHTING`` for Whoosh's own scoring (phrases, proximity, more-like-this), with
    the statistics ``FastScorer`` reads — the scope's, from live documents — rather than
    Whoosh's, which count deleted documents and are always the whole index's."""

    def __init__(self, statistics: Statistics, scope: str | None = None) -> None:
        super().__init__(B=WEIGHTING.B, K1=WEIGHTING.K1,
                         **{f"{name}_B": b for name, b in WEIGHTING._field_B.items()})
        self.statistics = statistics
        self.scope = scope

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        fast = FastScorer(searcher.get_parent(), self.statistics, self.scope)
        term = text.decode("utf-8") if isinstance(text, bytes) else text
        return _Scorer(searcher, fieldname, text, self._field_B.get(fieldname, self.B),
                       self.K1, qf, fast.idf(fieldname, term), fast.average(fieldname))


class _Scorer(BM25FScorer):
    """Whoosh's BM25F scorer, given its idf and average field length."""

    def __init__(self, searcher, fieldname, text, B, K1, qf, idf, avgfl) -> None:
        self.idf = idf
        self.avgfl = avgfl
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


def _plain(node: Node) -> bool:
    """Whether ``FastScorer`` scores ``node`` (rather than leaving it to Whoosh)."""
    if isinstance(node, Term):
        return True
    if isinstance(node, WithBonus):
        return _plain(node.required)
    if isinstance(node, BestOf | AnyOf | AllOf):
        return any(_plain(part) for part in node.parts)
    return False


def _combine(parts: list[dict[int, float]], how, first: bool = False) -> dict[int, float]:
    """Per document, the ``how`` (sum, max) of its scores in ``parts``; with ``first``,
    only the documents of the first part (a bonus never adds a document)."""
    docs = set(parts[0]) if first else set().union(*parts)
    return {doc: how(p[doc] for p in parts if doc in p) for doc in docs}
