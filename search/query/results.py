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
    filters: Filters
    sort: str
    highlight: Highlight
    milliseconds: float
    words: tuple[str, ...] = ()  # the words that counted (function words left out)
    correction: str = ""  # "did you mean …", when the query as typed found little
    corrected: str = ""  # the query was corrected to this: it found nothing as typed
    goto: GoTo | None = None  # the units the query named, pinned first
    incomplete: bool = False  # the search ran out of its budget: the best found by then
    missing: tuple[str, ...] = ()  # what the query names that no document has
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
