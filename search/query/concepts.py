"""What understanding makes of a query: concepts — the things asked for — each with the
forms it may take in a document and how much each counts."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
class Understood:
    text: str  # the cleaned query
    concepts: tuple[Concept, ...]  # each counts toward the minimum share
    excluded: tuple[Concept, ...]
    chunks: tuple[str, ...]  # typed runs of two or more words: a bonus when verbatim
    correction: str = ""  # the query with typos corrected, when there were any
    corrections: tuple[Concept, ...] = ()  # the concepts of that reading
    stop_only: bool = False  # nothing but function words: they were searched anyway
    asks_number: bool = False  # 多少, 几, how many: the answer is a number

    @property
    def expanded(self) -> tuple[str, ...]:
        """Every term added to what was typed (the API's ``expanded``)."""
        return tuple(dict.fromkeys(f.text for c in self.concepts for f in c.expansions))

    def corrected(self) -> Understood:
        """The reading with the corrections in place of the typed words."""
        return replace(self, concepts=self.corrections, corrections=(), correction="")
