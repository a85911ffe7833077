"""What a snapshot's searches consult that depends on the snapshot alone — in one place,
so a reader sees what a build caches and when.

Built when a snapshot is first searched (and at warm-up, before gunicorn forks its
workers), before a search's budget starts counting, so no search pays for it; kept as
long as the snapshot is (a weak dictionary keyed by it). The engine keeps its own caches
(BM25F statistics, posting sets) on the snapshot itself.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from search.engine.records import Record
from search.engine.snapshot import Snapshot
from search.language.analysis import mainland_words
from search.language.lexicon import build_lexicon, syllables
from search.language.thesaurus import Thesaurus, general_thesaurus
from search.query.facets import DocSets, accepted_values, build_doc_sets
from search.query.goto import title_index
from search.query.intent import IntentTables
from search.query.resources import Resources
from search.query.suggestions import Suggestion, candidates


@dataclass(eq=False)
class Prepared:
    snapshot: Snapshot = field(repr=False)
    resources: Resources  # the lexicon (with its pinyin), thesaurus, glossary, places
    titles: dict[str, tuple[tuple[str, str], ...]]  # exact titles → units, for go-to
    doc_sets: DocSets  # facet values' documents, browsing orders
    known_values: dict[str, frozenset[str]]  # what each filter accepts
    # a unit's related sections, found on its page's first request (more-like-this
    # reads every word's postings: ~5 ms a page)
    related: dict[tuple[str, int], tuple[Record, ...]] = field(default_factory=dict)

    @cached_property
    def suggestions_zh(self) -> list[Suggestion]:
        """Suggestions for a Chinese reader: built on the first one asked for."""
        return candidates(self.snapshot, english=False)

    @cached_property
    def suggestions_en(self) -> list[Suggestion]:
        return candidates(self.snapshot, english=True)

    def suggestions(self, english: bool) -> list[Suggestion]:
        return self.suggestions_en if english else self.suggestions_zh


_prepared: weakref.WeakKeyDictionary[Snapshot, Prepared] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def prepared(snapshot: Snapshot) -> Prepared:
    """The snapshot's prepared tables, built on first use."""
    found = _prepared.get(snapshot)
    if found is None:
        with _lock:
            found = _prepared.get(snapshot)
            if found is None:
                found = _prepared[snapshot] = _prepare(snapshot)
    return found


def _prepare(snapshot: Snapshot) -> Prepared:
    snapshot.analyzer.words("人工智能 AI")  # loads jieba and its domain words
    mainland_words("人工智慧")  # loads OpenCC's Taiwan phrases
    lexicon = build_lexicon([snapshot.terms("body"), snapshot.terms("title")],
                            grams=[t for t, _ in snapshot.terms("grams")])
    lexicon.by_pinyin()
    lexicon.with_one_more("人工能")  # its table of words by first character and length
    syllables()
    general_thesaurus()
    english = build_lexicon([snapshot.terms("body_en"), snapshot.terms("title_en")])
    for words in (lexicon, english):  # their sorted Latin words, for completions
        words.completions("ai")
    resources = Resources(
        analyzer=snapshot.analyzer,
        glossary=snapshot.glossary,
        thesaurus=Thesaurus(tuple(tuple(g) for g in snapshot.manifest.get("synonyms", ()))),
        lexicon=lexicon,
        english=english,
        places=snapshot.glossary.places().union(
            *(r.meta.regions for r in snapshot.reports.values())),
        intents=IntentTables.build(
            snapshot.records, snapshot.glossary,
            [(slug, r.meta.title, r.meta.title_en, r.meta.date)
             for slug, r in snapshot.reports.items()], snapshot.reports.values()),
    )
    sets = build_doc_sets(snapshot.records)
    return Prepared(snapshot, resources, title_index(snapshot.reports), sets,
                    accepted_values(sets))
