"""Matching: a reading of a query (its concepts) → the engine's plans → the documents
that have the minimum share of the concepts. Words rank; they don't all have to match:
passages with every concept come first, then those with most of them, down to a minimum
share (as Elasticsearch's ``minimum_should_match``: all of 1–2, 2 of 3, 3 of 4, 70%
above). Quoted phrases and ``+words`` are required, ``-words`` excluded; a place the query
names narrows to passages about it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

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
from search.engine.snapshot import Snapshot
from search.engine.weights import (
    BOOST,
    CHUNKS_BONUSED,
    MINIMUM_SHARE,
    PHRASE_BONUS,
    PROXIMITY_BONUS,
    PROXIMITY_SLOP,
    PROXIMITY_WORDS,
)
from search.language.analysis import is_cjk, is_latin
from search.language.english import english_terms
from search.query.budget import Budget, unlimited
from search.query.concepts import Concept, Form, Understood


def minimum_should_match(concepts: int) -> int:
    """How many of ``concepts`` a result must have: all of 1–2, 2 of 3, 3 of 4, 70%."""
    if concepts <= 2:
        return concepts
    if concepts <= 4:
        return concepts - 1
    return math.floor(concepts * MINIMUM_SHARE)


@dataclass
class Plan:
    """The engine's plans of one reading of a query."""

    concepts: list[Node]  # one per concept (any of its forms)
    required: list[int]  # indexes of concepts every result must have
    places: list[int]  # …of places: results must have them where any has them all
    excluded: Node | None
    ranked: Node | None  # all concepts with bonuses, to score the best few with
    base: Node | None = None  # all concepts, no bonuses: cheap, to score every one
    labels: list[str] = field(default_factory=list)  # the concept of each of ``concepts``


class Planner:
    """Concepts → the engine's plans: each concept any of its forms, each form its
    words in the Chinese fields (or as exact substrings through the bigrams) or in the
    English edition's, and bonuses for typed runs verbatim and words near each other."""

    def __init__(self, snapshot: Snapshot, within: str | None = None) -> None:
        self.snapshot = snapshot
        self.analyzer = snapshot.analyzer
        self.within = within  # the one document searched: its words, not the library's

    def plan(self, understood: Understood) -> Plan:
        concepts: list[Node] = []
        required: list[int] = []
        places: list[int] = []
        labels: list[str] = []
        for concept in understood.concepts:
            query = self.concept_query(concept)
            if query is None:
                continue
            if concept.required:
                required.append(len(concepts))
            if concept.place:
                places.append(len(concepts))
            concepts.append(query)
            labels.append(concept.label)
        excluded = [q for q in map(self.concept_query, understood.excluded) if q is not None]
        base = AnyOf(tuple(concepts)) if len(concepts) > 1 else \
            (concepts[0] if concepts else None)
        ranked = self.with_bonuses(understood, base) if base is not None else None
        return Plan(concepts, required, places, AnyOf(tuple(excluded)) if excluded else None,
                    ranked, base=base, labels=labels)

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
            if self.snapshot.doc_frequency(words_field, term, self.within) and len(term) > 1:
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
        for chunk in understood.chunks[:CHUNKS_BONUSED]:
            grams = [t.term for t in self.analyzer.grams(chunk)]
            if len(grams) > 1:
                bonuses.append(self.gram_query("grams", grams, PHRASE_BONUS))
        typed = [c.forms[0].text for c in understood.concepts
                 if c.forms and c.forms[0].how == "typed" and not c.forms[0].phrase]
        terms = list(dict.fromkeys(t.term for text in typed
                                   for t in self.analyzer.words(text)))
        fewest, most = PROXIMITY_WORDS
        if fewest <= len(terms) <= most:
            bonuses.append(Near("body", tuple(terms), PROXIMITY_SLOP, PROXIMITY_BONUS))
        for bonus in bonuses:  # nested, not OR'ed: a union would read every document
            ranked = WithBonus(ranked, bonus)
        return ranked


@dataclass
class Matched:
    """The documents one reading of a query matches, and how many concepts each has."""

    plan: Plan
    docs: frozenset[int]
    counts: Counter[int]
    concepts: int  # how many there were to match
    per_concept: list[frozenset[int]] = field(default_factory=list)

    def coverage(self, doc: int, documents: int, scope: range | None = None) -> float:
        """The share of the query a document covers, each concept weighing by how rare
        it is (京津冀 more than 企业) among ``documents`` (those of ``scope``, when the
        results are one document's): 1.0 when it has them all."""
        weights = [math.log(1 + documents / max(1, len(docs) if scope is None else
                                                sum(1 for d in docs if d in scope)))
                   for docs in self.per_concept]
        total = sum(weights) or 1.0
        return sum(w for w, docs in zip(weights, self.per_concept, strict=True)
                   if doc in docs) / total

    def complete(self, docs: frozenset[int]) -> bool:
        """Whether some document of ``docs`` has every concept."""
        return not self.concepts or any(self.counts[d] == self.concepts for d in docs)

    def docs_of(self, label: str) -> frozenset[int]:
        """The documents that have the concept ``label``."""
        return dict(zip(self.plan.labels, self.per_concept, strict=False)).get(
            label, frozenset())


def missing(found: Matched, understood: Understood, known: Callable[[str], bool],
            is_name: Callable[[str], bool], documents: int
            ) -> tuple[tuple[str, ...], frozenset[str]]:
    """The things the query names that no document has (the report does not cover
    them), as the reader wrote them, and the labels to match no more: those, and a single
    character next to one that is never a word of its own in the corpus (币 of 比特币
    would otherwise find 人民币). A thing is a name or a noun (``is_name``: 比特币, 法国,
    bitcoin); a word the report merely puts otherwise (累计, 超过) is no missing topic.
    ``known``: whether the corpus has a word as a word; ``documents``: how many there
    are."""
    text = understood.text.lower()
    concepts = [c for c in understood.concepts if c.label in found.plan.labels]
    short = len(concepts) <= SHORT_QUERY
    absent = [c.label for c in concepts if not found.docs_of(c.label) and is_name(c.label)
              # English: a name (Tesla, FSD, AlphaFold), or any word of a short query;
              # in a question a lower-case word is likely a verb (drove, overtake)
              and not (c.label.isascii() and (len(c.label) < 2 or not short and
                                              c.label.islower()))]
    if not absent:
        return (), frozenset()
    # what is missing must be a good part of what was asked (a rare word weighs more): in
    # a long question a word the report puts otherwise (overtake, 小组) is no topic
    weight = {label: math.log(1 + documents / max(1, len(docs)))
              for label, docs in zip(found.plan.labels, found.per_concept, strict=False)}
    share = sum(weight.get(label, 0.0) for label in absent) / (sum(weight.values()) or 1.0)
    if share < MISSING_SHARE:
        return (), frozenset()
    drop = set(absent)
    shown: list[str] = []
    for index, concept in enumerate(concepts):
        label = concept.label
        weak = len(label) == 1 and is_cjk(label) and not known(label)
        if label not in drop and not weak:
            continue
        neighbours = [concepts[i].label for i in (index - 1, index + 1)
                      if 0 <= i < len(concepts)]
        if weak and not any(n in absent and _adjacent(text, n, label) for n in neighbours):
            continue
        drop.add(label)
        last = shown[-1].split("+")[-1] if shown else ""
        # 比特 + 币: one thing, a character jieba split off; 比特币, 挖矿: two
        if shown and weak and _adjacent(text, last, label):
            shown[-1] = f"{shown[-1]}+{label}"
        else:
            shown.append(label)
    joined = tuple("".join(part.split("+")) if is_cjk(part) else " ".join(part.split("+"))
                   for part in shown)
    return joined, frozenset(drop)


MISSING_SHARE = 0.3  # of the query's weight, what is missing must be to be said
SHORT_QUERY = 3  # concepts: every word of a query this short is a topic


def _adjacent(text: str, first: str, second: str) -> bool:
    """Whether ``second`` follows ``first`` in ``text`` (with a space at most between)."""
    at = text.find(first.lower())
    if at < 0:
        return False
    rest = text[at + len(first):]
    return rest.startswith(second.lower()) or rest.startswith(" " + second.lower())


def match(snapshot: Snapshot, understood: Understood, best_effort: bool = True,
          budget: Budget | None = None, elsewhere: frozenset[int] | None = None,
          within: str | None = None) -> Matched:
    """The documents with the minimum share of the concepts; with ``best_effort``, when
    none has it, those with the most of them rather than nothing. A spent ``budget``
    leaves the concepts not yet matched out (the search is then marked incomplete).

    A passage about another place answers another question ("2022 年英国…融资"):
    ``elsewhere`` are the documents about the places beside those the query names (by
    their region: 英国 beside 美国), and passages that don't mention the place are left
    out where others do. ``within``: the one document the results are filtered to, whose
    own words decide where a word needs its bigrams (as when it is indexed alone)."""
    budget = budget or unlimited()
    plan = Planner(snapshot, within).plan(understood)
    if not plan.concepts:
        docs = frozenset(range(len(snapshot.records)))
        if plan.excluded is not None:
            docs = docs - snapshot.matching(plan.excluded)
        return Matched(plan, docs, Counter(), 0)
    per_concept: list[frozenset[int]] = []
    for query in plan.concepts:
        if per_concept and not budget.allows(terms_of(query)):
            plan.concepts = plan.concepts[:len(per_concept)]
            plan.required = [i for i in plan.required if i < len(per_concept)]
            plan.places = [i for i in plan.places if i < len(per_concept)]
            plan.labels = plan.labels[:len(per_concept)]
            break
        per_concept.append(snapshot.matching(query))
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
    if elsewhere and len(per_concept) > 1:
        matched = (matched - elsewhere) or matched
    if plan.places and len(plan.places) < len(per_concept):
        # a passage that mentions one of the places named (either side of "A 和 B")
        there = matched.intersection(frozenset().union(*(per_concept[i]
                                                         for i in plan.places)))
        matched = there or matched
    if plan.excluded is not None and matched:
        matched -= snapshot.matching(plan.excluded)
    return Matched(plan, matched, counts, len(per_concept), per_concept)
