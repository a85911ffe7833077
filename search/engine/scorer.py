"""Scoring many candidates fast: the BM25F numbers Whoosh would give, computed over cached
posting lists for the plain part of a query — terms, unions, best-ofs, intersections.

Why (issue: no request may cost more than a second; p95 ≤ 100 ms on a 100-report
corpus): Whoosh scores a document by walking its matcher tree, which for a broad word on
a large corpus means thousands of documents through dozens of nested matchers. Here a
term's postings are read once (and kept), and a candidate's score is a few dictionary
lookups. Phrases and proximity need positions: they are left to Whoosh
(``matchers.exact_scores``), on the best few only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from whoosh.scoring import bm25

from search.engine.plan import AllOf, AnyOf, BestOf, Node, Term, WithBonus
from search.engine.weights import WEIGHTING

POSTINGS_KEPT = 512  # term posting lists kept per snapshot (a broad one: ~20k entries)


class Statistics:
    """What scoring reads, kept for one snapshot and shared by its threads (each thread
    reads through its own searcher)."""

    def __init__(self) -> None:
        self.postings: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self.lengths: dict[str, dict[int, int]] = {}
        self.idf: dict[tuple[str, str], float] = {}
        self.average: dict[str, float] = {}
        self.lock = threading.Lock()


class FastScorer:
    """One snapshot's BM25F, over postings read once."""

    def __init__(self, searcher, statistics: Statistics) -> None:
        self.searcher = searcher
        self.stats = statistics

    # -- statistics ----------------------------------------------------------------

    def postings(self, field: str, text: str) -> dict[int, float]:
        """Document → weight (term frequency) for one term."""
        key = (field, text)
        found = self.stats.postings.get(key)
        if found is None:
            found = {}
            if self.searcher.doc_frequency(field, text):
                matcher = self.searcher.postings(field, text)
                while matcher.is_active():
                    found[matcher.id()] = matcher.weight()
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
            found = lengths[doc] = self.searcher.reader().doc_field_length(doc, field, 1)
        return found

    def term_score(self, field: str, text: str, docs: Iterable[int]) -> dict[int, float]:
        weights = self.postings(field, text)
        if not weights:
            return {}
        key = (field, text)
        idf = self.stats.idf.get(key)
        if idf is None:
            idf = self.stats.idf[key] = self.searcher.idf(field, text)
        average = self.stats.average.get(field)
        if average is None:
            average = self.stats.average[field] = self.searcher.avg_field_length(field) or 1
        b = WEIGHTING._field_B.get(field, WEIGHTING.B)
        k1 = WEIGHTING.K1
        return {doc: bm25(idf, weights[doc], self.length(field, doc), average, b, k1)
                for doc in docs if doc in weights}

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
        return {}  # phrases, spans: positions are Whoosh's job, on the best few


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
