"""Every weight of ranking, in one place: the BM25F settings, how much each field counts,
the bonuses for phrases and proximity, how much each way of writing a concept counts, and
how partial matches are ordered. Tuned on the whole report (the judged queries measure
them; they never name a query). The engine reads the BM25F settings; the query layer
builds its plans with the rest."""

from __future__ import annotations

from whoosh.scoring import BM25F

# --------------------------------------------------------------------------- BM25F

# Length normalisation (B) and term-frequency saturation (K1); short fields (headings,
# breadcrumbs) are barely length-normalised
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

# --------------------------------------------------------------------------- bonuses

PHRASE_BONUS = 1.5  # the whole typed chunk (or the whole query) appearing verbatim
PROXIMITY_BONUS = 1.0  # the typed words near one another, in any order
PROXIMITY_SLOP = 5  # …within this many words
PROXIMITY_WORDS = (2, 6)  # the proximity bonus for queries of this many words (fewer
# is no proximity, more makes the span query costly)
CHUNKS_BONUSED = 3  # typed runs of words that get the phrase bonus (the first ones)

# --------------------------------------------------------------------------- forms

# A concept's forms, relative to the word as typed (1.0): an expansion always counts
# less than what the reader wrote.
VARIANT_WEIGHT = 1.0  # Taiwan vocabulary, numerals: the same word written otherwise
DOMAIN_SYNONYM_WEIGHT = 0.8  # a synonym from the report's own list
GENERAL_SYNONYM_WEIGHT = 0.4  # one from the general thesaurus (词林): broader, so weaker
GLOSSARY_WEIGHT = 0.6  # an English word's Chinese equivalent
SUBWORD_WEIGHT = 0.5  # a known word inside a word the index has never seen
PREFIX_WEIGHT = 0.5  # a word completing the half-typed last word
CORRECTION_WEIGHT = 0.9  # a homophone or pinyin reading

# --------------------------------------------------------------------------- partial matches

# How many of a query's concepts a result must have: all of 1–2, all but one of 3–4,
# this share above (as Elasticsearch's minimum_should_match)
MINIMUM_SHARE = 0.7
# Partial matches rank by score × coverage ** COVERAGE_POWER (coverage: the share of the
# query's concepts a result has, rare ones weighing more): most of the query before a
# few of its common words
COVERAGE_POWER = 2
RESCORE = 50  # the best this many by plain score are rescored with the bonuses
