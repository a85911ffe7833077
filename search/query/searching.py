"""A reader's search, as a short sequence of named steps over one snapshot:

1. ``read_query``: understand the query and match it — and when the query as typed finds
   nothing, its corrected reading (or "did you mean" when it finds little);
2. ``pin_goto``: the units the query names (图表 15, 3.1.1.3, 第20页, an exact title) go
   first;
3. ``leave_out_missing``: what no document has is said, and matched no more;
4. ``apply_intents``: the places, times, kinds and documents it asks for become filters
   (a kind of policy with a place or a time: "2022年上海发布的人工智能政策") or a tier
   ranked first ("行动计划类文件": policies first);
5. ``restrict``: the facet filters, and the facet counts over what matched;
6. ``rank_page``: the page's documents, by relevance (or document order, or policy date),
   both sides of a comparison among the first five;
7. ``build_hits``: titles and snippets, marked, in the reader's language.

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
from search.query.matching import Matched, match, missing
from search.query.prepared import Prepared, prepared
from search.query.ranking import rank
from search.query.results import (
    Applied,
    Hit,
    SearchResults,
    answer_of,
    english_matches,
    make_hit,
)
from search.query.syntax import parse_query
from search.query.understanding import Understanding, is_latin

MAX_PER_PAGE = 100
SORTS = ("relevance", "order", "date")
FEW_RESULTS = 3  # fewer than this, and a corrected reading exists: "did you mean"
MAX_PINNED = 10  # units a go-to pins first
COMPARED_WITHIN = 5  # both sides of a comparison among the first this many


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
    missing: tuple[str, ...] = ()  # what the query names that no document has
    elsewhere: frozenset[int] | None = None  # passages about places it doesn't name
    within: str | None = None  # the one document the results are filtered to


def read_query(snapshot: Snapshot, prep: Prepared, q: str, budget: Budget,
               ignore: frozenset[str] = frozenset(), within: str | None = None) -> Reading:
    understood = understand(snapshot, q, budget)
    elsewhere = None
    region = understood.intent("region")
    if region and "region" not in ignore:
        sets, tables = prep.doc_sets, prep.resources.intents
        elsewhere = sets.selection("region", tuple(tables.elsewhere(region.values))) \
            - sets.selection("region", tuple(tables.around(region.values)))
    found = match(snapshot, understood, best_effort=not understood.corrections, budget=budget,
                  elsewhere=elsewhere, within=within)
    correction = corrected = ""
    if understood.corrections:
        if not found.docs:
            # confident enough to search it instead: the correction finds passages with
            # every one of its words (火星移民 → 活性移民 finds half of it, so no)
            again = match(snapshot, understood.corrected(), budget=budget,
                          elsewhere=elsewhere, within=within)
            if again.docs and again.complete(again.docs):
                found, corrected = again, understood.correction
            else:  # the best there is, as typed
                found = match(snapshot, understood, budget=budget, elsewhere=elsewhere,
                              within=within)
                correction = understood.correction if again.docs else ""
        elif len(found.docs) < FEW_RESULTS:
            correction = understood.correction
    used = understood.corrected() if corrected else understood
    return Reading(understood, found, used, correction, corrected, elsewhere=elsewhere,
                   within=within)


def pin_goto(snapshot: Snapshot, prep: Prepared, reading: Reading,
             prefer: tuple[str, ...] = ()) -> tuple[GoTo | None, list[int]]:
    """The units the query names, to put first (those of the ``prefer``-red documents
    first); after them, only passages with all of its words ("图表 15" names what it
    wants)."""
    goto = find_goto(reading.understood.text, snapshot.reports, prep.titles, prefer)
    if goto is None:
        return None, []
    pinned = [snapshot.by_key[f"{slug}/{unit}"] for slug, unit in goto.ids[:MAX_PINNED]]
    found = reading.found
    if pinned and found.concepts:
        found.docs = frozenset(d for d in found.docs if found.counts[d] == found.concepts)
    return goto, pinned


def leave_out_missing(snapshot: Snapshot, prep: Prepared, reading: Reading,
                      budget: Budget) -> None:
    """Concepts no document has are reported as missing and matched no more (nor a
    single character beside one: 币 of 比特币 in 人民币)."""
    shown, dropped = missing(reading.found, reading.used, prep.resources.lexicon.known,
                             snapshot.analyzer.is_name, len(snapshot.records))
    found = reading.found
    # a word no document has can't tell passages apart: matched no more either
    # (a passage still lacks it, so the results stay marked partial)
    unmatched = {label for label in found.plan.labels if not found.docs_of(label)}
    if len(unmatched) < len(found.plan.labels):
        dropped = dropped | unmatched
    if not dropped:
        return
    reading.missing = shown
    rest = reading.used.without(set(dropped))
    if not rest.concepts:  # nothing it asks for is in the report: nothing to show
        reading.found.docs = frozenset()
        return
    found = match(snapshot, rest, budget=budget, elsewhere=reading.elsewhere,
                  within=reading.within)
    # matched against the whole query, what it has is never all of it
    found.concepts = max(found.concepts, len(reading.used.concepts))
    reading.found = found


def apply_intents(snapshot: Snapshot, prep: Prepared, reading: Reading, filters: Filters,
                  ignore: frozenset[str], budget: Budget
                  ) -> tuple[Filters, tuple[Applied, ...], frozenset[int]]:
    """The properties the query asks for, applied. Policies with a place or a time
    ("2022年上海发布的人工智能政策"): the place and the time become filters, the policies
    they select are all results, first, and the words that named them are matched no
    more. A kind alone is a tier ranked first; a document, a filter; a place alone
    already narrows matching (``read_query``). What the reader chose in the facets, or
    took away (``ignore``), stays as it is. Returns the filters, what was applied, and
    the tier."""
    intents = {i.facet: i for i in reading.understood.intents
               if i.facet not in ignore and not filters.of(i.facet)}
    if not intents:
        return filters, (), frozenset()
    sets = prep.doc_sets
    chosen = {f: filters.of(f) for f in FILTERS}
    applied: list[Applied] = []
    tier: frozenset[int] = frozenset()
    kind, region, year = intents.get("kind"), intents.get("region"), intents.get("year")
    policies = kind is not None and kind.values == ("policy",)
    structure = [i for i in (region, year) if i is not None] if policies else []
    selected = sets.selection("kind", ("policy",)).intersection(
        *(sets.selection(i.facet, i.values) for i in structure)) if structure else frozenset()
    if selected:
        for intent in structure:
            chosen[intent.facet] = intent.values
            applied.append(Applied(intent.facet, intent.values, intent.label, True))
        assert kind is not None
        words = {w for i in (*structure, kind) for w in i.words}
        found = match(snapshot, reading.used.without(words), budget=budget,
                      elsewhere=reading.elsewhere, within=reading.within)
        found.docs = found.docs | selected
        reading.found = found
    elif region is not None:
        applied.append(Applied("region", region.values, region.label, False))
    if kind is not None:
        tier = sets.selection("kind", kind.values)
        applied.insert(0, Applied("kind", kind.values, kind.label, False))
    document = intents.get("report")
    if document is not None:
        chosen["report"] = document.values
        applied.append(Applied("report", document.values, document.label, True))
    return Filters(**chosen), tuple(applied), tier


def restrict(sets: DocSets, matched: frozenset[int], filters: Filters
             ) -> tuple[frozenset[int], dict[str, tuple[FacetValue, ...]]]:
    """What passes the filters, and the facet counts (each facet's honouring the
    others' selections)."""
    restrictions = {f: sets.selection(f, filters.of(f)) for f in FILTERS if filters.of(f)}
    facets = count_facets(sets, matched, filters, restrictions)
    allowed = matched.intersection(*restrictions.values()) if restrictions else matched
    return allowed, facets


def rank_page(snapshot: Snapshot, sets: DocSets, found: Matched, allowed: frozenset[int],
              pinned: list[int], sort: str, page: int, per_page: int, budget: Budget,
              tier: frozenset[int] = frozenset(),
              comparison: tuple[str, str] | None = None, answer: bool = False,
              within: str | None = None) -> tuple[list[int], dict[int, float]]:
    """The page's documents in order, and the scores of those ranked by relevance: the
    units the query named, then its tier (the kind it asked for), then the rest.
    ``within``: the one document the results are filtered to, ranked by its own
    statistics."""
    start = (page - 1) * per_page
    first = [d for d in pinned if d in allowed] if sort == "relevance" else []
    if sort == "relevance" and found.plan.ranked is not None:
        needed = max(start + per_page, COMPARED_WITHIN if comparison else 0) - len(first)
        ranked: list[tuple[int, float]] = []
        rest = allowed.difference(first)
        for group in (rest & tier, rest - tier) if tier else (rest,):
            if len(ranked) < needed:
                ranked += rank(snapshot, found, group, needed - len(ranked), budget, within)
        order = first + [d for d, _ in ranked]
        if answer and not first:
            order = _text_first(snapshot, order)
        if comparison:
            order = _both_sides(snapshot, found, allowed, order, comparison, budget, within)
        scores = dict(ranked)
        if first:  # named by the query: first whatever their score, which is still told
            scores.update(dict.fromkeys(first, 0.0)
                          | snapshot.rescore(found.plan.ranked, first, within))
        return order[start:start + per_page], scores
    ordering = sets.by_date if sort == "date" else sets.by_order
    following = [d for d in ordering if d in allowed and d not in first]
    if tier and sort == "relevance":  # the kind asked for first, then the rest
        following = [d for d in following if d in tier] + \
            [d for d in following if d not in tier]
    return list(islice((d for d in [*first, *following]), start, start + per_page)), {}


def _text_first(snapshot: Snapshot, order: list[int]) -> list[int]:
    """A question whose answer is a figure is answered by a passage, never by a chart
    (which the report gives only as a caption): the best passage goes before it."""
    if not order or snapshot.records[order[0]].text:
        return order
    best = next((d for d in order[:COMPARED_WITHIN * 2] if snapshot.records[d].text), None)
    if best is None:
        return order
    return [best, *(d for d in order if d != best)]


def _both_sides(snapshot: Snapshot, found: Matched, allowed: frozenset[int],
                order: list[int], sides: tuple[str, str], budget: Budget,
                within: str | None = None) -> list[int]:
    """``order`` with, for each side of a comparison that none of the first five has, the
    best result that has it moved up among them (the other side's results stay)."""
    order = list(order)
    for side in sides:
        having = found.docs_of(side) & allowed
        if not having or having & set(order[:COMPARED_WITHIN]):
            continue
        best = next((d for d in order if d in having), None)
        if best is None:
            ranked = rank(snapshot, found, having, 1, budget, within)
            best = ranked[0][0] if ranked else None
        if best is not None:
            if best in order:
                order.remove(best)
            order.insert(COMPARED_WITHIN - 1, best)
    return order


def build_hits(snapshot: Snapshot, reading: Reading, highlight: Highlight, docs: list[int],
               scores: dict[int, float], pinned: list[int], english: bool
               ) -> tuple[Hit, ...]:
    """Titles and snippets, marked; English where the reader reads English or an English
    query matched the English edition."""
    typed_english = any(is_latin(c.label) for c in reading.understood.concepts)
    english_found = english_matches(snapshot, highlight) if typed_english and not english \
        else frozenset()
    return tuple(make_hit(snapshot, snapshot.records[d], highlight, english_found,
                          round(scores[d], 3) if d in scores else None, d in pinned, english)
                 for d in docs)


# --------------------------------------------------------------------------- search


def search(snapshot: Snapshot, q: str = "", filters: Filters | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 10,
           english: bool = False, budget: Budget | None = None,
           ignore: frozenset[str] = frozenset()) -> SearchResults:
    """Run a reader's query. ``english``: the reader reads English — titles and snippets
    from the English edition wherever it has them (else Chinese, always). ``budget``:
    what the search may spend (by default ``Budget()``: a CPU deadline). ``ignore``: the
    facets of what the query asks for not to apply (the reader took them away)."""
    started = time.perf_counter()
    prep = prepared(snapshot)  # before the budget starts: no search pays for it
    budget = budget or Budget()
    filters = filters or Filters()
    validate(prep, filters, sort, page, per_page)
    # one document's results are matched and ranked by its own statistics, as when it is
    # indexed alone (issue 25)
    within = filters.report[0] if len(filters.report) == 1 else None
    reading = read_query(snapshot, prep, q, budget, ignore, within)
    goto, pinned = pin_goto(snapshot, prep, reading, filters.report)
    if not pinned:
        leave_out_missing(snapshot, prep, reading, budget)
    applied: tuple[Applied, ...] = ()
    tier: frozenset[int] = frozenset()
    chosen = filters  # the reader's; what the query asks for is reported apart
    if not pinned:
        filters, applied, tier = apply_intents(snapshot, prep, reading, filters, ignore,
                                               budget)
    found = reading.found
    matched = found.docs.union(pinned) if pinned else found.docs
    allowed, facets = restrict(prep.doc_sets, matched, filters)
    comparison = reading.understood.comparison
    sides = comparison.sides if comparison and page == 1 else None
    within = filters.report[0] if len(filters.report) == 1 else None  # intents may set it
    docs, scores = rank_page(snapshot, prep.doc_sets, found, allowed, pinned, sort, page,
                             per_page, budget, tier, sides,
                             answer=reading.used.asks_number, within=within)
    highlight = highlight_for(snapshot, reading.used)
    used = reading.used
    hits = build_hits(snapshot, reading, highlight, docs, scores, pinned, english)
    answer = None
    if hits and used.asks_number and page == 1 and sort == "relevance" and not pinned:
        answer = answer_of(snapshot, hits[0], highlight, english,
                           min(2, len(used.concepts)))
    return SearchResults(
        query=reading.understood.text, expanded=used.expanded,
        fallback=bool(found.concepts) and not pinned and not found.complete(allowed),
        total=len(allowed), page=page, per_page=per_page,
        hits=hits, answer=answer,
        facets=facets, filters=chosen, sort=sort, highlight=highlight,
        milliseconds=(time.perf_counter() - started) * 1000,
        words=tuple(c.label for c in used.concepts), correction=reading.correction,
        corrected=reading.corrected, goto=goto if allowed.intersection(pinned) else None,
        incomplete=budget.spent, missing=reading.missing, understood=applied,
        comparison=comparison.sides if comparison else None,
    )
