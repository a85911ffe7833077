"""A query plan (``plan``) in Whoosh: the queries it becomes, the documents it matches and
their exact scores.

Matching is set algebra over cached posting lists, not Whoosh's matchers: a large OR
(人工智能 is in most documents) would otherwise be walked one document at a time. Whoosh's
exact scores of a whole plan (``exact_scores``: the results a query names, first whatever
their score) are computed on a few documents only (``Among``); ranking's phrase and
proximity bonuses are read from positions (``spans``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher, ListMatcher, NullMatcher
from whoosh.query.spans import SpanNear2
from whoosh.searching import Searcher

from search.engine.plan import AllOf, AnyOf, BestOf, Near, Node, Phrase, Term, WithBonus
from search.engine.scorer import Numbering

TERM_CACHE = 1024  # posting lists kept as sets, per snapshot


class _BestMatcher(DisjunctionMaxMatcher):
    """Whoosh's DisjunctionMaxMatcher scores a document with both sub-matchers even when
    only one of them is on it (its ``score`` never compares ids), so a passage got the
    score of a title it doesn't have. This one takes the best of those actually there."""

    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        current = self.id()
        return max(m.score() for m in (a, b) if m.id() == current)


class _BestOf(wq.DisjunctionMax):
    """Any of the subqueries; a document scores by the best one it matches."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        return self._tree_matcher(subs, _BestMatcher, searcher, context,
                                  lambda q: q.estimate_size(reader), tiebreak=self.tiebreak)


class _Union(wq.Or):
    """Whoosh's Or, always as a tree of union matchers: on a small index Whoosh would
    preload every posting of every clause into arrays, which costs more than it saves
    when documents are read from files and the candidates are known in advance."""

    matcher_type = wq.Or.DEFAULT_MATCHER


class Among(wq.Query):
    """Only these documents (global numbers). Intersected with a query it makes Whoosh
    score just them: its ``filter`` argument instead matches every document of the query
    and drops the others afterwards, which on a large corpus reads the positions of
    thousands of documents to score a hundred."""

    def __init__(self, docs: Iterable[int]) -> None:
        self.docs = sorted(docs)
        self.boost = 1.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Among) and other.docs == self.docs

    def __hash__(self) -> int:
        return hash(tuple(self.docs))

    def __repr__(self) -> str:
        return f"Among({len(self.docs)} documents)"

    __unicode__ = __str__ = __repr__

    def estimate_size(self, ixreader) -> int:
        return len(self.docs)

    def matcher(self, searcher, context=None):
        offset = 0
        if searcher.has_parent():  # one segment of several: its documents are offset
            offset = searcher.get_parent()._offset_for_subsearcher(searcher)
        count = searcher.reader().doc_count_all()
        local = [d - offset for d in self.docs if offset <= d < offset + count]
        if not local:
            return NullMatcher()
        return ListMatcher(local, weights=[0.0] * len(local))


def whoosh_query(node: Node) -> wq.Query:
    """The Whoosh query of a plan node."""
    if isinstance(node, Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, Phrase):
        return wq.Phrase(node.field, list(node.terms), boost=node.boost)
    if isinstance(node, Near):
        near = SpanNear2([wq.Term(node.field, t) for t in node.terms], slop=node.slop,
                         ordered=False)
        near.boost = node.boost
        return near
    if isinstance(node, AllOf):
        return wq.And([whoosh_query(part) for part in node.parts])
    if isinstance(node, AnyOf):
        return _Union([whoosh_query(part) for part in node.parts])
    if isinstance(node, BestOf):
        return _BestOf([whoosh_query(part) for part in node.parts])
    return wq.AndMaybe(whoosh_query(node.required), whoosh_query(node.bonus))


class PostingSets:
    """The documents plan nodes match, by set algebra over posting lists kept per
    snapshot (the ``TERM_CACHE`` most recent terms and phrases), as positions in the
    snapshot's records (``numbering``)."""

    def __init__(self, numbering: Numbering | None = None) -> None:
        # a term's documents by (field, text), a phrase's or span's by (node, "")
        self.terms: OrderedDict[tuple, frozenset[int]] = OrderedDict()
        self.numbering = numbering or Numbering([])
        # how many documents a node is about to match, which orders an AND's parts: the
        # same nodes come back query after query, and each estimate reads the term index
        self.sizes: OrderedDict[Node, int] = OrderedDict()

    def matching(self, searcher: Searcher, node: Node) -> frozenset[int]:
        if isinstance(node, Term):
            key = (node.field, node.text)
            found = self.terms.get(key)
            if found is None:
                found = self.numbering.positions_of(
                    searcher.docs_for_query(wq.Term(node.field, node.text)))
                self._keep(key, found)
            return found
        if isinstance(node, AllOf):
            result: frozenset[int] | None = None
            for part in sorted(node.parts, key=lambda p: self.size(searcher, p)):
                result = self.matching(searcher, part) if result is None \
                    else result & self.matching(searcher, part)
                if not result:
                    return frozenset()
            return result or frozenset()
        if isinstance(node, AnyOf | BestOf):
            return frozenset().union(*(self.matching(searcher, p) for p in node.parts))
        if isinstance(node, WithBonus):
            return self.matching(searcher, node.required)
        # phrases and spans: Whoosh checks positions; kept like a term's postings
        spans = (node, "")
        found = self.terms.get(spans)
        if found is None:
            found = self.numbering.positions_of(searcher.docs_for_query(whoosh_query(node)))
            self._keep(spans, found)
        return found

    def _keep(self, key: tuple, found: frozenset[int]) -> None:
        self.terms[key] = found
        if len(self.terms) > TERM_CACHE:
            self.terms.popitem(last=False)

    def size(self, searcher: Searcher, node: Node) -> int:
        """``_size`` of ``node``, kept (the ``TERM_CACHE`` most recent nodes)."""
        found = self.sizes.get(node)
        if found is None:
            found = self.sizes[node] = _size(searcher, node)
            if len(self.sizes) > TERM_CACHE:
                self.sizes.popitem(last=False)
        return found


def _size(searcher: Searcher, node: Node) -> int:
    """About how many documents ``node`` matches: the cheapest part of an AND first."""
    if isinstance(node, Term):
        return searcher.doc_frequency(node.field, node.text)
    return whoosh_query(node).estimate_size(searcher.reader())


def positional_parts(node: Node) -> list[Phrase | Near]:
    """The parts of a plan that read positions (phrases, words near each other), each
    once."""
    if isinstance(node, Phrase | Near):
        return [node]
    if isinstance(node, Term):
        return []
    parts = (node.required, node.bonus) if isinstance(node, WithBonus) else node.parts
    return list(dict.fromkeys(p for part in parts for p in positional_parts(part)))


def exact_scores(searcher: Searcher, node: Node, docs: Iterable[int]) -> dict[int, float]:
    """Whoosh's own scores of ``docs`` (Whoosh's numbers) for ``node``, phrase and
    proximity bonuses included (those of ``docs`` that ``node`` matches), with the
    searcher's weighting."""
    among = Among(docs)
    if not among.docs:
        return {}
    hits = searcher.search(wq.And([whoosh_query(node), among]), limit=None)
    return {hit.docnum: hit.score for hit in hits}
