"""Phrase and proximity bonuses from term positions: the scores Whoosh's span queries give
(``wq.Phrase``, ``SpanNear2``), without their matchers.

Why (issue 21): Whoosh scores a phrase by building a tree of matchers per segment for
every phrase of the query and walking them over the candidates; for the fifty best
candidates of a search that was a quarter of its time. Here each term's positions are read
once per search, for the candidates that have the term, and the spans are checked as
Whoosh's ``SpanNear2Matcher._get_spans`` checks them.

What Whoosh gives, and so this: a phrase (words in order, each right after the last)
scores the sum of its words' BM25F scores times its boost; words near one another
(``SpanNear2``, in any order, at most ``slop`` apart) score the sum of their words' scores
— ``SpanNear2`` keeps no boost of its own. A document scores the sum of the parts it has.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import cast

from search.engine.plan import Near, Phrase
from search.engine.scorer import FastScorer

Positions = Sequence[int]

POSITIONS_KEPT = 100_000  # documents' position lists kept per snapshot, for any terms


def bonuses(scorer: FastScorer, parts: Sequence[Phrase | Near], docs: Sequence[int]
            ) -> dict[int, float]:
    """What ``parts`` add to each of ``docs`` (the snapshot's record positions) that has
    any of them."""
    positions = _PositionsRead(scorer, docs)
    found: dict[int, float] = {}
    for doc in docs:
        total = None
        for part in parts:
            lists = [positions.of(part.field, term).get(doc) for term in part.terms]
            if any(p is None for p in lists):
                continue
            # a phrase: in order, each word right after the last (wq.Phrase's slop)
            ordered, slop = (True, 1) if isinstance(part, Phrase) else (False, part.slop)
            if not near(cast(list[Positions], lists), slop, ordered):
                continue
            score = _tree_sum([scorer.term_weight(part.field, term, doc)
                               for term in part.terms])
            if ordered and part.boost != 1.0:
                score *= part.boost
            total = score if total is None else total + score
        if total is not None:
            found[doc] = total
    return found


def near(lists: Sequence[Positions], slop: int, ordered: bool) -> bool:
    """Whether one position from each of ``lists`` (in the order given when ``ordered``)
    forms a chain of spans each 1 to ``slop`` positions from the span before it —
    ``SpanNear2``'s test with ``mindist`` 1, span by span."""
    spans = [(p, p) for p in lists[0]]
    for following in lists[1:]:
        if not spans:
            return False
        starts = following  # a term's spans are its positions, in order
        joined: set[tuple[int, int]] = set()
        for start, end in spans:
            j = bisect_left(starts, start if ordered else max(0, start - slop))
            while j < len(starts):
                other = starts[j]
                j += 1
                if other < start - slop or (ordered and start > other):
                    continue
                if other > end + slop:
                    break
                if start <= other <= end:
                    continue  # overlapping: distance 0, under the minimum of 1
                distance = other - end if end < other else start - other
                if 1 <= distance <= slop:
                    joined.add((min(start, other), max(end, other)))
        spans = sorted(joined)
    return bool(spans)


def _tree_sum(values: list[float]) -> float:
    """A sum added up as Whoosh's binary tree of intersection matchers adds it (the
    same float, to the last bit)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


class _PositionsRead:
    """Terms' positions in some documents: kept per snapshot (the ``POSITIONS_KEPT``
    most recent lists), the rest read with one walk of each term's postings."""

    def __init__(self, scorer: FastScorer, docs: Sequence[int]) -> None:
        self.scorer = scorer
        self.docs = docs
        self.read: dict[tuple[str, str], dict[int, Positions]] = {}

    def of(self, field: str, term: str) -> dict[int, Positions]:
        key = (field, term)
        found = self.read.get(key)
        if found is None:
            found = self.read[key] = self._read(field, term)
        return found

    def _read(self, field: str, term: str) -> dict[int, Positions]:
        stats = self.scorer.stats
        weights = self.scorer.postings(field, term)  # cached: which records have it
        kept = stats.positions.get((field, term), {})
        missing = sorted((stats.numbering.docnum(doc), doc) for doc in self.docs
                         if doc in weights and doc not in kept)
        if not missing:
            return kept
        found = dict(kept)
        matcher = self.scorer.searcher.reader().postings(field, term)
        for docnum, doc in missing:
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                found[doc] = matcher.value_as("positions")
        with stats.lock:  # a new dict, never one another thread is reading
            stats.positions_held += len(found) - len(stats.positions.pop((field, term), {}))
            stats.positions[(field, term)] = found
            while stats.positions_held > POSITIONS_KEPT and len(stats.positions) > 1:
                stats.positions_held -= len(stats.positions.popitem(last=False)[1])
        return found
