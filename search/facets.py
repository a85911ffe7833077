"""Facets and filters: which documents carry which kind, chapter, region, year and
report, counted over a set of matches. Values of one facet are OR'ed, facets are AND'ed,
and each facet's counts honour the other facets' selections."""

from __future__ import annotations

from dataclasses import dataclass

from search.index import Snapshot
from search.records import KINDS, Record

FACETS = ("kind", "chapter", "region", "year")
FILTERS = (*FACETS, "report")  # several reports side by side: narrow to some of them
CHAPTER_ORDER = ("front", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "back")


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


def facet_values(record: Record, facet: str) -> tuple[str, ...]:
    if facet == "region":
        return record.regions
    value = getattr(record, facet)
    return (value,) if value else ()


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


def doc_sets(snapshot: Snapshot) -> DocSets:
    cached = snapshot.derived.get("doc_sets")
    if cached is None:
        records = snapshot.records
        values: dict[str, dict[str, set[int]]] = {f: {} for f in FILTERS}
        for docnum, record in enumerate(records):
            for facet in FILTERS:
                for value in facet_values(record, facet):
                    values[facet].setdefault(value, set()).add(docnum)
        numbers = range(len(records))
        cached = snapshot.derived["doc_sets"] = DocSets(
            values={f: {v: frozenset(d) for v, d in by_value.items()}
                    for f, by_value in values.items()},
            everything=frozenset(numbers),
            by_order=tuple(sorted(numbers, key=lambda d: (records[d].report, records[d].order))),
            by_date=tuple(sorted(numbers, key=lambda d: _date_key(records[d]))),
        )
    return cached


def known_values(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Every value each filter accepts (every kind, even one the corpus lacks)."""
    known = snapshot.derived.get("known_values")
    if known is None:
        known = {facet: frozenset(values) for facet, values in doc_sets(snapshot).values.items()}
        known["kind"] |= frozenset(KINDS)
        snapshot.derived["known_values"] = known
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
        others = [docs for name, docs in restrictions.items() if name != facet]
        base = matched.intersection(*others) if others else matched
        counts = {value: len(base & docs) for value, docs in sets.values[facet].items()}
        chosen = filters.of(facet)
        out[facet] = tuple(
            FacetValue(value, count, value in chosen)
            for value, count in sorted(counts.items(), key=_facet_order(facet))
            if count or value in chosen
        )
    return out


def _facet_order(facet: str):
    if facet == "kind":
        return lambda item: KINDS.index(item[0]) if item[0] in KINDS else len(KINDS)
    if facet == "chapter":
        return lambda item: (CHAPTER_ORDER.index(item[0]) if item[0] in CHAPTER_ORDER
                             else len(CHAPTER_ORDER), item[0])
    if facet == "year":
        return lambda item: "".join(chr(0x10FFFF - ord(c)) for c in item[0])  # newest first
    return lambda item: (-item[1], item[0])
