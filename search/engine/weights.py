"""How much each kind of match counts: the BM25F settings and the weights the query
builder gives fields, phrases, expansions and proximity. Tuned on the whole report (the
judged queries measure them; they never name a query)."""

from __future__ import annotations

from whoosh.scoring import BM25F

# BM25F; short fields (headings, breadcrumbs) are barely length-normalised
WEIGHTING = BM25F(B=0.75, K1=1.2, title_B=0.3, title_grams_B=0.3, breadcrumbs_B=0.3)

# How much a match counts in each field, relative to the body's jieba words.
BOOST = {
    "body": 1.0,
    "title": 3.0,  # a section whose heading matches outranks passing mentions
    "breadcrumbs": 0.7,  # …and its subsections come next
    "grams": 0.4,  # exact substrings where jieba glued words: recall, not rank
    "title_grams": 1.2,
    "body_en": 1.0,  # the English edition: an English word matched in English
    "title_en": 3.0,
}
PHRASE_BONUS = 1.5  # the whole typed chunk (or the whole query) appearing verbatim
EXPANSION_WEIGHT = 0.6  # a glossary equivalent counts less than the words actually typed
PROXIMITY_BONUS = 1.0  # the typed words near one another, in any order
PROXIMITY_SLOP = 5  # …within this many words
