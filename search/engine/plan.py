"""A query plan: what to match and how much each part counts, as plain values.

The query layer describes a reader's query with these nodes; the engine matches and
scores them (``Snapshot.matching``, ``score``, ``rescore``). They are the engine's whole
query vocabulary, so a second engine implements exactly these:

- ``Term``: a term in a field, scored BM25F (the field's boost times ``boost``).
- ``Phrase``: terms at consecutive positions of a field (an exact substring, for bigram
  fields); scored by the engine's phrase scoring.
- ``Near``: terms within ``slop`` positions of each other, in any order.
- ``AllOf``: every part; scores add up.
- ``AnyOf``: any part; the parts present add up.
- ``BestOf``: any part; a document scores by the best part it has (a word and its
  synonym, a word and its bigrams, are never counted twice).
- ``WithBonus``: the documents of ``required``, scored by it plus ``bonus`` where the bonus
  matches too (a bonus never adds a document).

Document numbers are positions in the snapshot's ``records``.

A second engine — tantivy in process, or OpenSearch for a corpus past one machine —
would implement: building from records (``writer``), opening a build (``snapshot``),
matching a plan to the set of documents it matches, scoring candidates by BM25F over
postings (``scorer``), rescoring a few with phrase and proximity, stored records, term
statistics (document frequency, a field's terms with their frequencies, terms by
prefix) and more-like-this. Nothing else of the engine reaches the layers above.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    terms: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Near:
    field: str
    terms: tuple[str, ...]
    slop: int
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class BestOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class WithBonus:
    required: Node
    bonus: Node


Node = Term | Phrase | Near | AllOf | AnyOf | BestOf | WithBonus


def terms_of(node: Node) -> int:
    """How many terms a plan names (what matching it costs, roughly)."""
    if isinstance(node, Term):
        return 1
    if isinstance(node, Phrase | Near):
        return len(node.terms)
    if isinstance(node, WithBonus):
        return terms_of(node.required) + terms_of(node.bonus)
    return sum(terms_of(part) for part in node.parts)
