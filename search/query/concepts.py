"""What understanding makes of a query: concepts — the things asked for — each with the
forms it may take in a document and how much each counts."""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.query.answers import Asked

MAX_CONCEPTS = 12  # concepts searched, after analysis: the rest of a long query is dropped
MAX_FORMS = 6  # forms of one concept (the typed word and five expansions at most)


@dataclass(frozen=True)
class Form:
    """One way a concept may appear in a document."""

    text: str  # normalised; for a phrase, its words as written
    weight: float = 1.0
    how: str = "typed"  # typed, variant, synonym, glossary, subword, prefix, correction
    phrase: bool = False  # must appear verbatim (through the bigram field)
    whole: bool = False  # several words that must all match (an OR alternative)


@dataclass(frozen=True)
class Concept:
    """One thing the reader asked for."""

    label: str  # as the reader typed it
    forms: tuple[Form, ...]
    required: bool = False
    place: bool = False  # a place (英国, 京津冀): results elsewhere answer another question

    @property
    def expansions(self) -> tuple[Form, ...]:
        return tuple(f for f in self.forms if f.how not in ("typed", "prefix"))


@dataclass(frozen=True)
class Intent:
    """A property the query names, as facet values it selects."""

    facet: str  # kind, region, year, report
    values: tuple[str, ...]  # the facet values selected (any of them)
    label: str  # as the reader wrote it: 上海, 2022年, 政策
    words: tuple[str, ...] = ()  # the query's words it stands for (matched no more
    # once the intent is applied as a filter)


@dataclass(frozen=True)
class Comparison:
    """"A 和 B 对比": the two sides, each a concept of the query."""

    sides: tuple[str, str]  # concept labels


@dataclass(frozen=True)
class Understood:
    text: str  # the cleaned query
    concepts: tuple[Concept, ...]  # each counts toward the minimum share
    excluded: tuple[Concept, ...]
    chunks: tuple[str, ...]  # typed runs of two or more words: a bonus when verbatim
    correction: str = ""  # the query with typos corrected, when there were any
    corrections: tuple[Concept, ...] = ()  # the concepts of that reading
    stop_only: bool = False  # nothing but function words: they were searched anyway
    asks_number: bool = False  # 多少, 几, how many: the answer is a number
    units: tuple[str, ...] = ()  # …counted in these (多少家: 家; how many deals: deal)
    asked: Asked | None = None  # …and whether a total or one year's figure
    intents: tuple[Intent, ...] = ()  # places, times, kinds, documents it asks for
    comparison: Comparison | None = None  # "A 和 B 对比": both sides

    def intent(self, facet: str) -> Intent | None:
        return next((i for i in self.intents if i.facet == facet), None)

    def without(self, labels: set[str]) -> Understood:
        """This reading with the concepts ``labels`` names left out (an applied intent
        stands for them)."""
        return replace(self, concepts=tuple(c for c in self.concepts
                                            if c.label not in labels))

    @property
    def expanded(self) -> tuple[str, ...]:
        """Every term added to what was typed (the API's ``expanded``)."""
        return tuple(dict.fromkeys(f.text for c in self.concepts for f in c.expansions))

    def corrected(self) -> Understood:
        """The reading with the corrections in place of the typed words."""
        return replace(self, concepts=self.corrections, corrections=(), correction="")
