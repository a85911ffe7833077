"""A reader's search, as a short sequence of named steps over one snapshot:

1. ``read_query``: understand the query and match it — and when the query as typed finds
   nothing, its corrected reading (or "did you mean" when it finds little);
2. ``pin_goto``: the units the query names (图表 15, 3.1.1.3, 第20页, an exact title) go
   first;
3. ``restrict``: the facet filters, and the facet counts over what matched;
4. ``rank_page``: the page's documents, by relevance (or document order, or policy date);
5. ``build_hits``: titles and snippets, marked, in the reader's language.

Raises QueryError only for bad parameters, never for the query's text. Only plain
dataclasses leave the query layer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import islice

from search.engine.snapshot import Snapshot
from search.query.budget import Budget
from search.query.concepts import Understood
from search.query.facets import FILTERS, DocSets, FacetValue, Filters, count_facets
from search.query.goto import GoTo, find_goto
from search.query.highlight import Highlight, highlight_of
from search.query.matching import Matched, match
from search.query.prepared import Prepared, prepared
from search.query.ranking import rank
from search.query.results import Hit, SearchResults, make_hit
from search.query.syntax import parse_query
from search.query.understanding import Understanding, is_latin

MAX_PER_PAGE = 100
SORTS = ("relevance", "order", "date")
FEW_RESULTS = 3  # fewer than this, and a corrected reading exists: "did you mean"
MAX_PINNED = 10  # units a go-to pins first


class QueryError(ValueError):
    """A parameter that cannot be searched with (the API answers 400)."""


def validate(prep: Prepared, filters: Filters, sort: str, page: int, per_page: int) -> None:
    """Raise QueryError for anything that cannot be searched with."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if page < 1:
        raise QueryError("page must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    for facet in FILTERS:
        unknown = [v for v in filters.of(facet) if v not in prep.known_values[facet]]
        if unknown:
            raise QueryError(f"unknown {facet} {unknown[0]!r}")


def understand(snapshot: Snapshot, q: str, budget: Budget | None = None) -> Understood:
    return Understanding(prepared(snapshot).resources, budget).understand(parse_query(q))


def highlight_for(snapshot: Snapshot, understood: Understood | str) -> Highlight:
    """What a query marks (``understood``, or the text of a query the reader opened a
    page from)."""
    if isinstance(understood, str):
        understood = understand(snapshot, understood)
    return highlight_of(understood, snapshot.analyzer, prepared(snapshot).resources.lexicon,
                        len(snapshot.records))


# --------------------------------------------------------------------------- the steps


@dataclass
class Reading:
    """What ``read_query`` made of the query."""

    understood: Understood
    found: Matched
    used: Understood  # the reading searched: as typed, or corrected
    correction: str = ""  # "did you mean"
    corrected: str = ""  # searched instead of what was typed


def read_query(snapshot: Snapshot, q: str, budget: Budget) -> Reading:
    understood = understand(snapshot, q, budget)
    found = match(snapshot, understood, best_effort=not understood.corrections, budget=budget)
    correction = corrected = ""
    if understood.corrections:
        if not found.docs:
            # confident enough to search it instead: the correction finds passages with
            # every one of its words (火星移民 → 活性移民 finds half of it, so no)
            again = match(snapshot, understood.corrected(), budget=budget)
            if again.docs and again.complete(again.docs):
                found, corrected = again, understood.correction
            else:  # the best there is, as typed
                found = match(snapshot, understood, budget=budget)
                correction = understood.correction if again.docs else ""
        elif len(found.docs) < FEW_RESULTS:
            correction = understood.correction
    used = understood.corrected() if corrected else understood
    return Reading(understood, found, used, correction, corrected)


def pin_goto(snapshot: Snapshot, prep: Prepared, reading: Reading
             ) -> tuple[GoTo | None, list[int]]:
    """The units the query names, to put first; after them, only passages with all of
    its words ("图表 15" names what it wants)."""
    goto = find_goto(reading.understood.text, snapshot.reports, prep.titles)
    if goto is None:
        return None, []
    pinned = [snapshot.by_key[f"{slug}/{unit}"] for slug, unit in goto.ids[:MAX_PINNED]]
    found = reading.found
    if pinned and found.concepts:
        found.docs = frozenset(d for d in found.docs if found.counts[d] == found.concepts)
    return goto, pinned


def restrict(sets: DocSets, matched: frozenset[int], filters: Filters
             ) -> tuple[frozenset[int], dict[str, tuple[FacetValue, ...]]]:
    """What passes the filters, and the facet counts (each facet's honouring the
    others' selections)."""
    restrictions = {f: sets.selection(f, filters.of(f)) for f in FILTERS if filters.of(f)}
    facets = count_facets(sets, matched, filters, restrictions)
    allowed = matched.intersection(*restrictions.values()) if restrictions else matched
    return allowed, facets


def rank_page(snapshot: Snapshot, sets: DocSets, found: Matched, allowed: frozenset[int],
              pinned: list[int], sort: str, page: int, per_page: int, budget: Budget
              ) -> tuple[list[int], dict[int, float]]:
    """The page's documents in order, and the scores of those ranked by relevance."""
    start = (page - 1) * per_page
    first = [d for d in pinned if d in allowed] if sort == "relevance" else []
    if sort == "relevance" and found.plan.ranked is not None:
        rest = allowed.difference(first)
        ranked = rank(snapshot, found, rest, start + per_page - len(first), budget)
        scores = dict(ranked)
        if first:  # named by the query: first whatever their score, which is still told
            scores.update(dict.fromkeys(first, 0.0)
                          | snapshot.rescore(found.plan.ranked, first))
        return (first + [d for d, _ in ranked])[start:start + per_page], scores
    ordering = sets.by_date if sort == "date" else sets.by_order
    following = (d for d in ordering if d in allowed and d not in first)
    return list(islice((d for d in [*first, *following]), start, start + per_page)), {}


def build_hits(snapshot: Snapshot, reading: Reading, highlight: Highlight, docs: list[int],
               scores: dict[int, float], pinned: list[int], english: bool
               ) -> tuple[Hit, ...]:
    """Titles and snippets, marked; English where the reader reads English or an English
    query matched the English edition."""
    typed_english = any(is_latin(c.label) for c in reading.understood.concepts)
    return tuple(make_hit(snapshot, snapshot.records[d], highlight, english or typed_english,
                          round(scores[d], 3) if d in scores else None, d in pinned, english)
                 for d in docs)


# --------------------------------------------------------------------------- search


def search(snapshot: Snapshot, q: str = "", filters: Filters | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 10,
           english: bool = False, budget: Budget | None = None) -> SearchResults:
    """Run a reader's query. ``english``: the reader reads English — titles and snippets
    from the English edition wherever it has them (else in the language that matched).
    ``budget``: what the search may spend (by default ``Budget()``: a CPU deadline)."""
    started = time.perf_counter()
    prep = prepared(snapshot)  # before the budget starts: no search pays for it
    budget = budget or Budget()
    filters = filters or Filters()
    validate(prep, filters, sort, page, per_page)
    reading = read_query(snapshot, q, budget)
    goto, pinned = pin_goto(snapshot, prep, reading)
    found = reading.found
    matched = found.docs.union(pinned) if pinned else found.docs
    allowed, facets = restrict(prep.doc_sets, matched, filters)
    docs, scores = rank_page(snapshot, prep.doc_sets, found, allowed, pinned, sort, page,
                             per_page, budget)
    highlight = highlight_for(snapshot, reading.used)
    used = reading.used
    return SearchResults(
        query=reading.understood.text, expanded=used.expanded,
        fallback=bool(found.concepts) and not pinned and not found.complete(allowed),
        total=len(allowed), page=page, per_page=per_page,
        hits=build_hits(snapshot, reading, highlight, docs, scores, pinned, english),
        facets=facets, filters=filters, sort=sort, highlight=highlight,
        milliseconds=(time.perf_counter() - started) * 1000,
        words=tuple(c.label for c in used.concepts), correction=reading.correction,
        corrected=reading.corrected, goto=goto if allowed.intersection(pinned) else None,
        incomplete=budget.spent,
    )
