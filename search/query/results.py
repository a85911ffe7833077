"""What a search returns: its hits — titles and snippets marked, in the reader's language
or the one that matched — and the results page as plain values."""

from __future__ import annotations

import math
from dataclasses import dataclass

from search.engine.plan import AnyOf, Term
from search.engine.records import Record
from search.engine.snapshot import Snapshot
from search.query.facets import FacetValue, Filters
from search.query.goto import GoTo
from search.query.highlight import Highlight, english_snippet, mark_english, snippet
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
