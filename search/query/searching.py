"""Search over one index snapshot: matching, ranking, facets, sorting and snippets.

A query's concepts (``understanding``) become Whoosh queries here, built directly and
never parsed from user text. Words rank; they don't all have to match: passages with
every concept come first, then those with most of them, down to a minimum share (as
Elasticsearch's ``minimum_should_match``: all of 1–2, 2 of 3, 3 of 4, 70% above).
Quoted phrases and ``+words`` are required, ``-words`` excluded. A go-to ("图表 15",
"5.4.2", "第20页", an exact title) puts the units it names first. Only plain dataclasses
leave this module.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from search.engine.plan import (
    AllOf,
    AnyOf,
    BestOf,
    Near,
    Node,
    Phrase,
    Term,
    WithBonus,
    terms_of,
)
from search.engine.records import SECTION_KINDS, Record
from search.engine.snapshot import Snapshot
from search.engine.weights import (
    BOOST,
    PHRASE_BONUS,
    PROXIMITY_BONUS,
    PROXIMITY_SLOP,
)
from search.language.analysis import is_cjk, normalize_text
from search.language.english import english_terms
from search.language.lexicon import build_lexicon
from search.language.thesaurus import Thesaurus
from search.query.budget import Budget, unlimited
from search.query.facets import (
    FILTERS,
    FacetValue,
    Filters,
    count_facets,
    doc_sets,
    known_values,
)
from search.query.goto import GoTo, find_goto, title_index
from search.query.highlight import (
    Highlight,
    english_snippet,
    mark_english,
    snippet,
)
from search.query.highlight import mark as mark_text
from search.query.understanding import (
    Concept,
    Form,
    Resources,
    Understanding,
    Understood,
    is_latin,
    parse_query,
)

MAX_PER_PAGE = 100
SORTS = ("relevance", "order", "date")
FEW_RESULTS = 3  # fewer than this, and a corrected reading exists: "did you mean"


class QueryError(ValueError):
    """A parameter that cannot be searched with (the API answers 400)."""


def resources(snapshot: Snapshot) -> Resources:
    """What understanding a query consults, built once per snapshot."""
    found = snapshot.derived.get("resources")
    if found is None:
        found = snapshot.derived["resources"] = Resources(
            analyzer=snapshot.analyzer,
            glossary=snapshot.glossary,
            thesaurus=Thesaurus(tuple(tuple(g) for g in snapshot.manifest.get("synonyms", ()))),
            lexicon=build_lexicon([snapshot.terms("body"), snapshot.terms("title")],
                                  grams=[t for t, _ in snapshot.terms("grams")]),
            english=build_lexicon([snapshot.terms("body_en"), snapshot.terms("title_en")]),
            places=snapshot.glossary.places().union(
                *(r.meta.regions for r in snapshot.reports.values())),
        )
    return found


def prepare(snapshot: Snapshot) -> None:
    """Build what searches consult that depends on the snapshot alone — the lexicon and
    its pinyin, the thesaurus, facet sets, titles for go-to — before a search's budget
    starts counting: the first search pays for none of it."""
    if snapshot.derived.get("prepared"):
        return
    from search.language.lexicon import syllables
    from search.language.thesaurus import general_thesaurus

    snapshot.analyzer.words("人工智能 AI")  # loads jieba and its domain words
    resources(snapshot).lexicon.by_pinyin()
    syllables()
    general_thesaurus()
    doc_sets(snapshot)
    known_values(snapshot)
    title_lookup(snapshot)
    snapshot.derived["prepared"] = True


def title_lookup(snapshot: Snapshot) -> dict:
    titles = snapshot.derived.get("titles")
    if titles is None:
        titles = snapshot.derived["titles"] = title_index(snapshot.reports)
    return titles


def understand(snapshot: Snapshot, q: str, budget: Budget | None = None) -> Understood:
    return Understanding(resources(snapshot), budget).understand(parse_query(q))


def minimum_should_match(concepts: int) -> int:
    """How many of ``concepts`` a result must have: all of 1–2, 2 of 3, 3 of 4, 70%."""
    if concepts <= 2:
        return concepts
    if concepts <= 4:
        return concepts - 1
    return math.floor(concepts * 0.7)


# --------------------------------------------------------------------------- highlighting


def highlight_of(snapshot: Snapshot, understood: Understood) -> Highlight:
    """What a page marks for these concepts: their words where they stand as tokens (or,
    for Chinese, as substrings where jieba glued them into longer words), phrases
    verbatim, each weighted by how rare it is (the snippet goes where the rarest are)."""
    analyzer = snapshot.analyzer
    lexicon = resources(snapshot).lexicon
    documents = max(1, len(snapshot.records))
    terms: set[str] = set()
    needles: list[tuple[str, frozenset[str]]] = []
    phrases: list[str] = []
    weights: dict[str, float] = {}
    english: set[str] = set()

    def weigh(text: str, words: list[str]) -> None:
        rarest = max((lexicon.frequency.get(w, 0) for w in words), default=0)
        frequency = min(lexicon.frequency.get(w, documents) for w in words) if words else 1
        weights[text] = math.log(1 + documents / max(1, frequency or rarest or 1))

    for concept in understood.concepts:
        for form in concept.forms:
            if is_latin(form.text):
                english.update(english_terms(form.text))
            text = " ".join(normalize_text(form.text).split())
            words = [t.term for t in analyzer.words(text)]
            if form.phrase or (form.how != "typed" and len(words) > 1):
                phrases.append(text.replace(" ", "") if is_cjk(text) else text)
                weigh(phrases[-1], words)
                continue
            terms.update(words)
            for word in words:
                weigh(word, [word])
            if is_cjk(text) and words:
                needles.append((text.replace(" ", ""), frozenset(words)))
                weigh(needles[-1][0], words)
    return Highlight(frozenset(terms), tuple(needles), tuple(phrases), weights,
                     frozenset(english), understood.asks_number)


# --------------------------------------------------------------------------- building


@dataclass
class Plan:
    """The engine's plans of one reading of a query."""

    concepts: list[Node]  # one per concept (any of its forms)
    required: list[int]  # indexes of concepts every result must have
    places: list[int]  # …of places: results must have them where any has them all
    excluded: Node | None
    ranked: Node | None  # all concepts with bonuses, to score the best few with
    base: Node | None = None  # all concepts, no bonuses: cheap, to score every one
    highlight: Highlight = field(default_factory=Highlight)


class QueryBuilder:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.analyzer = snapshot.analyzer

    def plan(self, understood: Understood) -> Plan:
        concepts: list[Node] = []
        required: list[int] = []
        places: list[int] = []
        for concept in understood.concepts:
            query = self.concept_query(concept)
            if query is None:
                continue
            if concept.required:
                required.append(len(concepts))
            if concept.place:
                places.append(len(concepts))
            concepts.append(query)
        excluded = [q for q in map(self.concept_query, understood.excluded) if q is not None]
        base = AnyOf(tuple(concepts)) if len(concepts) > 1 else \
            (concepts[0] if concepts else None)
        ranked = self.with_bonuses(understood, base) if base is not None else None
        return Plan(concepts, required, places, AnyOf(tuple(excluded)) if excluded else None,
                    ranked, base=base, highlight=highlight_of(self.snapshot, understood))

    def concept_query(self, concept: Concept) -> Node | None:
        """Any of the concept's forms; a document scores by its best form (DisMax), so a
        word and its synonym are never counted twice."""
        parts = [q for q in map(self.form_query, concept.forms) if q is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else BestOf(tuple(parts))

    def form_query(self, form: Form) -> Node | None:
        if form.phrase:
            grams = [t.term for t in self.analyzer.grams(form.text)]
            if not grams:
                return None
            # an exact phrase ranks like words: body weight for the text, title weight
            return AnyOf((
                self.gram_query("grams", grams, form.weight * BOOST["body"] / BOOST["grams"]),
                self.gram_query("title_grams", grams,
                                form.weight * BOOST["title"] / BOOST["title_grams"])))
        chinese = self.chinese_query(form)
        english = self.english_query(form) if is_latin(form.text) else None
        if chinese is None or english is None:
            return chinese or english
        return BestOf((chinese, english))

    def chinese_query(self, form: Form) -> Node | None:
        """The form's words in the Chinese text's fields."""
        terms = list(dict.fromkeys(t.term for t in self.analyzer.words(form.text)))
        if not terms:
            return None
        required = AllOf(tuple(self.term_query(t, form.weight) for t in terms))
        if len(terms) == 1:
            return required
        grams = [t.term for t in self.analyzer.grams(form.text)]
        bonus = AnyOf((self.gram_query("grams", grams, PHRASE_BONUS * form.weight),
                       self.gram_query("title_grams", grams, PHRASE_BONUS * form.weight)))
        return WithBonus(required, bonus)

    def english_query(self, form: Form) -> Node | None:
        """English words in the English edition's fields (stemmed, stop words out)."""
        terms = list(dict.fromkeys(english_terms(form.text)))
        if not terms:
            return None
        weight = form.weight
        each = [AnyOf((Term("body_en", t, BOOST["body_en"] * weight),
                       Term("title_en", t, BOOST["title_en"] * weight)))
                for t in terms]
        if len(each) == 1:
            return each[0]
        together = Phrase("body_en", tuple(terms), PHRASE_BONUS * weight)
        return WithBonus(AllOf(tuple(each)), together)

    def term_query(self, term: str, weight: float = 1.0) -> Node:
        """A word in the jieba fields, or else as an exact substring through the bigrams.

        Long words are indexed with the dictionary words inside them, so the bigrams are
        needed only for a word jieba never produced in that field (a glued or unknown
        word); a word is never counted twice."""
        grams = [t.term for t in self.analyzer.grams(term)]

        def field_pair(words_field: str, grams_field: str) -> Node:
            words = Term(words_field, term, BOOST[words_field] * weight)
            if self.snapshot.doc_frequency(words_field, term) and len(term) > 1:
                return words
            subs: list[Node] = [words]
            if len(term) == 1 and is_cjk(term):
                # one character (芯): the character field for the body; bigrams that
                # start with it (芯片) for the title
                boost = BOOST[grams_field] * weight
                if grams_field == "grams":
                    subs.append(Term("chars", term, boost))
                else:
                    subs += [Term(grams_field, term, boost),
                             *self.prefix_terms(grams_field, term, boost)]
            elif grams:
                subs.append(self.gram_query(grams_field, grams, weight))
            return BestOf(tuple(subs))

        return AnyOf((
            field_pair("body", "grams"),
            field_pair("title", "title_grams"),
            Term("breadcrumbs", term, BOOST["breadcrumbs"] * weight),
        ))

    def prefix_terms(self, fieldname: str, prefix: str, boost: float,
                     limit: int = 16) -> list[Node]:
        """The (at most ``limit``) indexed terms starting with ``prefix``: a bounded
        expansion, where a prefix query would read every one of them."""
        return [Term(fieldname, term, boost)
                for term in self.snapshot.expand_prefix(fieldname, prefix, limit)]

    @staticmethod
    def gram_query(fieldname: str, grams: list[str], factor: float = 1.0) -> Node:
        """Consecutive bigrams: an exact substring. A phrase scores the sum of its
        bigrams, so its boost is shared among them: a long phrase counts about as much
        as one word, not as much as all its characters."""
        boost = BOOST[fieldname] * factor
        if len(grams) == 1:
            return Term(fieldname, grams[0], boost)
        return Phrase(fieldname, tuple(grams), boost / len(grams))

    def with_bonuses(self, understood: Understood, ranked: Node) -> Node:
        """Bonuses for a typed run of words appearing verbatim ("AI 伦理", a question's
        key phrase) and for the typed words standing near one another in any order."""
        bonuses: list[Node] = []
        for chunk in understood.chunks[:3]:
            grams = [t.term for t in self.analyzer.grams(chunk)]
            if len(grams) > 1:
                bonuses.append(self.gram_query("grams", grams, PHRASE_BONUS))
        typed = [c.forms[0].text for c in understood.concepts
                 if c.forms and c.forms[0].how == "typed" and not c.forms[0].phrase]
        terms = list(dict.fromkeys(t.term for text in typed
                                   for t in self.analyzer.words(text)))
        if 2 <= len(terms) <= 6:
            bonuses.append(Near("body", tuple(terms), PROXIMITY_SLOP, PROXIMITY_BONUS))
        for bonus in bonuses:  # nested, not OR'ed: a union would read every document
            ranked = WithBonus(ranked, bonus)
        return ranked


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Hit:
    record: Record
    title_html: str  # escaped, matches marked
    snippet: str  # escaped, matches marked
    score: float | None
    pinned: bool = False  # named by the query ("图表 15"): first, whatever its score
    language: str = "zh"  # of the snippet: "en" when it comes from the English edition
    title_language: str = "zh"  # of the title and breadcrumbs: "en" for English readers
    breadcrumbs_en: tuple[str, ...] = ()  # the ancestors' English titles

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
        return self.record.title_en if self.title_language == "en" else self.record.title

    @property
    def breadcrumbs(self) -> tuple[str, ...]:
        if self.title_language == "en":
            return self.breadcrumbs_en
        return tuple(title for _, title in self.record.breadcrumbs)


@dataclass(frozen=True)
class SearchResults:
    query: str
    expanded: tuple[str, ...]
    fallback: bool  # no result has every word: these have most of them ("partial")
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    filters: Filters
    sort: str
    highlight: Highlight
    milliseconds: float
    words: tuple[str, ...] = ()  # the words that counted (function words left out)
    correction: str = ""  # "did you mean …", when the query as typed found little
    corrected: str = ""  # the query was corrected to this: it found nothing as typed
    goto: GoTo | None = None  # the units the query named, pinned first
    incomplete: bool = False  # the search ran out of its budget: the best found by then

    @property
    def partial(self) -> bool:
        return self.fallback

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


@dataclass
class Matched:
    """The documents one reading of a query matches, and how many concepts each has."""

    plan: Plan
    docs: frozenset[int]
    counts: Counter[int]
    concepts: int  # how many there were to match
    per_concept: list[frozenset[int]] = field(default_factory=list)

    def coverage(self, doc: int, documents: int) -> float:
        """The share of the query a document covers, each concept weighing by how rare
        it is (京津冀 more than 企业): 1.0 when it has them all."""
        weights = [math.log(1 + documents / max(1, len(docs))) for docs in self.per_concept]
        total = sum(weights) or 1.0
        return sum(w for w, docs in zip(weights, self.per_concept, strict=True)
                   if doc in docs) / total

    def complete(self, docs: frozenset[int]) -> bool:
        """Whether some document of ``docs`` has every concept."""
        return not self.concepts or any(self.counts[d] == self.concepts for d in docs)


def match(snapshot: Snapshot, understood: Understood, best_effort: bool = True,
          budget: Budget | None = None) -> Matched:
    """The documents with the minimum share of the concepts; with ``best_effort``, when
    none has it, those with the most of them rather than nothing. A spent ``budget``
    leaves the concepts not yet matched out (the search is then marked incomplete)."""
    budget = budget or unlimited()
    plan = QueryBuilder(snapshot).plan(understood)
    sets = doc_sets(snapshot)
    if not plan.concepts:
        docs = sets.everything
        if plan.excluded is not None:
            docs = docs - matching_docs(snapshot, plan.excluded)
        return Matched(plan, docs, Counter(), 0)
    per_concept: list[frozenset[int]] = []
    for query in plan.concepts:
        if per_concept and not budget.allows(terms_of(query)):
            plan.concepts = plan.concepts[:len(per_concept)]
            plan.required = [i for i in plan.required if i < len(per_concept)]
            plan.places = [i for i in plan.places if i < len(per_concept)]
            break
        per_concept.append(matching_docs(snapshot, query))
    counts: Counter[int] = Counter()
    for docs in per_concept:
        counts.update(docs)
    need = minimum_should_match(len(per_concept))
    matched = frozenset(d for d, n in counts.items() if n >= need)
    if not matched and counts and best_effort:
        # nothing has the minimum share: the best there is, rather than nothing
        best = max(counts.values())
        matched = frozenset(d for d, n in counts.items() if n >= max(1, best))
    for index in plan.required:
        matched &= per_concept[index]
    if plan.places and len(plan.places) < len(per_concept):
        # "2022 年英国…融资": a passage about another country answers another question
        there = matched.intersection(*(per_concept[i] for i in plan.places))
        matched = there or matched
    if plan.excluded is not None and matched:
        matched -= matching_docs(snapshot, plan.excluded)
    return Matched(plan, matched, counts, len(per_concept), per_concept)


def search(snapshot: Snapshot, q: str = "", filters: Filters | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 10,
           english: bool = False, budget: Budget | None = None) -> SearchResults:
    """Run a reader's query. Raises QueryError only for bad parameters, never for q.
    ``english``: the reader reads English — titles and snippets from the English
    edition wherever it has them (else they are in the language that matched).
    ``budget``: what the search may spend (by default ``Budget()``: a CPU deadline)."""
    started = time.perf_counter()
    prepare(snapshot)
    budget = budget or Budget()
    filters = filters or Filters()
    validate(snapshot, filters, sort, page, per_page)
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
    goto = find_goto(understood.text, snapshot.reports, title_lookup(snapshot))
    pinned = [snapshot.by_key[f"{slug}/{unit}"] for slug, unit in goto.ids[:10]] if goto \
        else []
    sets = doc_sets(snapshot)
    if pinned and found.concepts:
        # "图表 15" names what it wants: after it, only passages with all of its words
        found.docs = frozenset(d for d in found.docs if found.counts[d] == found.concepts)
    matched = found.docs.union(pinned) if pinned else found.docs
    restrictions = {f: sets.selection(f, filters.of(f)) for f in FILTERS if filters.of(f)}
    facets = count_facets(sets, matched, filters, restrictions)
    allowed = matched.intersection(*restrictions.values()) if restrictions else matched
    start = (page - 1) * per_page
    scores: dict[int, float] = {}
    if sort == "relevance" and found.plan.ranked is not None:
        first = [d for d in pinned if d in allowed]
        rest = allowed.difference(first)
        ranked = rank(snapshot, found, rest, start + per_page - len(first), budget)
        scores = dict(ranked)
        if first:  # named by the query: first whatever their score, which is still told
            scores.update(dict.fromkeys(first, 0.0)
                          | snapshot.rescore(found.plan.ranked, first))
        page_docs = (first + [d for d, _ in ranked])[start:start + per_page]
    else:
        ordering = sets.by_date if sort == "date" else sets.by_order
        first = [d for d in pinned if d in allowed] if sort == "relevance" else []
        page_docs = list(islice((d for d in [*first, *(d for d in ordering if d in allowed
                                                       and d not in first)]),
                                start, start + per_page))
    highlight = found.plan.highlight
    # an English query shows where the English edition matched, in English
    typed_english = any(is_latin(c.label) for c in understood.concepts)
    hits = tuple(make_hit(snapshot, snapshot.records[d], highlight,
                          english or typed_english,
                          round(scores[d], 3) if d in scores else None, d in pinned, english)
                 for d in page_docs)
    used = understood.corrected() if corrected else understood
    return SearchResults(
        query=understood.text, expanded=used.expanded,
        fallback=bool(found.concepts) and not pinned and not found.complete(allowed),
        total=len(allowed),
        page=page, per_page=per_page, hits=hits, facets=facets, filters=filters, sort=sort,
        highlight=highlight, milliseconds=(time.perf_counter() - started) * 1000,
        words=tuple(c.label for c in used.concepts), correction=correction,
        corrected=corrected, goto=goto if allowed.intersection(pinned) else None,
        incomplete=budget.spent,
    )


RESCORE = 50  # the best this many by plain score get the phrase and proximity bonuses


def rank(snapshot: Snapshot, found: Matched, docs: frozenset[int] | set[int],
         needed: int, budget: Budget | None = None) -> list[tuple[int, float]]:
    """The first ``needed`` of ``docs``: those with every concept first, by BM25F score;
    then the partial matches by score × coverage² (most of the query, its rare words
    weighing most, before a few of its common ones). Ties go to the earlier document."""
    if needed <= 0 or not docs or found.plan.ranked is None:
        return []
    complete = {d for d in docs if found.counts[d] == found.concepts}
    budget = budget or unlimited()
    out = _ordered(snapshot, found.plan, complete, budget) if complete else []
    partial = set(docs) - complete
    if len(out) < needed and partial:
        documents = len(snapshot.records)
        out += _ordered(snapshot, found.plan, partial, budget,
                        lambda doc: found.coverage(doc, documents) ** 2)[:needed - len(out)]
    return out[:needed]


def _ordered(snapshot: Snapshot, plan: Plan, docs: set[int], budget: Budget,
             weigh: Callable[[int], float] | None = None) -> list[tuple[int, float]]:
    """``docs`` best first, in two passes: every one by the plain score of its words
    (``FastScorer``: cheap whatever their number), then the best RESCORE again by Whoosh
    with the bonuses for phrases and proximity, which read positions (skipped once the
    budget is spent). The order never depends on how many are asked for, so pages
    never overlap."""
    base = plan.base if plan.base is not None else plan.ranked
    assert base is not None and plan.ranked is not None
    candidates = sorted(docs)
    plain = snapshot.score(base, candidates)

    def weighted(doc: int, score: float) -> float:
        return score * weigh(doc) if weigh else score

    order = sorted(((doc, weighted(doc, plain.get(doc, 0.0))) for doc in candidates),
                   key=lambda pair: (-pair[1], pair[0]))
    head = [doc for doc, _ in order[:RESCORE]]
    if not head or not budget.allows(len(head)):
        return order
    exact = {doc: weighted(doc, score) for doc, score in
             snapshot.rescore(plan.ranked, head).items()}
    rescored = sorted(((doc, exact.get(doc, score)) for doc, score in order[:RESCORE]),
                      key=lambda pair: (-pair[1], pair[0]))
    return rescored + order[RESCORE:]


def matching_docs(snapshot: Snapshot, node: Node) -> frozenset[int]:
    return snapshot.matching(node)


def make_hit(snapshot: Snapshot, record: Record, highlight: Highlight, english_query: bool,
             score: float | None, pinned: bool, reader_english: bool = False) -> Hit:
    """A result, its title and snippet in English when the reader reads English or an
    English query found it in English, else in Chinese — marked either way."""
    analyzer = snapshot.analyzer
    english_text = bool(record.title_en) and (reader_english or (
        english_query and snapshot.by_key[record.key] in english_matches(snapshot,
                                                                         highlight)))
    if english_text:
        text = record.text_en or " · ".join(
            snapshot.english_title(record.report, child) or child
            for child in _child_ids(snapshot, record))
        excerpt = english_snippet(text, highlight)
    else:
        excerpt = _snippet(snapshot, record, highlight)
    if reader_english and record.title_en:
        crumbs = tuple(snapshot.english_title(record.report, crumb_id) or title
                       for crumb_id, title in record.breadcrumbs)
        return Hit(record, mark_english(record.title_en, highlight), excerpt, score, pinned,
                   "en" if english_text else "zh", "en", crumbs)
    return Hit(record, mark_text(analyzer, record.title, highlight), excerpt, score, pinned,
               "en" if english_text else "zh")


def english_matches(snapshot: Snapshot, highlight: Highlight) -> frozenset[int]:
    """The documents whose English edition has one of the query's English words."""
    return frozenset().union(*(snapshot.matching(AnyOf((Term("body_en", term),
                                                         Term("title_en", term))))
                               for term in highlight.english))


def _child_ids(snapshot: Snapshot, record: Record) -> list[str]:
    report = snapshot.reports[record.report]
    for section, _ in report.walk():
        if section.id == record.id:
            return [child.id for child in section.children]
    return []


def _snippet(snapshot: Snapshot, record: Record, highlight: Highlight) -> str:
    if record.text:
        return snippet(snapshot.analyzer, record.text, highlight)
    # a heading with no prose of its own (智能医疗): what it contains
    return mark_text(snapshot.analyzer, " · ".join(snapshot.outline.get(record.key, ())),
                     highlight)


def highlight_for(snapshot: Snapshot, q: str) -> Highlight:
    """What ``q`` would mark, for highlighting a page the reader opened from a result."""
    return highlight_of(snapshot, understand(snapshot, q))


def related(snapshot: Snapshot, record: Record, limit: int = 5) -> list[Record]:
    """Sections about the same things (Whoosh more-like-this on the body words), not the
    section itself nor its ancestors or descendants."""
    if not record.text:
        return []
    docnum = snapshot.by_key[record.key]
    near = {record.id, *(i for i, _ in record.breadcrumbs)}
    sections = AllOf((AnyOf(tuple(Term("kind", k) for k in SECTION_KINDS)),
                      Term("report", record.report)))
    found = []
    for other_docnum in snapshot.more_like(docnum, "body", record.text, limit + 12, sections):
        other = snapshot.records[other_docnum]
        if other.id in near or other.id.startswith(f"{record.id}."):
            continue
        found.append(other)
        if len(found) == limit:
            break
    return found
