"""What understanding a query consults, all from one snapshot of the index (built once per
snapshot: ``prepared``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.language.analysis import TextAnalyzer
from search.language.glossary import Glossary
from search.language.lexicon import Lexicon
from search.language.thesaurus import Thesaurus
from search.query.intent import IntentTables


@dataclass
class Resources:
    """What understanding consults, all from one snapshot of the index."""

    analyzer: TextAnalyzer
    glossary: Glossary
    thesaurus: Thesaurus
    lexicon: Lexicon
    english: Lexicon = field(default_factory=lambda: Lexicon({}))  # English fields' words
    places: frozenset[str] = frozenset()  # place names: regions, cities, countries
    intents: IntentTables = field(default_factory=IntentTables)  # what intents are read from
