"""Ranking a query's matches: those with every concept first, by BM25F; then the partial
matches by score × coverage² (most of the query, its rare words weighing most, before a
few of its common ones). Every candidate is scored cheaply over cached postings; the best
few are rescored with the bonuses for phrases and proximity, which read positions."""

from __future__ import annotations

from collections.abc import Callable

from search.engine.snapshot import Snapshot
from search.engine.weights import COVERAGE_POWER, RESCORE
from search.query.budget import Budget, unlimited
from search.query.matching import Matched, Plan


def rank(snapshot: Snapshot, found: Matched, docs: frozenset[int] | set[int],
         needed: int, budget: Budget | None = None, within: str | None = None
         ) -> list[tuple[int, float]]:
    """The first ``needed`` of ``docs``: those with every concept first, by BM25F score;
    then the partial matches by score × coverage² (most of the query, its rare words
    weighing most, before a few of its common ones). Ties go to the earlier document.
    ``within``: the results are this document's (filtered to it), ranked by its own
    statistics, as if it were indexed alone (issue 25)."""
    if needed <= 0 or not docs or found.plan.ranked is None:
        return []
    complete = {d for d in docs if found.counts[d] == found.concepts}
    budget = budget or unlimited()
    out = _ordered(snapshot, found.plan, complete, budget, within=within) if complete else []
    partial = set(docs) - complete
    if len(out) < needed and partial:
        scope = snapshot.span(within) if within else None
        documents = len(scope) if scope is not None else len(snapshot.records)
        def weigh(doc: int) -> float:
            return found.coverage(doc, documents, scope) ** COVERAGE_POWER

        out += _ordered(snapshot, found.plan, partial, budget, weigh,
                        within)[:needed - len(out)]
    return out[:needed]


def _ordered(snapshot: Snapshot, plan: Plan, docs: set[int], budget: Budget,
             weigh: Callable[[int], float] | None = None, within: str | None = None
             ) -> list[tuple[int, float]]:
    """``docs`` best first, in two passes: every one by the plain score of its words
    (``FastScorer``: cheap whatever their number), then the best RESCORE again with the
    bonuses for phrases and proximity, which read positions (skipped once the budget is
    spent). The order never depends on how many are asked for, so pages
    never overlap."""
    base = plan.base if plan.base is not None else plan.ranked
    assert base is not None and plan.ranked is not None
    candidates = sorted(docs)
    plain = snapshot.score(base, candidates, within)

    def weighted(doc: int, score: float) -> float:
        return score * weigh(doc) if weigh else score

    order = sorted(((doc, weighted(doc, plain.get(doc, 0.0))) for doc in candidates),
                   key=lambda pair: (-pair[1], pair[0]))
    head = [doc for doc, _ in order[:RESCORE]]
    if not head or not budget.allows(len(head)):
        return order
    bonus = snapshot.positional(plan.ranked, head, within)
    exact = {doc: weighted(doc, plain.get(doc, 0.0) + bonus.get(doc, 0.0)) for doc in head}
    rescored = sorted(((doc, exact.get(doc, score)) for doc, score in order[:RESCORE]),
                      key=lambda pair: (-pair[1], pair[0]))
    return rescored + order[RESCORE:]
