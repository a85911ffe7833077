"""What a search returns: its hits — titles and snippets marked, in the reader's language
or the one that matched — and the results page as plain values."""

from __future__ import annotations

import math
from dataclasses import dataclass

from search.document.model import paragraph_id
from search.engine.plan import AnyOf, Term
from search.engine.records import SECTION_KINDS, Record
from search.engine.snapshot import Snapshot
from search.query.answers import answering_sentence
from search.query.facets import FacetValue, Filters
from search.query.goto import GoTo
from search.query.highlight import (
    Highlight,
    candidate_spans,
    choose_window,
    english_candidates,
    english_sentences,
    english_snippet,
    english_spans,
    find_spans,
    mark_english,
    render,
    sentences,
    snippet,
)
from search.query.highlight import mark as mark_text


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
    snippet_en: str = ""  # for a Chinese reader, the English line an English query
    # matched (escaped, marked), shown beneath the Chinese snippet

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
    filters: Filters  # the reader's (what the query asked for is in ``understood``)
    sort: str
    highlight: Highlight
    milliseconds: float
    words: tuple[str, ...] = ()  # the words that counted (function words left out)
    correction: str = ""  # "did you mean …", when the query as typed found little
    corrected: str = ""  # the query was corrected to this: it found nothing as typed
    goto: GoTo | None = None  # the units the query named, pinned first
    incomplete: bool = False  # the search ran out of its budget: the best found by then
    missing: tuple[str, ...] = ()  # what the query names that no document has
    answer: Answer | None = None  # the sentence with the figure a question asks for
    understood: tuple[Applied, ...] = ()  # the properties it asked for, as applied
    comparison: tuple[str, str] | None = None  # the two sides compared

    @property
    def most_words(self) -> bool:
        """Whether the results, lacking some of the query's words, have most of them
        (the page says so); not when what they lack is what the report never mentions."""
        return self.fallback and len(self.missing) * 2 < max(1, len(self.words))

    @property
    def partial(self) -> bool:
        return self.fallback

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class Answer:
    """The first result's sentence that answers a question with a figure."""

    hit: Hit
    sentence_html: str  # escaped, the query's words marked, the figure in <strong>
    figure: str  # "8.2 万件"
    paragraph: str  # its paragraph's anchor (p-3.2.1.4-1), "" when it has none
    language: str  # of the sentence


def answer_of(snapshot: Snapshot, hit: Hit, highlight: Highlight, english: bool,
              words: int = 2) -> Answer | None:
    """The answer card of a question whose answer is a figure: the sentence of the first
    result that has ``words`` of the query's words, names the year asked about and holds
    the figure in the unit asked for — none when no sentence does (no card when
    unsure)."""
    asked, record = highlight.asked, hit.record
    if asked is None or record.kind not in SECTION_KINDS:
        return None
    if english and record.text_en:
        text, split, language = record.text_en, english_sentences, "en"

        def found(sentence: str) -> bool:
            return len({sentence[a:b].lower() for a, b in english_spans(sentence, highlight)
                        }) >= words
    else:
        text, split, language = record.text, sentences, "zh"

        def found(sentence: str) -> bool:
            return len({sentence[a:b] for a, b in find_spans(snapshot.analyzer, sentence,
                                                             highlight)}) >= words
    # the sentence the snippet shows (the same choice), if it answers
    candidates = english_candidates(text, highlight) if language == "en" else \
        candidate_spans(text, highlight)
    window = choose_window(text, candidates, 0, None if language == "en" else
                           highlight.weights, split, highlight.asks_number, asked)
    chosen = next(((a, b) for a, b in split(text) if a <= window[0] < b), None)
    if chosen is None:
        return None
    located = answering_sentence(text[chosen[0]:chosen[1]], asked, found,
                                 lambda whole: [(0, len(whole))])
    if located is None:
        return None
    start, end, (figure_start, figure_end) = located
    start, end = start + chosen[0], end + chosen[0]
    sentence = text[start:end]
    marks = english_spans(sentence, highlight) if language == "en" else \
        find_spans(snapshot.analyzer, sentence, highlight)
    html = render(sentence, [m for m in marks if m[1] <= figure_start or m[0] >= figure_end],
                  emphasis=[(figure_start, figure_end)])
    return Answer(hit, html, sentence[figure_start:figure_end],
                  _paragraph(record, text[:start].count("\n"), language), language)


def _paragraph(record: Record, line: int, language: str) -> str:
    """The anchor of the paragraph on ``line`` of the unit's searched text (its
    paragraphs first, one a line; then its footnotes)."""
    if language == "en":
        keys = [k for k in record.english if k.startswith(("p-", "fn-"))]
        key = keys[line] if line < len(keys) else ""
        return key if key.startswith("p-") else ""
    paragraphs = sum(1 for b in record.data.get("blocks", ()) if b.get("type") == "paragraph")
    return paragraph_id(record.id, line + 1) if line < paragraphs else ""


@dataclass(frozen=True)
class Applied:
    """A property the query asked for, as the search applied it: a facet filter, or a
    tier of results ranked first."""

    facet: str  # kind, region, year, report
    values: tuple[str, ...]
    label: str  # as the reader wrote it
    filter: bool  # a filter (else the tier ranked first)


def make_hit(snapshot: Snapshot, record: Record, highlight: Highlight,
             english_found: frozenset[int], score: float | None, pinned: bool,
             reader_english: bool = False) -> Hit:
    """A result in the reader's language: for an English reader, the English edition
    wherever it has the unit; for a Chinese one the Chinese text, always — with, when an
    English query found it in the English edition (``english_found``: those documents),
    the English line it matched beneath. Marked either way."""
    analyzer = snapshot.analyzer
    if reader_english and record.title_en:
        crumbs = tuple(snapshot.english_title(record.report, crumb_id) or title
                       for crumb_id, title in record.breadcrumbs)
        return Hit(record, mark_english(record.title_en, highlight),
                   english_snippet(_english_text(snapshot, record), highlight), score,
                   pinned, "en", "en", crumbs)
    english_line = ""
    if record.title_en and snapshot.by_key[record.key] in english_found:
        english_line = english_snippet(_english_text(snapshot, record), highlight)
    return Hit(record, mark_text(analyzer, record.title, highlight),
               _snippet(snapshot, record, highlight), score, pinned, "zh",
               snippet_en=english_line)


def _english_text(snapshot: Snapshot, record: Record) -> str:
    return record.text_en or " · ".join(
        snapshot.english_title(record.report, child) or child
        for child in _child_ids(snapshot, record))


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
