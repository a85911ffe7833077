"""Search over one index snapshot: matching, ranking, facets, sorting and snippets.

The query's concepts (``understanding``) become Whoosh queries here, built directly and
never parsed from user text: every group must match (with a ranked any-word fallback when
that finds nothing), phrases through the bigram field, English through the glossary's
Chinese. Only plain dataclasses leave this module.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from itertools import islice

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from search.analysis import TextAnalyzer, is_cjk, normalize_text
from search.facets import (
    FILTERS,
    FacetValue,
    Filters,
    count_facets,
    doc_sets,
    known_values,
)
from search.highlight import Highlight, snippet
from search.highlight import mark as mark_text
from search.ranking import (
    BOOST,
    EXPANSION_WEIGHT,
    PHRASE_BONUS,
    PROXIMITY_BONUS,
    PROXIMITY_SLOP,
)
from search.records import Record
from search.snapshot import Snapshot
from search.understanding import (
    Concept,
    ParsedQuery,
    clean_query,
    concepts,
    excluded_concepts,
    parse_query,
)

MAX_PER_PAGE = 100
SORTS = ("relevance", "order", "date")


class QueryError(ValueError):
    """A parameter that cannot be searched with (the API answers 400)."""


# --------------------------------------------------------------------------- highlighting


def highlight_of(analyzer: TextAnalyzer, groups: list[list[Concept]]) -> Highlight:
    """What a page marks for these concepts: typed words where they stand as tokens (or,
    for Chinese, as substrings where jieba glued them into longer words), quoted phrases
    verbatim, and a glossary equivalent of several words whole (人工智能生成内容), never
    word by word."""
    terms: set[str] = set()
    needles: list[tuple[str, frozenset[str]]] = []
    phrases: list[str] = []

    def words(text: str) -> None:
        found = [t.term for t in analyzer.words(text)]
        terms.update(found)
        if is_cjk(text) and found:
            needles.append((normalize_text(text).replace(" ", ""), frozenset(found)))

    for group in groups:
        for concept in group:
            if concept.phrase:
                phrases.append(" ".join(normalize_text(concept.text).split()))
            else:
                words(concept.text)
            for chinese in concept.chinese:
                if len(analyzer.words(chinese)) > 1:
                    phrases.append(normalize_text(chinese))
                else:
                    words(chinese)
    return Highlight(frozenset(terms), tuple(needles), tuple(phrases))


# --------------------------------------------------------------------------- building


@dataclass
class Built:
    query: wq.Query | None  # all groups must match
    any_query: wq.Query | None  # the ranked any-word fallback
    highlight: Highlight
    expanded: tuple[str, ...]
    ranked: wq.Query | None = None  # ``query`` with proximity bonuses, to order the hits


class QueryBuilder:
    def __init__(self, snapshot: Snapshot) -> None:
        self.analyzer = snapshot.analyzer
        self.searcher = snapshot.searcher()
        self.glossary = snapshot.glossary

    def concept_query(self, concept: Concept) -> wq.Query | None:
        parts = [self.chunk_query(concept.text, concept.phrase)]
        parts += [self.chunk_query(zh, False, EXPANSION_WEIGHT) for zh in concept.chinese]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def chunk_query(self, text: str, phrase: bool, weight: float = 1.0) -> wq.Query | None:
        if phrase:
            grams = [t.term for t in self.analyzer.grams(text)]
            if not grams:
                return None
            # an exact phrase ranks like words: body weight for the text, title weight
            return wq.Or([self.gram_query("grams", grams, BOOST["body"] / BOOST["grams"]),
                          self.gram_query("title_grams", grams,
                                          BOOST["title"] / BOOST["title_grams"])])
        terms = [t.term for t in self.analyzer.words(text)]
        if not terms:
            return None
        required = wq.And([self.term_query(t, weight) for t in terms])
        if len(terms) == 1:
            return required
        grams = [t.term for t in self.analyzer.grams(text)]
        bonus = wq.Or([self.gram_query("grams", grams, PHRASE_BONUS * weight),
                       self.gram_query("title_grams", grams, PHRASE_BONUS * weight)])
        return wq.AndMaybe(required, bonus)

    def term_query(self, term: str, weight: float = 1.0) -> wq.Query:
        """A word in the jieba fields, or else as an exact substring through the bigrams.

        Long words are indexed with the dictionary words inside them, so the bigrams are
        needed only for a word jieba never produced in that field (a glued or unknown
        word); a word is never counted twice."""
        grams = [t.term for t in self.analyzer.grams(term)]

        def field_pair(words_field: str, grams_field: str) -> wq.Query:
            words = wq.Term(words_field, term, boost=BOOST[words_field] * weight)
            if self.searcher.doc_frequency(words_field, term) and len(term) > 1:
                return words
            subs: list[wq.Query] = [words]
            if len(term) == 1 and is_cjk(term):
                # one character (芯): the character field for the body; bigrams that
                # start with it (芯片) for the title
                boost = BOOST[grams_field] * weight
                if grams_field == "grams":
                    subs.append(wq.Term("chars", term, boost=boost))
                else:
                    subs += [wq.Term(grams_field, term, boost=boost),
                             wq.Prefix(grams_field, term, boost=boost)]
            elif grams:
                subs.append(self.gram_query(grams_field, grams, weight))
            return wq.DisjunctionMax(subs)

        return wq.Or([
            field_pair("body", "grams"),
            field_pair("title", "title_grams"),
            wq.Term("breadcrumbs", term, boost=BOOST["breadcrumbs"] * weight),
        ])

    @staticmethod
    def gram_query(fieldname: str, grams: list[str], factor: float = 1.0) -> wq.Query:
        boost = BOOST[fieldname] * factor
        if len(grams) == 1:
            return wq.Term(fieldname, grams[0], boost=boost)
        return wq.Phrase(fieldname, grams, boost=boost)

    def with_proximity(self, parsed: ParsedQuery, clauses: list[wq.Query],
                       required: wq.Query) -> wq.Query:
        """Bonuses for the typed words side by side as typed ("AI 伦理"), and for them
        standing near one another in any order (物流机器人 for "机器人 物流")."""
        typed = [i.text for g in parsed.groups for i in g if not i.phrase]
        if len(clauses) < 2 or len(typed) != len(parsed.groups):
            return required
        bonuses: list[wq.Query] = []
        grams = [t.term for t in self.analyzer.grams(" ".join(typed))]
        if len(grams) > 1:
            bonuses.append(self.gram_query("grams", grams, PHRASE_BONUS))
        terms = list(dict.fromkeys(t.term for text in typed for t in self.analyzer.words(text)))
        if 2 <= len(terms) <= 6:
            near = SpanNear2([wq.Term("body", t) for t in terms], slop=PROXIMITY_SLOP,
                             ordered=False)
            near.boost = PROXIMITY_BONUS
            bonuses.append(near)
        for bonus in bonuses:  # nested, not OR'ed: a union would read every document
            required = wq.AndMaybe(required, bonus)
        return required

    def build(self, parsed: ParsedQuery) -> Built:
        groups = concepts(parsed, self.analyzer, self.glossary)
        clauses: list[wq.Query] = []
        for group in groups:
            alternatives = [q for q in (self.concept_query(c) for c in group) if q is not None]
            if alternatives:
                clauses.append(alternatives[0] if len(alternatives) == 1 else
                               wq.Or(alternatives))
        expanded = tuple(dict.fromkeys(zh for g in groups for c in g for zh in c.chinese))
        highlight = highlight_of(self.analyzer, groups)
        if not clauses:
            return Built(None, None, highlight, expanded)
        excluded = [q for q in (self.concept_query(c) for c in excluded_concepts(parsed))
                    if q is not None]
        required = clauses[0] if len(clauses) == 1 else wq.And(clauses)
        any_word = wq.Or(clauses) if len(clauses) > 1 else None
        if excluded:
            mask = wq.Or(excluded)
            required = wq.AndNot(required, mask)
            any_word = wq.AndNot(any_word, mask) if any_word is not None else None
        return Built(required, any_word, highlight, expanded,
                     self.with_proximity(parsed, clauses, required))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Hit:
    record: Record
    title_html: str  # escaped, matches marked
    snippet: str  # escaped, matches marked
    score: float | None

    @property
    def report(self) -> str:
        return self.record.report

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def breadcrumbs(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.record.breadcrumbs)


@dataclass(frozen=True)
class SearchResults:
    query: str
    expanded: tuple[str, ...]
    fallback: bool  # no result had every word: ranked by any word instead
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    filters: Filters
    sort: str
    highlight: Highlight
    milliseconds: float

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def validate(snapshot: Snapshot, filters: Filters, sort: str, page: int, per_page: int) -> None:
    """Raise QueryError for anything that cannot be searched with."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if page < 1:
        raise QueryError("page must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    known = known_values(snapshot)
    for facet in FILTERS:
        unknown = [v for v in filters.of(facet) if v not in known[facet]]
        if unknown:
            raise QueryError(f"unknown {facet} {unknown[0]!r}")


def search(snapshot: Snapshot, q: str = "", filters: Filters | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 10) -> SearchResults:
    """Run a reader's query. Raises QueryError only for bad parameters, never for q."""
    started = time.perf_counter()
    filters = filters or Filters()
    validate(snapshot, filters, sort, page, per_page)
    parsed = parse_query(q)
    built = QueryBuilder(snapshot).build(parsed)
    searcher = snapshot.searcher()
    sets = doc_sets(snapshot)
    fallback = False
    ranked_query = built.ranked or built.query
    if built.query is None:
        matched = sets.everything
    else:
        matched = matching_docs(snapshot, built.query)
        if not matched and built.any_query is not None:
            matched = matching_docs(snapshot, built.any_query)
            fallback = bool(matched)
            ranked_query = built.any_query
    restrictions = {f: sets.selection(f, filters.of(f)) for f in FILTERS if filters.of(f)}
    facets = count_facets(sets, matched, filters, restrictions)
    allowed = matched.intersection(*restrictions.values()) if restrictions else matched
    start = (page - 1) * per_page
    scores: dict[int, float] = {}
    if not allowed:
        page_docs = []  # (Whoosh reads an empty filter as no filter at all)
    elif sort == "relevance" and ranked_query is not None:
        # ties go to the earlier document, so that pages never overlap
        with_scores = searcher.search(ranked_query, limit=start + per_page, scored=True,
                                      filter=None if allowed is sets.everything else set(allowed))
        ranked = sorted(((hit.score, hit.docnum) for hit in with_scores),
                        key=lambda pair: (-pair[0], pair[1]))[start:]
        page_docs = [docnum for _, docnum in ranked]
        scores = {docnum: score for score, docnum in ranked}
    else:
        ordering = sets.by_date if sort == "date" else sets.by_order
        page_docs = list(islice((d for d in ordering if d in allowed), start, start + per_page))
    records = snapshot.records
    analyzer = snapshot.analyzer
    hits = tuple(
        Hit(
            record=records[d],
            title_html=mark_text(analyzer, records[d].title, built.highlight),
            snippet=_snippet(snapshot, records[d], built.highlight),
            score=round(scores[d], 3) if d in scores else None,
        )
        for d in page_docs
    )
    return SearchResults(
        query=parsed.text, expanded=built.expanded, fallback=fallback, total=len(allowed),
        page=page, per_page=per_page, hits=hits, facets=facets, filters=filters, sort=sort,
        highlight=built.highlight, milliseconds=(time.perf_counter() - started) * 1000,
    )


TERM_CACHE = 1024  # posting lists kept as sets, per snapshot


def matching_docs(snapshot: Snapshot, query: wq.Query) -> frozenset[int]:
    """The documents a query matches, by set algebra over cached posting lists: Whoosh's
    own matchers walk a large OR (人工智能 in most documents) one document at a time."""
    cache: OrderedDict[tuple, frozenset[int]] = snapshot.derived.setdefault(
        "term_docs", OrderedDict())
    searcher = snapshot.searcher()

    def docs(q: wq.Query) -> frozenset[int]:
        if isinstance(q, wq.Term):
            key = (q.fieldname, q.text)
            found = cache.get(key)
            if found is None:
                found = frozenset(searcher.docs_for_query(q))
                cache[key] = found
                if len(cache) > TERM_CACHE:
                    cache.popitem(last=False)
            return found
        if isinstance(q, wq.And):
            result: frozenset[int] | None = None
            for sub in sorted(q.subqueries, key=lambda sub: sub.estimate_size(
                    searcher.reader())):
                result = docs(sub) if result is None else result & docs(sub)
                if not result:
                    return frozenset()
            return result or frozenset()
        if isinstance(q, wq.Or | wq.DisjunctionMax):
            return frozenset().union(*(docs(sub) for sub in q.subqueries))
        if isinstance(q, wq.AndNot):
            return docs(q.a) - docs(q.b)
        if isinstance(q, wq.AndMaybe):
            return docs(q.a)
        return frozenset(searcher.docs_for_query(q))  # phrases: Whoosh checks positions

    return docs(query)


def _snippet(snapshot: Snapshot, record: Record, highlight: Highlight) -> str:
    if record.text:
        return snippet(snapshot.analyzer, record.text, highlight)
    # a heading with no prose of its own (智能医疗): what it contains
    return mark_text(snapshot.analyzer, " · ".join(snapshot.outline.get(record.key, ())),
                     highlight)


def highlight_for(snapshot: Snapshot, q: str) -> Highlight:
    """What ``q`` would mark, for highlighting a page the reader opened from a result."""
    return highlight_of(snapshot.analyzer,
                        concepts(parse_query(q), snapshot.analyzer, snapshot.glossary))


def related(snapshot: Snapshot, record: Record, limit: int = 5) -> list[Record]:
    """Sections about the same things (Whoosh more-like-this on the body words), not the
    section itself nor its ancestors or descendants."""
    if not record.text:
        return []
    searcher = snapshot.searcher()
    docnum = snapshot.by_key[record.key]
    near = {record.id, *(i for i, _ in record.breadcrumbs)}
    hits = searcher.more_like(docnum, "body", text=record.text, top=limit + 12,
                              filter=wq.And([wq.Term("kind", "section"),
                                             wq.Term("report", record.report)]))
    found = []
    for hit in hits:
        other = snapshot.records[hit.docnum]
        if other.id in near or other.id.startswith(f"{record.id}."):
            continue
        found.append(other)
        if len(found) == limit:
            break
    return found


def suggest(snapshot: Snapshot, q: str, limit: int = 8) -> list[str]:
    """Titles and glossary terms that complete what the reader is typing."""
    needle = normalize_text(clean_query(q)).strip()
    if not needle:
        return []
    candidates = _suggestions(snapshot)
    starts = [text for text, norm in candidates if norm.startswith(needle)]
    inside = [text for text, norm in candidates if needle in norm and not norm.startswith(needle)]
    ranked = sorted(starts, key=len) + sorted(inside, key=len)
    return list(dict.fromkeys(ranked))[:limit]


def _suggestions(snapshot: Snapshot) -> list[tuple[str, str]]:
    cached = snapshot.derived.get("suggestions")
    if cached is None:
        texts = {r.title.strip("《》") for r in snapshot.records if r.kind != "figure"}
        texts |= {e.english for e in snapshot.glossary.entries}
        texts |= snapshot.glossary.chinese_terms()
        cached = snapshot.derived["suggestions"] = sorted(
            (t, normalize_text(t)) for t in texts if t)
    return cached
