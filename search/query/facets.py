"""Facets and filters: the one list of facets (kind, chapter, region, year, report), which
documents carry which value, and counts over a set of matches. Values of one facet are
OR'ed, facets are AND'ed, and each facet's counts honour the other facets' selections.

Adding a facet is one ``Facet`` in ``FACETS`` (its values and order), its heading and value
labels in ``search.web.labels``, and its template markup, if any: the form, the API, the
``search`` command and the page all read this list. No Django here: what the interface
calls a facet and its values is the web layer's business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from search.engine.records import KINDS, Record

_CHAPTER_ORDER = ("front", *(str(n) for n in range(1, 100)), "back")


def chapter_value(slug: str, chapter: str) -> str:
    """A chapter facet value: ``ai-whitepaper-2023:3`` — chapter 3 of that document only
    (the bare number is every document's chapter 3)."""
    return f"{slug}:{chapter}"


def _chapter_values(record: Record) -> tuple[str, ...]:
    return (chapter_value(record.report, record.chapter),) if record.chapter else ()


def _chapter_order(item: tuple[str, int]) -> Any:
    """Document by document, chapters in reading order."""
    slug, _sep, chapter = item[0].partition(":")
    position = _CHAPTER_ORDER.index(chapter) if chapter in _CHAPTER_ORDER else len(_CHAPTER_ORDER)
    return (slug, position, chapter)


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter and the API's key
    values: Callable[[Record], tuple[str, ...]]  # a document's values
    order: Callable[[tuple[str, int]], Any]  # sort key of (value, count)
    counted: bool = True  # shown with counts (else a filter only)


def _one(attribute: str) -> Callable[[Record], tuple[str, ...]]:
    def values(record: Record) -> tuple[str, ...]:
        value = getattr(record, attribute)
        return (value,) if value else ()

    return values


def _newest_first(value: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in value)


def _by_position(order: tuple[str, ...]) -> Callable[[tuple[str, int]], Any]:
    return lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0])


FACETS: tuple[Facet, ...] = (
    Facet("kind", _one("kind"), _by_position(KINDS)),
    Facet("chapter", _chapter_values, _chapter_order),
    Facet("region", lambda record: record.regions, lambda item: (-item[1], item[0])),
    Facet("year", _one("year"), lambda item: _newest_first(item[0])),
    Facet("report", _one("report"), lambda item: item[0]),
)
BY_NAME = {facet.name: facet for facet in FACETS}
FILTERS = tuple(facet.name for facet in FACETS)  # every facet is a filter parameter
COUNTED = tuple(facet.name for facet in FACETS if facet.counted)


@dataclass(frozen=True)
class Filters:
    """Facet selections: values of one facet are OR'ed, facets are AND'ed."""

    kind: tuple[str, ...] = ()
    chapter: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    report: tuple[str, ...] = ()

    def of(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)

    def __bool__(self) -> bool:
        return any(self.of(f) for f in FILTERS)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class DocSets:
    """The documents of every facet value, and the two browsing orders, per snapshot."""

    values: dict[str, dict[str, frozenset[int]]]  # facet → value → document numbers
    everything: frozenset[int]
    by_order: tuple[int, ...]  # reading order, report by report
    by_date: tuple[int, ...]  # newest policies first, then the rest in reading order

    def selection(self, facet: str, chosen: tuple[str, ...]) -> frozenset[int]:
        docs = self.values[facet]
        return frozenset().union(*(docs.get(value, frozenset()) for value in chosen))


def build_doc_sets(records: list[Record]) -> DocSets:
    """The documents of every facet value, and the browsing orders, of ``records``
    (document numbers are positions in the list)."""
    values: dict[str, dict[str, set[int]]] = {f.name: {} for f in FACETS}
    for docnum, record in enumerate(records):
        for facet in FACETS:
            for value in facet.values(record):
                values[facet.name].setdefault(value, set()).add(docnum)
    numbers = range(len(records))
    return DocSets(
        values={f: {v: frozenset(d) for v, d in by_value.items()}
                for f, by_value in values.items()},
        everything=frozenset(numbers),
        by_order=tuple(sorted(numbers, key=lambda d: (records[d].report, records[d].order))),
        by_date=tuple(sorted(numbers, key=lambda d: _date_key(records[d]))),
    )


def accepted_values(sets: DocSets) -> dict[str, frozenset[str]]:
    """Every value each filter accepts (every kind, even one the corpus lacks)."""
    known = {facet: frozenset(values) for facet, values in sets.values.items()}
    known["kind"] |= frozenset(KINDS)
    return known


def _date_key(record: Record) -> tuple:
    """Newest policies first, then everything undated in document order."""
    if record.date:
        return (0, -int(record.date.replace(".", "")), record.report, record.order)
    return (1, 0, record.report, record.order)


def count_facets(sets: DocSets, matched: frozenset[int], filters: Filters,
                 restrictions: dict[str, frozenset[int]]) -> dict[str, tuple[FacetValue, ...]]:
    """Counts per facet value over the matched documents, each facet's counts honouring
    the *other* facets' selections (so a selected value never hides its siblings)."""
    out: dict[str, tuple[FacetValue, ...]] = {}
    for facet in FACETS:
        if not facet.counted:
            continue
        others = [docs for name, docs in restrictions.items() if name != facet.name]
        base = matched.intersection(*others) if others else matched
        counts = {value: len(base & docs) for value, docs in sets.values[facet.name].items()}
        chosen = filters.of(facet.name)
        out[facet.name] = tuple(
            FacetValue(value, count, value in chosen)
            for value, count in sorted(counts.items(), key=facet.order)
            if count or value in chosen
        )
    return out
